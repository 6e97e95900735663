/* ls-acl-eval.c: the logical flows of each ACL.
 *
 * This module owns the flows that one ACL makes, on behalf of its owner
 * (ls-acl-data.h), in the switches the ACL applies to:
 *
 *   - in its evaluation stage (ls_in_acl_eval, ls_in_acl_after_lb_eval or
 *     ls_out_acl_eval), at its priority plus 1000: the verdict (allow,
 *     drop, reject, or none for "pass"), preceded by the log() action if
 *     the ACL logs.  On a switch with stateful ACLs or load balancers,
 *     allow ACLs have one flow for new connections and one for known ones
 *     (which also commits the ACL's label again), drop and reject ACLs one
 *     for connections never allowed and one that marks allowed connections
 *     blocked; stateless and pass ACLs have a single flow, as every ACL
 *     has on other switches.  With ACL tiers, flows also match the tier.
 *
 *     Allowed connections are committed with the ACL's label (or its
 *     sampling observation points) and, with
 *     options:persist-established, the ACL's ID (acl-ids.c);
 *
 *   - in its sampling stage (ls_in_acl_sample...), with sample_new and
 *     sample_est, flows that sample what the ACL matched and the later
 *     packets of the connections it allowed;
 *
 *   - in the pre-ACL stage, for "allow-stateless" ACLs on switches that
 *     would otherwise send the traffic to conntrack;
 *
 *   - with options:log-related, flows that log the replies and related
 *     traffic of the connections that a labeled ACL allowed.
 *
 * A port group's ACL applies to several switches: its flows are built once
 * per kind of switch (with or without stateful processing, with or without
 * tiers in the ACL's stage) and added to all switches of that kind. */

#include <config.h>

#include "northd/ls-acl-eval.h"

#include <string.h>

#include "bitmap.h"
#include "lib/ovn-nb-idl.h"
#include "northd/acl-regs.h"
#include "northd/lflow-build.h"
#include "northd/lflow-mgr.h"
#include "northd/ls-acl-data.h"
#include "northd/northd.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/json.h"
#include "smap.h"
#include "util.h"
#include "uuid.h"

/* Where an ACL's flows go: one switch, or a set of them. */
struct acl_target {
    const struct ovn_datapath *od;  /* The switch, or NULL... */
    const unsigned long *dps;       /* ...the switches, by datapath index. */
    size_t n_bits;                  /* Size of 'dps'. */
    struct lflow_ref *ref;          /* On whose behalf. */
};

/* What an ACL's flows depend on in the switches they go to. */
struct acl_variant {
    bool has_stateful;   /* Stateful ACLs or load balancer VIPs. */
    bool tiered;         /* ACL tiers in the ACL's stage. */
};

/* Adds a flow of 'acl' to target 't'. */
static void
acl_flow_add(struct lflow_table *lflows, const struct acl_target *t,
             enum ovn_stage stage, uint16_t priority, const char *match,
             const char *actions, const struct nbrec_acl *acl)
{
    lflow_table_add(lflows, t->od, t->dps, t->n_bits, stage, priority,
                    match, actions, NULL, NULL, NULL, &acl->header_,
                    OVS_SOURCE_LOCATOR, t->ref);
}

/* The logical flow stage of ACL evaluation stage 'es'. */
static enum ovn_stage
acl_eval_lflow_stage(enum acl_eval_stage es)
{
    return (es == ACL_EVAL_IN ? S_SWITCH_IN_ACL_EVAL
            : es == ACL_EVAL_IN_AFTER_LB ? S_SWITCH_IN_ACL_AFTER_LB_EVAL
            : S_SWITCH_OUT_ACL_EVAL);
}

/* Returns the Northbound meter called 'name', or NULL. */
static const struct nbrec_meter *
nb_meter_find(struct ovsdb_idl *nb_idl, const char *name)
{
    const struct nbrec_meter *meter;
    NBREC_METER_FOR_EACH (meter, nb_idl) {
        if (!strcmp(meter->name, name)) {
            return meter;
        }
    }
    return NULL;
}

/* Appends to 'actions' the log() action of 'acl', if it logs.  A "fair"
 * meter is shared by no two ACLs: each gets a copy of its own in the
 * Southbound database, named after the meter and the ACL. */
static void
build_acl_log(struct ds *actions, const struct nbrec_acl *acl,
              struct ovsdb_idl *nb_idl)
{
    if (!acl->log) {
        return;
    }
    ds_put_cstr(actions, "log(");
    if (acl->name) {
        ds_put_cstr(actions, "name=");
        json_string_escape(acl->name, actions);
        ds_put_cstr(actions, ", ");
    }
    ds_put_format(actions, "severity=%s, ",
                  acl->severity ? acl->severity : "info");
    if (!strcmp(acl->action, "drop")) {
        ds_put_cstr(actions, "verdict=drop, ");
    } else if (!strcmp(acl->action, "reject")) {
        ds_put_cstr(actions, "verdict=reject, ");
    } else if (strcmp(acl->action, "pass")) {
        ds_put_cstr(actions, "verdict=allow, ");
    }
    if (acl->meter) {
        const struct nbrec_meter *meter = nb_meter_find(nb_idl, acl->meter);
        ds_put_cstr(actions, "meter=");
        if (meter && meter->fair && *meter->fair) {
            char *name = xasprintf("%s__"UUID_FMT, acl->meter,
                                   UUID_ARGS(&acl->header_.uuid));
            json_string_escape(name, actions);
            free(name);
        } else {
            json_string_escape(acl->meter, actions);
        }
        ds_put_cstr(actions, ", ");
    }
    ds_chomp(actions, ' ');
    ds_chomp(actions, ',');
    ds_put_cstr(actions, "); ");
}

/* The ID of the collector that 'sample' reports to, or 0. */
static uint8_t
sample_collector_id(const struct nbrec_sample *sample)
{
    return (sample && sample->n_collectors
            ? sample->collectors[0]->id : 0);
}

/* Appends to 'actions' what commits the label of 'acl' (or its sampling
 * observation points) with the connection, if it has one, for ACL stage
 * 'es'. */
static void
build_acl_label_action(struct ds *actions, const struct nbrec_acl *acl,
                       enum acl_eval_stage es)
{
    const struct nbrec_sample *new = acl->sample_new;
    const struct nbrec_sample *est = acl->sample_est;
    if (!acl->label && !new && !est) {
        return;
    }
    ds_put_format(actions, REGBIT_ACL_OBS_LABEL " = 1; "
                  REG_OBS_POINT_ID_NEW " = %"PRId64"; "
                  REG_OBS_POINT_ID_EST " = %"PRId64"; "
                  REG_OBS_COLLECTOR_ID_NEW " = %d; "
                  REG_OBS_COLLECTOR_ID_EST " = %d; "
                  REG_OBS_STAGE " = %d; ",
                  new ? new->metadata : acl->label,
                  est ? est->metadata : acl->label,
                  sample_collector_id(new), sample_collector_id(est),
                  (int) es);
}

/* Appends to 'actions' what commits the connection as persistent, with ACL
 * ID 'id', if nonzero. */
static void
build_acl_persist_action(struct ds *actions, int64_t id)
{
    if (id) {
        ds_put_format(actions, REGBIT_ACL_PERSIST_ID " = 1; "
                      REG_ACL_ID " = %"PRId64"; ", id);
    }
}

/* Adds the flows of 'acl' in its evaluation stage for switches of kind
 * 'v' to 't'. */
static void
build_acl_eval_flows(const struct nbrec_acl *acl,
                     const struct acl_variant *v,
                     const struct lflow_build_input *input,
                     const struct acl_target *t, struct lflow_table *lflows)
{
    enum acl_eval_stage es = acl_get_eval_stage(acl);
    enum ovn_stage stage = acl_eval_lflow_stage(es);
    uint16_t priority = acl->priority + OVN_ACL_PRI_OFFSET;
    bool is_allow = (!strcmp(acl->action, "allow")
                     || !strcmp(acl->action, "allow-related"));
    bool is_drop = (!strcmp(acl->action, "drop")
                    || !strcmp(acl->action, "reject"));
    int64_t persist_id = acl_ids_find(&input->ls_acls->ids, acl);
    struct ds match = DS_EMPTY_INITIALIZER;
    struct ds actions = DS_EMPTY_INITIALIZER;

    /* Every flow logs, then gives the verdict. */
    build_acl_log(&actions, acl, input->nb_idl);
    if (!strcmp(acl->action, "drop")) {
        ds_put_cstr(&actions, REGBIT_ACL_VERDICT_DROP " = 1; ");
    } else if (!strcmp(acl->action, "reject")) {
        ds_put_cstr(&actions, REGBIT_ACL_VERDICT_REJECT " = 1; ");
    } else if (strcmp(acl->action, "pass")) {
        ds_put_cstr(&actions, REGBIT_ACL_VERDICT_ALLOW " = 1; ");
    }
    size_t verdict_len = actions.length;

    /* With tiers, an ACL only counts in its own tier. */
    if (v->tiered) {
        ds_put_format(&match, REG_ACL_TIER " == %"PRId64" && ", acl->tier);
    }
    size_t tier_len = match.length;

    if (!v->has_stateful || (!is_allow && !is_drop)) {
        /* Stateless processing, "pass" and "allow-stateless": no
         * connection to commit a label with, but sampling works. */
        ds_put_format(&match, "(%s)", acl->match);
        if (acl->sample_new) {
            build_acl_label_action(&actions, acl, es);
        }
        ds_put_cstr(&actions, "next;");
        acl_flow_add(lflows, t, stage, priority, ds_cstr(&match),
                     ds_cstr(&actions), acl);
    } else if (is_allow) {
        /* New connections: the hint already asks for a commit. */
        ds_put_format(&match, REGBIT_ACL_HINT_ALLOW_NEW " == 1 && (%s)",
                      acl->match);
        build_acl_persist_action(&actions, persist_id);
        build_acl_label_action(&actions, acl, es);
        ds_put_cstr(&actions, "next;");
        acl_flow_add(lflows, t, stage, priority, ds_cstr(&match),
                     ds_cstr(&actions), acl);

        /* Known connections: commit again if there is a label to
         * update. */
        ds_truncate(&match, tier_len);
        ds_truncate(&actions, verdict_len);
        ds_put_format(&match, REGBIT_ACL_HINT_ALLOW " == 1 && (%s)",
                      acl->match);
        if (acl->label || acl->sample_new || acl->sample_est || persist_id) {
            ds_put_cstr(&actions, REGBIT_CONNTRACK_COMMIT " = 1; ");
        }
        build_acl_persist_action(&actions, persist_id);
        build_acl_label_action(&actions, acl, es);
        ds_put_cstr(&actions, "next;");
        acl_flow_add(lflows, t, stage, priority, ds_cstr(&match),
                     ds_cstr(&actions), acl);
    } else {
        /* Connections that were never allowed. */
        ds_put_format(&match, REGBIT_ACL_HINT_DROP " == 1 && (%s)",
                      acl->match);
        if (acl->sample_new || acl->sample_est) {
            build_acl_label_action(&actions, acl, es);
        }
        ds_put_cstr(&actions, "next;");
        acl_flow_add(lflows, t, stage, priority, ds_cstr(&match),
                     ds_cstr(&actions), acl);

        /* Allowed connections that a policy change now drops: mark them
         * blocked right away, since the packet will not reach the
         * stateful stage. */
        ds_truncate(&match, tier_len);
        ds_truncate(&actions, verdict_len);
        ds_put_format(&match, REGBIT_ACL_HINT_BLOCK " == 1 && (%s)",
                      acl->match);
        ds_put_format(&actions, "ct_commit { ct_mark.blocked = 1; "
                      "ct_label.obs_point_id = %"PRId64"; }; next;",
                      acl->sample_est ? acl->sample_est->metadata : 0);
        acl_flow_add(lflows, t, stage, priority, ds_cstr(&match),
                     ds_cstr(&actions), acl);
    }

    ds_destroy(&match);
    ds_destroy(&actions);
}

/* Returns the ID of the sampling application of type 'type', or 0. */
static int64_t
sampling_app_id(struct ovsdb_idl *nb_idl, const char *type)
{
    const struct nbrec_sampling_app *app;
    NBREC_SAMPLING_APP_FOR_EACH (app, nb_idl) {
        if (!strcmp(app->type, type)) {
            return app->id;
        }
    }
    return 0;
}

/* The sampling stage that follows ACL evaluation stage 'es'. */
static enum ovn_stage
acl_sample_lflow_stage(enum acl_eval_stage es)
{
    return (es == ACL_EVAL_IN ? S_SWITCH_IN_ACL_SAMPLE
            : es == ACL_EVAL_IN_AFTER_LB ? S_SWITCH_IN_ACL_AFTER_LB_SAMPLE
            : S_SWITCH_OUT_ACL_SAMPLE);
}

/* Appends to 'actions' the sample() action that reports to 'collector'
 * observation point 'point' of sampling application 'app_id'. */
static void
put_sample_action(struct ds *actions,
                  const struct nbrec_sample_collector *collector,
                  int64_t app_id, int64_t point)
{
    ds_put_format(actions, "sample(probability=%"PRId64","
                  "collector_set=%"PRId64",obs_domain=%"PRId64","
                  "obs_point=%"PRId64"); next;",
                  collector->probability, collector->set_id, app_id, point);
}

/* Adds the flows that sample the traffic of 'acl' for switches of kind
 * 'v' to 't': the packets that it matched (which its evaluation flows
 * marked with the observation registers) and, on stateful switches, the
 * later packets of the connections it allowed (which carry the same marks
 * in conntrack). */
static void
build_acl_sample_flows(const struct nbrec_acl *acl,
                       const struct acl_variant *v,
                       const struct lflow_build_input *input,
                       const struct acl_target *t,
                       struct lflow_table *lflows)
{
    const struct nbrec_sample *new = acl->sample_new;
    const struct nbrec_sample *est = acl->sample_est;
    enum acl_eval_stage es = acl_get_eval_stage(acl);
    enum ovn_stage stage = acl_sample_lflow_stage(es);
    struct ds match = DS_EMPTY_INITIALIZER;
    struct ds actions = DS_EMPTY_INITIALIZER;

    if (new && new->n_collectors) {
        const struct nbrec_sample_collector *c = new->collectors[0];
        ds_put_format(&match, REGBIT_ACL_OBS_LABEL " == 1 && "
                      REG_OBS_STAGE " == %d && "
                      REG_OBS_POINT_ID_NEW " == %"PRId64" && "
                      REG_OBS_COLLECTOR_ID_NEW " == %"PRId64"%s",
                      (int) es, new->metadata, c->id,
                      v->has_stateful ? " && ct.new" : "");
        put_sample_action(&actions, c,
                          sampling_app_id(input->nb_idl, "acl-new"),
                          new->metadata);
        acl_flow_add(lflows, t, stage, 1000, ds_cstr(&match),
                     ds_cstr(&actions), acl);
    }

    bool is_allow = (!strcmp(acl->action, "allow")
                     || !strcmp(acl->action, "allow-related"));
    if (est && est->n_collectors && v->has_stateful && is_allow) {
        const struct nbrec_sample_collector *c = est->collectors[0];
        ds_clear(&match);
        ds_put_format(&match, "ct.trk && (ct.est || ct.rel) && "
                      "ct_mark.obs_stage == %d && "
                      "ct_mark.obs_collector_id == %"PRId64" && "
                      "ct_label.obs_point_id == %"PRId64,
                      (int) es, c->id, est->metadata);
        ds_clear(&actions);
        put_sample_action(&actions, c,
                          sampling_app_id(input->nb_idl, "acl-est"),
                          est->metadata);
        acl_flow_add(lflows, t, stage, 1000, ds_cstr(&match),
                     ds_cstr(&actions), acl);
    }

    ds_destroy(&match);
    ds_destroy(&actions);
}

/* With stateful processing, "allow-stateless" traffic must stay away from
 * conntrack: the pre-ACL stage flags it. */
static void
build_acl_stateless_filter(const struct nbrec_acl *acl,
                           const struct acl_target *t,
                           struct lflow_table *lflows)
{
    enum ovn_stage stage = (!strcmp(acl->direction, "from-lport")
                            ? S_SWITCH_IN_PRE_ACL : S_SWITCH_OUT_PRE_ACL);
    acl_flow_add(lflows, t, stage, acl->priority + OVN_ACL_PRI_OFFSET,
                 acl->match, REGBIT_ACL_STATELESS " = 1; next;", acl);
}

/* With options:log-related, the replies and related traffic of the
 * connections that labeled, logging allow-related ACL 'acl' allowed are
 * logged too.  They are recognized by the label, which the connection
 * carries. */
static void
build_acl_log_related_flows(const struct nbrec_acl *acl,
                            const struct lflow_build_input *input,
                            const struct acl_target *t,
                            struct lflow_table *lflows)
{
    if (!acl->log || !acl->label || strcmp(acl->action, "allow-related")
        || !smap_get_bool(&acl->options, "log-related", false)) {
        return;
    }
    /* Replies travel the other way: an ingress ACL's connection sends its
     * replies through the egress pipeline, and the other way around. */
    enum ovn_stage stage = (!strcmp(acl->direction, "from-lport")
                            ? S_SWITCH_OUT_ACL_EVAL : S_SWITCH_IN_ACL_EVAL);
    struct ds match = DS_EMPTY_INITIALIZER;
    struct ds actions = DS_EMPTY_INITIALIZER;

    build_acl_log(&actions, acl, input->nb_idl);
    ds_put_cstr(&actions, REGBIT_ACL_VERDICT_ALLOW " = 1; next;");

    ds_put_format(&match, "ct.est && !ct.rel && ct.rpl && "
                  "ct_mark.blocked == 0 && ct_label.label == %"PRId64,
                  acl->label);
    acl_flow_add(lflows, t, stage, UINT16_MAX - 2, ds_cstr(&match),
                 ds_cstr(&actions), acl);

    ds_clear(&match);
    ds_put_format(&match, "!ct.est && ct.rel && !ct.new && "
                  "ct_mark.blocked == 0 && ct_label.label == %"PRId64,
                  acl->label);
    acl_flow_add(lflows, t, stage, UINT16_MAX - 2, ds_cstr(&match),
                 ds_cstr(&actions), acl);

    ds_destroy(&match);
    ds_destroy(&actions);
}

/* Adds every flow of 'acl' for switches of kind 'v' to 't'. */
static void
build_acl_flows(const struct nbrec_acl *acl, const struct acl_variant *v,
                const struct lflow_build_input *input,
                const struct acl_target *t, struct lflow_table *lflows)
{
    build_acl_eval_flows(acl, v, input, t, lflows);
    build_acl_sample_flows(acl, v, input, t, lflows);
    if (v->has_stateful) {
        if (!strcmp(acl->action, "allow-stateless")) {
            build_acl_stateless_filter(acl, t, lflows);
        }
        build_acl_log_related_flows(acl, input, t, lflows);
    }
}

/* The kind of switch 'ls' is for 'acl'. */
static struct acl_variant
acl_variant_of(const struct nbrec_acl *acl, const struct ls_acl_info *ls)
{
    const struct ls_acl_summary *s = &ls->summary;
    return (struct acl_variant) {
        .has_stateful = s->has_stateful_acl || s->has_lb_vip,
        .tiered = s->max_tier[acl_get_eval_stage(acl)] > 0,
    };
}

/* Adds the flows of 'owner' to 'lflows'. */
void
ls_acl_build_owner(const struct acl_owner *owner,
                   const struct lflow_build_input *input,
                   struct lflow_table *lflows)
{
    const struct nbrec_acl *acl = owner->acl;

    if (owner->ls) {
        struct acl_variant v = acl_variant_of(acl, owner->ls);
        struct acl_target t = {
            .od = owner->ls->od,
            .ref = owner->lflow_ref,
        };
        build_acl_flows(acl, &v, input, &t, lflows);
        return;
    }

    const struct acl_port_group *pg = owner->pg;
    if (!pg || !pg->n_dps) {
        return;
    }

    /* Sort the group's switches by kind, then build each kind's flows
     * once. */
    const struct ls_acl_data *data = input->ls_acls;
    size_t n_bits = data->n_switches;
    unsigned long *kinds[4] = { NULL, NULL, NULL, NULL };
    size_t idx;
    BITMAP_FOR_EACH_1 (idx, n_bits, pg->dps) {
        const struct ls_acl_info *ls = &data->switches[idx];
        if (!ls->od) {
            continue;
        }
        struct acl_variant v = acl_variant_of(acl, ls);
        size_t k = v.has_stateful * 2 + v.tiered;
        if (!kinds[k]) {
            kinds[k] = bitmap_allocate(n_bits);
        }
        bitmap_set1(kinds[k], idx);
    }
    for (size_t k = 0; k < ARRAY_SIZE(kinds); k++) {
        if (!kinds[k]) {
            continue;
        }
        struct acl_variant v = {
            .has_stateful = k / 2,
            .tiered = k % 2,
        };
        struct acl_target t = {
            .dps = kinds[k],
            .n_bits = n_bits,
            .ref = owner->lflow_ref,
        };
        build_acl_flows(acl, &v, input, &t, lflows);
        free(kinds[k]);
    }
}

/* Adds the flows of every ACL to 'lflows'. */
void
ls_acl_build_all_owners(const struct lflow_build_input *input,
                        struct lflow_table *lflows)
{
    const struct acl_owner *owner;
    LS_ACL_DATA_FOR_EACH_OWNER (owner, input->ls_acls) {
        ls_acl_build_owner(owner, input, lflows);
    }
}
