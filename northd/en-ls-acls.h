/* en-ls-acls.h: the "ls_acls" engine node (see en-ls-acls.c). */

#ifndef NORTHD_EN_LS_ACLS_H
#define NORTHD_EN_LS_ACLS_H 1

#include "inc-proc-eng.h"

struct ls_acl_data;

/* The nodes that the "ls_acls" node takes as inputs. */
struct ls_acls_inputs {
    struct engine_node *northd;                   /* "northd". */
    struct engine_node *lb_data;                  /* "lb_data". */
    struct engine_node *nb_logical_switch;        /* NB Logical_Switch. */
    struct engine_node *nb_port_group;            /* NB Port_Group. */
    struct engine_node *nb_acl;                   /* NB ACL. */
    /* What ACL flows refer to by name or ID: a change rebuilds them all
     * (it is rare). */
    struct engine_node *nb_qos;                   /* NB QoS. */
    struct engine_node *nb_meter;                 /* NB Meter. */
    struct engine_node *nb_copp;                  /* NB Copp. */
    struct engine_node *nb_sample;                /* NB Sample. */
    struct engine_node *nb_sample_collector;      /* NB Sample_Collector. */
    struct engine_node *nb_sampling_app;          /* NB Sampling_App. */
    struct engine_node *sb_acl_id;                /* SB ACL_ID. */
};

struct engine_node *en_ls_acls_create(struct engine *,
                                      const struct ls_acls_inputs *);
const struct ls_acl_data *en_ls_acls_get_data(const struct engine_node *);

#endif /* northd/en-ls-acls.h */
