/* nbctl-acl.c: ovn-nbctl's ACL commands: acl-add, acl-del, acl-list.
 *
 * An ACL belongs to an "entity": a logical switch or a port group, named
 * by UUID or name.  Without --type, a name is looked up among the port
 * groups and the switches, and it is an error if both have it. */

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
#include "smap.h"
#include "util.h"
#include "uuid.h"

/* The switch or port group whose ACLs a command works on: exactly one of
 * the members is nonnull. */
struct acl_entity {
    const struct nbrec_logical_switch *ls;  /* A logical switch, or... */
    const struct nbrec_port_group *pg;      /* ...a port group. */
};

/* Finds the entity that argv[1] names, honouring --type. */
static char * OVS_WARN_UNUSED_RESULT
get_entity(struct ctl_context *ctx, struct acl_entity *entity)
{
    const char *type = shash_find_data(&ctx->options, "--type");
    const char *id = ctx->argv[1];
    char *error;

    entity->ls = NULL;
    entity->pg = NULL;
    if (!type) {
        error = nbctl_lookup_port_group(ctx, id, false, &entity->pg);
        if (error) {
            return error;
        }
        error = nbctl_lookup_switch(ctx, id, false, &entity->ls);
        if (error) {
            return error;
        }
        if (entity->pg && entity->ls) {
            return xasprintf("Same name '%s' exists in both port-groups and "
                             "logical switches. Specify --type=port-group "
                             "or switch", id);
        }
        if (!entity->pg && !entity->ls) {
            return xasprintf("'%s' is not found for port-group or switch",
                             id);
        }
        return NULL;
    } else if (!strcmp(type, "port-group")) {
        return nbctl_lookup_port_group(ctx, id, true, &entity->pg);
    } else if (!strcmp(type, "switch")) {
        return nbctl_lookup_switch(ctx, id, true, &entity->ls);
    } else {
        return xasprintf("Invalid value '%s' for option --type", type);
    }
}

/* Returns the ACLs of 'entity' and stores their number in '*n'. */
static struct nbrec_acl **
entity_acls(const struct acl_entity *entity, size_t *n)
{
    if (entity->pg) {
        *n = entity->pg->n_acls;
        return entity->pg->acls;
    }
    *n = entity->ls->n_acls;
    return entity->ls->acls;
}

/* Returns the "acls" column of 'entity' and stores its row in '*rowp'. */
static const struct ovsdb_idl_column *
entity_acls_column(const struct acl_entity *entity,
                   const struct ovsdb_idl_row **rowp)
{
    if (entity->pg) {
        *rowp = &entity->pg->header_;
        return &nbrec_port_group_col_acls;
    }
    *rowp = &entity->ls->header_;
    return &nbrec_logical_switch_col_acls;
}

/* Adds 'acl' to the ACLs of 'entity'. */
static void
entity_add_acl(const struct acl_entity *entity, const struct nbrec_acl *acl)
{
    const struct ovsdb_idl_row *row;
    const struct ovsdb_idl_column *column = entity_acls_column(entity, &row);
    ovn_dbctl_add_ref(row, column, &acl->header_);
}

/* Removes 'acl' from the ACLs of 'entity'.  The database deletes the ACL
 * itself once nothing refers to it. */
static void
entity_remove_acl(const struct acl_entity *entity,
                  const struct nbrec_acl *acl)
{
    const struct ovsdb_idl_row *row;
    const struct ovsdb_idl_column *column = entity_acls_column(entity, &row);
    ovn_dbctl_remove_ref(row, column, &acl->header_);
}

/* Returns true if 'acl' is evaluated after the load balancers. */
static bool
acl_after_lb(const struct nbrec_acl *acl)
{
    return smap_get_bool(&acl->options, "apply-after-lb", false);
}

/* qsort() comparison function for ACLs, in the order in which acl-list
 * shows them: from-lport before to-lport, those applied after the load
 * balancers last, then by tier, by decreasing priority and by match.  Two
 * ACLs that compare equal are duplicates for acl-add. */
static int
acl_cmp(const void *a_, const void *b_)
{
    const struct nbrec_acl *const *ap = a_;
    const struct nbrec_acl *const *bp = b_;
    const struct nbrec_acl *a = *ap;
    const struct nbrec_acl *b = *bp;

    int cmp = strcmp(a->direction, b->direction);
    if (cmp) {
        return cmp;
    }
    if (acl_after_lb(a) != acl_after_lb(b)) {
        return acl_after_lb(a) ? 1 : -1;
    }
    if (a->tier != b->tier) {
        return a->tier < b->tier ? -1 : 1;
    }
    if (a->priority != b->priority) {
        return a->priority > b->priority ? -1 : 1;
    }
    return strcmp(a->match, b->match);
}

/* Finds the Sample row that the value of option 'option' names, by UUID.
 * Stores NULL in '*samplep' if the option is absent. */
static char * OVS_WARN_UNUSED_RESULT
get_sample_option(struct ctl_context *ctx, const char *option,
                  const struct nbrec_sample **samplep)
{
    const char *id = shash_find_data(&ctx->options, option);
    struct uuid uuid;

    *samplep = NULL;
    if (!id) {
        return NULL;
    }
    if (uuid_from_string(&uuid, id)) {
        *samplep = nbrec_sample_get_for_uuid(ctx->idl, &uuid);
    }
    if (!*samplep) {
        return xasprintf("%s: sample UUID not found", id);
    }
    return NULL;
}

/* Applies the logging options of acl-add to 'acl': any of --log,
 * --severity, --name and --meter turns logging on. */
static char * OVS_WARN_UNUSED_RESULT
set_log_options(struct ctl_context *ctx, const struct nbrec_acl *acl)
{
    static const char *const severities[] = {
        "alert", "warning", "notice", "info", "debug",
    };
    const char *severity = shash_find_data(&ctx->options, "--severity");
    const char *name = shash_find_data(&ctx->options, "--name");
    const char *meter = shash_find_data(&ctx->options, "--meter");

    if (shash_find(&ctx->options, "--log") || severity || name || meter) {
        nbrec_acl_set_log(acl, true);
    }
    if (severity) {
        size_t i;
        for (i = 0; i < ARRAY_SIZE(severities); i++) {
            if (!strcmp(severity, severities[i])) {
                break;
            }
        }
        if (i >= ARRAY_SIZE(severities)) {
            return xasprintf("bad severity: %s", severity);
        }
        nbrec_acl_set_severity(acl, severity);
    }
    if (name) {
        nbrec_acl_set_name(acl, name);
    }
    if (meter) {
        nbrec_acl_set_meter(acl, meter);
    }
    return NULL;
}

/* Applies --label to 'acl', which has 'action'.  Only allowing ACLs carry
 * a label. */
static char * OVS_WARN_UNUSED_RESULT
set_label(struct ctl_context *ctx, const struct nbrec_acl *acl,
          const char *action)
{
    const char *label_s = shash_find_data(&ctx->options, "--label");
    long long int label;

    if (!label_s) {
        return NULL;
    }
    if (strcmp(action, "allow") && strcmp(action, "allow-related")) {
        return xstrdup("label can only be set with actions \"allow\" or "
                       "\"allow-related\"");
    }
    if (!str_to_llong(label_s, 10, &label)
        || label < 0 || label > UINT32_MAX) {
        return xstrdup("label must in range 0...4294967295");
    }
    nbrec_acl_set_label(acl, label);
    return NULL;
}

/* Parses --tier, if present, into '*tier' and sets '*has_tier'. */
static char * OVS_WARN_UNUSED_RESULT
get_tier(struct ctl_context *ctx, bool *has_tier, int64_t *tier)
{
    const char *tier_s = shash_find_data(&ctx->options, "--tier");
    long long int value;

    *has_tier = tier_s != NULL;
    *tier = 0;
    if (tier_s) {
        if (!str_to_llong(tier_s, 10, &value)) {
            return xasprintf("Invalid tier %s", tier_s);
        }
        *tier = value;
    }
    return NULL;
}

/* Returns true if 'action' is an ACL verdict. */
static bool
is_acl_action(const char *action)
{
    static const char *const actions[] = {
        "allow", "allow-related", "allow-stateless", "drop", "reject",
        "pass",
    };

    for (size_t i = 0; i < ARRAY_SIZE(actions); i++) {
        if (!strcmp(action, actions[i])) {
            return true;
        }
    }
    return false;
}

/* Sets the columns of the new ACL 'acl', whose verdict is 'action', from
 * acl-add's options. */
static char * OVS_WARN_UNUSED_RESULT
set_acl_options(struct ctl_context *ctx, const struct nbrec_acl *acl,
                const char *action)
{
    char *error = set_log_options(ctx, acl);
    if (!error) {
        error = set_label(ctx, acl, action);
    }
    if (error) {
        return error;
    }

    bool has_tier;
    int64_t tier;
    error = get_tier(ctx, &has_tier, &tier);
    if (error) {
        return error;
    }
    if (has_tier) {
        nbrec_acl_set_tier(acl, tier);
    }

    const struct nbrec_sample *sample_new, *sample_est;
    error = get_sample_option(ctx, "--sample-new", &sample_new);
    if (!error) {
        error = get_sample_option(ctx, "--sample-est", &sample_est);
    }
    if (error) {
        return error;
    }
    if (sample_new) {
        nbrec_acl_set_sample_new(acl, sample_new);
    }
    if (sample_est) {
        nbrec_acl_set_sample_est(acl, sample_est);
    }

    const char *nfg_id = shash_find_data(&ctx->options,
                                         "--network-function-group");
    if (nfg_id) {
        const struct nbrec_network_function_group *nfg;
        error = nbctl_lookup_network_function_group(ctx, nfg_id, true, &nfg);
        if (error) {
            return error;
        }
        nbrec_acl_set_network_function_group(acl, nfg);
    }

    struct smap options = SMAP_INITIALIZER(&options);
    if (shash_find(&ctx->options, "--apply-after-lb")) {
        smap_add(&options, "apply-after-lb", "true");
    }
    if (shash_find(&ctx->options, "--persist-established")) {
        smap_add(&options, "persist-established", "true");
    }
    if (!smap_is_empty(&options)) {
        nbrec_acl_set_options(acl, &options);
    }
    smap_destroy(&options);
    return NULL;
}

/* "acl-add ENTITY DIRECTION PRIORITY MATCH ACTION". */
static void
nbctl_acl_add(struct ctl_context *ctx)
{
    const char *match = ctx->argv[4];
    const char *action = ctx->argv[5];
    struct acl_entity entity;
    const char *direction;
    int64_t priority;

    ctx->error = get_entity(ctx, &entity);
    if (!ctx->error) {
        ctx->error = nbctl_parse_direction(ctx->argv[2], &direction);
    }
    if (!ctx->error) {
        ctx->error = nbctl_parse_priority(ctx->argv[3], &priority);
    }
    if (ctx->error) {
        return;
    }
    if (!is_acl_action(action)) {
        ctl_error(ctx, "%s: action must be one of \"allow\", "
                  "\"allow-related\", \"allow-stateless\", \"drop\", "
                  "\"reject\", and \"pass\"", action);
        return;
    }

    /* The new row is only inserted into the entity if it does not
     * duplicate an existing ACL; otherwise it is deleted again, which
     * leaves the transaction unchanged. */
    struct nbrec_acl *acl = nbrec_acl_insert(ctx->txn);
    nbrec_acl_set_direction(acl, direction);
    nbrec_acl_set_priority(acl, priority);
    nbrec_acl_set_match(acl, match);
    nbrec_acl_set_action(acl, action);
    ctx->error = set_acl_options(ctx, acl, action);
    if (ctx->error) {
        return;
    }

    size_t n_acls;
    struct nbrec_acl **acls = entity_acls(&entity, &n_acls);
    const struct nbrec_acl *new_acl = acl;
    for (size_t i = 0; i < n_acls; i++) {
        if (!acl_cmp(&acls[i], &new_acl)) {
            if (!shash_find(&ctx->options, "--may-exist")) {
                ctl_error(ctx, "Same ACL already existed on the ls %s.",
                          ctx->argv[1]);
            }
            nbrec_acl_delete(acl);
            return;
        }
    }
    entity_add_acl(&entity, acl);
}

/* "acl-del ENTITY [DIRECTION [PRIORITY MATCH]]": deletes all the ACLs of
 * ENTITY, those in DIRECTION, or the one ACL that matches all of them;
 * with --tier, only among the ACLs in that tier. */
static void
nbctl_acl_del(struct ctl_context *ctx)
{
    struct acl_entity entity;
    bool has_tier;
    int64_t tier;

    ctx->error = get_entity(ctx, &entity);
    if (!ctx->error) {
        ctx->error = get_tier(ctx, &has_tier, &tier);
    }
    if (ctx->error) {
        return;
    }

    const char *direction = NULL;
    int64_t priority = 0;
    if (ctx->argc >= 3) {
        ctx->error = nbctl_parse_direction(ctx->argv[2], &direction);
        if (ctx->error) {
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

    size_t n_acls;
    struct nbrec_acl **acls = entity_acls(&entity, &n_acls);
    acls = xmemdup(acls, n_acls * sizeof *acls);
    for (size_t i = 0; i < n_acls; i++) {
        const struct nbrec_acl *acl = acls[i];

        if ((has_tier && acl->tier != tier)
            || (direction && strcmp(direction, acl->direction))) {
            continue;
        }
        if (ctx->argc == 5) {
            if (priority == acl->priority
                && !strcmp(ctx->argv[4], acl->match)) {
                entity_remove_acl(&entity, acl);
                break;
            }
            continue;
        }
        entity_remove_acl(&entity, acl);
    }
    free(acls);
}

/* "acl-list ENTITY": one line per ACL, sorted (see acl_cmp()). */
static void
nbctl_acl_list(struct ctl_context *ctx)
{
    struct acl_entity entity;

    ctx->error = get_entity(ctx, &entity);
    if (ctx->error) {
        return;
    }

    size_t n_acls;
    struct nbrec_acl **acls = entity_acls(&entity, &n_acls);
    const struct nbrec_acl **sorted = xmemdup(acls, n_acls * sizeof *acls);
    qsort(sorted, n_acls, sizeof *sorted, acl_cmp);

    struct ds *s = &ctx->output;
    for (size_t i = 0; i < n_acls; i++) {
        const struct nbrec_acl *acl = sorted[i];

        ds_put_format(s, "%10s %5"PRId64" (%s) %s", acl->direction,
                      acl->priority, acl->match, acl->action);
        if (acl->log) {
            ds_put_cstr(s, " log(");
            if (acl->name) {
                ds_put_format(s, "name=%s,", acl->name);
            }
            if (acl->severity) {
                ds_put_format(s, "severity=%s,", acl->severity);
            }
            if (acl->meter) {
                ds_put_format(s, "meter=\"%s\",", acl->meter);
            }
            ds_chomp(s, ',');
            ds_put_char(s, ')');
        }
        if (acl->label) {
            ds_put_format(s, " label=%"PRId64, acl->label);
        }
        ds_put_format(s, " [tier %"PRId64"]", acl->tier);
        if (acl_after_lb(acl)) {
            ds_put_cstr(s, " [after-lb]");
        }
        ds_put_char(s, '\n');
    }
    free(sorted);
}

const struct ctl_command_syntax nbctl_acl_commands[] = {
    {"acl-add", 5, 5, "{SWITCH | PORTGROUP} DIRECTION PRIORITY MATCH ACTION",
     NULL, nbctl_acl_add, NULL,
     "--log,--may-exist,--type=,--name=,--severity=,--meter=,--label=,"
     "--apply-after-lb,--tier=,--sample-new=,--sample-est=,"
     "--persist-established,--network-function-group=", RW},
    {"acl-del", 1, 4, "{SWITCH | PORTGROUP} [DIRECTION [PRIORITY MATCH]]",
     NULL, nbctl_acl_del, NULL, "--type=,--tier=", RW},
    {"acl-list", 1, 1, "{SWITCH | PORTGROUP}", NULL, nbctl_acl_list, NULL,
     "--type=", RO},
    {NULL, 0, 0, NULL, NULL, NULL, NULL, "", RO},
};

const char nbctl_acl_help[] =
    "ACL commands:\n"
    "  [--type={ls|pg}] [--log] [--severity=SEVERITY] [--name=NAME] "
    "[--may-exist]\n"
    "  [--meter=METER] [--label=LABEL] [--apply-after-lb] [--tier=TIER]\n"
    "  [--sample-new=SAMPLE] [--sample-est=SAMPLE] [--persist-established]\n"
    "  [--network-function-group=GROUP]\n"
    "  acl-add {SWITCH | PORTGROUP} DIRECTION PRIORITY MATCH ACTION\n"
    "                            add an ACL to SWITCH/PORTGROUP\n"
    "  [--type={ls|pg}] [--tier=TIER] acl-del {SWITCH | PORTGROUP} "
    "[DIRECTION [PRIORITY MATCH]]\n"
    "                            remove ACLs from SWITCH/PORTGROUP\n"
    "  [--type={ls|pg}] acl-list {SWITCH | PORTGROUP}\n"
    "                            print ACLs for SWITCH\n";
