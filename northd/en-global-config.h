/* en-global-config.h: the "global_config" engine node.
 *
 * This module owns the settings that apply to the whole deployment: the
 * NB_Global options as ovn-northd completes them (a generated mac_prefix,
 * svc_monitor_mac and svc_monitor_mac_dst when the administrator did not
 * set them, max_tunid, northd_internal_version), their copy in SB_Global
 * (with the feature flags ovn-northd advertises to ovn-controller), VXLAN
 * mode (some chassis uses VXLAN tunnels, so keys are smaller) and the
 * optional features that every chassis supports.
 *
 * The node reports a change only when something that flows or bindings
 * depend on changed: ovn-northd's own writes to NB_Global and SB_Global,
 * and nb_cfg bumps, leave it unchanged. */

#ifndef NORTHD_EN_GLOBAL_CONFIG_H
#define NORTHD_EN_GLOBAL_CONFIG_H 1

#include <stdbool.h>
#include <stdint.h>

#include "inc-proc-eng.h"
#include "smap.h"
#include "packets.h"

/* Optional ovn-controller features, each true only when every chassis
 * (but remote ones) advertises it in other_config, or when there is no
 * chassis at all. */
struct chassis_features {
    bool mac_binding_timestamp;   /* "mac-binding-timestamp" */
    bool fdb_timestamp;           /* "fdb-timestamp" */
    bool ls_dpg_column;           /* "ls-dpg-column" */
    bool ct_commit_nat_v2;        /* "ct-commit-nat-v2" */
    bool ct_commit_to_zone;       /* "ct-commit-to-zone" */
    bool sample_with_reg;         /* "ovn-sample-with-registers" */
    bool ct_next_zone;            /* "ct-next-zone" */
    bool ct_label_flush;          /* "ct-label-flush" */
    bool ct_state_save;           /* "ct-state-save" */
    bool port_up_notif;           /* "port-up-notif" */
    bool ct_no_masked_label;      /* "ct-no-masked-label" */
    bool ct_lb_related;           /* "ovn-ct-lb-related" */
};

/* Data of the "global_config" node. */
struct global_config {
    struct smap nb_options;       /* NB_Global options, completed. */
    bool ipsec;                   /* NB_Global ipsec. */

    struct eth_addr mac_prefix;   /* First 3 bytes of generated MACs. */
    struct eth_addr svc_monitor_mac_ea;      /* Source MAC of service
                                              * monitor probes. */
    char svc_monitor_mac[ETH_ADDR_STRLEN + 1];      /* Same, as text. */
    struct eth_addr svc_monitor_mac_dst_ea;  /* Destination MAC of
                                              * service monitor probes. */
    char svc_monitor_mac_dst[ETH_ADDR_STRLEN + 1];  /* Same, as text. */

    bool chassis_vxlan;           /* Some chassis has a VXLAN encap. */
    bool vxlan_mode;              /* That, unless NB_Global
                                   * options:disable_vxlan_mode. */
    uint32_t max_dp_tunnel_key;   /* Largest local datapath key. */
    bool ignore_lsp_down;         /* Build ARP/ND responders for ports that
                                   * are down. */
    struct chassis_features features;   /* What every chassis supports. */
};

struct engine_node *en_global_config_create(struct engine *);
enum engine_input_handler_result global_config_nb_global_handler(
    struct engine_node *, void *data);
enum engine_input_handler_result global_config_sb_global_handler(
    struct engine_node *, void *data);
enum engine_input_handler_result global_config_sb_chassis_handler(
    struct engine_node *, void *data);

char *northd_internal_version(void);

struct ds;
void chassis_features_format(const struct chassis_features *, struct ds *);

#endif /* northd/en-global-config.h */
