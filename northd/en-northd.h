/* en-northd.h: the "northd" engine node (see en-northd.c). */

#ifndef NORTHD_EN_NORTHD_H
#define NORTHD_EN_NORTHD_H 1

#include "inc-proc-eng.h"

struct northd_data;

/* The nodes that the "northd" node takes as inputs. */
struct northd_inputs {
    struct engine_node *global_config;          /* "global_config". */
    struct engine_node *nb_logical_switch;      /* NB Logical_Switch. */
    struct engine_node *nb_logical_switch_port; /* NB Logical_Switch_Port. */
    struct engine_node *nb_logical_router;      /* NB Logical_Router. */
    struct engine_node *nb_logical_router_port; /* NB Logical_Router_Port. */
    struct engine_node *nb_ha_chassis_group;    /* NB HA_Chassis_Group. */
    struct engine_node *nb_ha_chassis;          /* NB HA_Chassis. */
    struct engine_node *nb_gateway_chassis;     /* NB Gateway_Chassis. */
    struct engine_node *nb_mirror;              /* NB Mirror. */
    struct engine_node *sb_chassis;             /* SB Chassis. */
    struct engine_node *sb_datapath_binding;    /* SB Datapath_Binding. */
    struct engine_node *sb_port_binding;        /* SB Port_Binding. */
    struct engine_node *sb_multicast_group;     /* SB Multicast_Group. */
    struct engine_node *sb_ip_multicast;        /* SB IP_Multicast. */
    struct engine_node *sb_ha_chassis_group;    /* SB HA_Chassis_Group. */
    struct engine_node *sb_mirror;              /* SB Mirror. */
    struct engine_node *nb_dns;                 /* NB DNS. */
    struct engine_node *sb_dns;                 /* SB DNS. */
    struct engine_node *sb_fdb;                 /* SB FDB. */
    struct engine_node *sb_igmp_group;          /* SB IGMP_Group. */
    struct engine_node *nb_nat;                 /* NB NAT. */
};

struct engine_node *en_northd_create(struct engine *,
                                     const struct northd_inputs *);
const struct northd_data *en_northd_get_data(const struct engine_node *);

#endif /* northd/en-northd.h */
