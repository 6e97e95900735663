/* ovn-sbctl: manages the OVN Southbound database.
 *
 * This file describes ovn-sbctl to the ovn-dbctl framework: the database,
 * how rows of each table may be named in the database commands, what
 * "show" prints (chassis, their encapsulations and the ports bound to
 * them), and the command groups.  It also holds "init". */

#include <config.h>

#include "lib/ovn-sb-idl.h"
#include "ovn-dbctl.h"
#include "ovn-dbctl-remote.h"
#include "ovn-util.h"
#include "sbctl-commands.h"
#include "util.h"

/* For each Southbound table, the columns by which the database commands
 * find a row besides its UUID. */
static const struct ctl_table_class sbctl_tables[SBREC_N_TABLES] = {
    [SBREC_TABLE_CHASSIS].row_ids = {
        {&sbrec_chassis_col_name, NULL, NULL},
        {&sbrec_chassis_col_hostname, NULL, NULL},
    },
    [SBREC_TABLE_CHASSIS_PRIVATE].row_ids[0] =
        {&sbrec_chassis_private_col_name, NULL, NULL},
    [SBREC_TABLE_DATAPATH_BINDING].row_ids = {
        {&sbrec_datapath_binding_col_external_ids, "name", NULL},
        {&sbrec_datapath_binding_col_external_ids, "name2", NULL},
        {&sbrec_datapath_binding_col_external_ids, "logical-switch", NULL},
        {&sbrec_datapath_binding_col_external_ids, "logical-router", NULL},
    },
    [SBREC_TABLE_PORT_BINDING].row_ids[0] =
        {&sbrec_port_binding_col_logical_port, NULL, NULL},
    [SBREC_TABLE_MAC_BINDING].row_ids[0] =
        {&sbrec_mac_binding_col_logical_port, NULL, NULL},
    [SBREC_TABLE_ADDRESS_SET].row_ids[0] =
        {&sbrec_address_set_col_name, NULL, NULL},
    [SBREC_TABLE_PORT_GROUP].row_ids[0] =
        {&sbrec_port_group_col_name, NULL, NULL},
    [SBREC_TABLE_HA_CHASSIS_GROUP].row_ids[0] =
        {&sbrec_ha_chassis_group_col_name, NULL, NULL},
    [SBREC_TABLE_HA_CHASSIS].row_ids[0] =
        {&sbrec_ha_chassis_col_chassis, NULL, NULL},
    [SBREC_TABLE_GATEWAY_CHASSIS].row_ids[0] =
        {&sbrec_gateway_chassis_col_name, NULL, NULL},
    [SBREC_TABLE_METER].row_ids[0] = {&sbrec_meter_col_name, NULL, NULL},
    [SBREC_TABLE_MIRROR].row_ids[0] = {&sbrec_mirror_col_name, NULL, NULL},
    [SBREC_TABLE_MULTICAST_GROUP].row_ids[0] =
        {&sbrec_multicast_group_col_name, NULL, NULL},
    [SBREC_TABLE_SERVICE_MONITOR].row_ids[0] =
        {&sbrec_service_monitor_col_logical_port, NULL, NULL},
    [SBREC_TABLE_DHCP_OPTIONS].row_ids[0] =
        {&sbrec_dhcp_options_col_name, NULL, NULL},
    [SBREC_TABLE_DHCPV6_OPTIONS].row_ids[0] =
        {&sbrec_dhcpv6_options_col_name, NULL, NULL},
    [SBREC_TABLE_CONNECTION].row_ids[0] =
        {&sbrec_connection_col_target, NULL, NULL},
    [SBREC_TABLE_LOAD_BALANCER].row_ids[0] =
        {&sbrec_load_balancer_col_name, NULL, NULL},
    [SBREC_TABLE_CHASSIS_TEMPLATE_VAR].row_ids[0] =
        {&sbrec_chassis_template_var_col_chassis, NULL, NULL},
    [SBREC_TABLE_RBAC_ROLE].row_ids[0] =
        {&sbrec_rbac_role_col_name, NULL, NULL},
};

/* What "show" prints: each chassis with its hostname and encapsulations,
 * and the ports bound to it; each encapsulation with its IP and
 * options. */
static const struct cmd_show_table sbctl_show_tables[] = {
    {&sbrec_table_chassis,
     &sbrec_chassis_col_name,
     {&sbrec_chassis_col_hostname, &sbrec_chassis_col_encaps, NULL, NULL},
     {&sbrec_table_port_binding,
      &sbrec_port_binding_col_logical_port,
      &sbrec_port_binding_col_chassis}},

    {&sbrec_table_encap,
     &sbrec_encap_col_type,
     {&sbrec_encap_col_ip, &sbrec_encap_col_options, NULL, NULL},
     {NULL, NULL, NULL}},

    {NULL, NULL, {NULL, NULL, NULL, NULL}, {NULL, NULL, NULL}},
};

/* "init": does nothing itself; like every ovn-sbctl transaction, it
 * creates the SB_Global row if the database has none. */
static void
sbctl_init(struct ctl_context *ctx OVS_UNUSED)
{
}

const struct ctl_command_syntax sbctl_general_commands[] = {
    {"init", 0, 0, "", NULL, sbctl_init, NULL, "", RW},
    {NULL, 0, 0, NULL, NULL, NULL, NULL, "", RO},
};

const char sbctl_general_help[] =
    "General commands:\n"
    "  show                        print overview of database contents\n";

/* The tables that the connection and SSL commands manage. */
static const struct ovn_dbctl_remote_schema sbctl_remote_schema = {
    .global = &sbrec_table_sb_global,
    .global_connections = &sbrec_sb_global_col_connections,
    .global_ssl = &sbrec_sb_global_col_ssl,
    .connection = &sbrec_table_connection,
    .connection_target = &sbrec_connection_col_target,
    .connection_inactivity_probe = &sbrec_connection_col_inactivity_probe,
    .connection_read_only = &sbrec_connection_col_read_only,
    .connection_role = &sbrec_connection_col_role,
    .ssl = &sbrec_table_ssl,
    .ssl_private_key = &sbrec_ssl_col_private_key,
    .ssl_certificate = &sbrec_ssl_col_certificate,
    .ssl_ca_cert = &sbrec_ssl_col_ca_cert,
    .ssl_bootstrap_ca_cert = &sbrec_ssl_col_bootstrap_ca_cert,
    .ssl_protocols = &sbrec_ssl_col_ssl_protocols,
    .ssl_ciphers = &sbrec_ssl_col_ssl_ciphers,
    .ssl_ciphersuites = &sbrec_ssl_col_ssl_ciphersuites,
};

/* ovn-sbctl's command groups, in the order of --help. */
static const struct ovn_dbctl_command_group sbctl_groups[] = {
    {sbctl_general_commands, sbctl_general_help},
    {sbctl_chassis_commands, sbctl_chassis_help},
    {sbctl_lflow_commands, sbctl_lflow_help},
    {sbctl_ip_mcast_commands, NULL},
    {ovn_dbctl_remote_commands, ovn_dbctl_remote_help},
    {NULL, NULL},
};

/* Before the commands run: makes sure SB_Global exists. */
static void
sbctl_pre_execute(struct ovsdb_idl *idl, struct ovsdb_idl_txn *txn,
                  enum ovn_dbctl_wait wait_type OVS_UNUSED,
                  bool force_wait OVS_UNUSED)
{
    if (!sbrec_sb_global_first(idl)) {
        sbrec_sb_global_insert(txn);
    }
}

/* Runs ovn-sbctl. */
int
main(int argc, char *argv[])
{
    static const struct ovn_dbctl_options sbctl_options = {
        .allow_wait = false,
        .options_env_var_name = "OVN_SBCTL_OPTIONS",
        .daemon_env_var_name = "OVN_SB_DAEMON",
        .idl_class = &sbrec_idl_class,
        .get_db_version = sbrec_get_db_version,
        .ctl_tables = sbctl_tables,
        .remote_schema = &sbctl_remote_schema,
        .cmd_show_tables = sbctl_show_tables,
        .groups = sbctl_groups,
        .help_title = "ovn-sbctl: OVN southbound DB management utility\n"
                      "usage: ovn-sbctl [OPTIONS] COMMAND [ARG...]\n",
        .pre_execute = sbctl_pre_execute,
        .post_execute = NULL,
    };
    struct ovn_dbctl_options options = sbctl_options;

    options.default_db = default_sb_db();
    return ovn_dbctl_main(argc, argv, &options);
}
