/* lflow-mgr.h: the table of logical flows and its Southbound mirror.
 *
 * This module owns every logical flow that ovn-northd wants in the
 * Southbound Logical_Flow table, and keeping the database in line with it.
 *
 * Stage modules add flows with the ovn_lflow_add*() macros below: a
 * datapath, a stage, a priority, a match and actions, optionally the
 * logical port the flow is about ("in_out_port" tag), a controller meter,
 * a description and the Northbound row it comes from ("stage-hint").
 * Identical flows added for several datapaths become one flow with a set
 * of datapaths, published with a Logical_DP_Group when the set has more
 * than one member.
 *
 * Every flow is added on behalf of an owner, a 'struct lflow_ref' (each
 * datapath and each port has one): the owner remembers what it added, so
 * that when the owner changes, lflow_ref_unlink_lflows() withdraws exactly
 * its contribution, the owner's flows are built again, and only the
 * flows whose datapath set changed are written to the database.  A flow
 * leaves a datapath when no owner still adds it there, and leaves the
 * database when it has no datapath left.
 *
 * lflow_table_sync_to_sb() compares the whole table with the database and
 * writes the differences (restarts and reconnections rewrite nothing that
 * is already right); lflow_table_sync_changes_to_sb() writes only the
 * flows touched since the last sync.
 *
 * A batch (lflow_table_create_batch()) is a table that only records what
 * builders add to it: a builder thread fills its own batch without locks,
 * and lflow_table_add_batch() then adds the recorded flows to the real
 * table, in order, with the same result as adding them directly.
 *
 * ovn-northd writes the contents of a Logical_Flow row once and never
 * reads them back: the table remembers which flow it published in which
 * row.  Only rows that another writer left (a previous ovn-northd, or the
 * active one while this one was on standby) must be read, from a snapshot
 * that the caller provides until lflow_table_knows_sb_rows(). */

#ifndef NORTHD_LFLOW_MGR_H
#define NORTHD_LFLOW_MGR_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "northd/lflow-stages.h"
#include "util.h"

struct lflow_ref;
struct lflow_table;
struct ovn_datapath;
struct ovn_datapaths;
struct ovsdb_idl;
struct ovsdb_idl_row;
struct ovsdb_idl_txn;

struct lflow_table *lflow_table_create(void);
void lflow_table_destroy(struct lflow_table *);
void lflow_table_reset(struct lflow_table *, size_t n_datapaths);
size_t lflow_table_count(const struct lflow_table *);

struct lflow_table *lflow_table_create_batch(size_t n_datapaths);
void lflow_table_add_batch(struct lflow_table *, struct lflow_table *batch);

struct lflow_ref *lflow_ref_create(void);
void lflow_ref_destroy(struct lflow_ref *);
void lflow_ref_clear(struct lflow_ref *);
void lflow_ref_unlink_lflows(struct lflow_table *, struct lflow_ref *);
bool lflow_ref_is_empty(const struct lflow_ref *);

void lflow_table_add(struct lflow_table *, const struct ovn_datapath *,
                     const unsigned long *dp_bitmap, size_t n_bits,
                     enum ovn_stage, uint16_t priority,
                     const char *match, const char *actions,
                     const char *io_port, const char *ctrl_meter,
                     const char *flow_desc,
                     const struct ovsdb_idl_row *stage_hint,
                     const char *where, struct lflow_ref *);

/* What the Southbound sync needs. */
struct lflow_sync_context {
    struct ovsdb_idl_txn *ovnsb_txn;        /* Where to write. */
    struct ovsdb_idl *sb_idl;               /* What is there. */
    const struct ovn_datapaths *datapaths;  /* Datapaths by index. */
    const struct ovsdb_idl *sb_snapshot;    /* The contents of Logical_Flow
                                             * rows this ovn-northd did not
                                             * write, or NULL. */
};

void lflow_table_sync_to_sb(struct lflow_table *,
                            const struct lflow_sync_context *);
bool lflow_table_sync_changes_to_sb(struct lflow_table *,
                                    const struct lflow_sync_context *);
bool lflow_table_knows_sb_rows(const struct lflow_table *,
                               const struct ovsdb_idl *sb_idl);

/* Adds a flow to OD for OWNER (a 'struct lflow_ref *'). */
#define ovn_lflow_add(TABLE, OD, STAGE, PRIORITY, MATCH, ACTIONS, OWNER) \
    lflow_table_add(TABLE, OD, NULL, 0, STAGE, PRIORITY, MATCH, ACTIONS, \
                    NULL, NULL, NULL, NULL, OVS_SOURCE_LOCATOR, OWNER)

/* Same, naming the Northbound row HINT that the flow comes from. */
#define ovn_lflow_add_with_hint(TABLE, OD, STAGE, PRIORITY, MATCH, ACTIONS, \
                                HINT, OWNER)                                \
    lflow_table_add(TABLE, OD, NULL, 0, STAGE, PRIORITY, MATCH, ACTIONS,    \
                    NULL, NULL, NULL, HINT, OVS_SOURCE_LOCATOR, OWNER)

/* Same, also tagging the flow with the logical port IO_PORT it is about,
 * so that ovn-controller installs it only where that port matters. */
#define ovn_lflow_add_with_lport_and_hint(TABLE, OD, STAGE, PRIORITY, MATCH, \
                                          ACTIONS, IO_PORT, HINT, OWNER)     \
    lflow_table_add(TABLE, OD, NULL, 0, STAGE, PRIORITY, MATCH, ACTIONS,     \
                    IO_PORT, NULL, NULL, HINT, OVS_SOURCE_LOCATOR, OWNER)

/* Adds a flow whose packets to the controller go through meter
 * CTRL_METER. */
#define ovn_lflow_metered(TABLE, OD, STAGE, PRIORITY, MATCH, ACTIONS,     \
                          CTRL_METER, HINT, OWNER)                        \
    lflow_table_add(TABLE, OD, NULL, 0, STAGE, PRIORITY, MATCH, ACTIONS,  \
                    NULL, CTRL_METER, NULL, HINT, OVS_SOURCE_LOCATOR,     \
                    OWNER)

/* Adds a flow that drops what it matches, with a description of why. */
#define ovn_lflow_add_drop_with_desc(TABLE, OD, STAGE, PRIORITY, MATCH,   \
                                     DESC, OWNER)                         \
    lflow_table_add(TABLE, OD, NULL, 0, STAGE, PRIORITY, MATCH, "drop;",  \
                    NULL, NULL, DESC, NULL, OVS_SOURCE_LOCATOR, OWNER)

/* Same as ovn_lflow_add_drop_with_desc(), tagged with IO_PORT. */
#define ovn_lflow_add_drop_with_lport_and_desc(TABLE, OD, STAGE, PRIORITY, \
                                               MATCH, IO_PORT, DESC,      \
                                               HINT, OWNER)               \
    lflow_table_add(TABLE, OD, NULL, 0, STAGE, PRIORITY, MATCH, "drop;",  \
                    IO_PORT, NULL, DESC, HINT, OVS_SOURCE_LOCATOR, OWNER)

/* Adds a flow to every datapath whose bit is set in DP_BITMAP (N_BITS
 * long, indexed like ovn_datapaths 'array'). */
#define ovn_lflow_add_dps(TABLE, DP_BITMAP, N_BITS, STAGE, PRIORITY, MATCH, \
                          ACTIONS, HINT, OWNER)                             \
    lflow_table_add(TABLE, NULL, DP_BITMAP, N_BITS, STAGE, PRIORITY, MATCH, \
                    ACTIONS, NULL, NULL, NULL, HINT, OVS_SOURCE_LOCATOR,    \
                    OWNER)

/* Everything at once. */
#define ovn_lflow_add_full(TABLE, OD, STAGE, PRIORITY, MATCH, ACTIONS,      \
                           IO_PORT, CTRL_METER, DESC, HINT, OWNER)          \
    lflow_table_add(TABLE, OD, NULL, 0, STAGE, PRIORITY, MATCH, ACTIONS,    \
                    IO_PORT, CTRL_METER, DESC, HINT, OVS_SOURCE_LOCATOR,    \
                    OWNER)

#endif /* northd/lflow-mgr.h */
