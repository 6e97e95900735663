/* en-lb-sync.h: the "sync_to_sb_lb" engine node (see en-lb-sync.c). */

#ifndef NORTHD_EN_LB_SYNC_H
#define NORTHD_EN_LB_SYNC_H 1

#include "inc-proc-eng.h"

/* The nodes that the "sync_to_sb_lb" node takes as inputs. */
struct lb_sync_inputs {
    struct engine_node *northd;               /* "northd". */
    struct engine_node *lb_data;              /* "lb_data". */
    struct engine_node *global_config;        /* "global_config". */
    struct engine_node *sb_load_balancer;     /* SB Load_Balancer. */
    struct engine_node *sb_logical_dp_group;  /* SB Logical_DP_Group. */
};

struct engine_node *en_lb_sync_create(struct engine *,
                                      const struct lb_sync_inputs *);

#endif /* northd/en-lb-sync.h */
