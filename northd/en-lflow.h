/* en-lflow.h: the "lflow" engine node (see en-lflow.c). */

#ifndef NORTHD_EN_LFLOW_H
#define NORTHD_EN_LFLOW_H 1

#include "inc-proc-eng.h"

/* The nodes that the "lflow" node takes as inputs. */
struct lflow_inputs {
    struct engine_node *northd;               /* "northd". */
    struct engine_node *global_config;        /* "global_config". */
    struct engine_node *sb_logical_flow;      /* SB Logical_Flow. */
    struct engine_node *sb_logical_dp_group;  /* SB Logical_DP_Group. */
};

struct engine_node *en_lflow_create(struct engine *,
                                    const struct lflow_inputs *);

#endif /* northd/en-lflow.h */
