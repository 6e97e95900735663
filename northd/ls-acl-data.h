/* ls-acl-data.h: which ACLs apply to which logical switches.
 *
 * This module owns ovn-northd's view of the ACLs of logical switches: for
 * each switch, the summary that its switch-wide ACL flows depend on (does
 * it have ACLs at all, stateful ones, load balancer VIPs, ACL tiers), for
 * each Northbound port group the switches it has ports on, and one "ACL
 * owner" per ACL and container (the switch or the port group that lists
 * it), which owns the logical flows that the ACL makes.
 *
 * An ACL of a port group applies to every switch that has a port in the
 * group.  Its flows are built once per distinct switch summary and shared
 * by the switches through datapath groups.
 *
 * 'struct ls_acl_data' is the data of the "ls_acls" engine node.  A full
 * build (ls_acl_data_build()) makes everything from the databases; the
 * ls_acl_data_handle_*() functions apply changes to ACLs, to the ACL lists
 * of switches and port groups and to port group membership, recording
 * which owners must have their flows built again.  A change that alters a
 * switch's summary is not handled incrementally: switch-wide flows of
 * several stage families depend on it. */

#ifndef NORTHD_LS_ACL_DATA_H
#define NORTHD_LS_ACL_DATA_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hmapx.h"
#include "northd/acl-ids.h"
#include "openvswitch/hmap.h"
#include "openvswitch/list.h"

struct lflow_ref;
struct nbrec_acl;
struct nbrec_port_group;
struct northd_data;
struct ovn_datapath;
struct ovsdb_idl;

/* The three stages where ACLs are evaluated. */
enum acl_eval_stage {
    ACL_EVAL_IN,            /* from-lport, before load balancing. */
    ACL_EVAL_IN_AFTER_LB,   /* from-lport with options:apply-after-lb. */
    ACL_EVAL_OUT,           /* to-lport. */
    ACL_EVAL_N_STAGES
};

/* What the switch-wide ACL flows of a logical switch depend on. */
struct ls_acl_summary {
    bool has_acls;              /* Some ACL applies (its own or a port
                                 * group's). */
    bool has_stateful_acl;      /* One of them is "allow-related". */
    bool has_lb_vip;            /* A load balancer with a VIP applies. */
    uint8_t max_tier[ACL_EVAL_N_STAGES];  /* Highest ACL tier per stage. */
};

/* One logical switch. */
struct ls_acl_info {
    const struct ovn_datapath *od;   /* The switch. */
    struct ls_acl_summary summary;   /* What its ACLs add up to. */
    struct hmapx port_groups;        /* "struct acl_port_group"s with a
                                      * port on the switch. */
    struct ovs_list owners;          /* "struct acl_owner"s of the
                                      * switch's own ACLs
                                      * ('container_node'). */
};

/* One Northbound port group. */
struct acl_port_group {
    struct hmap_node node;             /* In ls_acl_data 'port_groups', by
                                        * UUID. */
    const struct nbrec_port_group *nb; /* The group. */
    unsigned long *dps;                /* Switches with a port in the group,
                                        * by datapath index. */
    size_t n_dps;                      /* Number of bits set in 'dps'. */
    struct ovs_list owners;            /* "struct acl_owner"s of its ACLs
                                        * ('container_node'). */
};

/* The flows of one ACL in one container. */
struct acl_owner {
    struct hmap_node node;          /* In ls_acl_data 'owners', by ACL
                                     * UUID. */
    struct ovs_list container_node; /* In its container's 'owners'. */
    const struct nbrec_acl *acl;    /* The ACL. */
    struct ls_acl_info *ls;         /* Container: a switch... */
    struct acl_port_group *pg;      /* ...or a port group. */
    struct lflow_ref *lflow_ref;    /* The flows it built. */
    bool seen;                      /* Scratch, while a container's list is
                                     * compared with the database. */
};

/* What the last incremental change did to the owners. */
struct ls_acl_tracked {
    struct hmapx created;   /* New "struct acl_owner"s: build. */
    struct hmapx updated;   /* Changed ones: withdraw and build again. */
    struct hmapx deleted;   /* Removed ones, kept (and owned here) until
                             * the tracked data is cleared: withdraw. */
};

/* Data of the "ls_acls" engine node. */
struct ls_acl_data {
    struct ls_acl_info *switches;   /* By datapath index ('od' is NULL for
                                     * routers). */
    size_t n_switches;              /* Number of 'switches'. */
    struct hmap port_groups;        /* "struct acl_port_group"s. */
    struct hmap owners;             /* "struct acl_owner"s. */
    struct acl_ids ids;             /* IDs of persistent ACLs. */

    bool has_tracked_data;          /* 'tracked' describes the last change
                                     * (it was incremental). */
    struct ls_acl_tracked tracked;
};

void ls_acl_data_init(struct ls_acl_data *);
void ls_acl_data_destroy(struct ls_acl_data *);
void ls_acl_data_clear_tracked(struct ls_acl_data *);
void ls_acl_data_clear_lflow_refs(struct ls_acl_data *);

void ls_acl_data_build(struct ls_acl_data *, const struct northd_data *,
                       struct ovsdb_idl *nb_idl);

bool ls_acl_data_handle_switches(struct ls_acl_data *,
                                 const struct northd_data *,
                                 struct ovsdb_idl *nb_idl);
bool ls_acl_data_handle_port_groups(struct ls_acl_data *,
                                    const struct northd_data *,
                                    struct ovsdb_idl *nb_idl);
bool ls_acl_data_handle_acls(struct ls_acl_data *, struct ovsdb_idl *nb_idl);

const struct ls_acl_info *ls_acl_data_find(const struct ls_acl_data *,
                                           const struct ovn_datapath *);

enum acl_eval_stage acl_get_eval_stage(const struct nbrec_acl *);

/* Iterates over the owners of 'DATA'. */
#define LS_ACL_DATA_FOR_EACH_OWNER(OWNER, DATA) \
    HMAP_FOR_EACH (OWNER, node, &(DATA)->owners)

#endif /* northd/ls-acl-data.h */
