/* inc-proc-eng.c: the incremental processing engine (see inc-proc-eng.h).
 *
 * This module owns the node graph, the order in which nodes are evaluated,
 * the decision between incremental handling and recompute, the per-node
 * counters and the "inc-engine/..." control commands. */

#include <config.h>

#include "inc-proc-eng.h"

#include <inttypes.h>
#include <string.h>

#include "openvswitch/dynamic-string.h"
#include "openvswitch/vlog.h"
#include "ovsdb-idl.h"
#include "openvswitch/poll-loop.h"
#include "timeval.h"
#include "unixctl.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(inc_proc_eng);

/* An engine: its nodes and the state of the current run. */
struct engine {
    struct engine_node **nodes;   /* All nodes, in the order added. */
    size_t n_nodes;               /* Number of nodes. */
    size_t allocated_nodes;       /* Capacity of 'nodes'. */

    struct engine_node **order;   /* Nodes reachable from the root, inputs
                                   * before the nodes that use them. */
    size_t n_order;               /* Number of nodes in 'order'. */
    struct engine_node *root;     /* The node whose data is the result. */

    void *context;                /* What the program gave for this run. */
    bool force_recompute;         /* Recompute every node in the next
                                   * run. */
    bool canceled;                /* The last run was canceled. */
    bool has_run;                 /* The last run evaluated the root. */
};

/* Creates an empty engine. */
struct engine *
engine_create(void)
{
    return xzalloc(sizeof(struct engine));
}

/* Frees every node's data, then the nodes and 'engine'. */
void
engine_destroy(struct engine *engine)
{
    if (!engine) {
        return;
    }
    for (size_t i = engine->n_order; i-- > 0;) {
        struct engine_node *node = engine->order[i];
        if (node->ops && node->ops->cleanup) {
            node->ops->cleanup(node->data);
        }
    }
    for (size_t i = 0; i < engine->n_nodes; i++) {
        free(engine->nodes[i]);
    }
    free(engine->nodes);
    free(engine->order);
    free(engine);
}

/* Adds to 'engine' a node called 'name' (which must be unique and must
 * outlive the engine) that behaves as 'ops' says. */
struct engine_node *
engine_add_node(struct engine *engine, const char *name,
                const struct engine_node_ops *ops)
{
    ovs_assert(!engine_find_node(engine, name));
    struct engine_node *node = xzalloc(sizeof *node);
    node->name = name;
    node->engine = engine;
    node->ops = ops;
    node->state = EN_STALE;
    if (engine->n_nodes >= engine->allocated_nodes) {
        engine->nodes = x2nrealloc(engine->nodes, &engine->allocated_nodes,
                                   sizeof *engine->nodes);
    }
    engine->nodes[engine->n_nodes++] = node;
    return node;
}

/* An OVSDB input node changed if its table has tracked changes. */
static enum engine_node_state
ovsdb_node_run(struct engine_node *node, void *data OVS_UNUSED)
{
    return (ovsdb_idl_track_get_first(node->idl, node->table_class)
            ? EN_UPDATED : EN_UNCHANGED);
}

/* What an OVSDB input node does. */
static const struct engine_node_ops ovsdb_node_ops = {
    .run = ovsdb_node_run,
};

/* Adds to 'engine' a leaf node for table 'table_class' of 'idl' (whose
 * changes must be tracked).  The node's data is the IDL, which is what the
 * generated <prefix>_<table>_table_get() functions return, so a user may
 * cast it to the table type. */
struct engine_node *
engine_add_ovsdb_node(struct engine *engine, const char *name,
                      struct ovsdb_idl *idl,
                      const struct ovsdb_idl_table_class *table_class)
{
    struct engine_node *node = engine_add_node(engine, name, &ovsdb_node_ops);
    node->idl = idl;
    node->table_class = table_class;
    node->data = idl;
    return node;
}

/* Makes 'input' an input of 'node'.  When 'input' changes, 'handler' is
 * asked to update 'node' (or, when it is null, 'node' is recomputed). */
void
engine_add_input(struct engine_node *node, struct engine_node *input,
                 engine_change_handler_func *handler)
{
    ovs_assert(node->n_inputs < ENGINE_MAX_INPUT);
    node->inputs[node->n_inputs].node = input;
    node->inputs[node->n_inputs].change_handler = handler;
    node->n_inputs++;
}

/* Appends 'node' to the evaluation order after all of its inputs.
 * 'visiting' detects cycles, which are programming errors. */
static void
engine_order_node(struct engine *engine, struct engine_node *node,
                  bool *visited, bool *visiting)
{
    size_t idx;
    for (idx = 0; idx < engine->n_nodes; idx++) {
        if (engine->nodes[idx] == node) {
            break;
        }
    }
    ovs_assert(idx < engine->n_nodes);
    if (visited[idx]) {
        return;
    }
    ovs_assert(!visiting[idx]);
    visiting[idx] = true;
    for (size_t i = 0; i < node->n_inputs; i++) {
        engine_order_node(engine, node->inputs[i].node, visited, visiting);
    }
    visiting[idx] = false;
    visited[idx] = true;
    engine->order[engine->n_order++] = node;
}

/* Orders the nodes that 'root' depends on and initializes their data,
 * passing 'arg' to each node's init callback. */
void
engine_init(struct engine *engine, struct engine_node *root, void *arg)
{
    bool *visited = xcalloc(engine->n_nodes, sizeof *visited);
    bool *visiting = xcalloc(engine->n_nodes, sizeof *visiting);
    engine->order = xcalloc(engine->n_nodes, sizeof *engine->order);
    engine->n_order = 0;
    engine->root = root;
    engine_order_node(engine, root, visited, visiting);
    free(visited);
    free(visiting);

    for (size_t i = 0; i < engine->n_order; i++) {
        struct engine_node *node = engine->order[i];
        if (node->ops->init) {
            node->data = node->ops->init(node, arg);
        }
    }
    engine->force_recompute = true;
}

/* Sets what engine_get_context() returns during the next runs: usually the
 * database transactions that nodes write into. */
void
engine_set_context(struct engine *engine, void *context)
{
    engine->context = context;
}

/* Returns the context of the engine that 'node' belongs to. */
void *
engine_get_context(const struct engine_node *node)
{
    return node->engine->context;
}

/* Recomputes 'node' if allowed, cancels it otherwise. */
static void
engine_recompute(struct engine *engine, struct engine_node *node,
                 bool allowed, const char *reason)
{
    if (!allowed) {
        VLOG_DBG("node: %s, recompute (%s) canceled", node->name, reason);
        node->state = EN_CANCELED;
        node->stats.cancel++;
        engine->canceled = true;
        return;
    }
    long long int start = time_msec();
    node->state = node->ops->run(node, node->data);
    node->stats.recompute++;
    VLOG_DBG("node: %s, recompute (%s) took %lldms", node->name, reason,
             time_msec() - start);
}

/* Evaluates one node in the current run. */
static void
engine_run_node(struct engine *engine, struct engine_node *node,
                bool recompute_allowed)
{
    if (!node->n_inputs) {
        /* Leaves only look at what changed underneath them, which is
         * always allowed. */
        node->state = node->ops->run(node, node->data);
        node->stats.recompute++;
        return;
    }

    if (engine->force_recompute) {
        engine_recompute(engine, node, recompute_allowed, "forced");
        return;
    }

    bool need_compute = false;
    for (size_t i = 0; i < node->n_inputs; i++) {
        enum engine_node_state input_state = node->inputs[i].node->state;
        if (input_state == EN_CANCELED) {
            node->state = EN_CANCELED;
            node->stats.cancel++;
            return;
        }
        if (input_state == EN_UPDATED) {
            need_compute = true;
        }
    }
    if (!need_compute) {
        node->state = EN_UNCHANGED;
        return;
    }

    bool updated = false;
    for (size_t i = 0; i < node->n_inputs; i++) {
        const struct engine_node_input *input = &node->inputs[i];
        if (input->node->state != EN_UPDATED) {
            continue;
        }
        if (!input->change_handler) {
            engine_recompute(engine, node, recompute_allowed,
                             input->node->name);
            return;
        }
        switch (input->change_handler(node, node->data)) {
        case EN_UNHANDLED:
            engine_recompute(engine, node, recompute_allowed,
                             input->node->name);
            return;
        case EN_HANDLED_UPDATED:
            updated = true;
            break;
        case EN_HANDLED_UNCHANGED:
            break;
        }
    }
    node->state = updated ? EN_UPDATED : EN_UNCHANGED;
    node->stats.compute++;
}

/* Runs 'engine' once: clears what the previous run tracked, then evaluates
 * every node.  When 'recompute_allowed' is false a node that would need a
 * recompute is canceled instead, and so is everything that depends on it;
 * the forced-recompute flag then stays set for the next run. */
void
engine_run(struct engine *engine, bool recompute_allowed)
{
    for (size_t i = 0; i < engine->n_order; i++) {
        struct engine_node *node = engine->order[i];
        if (node->ops->clear_tracked_data) {
            node->ops->clear_tracked_data(node->data);
        }
        node->state = EN_STALE;
    }

    engine->canceled = false;
    for (size_t i = 0; i < engine->n_order; i++) {
        engine_run_node(engine, engine->order[i], recompute_allowed);
    }
    engine->has_run = engine->root && engine->root->state != EN_CANCELED;
    if (!engine->canceled) {
        engine->force_recompute = false;
    } else {
        engine->force_recompute = true;
    }
}

/* Whether the last run evaluated every node. */
bool
engine_has_run(const struct engine *engine)
{
    return engine->has_run;
}

/* Whether the last run was canceled. */
bool
engine_canceled(const struct engine *engine)
{
    return engine->canceled;
}

/* Whether the last run changed the root's data. */
bool
engine_has_updated(const struct engine *engine)
{
    return engine->root && engine->root->state == EN_UPDATED;
}

/* Makes the next run recompute every node. */
void
engine_set_force_recompute(struct engine *engine)
{
    engine->force_recompute = true;
}

/* Whether the next run will recompute every node. */
bool
engine_get_force_recompute(const struct engine *engine)
{
    return engine->force_recompute;
}

/* Returns the node called 'name', or NULL. */
const struct engine_node *
engine_find_node(const struct engine *engine, const char *name)
{
    for (size_t i = 0; i < engine->n_nodes; i++) {
        if (!strcmp(engine->nodes[i]->name, name)) {
            return engine->nodes[i];
        }
    }
    return NULL;
}

/* Returns the input of 'node' called 'input_name'; it must exist. */
struct engine_node *
engine_get_input(const char *input_name, const struct engine_node *node)
{
    for (size_t i = 0; i < node->n_inputs; i++) {
        if (!strcmp(node->inputs[i].node->name, input_name)) {
            return node->inputs[i].node;
        }
    }
    OVS_NOT_REACHED();
}

/* Returns the data of the input of 'node' called 'input_name'. */
void *
engine_get_input_data(const char *input_name, const struct engine_node *node)
{
    return engine_get_input(input_name, node)->data;
}

/* Returns 'node''s data. */
void *
engine_get_data(const struct engine_node *node)
{
    return node->data;
}

/* See inc-proc-eng.h. */
enum engine_input_handler_result
engine_noop_handler(struct engine_node *node OVS_UNUSED,
                    void *data OVS_UNUSED)
{
    return EN_HANDLED_UNCHANGED;
}

/* Appends to 'out' the counters of every node, or of node 'node_name' only
 * when it is nonnull, or only counter 'stat' ("recompute", "compute" or
 * "cancel") of that node when 'stat' is nonnull too.  Returns false, with
 * an error message in 'out', if there is no such node or counter. */
static bool
engine_format_stats__(const struct engine *engine, const char *node_name,
                      const char *stat, struct ds *out)
{
    bool found = false;
    for (size_t i = 0; i < engine->n_order; i++) {
        const struct engine_node *node = engine->order[i];
        if (node_name && strcmp(node->name, node_name)) {
            continue;
        }
        found = true;
        if (!stat) {
            ds_put_format(out,
                          "Node: %s\n"
                          "- recompute: %12"PRIu64"\n"
                          "- compute:   %12"PRIu64"\n"
                          "- cancel:    %12"PRIu64"\n",
                          node->name, node->stats.recompute,
                          node->stats.compute, node->stats.cancel);
        } else if (!strcmp(stat, "recompute")) {
            ds_put_format(out, "%"PRIu64, node->stats.recompute);
        } else if (!strcmp(stat, "compute")) {
            ds_put_format(out, "%"PRIu64, node->stats.compute);
        } else if (!strcmp(stat, "cancel")) {
            ds_put_format(out, "%"PRIu64, node->stats.cancel);
        } else {
            ds_put_format(out, "Invalid stat type : %s", stat);
            return false;
        }
    }
    if (!found) {
        ds_put_format(out, "Invalid engine node : %s", node_name);
    }
    return found;
}

/* Public form of engine_format_stats__(). */
void
engine_format_stats(const struct engine *engine, const char *node_name,
                    const char *stat, struct ds *out)
{
    engine_format_stats__(engine, node_name, stat, out);
}

/* Resets every node's counters. */
void
engine_clear_stats(struct engine *engine)
{
    for (size_t i = 0; i < engine->n_nodes; i++) {
        memset(&engine->nodes[i]->stats, 0, sizeof engine->nodes[i]->stats);
    }
}

/* "inc-engine/show-stats [NODE [STAT]]". */
static void
engine_unixctl_show_stats(struct unixctl_conn *conn, int argc,
                          const char *argv[], void *engine_)
{
    struct engine *engine = engine_;
    struct ds out = DS_EMPTY_INITIALIZER;
    if (engine_format_stats__(engine, argc > 1 ? argv[1] : NULL,
                              argc > 2 ? argv[2] : NULL, &out)) {
        unixctl_command_reply(conn, ds_cstr(&out));
    } else {
        unixctl_command_reply_error(conn, ds_cstr(&out));
    }
    ds_destroy(&out);
}

/* "inc-engine/clear-stats". */
static void
engine_unixctl_clear_stats(struct unixctl_conn *conn, int argc OVS_UNUSED,
                           const char *argv[] OVS_UNUSED, void *engine_)
{
    engine_clear_stats(engine_);
    unixctl_command_reply(conn, NULL);
}

/* "inc-engine/recompute": the next run recomputes everything, and it
 * happens now. */
static void
engine_unixctl_recompute(struct unixctl_conn *conn, int argc OVS_UNUSED,
                         const char *argv[] OVS_UNUSED, void *engine_)
{
    engine_set_force_recompute(engine_);
    VLOG_INFO("User triggered force recompute.");
    poll_immediate_wake();
    unixctl_command_reply(conn, NULL);
}

/* Registers the "inc-engine/..." control commands for 'engine'. */
void
engine_register_unixctl(struct engine *engine)
{
    unixctl_command_register("inc-engine/show-stats", "[NODE [STAT]]", 0, 2,
                             engine_unixctl_show_stats, engine);
    unixctl_command_register("inc-engine/clear-stats", "", 0, 0,
                             engine_unixctl_clear_stats, engine);
    unixctl_command_register("inc-engine/recompute", "", 0, 0,
                             engine_unixctl_recompute, engine);
}
