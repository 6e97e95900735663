/* inc-proc-northd.c: ovn-northd's incremental processing graph (see
 * inc-proc-northd.h). */

#include <config.h>

#include "northd/inc-proc-northd.h"

#include "inc-proc-eng.h"
#include "lib/ovn-nb-idl.h"
#include "lib/ovn-sb-idl.h"
#include "northd/en-address-sets.h"
#include "northd/en-global-config.h"
#include "northd/en-lflow.h"
#include "northd/en-meters.h"
#include "northd/en-northd.h"
#include "northd/en-port-groups.h"
#include "northd/en-sb-static.h"
#include "northd/en-sync-from-sb.h"
#include "openvswitch/vlog.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(inc_proc_northd);

/* ovn-northd's engine. */
struct northd_engine {
    struct engine *engine;              /* The graph. */
    struct northd_engine_context ctx;   /* What nodes see during a run. */
};

/* The root: everything ovn-northd writes has been written when it is
 * reached.  Changes of its inputs need nothing more. */
static enum engine_input_handler_result
northd_output_handler(struct engine_node *node OVS_UNUSED,
                      void *data OVS_UNUSED)
{
    return EN_HANDLED_UPDATED;
}

/* Recompute of the root: nothing to compute. */
static enum engine_node_state
en_northd_output_run(struct engine_node *node OVS_UNUSED,
                     void *data OVS_UNUSED)
{
    return EN_UPDATED;
}

/* What the root does. */
static const struct engine_node_ops en_northd_output_ops = {
    .run = en_northd_output_run,
};

/* Creates ovn-northd's engine over 'nb' and 'sb', whose changes must be
 * tracked.  Must be called before the IDLs first connect, since nodes
 * create IDL indexes. */
struct northd_engine *
inc_proc_northd_create(struct ovsdb_idl *nb, struct ovsdb_idl *sb)
{
    struct northd_engine *ne = xzalloc(sizeof *ne);
    struct engine *e = engine_create();
    ne->engine = e;
    ne->ctx.nb_idl = nb;
    ne->ctx.sb_idl = sb;

#define NB_NODE(NAME) \
    engine_add_ovsdb_node(e, "NB_" #NAME, nb, &nbrec_table_##NAME)
#define SB_NODE(NAME) \
    engine_add_ovsdb_node(e, "SB_" #NAME, sb, &sbrec_table_##NAME)

    struct engine_node *nb_nb_global = NB_NODE(nb_global);
    struct engine_node *nb_logical_switch = NB_NODE(logical_switch);
    struct engine_node *nb_logical_switch_port
        = NB_NODE(logical_switch_port);
    struct engine_node *nb_logical_router = NB_NODE(logical_router);
    struct engine_node *nb_logical_router_port
        = NB_NODE(logical_router_port);
    struct engine_node *nb_ha_chassis_group = NB_NODE(ha_chassis_group);
    struct engine_node *nb_ha_chassis = NB_NODE(ha_chassis);
    struct engine_node *nb_gateway_chassis = NB_NODE(gateway_chassis);
    struct engine_node *nb_mirror = NB_NODE(mirror);
    struct engine_node *nb_address_set = NB_NODE(address_set);
    struct engine_node *nb_port_group = NB_NODE(port_group);
    struct engine_node *nb_meter = NB_NODE(meter);
    struct engine_node *nb_meter_band = NB_NODE(meter_band);

    struct engine_node *sb_sb_global = SB_NODE(sb_global);
    struct engine_node *sb_chassis = SB_NODE(chassis);
    struct engine_node *sb_datapath_binding = SB_NODE(datapath_binding);
    struct engine_node *sb_port_binding = SB_NODE(port_binding);
    struct engine_node *sb_multicast_group = SB_NODE(multicast_group);
    struct engine_node *sb_ip_multicast = SB_NODE(ip_multicast);
    struct engine_node *sb_ha_chassis_group = SB_NODE(ha_chassis_group);
    struct engine_node *sb_mirror = SB_NODE(mirror);
    struct engine_node *sb_logical_flow = SB_NODE(logical_flow);
    struct engine_node *sb_logical_dp_group = SB_NODE(logical_dp_group);
    struct engine_node *sb_address_set = SB_NODE(address_set);
    struct engine_node *sb_port_group = SB_NODE(port_group);
    struct engine_node *sb_meter = SB_NODE(meter);
    struct engine_node *sb_rbac_role = SB_NODE(rbac_role);
    struct engine_node *sb_rbac_permission = SB_NODE(rbac_permission);
    struct engine_node *sb_dhcp_options = SB_NODE(dhcp_options);
    struct engine_node *sb_dhcpv6_options = SB_NODE(dhcpv6_options);
#undef NB_NODE
#undef SB_NODE

    struct engine_node *global_config = en_global_config_create(e);
    engine_add_input(global_config, nb_nb_global,
                     global_config_nb_global_handler);
    engine_add_input(global_config, sb_sb_global,
                     global_config_sb_global_handler);
    engine_add_input(global_config, sb_chassis,
                     global_config_sb_chassis_handler);

    struct northd_inputs northd_in = {
        .global_config = global_config,
        .nb_logical_switch = nb_logical_switch,
        .nb_logical_switch_port = nb_logical_switch_port,
        .nb_logical_router = nb_logical_router,
        .nb_logical_router_port = nb_logical_router_port,
        .nb_ha_chassis_group = nb_ha_chassis_group,
        .nb_ha_chassis = nb_ha_chassis,
        .nb_gateway_chassis = nb_gateway_chassis,
        .nb_mirror = nb_mirror,
        .sb_chassis = sb_chassis,
        .sb_datapath_binding = sb_datapath_binding,
        .sb_port_binding = sb_port_binding,
        .sb_multicast_group = sb_multicast_group,
        .sb_ip_multicast = sb_ip_multicast,
        .sb_ha_chassis_group = sb_ha_chassis_group,
        .sb_mirror = sb_mirror,
    };
    struct engine_node *northd = en_northd_create(e, &northd_in);

    struct lflow_inputs lflow_in = {
        .northd = northd,
        .global_config = global_config,
        .sb_logical_flow = sb_logical_flow,
        .sb_logical_dp_group = sb_logical_dp_group,
    };
    struct engine_node *lflow = en_lflow_create(e, &lflow_in);

    struct address_set_inputs as_in = {
        .nb_address_set = nb_address_set,
        .nb_port_group = nb_port_group,
        .global_config = global_config,
        .northd = northd,
        .sb_address_set = sb_address_set,
    };
    struct engine_node *address_sets = en_address_sets_create(e, &as_in);
    struct engine_node *port_groups = en_port_groups_create(
        e, nb_port_group, northd, sb_port_group);
    struct engine_node *meters = en_meters_create(e, nb_meter, nb_meter_band,
                                                  sb_meter);
    struct engine_node *sb_static = en_sb_static_create(
        e, sb_rbac_role, sb_rbac_permission, sb_dhcp_options,
        sb_dhcpv6_options);
    struct engine_node *sync_from_sb = en_sync_from_sb_create(
        e, northd, sb_port_binding, sb_chassis);

    struct engine_node *output = engine_add_node(e, "northd_output",
                                                 &en_northd_output_ops);
    engine_add_input(output, global_config, northd_output_handler);
    engine_add_input(output, lflow, northd_output_handler);
    engine_add_input(output, address_sets, northd_output_handler);
    engine_add_input(output, port_groups, northd_output_handler);
    engine_add_input(output, meters, northd_output_handler);
    engine_add_input(output, sb_static, northd_output_handler);
    engine_add_input(output, sync_from_sb, northd_output_handler);

    engine_init(e, output, &ne->ctx);
    engine_register_unixctl(e);
    return ne;
}

/* Frees 'ne'. */
void
inc_proc_northd_destroy(struct northd_engine *ne)
{
    if (ne) {
        engine_destroy(ne->engine);
        free(ne);
    }
}

/* Runs the engine once against the open transactions.  Returns true if it
 * ran to the end (so that what it wrote covers everything the IDLs had
 * seen). */
bool
inc_proc_northd_run(struct northd_engine *ne,
                    struct ovsdb_idl_txn *ovnnb_txn,
                    struct ovsdb_idl_txn *ovnsb_txn)
{
    ne->ctx.ovnnb_txn = ovnnb_txn;
    ne->ctx.ovnsb_txn = ovnsb_txn;
    engine_set_context(ne->engine, &ne->ctx);
    engine_run(ne->engine, true);
    bool has_run = engine_has_run(ne->engine);
    ne->ctx.ovnnb_txn = ne->ctx.ovnsb_txn = NULL;
    return has_run;
}

/* Makes the next run recompute everything. */
void
inc_proc_northd_force_recompute(struct northd_engine *ne)
{
    engine_set_force_recompute(ne->engine);
}

/* Whether the next run will recompute everything. */
bool
inc_proc_northd_get_force_recompute(const struct northd_engine *ne)
{
    return engine_get_force_recompute(ne->engine);
}
