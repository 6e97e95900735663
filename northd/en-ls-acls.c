/* en-ls-acls.c: the "ls_acls" engine node.
 *
 * This module owns the glue between the engine and ls-acl-data.c: a
 * recompute rebuilds which ACLs apply to which switches; the handlers of
 * ACL, port group and switch changes apply them incrementally and record
 * the ACL owners whose flows the "lflow" node must build again. */

#include <config.h>

#include "northd/en-ls-acls.h"

#include "northd/en-lb-data.h"
#include "northd/en-northd.h"
#include "northd/inc-proc-northd.h"
#include "northd/ls-acl-data.h"
#include "northd/northd.h"
#include "util.h"

/* Allocates the node's data. */
static void *
en_ls_acls_init(struct engine_node *node OVS_UNUSED, void *arg OVS_UNUSED)
{
    struct ls_acl_data *data = xmalloc(sizeof *data);
    ls_acl_data_init(data);
    return data;
}

/* Frees the node's data. */
static void
en_ls_acls_cleanup(void *data)
{
    ls_acl_data_destroy(data);
    free(data);
}

/* Forgets the last incremental change. */
static void
en_ls_acls_clear_tracked_data(void *data)
{
    ls_acl_data_clear_tracked(data);
}

/* The "northd" node's data, as input of 'node'. */
static const struct northd_data *
get_northd(struct engine_node *node)
{
    return en_northd_get_data(engine_get_input("northd", node));
}

/* Rebuilds everything. */
static enum engine_node_state
en_ls_acls_run(struct engine_node *node, void *data)
{
    const struct northd_engine_context *ctx = engine_get_context(node);
    struct ls_acl_data *acls = data;
    ls_acl_data_build(acls, get_northd(node), ctx->nb_idl);
    acl_ids_sync_all(&acls->ids, ctx->nb_idl, ctx->sb_idl, ctx->ovnsb_txn);
    return EN_UPDATED;
}

/* What a handler that coped reports. */
static enum engine_input_handler_result
handled(const struct ls_acl_data *data)
{
    const struct ls_acl_tracked *t = &data->tracked;
    return (hmapx_is_empty(&t->created) && hmapx_is_empty(&t->updated)
            && hmapx_is_empty(&t->deleted)
            ? EN_HANDLED_UNCHANGED : EN_HANDLED_UPDATED);
}

/* Datapaths and ports: after a rebuild, everything may have moved;
 * incremental port changes reach port groups through their Northbound
 * rows. */
static enum engine_input_handler_result
ls_acls_northd_handler(struct engine_node *node, void *data OVS_UNUSED)
{
    return get_northd(node)->has_tracked_data ? EN_HANDLED_UNCHANGED
                                              : EN_UNHANDLED;
}

/* Switches' ACL lists changed. */
static enum engine_input_handler_result
ls_acls_logical_switch_handler(struct engine_node *node, void *data)
{
    const struct northd_engine_context *ctx = engine_get_context(node);
    if (!ls_acl_data_handle_switches(data, get_northd(node), ctx->nb_idl)) {
        return EN_UNHANDLED;
    }
    return handled(data);
}

/* Port groups, their ACL lists or members changed. */
static enum engine_input_handler_result
ls_acls_port_group_handler(struct engine_node *node, void *data)
{
    const struct northd_engine_context *ctx = engine_get_context(node);
    if (!ls_acl_data_handle_port_groups(data, get_northd(node),
                                        ctx->nb_idl)) {
        return EN_UNHANDLED;
    }
    return handled(data);
}

/* ACLs changed. */
static enum engine_input_handler_result
ls_acls_acl_handler(struct engine_node *node, void *data)
{
    const struct northd_engine_context *ctx = engine_get_context(node);
    if (!ls_acl_data_handle_acls(data, ctx->nb_idl)) {
        return EN_UNHANDLED;
    }
    struct ls_acl_data *acls = data;
    acl_ids_handle_acls(&acls->ids, ctx->nb_idl, ctx->sb_idl,
                        ctx->ovnsb_txn);
    return handled(data);
}

/* Load balancers changed: only whether switches have VIPs matters. */
static enum engine_input_handler_result
ls_acls_lb_data_handler(struct engine_node *node, void *data OVS_UNUSED)
{
    const struct lb_data *lbd = engine_get_input_data("lb_data", node);
    return (lbd->has_tracked_data && !lbd->tracked.ls_lb_vip_changed
            ? EN_HANDLED_UNCHANGED : EN_UNHANDLED);
}

/* What the node does. */
static const struct engine_node_ops en_ls_acls_ops = {
    .init = en_ls_acls_init,
    .cleanup = en_ls_acls_cleanup,
    .run = en_ls_acls_run,
    .clear_tracked_data = en_ls_acls_clear_tracked_data,
};

/* Adds the "ls_acls" node and its inputs to 'engine'. */
struct engine_node *
en_ls_acls_create(struct engine *engine, const struct ls_acls_inputs *in)
{
    struct engine_node *node = engine_add_node(engine, "ls_acls",
                                               &en_ls_acls_ops);
    engine_add_input(node, in->northd, ls_acls_northd_handler);
    engine_add_input(node, in->lb_data, ls_acls_lb_data_handler);
    engine_add_input(node, in->nb_logical_switch,
                     ls_acls_logical_switch_handler);
    engine_add_input(node, in->nb_port_group, ls_acls_port_group_handler);
    engine_add_input(node, in->nb_acl, ls_acls_acl_handler);
    engine_add_input(node, in->nb_qos, NULL);
    engine_add_input(node, in->nb_meter, NULL);
    engine_add_input(node, in->nb_copp, NULL);
    engine_add_input(node, in->nb_sample, NULL);
    engine_add_input(node, in->nb_sample_collector, NULL);
    engine_add_input(node, in->nb_sampling_app, NULL);
    /* ovn-northd is the only writer of ACL_ID. */
    engine_add_input(node, in->sb_acl_id, engine_noop_handler);
    return node;
}

/* Returns the data of 'node' (the "ls_acls" node). */
const struct ls_acl_data *
en_ls_acls_get_data(const struct engine_node *node)
{
    return engine_get_data(node);
}
