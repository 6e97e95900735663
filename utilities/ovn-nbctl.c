/* ovn-nbctl: manages the OVN Northbound database.
 *
 * This file describes ovn-nbctl to the ovn-dbctl framework: the database,
 * how rows of each table may be named in the database commands, the
 * command groups, and how --wait waits: ovn-nbctl bumps NB_Global's nb_cfg
 * in the transaction and then waits until ovn-northd (sb_cfg) or every
 * chassis (hv_cfg) has caught up with it. */

#include <config.h>

#include <inttypes.h>
#include <limits.h>
#include <stdio.h>

#include "lib/ovn-nb-idl.h"
#include "nbctl-commands.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/poll-loop.h"
#include "ovn-dbctl.h"
#include "ovn-dbctl-remote.h"
#include "ovn-util.h"
#include "util.h"

/* For each Northbound table, the columns by which the database commands
 * find a row besides its UUID. */
static const struct ctl_table_class nbctl_tables[NBREC_N_TABLES] = {
    [NBREC_TABLE_DHCP_OPTIONS].row_ids = {
        {&nbrec_logical_switch_port_col_name, NULL,
         &nbrec_logical_switch_port_col_dhcpv4_options},
        {&nbrec_logical_switch_port_col_external_ids, "neutron:port_name",
         &nbrec_logical_switch_port_col_dhcpv4_options},
        {&nbrec_logical_switch_port_col_name, NULL,
         &nbrec_logical_switch_port_col_dhcpv6_options},
        {&nbrec_logical_switch_port_col_external_ids, "neutron:port_name",
         &nbrec_logical_switch_port_col_dhcpv6_options},
    },
    [NBREC_TABLE_LOGICAL_SWITCH].row_ids = {
        {&nbrec_logical_switch_col_name, NULL, NULL},
        {&nbrec_logical_switch_col_external_ids, "neutron:network_name",
         NULL},
    },
    [NBREC_TABLE_LOGICAL_SWITCH_PORT].row_ids = {
        {&nbrec_logical_switch_port_col_name, NULL, NULL},
        {&nbrec_logical_switch_port_col_external_ids, "neutron:port_name",
         NULL},
    },
    [NBREC_TABLE_LOGICAL_ROUTER].row_ids = {
        {&nbrec_logical_router_col_name, NULL, NULL},
        {&nbrec_logical_router_col_external_ids, "neutron:router_name",
         NULL},
    },
    [NBREC_TABLE_LOGICAL_ROUTER_PORT].row_ids[0] =
        {&nbrec_logical_router_port_col_name, NULL, NULL},
    [NBREC_TABLE_COPP].row_ids[0] = {&nbrec_copp_col_name, NULL, NULL},
    [NBREC_TABLE_ADDRESS_SET].row_ids[0] =
        {&nbrec_address_set_col_name, NULL, NULL},
    [NBREC_TABLE_PORT_GROUP].row_ids[0] =
        {&nbrec_port_group_col_name, NULL, NULL},
    [NBREC_TABLE_ACL].row_ids[0] = {&nbrec_acl_col_name, NULL, NULL},
    [NBREC_TABLE_HA_CHASSIS_GROUP].row_ids[0] =
        {&nbrec_ha_chassis_group_col_name, NULL, NULL},
    [NBREC_TABLE_HA_CHASSIS].row_ids[0] =
        {&nbrec_ha_chassis_col_chassis_name, NULL, NULL},
    [NBREC_TABLE_GATEWAY_CHASSIS].row_ids[0] =
        {&nbrec_gateway_chassis_col_name, NULL, NULL},
    [NBREC_TABLE_METER].row_ids[0] = {&nbrec_meter_col_name, NULL, NULL},
    [NBREC_TABLE_METER_BAND].row_ids[0] =
        {&nbrec_meter_band_col_action, NULL, NULL},
    [NBREC_TABLE_NAT].row_ids[0] = {&nbrec_nat_col_external_ip, NULL, NULL},
    [NBREC_TABLE_CONNECTION].row_ids[0] =
        {&nbrec_connection_col_target, NULL, NULL},
    [NBREC_TABLE_LOAD_BALANCER].row_ids[0] =
        {&nbrec_load_balancer_col_name, NULL, NULL},
    [NBREC_TABLE_LOAD_BALANCER_GROUP].row_ids[0] =
        {&nbrec_load_balancer_group_col_name, NULL, NULL},
    [NBREC_TABLE_LOAD_BALANCER_HEALTH_CHECK].row_ids[0] =
        {&nbrec_load_balancer_health_check_col_vip, NULL, NULL},
    [NBREC_TABLE_FORWARDING_GROUP].row_ids[0] =
        {&nbrec_forwarding_group_col_name, NULL, NULL},
    [NBREC_TABLE_MIRROR].row_ids[0] = {&nbrec_mirror_col_name, NULL, NULL},
    [NBREC_TABLE_DHCP_RELAY].row_ids[0] =
        {&nbrec_dhcp_relay_col_name, NULL, NULL},
    [NBREC_TABLE_CHASSIS_TEMPLATE_VAR].row_ids[0] =
        {&nbrec_chassis_template_var_col_chassis, NULL, NULL},
    [NBREC_TABLE_NETWORK_FUNCTION].row_ids[0] =
        {&nbrec_network_function_col_name, NULL, NULL},
    [NBREC_TABLE_NETWORK_FUNCTION_GROUP].row_ids[0] =
        {&nbrec_network_function_group_col_name, NULL, NULL},
    [NBREC_TABLE_NETWORK_FUNCTION_HEALTH_CHECK].row_ids[0] =
        {&nbrec_network_function_health_check_col_name, NULL, NULL},
    [NBREC_TABLE_SAMPLE_COLLECTOR].row_ids[0] =
        {&nbrec_sample_collector_col_name, NULL, NULL},
};

/* The tables that the connection and SSL commands manage. */
static const struct ovn_dbctl_remote_schema nbctl_remote_schema = {
    .global = &nbrec_table_nb_global,
    .global_connections = &nbrec_nb_global_col_connections,
    .global_ssl = &nbrec_nb_global_col_ssl,
    .connection = &nbrec_table_connection,
    .connection_target = &nbrec_connection_col_target,
    .connection_inactivity_probe = &nbrec_connection_col_inactivity_probe,
    .connection_read_only = NULL,
    .connection_role = NULL,
    .ssl = &nbrec_table_ssl,
    .ssl_private_key = &nbrec_ssl_col_private_key,
    .ssl_certificate = &nbrec_ssl_col_certificate,
    .ssl_ca_cert = &nbrec_ssl_col_ca_cert,
    .ssl_bootstrap_ca_cert = &nbrec_ssl_col_bootstrap_ca_cert,
    .ssl_protocols = &nbrec_ssl_col_ssl_protocols,
    .ssl_ciphers = &nbrec_ssl_col_ssl_ciphers,
    .ssl_ciphersuites = &nbrec_ssl_col_ssl_ciphersuites,
};

/* ovn-nbctl's command groups, in the order of --help. */
static const struct ovn_dbctl_command_group nbctl_groups[] = {
    {nbctl_general_commands, nbctl_general_help},
    {nbctl_switch_commands, nbctl_switch_help},
    {nbctl_acl_commands, nbctl_acl_help},
    {nbctl_qos_commands, nbctl_qos_help},
    {nbctl_mirror_commands, nbctl_mirror_help},
    {nbctl_meter_commands, nbctl_meter_help},
    {nbctl_switch_port_commands, nbctl_switch_port_help},
    {nbctl_lsp_health_check_commands, nbctl_lsp_health_check_help},
    {nbctl_fwd_group_commands, nbctl_fwd_group_help},
    {nbctl_router_commands, nbctl_router_help},
    {nbctl_router_port_commands, nbctl_router_port_help},
    {nbctl_route_commands, nbctl_route_help},
    {nbctl_policy_commands, nbctl_policy_help},
    {nbctl_nat_commands, nbctl_nat_help},
    {nbctl_lb_commands, nbctl_lb_help},
    {nbctl_lb_attach_commands, NULL},
    {nbctl_dhcp_commands, nbctl_dhcp_help},
    {ovn_dbctl_remote_commands, ovn_dbctl_remote_help},
    {nbctl_port_group_commands, nbctl_port_group_help},
    {nbctl_ha_chassis_group_commands, nbctl_ha_chassis_group_help},
    {nbctl_copp_commands, nbctl_copp_help},
    {nbctl_nf_commands, nbctl_nf_help},
    {nbctl_static_mac_binding_commands, nbctl_static_mac_binding_help},
    {NULL, NULL},
};

/* Before the commands run: makes sure NB_Global exists and, for --wait,
 * increments its nb_cfg within the transaction.  Without 'force_wait', the
 * increment is dropped if nothing else changes. */
static void
nbctl_pre_execute(struct ovsdb_idl *idl, struct ovsdb_idl_txn *txn,
                  enum ovn_dbctl_wait wait_type, bool force_wait)
{
    const struct nbrec_nb_global *nb = nbrec_nb_global_first(idl);
    if (!nb) {
        nb = nbrec_nb_global_insert(txn);
    }

    if (wait_type != OVN_DBCTL_WAIT_NONE) {
        /* Wrap around rather than overflow. */
        if (nb->nb_cfg == LLONG_MAX) {
            nbrec_nb_global_set_nb_cfg(nb, 0);
        }
        ovsdb_idl_txn_increment(txn, &nb->header_,
                                &nbrec_nb_global_col_nb_cfg, force_wait);
    }
}

/* After the transaction committed: waits until sb_cfg (--wait=sb) or both
 * sb_cfg and hv_cfg (--wait=hv) reach the nb_cfg that the transaction
 * wrote, then appends the time it took if asked to. */
static char *
nbctl_post_execute(struct ovsdb_idl *idl, struct ovsdb_idl_txn *txn,
                   enum ovsdb_idl_txn_status status,
                   enum ovn_dbctl_wait wait_type, bool print_wait_time,
                   long long int start_msec, struct ds *output)
{
    if (wait_type == OVN_DBCTL_WAIT_NONE || status == TXN_UNCHANGED) {
        return NULL;
    }

    int64_t next_cfg = ovsdb_idl_txn_get_increment_new_value(txn);
    ovsdb_idl_enable_reconnect(idl);
    for (;;) {
        ovsdb_idl_run(idl);

        const struct nbrec_nb_global *nb;
        NBREC_NB_GLOBAL_FOR_EACH (nb, idl) {
            int64_t cur_cfg = (wait_type == OVN_DBCTL_WAIT_SB
                               ? nb->sb_cfg
                               : MIN(nb->sb_cfg, nb->hv_cfg));
            if (cur_cfg < next_cfg) {
                continue;
            }
            if (print_wait_time) {
                ds_put_format(output,
                              "Time spent on processing nb_cfg %"PRId64":\n",
                              next_cfg);
                ds_put_format(output, "\tovn-northd delay before "
                              "processing:\t%lldms\n",
                              nb->nb_cfg_timestamp - start_msec);
                ds_put_format(output, "\tovn-northd completion:\t\t\t"
                              "%lldms\n",
                              nb->sb_cfg_timestamp - start_msec);
                if (wait_type == OVN_DBCTL_WAIT_HV) {
                    ds_put_format(output, "\tovn-controller(s) completion:"
                                  "\t\t%lldms\n",
                                  nb->hv_cfg_timestamp - start_msec);
                }
            }
            return NULL;
        }
        ovsdb_idl_wait(idl);
        poll_block();
    }
}

/* Runs ovn-nbctl. */
int
main(int argc, char *argv[])
{
    static const struct ovn_dbctl_options nbctl_options = {
        .allow_wait = true,
        .options_env_var_name = "OVN_NBCTL_OPTIONS",
        .daemon_env_var_name = "OVN_NB_DAEMON",
        .idl_class = &nbrec_idl_class,
        .get_db_version = nbrec_get_db_version,
        .ctl_tables = nbctl_tables,
        .remote_schema = &nbctl_remote_schema,
        .cmd_show_tables = NULL,
        .groups = nbctl_groups,
        .help_title = "ovn-nbctl: OVN northbound DB management utility\n"
                      "usage: ovn-nbctl [OPTIONS] COMMAND [ARG...]\n",
        .pre_execute = nbctl_pre_execute,
        .post_execute = nbctl_post_execute,
    };
    struct ovn_dbctl_options options = nbctl_options;

    options.default_db = default_nb_db();
    return ovn_dbctl_main(argc, argv, &options);
}
