/* nbctl-policy.c: ovn-nbctl's logical router policy commands:
 * lr-policy-add, lr-policy-del, lr-policy-list.
 *
 * A policy is identified by its chain (none for the main chain), priority
 * and match.  Its action is "allow", "drop", "reroute" (to one or more
 * nexthops of one address family, optionally watched by BFD) or "jump"
 * (to another chain of policies). */

#include <config.h>

#include <stdlib.h>

#include "lib/ovn-nb-idl.h"
#include "nbctl-args.h"
#include "nbctl-ip.h"
#include "nbctl-commands.h"
#include "nbctl-lookup.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/shash.h"
#include "ovn-dbctl.h"
#include "smap.h"
#include "svec.h"
#include "util.h"
#include "uuid.h"

/* Returns the chain of 'policy', "" for the main chain. */
static const char *
policy_chain(const struct nbrec_logical_router_policy *policy)
{
    return policy->chain ? policy->chain : "";
}

/* Parses 'arg', comma-separated nexthop addresses of one family, into
 * canonical addresses appended to 'nexthops'.  Returns false, with
 * ctx->error set, on error. */
static bool
parse_nexthops(struct ctl_context *ctx, const char *arg, struct svec *nexthops)
{
    char *copy = xstrdup(arg);
    char *save_ptr = NULL;
    bool ok = true;

    for (char *token = strtok_r(copy, ",", &save_ptr); token;
         token = strtok_r(NULL, ",", &save_ptr)) {
        char *nexthop = nbctl_normalize_addr(token);
        if (!nexthop) {
            ctl_error(ctx, "bad next hop argument: %s", arg);
            ok = false;
            break;
        }
        if (nexthops->n
            && !strchr(nexthop, '.') != !strchr(nexthops->names[0], '.')) {
            ctl_error(ctx, "bad next hops argument, not in the same addr "
                      "family : %s", arg);
            free(nexthop);
            ok = false;
            break;
        }
        svec_add_nocopy(nexthops, nexthop);
    }
    free(copy);
    return ok;
}

/* Finds, or creates through the port of 'lr' that reaches it, the BFD
 * session towards each nexthop in 'nexthops'.  Returns a malloc'd array
 * of 'nexthops->n' sessions, or NULL with ctx->error set. */
static const struct nbrec_bfd **
get_bfd_sessions(struct ctl_context *ctx,
                 const struct nbrec_logical_router *lr,
                 const struct svec *nexthops)
{
    const struct nbrec_bfd **sessions = xcalloc(nexthops->n + 1,
                                                sizeof *sessions);
    for (size_t i = 0; i < nexthops->n; i++) {
        const char *nexthop = nexthops->names[i];
        const struct nbrec_bfd *bfd;

        NBREC_BFD_FOR_EACH (bfd, ctx->idl) {
            if (!strcmp(bfd->dst_ip, nexthop)) {
                sessions[i] = bfd;
                break;
            }
        }
        if (sessions[i]) {
            continue;
        }

        const struct nbrec_logical_router_port *lrp = NULL;
        for (size_t j = 0; j < lr->n_ports && !lrp; j++) {
            if (nbctl_ip_in_networks(nexthop, lr->ports[j]->networks,
                                     lr->ports[j]->n_networks)) {
                lrp = lr->ports[j];
            }
        }
        if (!lrp) {
            ctl_error(ctx, "no logical router port of %s reaches BFD "
                      "nexthop %s", ctx->argv[1], nexthop);
            free(sessions);
            return NULL;
        }
        struct nbrec_bfd *new_bfd = nbrec_bfd_insert(ctx->txn);
        nbrec_bfd_set_dst_ip(new_bfd, nexthop);
        nbrec_bfd_set_logical_port(new_bfd, lrp->name);
        sessions[i] = new_bfd;
    }
    return sessions;
}

/* Parses the KEY=VALUE options in ctx->argv from index 'first' on into
 * 'options'.  Returns false, with ctx->error set, if one has no value. */
static bool
parse_options(struct ctl_context *ctx, int first, struct smap *options)
{
    for (int i = first; i < ctx->argc; i++) {
        const char *arg = ctx->argv[i];
        const char *equals = strchr(arg, '=');
        if (!equals || !equals[1]) {
            int key_len = equals ? equals - arg : strlen(arg);
            ctl_error(ctx, "No value specified for the option : %.*s",
                      key_len, arg);
            return false;
        }
        char *key = xmemdup0(arg, equals - arg);
        smap_replace(options, key, equals + 1);
        free(key);
    }
    return true;
}

/* "[--may-exist] [--bfd] [--chain=CHAIN] lr-policy-add ROUTER PRIORITY
 *  MATCH ACTION [NEXTHOP[,NEXTHOP]...|JUMP_CHAIN] [KEY=VALUE]...". */
static void
nbctl_lr_policy_add(struct ctl_context *ctx)
{
    const struct nbrec_logical_router *lr;
    int64_t priority;

    ctx->error = nbctl_lookup_router(ctx, ctx->argv[1], true, &lr);
    if (ctx->error) {
        return;
    }
    ctx->error = nbctl_parse_priority(ctx->argv[2], &priority);
    if (ctx->error) {
        return;
    }

    const char *match = ctx->argv[3];
    const char *action = ctx->argv[4];
    bool reroute = !strcmp(action, "reroute");
    bool jump = !strcmp(action, "jump");
    if (!reroute && !jump && strcmp(action, "allow")
        && strcmp(action, "drop")) {
        ctl_error(ctx, "%s: action must be one of \"allow\", \"drop\", "
                  "\"reroute\" and \"jump\"", action);
        return;
    }
    if (reroute && ctx->argc < 6) {
        ctl_error(ctx, "Nexthop is required when action is reroute.");
        return;
    }
    if (jump && ctx->argc < 6) {
        ctl_error(ctx, "Chain is required when action is jump.");
        return;
    }

    bool bfd = shash_find(&ctx->options, "--bfd") != NULL;
    if (bfd && !reroute) {
        ctl_error(ctx, "BFD is only valid when action is reroute.");
        return;
    }

    const char *chain = shash_find_data(&ctx->options, "--chain");
    if (chain && !chain[0]) {
        chain = NULL;
    }
    bool may_exist = shash_find(&ctx->options, "--may-exist") != NULL;
    for (size_t i = 0; i < lr->n_policies; i++) {
        const struct nbrec_logical_router_policy *policy = lr->policies[i];
        if (policy->priority == priority && !strcmp(policy->match, match)
            && !strcmp(policy_chain(policy), chain ? chain : "")) {
            if (!may_exist) {
                ctl_error(ctx, "Same routing policy already existed on the "
                          "logical router %s.", ctx->argv[1]);
            }
            return;
        }
    }

    struct svec nexthops = SVEC_EMPTY_INITIALIZER;
    struct smap options = SMAP_INITIALIZER(&options);
    const struct nbrec_bfd **bfd_sessions = NULL;
    int first_option = reroute || jump ? 6 : 5;
    if ((reroute && !parse_nexthops(ctx, ctx->argv[5], &nexthops))
        || !parse_options(ctx, first_option, &options)) {
        goto out;
    }
    if (bfd) {
        bfd_sessions = get_bfd_sessions(ctx, lr, &nexthops);
        if (!bfd_sessions) {
            goto out;
        }
    }

    struct nbrec_logical_router_policy *policy
        = nbrec_logical_router_policy_insert(ctx->txn);
    nbrec_logical_router_policy_set_priority(policy, priority);
    nbrec_logical_router_policy_set_match(policy, match);
    nbrec_logical_router_policy_set_action(policy, action);
    if (chain) {
        nbrec_logical_router_policy_set_chain(policy, chain);
    }
    if (reroute) {
        nbrec_logical_router_policy_set_nexthops(
            policy, (const char **) nexthops.names, nexthops.n);
    }
    if (jump) {
        nbrec_logical_router_policy_set_jump_chain(policy, ctx->argv[5]);
    }
    if (bfd_sessions) {
        nbrec_logical_router_policy_set_bfd_sessions(
            policy, (struct nbrec_bfd **) bfd_sessions, nexthops.n);
    }
    nbrec_logical_router_policy_set_options(policy, &options);
    ovn_dbctl_add_ref(&lr->header_, &nbrec_logical_router_col_policies,
                      &policy->header_);

out:
    free(bfd_sessions);
    smap_destroy(&options);
    svec_destroy(&nexthops);
}

/* "[--if-exists] lr-policy-del ROUTER [{PRIORITY | UUID} [MATCH]]":
 * without PRIORITY, deletes all the policies; with PRIORITY, those of that
 * priority (and MATCH). */
static void
nbctl_lr_policy_del(struct ctl_context *ctx)
{
    bool must_exist = !shash_find(&ctx->options, "--if-exists");
    const struct nbrec_logical_router *lr;

    ctx->error = nbctl_lookup_router(ctx, ctx->argv[1], true, &lr);
    if (ctx->error) {
        return;
    }

    if (ctx->argc == 2) {
        nbrec_logical_router_verify_policies(lr);
        nbrec_logical_router_set_policies(lr, NULL, 0);
        return;
    }

    struct uuid uuid;
    bool by_uuid = uuid_from_string(&uuid, ctx->argv[2]);
    int64_t priority = 0;
    if (!by_uuid) {
        ctx->error = nbctl_parse_priority(ctx->argv[2], &priority);
        if (ctx->error) {
            return;
        }
    }
    const char *match = ctx->argc > 3 ? ctx->argv[3] : NULL;

    /* Removing a policy rewrites lr->policies: iterate over a copy. */
    size_t n_policies = lr->n_policies;
    struct nbrec_logical_router_policy **policies
        = xmemdup(lr->policies, n_policies * sizeof *policies);
    size_t n_removed = 0;
    for (size_t i = 0; i < n_policies; i++) {
        const struct nbrec_logical_router_policy *policy = policies[i];
        if (by_uuid
            ? !uuid_equals(&uuid, &policy->header_.uuid)
            : policy->priority != priority) {
            continue;
        }
        if (match && strcmp(match, policy->match)) {
            continue;
        }
        ovn_dbctl_remove_ref(&lr->header_,
                             &nbrec_logical_router_col_policies,
                             &policy->header_);
        n_removed++;
    }

    free(policies);

    /* Deleting by priority alone is not an error when nothing matches. */
    if (!n_removed && must_exist && (by_uuid || match)) {
        ctl_error(ctx, "Logical router policy uuid is not found.");
    }
}

/* qsort() comparison function for lr-policy-list's order: by chain (the
 * main chain first), then highest priority first, then by match. */
static int
compare_listed_policies(const void *a_, const void *b_)
{
    const struct nbrec_logical_router_policy *a
        = *(const struct nbrec_logical_router_policy *const *) a_;
    const struct nbrec_logical_router_policy *b
        = *(const struct nbrec_logical_router_policy *const *) b_;

    int cmp = strcmp(policy_chain(a), policy_chain(b));
    if (cmp) {
        return cmp;
    }
    if (a->priority != b->priority) {
        return a->priority > b->priority ? -1 : 1;
    }
    return strcmp(a->match, b->match);
}

/* Appends one line of lr-policy-list for 'policy' to 's'. */
static void
print_policy(const struct nbrec_logical_router_policy *policy, struct ds *s)
{
    ds_put_format(s, "%10"PRId64" %50s %15s", policy->priority,
                  policy->match, policy->action);
    if (policy->n_nexthops) {
        for (size_t i = 0; i < policy->n_nexthops; i++) {
            char *nexthop = nbctl_normalize_prefix(policy->nexthops[i]);
            const char *shown = nexthop ? nexthop : policy->nexthops[i];
            if (i) {
                ds_put_format(s, ", %s", shown);
            } else {
                ds_put_format(s, " %25s", shown);
            }
            free(nexthop);
        }
    } else if (policy->nexthop && policy->nexthop[0]) {
        char *nexthop = nbctl_normalize_prefix(policy->nexthop);
        ds_put_format(s, " %25s", nexthop ? nexthop : policy->nexthop);
        free(nexthop);
    } else if (policy->jump_chain) {
        ds_put_format(s, " %25s", policy->jump_chain);
    }

    if (!smap_is_empty(&policy->options) || policy->n_bfd_sessions) {
        ds_put_format(s, "%15s", "");
        if (policy->n_bfd_sessions) {
            ds_put_cstr(s, "bfd,");
        }
        const struct smap_node *node;
        SMAP_FOR_EACH (node, &policy->options) {
            ds_put_format(s, "%s=%s,", node->key, node->value);
        }
        ds_chomp(s, ',');
    }
    ds_put_char(s, '\n');
}

/* "lr-policy-list ROUTER".  Policies of chains other than the main one,
 * if there are any, come after it, each chain under a heading. */
static void
nbctl_lr_policy_list(struct ctl_context *ctx)
{
    const struct nbrec_logical_router *lr;

    ctx->error = nbctl_lookup_router(ctx, ctx->argv[1], true, &lr);
    if (ctx->error || !lr->n_policies) {
        return;
    }

    size_t n = lr->n_policies;
    const struct nbrec_logical_router_policy **policies
        = xmemdup(lr->policies, n * sizeof *policies);
    bool chains = false;
    for (size_t i = 0; i < n; i++) {
        chains = chains || policy_chain(policies[i])[0];
    }
    qsort(policies, n, sizeof *policies, compare_listed_policies);

    ds_put_cstr(&ctx->output, "Routing Policies\n");
    for (size_t i = 0; i < n; i++) {
        const char *chain = policy_chain(policies[i]);
        if (chains
            && (!i || strcmp(chain, policy_chain(policies[i - 1])))) {
            ds_put_format(&ctx->output, "%sChain %s:\n", i ? "\n" : "",
                          chain[0] ? chain : "<main>");
        }
        print_policy(policies[i], &ctx->output);
    }
    free(policies);
}

const struct ctl_command_syntax nbctl_policy_commands[] = {
    {"lr-policy-add", 4, INT_MAX,
     "ROUTER PRIORITY MATCH ACTION [NEXTHOP] [OPTIONS - KEY=VALUE ...]",
     NULL, nbctl_lr_policy_add, NULL, "--may-exist,--bfd?,--chain=", RW},
    {"lr-policy-del", 1, 3, "ROUTER [{PRIORITY | UUID} [MATCH]]", NULL,
     nbctl_lr_policy_del, NULL, "--if-exists", RW},
    {"lr-policy-list", 1, 1, "ROUTER", NULL, nbctl_lr_policy_list, NULL,
     "", RO},
    {NULL, 0, 0, NULL, NULL, NULL, NULL, "", RO},
};

const char nbctl_policy_help[] =
    "Policy commands:\n"
    "  [--may-exist]\n"
    "  [--bfd]\n"
    "  [--chain=CHAIN]\n"
    "  lr-policy-add ROUTER PRIORITY MATCH ACTION [NEXTHOP,[NEXTHOP,...]] "
    "[OPTIONS KEY=VALUE ...]\n"
    "                            add a policy to router\n"
    "  [--if-exists]\n"
    "  lr-policy-del ROUTER [{PRIORITY | UUID} [MATCH]]\n"
    "                            remove policies from ROUTER\n"
    "  lr-policy-list ROUTER     print policies for ROUTER\n";
