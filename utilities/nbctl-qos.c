/* nbctl-qos.c: ovn-nbctl's logical switch QoS rule commands: qos-add,
 * qos-del, qos-list.
 *
 * A QoS rule marks (DSCP, packet mark) and/or meters (rate, burst) the
 * packets that its match selects in one direction of a logical switch. */

#include <config.h>

#include <inttypes.h>
#include <stdlib.h>

#include "lib/ovn-nb-idl.h"
#include "nbctl-args.h"
#include "nbctl-commands.h"
#include "nbctl-lookup.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/shash.h"
#include "ovn-dbctl.h"
#include "util.h"
#include "uuid.h"

/* The settings of qos-add's optional KEY=VALUE arguments; a member is 0
 * (-1 for 'dscp') when its argument was not given. */
struct qos_settings {
    int64_t dscp;               /* DSCP marking, 0...63. */
    int64_t mark;               /* Packet mark, 1...4294967295. */
    int64_t rate;               /* Meter rate in kbps. */
    int64_t burst;              /* Meter burst in kb. */
};

/* Parses the value of "KEY=VALUE" argument 'arg' (that starts with a KEY
 * 'key_len' bytes long) into '*value', which must be in 'min'...'max'. */
static char * OVS_WARN_UNUSED_RESULT
parse_setting(const char *arg, size_t key_len, int64_t min, int64_t max,
              int64_t *value)
{
    const char *s = arg + key_len + 1;

    if (!ovs_scan(s, "%"SCNd64, value) || *value < min || *value > max) {
        return xasprintf("%s: %.*s must be in the range %"PRId64"...%"PRId64,
                         s, (int) key_len, arg, min, max);
    }
    return NULL;
}

/* Parses qos-add's optional arguments 'args' into 'settings'. */
static char * OVS_WARN_UNUSED_RESULT
parse_settings(char *args[], int n_args, struct qos_settings *settings)
{
    *settings = (struct qos_settings) { .dscp = -1 };

    for (int i = 0; i < n_args; i++) {
        const char *arg = args[i];
        char *error;

        if (!strncmp(arg, "dscp=", 5)) {
            error = parse_setting(arg, 4, 0, 63, &settings->dscp);
        } else if (!strncmp(arg, "mark=", 5)) {
            error = parse_setting(arg, 4, 1, UINT32_MAX, &settings->mark);
        } else if (!strncmp(arg, "rate=", 5)) {
            error = parse_setting(arg, 4, 1, UINT32_MAX, &settings->rate);
        } else if (!strncmp(arg, "burst=", 6)) {
            error = parse_setting(arg, 5, 1, UINT32_MAX, &settings->burst);
        } else {
            error = xasprintf("%s: supported arguments are \"dscp=\", "
                              "\"mark=\", \"rate=\", and \"burst=\"", arg);
        }
        if (error) {
            return error;
        }
    }

    if (settings->dscp < 0 && !settings->mark && !settings->rate) {
        return xstrdup("Either \"rate\", \"dscp\" and/or \"mark\" must be "
                       "specified");
    }
    return NULL;
}

/* qsort() comparison function for QoS rules, in the order in which
 * qos-list shows them: from-lport first, then by decreasing priority and
 * by match.  Two rules that compare equal are duplicates for qos-add. */
static int
qos_cmp(const void *a_, const void *b_)
{
    const struct nbrec_qos *const *ap = a_;
    const struct nbrec_qos *const *bp = b_;
    const struct nbrec_qos *a = *ap;
    const struct nbrec_qos *b = *bp;

    int cmp = strcmp(a->direction, b->direction);
    if (cmp) {
        return cmp;
    }
    if (a->priority != b->priority) {
        return a->priority > b->priority ? -1 : 1;
    }
    return strcmp(a->match, b->match);
}

/* "[--may-exist] qos-add SWITCH DIRECTION PRIORITY MATCH [rate=RATE
 * [burst=BURST]] [dscp=DSCP] [mark=MARK]". */
static void
nbctl_qos_add(struct ctl_context *ctx)
{
    const struct nbrec_logical_switch *ls;
    struct qos_settings settings;
    const char *direction;
    int64_t priority;

    ctx->error = nbctl_lookup_switch(ctx, ctx->argv[1], true, &ls);
    if (!ctx->error) {
        ctx->error = nbctl_parse_direction(ctx->argv[2], &direction);
    }
    if (!ctx->error) {
        ctx->error = nbctl_parse_priority(ctx->argv[3], &priority);
    }
    if (!ctx->error) {
        ctx->error = parse_settings(ctx->argv + 5, ctx->argc - 5, &settings);
    }
    if (ctx->error) {
        return;
    }

    struct nbrec_qos *qos = nbrec_qos_insert(ctx->txn);
    nbrec_qos_set_priority(qos, priority);
    nbrec_qos_set_direction(qos, direction);
    nbrec_qos_set_match(qos, ctx->argv[4]);

    const char *action_keys[2];
    int64_t action_values[2];
    size_t n_actions = 0;
    if (settings.dscp >= 0) {
        action_keys[n_actions] = "dscp";
        action_values[n_actions++] = settings.dscp;
    }
    if (settings.mark) {
        action_keys[n_actions] = "mark";
        action_values[n_actions++] = settings.mark;
    }
    nbrec_qos_set_action(qos, action_keys, action_values, n_actions);

    /* A burst without a rate means nothing: it is dropped. */
    const char *bandwidth_keys[2];
    int64_t bandwidth_values[2];
    size_t n_bandwidth = 0;
    if (settings.rate) {
        bandwidth_keys[n_bandwidth] = "rate";
        bandwidth_values[n_bandwidth++] = settings.rate;
        if (settings.burst) {
            bandwidth_keys[n_bandwidth] = "burst";
            bandwidth_values[n_bandwidth++] = settings.burst;
        }
    }
    nbrec_qos_set_bandwidth(qos, bandwidth_keys, bandwidth_values,
                            n_bandwidth);

    const struct nbrec_qos *new_qos = qos;
    for (size_t i = 0; i < ls->n_qos_rules; i++) {
        if (!qos_cmp(&ls->qos_rules[i], &new_qos)) {
            if (!shash_find(&ctx->options, "--may-exist")) {
                ctl_error(ctx, "Same qos already existed on the ls %s.",
                          ctx->argv[1]);
            }
            nbrec_qos_delete(qos);
            return;
        }
    }
    ovn_dbctl_add_ref(&ls->header_, &nbrec_logical_switch_col_qos_rules,
                      &qos->header_);
}

/* "qos-del SWITCH [{DIRECTION | UUID} [PRIORITY MATCH]]": deletes all the
 * QoS rules of SWITCH, those in DIRECTION, the one with UUID, or the one
 * that matches DIRECTION, PRIORITY and MATCH. */
static void
nbctl_qos_del(struct ctl_context *ctx)
{
    const struct nbrec_logical_switch *ls;

    ctx->error = nbctl_lookup_switch(ctx, ctx->argv[1], true, &ls);
    if (ctx->error) {
        return;
    }

    const char *direction = NULL;
    struct uuid rule_uuid;
    bool by_uuid = false;
    int64_t priority = 0;
    if (ctx->argc >= 3) {
        by_uuid = uuid_from_string(&rule_uuid, ctx->argv[2]);
        if (!by_uuid) {
            ctx->error = nbctl_parse_direction(ctx->argv[2], &direction);
            if (ctx->error) {
                return;
            }
        } else if (ctx->argc > 3) {
            ctl_error(ctx, "uuid must be the only argument");
            return;
        }
    }
    if (ctx->argc >= 4) {
        ctx->error = nbctl_parse_priority(ctx->argv[3], &priority);
        if (ctx->error) {
            return;
        }
        if (ctx->argc == 4) {
            ctl_error(ctx, "cannot specify priority without match");
            return;
        }
    }

    struct nbrec_qos **rules = xmemdup(ls->qos_rules,
                                       ls->n_qos_rules * sizeof *rules);
    size_t n_rules = ls->n_qos_rules;
    bool found = false;
    for (size_t i = 0; i < n_rules; i++) {
        const struct nbrec_qos *qos = rules[i];
        bool remove;

        if (by_uuid) {
            remove = uuid_equals(&rule_uuid, &qos->header_.uuid);
        } else if (direction && strcmp(direction, qos->direction)) {
            remove = false;
        } else if (ctx->argc == 5) {
            remove = (priority == qos->priority
                      && !strcmp(ctx->argv[4], qos->match));
        } else {
            remove = true;
        }
        if (remove) {
            ovn_dbctl_remove_ref(&ls->header_,
                                 &nbrec_logical_switch_col_qos_rules,
                                 &qos->header_);
            if (by_uuid || ctx->argc == 5) {
                found = true;
                break;
            }
        }
    }
    free(rules);

    if (by_uuid && !found) {
        ctl_error(ctx, "uuid is not found");
    }
}

/* Appends to 's' " KEY=VALUE" for 'key' in the map of 'n' 'keys' and
 * 'values', if it is there. */
static void
put_setting(struct ds *s, const char *key, char **keys,
            const int64_t *values, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!strcmp(keys[i], key)) {
            ds_put_format(s, " %s=%"PRId64, key, values[i]);
        }
    }
}

/* "qos-list SWITCH": one line per QoS rule, sorted (see qos_cmp()). */
static void
nbctl_qos_list(struct ctl_context *ctx)
{
    const struct nbrec_logical_switch *ls;

    ctx->error = nbctl_lookup_switch(ctx, ctx->argv[1], true, &ls);
    if (ctx->error) {
        return;
    }

    const struct nbrec_qos **rules = xmemdup(ls->qos_rules,
                                             ls->n_qos_rules
                                             * sizeof *rules);
    qsort(rules, ls->n_qos_rules, sizeof *rules, qos_cmp);

    struct ds *s = &ctx->output;
    for (size_t i = 0; i < ls->n_qos_rules; i++) {
        const struct nbrec_qos *qos = rules[i];

        ds_put_format(s, "%10s %5"PRId64" (%s)", qos->direction,
                      qos->priority, qos->match);
        put_setting(s, "rate", qos->key_bandwidth, qos->value_bandwidth,
                    qos->n_bandwidth);
        put_setting(s, "burst", qos->key_bandwidth, qos->value_bandwidth,
                    qos->n_bandwidth);
        put_setting(s, "dscp", qos->key_action, qos->value_action,
                    qos->n_action);
        put_setting(s, "mark", qos->key_action, qos->value_action,
                    qos->n_action);
        ds_put_char(s, '\n');
    }
    free(rules);
}

const struct ctl_command_syntax nbctl_qos_commands[] = {
    {"qos-add", 5, 8,
     "SWITCH DIRECTION PRIORITY MATCH [rate=RATE [burst=BURST]] "
     "[dscp=DSCP] [mark=MARK]", NULL, nbctl_qos_add, NULL, "--may-exist",
     RW},
    {"qos-del", 1, 4, "SWITCH [{DIRECTION | UUID} [PRIORITY MATCH]]", NULL,
     nbctl_qos_del, NULL, "", RW},
    {"qos-list", 1, 1, "SWITCH", NULL, nbctl_qos_list, NULL, "", RO},
    {NULL, 0, 0, NULL, NULL, NULL, NULL, "", RO},
};

const char nbctl_qos_help[] =
    "QoS commands:\n"
    "  qos-add SWITCH DIRECTION PRIORITY MATCH [rate=RATE [burst=BURST]] "
    "[dscp=DSCP] [mark=MARK]\n"
    "                            add an QoS rule to SWITCH\n"
    "  qos-del SWITCH [{DIRECTION | UUID} [PRIORITY MATCH]]\n"
    "                            remove QoS rules from SWITCH\n"
    "  qos-list SWITCH           print QoS rules for SWITCH\n";
