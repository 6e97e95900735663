/* en-static-mac-bindings.c: the "sync_to_sb_static_mac_binding" engine
 * node.
 *
 * This module owns the Southbound Static_MAC_Binding table: a copy of each
 * Northbound Static_MAC_Binding whose logical port is a router port, with
 * the router's datapath, under the same row UUID.  ovn-controller turns
 * them into MAC bindings that ARP and ND replies do not change, unless
 * 'override_dynamic_mac' lets learned ones win. */

#include <config.h>

#include "northd/en-static-mac-bindings.h"

#include <string.h>

#include "lib/ovn-nb-idl.h"
#include "lib/ovn-sb-idl.h"
#include "northd/en-northd.h"
#include "northd/inc-proc-northd.h"
#include "northd/northd.h"
#include "util.h"

/* The router datapath of the Northbound binding 'nb', or NULL if its
 * logical port is not a router port (or its datapath has no binding
 * yet). */
static const struct sbrec_datapath_binding *
static_mac_binding_datapath(const struct nbrec_static_mac_binding *nb,
                            const struct northd_data *nd,
                            struct ovsdb_idl *sb_idl)
{
    const struct ovn_port *op = ovn_port_find(&nd->ports, nb->logical_port);
    if (!op || !op->nbrp) {
        return NULL;
    }
    return ovn_datapath_get_sb(op->od, sb_idl);
}

/* Makes Southbound row 'sb' (inserted if NULL) a copy of 'nb' on
 * datapath 'dp'. */
static void
sync_static_mac_binding(struct ovsdb_idl_txn *txn,
                        const struct nbrec_static_mac_binding *nb,
                        const struct sbrec_datapath_binding *dp,
                        const struct sbrec_static_mac_binding *sb)
{
    if (!sb) {
        sb = sbrec_static_mac_binding_insert_persist_uuid(
            txn, &nb->header_.uuid);
    }
    if (!sb->logical_port || strcmp(sb->logical_port, nb->logical_port)) {
        sbrec_static_mac_binding_set_logical_port(sb, nb->logical_port);
    }
    if (!sb->ip || strcmp(sb->ip, nb->ip)) {
        sbrec_static_mac_binding_set_ip(sb, nb->ip);
    }
    if (!sb->mac || strcmp(sb->mac, nb->mac)) {
        sbrec_static_mac_binding_set_mac(sb, nb->mac);
    }
    if (sb->override_dynamic_mac != nb->override_dynamic_mac) {
        sbrec_static_mac_binding_set_override_dynamic_mac(
            sb, nb->override_dynamic_mac);
    }
    if (sb->datapath != dp) {
        sbrec_static_mac_binding_set_datapath(sb, dp);
    }
}

/* Makes the Southbound Static_MAC_Binding table match the Northbound
 * one.  Rows are matched by UUID: a Southbound row whose Northbound row is
 * gone, or no longer names a router port, goes (first, so that a new row
 * may take its port and IP). */
static enum engine_node_state
en_static_mac_bindings_run(struct engine_node *node, void *data OVS_UNUSED)
{
    const struct northd_engine_context *ctx = engine_get_context(node);
    const struct northd_data *nd
        = en_northd_get_data(engine_get_input("northd", node));

    const struct sbrec_static_mac_binding *sb;
    SBREC_STATIC_MAC_BINDING_FOR_EACH_SAFE (sb, ctx->sb_idl) {
        const struct nbrec_static_mac_binding *nb
            = nbrec_static_mac_binding_get_for_uuid(ctx->nb_idl,
                                                    &sb->header_.uuid);
        if (!nb || !static_mac_binding_datapath(nb, nd, ctx->sb_idl)) {
            sbrec_static_mac_binding_delete(sb);
        }
    }

    const struct nbrec_static_mac_binding *nb;
    NBREC_STATIC_MAC_BINDING_FOR_EACH (nb, ctx->nb_idl) {
        const struct sbrec_datapath_binding *dp
            = static_mac_binding_datapath(nb, nd, ctx->sb_idl);
        if (dp) {
            sync_static_mac_binding(
                ctx->ovnsb_txn, nb, dp,
                sbrec_static_mac_binding_get_for_uuid(ctx->sb_idl,
                                                      &nb->header_.uuid));
        }
    }
    return EN_UPDATED;
}

/* Switch ports changed incrementally (the only changes "northd" tracks):
 * router ports, and so the bindings, are as they were. */
static enum engine_input_handler_result
static_mac_bindings_northd_handler(struct engine_node *node,
                                   void *data OVS_UNUSED)
{
    const struct northd_data *nd
        = en_northd_get_data(engine_get_input("northd", node));
    return nd->has_tracked_data ? EN_HANDLED_UNCHANGED : EN_UNHANDLED;
}

/* What the node does. */
static const struct engine_node_ops en_static_mac_bindings_ops = {
    .run = en_static_mac_bindings_run,
};

/* Adds the "sync_to_sb_static_mac_binding" node and its inputs to
 * 'engine'. */
struct engine_node *
en_static_mac_bindings_create(struct engine *engine,
                              struct engine_node *nb_static_mac_binding,
                              struct engine_node *northd,
                              struct engine_node *sb_static_mac_binding)
{
    struct engine_node *node = engine_add_node(
        engine, "sync_to_sb_static_mac_binding",
        &en_static_mac_bindings_ops);
    engine_add_input(node, nb_static_mac_binding, NULL);
    engine_add_input(node, northd, static_mac_bindings_northd_handler);
    engine_add_input(node, sb_static_mac_binding, engine_noop_handler);
    return node;
}
