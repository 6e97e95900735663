/* lr-routes.h: the routes of a logical router.
 *
 * This module owns the parsing of what a router routes by: the networks
 * of its ports ("connected" routes), its Northbound static routes (with
 * their route tables, src-ip policy, discard nexthop, output port, ECMP
 * symmetric replies and BFD supervision: a route whose BFD session is down
 * is left out) and, for dynamic routing, routes learned from the network
 * (see parsed_routes_add()), and the route table identifiers that the
 * ip_routing_pre stage writes into a register.
 *
 * Routes are computed per router on demand, in a stable order: connected
 * routes in port order, then static routes in Northbound order, then
 * learned routes. */

#ifndef NORTHD_LR_ROUTES_H
#define NORTHD_LR_ROUTES_H 1

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "openvswitch/shash.h"

struct ovn_datapath;
struct ovn_port;
struct ovsdb_idl_row;
struct nbrec_logical_router_static_route;

/* Where a route comes from.  The source decides the route's priority among
 * routes of the same prefix length: connected, then static, then learned
 * (see route_source_priority_offset()). */
enum route_source {
    ROUTE_SOURCE_CONNECTED,     /* A network of a router port. */
    ROUTE_SOURCE_STATIC,        /* A Northbound static route. */
    ROUTE_SOURCE_LEARNED,       /* Learned by dynamic routing (Southbound
                                 * Learned_Route). */
};

/* One route. */
struct parsed_route {
    enum route_source source;   /* Where it comes from. */
    struct in6_addr prefix;     /* Network (IPv4 addresses mapped). */
    unsigned int plen;          /* Prefix length within its family. */
    bool is_ipv4;               /* Whether 'prefix' is IPv4. */
    char *prefix_s;             /* 'prefix' without host bits, as text. */
    bool is_src_route;          /* Matches the source address (policy
                                 * "src-ip") instead of the destination. */
    uint32_t route_table_id;    /* Route table, 0 for the main one. */
    bool is_discard;            /* Drops what it matches. */

    bool has_nexthop;           /* Whether 'nexthop' is set (connected
                                 * routes have none: the destination is the
                                 * next hop). */
    struct in6_addr nexthop;    /* Next hop (IPv4 addresses mapped). */
    bool is_ipv4_nexthop;       /* Whether 'nexthop' is IPv4. */
    char *nexthop_s;            /* 'nexthop' as text, or NULL. */

    const struct ovn_port *out_port;  /* Port it leaves through, unless
                                       * 'is_discard'. */
    const char *lrp_addr_s;     /* Address of 'out_port' in the next hop's
                                 * family (its source address for ARP and
                                 * ND), unless 'is_discard'. */
    bool ecmp_symmetric_reply;  /* Replies to traffic that came in over
                                 * this route go back over it. */
    const struct nbrec_logical_router_static_route *nb_route;  /* Or
                                                                 * NULL. */
    const struct ovsdb_idl_row *hint;   /* Northbound row it comes from. */
};

/* The routes of one router, and its route tables. */
struct parsed_routes {
    struct parsed_route *routes;    /* Routes, in order. */
    size_t n;                       /* Number of 'routes'. */
    size_t allocated;               /* Capacity of 'routes'. */
    struct shash route_tables;      /* Route table name -> id (cast to a
                                     * pointer), ids from 1 in name
                                     * order. */
};

bool route_parse_addr(const char *, struct in6_addr *, bool *is_ipv4);
bool route_parse_prefix(const char *, struct in6_addr *prefix,
                        unsigned int *plen, bool *is_ipv4);
char *route_format_addr(const struct in6_addr *, bool is_ipv4);

void parsed_routes_build(const struct ovn_datapath *, struct parsed_routes *);
void parsed_routes_destroy(struct parsed_routes *);
struct parsed_route *parsed_routes_add(struct parsed_routes *);
uint32_t parsed_routes_table_id(const struct parsed_routes *,
                                const char *route_table);
int route_source_priority_offset(enum route_source);

#endif /* northd/lr-routes.h */
