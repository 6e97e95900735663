/* inc-proc-eng.h: the incremental processing engine.
 *
 * This module owns the machinery that ovn-northd and ovn-controller use to
 * recompute only what a change affects.  A program describes its work as a
 * directed acyclic graph of nodes.  Each node holds data computed from the
 * data of its inputs; leaves are usually database tables.  For each input a
 * node may have a change handler that updates the node's data from the
 * input's tracked changes; when a node has no handler for a changed input,
 * or the handler cannot cope, the engine recomputes the node from scratch
 * with its 'run' callback.
 *
 * One engine run walks the nodes in topological order:
 *
 *   - a node none of whose inputs changed is left alone (UNCHANGED);
 *   - otherwise the handlers of the changed inputs run in input order;
 *     each says whether it coped and whether the node's data changed;
 *   - if a handler did not cope, or a recompute is forced, the node's
 *     'run' callback recomputes it and says whether its data changed.
 *
 * A node that changed exposes "tracked data" describing the change to the
 * handlers of the nodes that use it; the engine clears tracked data at the
 * start of the next run.
 *
 * Nodes count their recomputes, incremental computes and cancellations;
 * "inc-engine/show-stats" prints the counters, "inc-engine/clear-stats"
 * resets them and "inc-engine/recompute" forces a full recompute.
 *
 * An engine holds no global state: a program may create several. */

#ifndef INC_PROC_ENG_H
#define INC_PROC_ENG_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ds;
struct ovsdb_idl;
struct ovsdb_idl_table_class;

/* The most inputs one node may have. */
#define ENGINE_MAX_INPUT 256

/* State of a node after (or before) the current run. */
enum engine_node_state {
    EN_STALE,        /* Not yet evaluated in this run. */
    EN_UPDATED,      /* Evaluated; its data changed. */
    EN_UNCHANGED,    /* Evaluated; its data did not change. */
    EN_CANCELED,     /* Needed a recompute that was not allowed. */
};

/* What a change handler reports. */
enum engine_input_handler_result {
    EN_UNHANDLED,          /* Could not cope: recompute the node. */
    EN_HANDLED_UPDATED,    /* Coped, and the node's data changed. */
    EN_HANDLED_UNCHANGED,  /* Coped, and the node's data did not change. */
};

struct engine;
struct engine_node;

/* Updates 'node''s data ('data') from the tracked changes of one input. */
typedef enum engine_input_handler_result
    engine_change_handler_func(struct engine_node *node, void *data);

/* The callbacks that define what a kind of node does.  Only 'run' is
 * mandatory. */
struct engine_node_ops {
    /* Allocates and returns the node's data.  'arg' is what the program
     * passed to engine_init(). */
    void *(*init)(struct engine_node *node, void *arg);

    /* Frees the node's data. */
    void (*cleanup)(void *data);

    /* Recomputes the node's data from all of its inputs; returns EN_UPDATED
     * or EN_UNCHANGED. */
    enum engine_node_state (*run)(struct engine_node *node, void *data);

    /* Forgets what the last run tracked as changed in the data. */
    void (*clear_tracked_data)(void *data);
};

/* One input of a node. */
struct engine_node_input {
    struct engine_node *node;                   /* The input node. */
    engine_change_handler_func *change_handler; /* Null: always recompute. */
};

/* A node's counters. */
struct engine_stats {
    uint64_t recompute;    /* Full recomputes. */
    uint64_t compute;      /* Runs handled incrementally by handlers. */
    uint64_t cancel;       /* Recomputes needed but not allowed. */
};

/* A node of the graph. */
struct engine_node {
    const char *name;                   /* Unique name, for stats and
                                         * engine_get_input(). */
    struct engine *engine;              /* The engine it belongs to. */
    const struct engine_node_ops *ops;  /* What it does. */
    size_t n_inputs;                    /* Number of inputs. */
    struct engine_node_input inputs[ENGINE_MAX_INPUT]; /* Its inputs. */
    void *data;                         /* What ops->init() returned. */
    enum engine_node_state state;       /* State in the current run. */
    struct engine_stats stats;          /* Counters. */
    struct ovsdb_idl *idl;              /* OVSDB input node: its IDL. */
    const struct ovsdb_idl_table_class *table_class; /* OVSDB input node:
                                                      * its table. */
};

struct engine *engine_create(void);
void engine_destroy(struct engine *);

struct engine_node *engine_add_node(struct engine *, const char *name,
                                    const struct engine_node_ops *);
struct engine_node *engine_add_ovsdb_node(
    struct engine *, const char *name, struct ovsdb_idl *,
    const struct ovsdb_idl_table_class *);
void engine_add_input(struct engine_node *node, struct engine_node *input,
                      engine_change_handler_func *);

void engine_init(struct engine *, struct engine_node *root, void *arg);
void engine_register_unixctl(struct engine *);

void engine_set_context(struct engine *, void *context);
void *engine_get_context(const struct engine_node *);

void engine_run(struct engine *, bool recompute_allowed);
bool engine_has_run(const struct engine *);
bool engine_canceled(const struct engine *);
bool engine_has_updated(const struct engine *);
void engine_set_force_recompute(struct engine *);
bool engine_get_force_recompute(const struct engine *);

struct engine_node *engine_get_input(const char *input_name,
                                     const struct engine_node *);
void *engine_get_input_data(const char *input_name,
                            const struct engine_node *);
void *engine_get_data(const struct engine_node *);
const struct engine_node *engine_find_node(const struct engine *,
                                           const char *name);

/* A change handler that ignores the input's changes: for inputs whose
 * changes a node never needs to react to (its own writes coming back, for
 * instance) but whose data it reads. */
enum engine_input_handler_result engine_noop_handler(struct engine_node *,
                                                     void *);

void engine_format_stats(const struct engine *, const char *node_name,
                         const char *stat, struct ds *out);
void engine_clear_stats(struct engine *);

#endif /* inc-proc-eng.h */
