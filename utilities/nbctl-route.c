/* nbctl-route.c: ovn-nbctl's static route commands: lr-route-add,
 * lr-route-del, lr-route-list.
 *
 * A route is identified by its policy (dst-ip, the default, or src-ip),
 * route table ("" for the main table) and prefix; ECMP routes share all
 * three and differ by nexthop.  Prefixes and nexthops are compared in
 * their canonical forms (nbctl-args.h).  The nexthop "discard" drops what
 * the route matches. */

#include <config.h>

#include <stdlib.h>

#include "lib/ovn-nb-idl.h"
#include "nbctl-ip.h"
#include "nbctl-commands.h"
#include "nbctl-lookup.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/shash.h"
#include "openvswitch/vlog.h"
#include "ovn-dbctl.h"
#include "packets.h"
#include "smap.h"
#include "util.h"
#include "uuid.h"

VLOG_DEFINE_THIS_MODULE(nbctl_route);

/* Returns true if 'route' has the src-ip policy. */
static bool
is_src_route(const struct nbrec_logical_router_static_route *route)
{
    return route->policy && !strcmp(route->policy, "src-ip");
}

/* Returns the canonical form of 'route''s nexthop ("discard" stays as it
 * is), or NULL if it cannot be parsed.  The caller frees it. */
static char *
route_nexthop(const struct nbrec_logical_router_static_route *route)
{
    return (!strcmp(route->nexthop, "discard")
            ? xstrdup("discard")
            : nbctl_normalize_prefix(route->nexthop));
}

/* Returns true if 'route''s prefix is 'prefix', a canonical prefix. */
static bool
route_has_prefix(const struct nbrec_logical_router_static_route *route,
                 const char *prefix)
{
    char *rt_prefix = nbctl_normalize_prefix(route->ip_prefix);
    bool same = rt_prefix && !strcmp(rt_prefix, prefix);
    free(rt_prefix);
    return same;
}

/* Returns true if 'route''s nexthop is 'nexthop', in canonical form. */
static bool
route_has_nexthop(const struct nbrec_logical_router_static_route *route,
                  const char *nexthop)
{
    char *rt_nexthop = route_nexthop(route);
    bool same = rt_nexthop && !strcmp(rt_nexthop, nexthop);
    free(rt_nexthop);
    return same;
}

/* Returns the route of 'lr' with the given policy, route table and
 * canonical prefix, and also the given canonical nexthop if 'ecmp' is
 * true, or NULL if there is none. */
static const struct nbrec_logical_router_static_route *
find_route(const struct nbrec_logical_router *lr, const char *prefix,
           const char *nexthop, bool src_route, bool ecmp,
           const char *route_table)
{
    for (size_t i = 0; i < lr->n_static_routes; i++) {
        const struct nbrec_logical_router_static_route *route
            = lr->static_routes[i];

        if (is_src_route(route) != src_route
            || strcmp(route->route_table, route_table)) {
            continue;
        }

        if (route_has_prefix(route, prefix)
            && (!ecmp || route_has_nexthop(route, nexthop))) {
            return route;
        }
    }
    return NULL;
}

/* Finds or creates the BFD session for a route's --bfd[=UUID] option
 * 'bfd_arg' (NULL without a UUID): the session with that UUID, or else
 * the one towards 'nexthop' (through 'port' if nonnull), created if there
 * is none and the route names its output port.  Returns NULL, with
 * ctx->error set, on failure. */
static const struct nbrec_bfd *
get_bfd(struct ctl_context *ctx, const char *bfd_arg, const char *nexthop,
        const char *port)
{
    const struct nbrec_bfd *bfd;

    if (bfd_arg) {
        struct uuid uuid;
        bfd = (uuid_from_string(&uuid, bfd_arg)
               ? nbrec_bfd_get_for_uuid(ctx->idl, &uuid)
               : NULL);
        if (!bfd) {
            ctl_error(ctx, "no entry found in the BFD table");
        }
        return bfd;
    }

    NBREC_BFD_FOR_EACH (bfd, ctx->idl) {
        if (!strcmp(bfd->dst_ip, nexthop)
            && (!port || !strcmp(bfd->logical_port, port))) {
            return bfd;
        }
    }
    if (!port) {
        ctl_error(ctx, "insert entry in the BFD table failed");
        return NULL;
    }

    struct nbrec_bfd *new_bfd = nbrec_bfd_insert(ctx->txn);
    nbrec_bfd_set_dst_ip(new_bfd, nexthop);
    nbrec_bfd_set_logical_port(new_bfd, port);
    return new_bfd;
}

/* Checks the --policy option's value 'policy' (NULL if absent) and stores
 * in '*src_routep' whether it asks for source-IP routes.  Returns false,
 * with ctx->error set, if it is neither "src-ip" nor "dst-ip". */
static bool
parse_policy(struct ctl_context *ctx, const char *policy, bool *src_routep)
{
    *src_routep = policy && !strcmp(policy, "src-ip");
    if (policy && strcmp(policy, "src-ip") && strcmp(policy, "dst-ip")) {
        ctl_error(ctx, "bad policy: %s", policy);
        return false;
    }
    return true;
}

/* "[--may-exist] [--ecmp] [--ecmp-symmetric-reply] [--policy=POLICY]
 *  [--route-table=TABLE] [--bfd[=UUID]] lr-route-add ROUTER PREFIX
 *  NEXTHOP [PORT]". */
static void
nbctl_lr_route_add(struct ctl_context *ctx)
{
    const struct nbrec_logical_router *lr;
    char *prefix = NULL;
    char *nexthop = NULL;

    ctx->error = nbctl_lookup_router(ctx, ctx->argv[1], true, &lr);
    if (ctx->error) {
        return;
    }

    const char *policy = shash_find_data(&ctx->options, "--policy");
    bool src_route;
    if (!parse_policy(ctx, policy, &src_route)) {
        return;
    }
    const char *route_table = shash_find_data(&ctx->options, "--route-table");

    bool v6_prefix = false;
    prefix = nbctl_normalize_ipv4_prefix(ctx->argv[2]);
    if (!prefix) {
        prefix = nbctl_normalize_ipv6_prefix(ctx->argv[2]);
        v6_prefix = true;
    }
    if (!prefix) {
        ctl_error(ctx, "bad prefix argument: %s", ctx->argv[2]);
        return;
    }

    bool discard = !strcmp(ctx->argv[3], "discard");
    if (discard) {
        nexthop = xstrdup("discard");
    } else {
        nexthop = (v6_prefix
                   ? nbctl_normalize_ipv6_addr(ctx->argv[3])
                   : nbctl_normalize_ipv4_addr(ctx->argv[3]));
        if (!nexthop) {
            ctl_error(ctx, "bad %s nexthop argument: %s",
                      v6_prefix ? "IPv6" : "IPv4", ctx->argv[3]);
            goto out;
        }
    }

    const char *port = ctx->argc == 5 ? ctx->argv[4] : NULL;
    struct shash_node *bfd_option = shash_find(&ctx->options, "--bfd");
    bool may_exist = shash_find(&ctx->options, "--may-exist") != NULL;
    bool ecmp_symmetric_reply = shash_find(&ctx->options,
                                           "--ecmp-symmetric-reply") != NULL;
    bool ecmp = (shash_find(&ctx->options, "--ecmp") != NULL
                 || ecmp_symmetric_reply);

    if (discard) {
        if (ecmp) {
            ctl_error(ctx, "ecmp is not valid for discard routes.");
            goto out;
        }
        if (bfd_option) {
            ctl_error(ctx, "bfd dst_ip cannot be discard.");
            goto out;
        }
        if (port) {
            ctl_error(ctx, "outport is not valid for discard routes.");
            goto out;
        }
    }

    const struct nbrec_logical_router_static_route *route
        = find_route(lr, prefix, nexthop, src_route, ecmp,
                     route_table ? route_table : "");
    if (route && ecmp) {
        if (!may_exist) {
            ctl_error(ctx, "duplicate nexthop for the same ECMP route");
        }
        goto out;
    }
    if (route && !may_exist) {
        ctl_error(ctx, "duplicate prefix: %s (policy: %s). Use option"
                  " --ecmp to allow this for ECMP routing.",
                  prefix, policy ? policy : "dst-ip");
        goto out;
    }

    const struct nbrec_bfd *bfd = NULL;
    if (bfd_option) {
        bfd = get_bfd(ctx, bfd_option->data, nexthop, port);
        if (!bfd) {
            goto out;
        }
    }

    if (route) {
        /* --may-exist without --ecmp: update the existing route. */
        nbrec_logical_router_static_route_verify_nexthop(route);
        nbrec_logical_router_static_route_set_ip_prefix(route, prefix);
        nbrec_logical_router_static_route_set_nexthop(route, nexthop);
        if (port) {
            nbrec_logical_router_static_route_set_output_port(route, port);
        }
        if (policy) {
            nbrec_logical_router_static_route_set_policy(route, policy);
        }
        if (bfd) {
            nbrec_logical_router_static_route_set_bfd(route, bfd);
        }
        goto out;
    }

    struct nbrec_logical_router_static_route *new_route
        = nbrec_logical_router_static_route_insert(ctx->txn);
    nbrec_logical_router_static_route_set_ip_prefix(new_route, prefix);
    nbrec_logical_router_static_route_set_nexthop(new_route, nexthop);
    if (port) {
        nbrec_logical_router_static_route_set_output_port(new_route, port);
    }
    if (policy) {
        nbrec_logical_router_static_route_set_policy(new_route, policy);
    }
    if (ecmp_symmetric_reply) {
        const struct smap options = SMAP_CONST1(&options,
                                                "ecmp_symmetric_reply",
                                                "true");
        nbrec_logical_router_static_route_set_options(new_route, &options);
    }
    if (route_table) {
        nbrec_logical_router_static_route_set_route_table(new_route,
                                                          route_table);
    }
    if (bfd) {
        nbrec_logical_router_static_route_set_bfd(new_route, bfd);
    }
    ovn_dbctl_add_ref(&lr->header_, &nbrec_logical_router_col_static_routes,
                      &new_route->header_);

out:
    free(prefix);
    free(nexthop);
}

/* "[--if-exists] [--policy=POLICY] [--route-table=TABLE] lr-route-del
 *  ROUTER [PREFIX [NEXTHOP [PORT]]]": deletes every route that matches
 *  all that is given. */
static void
nbctl_lr_route_del(struct ctl_context *ctx)
{
    const struct nbrec_logical_router *lr;

    ctx->error = nbctl_lookup_router(ctx, ctx->argv[1], true, &lr);
    if (ctx->error) {
        return;
    }

    const char *policy = shash_find_data(&ctx->options, "--policy");
    bool src_route;
    if (!parse_policy(ctx, policy, &src_route)) {
        return;
    }
    const char *route_table = shash_find_data(&ctx->options, "--route-table");

    if (ctx->argc == 2 && !policy && !route_table) {
        nbrec_logical_router_verify_static_routes(lr);
        nbrec_logical_router_set_static_routes(lr, NULL, 0);
        return;
    }

    char *prefix = NULL;
    if (ctx->argc > 2) {
        prefix = nbctl_normalize_prefix(ctx->argv[2]);
        if (!prefix) {
            ctl_error(ctx, "bad prefix argument: %s", ctx->argv[2]);
            return;
        }
    }

    char *nexthop = NULL;
    if (ctx->argc > 3) {
        nexthop = (!strcmp(ctx->argv[3], "discard")
                   ? xstrdup("discard")
                   : nbctl_normalize_prefix(ctx->argv[3]));
        if (!nexthop) {
            ctl_error(ctx, "bad nexthop argument: %s", ctx->argv[3]);
            free(prefix);
            return;
        }
    }

    const char *port = ctx->argc > 4 ? ctx->argv[4] : NULL;

    /* Removing a route rewrites lr->static_routes: iterate over a copy. */
    size_t n_routes = lr->n_static_routes;
    struct nbrec_logical_router_static_route **routes
        = xmemdup(lr->static_routes, n_routes * sizeof *routes);
    size_t n_removed = 0;
    for (size_t i = 0; i < n_routes; i++) {
        const struct nbrec_logical_router_static_route *route = routes[i];

        if ((route_table && strcmp(route_table, route->route_table))
            || (policy && is_src_route(route) != src_route)
            || (port && (!route->output_port
                         || strcmp(port, route->output_port)))) {
            continue;
        }
        if ((prefix && !route_has_prefix(route, prefix))
            || (nexthop && !route_has_nexthop(route, nexthop))) {
            continue;
        }

        ovn_dbctl_remove_ref(&lr->header_,
                             &nbrec_logical_router_col_static_routes,
                             &route->header_);
        n_removed++;
    }

    free(routes);

    if (!n_removed && !shash_find(&ctx->options, "--if-exists")) {
        /* Without a prefix, upstream prints it as "(null)". */
        ctl_error(ctx, "no matching route: policy '%s', prefix '%s', "
                  "nexthop '%s', output_port '%s'.",
                  policy ? policy : "any", prefix ? prefix : "(null)",
                  nexthop ? nexthop : "any", port ? port : "any");
    }
    free(prefix);
    free(nexthop);
}

/* A route of lr-route-list, with what it sorts by. */
struct listed_route {
    const struct nbrec_logical_router_static_route *route;
    int priority;               /* Longer prefixes first; dst-ip routes
                                 * before src-ip routes of the same
                                 * length. */
    struct in6_addr addr;       /* The prefix's address (IPv4-mapped for
                                 * IPv4). */
};

/* Compares what makes routes ECMP siblings: route table, priority and
 * prefix. */
static int
compare_route_keys(const struct listed_route *a, const struct listed_route *b)
{
    int cmp = strcmp(a->route->route_table, b->route->route_table);
    if (cmp) {
        return cmp;
    }
    if (a->priority != b->priority) {
        return a->priority > b->priority ? -1 : 1;
    }
    return memcmp(&a->addr, &b->addr, sizeof a->addr);
}

/* qsort() comparison function for lr-route-list's order: by route table
 * (the main table first), priority, address, nexthop and then output port
 * (routes without one first). */
static int
compare_listed_routes(const void *a_, const void *b_)
{
    const struct listed_route *a = a_;
    const struct listed_route *b = b_;

    int cmp = compare_route_keys(a, b);
    if (cmp) {
        return cmp;
    }
    cmp = strcmp(a->route->nexthop, b->route->nexthop);
    if (cmp) {
        return cmp;
    }
    if (a->route->output_port && b->route->output_port) {
        return strcmp(a->route->output_port, b->route->output_port);
    }
    return (!!a->route->output_port) - (!!b->route->output_port);
}

/* Appends one line of lr-route-list for 'route' to 's'. */
static void
print_route(const struct nbrec_logical_router_static_route *route,
            bool ecmp, struct ds *s)
{
    char *prefix = nbctl_normalize_prefix(route->ip_prefix);
    char *nexthop = route->nexthop[0] ? route_nexthop(route) : NULL;

    ds_put_format(s, "%25s %25s", prefix ? prefix : route->ip_prefix,
                  nexthop ? nexthop : route->nexthop);
    free(prefix);
    free(nexthop);

    ds_put_format(s, " %s", route->policy ? route->policy : "dst-ip");
    if (route->output_port) {
        ds_put_format(s, " %s", route->output_port);
    }
    if (smap_get(&route->external_ids, "ic-learned-route")) {
        ds_put_cstr(s, " (learned)");
    }
    if (ecmp) {
        ds_put_cstr(s, " ecmp");
    }
    if (smap_get_bool(&route->options, "ecmp_symmetric_reply", false)) {
        ds_put_cstr(s, " ecmp-symmetric-reply");
    }
    if (route->bfd) {
        ds_put_cstr(s, " bfd");
    }
    ds_put_char(s, '\n');
}

/* Appends to 's' the section of lr-route-list for the 'n' routes of one
 * address family in 'routes', sorting them first. */
static void
print_routes(struct listed_route *routes, size_t n, const char *title,
             struct ds *s)
{
    qsort(routes, n, sizeof *routes, compare_listed_routes);
    ds_put_format(s, "%s\n", title);
    for (size_t i = 0; i < n; i++) {
        const struct nbrec_logical_router_static_route *route
            = routes[i].route;

        if (!i || strcmp(route->route_table,
                         routes[i - 1].route->route_table)) {
            ds_put_format(s, "%sRoute Table %s:\n", i ? "\n" : "",
                          route->route_table[0]
                          ? route->route_table : "<main>");
        }
        bool ecmp = ((i + 1 < n
                      && !compare_route_keys(&routes[i], &routes[i + 1]))
                     || (i > 0
                         && !compare_route_keys(&routes[i], &routes[i - 1])));
        print_route(route, ecmp, s);
    }
}

/* "[--route-table=TABLE] lr-route-list ROUTER": IPv4 routes, then IPv6
 * routes, each by route table, longest prefix first. */
static void
nbctl_lr_route_list(struct ctl_context *ctx)
{
    const struct nbrec_logical_router *lr;

    ctx->error = nbctl_lookup_router(ctx, ctx->argv[1], true, &lr);
    if (ctx->error) {
        return;
    }
    const char *route_table = shash_find_data(&ctx->options, "--route-table");

    struct listed_route *v4 = xmalloc(lr->n_static_routes * sizeof *v4);
    struct listed_route *v6 = xmalloc(lr->n_static_routes * sizeof *v6);
    size_t n_v4 = 0, n_v6 = 0;
    for (size_t i = 0; i < lr->n_static_routes; i++) {
        const struct nbrec_logical_router_static_route *route
            = lr->static_routes[i];
        if (route_table && strcmp(route->route_table, route_table)) {
            continue;
        }

        int dst_bonus = is_src_route(route) ? 0 : 1;
        unsigned int plen;
        ovs_be32 ip4;
        struct in6_addr ip6;
        char *error = ip_parse_cidr(route->ip_prefix, &ip4, &plen);
        if (!error) {
            struct listed_route *r = &v4[n_v4++];
            r->route = route;
            r->priority = 2 * plen + dst_bonus;
            in6_addr_set_mapped_ipv4(&r->addr, ip4);
            continue;
        }
        free(error);

        error = ipv6_parse_cidr(route->ip_prefix, &ip6, &plen);
        if (!error) {
            struct listed_route *r = &v6[n_v6++];
            r->route = route;
            r->priority = 2 * plen + dst_bonus;
            r->addr = ip6;
            continue;
        }
        free(error);
        VLOG_WARN("router "UUID_FMT" (%s) has invalid prefix: %s",
                  UUID_ARGS(&lr->header_.uuid), lr->name, route->ip_prefix);
    }

    if (n_v4) {
        print_routes(v4, n_v4, "IPv4 Routes", &ctx->output);
    }
    if (n_v6) {
        if (n_v4) {
            ds_put_char(&ctx->output, '\n');
        }
        print_routes(v6, n_v6, "IPv6 Routes", &ctx->output);
    }
    free(v4);
    free(v6);
}

const struct ctl_command_syntax nbctl_route_commands[] = {
    {"lr-route-add", 3, 4, "ROUTER PREFIX NEXTHOP [PORT]", NULL,
     nbctl_lr_route_add, NULL,
     "--may-exist,--ecmp,--ecmp-symmetric-reply,--policy=,"
     "--route-table=,--bfd?", RW},
    {"lr-route-del", 1, 4, "ROUTER [PREFIX [NEXTHOP [PORT]]]", NULL,
     nbctl_lr_route_del, NULL, "--if-exists,--policy=,--route-table=", RW},
    {"lr-route-list", 1, 1, "ROUTER", NULL, nbctl_lr_route_list, NULL,
     "--route-table=", RO},
    {NULL, 0, 0, NULL, NULL, NULL, NULL, "", RO},
};

const char nbctl_route_help[] =
    "Route commands:\n"
    "  [--policy=POLICY]\n"
    "  [--ecmp]\n"
    "  [--ecmp-symmetric-reply]\n"
    "  [--route-table=ROUTE_TABLE]\n"
    "  [--bfd]\n"
    "  lr-route-add ROUTER PREFIX NEXTHOP [PORT]\n"
    "                            add a route to ROUTER\n"
    "  [--policy=POLICY]\n"
    "  [--route-table=ROUTE_TABLE]\n"
    "  lr-route-del ROUTER [PREFIX [NEXTHOP [PORT]]]\n"
    "                            remove routes from ROUTER\n"
    "  [--route-table=ROUTE_TABLE]\n"
    "  lr-route-list ROUTER      print routes for ROUTER\n";
