/* en-bfd.h: the "bfd_sync" engine node (see en-bfd.c). */

#ifndef NORTHD_EN_BFD_H
#define NORTHD_EN_BFD_H 1

#include "inc-proc-eng.h"
#include "sset.h"

/* Data of the "bfd_sync" node. */
struct bfd_data {
    struct sset ports;      /* Router ports with BFD sessions. */
};

/* The nodes that the "bfd_sync" node takes as inputs. */
struct bfd_inputs {
    struct engine_node *northd;           /* "northd". */
    struct engine_node *nb_bfd;           /* NB BFD. */
    struct engine_node *nb_static_route;  /* NB Logical_Router_Static_Route.
                                           */
    struct engine_node *nb_policy;        /* NB Logical_Router_Policy. */
    struct engine_node *sb_bfd;           /* SB BFD. */
};

struct engine_node *en_bfd_create(struct engine *, const struct bfd_inputs *);
const struct bfd_data *en_bfd_get_data(const struct engine_node *);

#endif /* northd/en-bfd.h */
