/* en-learned-routes.c: the "learned_route_sync" engine node.
 *
 * This module owns what ovn-northd makes of the Southbound Learned_Route
 * table, which ovn-controller fills with the routes that the routing
 * daemon of its chassis learned for a router with dynamic routing:
 *
 *   - each row whose router port belongs to the row's router, whose
 *     prefix and next hop parse and whose next hop is on one of the
 *     port's networks becomes a route of that router (route source
 *     "learned", which loses to connected and static routes of the same
 *     prefix length: see lr-routes.h), unless the port or its router has
 *     options:dynamic-routing-no-learning=true; lr-routing.c turns them
 *     into flows (learned_routes_add_to());
 *
 *   - rows that refer to a datapath or port that ovn-northd does not
 *     have (any more) are deleted, since they would keep their Southbound
 *     binding from going away.
 *
 * The node's data changes only when some router's learned routes do, so
 * that the routing flows are rebuilt only then. */

#include <config.h>

#include "northd/en-learned-routes.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "lib/ovn-nb-idl.h"
#include "lib/ovn-sb-idl.h"
#include "northd/dynamic-routing.h"
#include "northd/en-northd.h"
#include "northd/inc-proc-northd.h"
#include "northd/lr-common.h"
#include "northd/lr-routes.h"
#include "northd/northd.h"
#include "openvswitch/vlog.h"
#include "packets.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(en_learned_routes);

/* Frees the routes of 'lr' and empties it. */
static void
learned_routes_clear(struct learned_routes *lr)
{
    for (size_t i = 0; i < lr->n_datapaths; i++) {
        struct learned_route_list *list = &lr->by_index[i];
        for (size_t j = 0; j < list->n; j++) {
            free(list->routes[j].port_key);
            free(list->routes[j].flow_key);
        }
        free(list->routes);
    }
    free(lr->by_index);
    lr->by_index = NULL;
    lr->n_datapaths = 0;
}

/* Orders learned routes by family, prefix, length, port and next hop, so
 * that ECMP members keep their numbers whatever the database's order. */
static int
learned_route_cmp(const void *a_, const void *b_)
{
    const struct learned_route *a = a_;
    const struct learned_route *b = b_;
    int cmp;

    if (a->is_ipv4 != b->is_ipv4) {
        return a->is_ipv4 ? -1 : 1;
    }
    cmp = memcmp(&a->prefix, &b->prefix, sizeof a->prefix);
    if (cmp) {
        return cmp;
    }
    if (a->plen != b->plen) {
        return a->plen < b->plen ? -1 : 1;
    }
    cmp = strcmp(a->port_key, b->port_key);
    if (cmp) {
        return cmp;
    }
    cmp = memcmp(&a->nexthop, &b->nexthop, sizeof a->nexthop);
    if (cmp) {
        return cmp;
    }
    return uuid_compare_3way(&a->sb_uuid, &b->sb_uuid);
}

/* Whether learned routes 'a' and 'b' make the same flows. */
static bool
learned_route_equals(const struct learned_route *a,
                     const struct learned_route *b)
{
    return (a->is_ipv4 == b->is_ipv4
            && ipv6_addr_equals(&a->prefix, &b->prefix)
            && a->plen == b->plen
            && !strcmp(a->port_key, b->port_key)
            && ipv6_addr_equals(&a->nexthop, &b->nexthop)
            && a->is_ipv4_nexthop == b->is_ipv4_nexthop
            && !strcmp(a->flow_key, b->flow_key)
            && uuid_equals(&a->sb_uuid, &b->sb_uuid));
}

/* Whether 'a' and 'b' hold the same routes for the same routers. */
static bool
learned_routes_equal(const struct learned_routes *a,
                     const struct learned_routes *b)
{
    if (a->n_datapaths != b->n_datapaths) {
        return false;
    }
    for (size_t i = 0; i < a->n_datapaths; i++) {
        const struct learned_route_list *la = &a->by_index[i];
        const struct learned_route_list *lb = &b->by_index[i];
        if (la->n != lb->n) {
            return false;
        }
        for (size_t j = 0; j < la->n; j++) {
            if (!learned_route_equals(&la->routes[j], &lb->routes[j])) {
                return false;
            }
        }
    }
    return true;
}

/* Returns the route that Learned_Route 'row' of router 'od', learned on
 * 'op', stands for in '*route', or false if it stands for none. */
static bool
learned_route_parse(const struct sbrec_learned_route *row,
                    const struct ovn_port *op, struct learned_route *route)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);

    memset(route, 0, sizeof *route);
    if (!route_parse_prefix(row->ip_prefix, &route->prefix, &route->plen,
                         &route->is_ipv4)) {
        VLOG_WARN_RL(&rl, "bad 'ip_prefix' %s in learned route",
                     row->ip_prefix);
        return false;
    }
    if (!route_parse_addr(row->nexthop, &route->nexthop,
                          &route->is_ipv4_nexthop)) {
        VLOG_WARN_RL(&rl, "bad 'nexthop' %s in learned route %s",
                     row->nexthop, row->ip_prefix);
        return false;
    }
    if (!route->is_ipv4 && route->is_ipv4_nexthop) {
        VLOG_WARN_RL(&rl, "IPv4 nexthop %s of learned route %s is not "
                     "usable for an IPv6 prefix", row->nexthop,
                     row->ip_prefix);
        return false;
    }
    char *nexthop_s = route_format_addr(&route->nexthop,
                                        route->is_ipv4_nexthop);
    route->lrp_addr_s = lrp_find_member_ip(op, nexthop_s);
    free(nexthop_s);
    if (!route->lrp_addr_s) {
        VLOG_WARN_RL(&rl, "next hop %s of learned route %s is not on a "
                     "network of port %s", row->nexthop, row->ip_prefix,
                     op->key);
        return false;
    }
    route->out_port = op;
    route->sb_uuid = row->header_.uuid;
    route->port_key = xstrdup(op->key);
    route->flow_key = xasprintf("%s %s", op->lrp_networks.ea_s,
                                route->lrp_addr_s);
    return true;
}

/* Builds in 'lr' the learned routes of every router of 'nd', deleting the
 * rows that refer to what is gone. */
static void
learned_routes_build(struct learned_routes *lr, const struct northd_data *nd,
                     struct ovsdb_idl *sb_idl)
{
    lr->n_datapaths = nd->datapaths.n;
    lr->by_index = xcalloc(MAX(lr->n_datapaths, 1), sizeof *lr->by_index);

    const struct sbrec_learned_route *row;
    SBREC_LEARNED_ROUTE_FOR_EACH_SAFE (row, sb_idl) {
        const struct ovn_datapath *od = (row->datapath
            ? ovn_datapath_find_by_sb(&nd->datapaths,
                                      &row->datapath->header_.uuid)
            : NULL);
        const struct ovn_port *op = (row->logical_port
            ? ovn_port_find(&nd->ports, row->logical_port->logical_port)
            : NULL);
        if (op && !uuid_equals(&op->sb_uuid,
                               &row->logical_port->header_.uuid)) {
            op = NULL;
        }
        if (!od || !op) {
            sbrec_learned_route_delete(row);
            continue;
        }
        if (!od->nbr || op->od != od || !op->nbrp
            || lrp_has_no_learning(op)) {
            continue;
        }

        struct learned_route route;
        if (learned_route_parse(row, op, &route)) {
            struct learned_route_list *list = &lr->by_index[od->index];
            if (list->n >= list->allocated) {
                list->routes = x2nrealloc(list->routes, &list->allocated,
                                          sizeof *list->routes);
            }
            list->routes[list->n++] = route;
        }
    }

    for (size_t i = 0; i < lr->n_datapaths; i++) {
        struct learned_route_list *list = &lr->by_index[i];
        if (list->n > 1) {
            qsort(list->routes, list->n, sizeof *list->routes,
                  learned_route_cmp);
        }
    }
}

/* Appends to 'pr', the routes of router 'od', its learned routes from
 * 'lr' (which may be NULL).  The hints of their flows are the
 * Learned_Route rows, found in 'sb_idl'. */
void
learned_routes_add_to(const struct learned_routes *lr,
                      const struct ovn_datapath *od,
                      struct ovsdb_idl *sb_idl, struct parsed_routes *pr)
{
    if (!lr || od->index >= lr->n_datapaths) {
        return;
    }
    const struct learned_route_list *list = &lr->by_index[od->index];
    for (size_t i = 0; i < list->n; i++) {
        const struct learned_route *l = &list->routes[i];
        if (l->out_port->od != od) {
            continue;
        }
        struct parsed_route *route = parsed_routes_add(pr);
        route->source = ROUTE_SOURCE_LEARNED;
        route->prefix = l->prefix;
        route->plen = l->plen;
        route->is_ipv4 = l->is_ipv4;
        route->prefix_s = route_format_addr(&l->prefix, l->is_ipv4);
        route->has_nexthop = true;
        route->nexthop = l->nexthop;
        route->is_ipv4_nexthop = l->is_ipv4_nexthop;
        route->nexthop_s = route_format_addr(&l->nexthop, l->is_ipv4_nexthop);
        route->out_port = l->out_port;
        route->lrp_addr_s = l->lrp_addr_s;
        const struct sbrec_learned_route *row
            = sbrec_learned_route_get_for_uuid(sb_idl, &l->sb_uuid);
        route->hint = row ? &row->header_ : NULL;
    }
}

/* Allocates the node's data. */
static void *
en_learned_routes_init(struct engine_node *node OVS_UNUSED,
                       void *arg OVS_UNUSED)
{
    return xzalloc(sizeof(struct learned_routes));
}

/* Frees the node's data. */
static void
en_learned_routes_cleanup(void *lr_)
{
    struct learned_routes *lr = lr_;
    learned_routes_clear(lr);
    free(lr);
}

/* Builds the learned routes again; they changed if some router's did. */
static enum engine_node_state
en_learned_routes_run(struct engine_node *node, void *lr_)
{
    struct learned_routes *lr = lr_;
    const struct northd_engine_context *eng = engine_get_context(node);
    const struct northd_data *nd
        = en_northd_get_data(engine_get_input("northd", node));

    struct learned_routes new = { .by_index = NULL };
    learned_routes_build(&new, nd, eng->sb_idl);
    bool changed = !learned_routes_equal(lr, &new);
    learned_routes_clear(lr);
    *lr = new;
    return changed ? EN_UPDATED : EN_UNCHANGED;
}

/* What the node does. */
static const struct engine_node_ops en_learned_routes_ops = {
    .init = en_learned_routes_init,
    .cleanup = en_learned_routes_cleanup,
    .run = en_learned_routes_run,
};

/* Adds the "learned_route_sync" node and its inputs to 'engine'. */
struct engine_node *
en_learned_routes_create(struct engine *engine,
                         const struct learned_routes_inputs *in)
{
    struct engine_node *node = engine_add_node(engine, "learned_route_sync",
                                               &en_learned_routes_ops);
    engine_add_input(node, in->northd, NULL);
    engine_add_input(node, in->sb_learned_route, NULL);
    return node;
}

/* Returns the routes that 'node' (the "learned_route_sync" node) holds. */
const struct learned_routes *
en_learned_routes_get_data(const struct engine_node *node)
{
    return engine_get_data(node);
}
