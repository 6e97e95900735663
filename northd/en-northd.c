/* en-northd.c: the "northd" engine node.
 *
 * This module owns the glue between the engine and northd.c: a recompute
 * rebuilds the datapaths and ports and their Southbound bindings, the
 * handler of logical switch changes applies simple port changes
 * incrementally, and the handlers of the Southbound binding tables tell
 * ovn-northd's own writes coming back (nothing to do) from changes made by
 * others (put right, or recompute). */

#include <config.h>

#include "northd/en-northd.h"

#include "lib/ovn-nb-idl.h"
#include "lib/ovn-sb-idl.h"
#include "northd/en-global-config.h"
#include "northd/inc-proc-northd.h"
#include "northd/northd.h"
#include "northd/ports.h"
#include "util.h"

/* Data of the node, with the indexes its context needs. */
struct en_northd_data {
    struct northd_data data;                    /* The model. */
    struct ovsdb_idl_index *chassis_by_name;    /* SB Chassis by name. */
    struct ovsdb_idl_index *chassis_by_hostname;  /* SB Chassis by
                                                   * hostname. */
    struct ovsdb_idl_index *ha_chassis_group_by_name;  /* SB
                                                        * HA_Chassis_Group by
                                                        * name. */
    struct ovsdb_idl_index *mirror_by_name;       /* SB Mirror by name. */
    struct ovsdb_idl_index *fdb_by_dp_and_port;   /* SB FDB by dp_key and
                                                   * port_key. */
};

/* Fills 'ctx' for a run of 'node'. */
static void
en_northd_get_context(struct engine_node *node, struct en_northd_data *nd,
                      struct northd_context *ctx)
{
    const struct northd_engine_context *eng = engine_get_context(node);
    *ctx = (struct northd_context) {
        .nb_idl = eng->nb_idl,
        .sb_idl = eng->sb_idl,
        .ovnnb_txn = eng->ovnnb_txn,
        .ovnsb_txn = eng->ovnsb_txn,
        .config = engine_get_input_data("global_config", node),
        .sbrec_chassis_by_name = nd->chassis_by_name,
        .sbrec_chassis_by_hostname = nd->chassis_by_hostname,
        .sbrec_ha_chassis_group_by_name = nd->ha_chassis_group_by_name,
        .sbrec_mirror_by_name = nd->mirror_by_name,
        .sbrec_fdb_by_dp_and_port = nd->fdb_by_dp_and_port,
    };
}

/* Allocates the node's data; 'arg' is the engine's initial
 * "struct northd_engine_context", whose Southbound IDL the node's indexes
 * are made on. */
static void *
en_northd_init(struct engine_node *node OVS_UNUSED, void *arg)
{
    const struct northd_engine_context *eng = arg;
    struct ovsdb_idl *sb_idl = eng->sb_idl;
    struct en_northd_data *nd = xzalloc(sizeof *nd);
    northd_data_init(&nd->data);
    nd->chassis_by_name = ovsdb_idl_index_create1(sb_idl,
                                                  &sbrec_chassis_col_name);
    nd->chassis_by_hostname = ovsdb_idl_index_create1(
        sb_idl, &sbrec_chassis_col_hostname);
    nd->ha_chassis_group_by_name = ovsdb_idl_index_create1(
        sb_idl, &sbrec_ha_chassis_group_col_name);
    nd->mirror_by_name = ovsdb_idl_index_create1(sb_idl,
                                                 &sbrec_mirror_col_name);
    nd->fdb_by_dp_and_port = ovsdb_idl_index_create2(
        sb_idl, &sbrec_fdb_col_dp_key, &sbrec_fdb_col_port_key);
    return nd;
}

/* Frees the node's data. */
static void
en_northd_cleanup(void *nd_)
{
    struct en_northd_data *nd = nd_;
    northd_data_destroy(&nd->data);
    free(nd);
}

/* Forgets the last incremental change. */
static void
en_northd_clear_tracked_data(void *nd_)
{
    struct en_northd_data *nd = nd_;
    northd_data_clear_tracked(&nd->data);
}

/* Rebuilds everything. */
static enum engine_node_state
en_northd_run(struct engine_node *node, void *nd_)
{
    struct en_northd_data *nd = nd_;
    struct northd_context ctx;
    en_northd_get_context(node, nd, &ctx);
    northd_build(&nd->data, &ctx);
    return EN_UPDATED;
}

/* Logical switches or their ports changed. */
static enum engine_input_handler_result
northd_nb_logical_switch_handler(struct engine_node *node, void *nd_)
{
    struct en_northd_data *nd = nd_;
    struct northd_context ctx;
    en_northd_get_context(node, nd, &ctx);
    if (!northd_handle_lsp_changes(&nd->data, &ctx)) {
        return EN_UNHANDLED;
    }
    const struct northd_tracked_ports *t = &nd->data.tracked_ports;
    return (hmapx_is_empty(&t->created) && hmapx_is_empty(&t->updated)
            && hmapx_is_empty(&t->deleted)
            ? EN_HANDLED_UNCHANGED : EN_HANDLED_UPDATED);
}

/* Routers changed.  Their NAT rules (the "nat" column) matter here only
 * through the "always-redirect" option of chassis-redirect ports: a change
 * of nothing else that leaves those options alone leaves the ports and
 * datapaths alone (the "lr_stateful" node follows NAT rules).  Static
 * routes, policies and load balancers do not matter here at all (the
 * "lflow", "lb_data" and "lr_stateful" nodes follow them).  Anything else
 * recomputes. */
static enum engine_input_handler_result
northd_nb_logical_router_handler(struct engine_node *node, void *nd_)
{
    const struct en_northd_data *nd = nd_;
    const struct northd_engine_context *eng = engine_get_context(node);
    const struct nbrec_logical_router *nbr;

    bool nat_changed = false;
    NBREC_LOGICAL_ROUTER_FOR_EACH_TRACKED (nbr, eng->nb_idl) {
        if (nbrec_logical_router_is_new(nbr)
            || nbrec_logical_router_is_deleted(nbr)) {
            return EN_UNHANDLED;
        }
        nat_changed |= nbrec_logical_router_is_updated(
            nbr, NBREC_LOGICAL_ROUTER_COL_NAT);
        for (size_t i = 0; i < NBREC_LOGICAL_ROUTER_N_COLUMNS; i++) {
            if (i != NBREC_LOGICAL_ROUTER_COL_NAT
                && i != NBREC_LOGICAL_ROUTER_COL_STATIC_ROUTES
                && i != NBREC_LOGICAL_ROUTER_COL_POLICIES
                && i != NBREC_LOGICAL_ROUTER_COL_LOAD_BALANCER
                && i != NBREC_LOGICAL_ROUTER_COL_LOAD_BALANCER_GROUP
                && nbrec_logical_router_is_updated(nbr, i)) {
                return EN_UNHANDLED;
            }
        }
    }
    /* (Routers also show up as changed when a row they refer to does,
     * a load balancer group say: no need to look at their ports then.) */
    return (nat_changed && ports_always_redirect_changed(&nd->data)
            ? EN_UNHANDLED : EN_HANDLED_UNCHANGED);
}

/* NAT rules were added, changed or removed: see above. */
static enum engine_input_handler_result
northd_nb_nat_handler(struct engine_node *node OVS_UNUSED, void *nd_)
{
    const struct en_northd_data *nd = nd_;
    return (ports_always_redirect_changed(&nd->data)
            ? EN_UNHANDLED : EN_HANDLED_UNCHANGED);
}

/* Chassis changed: what bindings refer to by name (requested chassis, HA
 * chassis) only changes when chassis come, go or are renamed.  (Features
 * and VXLAN mode are the "global_config" node's.) */
static enum engine_input_handler_result
northd_sb_chassis_handler(struct engine_node *node, void *nd OVS_UNUSED)
{
    const struct northd_engine_context *eng = engine_get_context(node);
    const struct sbrec_chassis *chassis;
    SBREC_CHASSIS_FOR_EACH_TRACKED (chassis, eng->sb_idl) {
        if (sbrec_chassis_is_new(chassis) || sbrec_chassis_is_deleted(chassis)
            || sbrec_chassis_is_updated(chassis, SBREC_CHASSIS_COL_NAME)
            || sbrec_chassis_is_updated(chassis,
                                        SBREC_CHASSIS_COL_HOSTNAME)) {
            return EN_UNHANDLED;
        }
    }
    return EN_HANDLED_UNCHANGED;
}

/* Datapath_Binding rows changed: fine if it is ovn-northd's own work
 * coming back; otherwise, put things right with a recompute. */
static enum engine_input_handler_result
northd_sb_datapath_binding_handler(struct engine_node *node, void *nd_)
{
    struct en_northd_data *nd = nd_;
    const struct northd_engine_context *eng = engine_get_context(node);
    const struct sbrec_datapath_binding *sb;

    SBREC_DATAPATH_BINDING_FOR_EACH_TRACKED (sb, eng->sb_idl) {
        const struct ovn_datapath *od = ovn_datapath_find_by_sb(
            &nd->data.datapaths, &sb->header_.uuid);
        if (sbrec_datapath_binding_is_deleted(sb)) {
            if (od) {
                return EN_UNHANDLED;
            }
        } else if (!od || sb->tunnel_key != od->tunnel_key) {
            return EN_UNHANDLED;
        }
    }
    return EN_HANDLED_UNCHANGED;
}

/* Port_Binding rows changed: ovn-northd's own writes and ovn-controller's
 * updates (chassis, up...) need nothing, or a resync of what ovn-northd
 * owns in the row; rows that appeared or vanished behind ovn-northd's back
 * need a recompute. */
static enum engine_input_handler_result
northd_sb_port_binding_handler(struct engine_node *node, void *nd_)
{
    struct en_northd_data *nd = nd_;
    struct northd_context ctx;
    en_northd_get_context(node, nd, &ctx);
    const struct sbrec_port_binding *pb;

    SBREC_PORT_BINDING_FOR_EACH_TRACKED (pb, ctx.sb_idl) {
        struct ovn_port *op = ovn_port_find(&nd->data.ports,
                                            pb->logical_port);
        bool ours = op && uuid_equals(&op->sb_uuid, &pb->header_.uuid);
        if (sbrec_port_binding_is_deleted(pb)) {
            if (ours) {
                return EN_UNHANDLED;
            }
            continue;
        }
        if (!ours) {
            return EN_UNHANDLED;
        }
        if (!sbrec_port_binding_is_new(pb)) {
            ovn_port_sync_sb(op, &ctx);
        }
    }
    return EN_HANDLED_UNCHANGED;
}

/* What the node does. */
static const struct engine_node_ops en_northd_ops = {
    .init = en_northd_init,
    .cleanup = en_northd_cleanup,
    .run = en_northd_run,
    .clear_tracked_data = en_northd_clear_tracked_data,
};

/* Adds the "northd" node and its inputs to 'engine'. */
struct engine_node *
en_northd_create(struct engine *engine, const struct northd_inputs *in)
{
    struct engine_node *node = engine_add_node(engine, "northd",
                                               &en_northd_ops);
    engine_add_input(node, in->global_config, NULL);
    engine_add_input(node, in->nb_logical_switch,
                     northd_nb_logical_switch_handler);
    /* Port changes also show up as changes of their switch, which the
     * handler above processes. */
    engine_add_input(node, in->nb_logical_switch_port, engine_noop_handler);
    engine_add_input(node, in->nb_logical_router,
                     northd_nb_logical_router_handler);
    engine_add_input(node, in->nb_logical_router_port, NULL);
    engine_add_input(node, in->nb_ha_chassis_group, NULL);
    engine_add_input(node, in->nb_ha_chassis, NULL);
    engine_add_input(node, in->nb_gateway_chassis, NULL);
    engine_add_input(node, in->nb_mirror, NULL);
    engine_add_input(node, in->sb_chassis, northd_sb_chassis_handler);
    engine_add_input(node, in->sb_datapath_binding,
                     northd_sb_datapath_binding_handler);
    engine_add_input(node, in->sb_port_binding,
                     northd_sb_port_binding_handler);
    engine_add_input(node, in->sb_multicast_group, engine_noop_handler);
    engine_add_input(node, in->sb_ip_multicast, engine_noop_handler);
    engine_add_input(node, in->sb_ha_chassis_group, engine_noop_handler);
    engine_add_input(node, in->sb_mirror, engine_noop_handler);
    /* DNS records go to the Southbound DNS table and decide flows; groups
     * that ovn-controllers learn through IGMP/MLD become multicast groups
     * and flows: recompute.  FDB entries are ovn-controller's, only
     * removed with their ports. */
    engine_add_input(node, in->nb_dns, NULL);
    engine_add_input(node, in->sb_dns, engine_noop_handler);
    engine_add_input(node, in->sb_fdb, engine_noop_handler);
    engine_add_input(node, in->sb_igmp_group, NULL);
    /* Distributed NAT rules decide the "always-redirect" option of
     * chassis-redirect ports. */
    engine_add_input(node, in->nb_nat, northd_nb_nat_handler);
    return node;
}

/* Returns the model that 'node' (the "northd" node) holds. */
const struct northd_data *
en_northd_get_data(const struct engine_node *node)
{
    const struct en_northd_data *nd = engine_get_data(node);
    return &nd->data;
}
