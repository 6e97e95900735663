/* en-lflow.h: the "lflow" engine node (see en-lflow.c). */

#ifndef NORTHD_EN_LFLOW_H
#define NORTHD_EN_LFLOW_H 1

#include "inc-proc-eng.h"

struct ovsdb_idl;

/* The nodes that the "lflow" node takes as inputs. */
struct lflow_inputs {
    struct engine_node *northd;               /* "northd". */
    struct engine_node *global_config;        /* "global_config". */
    struct engine_node *ls_acls;              /* "ls_acls". */
    struct engine_node *nb_dhcp_options;      /* NB DHCP_Options. */
    struct engine_node *nb_copp;              /* NB Copp. */
    struct engine_node *nb_meter;             /* NB Meter. */
    struct engine_node *nb_forwarding_group;  /* NB Forwarding_Group. */
    struct engine_node *lb_data;              /* "lb_data". */
    struct engine_node *lb_svc_monitors;      /* "lb_svc_monitors". */
    struct engine_node *lr_stateful;          /* "lr_stateful". */
    struct engine_node *lb_sync;              /* "sync_to_sb_lb" (only so
                                               * that Load_Balancer rows,
                                               * whose datapath groups flows
                                               * must not share, are written
                                               * first). */
    struct engine_node *bfd;                  /* "bfd_sync". */
    struct engine_node *nb_bfd;               /* NB BFD (statuses). */
    struct engine_node *nb_logical_router;    /* NB Logical_Router (its
                                               * routes and policies). */
    struct engine_node *nb_static_route;      /* NB Logical_Router_Static_
                                               * Route. */
    struct engine_node *nb_policy;            /* NB Logical_Router_Policy. */
    struct engine_node *nb_dhcp_relay;        /* NB DHCP_Relay. */
    struct engine_node *learned_routes;       /* "learned_route_sync". */
    struct engine_node *sb_logical_flow;      /* SB Logical_Flow. */
    struct engine_node *sb_logical_dp_group;  /* SB Logical_DP_Group. */
};

struct engine_node *en_lflow_create(struct engine *,
                                    const struct lflow_inputs *);
bool en_lflow_knows_sb_rows(const struct engine_node *,
                            const struct ovsdb_idl *sb_idl);

#endif /* northd/en-lflow.h */
