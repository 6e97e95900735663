/* inc-proc-northd.h: ovn-northd's incremental processing graph.
 *
 * This module owns the wiring of ovn-northd's engine: which database
 * tables feed which nodes, through which change handlers, and how one
 * pass of the engine is run against the current Northbound and
 * Southbound transactions.
 *
 *   NB/SB tables --> global_config --+
 *                                    +--> northd --> lflow -----------+
 *   NB/SB tables ------------------->+         \--> port_group -------+
 *                                               \-> sync_to_sb_addr_set
 *   SB static tables --> sb_static_tables --------------------------->+
 *   NB Meter --> sync_meters ---------------------------------------->+
 *   SB Port_Binding --> sync_from_sb (LSP "up") --------------------->+
 *                                                     northd_output <-+
 */

#ifndef NORTHD_INC_PROC_NORTHD_H
#define NORTHD_INC_PROC_NORTHD_H 1

#include <stdbool.h>
#include <stddef.h>

struct ovsdb_idl;
struct ovsdb_idl_txn;
struct northd_engine;

/* What every node of ovn-northd's engine may use during a run. */
struct northd_engine_context {
    struct ovsdb_idl *nb_idl;           /* Northbound. */
    struct ovsdb_idl *sb_idl;           /* Southbound. */
    struct ovsdb_idl_txn *ovnnb_txn;    /* Northbound transaction. */
    struct ovsdb_idl_txn *ovnsb_txn;    /* Southbound transaction. */
    struct ovsdb_idl *sb_lflow_snapshot;  /* Contents of Southbound logical
                                           * flows that this ovn-northd did
                                           * not write, or NULL. */
    size_t n_threads;                   /* Threads for a full build of the
                                         * logical flows. */
};

struct northd_engine *inc_proc_northd_create(struct ovsdb_idl *nb,
                                             struct ovsdb_idl *sb);
void inc_proc_northd_destroy(struct northd_engine *);
bool inc_proc_northd_run(struct northd_engine *,
                         struct ovsdb_idl_txn *ovnnb_txn,
                         struct ovsdb_idl_txn *ovnsb_txn);
void inc_proc_northd_force_recompute(struct northd_engine *);
bool inc_proc_northd_get_force_recompute(const struct northd_engine *);
void inc_proc_northd_set_lflow_snapshot(struct northd_engine *,
                                        struct ovsdb_idl *);
void inc_proc_northd_set_n_threads(struct northd_engine *, size_t);
bool inc_proc_northd_knows_sb_lflows(const struct northd_engine *);
struct chassis_features;
const struct chassis_features *inc_proc_northd_get_chassis_features(
    const struct northd_engine *);

#endif /* northd/inc-proc-northd.h */
