/* lr-routes.c: the routes of a logical router (see lr-routes.h). */

#include <config.h>

#include "northd/lr-routes.h"

#include <arpa/inet.h>
#include <string.h>

#include "lib/ovn-nb-idl.h"
#include "northd/lr-common.h"
#include "northd/northd.h"
#include "openvswitch/vlog.h"
#include "packets.h"
#include "smap.h"
#include "sset.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(lr_routes);

/* Priority offset of each route source: among routes of one prefix length,
 * connected networks win over static routes, which win over learned
 * ones.  (Source-address routes have offset 0: for a given prefix length a
 * destination route wins.) */
int
route_source_priority_offset(enum route_source source)
{
    switch (source) {
    case ROUTE_SOURCE_CONNECTED:
        return 6;
    case ROUTE_SOURCE_STATIC:
        return 4;
    case ROUTE_SOURCE_LEARNED:
        return 2;
    }
    OVS_NOT_REACHED();
}

/* Appends an empty route to 'pr' and returns it, for the caller to fill.
 * (Dynamic routing adds its learned routes this way, with source
 * ROUTE_SOURCE_LEARNED, after parsed_routes_build().) */
struct parsed_route *
parsed_routes_add(struct parsed_routes *pr)
{
    if (pr->n >= pr->allocated) {
        pr->routes = x2nrealloc(pr->routes, &pr->allocated,
                                sizeof *pr->routes);
    }
    struct parsed_route *route = &pr->routes[pr->n++];
    memset(route, 0, sizeof *route);
    return route;
}

/* Returns the id of route table 'route_table' ("" or NULL for the main
 * table, whose id is 0). */
uint32_t
parsed_routes_table_id(const struct parsed_routes *pr,
                       const char *route_table)
{
    if (!route_table || !route_table[0]) {
        return 0;
    }
    const struct shash_node *node = shash_find(&pr->route_tables,
                                               route_table);
    return node ? (uint32_t) (uintptr_t) node->data : 0;
}

/* Formats 'addr' (IPv4 mapped if 'is_ipv4') as text, which the caller
 * frees. */
char *
route_format_addr(const struct in6_addr *addr, bool is_ipv4)
{
    if (is_ipv4) {
        return xasprintf(IP_FMT, IP_ARGS(in6_addr_get_mapped_ipv4(addr)));
    }
    char buf[INET6_ADDRSTRLEN];
    inet_ntop(AF_INET6, addr, buf, sizeof buf);
    return xstrdup(buf);
}

/* Parses 's', an IPv4 or IPv6 address, into '*addr' (IPv4 mapped) and
 * '*is_ipv4'. */
bool
route_parse_addr(const char *s, struct in6_addr *addr, bool *is_ipv4)
{
    ovs_be32 ip4;
    if (ip_parse(s, &ip4)) {
        *addr = in6_addr_mapped_ipv4(ip4);
        *is_ipv4 = true;
        return true;
    }
    *is_ipv4 = false;
    return ipv6_parse(s, addr);
}

/* Parses 's', an IPv4 or IPv6 address with an optional prefix length, into
 * the network '*prefix' (IPv4 mapped, host bits cleared), '*plen' and
 * '*is_ipv4'. */
bool
route_parse_prefix(const char *s, struct in6_addr *prefix,
                   unsigned int *plen, bool *is_ipv4)
{
    ovs_be32 ip4;
    char *error = ip_parse_cidr(s, &ip4, plen);
    if (!error) {
        *prefix = in6_addr_mapped_ipv4(ip4 & be32_prefix_mask(*plen));
        *is_ipv4 = true;
        return true;
    }
    free(error);

    struct in6_addr ip6;
    error = ipv6_parse_cidr(s, &ip6, plen);
    if (!error) {
        struct in6_addr mask = ipv6_create_mask(*plen);
        *prefix = ipv6_addr_bitand(&ip6, &mask);
        *is_ipv4 = false;
        return true;
    }
    free(error);
    return false;
}

/* Returns the first address of router port 'op' of the given family, or
 * NULL. */
static const char *
lrp_first_addr(const struct ovn_port *op, bool is_ipv4)
{
    const struct lport_addresses *n = &op->lrp_networks;
    if (is_ipv4) {
        return n->n_ipv4_addrs ? n->ipv4_addrs[0].addr_s : NULL;
    }
    return n->n_ipv6_addrs ? n->ipv6_addrs[0].addr_s : NULL;
}

/* Adds the routes to the networks of router 'od''s ports. */
static void
add_connected_routes(const struct ovn_datapath *od, struct parsed_routes *pr)
{
    const struct ovn_port *op;
    OVN_DATAPATH_FOR_EACH_PORT (op, od) {
        if (!op->nbrp || op->is_chassisredirect) {
            continue;
        }
        const struct lport_addresses *n = &op->lrp_networks;
        for (size_t i = 0; i < n->n_ipv4_addrs + n->n_ipv6_addrs; i++) {
            bool v4 = i < n->n_ipv4_addrs;
            struct parsed_route *route = parsed_routes_add(pr);
            route->source = ROUTE_SOURCE_CONNECTED;
            route->is_ipv4 = route->is_ipv4_nexthop = v4;
            if (v4) {
                const struct ipv4_netaddr *na = &n->ipv4_addrs[i];
                route->prefix = in6_addr_mapped_ipv4(na->network);
                route->plen = na->plen;
                route->prefix_s = xstrdup(na->network_s);
                route->lrp_addr_s = na->addr_s;
            } else {
                const struct ipv6_netaddr *na
                    = &n->ipv6_addrs[i - n->n_ipv4_addrs];
                route->prefix = na->network;
                route->plen = na->plen;
                route->prefix_s = xstrdup(na->network_s);
                route->lrp_addr_s = na->addr_s;
            }
            route->out_port = op;
            route->hint = &op->nbrp->header_;
        }
    }
}

/* Finds the port of router 'od' through which 'nexthop' is reachable, and
 * the address of that port on the next hop's network. */
static const struct ovn_port *
find_route_out_port(const struct ovn_datapath *od, const char *nexthop,
                    const char **lrp_addr_s)
{
    const struct ovn_port *op;
    OVN_DATAPATH_FOR_EACH_PORT (op, od) {
        if (!op->nbrp || op->is_chassisredirect) {
            continue;
        }
        *lrp_addr_s = lrp_find_member_ip(op, nexthop);
        if (*lrp_addr_s) {
            return op;
        }
    }
    return NULL;
}

/* Returns router 'od''s port named 'name', or NULL. */
static const struct ovn_port *
find_router_port(const struct ovn_datapath *od, const char *name)
{
    const struct ovn_port *op;
    OVN_DATAPATH_FOR_EACH_PORT (op, od) {
        if (op->nbrp && !op->is_chassisredirect && !strcmp(op->key, name)) {
            return op;
        }
    }
    return NULL;
}

/* Adds static route 'r' of router 'od', unless it is invalid, its next
 * hop is unreachable or its BFD session is down. */
static void
add_static_route(const struct ovn_datapath *od,
                 const struct nbrec_logical_router_static_route *r,
                 struct parsed_routes *pr)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);
    struct in6_addr prefix, nexthop;
    unsigned int plen;
    bool is_ipv4, is_ipv4_nexthop = false;

    if (!route_parse_prefix(r->ip_prefix, &prefix, &plen, &is_ipv4)) {
        VLOG_WARN_RL(&rl, "bad 'ip_prefix' %s", r->ip_prefix);
        return;
    }

    bool is_discard = !strcmp(r->nexthop, "discard");
    bool has_nexthop = !is_discard && r->nexthop[0];
    if (has_nexthop) {
        if (!route_parse_addr(r->nexthop, &nexthop, &is_ipv4_nexthop)) {
            VLOG_WARN_RL(&rl, "bad 'nexthop' %s in static route %s",
                         r->nexthop, r->ip_prefix);
            return;
        }
        if (!is_ipv4 && is_ipv4_nexthop) {
            VLOG_WARN_RL(&rl, "IPv4 nexthop %s of static route %s is not "
                         "usable for an IPv6 prefix", r->nexthop,
                         r->ip_prefix);
            return;
        }
    } else if (!is_discard && !r->output_port) {
        VLOG_WARN_RL(&rl, "static route %s has neither a nexthop nor an "
                     "output port", r->ip_prefix);
        return;
    }

    /* A route that BFD watches exists only while its session is up. */
    if (r->bfd && r->bfd->status && !strcmp(r->bfd->status, "down")) {
        return;
    }

    char *nexthop_s = (has_nexthop
                       ? route_format_addr(&nexthop, is_ipv4_nexthop)
                       : NULL);
    const struct ovn_port *out_port = NULL;
    const char *lrp_addr_s = NULL;
    if (!is_discard) {
        bool addr_v4 = has_nexthop ? is_ipv4_nexthop : is_ipv4;
        if (r->output_port) {
            out_port = find_router_port(od, r->output_port);
            if (!out_port) {
                VLOG_WARN_RL(&rl, "Bad out port %s for static route %s",
                             r->output_port, r->ip_prefix);
                free(nexthop_s);
                return;
            }
            if (has_nexthop) {
                lrp_addr_s = lrp_find_member_ip(out_port, nexthop_s);
            }
            if (!lrp_addr_s) {
                lrp_addr_s = lrp_first_addr(out_port, addr_v4);
            }
        } else {
            out_port = find_route_out_port(od, nexthop_s, &lrp_addr_s);
        }
        if (!out_port || !lrp_addr_s) {
            VLOG_WARN_RL(&rl, "No path for static route %s; next hop %s",
                         r->ip_prefix, r->nexthop);
            free(nexthop_s);
            return;
        }
    }

    struct parsed_route *route = parsed_routes_add(pr);
    /* A route that ovn-ic learned from another availability zone's
     * connected networks ranks with this router's own. */
    route->source = (!strcmp(smap_get_def(&r->options, "origin", ""),
                             "connected")
                     ? ROUTE_SOURCE_CONNECTED : ROUTE_SOURCE_STATIC);
    route->prefix = prefix;
    route->plen = plen;
    route->is_ipv4 = is_ipv4;
    route->prefix_s = route_format_addr(&prefix, is_ipv4);
    route->is_src_route = r->policy && !strcmp(r->policy, "src-ip");
    route->route_table_id = parsed_routes_table_id(pr, r->route_table);
    route->is_discard = is_discard;
    route->has_nexthop = has_nexthop;
    route->nexthop = has_nexthop ? nexthop : in6addr_any;
    route->is_ipv4_nexthop = has_nexthop ? is_ipv4_nexthop : is_ipv4;
    route->nexthop_s = nexthop_s;
    route->out_port = out_port;
    route->lrp_addr_s = lrp_addr_s;
    route->ecmp_symmetric_reply = smap_get_bool(&r->options,
                                                "ecmp_symmetric_reply",
                                                false);
    route->nb_route = r;
    route->hint = &r->header_;
}

/* Numbers the route tables that router 'od''s static routes and ports
 * name, from 1, in name order. */
static void
number_route_tables(const struct ovn_datapath *od, struct parsed_routes *pr)
{
    struct sset names = SSET_INITIALIZER(&names);
    for (size_t i = 0; i < od->nbr->n_static_routes; i++) {
        const char *name = od->nbr->static_routes[i]->route_table;
        if (name && name[0]) {
            sset_add(&names, name);
        }
    }
    for (size_t i = 0; i < od->nbr->n_ports; i++) {
        const char *name = smap_get(&od->nbr->ports[i]->options,
                                    "route_table");
        if (name && name[0]) {
            sset_add(&names, name);
        }
    }
    const char **sorted = sset_sort(&names);
    for (size_t i = 0; i < sset_count(&names); i++) {
        shash_add(&pr->route_tables, sorted[i], (void *) (uintptr_t) (i + 1));
    }
    free(sorted);
    sset_destroy(&names);
}

/* Fills 'pr' with the routes of router 'od'. */
void
parsed_routes_build(const struct ovn_datapath *od, struct parsed_routes *pr)
{
    memset(pr, 0, sizeof *pr);
    shash_init(&pr->route_tables);
    number_route_tables(od, pr);
    add_connected_routes(od, pr);
    for (size_t i = 0; i < od->nbr->n_static_routes; i++) {
        add_static_route(od, od->nbr->static_routes[i], pr);
    }
}

/* Frees the contents of 'pr'. */
void
parsed_routes_destroy(struct parsed_routes *pr)
{
    for (size_t i = 0; i < pr->n; i++) {
        free(pr->routes[i].prefix_s);
        free(pr->routes[i].nexthop_s);
    }
    free(pr->routes);
    shash_destroy(&pr->route_tables);
}
