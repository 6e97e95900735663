/* en-learned-routes.h: the "learned_route_sync" engine node (see
 * en-learned-routes.c). */

#ifndef NORTHD_EN_LEARNED_ROUTES_H
#define NORTHD_EN_LEARNED_ROUTES_H 1

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>

#include "inc-proc-eng.h"
#include "uuid.h"

struct ovn_datapath;
struct ovn_port;
struct ovsdb_idl;
struct parsed_routes;

/* A route that ovn-controller learned from a routing daemon. */
struct learned_route {
    const struct ovn_port *out_port;  /* Router port it was learned on. */
    struct in6_addr prefix;     /* Network (IPv4 mapped, host bits
                                 * cleared). */
    unsigned int plen;          /* Prefix length within its family. */
    bool is_ipv4;               /* Whether 'prefix' is IPv4. */
    struct in6_addr nexthop;    /* Next hop (IPv4 mapped). */
    bool is_ipv4_nexthop;       /* Whether 'nexthop' is IPv4. */
    const char *lrp_addr_s;     /* Address of 'out_port' on the next hop's
                                 * network. */
    struct uuid sb_uuid;        /* The Learned_Route row. */

    /* What the flows of the route depend on, kept to tell whether the
     * routes changed after 'out_port' has gone. */
    char *port_key;             /* Name of 'out_port'. */
    char *flow_key;             /* Port MAC and source address. */
};

/* The learned routes of one router, in a stable order. */
struct learned_route_list {
    struct learned_route *routes;   /* The routes. */
    size_t n;                       /* Number of 'routes'. */
    size_t allocated;               /* Capacity of 'routes'. */
};

/* Data of the "learned_route_sync" node: the routes of every router. */
struct learned_routes {
    struct learned_route_list *by_index;  /* By datapath 'index'. */
    size_t n_datapaths;                   /* Size of 'by_index'. */
};

/* The nodes that the "learned_route_sync" node takes as inputs. */
struct learned_routes_inputs {
    struct engine_node *northd;             /* "northd". */
    struct engine_node *sb_learned_route;   /* SB Learned_Route. */
};

struct engine_node *en_learned_routes_create(
    struct engine *, const struct learned_routes_inputs *);
const struct learned_routes *en_learned_routes_get_data(
    const struct engine_node *);

void learned_routes_add_to(const struct learned_routes *,
                           const struct ovn_datapath *, struct ovsdb_idl *,
                           struct parsed_routes *);

#endif /* northd/en-learned-routes.h */
