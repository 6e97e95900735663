/* en-lb-data.h: the "lb_data" engine node (see en-lb-data.c). */

#ifndef NORTHD_EN_LB_DATA_H
#define NORTHD_EN_LB_DATA_H 1

#include <stdbool.h>
#include <stddef.h>

#include "hmapx.h"
#include "inc-proc-eng.h"
#include "openvswitch/hmap.h"
#include "uuid.h"

struct ovn_datapath;

/* The load balancers and groups that each datapath lists itself, as last
 * seen (so that a change of a switch's or router's columns can be
 * applied as a difference). */
struct lb_dp_refs {
    struct uuid *lbs;           /* Load_Balancer rows. */
    size_t n_lbs;               /* Number of 'lbs'. */
    struct uuid *groups;        /* Load_Balancer_Group rows. */
    size_t n_groups;            /* Number of 'groups'. */
};

/* What the last incremental change of the node did. */
struct lb_data_tracked {
    struct hmapx created;       /* New "struct northd_lb"s. */
    struct hmapx updated;       /* "struct northd_lb"s whose contents or
                                 * datapaths changed. */
    struct hmapx deleted;       /* Removed "struct northd_lb"s, kept alive
                                 * (and owned here) until the tracked data
                                 * is cleared. */
    bool health_checks_changed; /* A load balancer that has or had a
                                 * health check changed. */
    bool ls_lb_vip_changed;     /* Whether some switch has a load balancer
                                 * VIP changed (ls_has_lb_vip()). */
};

/* Data of the "lb_data" node. */
struct lb_data {
    struct hmap lbs;            /* "struct northd_lb"s by UUID. */
    struct hmap lb_groups;      /* "struct northd_lb_group"s by UUID. */
    size_t n_datapaths;         /* Bits in the datapath bitmaps. */
    struct lb_dp_refs *dp_refs; /* By datapath index. */
    unsigned long *ls_lb_vip;   /* Switches for which ls_has_lb_vip(). */
    bool install_ls_lb_from_router;  /* NB_Global option of that name. */

    bool has_tracked_data;      /* 'tracked' describes the last change (it
                                 * was incremental). */
    struct lb_data_tracked tracked;
};

/* The nodes that the "lb_data" node takes as inputs. */
struct lb_data_inputs {
    struct engine_node *northd;                 /* "northd". */
    struct engine_node *global_config;          /* "global_config". */
    struct engine_node *nb_load_balancer;       /* NB Load_Balancer. */
    struct engine_node *nb_load_balancer_group; /* NB Load_Balancer_Group. */
    struct engine_node *nb_lb_health_check;     /* NB
                                                 * Load_Balancer_Health_Check.
                                                 */
    struct engine_node *nb_logical_switch;      /* NB Logical_Switch. */
    struct engine_node *nb_logical_router;      /* NB Logical_Router. */
};

struct engine_node *en_lb_data_create(struct engine *,
                                      const struct lb_data_inputs *);

#endif /* northd/en-lb-data.h */
