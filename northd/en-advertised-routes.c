/* en-advertised-routes.c: the "advertised_route_sync" engine node.
 *
 * This module owns the Southbound Advertised_Route table: the prefixes
 * that the chassis announce to their routing daemons on behalf of routers
 * with options:dynamic-routing=true.  Each row names the router port
 * through which the prefix is advertised (logical_port) and, for prefixes
 * that live where a given port is bound, that port (tracked_port), so that
 * the chassis that hosts it can announce the prefix with a better metric.
 * Through each router port, according to what it redistributes
 * (dynamic-routing.h):
 *
 *   - "connected": the networks of the router's ports, through the port
 *     that has them;
 *   - "connected-as-host" (instead of "connected"): every address on those
 *     networks as a host route (A.B.C.D/32, X::Y/128, link-local ones
 *     left out) tracked to the port that owns it: the addresses of the
 *     switch ports of the port's switch, and of the router ports linked to
 *     that switch (or of the router port directly linked to the port);
 *   - "static": the router's static routes, through the port they leave
 *     by;
 *   - "nat": the external address of each NAT rule of the router, and of
 *     the routers that the port reaches through its switch (or directly),
 *     tracked to the rule's logical port for distributed rules and
 *     otherwise to the distributed gateway port the rule is on;
 *   - "lb": the VIPs of the router's load balancers, tracked to its
 *     distributed gateway port when it has exactly one, and those of the
 *     routers that the port reaches, tracked to their port on the shared
 *     switch.
 *
 * Discard routes and link-local networks are never advertised; prefixes
 * are written as A.B.C.D/N (without the length for a single address),
 * except host routes.  The node recomputes the whole table whenever
 * something it depends on changes and writes only the differences. */

#include <config.h>

#include "northd/en-advertised-routes.h"

#include <arpa/inet.h>
#include <string.h>

#include "hash.h"
#include "lib/ovn-nb-idl.h"
#include "lib/ovn-sb-idl.h"
#include "northd/dynamic-routing.h"
#include "northd/en-lr-stateful.h"
#include "northd/en-northd.h"
#include "northd/inc-proc-northd.h"
#include "northd/lr-common.h"
#include "northd/lr-routes.h"
#include "northd/lr-stateful.h"
#include "northd/northd.h"
#include "openvswitch/hmap.h"
#include "packets.h"
#include "util.h"

/* One row the table should have. */
struct ar_entry {
    struct hmap_node node;              /* In 'struct ar_set'. */
    const struct ovn_datapath *od;      /* The router. */
    const struct ovn_port *port;        /* Port it is advertised through. */
    char *ip_prefix;                    /* The prefix, as written. */
    const struct ovn_port *tracked;     /* Port it is tracked to, or
                                         * NULL. */
    bool found;                         /* The database has it. */
};

/* The rows the table should have, without duplicates. */
struct ar_set {
    struct hmap entries;                /* "struct ar_entry"s by
                                         * ar_hash(). */
};

/* Hash of a row's key: the bindings of its datapath, port and tracked
 * port, and its prefix. */
static uint32_t
ar_hash(const struct uuid *dp, const struct uuid *port,
        const struct uuid *tracked, const char *ip_prefix)
{
    uint32_t hash = hash_string(ip_prefix, uuid_hash(dp));
    hash = hash_add(hash, uuid_hash(port));
    return hash_add(hash, tracked ? uuid_hash(tracked) : 0);
}

/* The Port_Binding UUID of 'op', or NULL if 'op' is NULL. */
static const struct uuid *
port_sb_uuid(const struct ovn_port *op)
{
    return op ? &op->sb_uuid : NULL;
}

/* Whether the nullable UUIDs 'a' and 'b' are the same. */
static bool
nullable_uuid_equals(const struct uuid *a, const struct uuid *b)
{
    return a && b ? uuid_equals(a, b) : a == b;
}

/* Returns the entry of 'set' with the given key, or NULL. */
static struct ar_entry *
ar_find(const struct ar_set *set, const struct uuid *dp,
        const struct uuid *port, const struct uuid *tracked,
        const char *ip_prefix)
{
    struct ar_entry *e;
    HMAP_FOR_EACH_WITH_HASH (e, node, ar_hash(dp, port, tracked, ip_prefix),
                             &set->entries) {
        if (uuid_equals(&e->od->sb_uuid, dp)
            && uuid_equals(&e->port->sb_uuid, port)
            && nullable_uuid_equals(port_sb_uuid(e->tracked), tracked)
            && !strcmp(e->ip_prefix, ip_prefix)) {
            return e;
        }
    }
    return NULL;
}

/* Adds to 'set' the advertisement of 'ip_prefix' (which it takes) through
 * router port 'port', tracked to 'tracked' (may be NULL), unless it is
 * there already. */
static void
ar_add_nocopy(struct ar_set *set, const struct ovn_port *port,
              char *ip_prefix, const struct ovn_port *tracked)
{
    const struct ovn_datapath *od = port->od;
    const struct uuid *tracked_uuid = port_sb_uuid(tracked);
    if (ar_find(set, &od->sb_uuid, &port->sb_uuid, tracked_uuid,
                ip_prefix)) {
        free(ip_prefix);
        return;
    }
    struct ar_entry *e = xzalloc(sizeof *e);
    e->od = od;
    e->port = port;
    e->ip_prefix = ip_prefix;
    e->tracked = tracked;
    hmap_insert(&set->entries, &e->node,
                ar_hash(&od->sb_uuid, &port->sb_uuid, tracked_uuid,
                        ip_prefix));
}

/* Frees the entries of 'set'. */
static void
ar_set_destroy(struct ar_set *set)
{
    struct ar_entry *e;
    HMAP_FOR_EACH_POP (e, node, &set->entries) {
        free(e->ip_prefix);
        free(e);
    }
    hmap_destroy(&set->entries);
}

/* Whether 'prefix'/'plen' (IPv4 mapped if 'is_ipv4') lies within the
 * link-local range: 169.254.0.0/16 or fe80::/10. */
static bool
prefix_is_link_local(const struct in6_addr *prefix, unsigned int plen,
                     bool is_ipv4)
{
    if (is_ipv4) {
        return (plen >= 16
                && ((ntohl(in6_addr_get_mapped_ipv4(prefix)) & 0xffff0000)
                    == 0xa9fe0000));
    }
    return (plen >= 10 && prefix->s6_addr[0] == 0xfe
            && (prefix->s6_addr[1] & 0xc0) == 0x80);
}

/* Returns route 'r''s prefix as written in the table: without the length
 * for a single address. */
static char *
route_prefix_string(const struct parsed_route *r)
{
    return (r->plen == (r->is_ipv4 ? 32 : 128)
            ? xstrdup(r->prefix_s)
            : xasprintf("%s/%u", r->prefix_s, r->plen));
}

/* Returns 'ip', an IPv4 or IPv6 address, in canonical form, or NULL if it
 * is not one. */
static char *
normalize_ip(const char *ip)
{
    ovs_be32 ip4;
    struct in6_addr ip6;
    if (ip_parse(ip, &ip4)) {
        return xasprintf(IP_FMT, IP_ARGS(ip4));
    } else if (ipv6_parse(ip, &ip6)) {
        char buf[INET6_ADDRSTRLEN];
        return xstrdup(inet_ntop(AF_INET6, &ip6, buf, sizeof buf));
    }
    return NULL;
}

/* Adds host routes for 'addrs' through 'port', tracked to 'tracked'. */
static void
add_host_routes(struct ar_set *set, const struct ovn_port *port,
                const struct lport_addresses *addrs,
                const struct ovn_port *tracked)
{
    for (size_t i = 0; i < addrs->n_ipv4_addrs; i++) {
        ar_add_nocopy(set, port,
                      xasprintf("%s/32", addrs->ipv4_addrs[i].addr_s),
                      tracked);
    }
    for (size_t i = 0; i < addrs->n_ipv6_addrs; i++) {
        const struct ipv6_netaddr *na = &addrs->ipv6_addrs[i];
        if (!ipv6_is_lla(&na->network)) {
            ar_add_nocopy(set, port, xasprintf("%s/128", na->addr_s),
                          tracked);
        }
    }
}

/* Adds the host routes of everything on the other side of router port
 * 'port' ("connected-as-host"). */
static void
add_connected_host_routes(struct ar_set *set, const struct ovn_port *port)
{
    const struct ovn_port *peer = port->peer;
    if (!peer) {
        return;
    }
    if (peer->nbrp) {
        add_host_routes(set, port, &peer->lrp_networks, peer);
        return;
    }
    const struct ovn_port *lsp;
    OVN_DATAPATH_FOR_EACH_PORT (lsp, peer->od) {
        if (lsp->peer && lsp->peer->nbrp) {
            add_host_routes(set, port, &lsp->peer->lrp_networks, lsp->peer);
            continue;
        }
        for (size_t i = 0; i < lsp->n_lsp_addrs; i++) {
            add_host_routes(set, port, &lsp->lsp_addrs[i], lsp);
        }
    }
}

/* Adds the connected and static routes of router 'od'. */
static void
add_route_ads(struct ar_set *set, const struct ovn_datapath *od)
{
    struct parsed_routes pr;
    parsed_routes_build(od, &pr);
    for (size_t i = 0; i < pr.n; i++) {
        const struct parsed_route *r = &pr.routes[i];
        if (r->is_discard || !r->out_port
            || prefix_is_link_local(&r->prefix, r->plen, r->is_ipv4)) {
            continue;
        }
        unsigned int mode = lrp_redistribute_mode(r->out_port);
        if (r->source == ROUTE_SOURCE_CONNECTED) {
            if (mode & DRR_CONNECTED_AS_HOST) {
                add_connected_host_routes(set, r->out_port);
            } else if (mode & DRR_CONNECTED) {
                ar_add_nocopy(set, r->out_port, route_prefix_string(r),
                              NULL);
            }
        } else if (r->source == ROUTE_SOURCE_STATIC
                   && mode & DRR_STATIC) {
            ar_add_nocopy(set, r->out_port, route_prefix_string(r), NULL);
        }
    }
    parsed_routes_destroy(&pr);
}

/* Adds the external addresses of the NAT rules of router 'lrs' through
 * router port 'port' (of that router or of a neighbor). */
static void
add_nat_ads(struct ar_set *set, const struct ovn_port *port,
            const struct lr_stateful *lrs, const struct hmap *ports)
{
    for (size_t i = 0; i < lrs->nat.n_entries; i++) {
        const struct lr_nat_entry *nat = &lrs->nat.entries[i];
        if (!nat->is_valid) {
            continue;
        }
        const struct ovn_port *tracked = (nat->distributed
                                          ? ovn_port_find(ports,
                                                   nat->nb->logical_port)
                                          : nat->l3dgw_port);
        const struct lport_addresses *a = &nat->ext_addrs;
        const char *ip = (a->n_ipv4_addrs ? a->ipv4_addrs[0].addr_s
                          : a->ipv6_addrs[0].addr_s);
        ar_add_nocopy(set, port, xstrdup(ip), tracked);
    }
}

/* Adds the VIPs of the load balancers of router 'lrs' through router port
 * 'port', tracked to 'tracked'. */
static void
add_lb_ads(struct ar_set *set, const struct ovn_port *port,
           const struct lr_stateful *lrs, const struct ovn_port *tracked)
{
    const struct sset *vips[] = { &lrs->lb_ips.ips_v4, &lrs->lb_ips.ips_v6 };
    for (size_t i = 0; i < ARRAY_SIZE(vips); i++) {
        const char *vip;
        SSET_FOR_EACH (vip, vips[i]) {
            char *ip = normalize_ip(vip);
            if (ip) {
                ar_add_nocopy(set, port, ip, tracked);
            }
        }
    }
}

/* Adds, through router port 'port', the NAT addresses and VIPs (as 'mode'
 * says) of the router whose port is 'neighbor'. */
static void
add_neighbor_ads(struct ar_set *set, const struct ovn_port *port,
                 unsigned int mode, const struct ovn_port *neighbor,
                 const struct lr_stateful_table *stateful,
                 const struct hmap *ports)
{
    const struct lr_stateful *lrs = lr_stateful_find(stateful, neighbor->od);
    if (!lrs) {
        return;
    }
    if (mode & DRR_NAT) {
        add_nat_ads(set, port, lrs, ports);
    }
    if (mode & DRR_LB) {
        add_lb_ads(set, port, lrs, neighbor);
    }
}

/* Adds the NAT and load balancer advertisements of router 'od'. */
static void
add_stateful_ads(struct ar_set *set, const struct ovn_datapath *od,
                 const struct lr_stateful_table *stateful,
                 const struct hmap *ports)
{
    const struct lr_stateful *lrs = lr_stateful_find(stateful, od);
    const struct ovn_port *lb_tracked = (od->n_l3dgw_ports == 1
                                         ? od->l3dgw_ports[0] : NULL);
    const struct ovn_port *op;
    OVN_DATAPATH_FOR_EACH_PORT (op, od) {
        if (!op->nbrp || op->is_chassisredirect) {
            continue;
        }
        unsigned int mode = lrp_redistribute_mode(op) & (DRR_NAT | DRR_LB);
        if (!mode) {
            continue;
        }
        if (lrs && mode & DRR_NAT) {
            add_nat_ads(set, op, lrs, ports);
        }
        if (lrs && mode & DRR_LB) {
            add_lb_ads(set, op, lrs, lb_tracked);
        }

        /* The routers on the other side. */
        const struct ovn_port *peer = op->peer;
        if (!peer) {
            continue;
        }
        if (peer->nbrp) {
            add_neighbor_ads(set, op, mode, peer, stateful, ports);
            continue;
        }
        for (size_t i = 0; i < peer->od->n_linked_router_ports; i++) {
            const struct ovn_port *neighbor
                = peer->od->linked_router_ports[i]->peer;
            if (neighbor && neighbor != op) {
                add_neighbor_ads(set, op, mode, neighbor, stateful, ports);
            }
        }
    }
}

/* Makes the Advertised_Route table hold exactly 'set'. */
static void
ar_sync_to_sb(struct ar_set *set, struct ovsdb_idl *sb_idl,
              struct ovsdb_idl_txn *txn)
{
    const struct sbrec_advertised_route *row;
    SBREC_ADVERTISED_ROUTE_FOR_EACH_SAFE (row, sb_idl) {
        struct ar_entry *e = NULL;
        if (row->datapath && row->logical_port) {
            e = ar_find(set, &row->datapath->header_.uuid,
                        &row->logical_port->header_.uuid,
                        row->tracked_port ? &row->tracked_port->header_.uuid
                                          : NULL,
                        row->ip_prefix);
        }
        if (e && !e->found) {
            e->found = true;
        } else {
            sbrec_advertised_route_delete(row);
        }
    }

    struct ar_entry *e;
    HMAP_FOR_EACH (e, node, &set->entries) {
        if (e->found) {
            continue;
        }
        const struct sbrec_datapath_binding *dp
            = ovn_datapath_get_sb(e->od, sb_idl);
        const struct sbrec_port_binding *port
            = ovn_port_get_sb(e->port, sb_idl);
        const struct sbrec_port_binding *tracked
            = e->tracked ? ovn_port_get_sb(e->tracked, sb_idl) : NULL;
        if (!dp || !port || (e->tracked && !tracked)) {
            continue;
        }
        row = sbrec_advertised_route_insert(txn);
        sbrec_advertised_route_set_datapath(row, dp);
        sbrec_advertised_route_set_logical_port(row, port);
        sbrec_advertised_route_set_ip_prefix(row, e->ip_prefix);
        if (tracked) {
            sbrec_advertised_route_set_tracked_port(row, tracked);
        }
    }
}

/* Computes every advertisement and makes the table match. */
static enum engine_node_state
en_advertised_routes_run(struct engine_node *node, void *data OVS_UNUSED)
{
    const struct northd_engine_context *eng = engine_get_context(node);
    const struct northd_data *nd
        = en_northd_get_data(engine_get_input("northd", node));
    const struct lr_stateful_table *stateful
        = en_lr_stateful_get_data(engine_get_input("lr_stateful", node));

    struct ar_set set = { .entries = HMAP_INITIALIZER(&set.entries) };
    for (size_t i = 0; i < nd->datapaths.n; i++) {
        const struct ovn_datapath *od = nd->datapaths.array[i];
        if (lr_has_dynamic_routing(od)) {
            add_route_ads(&set, od);
            add_stateful_ads(&set, od, stateful, &nd->ports);
        }
    }
    ar_sync_to_sb(&set, eng->sb_idl, eng->ovnsb_txn);
    ar_set_destroy(&set);
    return EN_UPDATED;
}

/* What the node does. */
static const struct engine_node_ops en_advertised_routes_ops = {
    .run = en_advertised_routes_run,
};

/* Adds the "advertised_route_sync" node and its inputs to 'engine'.  Any
 * change of an input recomputes the table (which only routers with
 * dynamic routing have rows in). */
struct engine_node *
en_advertised_routes_create(struct engine *engine,
                            const struct advertised_routes_inputs *in)
{
    struct engine_node *node = engine_add_node(engine,
                                               "advertised_route_sync",
                                               &en_advertised_routes_ops);
    engine_add_input(node, in->northd, NULL);
    engine_add_input(node, in->lr_stateful, NULL);
    engine_add_input(node, in->bfd, NULL);
    engine_add_input(node, in->nb_logical_router, NULL);
    engine_add_input(node, in->nb_static_route, NULL);
    engine_add_input(node, in->nb_bfd, NULL);
    engine_add_input(node, in->sb_advertised_route, NULL);
    return node;
}
