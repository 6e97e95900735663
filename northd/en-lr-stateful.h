/* en-lr-stateful.h: the "lr_stateful" engine node (see en-lr-stateful.c).
 */

#ifndef NORTHD_EN_LR_STATEFUL_H
#define NORTHD_EN_LR_STATEFUL_H 1

#include "inc-proc-eng.h"

struct lr_stateful_table;

/* The nodes that the "lr_stateful" node takes as inputs. */
struct lr_stateful_inputs {
    struct engine_node *northd;         /* "northd". */
    struct engine_node *lb_data;        /* "lb_data". */
    struct engine_node *nb_nat;         /* NB NAT. */
    struct engine_node *nb_logical_router;  /* NB Logical_Router. */
};

struct engine_node *en_lr_stateful_create(struct engine *,
                                          const struct lr_stateful_inputs *);
const struct lr_stateful_table *en_lr_stateful_get_data(
    const struct engine_node *);

#endif /* northd/en-lr-stateful.h */
