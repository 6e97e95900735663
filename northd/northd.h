/* northd.h: ovn-northd's model of the logical network.
 *
 * This module owns the in-memory view that every later step of ovn-northd
 * works from: one 'struct ovn_datapath' per Northbound logical switch or
 * router, one 'struct ovn_port' per logical switch port, logical router
 * port or chassis-redirect port, each with its tunnel key and the Southbound
 * row (Datapath_Binding or Port_Binding) it is bound to, and the parsed
 * forms of their addresses.
 *
 * 'struct northd_data' is the data of the "northd" engine node.  A full
 * build (northd_build()) creates everything from the databases and brings
 * the Southbound bindings in line; northd_handle_lsp_changes() applies the
 * common small changes to logical switch ports incrementally and records
 * which ports it created, changed and deleted ("tracked data") for the
 * nodes downstream.
 *
 * Southbound rows are referred to by UUID, never by pointer, across main
 * loop iterations: a row that a transaction inserts is freed when the
 * transaction commits, and comes back as a new row with the same UUID
 * (ovn-northd inserts rows with UUIDs it chooses). */

#ifndef NORTHD_NORTHD_H
#define NORTHD_NORTHD_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hmapx.h"
#include "lport-addresses.h"
#include "northd/lflow-stages.h"
#include "northd/tunnel-ids.h"
#include "openvswitch/hmap.h"
#include "openvswitch/list.h"
#include "uuid.h"

struct global_config;
struct lflow_ref;
struct od_mcast_info;
struct ovsdb_idl;
struct ovsdb_idl_index;
struct ovsdb_idl_txn;
struct nbrec_logical_router;
struct nbrec_logical_router_port;
struct nbrec_logical_switch;
struct nbrec_logical_switch_port;
struct sbrec_datapath_binding;
struct sbrec_port_binding;

/* Datapath tunnel keys: 1 .. 2^24-1, the top 2^16-1 kept for ovn-ic; in
 * VXLAN mode 12 bits, the top 3072 for ovn-ic. */
#define OVN_MAX_DP_KEY ((1u << 24) - 1)
#define OVN_MAX_DP_GLOBAL_NUM ((1u << 16) - 1)
#define OVN_MIN_DP_KEY_LOCAL 1
#define OVN_MAX_DP_KEY_LOCAL (OVN_MAX_DP_KEY - OVN_MAX_DP_GLOBAL_NUM)
#define OVN_MAX_DP_VXLAN_KEY ((1u << 12) - 1)
#define OVN_MAX_DP_VXLAN_KEY_LOCAL 1023

/* Port tunnel keys: 1 .. 32767 for logical ports, then multicast groups;
 * in VXLAN mode logical ports stop below 2048. */
#define OVN_MAX_LPORT_KEY ((1u << 15) - 1)
#define OVN_VXLAN_MIN_MULTICAST 2048

/* One logical switch or router. */
struct ovn_datapath {
    struct hmap_node key_node;  /* In ovn_datapaths 'by_uuid'. */
    struct hmap_node sb_node;   /* In ovn_datapaths 'by_sb_uuid'. */
    struct uuid key;            /* UUID of the Northbound row. */
    size_t index;               /* In ovn_datapaths 'array'; bit number in
                                 * datapath bitmaps. */

    const struct nbrec_logical_switch *nbs;   /* Switch, or NULL. */
    const struct nbrec_logical_router *nbr;   /* Router, or NULL. */

    struct uuid sb_uuid;        /* Southbound Datapath_Binding row. */
    uint32_t tunnel_key;        /* Its tunnel key, 0 if none could be
                                 * assigned. */

    struct ovs_list port_list;  /* "struct ovn_port"s, in Northbound order
                                 * ('dp_node'). */
    size_t n_ports;             /* Number of ports in 'port_list'. */
    struct tnlid_set port_tnlids;  /* Tunnel keys of its ports. */
    uint32_t port_key_hint;     /* Last port key handed out. */

    /* Switches only: summaries of the ports that datapath-wide flows
     * depend on.  A port change that would alter one of them is not
     * handled incrementally. */
    size_t n_unknown_ports;     /* Ports with "unknown" addresses. */
    size_t n_localnet_ports;    /* Ports of type "localnet". */
    size_t n_vtep_ports;        /* Ports of type "vtep". */
    size_t n_router_ports;      /* Ports of type "router". */
    size_t n_external_ports;    /* Ports of type "external". */
    size_t n_virtual_ports;     /* Ports of type "virtual". */

    /* Switches only: its ports of type "router" that are linked to a
     * router port (in Northbound order), for the flows of its routers
     * that depend on the switch's other ports. */
    struct ovn_port **linked_router_ports;
    size_t n_linked_router_ports;   /* Number of 'linked_router_ports'. */

    /* Routers only. */
    bool is_gw_router;              /* Bound to a chassis (options:chassis):
                                     * a gateway router. */
    struct ovn_port **l3dgw_ports;  /* Distributed gateway ports (those with
                                     * a chassis-redirect port), in
                                     * Northbound order. */
    size_t n_l3dgw_ports;           /* Number of 'l3dgw_ports'. */

    struct lflow_ref *lflow_ref;  /* Flows built for the datapath as a
                                   * whole (not for one of its ports). */

    /* Switches only: Southbound rows of the multicast groups that
     * multicast-groups.c maintains (all-zero when absent) and of
     * IP_Multicast. */
    struct uuid mc_group_sb_uuid[6];
    struct uuid ip_mcast_sb_uuid;
    struct od_mcast_info *mcast_info;   /* IP multicast summary and learned
                                         * groups (multicast-groups.c). */
};

/* All datapaths. */
struct ovn_datapaths {
    struct hmap by_uuid;            /* "struct ovn_datapath"s by 'key'. */
    struct hmap by_sb_uuid;         /* The same, by 'sb_uuid'. */
    struct ovn_datapath **array;    /* By 'index'. */
    size_t n;                       /* Number of datapaths. */
    size_t allocated;               /* Capacity of 'array'. */
    struct tnlid_set dp_tnlids;     /* Tunnel keys in use. */
    uint32_t dp_key_hint;           /* Last datapath key handed out. */
};

/* One logical port. */
struct ovn_port {
    struct hmap_node key_node;  /* In northd_data 'ports', by 'key'. */
    struct hmap_node uuid_node; /* In northd_data 'ports_by_nb_uuid', for
                                 * switch ports. */
    struct ovs_list dp_node;    /* In its datapath's 'port_list'. */
    char *key;                  /* The Port_Binding logical_port. */
    char *json_key;             /* 'key' as a quoted string, as matches
                                 * and actions spell port names. */
    struct ovn_datapath *od;    /* Its datapath. */

    const struct nbrec_logical_switch_port *nbsp;  /* Switch port, or
                                                    * NULL. */
    const struct nbrec_logical_router_port *nbrp;  /* Router port (or the
                                                    * distributed port of a
                                                    * chassis-redirect port),
                                                    * or NULL. */
    bool is_chassisredirect;    /* A "cr-" port made for 'nbrp'. */

    struct uuid sb_uuid;        /* Southbound Port_Binding row. */
    uint32_t tunnel_key;        /* Its tunnel key, 0 if none. */

    /* Switch ports: parsed "addresses" (the entries with a MAC) and
     * "port_security". */
    struct lport_addresses *lsp_addrs;  /* Parsed addresses. */
    size_t n_lsp_addrs;                 /* Number of 'lsp_addrs'. */
    struct lport_addresses *ps_addrs;   /* Parsed port security. */
    size_t n_ps_addrs;                  /* Number of 'ps_addrs'. */
    bool has_unknown;                   /* "unknown" is an address. */
    bool has_bad_addresses;             /* Some address did not parse. */
    bool simple_vif;                    /* A plain VIF when last parsed:
                                         * its changes may be handled
                                         * incrementally. */

    /* Router ports: parsed MAC and networks. */
    struct lport_addresses lrp_networks;

    struct ovn_port *peer;      /* Router port of a "router" switch port,
                                 * or the other way around, or NULL. */
    struct ovn_port *cr_port;   /* Chassis-redirect port of a distributed
                                 * gateway port, or NULL. */
    struct ovn_port *primary_port;  /* For a chassis-redirect port, the
                                     * distributed gateway port it was made
                                     * for; NULL otherwise. */
    bool always_redirect;       /* For a chassis-redirect port, whether
                                 * its binding was last given option
                                 * "always-redirect". */

    uint32_t qdisc_queue_id;    /* Switch ports with egress QoS: queue ID
                                 * (qos-queues.c), 0 if none. */

    struct lflow_ref *lflow_ref;  /* Flows built for this port. */
};

/* What a northd_handle_lsp_changes() call changed. */
struct northd_tracked_ports {
    struct hmapx created;   /* New "struct ovn_port"s. */
    struct hmapx updated;   /* Changed "struct ovn_port"s. */
    struct hmapx deleted;   /* Removed "struct ovn_port"s, kept alive (and
                             * owned here) until the tracked data is
                             * cleared. */
};

/* Data of the "northd" engine node. */
struct northd_data {
    struct ovn_datapaths datapaths;  /* Every datapath. */
    struct hmap ports;               /* Every "struct ovn_port", by key. */
    struct hmap ports_by_nb_uuid;    /* Switch ports by the UUID of their
                                      * Northbound row ('uuid_node'). */
    unsigned long *qdisc_queue_ids;  /* Queue IDs in use (qos-queues.c),
                                      * or NULL. */

    bool has_tracked_data;           /* 'tracked_ports' describes the last
                                      * change (it was incremental). */
    struct northd_tracked_ports tracked_ports;
};

/* What northd_build() and the incremental handlers read and write. */
struct northd_context {
    struct ovsdb_idl *nb_idl;           /* Northbound. */
    struct ovsdb_idl *sb_idl;           /* Southbound. */
    struct ovsdb_idl_txn *ovnnb_txn;    /* Northbound transaction. */
    struct ovsdb_idl_txn *ovnsb_txn;    /* Southbound transaction. */
    const struct global_config *config; /* Global settings. */
    struct ovsdb_idl_index *sbrec_chassis_by_name;      /* SB Chassis by
                                                         * name. */
    struct ovsdb_idl_index *sbrec_chassis_by_hostname;  /* SB Chassis by
                                                         * hostname. */
    /* SB HA_Chassis_Group by name. */
    struct ovsdb_idl_index *sbrec_ha_chassis_group_by_name;
    struct ovsdb_idl_index *sbrec_mirror_by_name;   /* SB Mirror by name. */
    struct ovsdb_idl_index *sbrec_fdb_by_dp_and_port;  /* SB FDB by dp_key
                                                        * and port_key. */
};

void northd_data_init(struct northd_data *);
void northd_data_destroy(struct northd_data *);
void northd_data_clear_tracked(struct northd_data *);

void northd_build(struct northd_data *, const struct northd_context *);
bool northd_handle_lsp_changes(struct northd_data *,
                               const struct northd_context *);

struct ovn_datapath *ovn_datapath_find(const struct ovn_datapaths *,
                                       const struct uuid *nb_uuid);
struct ovn_datapath *ovn_datapath_find_by_sb(const struct ovn_datapaths *,
                                             const struct uuid *sb_uuid);
const char *ovn_datapath_name(const struct ovn_datapath *);
const struct sbrec_datapath_binding *ovn_datapath_get_sb(
    const struct ovn_datapath *, struct ovsdb_idl *sb_idl);

struct ovn_port *ovn_port_find(const struct hmap *ports, const char *key);
const struct sbrec_port_binding *ovn_port_get_sb(const struct ovn_port *,
                                                 struct ovsdb_idl *sb_idl);
bool lsp_is_enabled(const struct nbrec_logical_switch_port *);
bool lsp_is_up(const struct nbrec_logical_switch_port *);
bool lsp_is_router(const struct nbrec_logical_switch_port *);

/* Iterates over the ports of datapath OD. */
#define OVN_DATAPATH_FOR_EACH_PORT(OP, OD) \
    LIST_FOR_EACH (OP, dp_node, &(OD)->port_list)

#endif /* northd/northd.h */
