/* lr-routing.c: IP routing of logical routers.
 *
 * This module owns the flows of stages lr_in_ip_routing_pre (the route
 * table of the ingress port), lr_in_ip_routing (longest prefix match over
 * the routes of lr-routes.c: next hop, source address for ARP/ND, output
 * port and source MAC, or the choice of an ECMP group member) and
 * lr_in_ip_routing_ecmp (the next hop of each ECMP member), and, on
 * gateway routers, the flows that send replies to traffic that came in
 * over an ECMP route with symmetric replies back over that route.
 *
 * Routes of one prefix length are ordered by source (see
 * route_source_priority_offset()): priority = prefix length * 8 + offset,
 * one more for the copy of a route through a port with BFD sessions that
 * lets BFD packets through without decrementing their TTL.  Static routes
 * with the same prefix, policy, route table and source form an ECMP group,
 * as does a single route with symmetric replies (its conntrack state must
 * exist before a second next hop comes). */

#include <config.h>

#include "hash.h"
#include "lib/ovn-nb-idl.h"
#include "northd/en-learned-routes.h"
#include "northd/lflow-build.h"
#include "northd/lflow-mgr.h"
#include "northd/lr-common.h"
#include "northd/lr-routes.h"
#include "northd/northd.h"
#include "openvswitch/dynamic-string.h"
#include "smap.h"
#include "sset.h"
#include "util.h"

/* Multiplier of the prefix length in route priorities. */
#define ROUTE_PRIO_MULTIPLIER 8

/* An ECMP group: routes that share a prefix. */
struct ecmp_group {
    const struct parsed_route **routes;  /* Members, by member id - 1. */
    size_t n;                            /* Number of members. */
    size_t allocated;                    /* Capacity of 'routes'. */
    uint16_t id;                         /* Group id. */
};

/* Appends 'r' to the members of 'g'. */
static void
ecmp_group_add(struct ecmp_group *g, const struct parsed_route *r)
{
    if (g->n >= g->allocated) {
        g->routes = x2nrealloc(g->routes, &g->allocated, sizeof *g->routes);
    }
    g->routes[g->n++] = r;
}

/* Builds in 'match' the match of routes like 'r' and returns their
 * priority. */
static uint16_t
build_route_match(const struct parsed_route *r, struct ds *match)
{
    /* Link-local networks are reachable only on their own port. */
    if (!r->is_ipv4 && ipv6_is_lla(&r->prefix) && r->out_port) {
        ds_put_format(match, "inport == %s && ", r->out_port->json_key);
    }
    /* Connected networks are in every route table. */
    if (r->source != ROUTE_SOURCE_CONNECTED) {
        ds_put_format(match, REG_ROUTE_TABLE_ID" == %"PRIu32" && ",
                      r->route_table_id);
    }
    ds_put_format(match, "ip%s.%s == %s/%u", r->is_ipv4 ? "4" : "6",
                  r->is_src_route ? "src" : "dst", r->prefix_s, r->plen);
    int offset = (r->is_src_route ? 0
                  : route_source_priority_offset(r->source));
    return r->plen * ROUTE_PRIO_MULTIPLIER + offset;
}

/* Appends to 'actions' what sends a packet to route 'r''s next hop: next
 * hop and source address registers, source MAC, output port. */
static void
put_route_nexthop_actions(const struct parsed_route *r, struct ds *actions)
{
    bool v4 = r->is_ipv4_nexthop;
    ds_put_format(actions, "%s = ", v4 ? REG_NEXT_HOP_IPV4
                                       : REG_NEXT_HOP_IPV6);
    if (r->has_nexthop) {
        ds_put_cstr(actions, r->nexthop_s);
    } else {
        ds_put_format(actions, "ip%s.dst", r->is_ipv4 ? "4" : "6");
    }
    ds_put_format(actions, "; %s = %s; eth.src = %s; outport = %s; ",
                  v4 ? REG_SRC_IPV4 : REG_SRC_IPV6, r->lrp_addr_s,
                  r->out_port->lrp_networks.ea_s, r->out_port->json_key);
}

/* Whether route 'r' leaves through a port with BFD sessions. */
static bool
route_has_bfd_port(const struct parsed_route *r,
                   const struct lflow_build_input *input)
{
    return (r->out_port && input->bfd_ports
            && sset_contains(input->bfd_ports, r->out_port->key));
}

/* Adds the flows of route 'r', which is not in an ECMP group. */
static void
build_unique_route(const struct ovn_datapath *od, const struct parsed_route *r,
                   const struct lflow_build_input *input,
                   struct lflow_table *lflows)
{
    struct ds match = DS_EMPTY_INITIALIZER;
    uint16_t priority = build_route_match(r, &match);

    if (r->is_discard) {
        ovn_lflow_add_with_hint(lflows, od, S_ROUTER_IN_IP_ROUTING, priority,
                                ds_cstr(&match), "drop;", r->hint,
                                od->lflow_ref);
        ds_destroy(&match);
        return;
    }

    struct ds common = DS_EMPTY_INITIALIZER;
    ds_put_cstr(&common, REG_ECMP_GROUP_ID" = 0; ");
    put_route_nexthop_actions(r, &common);
    ds_put_format(&common, "flags.loopback = 1; "REGBIT_NEXTHOP_IS_IPV4
                  " = %d; next;", r->is_ipv4_nexthop);
    char *actions = xasprintf("ip.ttl--; %s", ds_cstr(&common));
    ovn_lflow_add_with_hint(lflows, od, S_ROUTER_IN_IP_ROUTING, priority,
                            ds_cstr(&match), actions, r->hint,
                            od->lflow_ref);
    free(actions);

    if (route_has_bfd_port(r, input)) {
        /* BFD packets keep their TTL (RFC 5881 wants 255). */
        ds_put_format(&match, " && udp.dst == %d", BFD_UDP_DST_PORT);
        ovn_lflow_add_with_hint(lflows, od, S_ROUTER_IN_IP_ROUTING,
                                priority + 1, ds_cstr(&match),
                                ds_cstr(&common), r->hint, od->lflow_ref);
    }
    ds_destroy(&common);
    ds_destroy(&match);
}

/* Adds, for member route 'r' of an ECMP group whose routes 'route_match'
 * selects, the flows that send replies to traffic that came in over 'r'
 * back over it, through conntrack. */
static void
build_ecmp_symmetric_reply(const struct ovn_datapath *od,
                           const struct parsed_route *r,
                           const char *route_match,
                           struct lflow_table *lflows)
{
    const struct ovn_port *out = r->out_port;
    struct ds match = DS_EMPTY_INITIALIZER;
    struct ds actions = DS_EMPTY_INITIALIZER;

    /* Traffic that comes in over the route is tracked... */
    ds_put_format(&match, "inport == %s && ip%s.%s == %s/%u", out->json_key,
                  r->is_ipv4 ? "4" : "6", r->is_src_route ? "dst" : "src",
                  r->prefix_s, r->plen);
    ovn_lflow_add_with_hint(lflows, od, S_ROUTER_IN_DEFRAG, 100,
                            ds_cstr(&match), "ct_next;", r->hint,
                            od->lflow_ref);

    /* ...and its connection remembers where it came from. */
    ds_put_cstr(&match, " && !ct.rpl && (ct.new || ct.est)");
    ds_put_format(&actions, "ct_commit { ct_label.ecmp_reply_eth = eth.src; "
                  " ct_mark.ecmp_reply_port = %"PRIu32";}; "
                  "commit_ecmp_nh(ipv6 = %s, proto = tcp); next;",
                  out->tunnel_key, r->is_ipv4 ? "false" : "true");
    ovn_lflow_add_with_hint(lflows, od, S_ROUTER_IN_ECMP_STATEFUL, 100,
                            ds_cstr(&match), ds_cstr(&actions), r->hint,
                            od->lflow_ref);

    /* Replies skip ECMP selection and router policies, and go back to the
     * MAC they came from. */
    char *reply = xasprintf("ct.rpl && "REGBIT_KNOWN_ECMP_NH" == 1 && "
                            "ct_mark.ecmp_reply_port == %"PRIu32,
                            out->tunnel_key);
    ds_clear(&match);
    ds_put_format(&match, "%s && %s", reply, route_match);
    ds_clear(&actions);
    ds_put_format(&actions, "ip.ttl--; flags.loopback = 1; eth.src = %s; "
                  "%s = %s; outport = %s; next;",
                  out->lrp_networks.ea_s,
                  r->is_ipv4 ? REG_SRC_IPV4 : REG_SRC_IPV6, r->lrp_addr_s,
                  out->json_key);
    ovn_lflow_add_with_hint(lflows, od, S_ROUTER_IN_IP_ROUTING, 10300,
                            ds_cstr(&match), ds_cstr(&actions), r->hint,
                            od->lflow_ref);
    ovn_lflow_add_with_hint(lflows, od, S_ROUTER_IN_POLICY, 65535, reply,
                            "next;", r->hint, od->lflow_ref);
    ovn_lflow_add_with_hint(lflows, od, S_ROUTER_IN_ARP_RESOLVE, 200, reply,
                            "push(xxreg1); xxreg1 = ct_label; "
                            "eth.dst = xxreg1[32..79]; pop(xxreg1); next;",
                            r->hint, od->lflow_ref);
    free(reply);
    ds_destroy(&match);
    ds_destroy(&actions);
}

/* Adds the flows of ECMP group 'g'. */
static void
build_ecmp_group(const struct ovn_datapath *od, const struct ecmp_group *g,
                 struct lflow_table *lflows)
{
    const struct parsed_route *first = g->routes[0];
    struct ds match = DS_EMPTY_INITIALIZER;
    struct ds actions = DS_EMPTY_INITIALIZER;
    uint16_t priority = build_route_match(first, &match);

    ds_put_format(&actions, "ip.ttl--; flags.loopback = 1; "
                  REG_ECMP_GROUP_ID" = %"PRIu16"; "REG_ECMP_MEMBER_ID" = ",
                  g->id);
    if (g->n == 1) {
        ds_put_cstr(&actions, "1; next;");
    } else {
        struct sset fields = SSET_INITIALIZER(&fields);
        for (size_t i = 0; i < g->n; i++) {
            const struct nbrec_logical_router_static_route *nb
                = g->routes[i]->nb_route;
            for (size_t j = 0; nb && j < nb->n_selection_fields; j++) {
                sset_add(&fields, nb->selection_fields[j]);
            }
        }
        ds_put_cstr(&actions, "select(");
        if (!sset_is_empty(&fields)) {
            ds_put_cstr(&actions, "values=(");
        }
        for (size_t i = 0; i < g->n; i++) {
            ds_put_format(&actions, "%s%"PRIuSIZE, i ? ", " : "", i + 1);
        }
        if (!sset_is_empty(&fields)) {
            ds_put_cstr(&actions, "); hash_fields=\"");
            const char **sorted = sset_sort(&fields);
            for (size_t i = 0; i < sset_count(&fields); i++) {
                ds_put_format(&actions, "%s%s", i ? "," : "", sorted[i]);
            }
            free(sorted);
            ds_put_char(&actions, '"');
        }
        ds_put_cstr(&actions, ");");
        sset_destroy(&fields);
    }
    ovn_lflow_add_with_hint(lflows, od, S_ROUTER_IN_IP_ROUTING, priority,
                            ds_cstr(&match), ds_cstr(&actions), first->hint,
                            od->lflow_ref);

    struct sset symmetric_ports = SSET_INITIALIZER(&symmetric_ports);
    struct ds member_match = DS_EMPTY_INITIALIZER;
    for (size_t i = 0; i < g->n; i++) {
        const struct parsed_route *r = g->routes[i];
        if (r->ecmp_symmetric_reply && od->is_gw_router
            && sset_add(&symmetric_ports, r->out_port->key)) {
            build_ecmp_symmetric_reply(od, r, ds_cstr(&match), lflows);
        }

        ds_clear(&member_match);
        ds_put_format(&member_match, REG_ECMP_GROUP_ID" == %"PRIu16" && "
                      REG_ECMP_MEMBER_ID" == %"PRIuSIZE, g->id, i + 1);
        ds_clear(&actions);
        put_route_nexthop_actions(r, &actions);
        ds_put_format(&actions, REGBIT_NEXTHOP_IS_IPV4" = %d; ",
                      r->is_ipv4_nexthop);
        if (r->ecmp_symmetric_reply) {
            ds_put_cstr(&actions, REGBIT_KNOWN_ECMP_NH" = 1; ");
        }
        ds_put_cstr(&actions, "next;");
        ovn_lflow_add_with_hint(lflows, od, S_ROUTER_IN_IP_ROUTING_ECMP, 100,
                                ds_cstr(&member_match), ds_cstr(&actions),
                                r->hint, od->lflow_ref);
    }
    sset_destroy(&symmetric_ports);
    ds_destroy(&member_match);
    ds_destroy(&match);
    ds_destroy(&actions);
}

/* Whether routes 'a' and 'b' would share an ECMP group. */
static bool
routes_share_group(const struct parsed_route *a, const struct parsed_route *b)
{
    return (a->source == b->source
            && a->is_ipv4 == b->is_ipv4
            && a->plen == b->plen
            && ipv6_addr_equals(&a->prefix, &b->prefix)
            && a->is_src_route == b->is_src_route
            && a->route_table_id == b->route_table_id);
}

/* Hash of what routes_share_group() compares. */
static uint32_t
route_group_hash(const struct parsed_route *r)
{
    uint32_t hash = hash_bytes(&r->prefix, sizeof r->prefix, r->plen);
    hash = hash_add(hash, r->route_table_id);
    hash = hash_add(hash, (r->source << 2) | (r->is_src_route << 1)
                          | r->is_ipv4);
    return hash_finish(hash, 0);
}

/* The routes of one prefix (in the sense of routes_share_group()) seen so
 * far: one route alone, or an ECMP group. */
struct route_slot {
    struct hmap_node node;            /* In a hmap by route_group_hash(). */
    const struct parsed_route *first; /* First route of the prefix. */
    size_t unique_idx;                /* Index of 'first' among the routes
                                       * that stay alone, if 'group' is
                                       * SIZE_MAX. */
    size_t group;                     /* Index of its ECMP group, or
                                       * SIZE_MAX. */
};

/* Adds the routing flows of the routes in 'pr' of router 'od'. */
static void
build_route_flows(const struct ovn_datapath *od,
                  const struct parsed_routes *pr,
                  const struct lflow_build_input *input,
                  struct lflow_table *lflows)
{
    /* Routes that stay alone, and ECMP groups in the order they form. */
    const struct parsed_route **unique = xcalloc(MAX(pr->n, 1),
                                                 sizeof *unique);
    struct ecmp_group *groups = xcalloc(MAX(pr->n, 1), sizeof *groups);
    size_t n_unique = 0, n_groups = 0;
    struct hmap slots = HMAP_INITIALIZER(&slots);
    struct route_slot *slot;

    for (size_t i = 0; i < pr->n; i++) {
        const struct parsed_route *r = &pr->routes[i];
        if (r->source == ROUTE_SOURCE_CONNECTED || r->is_discard) {
            unique[n_unique++] = r;
            continue;
        }

        uint32_t hash = route_group_hash(r);
        struct route_slot *found = NULL;
        HMAP_FOR_EACH_WITH_HASH (slot, node, hash, &slots) {
            if (routes_share_group(slot->first, r)) {
                found = slot;
                break;
            }
        }
        if (!found) {
            found = xzalloc(sizeof *found);
            found->first = r;
            hmap_insert(&slots, &found->node, hash);
            if (!r->ecmp_symmetric_reply) {
                found->group = SIZE_MAX;
                found->unique_idx = n_unique;
                unique[n_unique++] = r;
                continue;
            }
            /* Symmetric replies need conntrack from the first next hop. */
            found->group = n_groups++;
        } else if (found->group == SIZE_MAX) {
            /* A second route to the prefix: the two form a group. */
            found->group = n_groups++;
            ecmp_group_add(&groups[found->group], found->first);
            unique[found->unique_idx] = NULL;
        }
        ecmp_group_add(&groups[found->group], r);
    }
    HMAP_FOR_EACH_POP (slot, node, &slots) {
        free(slot);
    }
    hmap_destroy(&slots);

    for (size_t i = 0; i < n_unique; i++) {
        if (unique[i]) {
            build_unique_route(od, unique[i], input, lflows);
        }
    }
    /* Group ids count down from the last group formed. */
    for (size_t i = 0; i < n_groups; i++) {
        groups[i].id = n_groups - i;
        build_ecmp_group(od, &groups[i], lflows);
        free(groups[i].routes);
    }
    free(groups);
    free(unique);
}

/* Flows of router 'od' as a whole. */
static void
build_routing_od(const struct ovn_datapath *od,
                 const struct lflow_build_input *input,
                 struct lflow_table *lflows)
{
    if (!od->nbr) {
        return;
    }
    struct lflow_ref *ref = od->lflow_ref;

    ovn_lflow_add(lflows, od, S_ROUTER_IN_IP_ROUTING_PRE, 0, "1",
                  REG_ROUTE_TABLE_ID" = 0; next;", ref);
    ovn_lflow_add(lflows, od, S_ROUTER_IN_IP_ROUTING, 0, "1", "drop;", ref);
    /* Router solicitations and advertisements that no earlier stage
     * answered are not routed. */
    ovn_lflow_add(lflows, od, S_ROUTER_IN_IP_ROUTING, 10550, "nd_rs || nd_ra",
                  "drop;", ref);
    ovn_lflow_add(lflows, od, S_ROUTER_IN_IP_ROUTING_ECMP, 150,
                  REG_ECMP_GROUP_ID" == 0", "next;", ref);
    ovn_lflow_add(lflows, od, S_ROUTER_IN_IP_ROUTING_ECMP, 0, "1", "drop;",
                  ref);

    struct parsed_routes pr;
    parsed_routes_build(od, &pr);
    learned_routes_add_to(input->learned_routes, od, input->sb_idl, &pr);

    /* The route table of each port that names one. */
    struct ds match = DS_EMPTY_INITIALIZER;
    struct ds actions = DS_EMPTY_INITIALIZER;
    const struct ovn_port *op;
    OVN_DATAPATH_FOR_EACH_PORT (op, od) {
        if (!op->nbrp || op->is_chassisredirect) {
            continue;
        }
        uint32_t id = parsed_routes_table_id(
            &pr, smap_get(&op->nbrp->options, "route_table"));
        if (id) {
            ds_clear(&match);
            ds_put_format(&match, "inport == %s", op->json_key);
            ds_clear(&actions);
            ds_put_format(&actions, REG_ROUTE_TABLE_ID" = %"PRIu32"; next;",
                          id);
            ovn_lflow_add_with_hint(lflows, od, S_ROUTER_IN_IP_ROUTING_PRE,
                                    100, ds_cstr(&match), ds_cstr(&actions),
                                    &op->nbrp->header_, ref);
        }
    }
    ds_destroy(&match);
    ds_destroy(&actions);

    build_route_flows(od, &pr, input, lflows);
    parsed_routes_destroy(&pr);
}

/* The family. */
const struct lflow_stage_family lr_routing_family = {
    .name = "lr_routing",
    .build_datapath = build_routing_od,
};
