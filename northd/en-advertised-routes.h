/* en-advertised-routes.h: the "advertised_route_sync" engine node (see
 * en-advertised-routes.c). */

#ifndef NORTHD_EN_ADVERTISED_ROUTES_H
#define NORTHD_EN_ADVERTISED_ROUTES_H 1

#include "inc-proc-eng.h"

/* The nodes that the "advertised_route_sync" node takes as inputs. */
struct advertised_routes_inputs {
    struct engine_node *northd;           /* "northd". */
    struct engine_node *lr_stateful;      /* "lr_stateful". */
    struct engine_node *bfd;              /* "bfd_sync" (which may change
                                           * BFD statuses first). */
    struct engine_node *nb_logical_router;  /* NB Logical_Router (which
                                             * routes each router has). */
    struct engine_node *nb_static_route;  /* NB Logical_Router_Static_Route.
                                           */
    struct engine_node *nb_bfd;           /* NB BFD. */
    struct engine_node *sb_advertised_route;  /* SB Advertised_Route. */
};

struct engine_node *en_advertised_routes_create(
    struct engine *, const struct advertised_routes_inputs *);

#endif /* northd/en-advertised-routes.h */
