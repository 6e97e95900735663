/* nbctl-mirror.c: ovn-nbctl's port mirroring commands: mirror-add,
 * mirror-del, mirror-list, mirror-rule-add, mirror-rule-del.
 *
 * A mirror sends copies of the traffic of the ports attached to it
 * (lsp-attach-mirror) to a sink: a remote IP through a GRE or ERSPAN
 * tunnel (with a tunnel key or ERSPAN index), a local OVS interface
 * ("local", the sink is the interface's external-ids:mirror-id) or another
 * logical switch port ("lport").  Mirror rules narrow down what an lport
 * mirror copies. */

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
#include "packets.h"
#include "util.h"

/* Parses a mirror type.  "gre" and "erspan" may be abbreviated to their
 * first letter, as ovn-nbctl always allowed. */
static char * OVS_WARN_UNUSED_RESULT
parse_mirror_type(const char *arg, const char **typep)
{
    if (!strcmp(arg, "local") || !strcmp(arg, "lport")) {
        *typep = !strcmp(arg, "local") ? "local" : "lport";
    } else if (arg[0] == 'g') {
        *typep = "gre";
    } else if (arg[0] == 'e') {
        *typep = "erspan";
    } else {
        return xasprintf("%s: type must be \"gre\", \"erspan\", \"local\" "
                         "or \"lport\"", arg);
    }
    return NULL;
}

/* Parses a mirror filter; only the first letter counts. */
static char * OVS_WARN_UNUSED_RESULT
parse_mirror_filter(const char *arg, const char **filterp)
{
    if (arg[0] == 't') {
        *filterp = "to-lport";
    } else if (arg[0] == 'f') {
        *filterp = "from-lport";
    } else if (arg[0] == 'b') {
        *filterp = "both";
    } else {
        return xasprintf("%s: selection must be \"to-lport\" or "
                         "\"from-lport\" or \"both\"", arg);
    }
    return NULL;
}

/* Returns true if mirrors of 'type' tunnel their copies to a remote IP and
 * so have a tunnel index. */
static bool
is_tunnel_type(const char *type)
{
    return !strcmp(type, "gre") || !strcmp(type, "erspan");
}

/* Checks the sink of a mirror of 'type': a tunnel's is an IP address, an
 * lport mirror's a logical switch port. */
static char * OVS_WARN_UNUSED_RESULT
check_sink(struct ctl_context *ctx, const char *type, const char *sink)
{
    if (is_tunnel_type(type)) {
        struct in6_addr ip6;
        ovs_be32 ip;

        if (!ip_parse(sink, &ip) && !ipv6_parse(sink, &ip6)) {
            return xasprintf("Invalid sink ip: %s", sink);
        }
    } else if (!strcmp(type, "lport")) {
        const struct nbrec_logical_switch_port *lsp;
        return nbctl_lookup_lsp(ctx, sink, true, &lsp);
    }
    return NULL;
}

/* "mirror-add NAME TYPE [INDEX] FILTER SINK". */
static void
nbctl_mirror_add(struct ctl_context *ctx)
{
    const char *name = ctx->argv[1];
    const struct nbrec_mirror *mirror;
    const char *type = NULL, *filter = NULL;

    NBREC_MIRROR_FOR_EACH (mirror, ctx->idl) {
        if (!strcmp(mirror->name, name)) {
            ctl_error(ctx, "Mirror with %s name already exists.", name);
            return;
        }
    }

    ctx->error = parse_mirror_type(ctx->argv[2], &type);
    if (ctx->error) {
        return;
    }

    /* Only tunnels need the index; the others have -1. */
    int64_t index = -1;
    int pos = 3;
    if (ctx->argc == 6) {
        long long int value;
        if (!str_to_llong(ctx->argv[pos++], 10, &value)) {
            ctl_error(ctx, "Invalid Index");
            return;
        }
        index = value;
    } else if (is_tunnel_type(type)) {
        ctl_error(ctx, "%s mirror requires an index", type);
        return;
    }

    ctx->error = parse_mirror_filter(ctx->argv[pos++], &filter);
    if (ctx->error) {
        return;
    }

    const char *sink = ctx->argv[pos];
    ctx->error = check_sink(ctx, type, sink);
    if (ctx->error) {
        return;
    }

    struct nbrec_mirror *new_mirror = nbrec_mirror_insert(ctx->txn);
    nbrec_mirror_set_name(new_mirror, name);
    nbrec_mirror_set_type(new_mirror, type);
    nbrec_mirror_set_index(new_mirror, index);
    nbrec_mirror_set_filter(new_mirror, filter);
    nbrec_mirror_set_sink(new_mirror, sink);
}

/* "mirror-del [NAME]": deletes the mirror named NAME, if there is one, or
 * every mirror.  The ports' references to them are weak: the database
 * drops them. */
static void
nbctl_mirror_del(struct ctl_context *ctx)
{
    const struct nbrec_mirror *mirror, *next;

    NBREC_MIRROR_FOR_EACH_SAFE (mirror, next, ctx->idl) {
        if (ctx->argc == 1 || !strcmp(ctx->argv[1], mirror->name)) {
            nbrec_mirror_delete(mirror);
        }
    }
}

/* qsort() comparison function for mirrors: by name. */
static int
mirror_cmp(const void *a_, const void *b_)
{
    const struct nbrec_mirror *const *a = a_;
    const struct nbrec_mirror *const *b = b_;

    return strcmp((*a)->name, (*b)->name);
}

/* qsort() comparison function for mirror rules: by decreasing priority,
 * then by match. */
static int
mirror_rule_cmp(const void *a_, const void *b_)
{
    const struct nbrec_mirror_rule *const *ap = a_;
    const struct nbrec_mirror_rule *const *bp = b_;
    const struct nbrec_mirror_rule *a = *ap;
    const struct nbrec_mirror_rule *b = *bp;

    if (a->priority != b->priority) {
        return a->priority > b->priority ? -1 : 1;
    }
    return strcmp(a->match, b->match);
}

/* Appends the rules of 'mirror', if it has any, to 's'. */
static void
put_mirror_rules(struct ds *s, const struct nbrec_mirror *mirror)
{
    if (!mirror->n_mirror_rules) {
        return;
    }

    const struct nbrec_mirror_rule **rules
        = xmemdup(mirror->mirror_rules,
                  mirror->n_mirror_rules * sizeof *rules);
    qsort(rules, mirror->n_mirror_rules, sizeof *rules, mirror_rule_cmp);

    ds_put_cstr(s, "  Rules    :\n");
    for (size_t i = 0; i < mirror->n_mirror_rules; i++) {
        ds_put_format(s, "    %5"PRId64" (%s) %s\n", rules[i]->priority,
                      rules[i]->match, rules[i]->action);
    }
    free(rules);
}

/* "mirror-list": every mirror, sorted by name, one field per line and a
 * blank line after each. */
static void
nbctl_mirror_list(struct ctl_context *ctx)
{
    const struct nbrec_mirror **mirrors = NULL;
    const struct nbrec_mirror *mirror;
    size_t n_mirrors = 0, allocated = 0;

    NBREC_MIRROR_FOR_EACH (mirror, ctx->idl) {
        if (n_mirrors >= allocated) {
            mirrors = x2nrealloc(mirrors, &allocated, sizeof *mirrors);
        }
        mirrors[n_mirrors++] = mirror;
    }
    if (n_mirrors) {
        qsort(mirrors, n_mirrors, sizeof *mirrors, mirror_cmp);
    }

    struct ds *s = &ctx->output;
    for (size_t i = 0; i < n_mirrors; i++) {
        mirror = mirrors[i];
        ds_put_format(s, "%s:\n", mirror->name);
        ds_put_format(s, "  Type     :  %s\n", mirror->type);
        ds_put_format(s, "  Sink     :  %s\n", mirror->sink);
        ds_put_format(s, "  Filter   :  %s\n", mirror->filter);
        if (is_tunnel_type(mirror->type)) {
            ds_put_format(s, "  Index/Key:  %"PRId64"\n", mirror->index);
        }
        put_mirror_rules(s, mirror);
        ds_put_char(s, '\n');
    }
    free(mirrors);
}

/* Finds the mirror that argv[1] names. */
static const struct nbrec_mirror *
get_mirror(struct ctl_context *ctx)
{
    const struct nbrec_mirror *mirror;

    ctx->error = nbctl_lookup_mirror(ctx, ctx->argv[1], true, &mirror);
    return ctx->error ? NULL : mirror;
}

/* "[--may-exist] mirror-rule-add MIRROR PRIORITY MATCH ACTION": ACTION is
 * "mirror" or "skip". */
static void
nbctl_mirror_rule_add(struct ctl_context *ctx)
{
    const struct nbrec_mirror *mirror = get_mirror(ctx);
    const char *match = ctx->argv[3];
    const char *action = ctx->argv[4];
    int64_t priority;

    if (!mirror) {
        return;
    }
    ctx->error = nbctl_parse_priority(ctx->argv[2], &priority);
    if (ctx->error) {
        return;
    }
    if (strcmp(action, "mirror") && strcmp(action, "skip")) {
        ctl_error(ctx, "%s: action must be \"mirror\" or \"skip\"", action);
        return;
    }

    for (size_t i = 0; i < mirror->n_mirror_rules; i++) {
        const struct nbrec_mirror_rule *rule = mirror->mirror_rules[i];
        if (rule->priority == priority && !strcmp(rule->match, match)) {
            if (!shash_find(&ctx->options, "--may-exist")) {
                ctl_error(ctx, "Same mirror rule already exists on the "
                          "mirror %s.", ctx->argv[1]);
            }
            return;
        }
    }

    struct nbrec_mirror_rule *rule = nbrec_mirror_rule_insert(ctx->txn);
    nbrec_mirror_rule_set_priority(rule, priority);
    nbrec_mirror_rule_set_match(rule, match);
    nbrec_mirror_rule_set_action(rule, action);
    ovn_dbctl_add_ref(&mirror->header_, &nbrec_mirror_col_mirror_rules,
                      &rule->header_);
}

/* "mirror-rule-del MIRROR [PRIORITY [MATCH]]": deletes all the rules of
 * MIRROR, those with PRIORITY, or the one with PRIORITY and MATCH. */
static void
nbctl_mirror_rule_del(struct ctl_context *ctx)
{
    const struct nbrec_mirror *mirror = get_mirror(ctx);
    int64_t priority = 0;

    if (!mirror) {
        return;
    }
    if (ctx->argc > 2) {
        ctx->error = nbctl_parse_priority(ctx->argv[2], &priority);
        if (ctx->error) {
            return;
        }
    }

    struct nbrec_mirror_rule **rules
        = xmemdup(mirror->mirror_rules,
                  mirror->n_mirror_rules * sizeof *rules);
    size_t n_rules = mirror->n_mirror_rules;
    for (size_t i = 0; i < n_rules; i++) {
        const struct nbrec_mirror_rule *rule = rules[i];

        if ((ctx->argc > 2 && rule->priority != priority)
            || (ctx->argc > 3 && strcmp(rule->match, ctx->argv[3]))) {
            continue;
        }
        ovn_dbctl_remove_ref(&mirror->header_, &nbrec_mirror_col_mirror_rules,
                             &rule->header_);
    }
    free(rules);
}

const struct ctl_command_syntax nbctl_mirror_commands[] = {
    {"mirror-add", 4, 5, "NAME TYPE [INDEX] FILTER {IP | MIRROR-ID | LPORT}",
     NULL, nbctl_mirror_add, NULL, "", RW},
    {"mirror-del", 0, 1, "[NAME]", NULL, nbctl_mirror_del, NULL, "", RW},
    {"mirror-list", 0, 0, "", NULL, nbctl_mirror_list, NULL, "", RO},
    {"mirror-rule-add", 4, 4, "MIRROR PRIORITY MATCH ACTION", NULL,
     nbctl_mirror_rule_add, NULL, "--may-exist", RW},
    {"mirror-rule-del", 1, 3, "MIRROR [PRIORITY [MATCH]]", NULL,
     nbctl_mirror_rule_del, NULL, "", RW},
    {NULL, 0, 0, NULL, NULL, NULL, NULL, "", RO},
};

const char nbctl_mirror_help[] =
    "Mirror commands:\n"
    "  mirror-add NAME TYPE [INDEX] FILTER {IP | MIRROR-ID | LPORT}\n"
    "                            add a mirror with given name\n"
    "                            specify TYPE 'gre', 'erspan', 'local' or "
    "'lport'\n"
    "                            specify the tunnel INDEX value\n"
    "                                (indicates key if GRE\n"
    "                                 erpsan_idx if ERSPAN)\n"
    "                            specify FILTER for mirroring selection\n"
    "                                'to-lport' / 'from-lport' / 'both'\n"
    "                            specify Sink / Destination i.e. Remote IP, "
    "or a\n"
    "                                local interface with "
    "external-ids:mirror-id\n"
    "                                matching MIRROR-ID, or a logical "
    "switch\n"
    "                                port LPORT\n"
    "  mirror-del [NAME]         remove mirrors\n"
    "  mirror-list               print mirrors\n"
    "  mirror-rule-add MIRROR PRIORITY MATCH ACTION\n"
    "                            add a rule to MIRROR that mirrors ('mirror')"
    "\n"
    "                            or skips ('skip') the packets that MATCH\n"
    "  mirror-rule-del MIRROR [PRIORITY [MATCH]]\n"
    "                            remove rules from MIRROR\n";
