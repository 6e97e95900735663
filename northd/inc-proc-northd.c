/* inc-proc-northd.c: ovn-northd's incremental processing graph (see
 * inc-proc-northd.h). */

#include <config.h>

#include "northd/inc-proc-northd.h"

#include "inc-proc-eng.h"
#include "lib/ovn-nb-idl.h"
#include "lib/ovn-sb-idl.h"
#include "northd/en-address-sets.h"
#include "northd/en-advertised-mac-bindings.h"
#include "northd/en-advertised-routes.h"
#include "northd/en-bfd.h"
#include "northd/en-global-config.h"
#include "northd/en-lb-data.h"
#include "northd/en-lb-sync.h"
#include "northd/en-learned-routes.h"
#include "northd/en-lflow.h"
#include "northd/en-lr-stateful.h"
#include "northd/en-mac-binding-aging.h"
#include "northd/en-nat-addresses.h"
#include "northd/en-ls-acls.h"
#include "northd/en-meters.h"
#include "northd/en-northd.h"
#include "northd/en-port-groups.h"
#include "northd/en-sb-static.h"
#include "northd/en-static-mac-bindings.h"
#include "northd/en-svc-monitors.h"
#include "northd/en-sync-from-sb.h"
#include "northd/en-template-vars.h"
#include "openvswitch/vlog.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(inc_proc_northd);

/* ovn-northd's engine. */
struct northd_engine {
    struct engine *engine;              /* The graph. */
    struct northd_engine_context ctx;   /* What nodes see during a run. */
    struct engine_node *lflow;          /* The "lflow" node. */
    struct engine_node *global_config;  /* The "global_config" node. */
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
    ne->ctx.n_threads = 1;

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
    struct engine_node *nb_acl = NB_NODE(acl);
    struct engine_node *nb_qos = NB_NODE(qos);
    struct engine_node *nb_load_balancer = NB_NODE(load_balancer);
    struct engine_node *nb_load_balancer_group
        = NB_NODE(load_balancer_group);
    struct engine_node *nb_copp = NB_NODE(copp);
    struct engine_node *nb_dhcp_options = NB_NODE(dhcp_options);
    struct engine_node *nb_dns = NB_NODE(dns);
    struct engine_node *nb_forwarding_group = NB_NODE(forwarding_group);
    struct engine_node *nb_sample = NB_NODE(sample);
    struct engine_node *nb_sample_collector = NB_NODE(sample_collector);
    struct engine_node *nb_sampling_app = NB_NODE(sampling_app);
    struct engine_node *nb_lb_health_check
        = NB_NODE(load_balancer_health_check);
    struct engine_node *nb_chassis_template_var
        = NB_NODE(chassis_template_var);
    struct engine_node *nb_nat = NB_NODE(nat);
    struct engine_node *nb_bfd = NB_NODE(bfd);
    struct engine_node *nb_static_route
        = NB_NODE(logical_router_static_route);
    struct engine_node *nb_policy = NB_NODE(logical_router_policy);
    struct engine_node *nb_dhcp_relay = NB_NODE(dhcp_relay);
    struct engine_node *nb_static_mac_binding = NB_NODE(static_mac_binding);

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
    struct engine_node *sb_acl_id = SB_NODE(acl_id);
    struct engine_node *sb_rbac_role = SB_NODE(rbac_role);
    struct engine_node *sb_rbac_permission = SB_NODE(rbac_permission);
    struct engine_node *sb_dhcp_options = SB_NODE(dhcp_options);
    struct engine_node *sb_dhcpv6_options = SB_NODE(dhcpv6_options);
    struct engine_node *sb_load_balancer = SB_NODE(load_balancer);
    struct engine_node *sb_service_monitor = SB_NODE(service_monitor);
    struct engine_node *sb_static_mac_binding = SB_NODE(static_mac_binding);
    struct engine_node *sb_chassis_template_var
        = SB_NODE(chassis_template_var);
    struct engine_node *sb_dns = SB_NODE(dns);
    struct engine_node *sb_fdb = SB_NODE(fdb);
    struct engine_node *sb_igmp_group = SB_NODE(igmp_group);
    struct engine_node *sb_bfd = SB_NODE(bfd);
    struct engine_node *sb_mac_binding = SB_NODE(mac_binding);
    struct engine_node *sb_advertised_route = SB_NODE(advertised_route);
    struct engine_node *sb_learned_route = SB_NODE(learned_route);
    struct engine_node *sb_advertised_mac_binding
        = SB_NODE(advertised_mac_binding);
#undef NB_NODE
#undef SB_NODE

    struct engine_node *global_config = en_global_config_create(e);
    ne->global_config = global_config;
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
        .nb_dns = nb_dns,
        .sb_dns = sb_dns,
        .sb_fdb = sb_fdb,
        .sb_igmp_group = sb_igmp_group,
        .nb_nat = nb_nat,
    };
    struct engine_node *northd = en_northd_create(e, &northd_in);

    struct lb_data_inputs lb_data_in = {
        .northd = northd,
        .global_config = global_config,
        .nb_load_balancer = nb_load_balancer,
        .nb_load_balancer_group = nb_load_balancer_group,
        .nb_lb_health_check = nb_lb_health_check,
        .nb_logical_switch = nb_logical_switch,
        .nb_logical_router = nb_logical_router,
    };
    struct engine_node *lb_data = en_lb_data_create(e, &lb_data_in);

    struct ls_acls_inputs ls_acls_in = {
        .northd = northd,
        .lb_data = lb_data,
        .nb_logical_switch = nb_logical_switch,
        .nb_port_group = nb_port_group,
        .nb_acl = nb_acl,
        .nb_qos = nb_qos,
        .nb_meter = nb_meter,
        .nb_copp = nb_copp,
        .nb_sample = nb_sample,
        .nb_sample_collector = nb_sample_collector,
        .nb_sampling_app = nb_sampling_app,
        .sb_acl_id = sb_acl_id,
    };
    struct engine_node *ls_acls = en_ls_acls_create(e, &ls_acls_in);

    struct svc_monitors_inputs svc_in = {
        .lb_data = lb_data,
        .northd = northd,
        .global_config = global_config,
        .sb_service_monitor = sb_service_monitor,
        .sb_port_binding = sb_port_binding,
    };
    struct engine_node *lb_svc_monitors = en_svc_monitors_create(e, &svc_in);

    struct lb_sync_inputs lb_sync_in = {
        .northd = northd,
        .lb_data = lb_data,
        .global_config = global_config,
        .sb_load_balancer = sb_load_balancer,
        .sb_logical_dp_group = sb_logical_dp_group,
    };
    struct engine_node *lb_sync = en_lb_sync_create(e, &lb_sync_in);

    struct lr_stateful_inputs lr_stateful_in = {
        .northd = northd,
        .lb_data = lb_data,
        .nb_nat = nb_nat,
        .nb_logical_router = nb_logical_router,
    };
    struct engine_node *lr_stateful = en_lr_stateful_create(e,
                                                            &lr_stateful_in);
    struct nat_addresses_inputs nat_addresses_in = {
        .northd = northd,
        .lr_stateful = lr_stateful,
        .sb_port_binding = sb_port_binding,
    };
    struct engine_node *nat_addresses = en_nat_addresses_create(
        e, &nat_addresses_in);

    struct bfd_inputs bfd_in = {
        .northd = northd,
        .nb_bfd = nb_bfd,
        .nb_static_route = nb_static_route,
        .nb_policy = nb_policy,
        .sb_bfd = sb_bfd,
    };
    struct engine_node *bfd = en_bfd_create(e, &bfd_in);

    struct mac_binding_aging_inputs mac_binding_aging_in = {
        .northd = northd,
        .global_config = global_config,
        .sb_mac_binding = sb_mac_binding,
    };
    struct engine_node *mac_binding_aging = en_mac_binding_aging_create(
        e, &mac_binding_aging_in);

    struct advertised_routes_inputs advertised_routes_in = {
        .northd = northd,
        .lr_stateful = lr_stateful,
        .bfd = bfd,
        .nb_logical_router = nb_logical_router,
        .nb_static_route = nb_static_route,
        .nb_bfd = nb_bfd,
        .sb_advertised_route = sb_advertised_route,
    };
    struct engine_node *advertised_routes = en_advertised_routes_create(
        e, &advertised_routes_in);
    struct learned_routes_inputs learned_routes_in = {
        .northd = northd,
        .sb_learned_route = sb_learned_route,
    };
    struct engine_node *learned_routes = en_learned_routes_create(
        e, &learned_routes_in);
    struct advertised_mac_bindings_inputs advertised_mac_bindings_in = {
        .northd = northd,
        .sb_advertised_mac_binding = sb_advertised_mac_binding,
    };
    struct engine_node *advertised_mac_bindings
        = en_advertised_mac_bindings_create(e, &advertised_mac_bindings_in);

    struct lflow_inputs lflow_in = {
        .bfd = bfd,
        .nb_bfd = nb_bfd,
        .nb_logical_router = nb_logical_router,
        .nb_static_route = nb_static_route,
        .nb_policy = nb_policy,
        .nb_dhcp_relay = nb_dhcp_relay,
        .learned_routes = learned_routes,
        .lb_data = lb_data,
        .lb_svc_monitors = lb_svc_monitors,
        .lb_sync = lb_sync,
        .lr_stateful = lr_stateful,
        .northd = northd,
        .global_config = global_config,
        .ls_acls = ls_acls,
        .nb_dhcp_options = nb_dhcp_options,
        .nb_copp = nb_copp,
        .nb_meter = nb_meter,
        .nb_forwarding_group = nb_forwarding_group,
        .sb_logical_flow = sb_logical_flow,
        .sb_logical_dp_group = sb_logical_dp_group,
    };
    struct engine_node *lflow = en_lflow_create(e, &lflow_in);
    ne->lflow = lflow;

    struct address_set_inputs as_in = {
        .nb_address_set = nb_address_set,
        .nb_port_group = nb_port_group,
        .global_config = global_config,
        .northd = northd,
        .lr_stateful = lr_stateful,
        .sb_address_set = sb_address_set,
    };
    struct engine_node *address_sets = en_address_sets_create(e, &as_in);
    struct engine_node *port_groups = en_port_groups_create(
        e, nb_port_group, northd, sb_port_group);
    struct engine_node *meters = en_meters_create(e, nb_meter, nb_meter_band,
                                                  nb_acl, sb_meter);
    struct engine_node *sb_static = en_sb_static_create(
        e, sb_rbac_role, sb_rbac_permission, sb_dhcp_options,
        sb_dhcpv6_options);
    struct engine_node *sync_from_sb = en_sync_from_sb_create(
        e, northd, sb_port_binding, sb_chassis);
    struct engine_node *template_vars = en_template_vars_create(
        e, nb_chassis_template_var, sb_chassis_template_var);
    struct engine_node *static_mac_bindings = en_static_mac_bindings_create(
        e, nb_static_mac_binding, northd, sb_static_mac_binding);

    struct engine_node *output = engine_add_node(e, "northd_output",
                                                 &en_northd_output_ops);
    engine_add_input(output, global_config, northd_output_handler);
    engine_add_input(output, lflow, northd_output_handler);
    engine_add_input(output, mac_binding_aging, northd_output_handler);
    engine_add_input(output, nat_addresses, northd_output_handler);
    engine_add_input(output, advertised_routes, northd_output_handler);
    engine_add_input(output, advertised_mac_bindings,
                     northd_output_handler);
    engine_add_input(output, address_sets, northd_output_handler);
    engine_add_input(output, port_groups, northd_output_handler);
    engine_add_input(output, meters, northd_output_handler);
    engine_add_input(output, sb_static, northd_output_handler);
    engine_add_input(output, sync_from_sb, northd_output_handler);
    engine_add_input(output, template_vars, northd_output_handler);
    engine_add_input(output, static_mac_bindings, northd_output_handler);

    engine_init(e, output, &ne->ctx);
    engine_register_unixctl(e);
    return ne;
}

/* The optional features that every chassis supports, as of the last
 * run. */
const struct chassis_features *
inc_proc_northd_get_chassis_features(const struct northd_engine *ne)
{
    const struct global_config *cfg = engine_get_data(ne->global_config);
    return &cfg->features;
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

/* Gives the engine (or, with NULL, takes away) an IDL that holds the
 * contents of the Southbound Logical_Flow rows, for recognising rows that
 * another ovn-northd wrote. */
void
inc_proc_northd_set_lflow_snapshot(struct northd_engine *ne,
                                   struct ovsdb_idl *snapshot)
{
    ne->ctx.sb_lflow_snapshot = snapshot;
}

/* Makes full builds of the logical flows use 'n_threads' threads. */
void
inc_proc_northd_set_n_threads(struct northd_engine *ne, size_t n_threads)
{
    ne->ctx.n_threads = MAX(n_threads, 1);
}

/* Whether the engine knows what every Southbound Logical_Flow row holds,
 * because it wrote it or recognised it, so that a snapshot is no longer
 * needed. */
bool
inc_proc_northd_knows_sb_lflows(const struct northd_engine *ne)
{
    return en_lflow_knows_sb_rows(ne->lflow, ne->ctx.sb_idl);
}
