/* en-lr-stateful.c: the "lr_stateful" engine node.
 *
 * This module owns the NAT and load balancer state of every logical router
 * (lr-stateful.h) as an engine node.  A recompute parses every router's NAT
 * rules and gathers the VIPs of the load balancers that apply to it.
 * Changes of switch ports, and of load balancers that apply to no router,
 * leave it unchanged; NAT rules that change (in the NAT table or in the
 * routers' "nat" column, which the "northd" node lets through) are parsed
 * again for their routers only; load balancers that change, or start or
 * stop applying to routers, have the VIPs of those routers gathered again.
 * The node tracks the routers whose flows must be built again in
 * 'changed'; anything else recomputes it. */

#include <config.h>

#include "northd/en-lr-stateful.h"

#include "bitmap.h"
#include "lib/ovn-nb-idl.h"
#include "northd/en-lb-data.h"
#include "northd/en-northd.h"
#include "northd/inc-proc-northd.h"
#include "northd/lb.h"
#include "northd/lr-stateful.h"
#include "northd/northd.h"
#include "util.h"

/* Allocates the node's data. */
static void *
en_lr_stateful_init(struct engine_node *node OVS_UNUSED,
                    void *arg OVS_UNUSED)
{
    struct lr_stateful_table *table = xmalloc(sizeof *table);
    lr_stateful_table_init(table);
    return table;
}

/* Frees the node's data. */
static void
en_lr_stateful_cleanup(void *table_)
{
    struct lr_stateful_table *table = table_;
    lr_stateful_table_destroy(table);
    free(table);
}

/* Builds every router's record again. */
static enum engine_node_state
en_lr_stateful_run(struct engine_node *node, void *table_)
{
    struct lr_stateful_table *table = table_;
    const struct northd_data *nd
        = en_northd_get_data(engine_get_input("northd", node));
    const struct lb_data *lbd = engine_get_input_data("lb_data", node);
    lr_stateful_table_build(table, nd, lbd);
    return EN_UPDATED;
}

/* The "northd" node changed: switch port changes (the only ones it tracks)
 * change nothing here. */
static enum engine_input_handler_result
lr_stateful_northd_handler(struct engine_node *node, void *table_ OVS_UNUSED)
{
    const struct northd_data *nd
        = en_northd_get_data(engine_get_input("northd", node));
    return nd->has_tracked_data ? EN_HANDLED_UNCHANGED : EN_UNHANDLED;
}

/* Load balancers changed: the routers that those that apply or applied to
 * routers concern gather their VIPs again. */
static enum engine_input_handler_result
lr_stateful_lb_data_handler(struct engine_node *node, void *table_)
{
    struct lr_stateful_table *table = table_;
    const struct northd_data *nd
        = en_northd_get_data(engine_get_input("northd", node));
    const struct lb_data *lbd = engine_get_input_data("lb_data", node);
    size_t n_changed = hmapx_count(&table->changed);
    bool lb_ips_changed = table->lb_ips_changed;
    if (!lr_stateful_sync_lbs(table, nd, lbd)) {
        return EN_UNHANDLED;
    }
    return (hmapx_count(&table->changed) != n_changed
            || table->lb_ips_changed != lb_ips_changed
            ? EN_HANDLED_UPDATED : EN_HANDLED_UNCHANGED);
}

/* Parses again the NAT rules of the routers whose rules changed, given the
 * NAT rows whose columns changed, 'updated_nats'. */
static enum engine_input_handler_result
lr_stateful_sync_nat_changes(struct engine_node *node,
                             struct lr_stateful_table *table,
                             const struct hmapx *updated_nats)
{
    const struct northd_data *nd
        = en_northd_get_data(engine_get_input("northd", node));
    size_t n_changed = hmapx_count(&table->changed);
    if (!lr_stateful_sync_nat(table, nd, updated_nats)) {
        return EN_UNHANDLED;
    }
    return (hmapx_count(&table->changed) != n_changed
            ? EN_HANDLED_UPDATED : EN_HANDLED_UNCHANGED);
}

/* NAT rows changed. */
static enum engine_input_handler_result
lr_stateful_nb_nat_handler(struct engine_node *node, void *table)
{
    const struct northd_engine_context *eng = engine_get_context(node);
    struct hmapx updated = HMAPX_INITIALIZER(&updated);
    const struct nbrec_nat *nat;
    NBREC_NAT_FOR_EACH_TRACKED (nat, eng->nb_idl) {
        if (!nbrec_nat_is_new(nat) && !nbrec_nat_is_deleted(nat)) {
            hmapx_add(&updated, (void *) nat);
        }
    }
    enum engine_input_handler_result result
        = lr_stateful_sync_nat_changes(node, table, &updated);
    hmapx_destroy(&updated);
    return result;
}

/* Routers changed: the "northd" node lets through only changes of their
 * NAT rules, which may have moved from one router to another without any
 * NAT row changing. */
static enum engine_input_handler_result
lr_stateful_nb_logical_router_handler(struct engine_node *node, void *table)
{
    struct hmapx none = HMAPX_INITIALIZER(&none);
    enum engine_input_handler_result result
        = lr_stateful_sync_nat_changes(node, table, &none);
    hmapx_destroy(&none);
    return result;
}

/* Forgets which routers changed: from now on, until a recompute, the
 * tracked data says what changes. */
static void
en_lr_stateful_clear_tracked_data(void *table_)
{
    struct lr_stateful_table *table = table_;
    hmapx_clear(&table->changed);
    hmapx_clear(&table->vips_changed);
    table->lb_ips_changed = false;
    table->has_tracked_data = true;
}

/* What the node does. */
static const struct engine_node_ops en_lr_stateful_ops = {
    .init = en_lr_stateful_init,
    .cleanup = en_lr_stateful_cleanup,
    .run = en_lr_stateful_run,
    .clear_tracked_data = en_lr_stateful_clear_tracked_data,
};

/* Adds the "lr_stateful" node and its inputs to 'engine'. */
struct engine_node *
en_lr_stateful_create(struct engine *engine,
                      const struct lr_stateful_inputs *in)
{
    struct engine_node *node = engine_add_node(engine, "lr_stateful",
                                               &en_lr_stateful_ops);
    engine_add_input(node, in->northd, lr_stateful_northd_handler);
    engine_add_input(node, in->lb_data, lr_stateful_lb_data_handler);
    engine_add_input(node, in->nb_nat, lr_stateful_nb_nat_handler);
    engine_add_input(node, in->nb_logical_router,
                     lr_stateful_nb_logical_router_handler);
    return node;
}

/* Returns the records that 'node' (the "lr_stateful" node) holds. */
const struct lr_stateful_table *
en_lr_stateful_get_data(const struct engine_node *node)
{
    return engine_get_data(node);
}
