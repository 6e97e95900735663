/* en-sync-from-sb.c: the "sync_from_sb" engine node.
 *
 * This module owns what ovn-northd reports back to the Northbound database
 * about logical switch ports: their "up" column, true when the port's
 * binding is claimed by a chassis and that chassis says the port is up
 * (and always for ports to routers, which are up when their router is);
 * and about router ports: the IPv6 prefix that prefix delegation got them
 * (see lr-nd-ra.c). */

#include <config.h>

#include "northd/en-sync-from-sb.h"

#include <string.h>

#include "lib/ovn-nb-idl.h"
#include "lib/ovn-sb-idl.h"
#include "northd/en-northd.h"
#include "northd/inc-proc-northd.h"
#include "northd/lr-nd-ra.h"
#include "northd/northd.h"
#include "smap.h"
#include "util.h"

/* Sets the Northbound "up" of switch port 'op' from its binding. */
static void
lsp_sync_up(const struct ovn_port *op, const struct northd_engine_context *ctx)
{
    if (!op->nbsp || !ctx->ovnnb_txn) {
        return;
    }
    const struct sbrec_port_binding *pb = ovn_port_get_sb(op, ctx->sb_idl);
    if (!pb) {
        return;
    }

    bool up = false;
    if (lsp_is_router(op->nbsp) || !strcmp(op->nbsp->type, "switch")) {
        up = true;
    } else if (pb->chassis) {
        up = (smap_get_bool(&pb->chassis->other_config, "is-remote", false)
              || (pb->n_up && pb->up[0]));
    }
    if (!op->nbsp->n_up || *op->nbsp->up != up) {
        nbrec_logical_switch_port_set_up(op->nbsp, &up, 1);
    }
}

/* Sets "up" of every switch port. */
static enum engine_node_state
en_sync_from_sb_run(struct engine_node *node, void *data OVS_UNUSED)
{
    const struct northd_engine_context *ctx = engine_get_context(node);
    const struct northd_data *nd
        = en_northd_get_data(engine_get_input("northd", node));
    const struct ovn_port *op;
    HMAP_FOR_EACH (op, key_node, &nd->ports) {
        lsp_sync_up(op, ctx);
        lrp_sync_ipv6_prefix(op, ctx->sb_idl, ctx->ovnnb_txn);
    }
    return EN_UNCHANGED;
}

/* Ports were added or changed. */
static enum engine_input_handler_result
sync_from_sb_northd_handler(struct engine_node *node, void *data OVS_UNUSED)
{
    const struct northd_engine_context *ctx = engine_get_context(node);
    const struct northd_data *nd
        = en_northd_get_data(engine_get_input("northd", node));
    if (!nd->has_tracked_data) {
        return EN_UNHANDLED;
    }
    struct hmapx_node *hn;
    HMAPX_FOR_EACH (hn, &nd->tracked_ports.created) {
        lsp_sync_up(hn->data, ctx);
    }
    HMAPX_FOR_EACH (hn, &nd->tracked_ports.updated) {
        lsp_sync_up(hn->data, ctx);
    }
    return EN_HANDLED_UNCHANGED;
}

/* Bindings changed, typically claimed or released by a chassis. */
static enum engine_input_handler_result
sync_from_sb_port_binding_handler(struct engine_node *node,
                                  void *data OVS_UNUSED)
{
    const struct northd_engine_context *ctx = engine_get_context(node);
    const struct northd_data *nd
        = en_northd_get_data(engine_get_input("northd", node));
    const struct sbrec_port_binding *pb;
    SBREC_PORT_BINDING_FOR_EACH_TRACKED (pb, ctx->sb_idl) {
        if (sbrec_port_binding_is_deleted(pb)) {
            continue;
        }
        const struct ovn_port *op = ovn_port_find(&nd->ports,
                                                  pb->logical_port);
        if (op && uuid_equals(&op->sb_uuid, &pb->header_.uuid)) {
            lsp_sync_up(op, ctx);
            lrp_sync_ipv6_prefix(op, ctx->sb_idl, ctx->ovnnb_txn);
        }
    }
    return EN_HANDLED_UNCHANGED;
}

/* Chassis changed: only whether a chassis is remote matters here. */
static enum engine_input_handler_result
sync_from_sb_chassis_handler(struct engine_node *node, void *data OVS_UNUSED)
{
    const struct northd_engine_context *ctx = engine_get_context(node);
    const struct sbrec_chassis *chassis;
    SBREC_CHASSIS_FOR_EACH_TRACKED (chassis, ctx->sb_idl) {
        if (sbrec_chassis_is_updated(chassis,
                                     SBREC_CHASSIS_COL_OTHER_CONFIG)) {
            return EN_UNHANDLED;
        }
    }
    return EN_HANDLED_UNCHANGED;
}

/* What the node does. */
static const struct engine_node_ops en_sync_from_sb_ops = {
    .run = en_sync_from_sb_run,
};

/* Adds the "sync_from_sb" node and its inputs to 'engine'. */
struct engine_node *
en_sync_from_sb_create(struct engine *engine, struct engine_node *northd,
                       struct engine_node *sb_port_binding,
                       struct engine_node *sb_chassis)
{
    struct engine_node *node = engine_add_node(engine, "sync_from_sb",
                                               &en_sync_from_sb_ops);
    engine_add_input(node, northd, sync_from_sb_northd_handler);
    engine_add_input(node, sb_port_binding,
                     sync_from_sb_port_binding_handler);
    engine_add_input(node, sb_chassis, sync_from_sb_chassis_handler);
    return node;
}
