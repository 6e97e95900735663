/* lflow-mgr.c: the table of logical flows and its Southbound mirror (see
 * lflow-mgr.h). */

#include <config.h>

#include "northd/lflow-mgr.h"

#include <string.h>

#include "bitmap.h"
#include "hash.h"
#include "lib/ovn-sb-idl.h"
#include "northd/northd.h"
#include "ovsdb-data.h"
#include "openvswitch/hmap.h"
#include "openvswitch/json.h"
#include "openvswitch/list.h"
#include "openvswitch/vlog.h"
#include "smap.h"
#include "uuid.h"
#include "uuidset.h"

VLOG_DEFINE_THIS_MODULE(lflow_mgr);

/* A set of datapaths that several flows share, published as a
 * Logical_DP_Group row.  Groups are found by content and never change;
 * the database deletes a group row once no flow refers to it. */
struct ovn_dp_group {
    struct hmap_node hmap_node;   /* In lflow_table 'dp_groups'. */
    unsigned long *bitmap;        /* The datapaths, by index. */
    size_t n_dps;                 /* Number of bits set in 'bitmap'. */
    struct uuid sb_uuid;          /* Its Logical_DP_Group row. */
    size_t refcnt;                /* Flows published with it. */
};

/* How many times beyond the first a datapath was added to a flow. */
struct dp_extra_ref {
    struct hmap_node hmap_node;   /* In ovn_lflow 'extra_refs'. */
    size_t dp_index;              /* The datapath. */
    size_t count;                 /* Extra references, at least 1. */
};

/* One logical flow with the datapaths it applies to. */
struct ovn_lflow {
    struct hmap_node hmap_node;   /* In lflow_table 'lflows'. */
    struct ovs_list dirty_node;   /* In lflow_table 'dirty', if 'dirty'. */
    bool dirty;                   /* Touched since the last sync. */

    enum ovn_stage stage;         /* Stage (datapath kind, pipeline,
                                   * table). */
    uint16_t priority;            /* Priority. */
    struct json *match;           /* Match expression, a JSON string that
                                   * the row written for the flow shares
                                   * (Open vSwitch's datums hold strings
                                   * as reference-counted JSON). */
    struct json *actions;         /* Actions, likewise. */
    char *io_port;                /* "in_out_port" tag, or NULL. */
    char *ctrl_meter;             /* Controller meter, or NULL. */
    char *flow_desc;              /* Description, or NULL. */
    struct uuid stage_hint;       /* Northbound row it came from. */
    bool has_stage_hint;          /* Whether 'stage_hint' is set. */
    const char *where;            /* Source location of the first add. */

    size_t n_dps;                 /* Number of datapaths. */
    size_t dp_index;              /* The datapath, while 'n_dps' is 1 and
                                   * 'dp_bitmap' is NULL. */
    unsigned long *dp_bitmap;     /* The datapaths, once there were two. */
    struct hmap *extra_refs;      /* "struct dp_extra_ref"s, or NULL. */

    bool in_sb;                   /* Published in 'sb_uuid'. */
    struct uuid sb_uuid;          /* Its Logical_Flow row. */
    struct hmap_node uuid_node;   /* In lflow_table 'by_uuid' while
                                   * 'in_sb', then in 'retired'. */
    struct ovn_dp_group *synced_dpg;  /* Group it was published with, or
                                       * NULL if with one datapath. */
    size_t synced_dp;             /* That datapath, if 'synced_dpg' is
                                   * NULL. */
};

/* All flows.
 *
 * ovn-northd does not read back the columns of the Logical_Flow rows it
 * writes (see configure_idls() in ovn-northd.c): the contents of a row are
 * those of the flow published in it, found by row UUID in 'by_uuid'.  A
 * rebuild from scratch keeps the flows of the previous build that had a
 * row in 'retired' until the full sync that follows has recognised the
 * rows by them. */
struct lflow_table {
    struct hmap lflows;           /* "struct ovn_lflow"s. */
    struct hmap by_uuid;          /* Flows with a row, by row UUID. */
    struct hmap retired;          /* Published flows of the previous build,
                                   * by row UUID, until the next full
                                   * sync. */
    struct hmap dp_groups;        /* "struct ovn_dp_group"s. */
    struct ovs_list dirty;        /* Flows touched since the last sync. */
    size_t n_datapaths;           /* Bits in datapath bitmaps. */
    struct hmap interned;         /* "struct interned_string"s. */

    /* A batch (see lflow_table_create_batch()) only records what is added
     * to it, in these, and has no flows. */
    bool is_batch;                /* Whether this is a batch. */
    struct lflow_pending *pending;  /* The recorded additions, in order. */
    size_t n_pending;             /* Number of 'pending'. */
    size_t allocated_pending;     /* Capacity of 'pending'. */
};

/* One lflow_table_add() recorded by a batch: everything that a builder
 * thread can prepare without touching the shared table (the identity's
 * hash and the flow's own copies of its strings), for
 * lflow_table_add_batch() to finish in the table. */
struct lflow_pending {
    uint32_t hash;                /* lflow_hash() of the identity. */
    enum ovn_stage stage;         /* Stage. */
    uint16_t priority;            /* Priority. */
    struct json *match;           /* Match, a JSON string (owned). */
    struct json *actions;         /* Actions, likewise. */
    char *io_port;                /* "in_out_port" tag, or NULL (owned). */
    char *ctrl_meter;             /* Controller meter, or NULL (owned). */
    char *flow_desc;              /* Description, or NULL (owned). */
    struct uuid stage_hint;       /* Northbound row it came from... */
    bool has_stage_hint;          /* ...if this is true. */
    const char *where;            /* Source location. */
    struct lflow_ref *ref;        /* Owner, or NULL. */
    size_t dp_index;              /* The datapath, if 'dp_bitmap' is NULL. */
    unsigned long *dp_bitmap;     /* The datapaths (owned, as many bits as
                                   * the batch has datapaths), or NULL. */
};

/* A string that many rows hold (a pipeline or stage name, a source
 * location, an external-ids key), kept once and shared by their datums. */
struct interned_string {
    struct hmap_node hmap_node;   /* In lflow_table 'interned'. */
    struct json *json;            /* The string. */
};

/* One contribution of an owner: it added 'lflow' to datapath 'dp_index'
 * once. */
struct lflow_ref_node {
    struct ovn_lflow *lflow;      /* The flow. */
    size_t dp_index;              /* The datapath. */
};

/* One contribution of an owner to many datapaths at once: it added
 * 'lflow' once to every datapath in 'dp_bitmap'.  (A load balancer adds
 * each of its flows to every router or switch that has it: one bitmap
 * costs less than a node per datapath.) */
struct lflow_ref_multi {
    struct ovn_lflow *lflow;      /* The flow. */
    unsigned long *dp_bitmap;     /* The datapaths, as many bits as the
                                   * table had datapaths. */
};

/* What one owner added. */
struct lflow_ref {
    struct lflow_ref_node *nodes; /* Contributions to one datapath. */
    size_t n;                     /* Number of 'nodes'. */
    size_t allocated;             /* Capacity of 'nodes'. */
    struct lflow_ref_multi *multis;  /* Contributions to several. */
    size_t n_multis;              /* Number of 'multis'. */
    size_t allocated_multis;      /* Capacity of 'multis'. */
};

/* Creates an empty table. */
struct lflow_table *
lflow_table_create(void)
{
    struct lflow_table *table = xzalloc(sizeof *table);
    hmap_init(&table->lflows);
    hmap_init(&table->by_uuid);
    hmap_init(&table->retired);
    hmap_init(&table->dp_groups);
    hmap_init(&table->interned);
    ovs_list_init(&table->dirty);
    return table;
}

/* Creates an empty batch for datapath bitmaps of 'n_datapaths' bits: a
 * table that the flow builders can add to from a thread of their own, which
 * only records the additions for lflow_table_add_batch().  Free it with
 * lflow_table_destroy(). */
struct lflow_table *
lflow_table_create_batch(size_t n_datapaths)
{
    struct lflow_table *batch = lflow_table_create();
    batch->is_batch = true;
    batch->n_datapaths = n_datapaths;
    return batch;
}

/* Frees what 'p' owns. */
static void
lflow_pending_destroy(struct lflow_pending *p)
{
    json_destroy(p->match);
    json_destroy(p->actions);
    free(p->io_port);
    free(p->ctrl_meter);
    free(p->flow_desc);
    free(p->dp_bitmap);
}

/* Frees 'lflow'. */
static void
ovn_lflow_free(struct ovn_lflow *lflow)
{
    json_destroy(lflow->match);
    json_destroy(lflow->actions);
    free(lflow->io_port);
    free(lflow->ctrl_meter);
    free(lflow->flow_desc);
    free(lflow->dp_bitmap);
    if (lflow->extra_refs) {
        struct dp_extra_ref *ref;
        HMAP_FOR_EACH_POP (ref, hmap_node, lflow->extra_refs) {
            free(ref);
        }
        hmap_destroy(lflow->extra_refs);
        free(lflow->extra_refs);
    }
    free(lflow);
}

/* Frees the flows of 'table''s previous build. */
static void
lflow_table_free_retired(struct lflow_table *table)
{
    struct ovn_lflow *lflow;
    HMAP_FOR_EACH_POP (lflow, uuid_node, &table->retired) {
        ovn_lflow_free(lflow);
    }
}

/* Forgets every flow and group of 'table' (not the database rows) and
 * sizes its datapath bitmaps for 'n_datapaths'.  The flows that have a
 * row stay in 'retired' for the next lflow_table_sync_to_sb().  Owners'
 * references into the table must have been cleared with
 * lflow_ref_clear(). */
void
lflow_table_reset(struct lflow_table *table, size_t n_datapaths)
{
    lflow_table_free_retired(table);
    hmap_swap(&table->by_uuid, &table->retired);

    struct ovn_lflow *lflow;
    HMAP_FOR_EACH_POP (lflow, hmap_node, &table->lflows) {
        if (!lflow->in_sb) {
            ovn_lflow_free(lflow);
        }
    }
    struct ovn_dp_group *dpg;
    HMAP_FOR_EACH_POP (dpg, hmap_node, &table->dp_groups) {
        free(dpg->bitmap);
        free(dpg);
    }
    ovs_list_init(&table->dirty);
    table->n_datapaths = n_datapaths;
}

/* Frees 'table'. */
void
lflow_table_destroy(struct lflow_table *table)
{
    if (table) {
        lflow_table_reset(table, 0);
        lflow_table_free_retired(table);
        struct interned_string *is;
        HMAP_FOR_EACH_POP (is, hmap_node, &table->interned) {
            json_destroy(is->json);
            free(is);
        }
        hmap_destroy(&table->interned);
        for (size_t i = 0; i < table->n_pending; i++) {
            lflow_pending_destroy(&table->pending[i]);
        }
        free(table->pending);
        hmap_destroy(&table->lflows);
        hmap_destroy(&table->by_uuid);
        hmap_destroy(&table->retired);
        hmap_destroy(&table->dp_groups);
        free(table);
    }
}

/* Number of distinct flows in 'table'. */
size_t
lflow_table_count(const struct lflow_table *table)
{
    return hmap_count(&table->lflows);
}

/* Creates an owner with no contributions. */
struct lflow_ref *
lflow_ref_create(void)
{
    return xzalloc(sizeof(struct lflow_ref));
}

/* Forgets 'ref''s contributions without touching the flows: for when the
 * table they were in was reset. */
void
lflow_ref_clear(struct lflow_ref *ref)
{
    ref->n = 0;
    for (size_t i = 0; i < ref->n_multis; i++) {
        free(ref->multis[i].dp_bitmap);
    }
    ref->n_multis = 0;
}

/* Frees 'ref' (whose contributions must have been unlinked or cleared). */
void
lflow_ref_destroy(struct lflow_ref *ref)
{
    if (ref) {
        lflow_ref_clear(ref);
        free(ref->nodes);
        free(ref->multis);
        free(ref);
    }
}

/* Whether 'ref' has no contributions. */
bool
lflow_ref_is_empty(const struct lflow_ref *ref)
{
    return !ref->n && !ref->n_multis;
}

/* Marks 'lflow' as needing a sync. */
static void
lflow_mark_dirty(struct lflow_table *table, struct ovn_lflow *lflow)
{
    if (!lflow->dirty) {
        lflow->dirty = true;
        ovs_list_push_back(&table->dirty, &lflow->dirty_node);
    }
}

/* Whether 'lflow' applies to datapath 'idx'. */
static bool
lflow_has_dp(const struct ovn_lflow *lflow, size_t idx)
{
    return (lflow->dp_bitmap
            ? bitmap_is_set(lflow->dp_bitmap, idx)
            : lflow->n_dps == 1 && lflow->dp_index == idx);
}

/* The only datapath of 'lflow', whose 'n_dps' is 1. */
static size_t
lflow_single_dp(const struct lflow_table *table,
                const struct ovn_lflow *lflow)
{
    return (lflow->dp_bitmap
            ? bitmap_scan(lflow->dp_bitmap, true, 0, table->n_datapaths)
            : lflow->dp_index);
}

/* Returns the extra reference count of datapath 'idx' in 'lflow'. */
static struct dp_extra_ref *
lflow_find_extra_ref(const struct ovn_lflow *lflow, size_t idx)
{
    if (lflow->extra_refs) {
        struct dp_extra_ref *ref;
        HMAP_FOR_EACH_WITH_HASH (ref, hmap_node, hash_int(idx, 0),
                                 lflow->extra_refs) {
            if (ref->dp_index == idx) {
                return ref;
            }
        }
    }
    return NULL;
}

/* Adds one reference of datapath 'idx' to 'lflow'. */
static void
lflow_add_dp(struct lflow_table *table, struct ovn_lflow *lflow, size_t idx)
{
    if (lflow_has_dp(lflow, idx)) {
        struct dp_extra_ref *ref = lflow_find_extra_ref(lflow, idx);
        if (ref) {
            ref->count++;
        } else {
            if (!lflow->extra_refs) {
                lflow->extra_refs = xmalloc(sizeof *lflow->extra_refs);
                hmap_init(lflow->extra_refs);
            }
            ref = xmalloc(sizeof *ref);
            ref->dp_index = idx;
            ref->count = 1;
            hmap_insert(lflow->extra_refs, &ref->hmap_node,
                        hash_int(idx, 0));
        }
        return;
    }

    if (!lflow->n_dps && !lflow->dp_bitmap) {
        lflow->dp_index = idx;
    } else {
        if (!lflow->dp_bitmap) {
            lflow->dp_bitmap = bitmap_allocate(table->n_datapaths);
            bitmap_set1(lflow->dp_bitmap, lflow->dp_index);
        }
        bitmap_set1(lflow->dp_bitmap, idx);
    }
    lflow->n_dps++;
    lflow_mark_dirty(table, lflow);
}

/* Drops one reference of datapath 'idx' from 'lflow'. */
static void
lflow_remove_dp(struct lflow_table *table, struct ovn_lflow *lflow,
                size_t idx)
{
    struct dp_extra_ref *ref = lflow_find_extra_ref(lflow, idx);
    if (ref) {
        if (!--ref->count) {
            hmap_remove(lflow->extra_refs, &ref->hmap_node);
            free(ref);
        }
        return;
    }
    if (!lflow_has_dp(lflow, idx)) {
        return;
    }
    if (lflow->dp_bitmap) {
        bitmap_set0(lflow->dp_bitmap, idx);
    }
    lflow->n_dps--;
    lflow_mark_dirty(table, lflow);
}

/* Withdraws everything 'ref' added to 'table': each flow loses the
 * datapaths that only 'ref' gave it.  The flows that changed are written
 * by the next lflow_table_sync_changes_to_sb(). */
void
lflow_ref_unlink_lflows(struct lflow_table *table, struct lflow_ref *ref)
{
    for (size_t i = 0; i < ref->n; i++) {
        lflow_remove_dp(table, ref->nodes[i].lflow, ref->nodes[i].dp_index);
    }
    ref->n = 0;

    for (size_t i = 0; i < ref->n_multis; i++) {
        struct lflow_ref_multi *m = &ref->multis[i];
        size_t idx;
        BITMAP_FOR_EACH_1 (idx, table->n_datapaths, m->dp_bitmap) {
            lflow_remove_dp(table, m->lflow, idx);
        }
        free(m->dp_bitmap);
    }
    ref->n_multis = 0;
}

/* Records that 'ref' added 'lflow' to datapath 'idx'. */
static void
lflow_ref_add(struct lflow_ref *ref, struct ovn_lflow *lflow, size_t idx)
{
    if (ref->n >= ref->allocated) {
        ref->nodes = x2nrealloc(ref->nodes, &ref->allocated,
                                sizeof *ref->nodes);
    }
    ref->nodes[ref->n].lflow = lflow;
    ref->nodes[ref->n].dp_index = idx;
    ref->n++;
}

/* Records that 'ref' added 'lflow' to every datapath in 'dp_bitmap', which
 * has as many bits as 'table' has datapaths and becomes 'ref''s. */
static void
lflow_ref_add_multi(struct lflow_ref *ref, struct ovn_lflow *lflow,
                    unsigned long *dp_bitmap)
{
    if (ref->n_multis >= ref->allocated_multis) {
        ref->multis = x2nrealloc(ref->multis, &ref->allocated_multis,
                                 sizeof *ref->multis);
    }
    ref->multis[ref->n_multis].lflow = lflow;
    ref->multis[ref->n_multis].dp_bitmap = dp_bitmap;
    ref->n_multis++;
}

/* Hash of a flow's identity. */
static uint32_t
lflow_hash(enum ovn_stage stage, uint16_t priority, const char *match,
           const char *actions)
{
    uint32_t hash = hash_2words(stage, priority);
    hash = hash_string(match, hash);
    return hash_string(actions, hash);
}

/* Whether two optional strings are equal. */
static bool
nullable_string_equal(const char *a, const char *b)
{
    return a ? b && !strcmp(a, b) : !b;
}

/* Returns the flow of 'table' with this identity, or NULL. */
static struct ovn_lflow *
lflow_table_find(const struct lflow_table *table, uint32_t hash,
                 enum ovn_stage stage, uint16_t priority, const char *match,
                 const char *actions, const char *io_port,
                 const char *ctrl_meter, const char *flow_desc)
{
    struct ovn_lflow *lflow;
    HMAP_FOR_EACH_WITH_HASH (lflow, hmap_node, hash, &table->lflows) {
        if (lflow->stage == stage
            && lflow->priority == priority
            && !strcmp(lflow->match->string, match)
            && !strcmp(lflow->actions->string, actions)
            && nullable_string_equal(lflow->io_port, io_port)
            && nullable_string_equal(lflow->ctrl_meter, ctrl_meter)
            && nullable_string_equal(lflow->flow_desc, flow_desc)) {
            return lflow;
        }
    }
    return NULL;
}

/* Inserts a new flow into 'table', with 'hash' (see lflow_hash()), taking
 * ownership of the JSON strings 'match' and 'actions' and of the strings
 * 'io_port', 'ctrl_meter' and 'flow_desc' (each may be NULL). */
static struct ovn_lflow *
lflow_table_insert(struct lflow_table *table, uint32_t hash,
                   enum ovn_stage stage, uint16_t priority,
                   struct json *match, struct json *actions,
                   char *io_port, char *ctrl_meter, char *flow_desc,
                   const struct uuid *stage_hint, const char *where)
{
    struct ovn_lflow *lflow = xzalloc(sizeof *lflow);
    lflow->stage = stage;
    lflow->priority = priority;
    lflow->match = match;
    lflow->actions = actions;
    lflow->io_port = io_port;
    lflow->ctrl_meter = ctrl_meter;
    lflow->flow_desc = flow_desc;
    if (stage_hint) {
        lflow->stage_hint = *stage_hint;
        lflow->has_stage_hint = true;
    }
    lflow->where = where;
    hmap_insert(&table->lflows, &lflow->hmap_node, hash);
    lflow_mark_dirty(table, lflow);
    return lflow;
}

/* Adds datapath 'dp_index' (if 'dp_bitmap' is NULL) or every datapath in
 * 'dp_bitmap' (of 'n_bits' bits) to 'lflow', on behalf of 'ref' (if
 * nonnull). */
static void
lflow_table_add_dps(struct lflow_table *table, struct ovn_lflow *lflow,
                    size_t dp_index, const unsigned long *dp_bitmap,
                    size_t n_bits, struct lflow_ref *ref)
{
    if (!dp_bitmap) {
        lflow_add_dp(table, lflow, dp_index);
        if (ref) {
            lflow_ref_add(ref, lflow, dp_index);
        }
        return;
    }

    unsigned long *added = ref ? bitmap_allocate(table->n_datapaths) : NULL;
    size_t idx, count = 0, last = 0;
    BITMAP_FOR_EACH_1 (idx, MIN(n_bits, table->n_datapaths), dp_bitmap) {
        lflow_add_dp(table, lflow, idx);
        if (added) {
            bitmap_set1(added, idx);
        }
        count++;
        last = idx;
    }
    if (added && count > 1) {
        lflow_ref_add_multi(ref, lflow, added);
    } else {
        if (added && count == 1) {
            lflow_ref_add(ref, lflow, last);
        }
        free(added);
    }
}

/* Records, in batch 'batch', the lflow_table_add() whose arguments follow
 * (see there). */
static void
lflow_batch_record(struct lflow_table *batch, uint32_t hash,
                   const struct ovn_datapath *od,
                   const unsigned long *dp_bitmap, size_t n_bits,
                   enum ovn_stage stage, uint16_t priority,
                   const char *match, const char *actions,
                   const char *io_port, const char *ctrl_meter,
                   const char *flow_desc,
                   const struct ovsdb_idl_row *stage_hint,
                   const char *where, struct lflow_ref *ref)
{
    if (batch->n_pending >= batch->allocated_pending) {
        batch->pending = x2nrealloc(batch->pending, &batch->allocated_pending,
                                    sizeof *batch->pending);
    }
    struct lflow_pending *p = &batch->pending[batch->n_pending++];
    *p = (struct lflow_pending) {
        .hash = hash,
        .stage = stage,
        .priority = priority,
        .match = json_string_create(match),
        .actions = json_string_create(actions),
        .io_port = nullable_xstrdup(io_port),
        .ctrl_meter = nullable_xstrdup(ctrl_meter),
        .flow_desc = nullable_xstrdup(flow_desc),
        .stage_hint = stage_hint ? stage_hint->uuid : UUID_ZERO,
        .has_stage_hint = stage_hint != NULL,
        .where = where,
        .ref = ref,
    };
    if (od) {
        p->dp_index = od->index;
    } else {
        size_t n = MIN(n_bits, batch->n_datapaths);
        p->dp_bitmap = bitmap_allocate(batch->n_datapaths);
        memcpy(p->dp_bitmap, dp_bitmap, bitmap_n_bytes(n));
        /* The last word may hold bits beyond 'n'. */
        for (size_t i = n; i < bitmap_n_longs(n) * BITMAP_ULONG_BITS; i++) {
            bitmap_set0(p->dp_bitmap, i);
        }
    }
}

/* Adds a flow to datapath 'od', or to every datapath in 'dp_bitmap' (of
 * 'n_bits' bits) when 'od' is NULL, on behalf of 'ref' (which may be NULL
 * for flows that only a full recompute ever removes).  'where' is the
 * source location, for the "source" external-id.  See the ovn_lflow_add*()
 * macros for the other arguments.
 *
 * If 'table' is a batch, only records the addition. */
void
lflow_table_add(struct lflow_table *table, const struct ovn_datapath *od,
                const unsigned long *dp_bitmap, size_t n_bits,
                enum ovn_stage stage, uint16_t priority,
                const char *match, const char *actions,
                const char *io_port, const char *ctrl_meter,
                const char *flow_desc,
                const struct ovsdb_idl_row *stage_hint,
                const char *where, struct lflow_ref *ref)
{
    uint32_t hash = lflow_hash(stage, priority, match, actions);
    if (table->is_batch) {
        lflow_batch_record(table, hash, od, dp_bitmap, n_bits, stage,
                           priority, match, actions, io_port, ctrl_meter,
                           flow_desc, stage_hint, where, ref);
        return;
    }

    struct ovn_lflow *lflow = lflow_table_find(table, hash, stage, priority,
                                               match, actions, io_port,
                                               ctrl_meter, flow_desc);
    if (!lflow) {
        lflow = lflow_table_insert(table, hash, stage, priority,
                                   json_string_create(match),
                                   json_string_create(actions),
                                   nullable_xstrdup(io_port),
                                   nullable_xstrdup(ctrl_meter),
                                   nullable_xstrdup(flow_desc),
                                   stage_hint ? &stage_hint->uuid : NULL,
                                   where);
    }
    lflow_table_add_dps(table, lflow, od ? od->index : 0,
                        od ? NULL : dp_bitmap, n_bits, ref);
}

/* Adds to 'table', in the order they were recorded, the flows that batch
 * 'batch' recorded, which leaves 'batch' empty.  The result is the same as
 * if the builders had added them to 'table' directly. */
void
lflow_table_add_batch(struct lflow_table *table, struct lflow_table *batch)
{
    ovs_assert(!table->is_batch && batch->is_batch);
    ovs_assert(batch->n_datapaths == table->n_datapaths);

    for (size_t i = 0; i < batch->n_pending; i++) {
        struct lflow_pending *p = &batch->pending[i];
        struct ovn_lflow *lflow = lflow_table_find(
            table, p->hash, p->stage, p->priority, json_string(p->match),
            json_string(p->actions), p->io_port, p->ctrl_meter,
            p->flow_desc);
        if (!lflow) {
            lflow = lflow_table_insert(
                table, p->hash, p->stage, p->priority, p->match, p->actions,
                p->io_port, p->ctrl_meter, p->flow_desc,
                p->has_stage_hint ? &p->stage_hint : NULL, p->where);
            p->match = p->actions = NULL;
            p->io_port = p->ctrl_meter = p->flow_desc = NULL;
        }
        lflow_table_add_dps(table, lflow, p->dp_index, p->dp_bitmap,
                            table->n_datapaths, p->ref);
        lflow_pending_destroy(p);
    }
    batch->n_pending = 0;
}

/* Southbound sync. */

/* Records that 'lflow' is published in the Logical_Flow row 'uuid'. */
static void
lflow_set_published(struct lflow_table *table, struct ovn_lflow *lflow,
                    const struct uuid *uuid)
{
    lflow->sb_uuid = *uuid;
    lflow->in_sb = true;
    hmap_insert(&table->by_uuid, &lflow->uuid_node, uuid_hash(uuid));
}

/* Records that 'lflow' no longer has a row. */
static void
lflow_set_unpublished(struct lflow_table *table, struct ovn_lflow *lflow)
{
    if (lflow->in_sb) {
        hmap_remove(&table->by_uuid, &lflow->uuid_node);
        lflow->in_sb = false;
    }
}

/* Returns the flow of 'flows' (a 'by_uuid' or 'retired' map) published
 * in row 'uuid', or NULL. */
static struct ovn_lflow *
lflow_find_by_uuid(const struct hmap *flows, const struct uuid *uuid)
{
    struct ovn_lflow *lflow;
    HMAP_FOR_EACH_WITH_HASH (lflow, uuid_node, uuid_hash(uuid), flows) {
        if (uuid_equals(&lflow->sb_uuid, uuid)) {
            return lflow;
        }
    }
    return NULL;
}

/* The identity of a Logical_Flow row: what tells flows apart. */
struct lflow_row_key {
    enum ovn_stage stage;         /* Stage. */
    uint16_t priority;            /* Priority. */
    const char *match;            /* Match. */
    const char *actions;          /* Actions. */
    const char *io_port;          /* "in_out_port" tag, or NULL. */
    const char *ctrl_meter;       /* Controller meter, or NULL. */
    const char *flow_desc;        /* Description, or NULL. */
};

/* Finds the identity of 'row': that of the flow of the previous build
 * that was published in it or, for a row that this ovn-northd did not
 * write, what 'snapshot' (if nonnull) read of it.  Returns false if
 * neither knows the row, or if it is not a valid flow. */
static bool
lflow_row_get_key(const struct lflow_table *table,
                  const struct sbrec_logical_flow *row,
                  const struct ovsdb_idl *snapshot,
                  struct lflow_row_key *key)
{
    const struct uuid *uuid = &row->header_.uuid;
    const struct ovn_lflow *old = lflow_find_by_uuid(&table->retired, uuid);
    if (old) {
        *key = (struct lflow_row_key) {
            .stage = old->stage,
            .priority = old->priority,
            .match = json_string(old->match),
            .actions = json_string(old->actions),
            .io_port = old->io_port,
            .ctrl_meter = old->ctrl_meter,
            .flow_desc = old->flow_desc,
        };
        return true;
    }

    const struct sbrec_logical_flow *full
        = snapshot ? sbrec_logical_flow_get_for_uuid(snapshot, uuid) : NULL;
    if (!full || !full->pipeline || !full->match || !full->actions
        || !ovn_stage_from_sb(full->pipeline, full->table_id,
                              smap_get(&full->external_ids, "stage-name"),
                              &key->stage)) {
        return false;
    }
    key->priority = full->priority;
    key->match = full->match;
    key->actions = full->actions;
    key->io_port = smap_get(&full->tags, "in_out_port");
    key->ctrl_meter = full->controller_meter;
    key->flow_desc = full->flow_desc;
    return true;
}

/* A Logical_DP_Group row found in the database by a full sync. */
struct sb_dp_group {
    struct hmap_node uuid_node;   /* In sb_dp_groups 'by_uuid'. */
    struct hmap_node set_node;    /* In sb_dp_groups 'by_set' while it may
                                   * be reused. */
    const struct sbrec_logical_dp_group *row;  /* The row. */
    unsigned long *bitmap;        /* Its datapaths. */
    size_t n_dps;                 /* Number of bits in 'bitmap'. */
    bool reusable;                /* In 'by_set'. */
};

/* The Logical_DP_Group rows of the database, during a full sync. */
struct sb_dp_groups {
    struct hmap by_uuid;          /* All of them, by row UUID. */
    struct hmap by_set;           /* Those that may serve new flows, by
                                   * content. */
};

/* Hash of a datapath set. */
static uint32_t
dp_bitmap_hash(const unsigned long *bitmap, size_t n_bits)
{
    return hash_bytes(bitmap, bitmap_n_bytes(n_bits), 0);
}

/* Returns the Datapath_Binding row of datapath 'idx'. */
static const struct sbrec_datapath_binding *
sync_dp_row(const struct lflow_sync_context *ctx, size_t idx)
{
    return ovn_datapath_get_sb(ctx->datapaths->array[idx], ctx->sb_idl);
}

/* Finds or creates the group for the datapaths in 'bitmap', reusing a
 * database row from 'sb_groups' (when nonnull) before creating one. */
static struct ovn_dp_group *
dp_group_get(struct lflow_table *table, const unsigned long *bitmap,
             size_t n_dps, const struct lflow_sync_context *ctx,
             struct sb_dp_groups *sb_groups)
{
    size_t n_bits = table->n_datapaths;
    uint32_t hash = dp_bitmap_hash(bitmap, n_bits);
    struct ovn_dp_group *dpg;
    HMAP_FOR_EACH_WITH_HASH (dpg, hmap_node, hash, &table->dp_groups) {
        if (dpg->n_dps == n_dps && bitmap_equal(dpg->bitmap, bitmap,
                                                n_bits)) {
            return dpg;
        }
    }

    dpg = xzalloc(sizeof *dpg);
    dpg->bitmap = bitmap_clone(bitmap, n_bits);
    dpg->n_dps = n_dps;
    hmap_insert(&table->dp_groups, &dpg->hmap_node, hash);

    if (sb_groups) {
        struct sb_dp_group *sbg;
        HMAP_FOR_EACH_WITH_HASH (sbg, set_node, hash, &sb_groups->by_set) {
            if (sbg->n_dps == n_dps
                && bitmap_equal(sbg->bitmap, bitmap, n_bits)) {
                dpg->sb_uuid = sbg->row->header_.uuid;
                hmap_remove(&sb_groups->by_set, &sbg->set_node);
                sbg->reusable = false;
                return dpg;
            }
        }
    }

    uuid_generate(&dpg->sb_uuid);
    struct sbrec_logical_dp_group *row
        = sbrec_logical_dp_group_insert_persist_uuid(ctx->ovnsb_txn,
                                                     &dpg->sb_uuid);
    const struct sbrec_datapath_binding **dps = xmalloc(n_dps * sizeof *dps);
    size_t n = 0, idx;
    BITMAP_FOR_EACH_1 (idx, n_bits, bitmap) {
        const struct sbrec_datapath_binding *sb = sync_dp_row(ctx, idx);
        if (sb) {
            dps[n++] = sb;
        }
    }
    sbrec_logical_dp_group_set_datapaths(
        row, (struct sbrec_datapath_binding **) dps, n);
    free(dps);
    return dpg;
}

/* Drops one flow's use of 'dpg'; the last one forgets the group (and the
 * database collects its row once nothing refers to it). */
static void
dp_group_unref(struct lflow_table *table, struct ovn_dp_group *dpg)
{
    if (dpg && !--dpg->refcnt) {
        hmap_remove(&table->dp_groups, &dpg->hmap_node);
        free(dpg->bitmap);
        free(dpg);
    }
}

/* Points 'row' at the datapaths of 'lflow' and records that as what is
 * published.  'row_is_new' saves clearing columns of a new row.  Returns
 * false if a row that should be in the database was not. */
static bool
lflow_publish_dps(struct lflow_table *table, struct ovn_lflow *lflow,
                  const struct sbrec_logical_flow *row, bool row_is_new,
                  const struct lflow_sync_context *ctx,
                  struct sb_dp_groups *sb_groups)
{
    struct ovn_dp_group *old_dpg = lflow->in_sb ? lflow->synced_dpg : NULL;
    bool ok = true;

    if (lflow->n_dps == 1) {
        size_t idx = lflow_single_dp(table, lflow);
        const struct sbrec_datapath_binding *dp = sync_dp_row(ctx, idx);
        ok = dp != NULL;
        sbrec_logical_flow_set_logical_datapath(row, dp);
        if (!row_is_new) {
            sbrec_logical_flow_set_logical_dp_group(row, NULL);
        }
        lflow->synced_dpg = NULL;
        lflow->synced_dp = idx;
    } else {
        struct ovn_dp_group *dpg = dp_group_get(table, lflow->dp_bitmap,
                                                lflow->n_dps, ctx, sb_groups);
        dpg->refcnt++;
        const struct sbrec_logical_dp_group *group
            = sbrec_logical_dp_group_get_for_uuid(ctx->sb_idl,
                                                  &dpg->sb_uuid);
        ok = group != NULL;
        sbrec_logical_flow_set_logical_dp_group(row, group);
        if (!row_is_new) {
            sbrec_logical_flow_set_logical_datapath(row, NULL);
        }
        lflow->synced_dpg = dpg;
    }
    dp_group_unref(table, old_dpg);
    return ok;
}

/* Returns the shared copy of 'string', to be released with
 * json_destroy(). */
static struct json *
intern(struct lflow_table *table, const char *string)
{
    uint32_t hash = hash_string(string, 0);
    struct interned_string *is;
    HMAP_FOR_EACH_WITH_HASH (is, hmap_node, hash, &table->interned) {
        if (!strcmp(json_string(is->json), string)) {
            return json_clone(is->json);
        }
    }
    is = xmalloc(sizeof *is);
    is->json = json_string_create(string);
    hmap_insert(&table->interned, &is->hmap_node, hash);
    return json_clone(is->json);
}

/* Writes the string 'value' (a JSON string whose reference the datum
 * takes over) to 'column' of the new row 'row'.  This is what the
 * generated setter does, without copying the string. */
static void
write_string(const struct sbrec_logical_flow *row,
             const struct ovsdb_idl_column *column, struct json *value)
{
    union ovsdb_atom *key = xmalloc(sizeof *key);
    key->s = value;
    struct ovsdb_datum datum = {
        .n = 1,
        .keys = key,
        .values = NULL,
        .refcnt = NULL,
    };
    ovsdb_idl_txn_write(&row->header_, column, &datum);
}

/* Writes the external-ids of 'lflow' to its new row 'row': "source" (the
 * file name and line that added the flow), "stage-hint" (the start of the
 * Northbound row's UUID) and "stage-name", in the sorted order that a
 * datum's keys must have. */
static void
write_external_ids(struct lflow_table *table, const struct ovn_lflow *lflow,
                   const struct sbrec_logical_flow *row)
{
    union ovsdb_atom *keys = xmalloc(3 * sizeof *keys);
    union ovsdb_atom *values = xmalloc(3 * sizeof *values);
    size_t n = 0;
    if (lflow->where) {
        /* The file name without its directory, as "ls-l2.c:60". */
        const char *slash = strrchr(lflow->where, '/');
        keys[n].s = intern(table, "source");
        values[n++].s = intern(table, slash ? slash + 1 : lflow->where);
    }
    if (lflow->has_stage_hint) {
        keys[n].s = intern(table, "stage-hint");
        values[n++].s = json_string_create_nocopy(
            xasprintf("%08x", lflow->stage_hint.parts[0]));
    }
    keys[n].s = intern(table, "stage-name");
    values[n++].s = intern(table, ovn_stage_to_str(lflow->stage));

    struct ovsdb_datum datum = {
        .n = n,
        .keys = keys,
        .values = values,
        .refcnt = NULL,
    };
    ovsdb_idl_txn_write(&row->header_, &sbrec_logical_flow_col_external_ids,
                        &datum);
}

/* Inserts a Logical_Flow row for 'lflow'.  Returns false if a row it
 * refers to was not in the database. */
static bool
lflow_insert_sb(struct lflow_table *table, struct ovn_lflow *lflow,
                const struct lflow_sync_context *ctx,
                struct sb_dp_groups *sb_groups)
{
    struct uuid uuid;
    uuid_generate(&uuid);
    struct sbrec_logical_flow *row
        = sbrec_logical_flow_insert_persist_uuid(ctx->ovnsb_txn, &uuid);
    write_string(row, &sbrec_logical_flow_col_pipeline,
                 intern(table, ovn_stage_get_pipeline_name(lflow->stage)));
    sbrec_logical_flow_set_table_id(row, ovn_stage_get_table(lflow->stage));
    sbrec_logical_flow_set_priority(row, lflow->priority);
    write_string(row, &sbrec_logical_flow_col_match,
                 json_clone(lflow->match));
    write_string(row, &sbrec_logical_flow_col_actions,
                 json_clone(lflow->actions));
    if (lflow->io_port) {
        struct smap tags = SMAP_CONST1(&tags, "in_out_port", lflow->io_port);
        sbrec_logical_flow_set_tags(row, &tags);
    }
    if (lflow->ctrl_meter) {
        sbrec_logical_flow_set_controller_meter(row, lflow->ctrl_meter);
    }
    if (lflow->flow_desc) {
        sbrec_logical_flow_set_flow_desc(row, lflow->flow_desc);
    }

    write_external_ids(table, lflow, row);

    bool ok = lflow_publish_dps(table, lflow, row, true, ctx, sb_groups);
    lflow_set_published(table, lflow, &uuid);
    return ok;
}

/* Removes 'lflow' from 'table' and frees it. */
static void
lflow_table_remove(struct lflow_table *table, struct ovn_lflow *lflow)
{
    if (lflow->dirty) {
        ovs_list_remove(&lflow->dirty_node);
    }
    lflow_set_unpublished(table, lflow);
    hmap_remove(&table->lflows, &lflow->hmap_node);
    ovn_lflow_free(lflow);
}

/* Whether 'row' applies to exactly the datapaths of 'lflow'. */
static bool
lflow_row_dps_match(const struct lflow_table *table,
                    const struct ovn_lflow *lflow,
                    const struct sbrec_logical_flow *row,
                    const struct lflow_sync_context *ctx,
                    const struct sb_dp_groups *sb_groups)
{
    if (row->logical_datapath && !row->logical_dp_group) {
        const struct ovn_datapath *od = ovn_datapath_find_by_sb(
            ctx->datapaths, &row->logical_datapath->header_.uuid);
        return (od && lflow->n_dps == 1
                && lflow_single_dp(table, lflow) == od->index);
    }
    if (row->logical_dp_group && !row->logical_datapath
        && lflow->n_dps > 1) {
        const struct uuid *uuid = &row->logical_dp_group->header_.uuid;
        struct sb_dp_group *sbg;
        HMAP_FOR_EACH_WITH_HASH (sbg, uuid_node, uuid_hash(uuid),
                                 &sb_groups->by_uuid) {
            if (uuid_equals(&sbg->row->header_.uuid, uuid)) {
                return (sbg->bitmap && sbg->n_dps == lflow->n_dps
                        && bitmap_equal(sbg->bitmap, lflow->dp_bitmap,
                                        table->n_datapaths));
            }
        }
    }
    return false;
}

/* Reads the database's Logical_DP_Group rows into 'sb_groups'.  Groups
 * that load balancers use stay theirs. */
static void
sb_dp_groups_init(struct sb_dp_groups *sb_groups,
                  const struct lflow_table *table,
                  const struct lflow_sync_context *ctx)
{
    hmap_init(&sb_groups->by_uuid);
    hmap_init(&sb_groups->by_set);

    struct uuidset lb_groups = UUIDSET_INITIALIZER(&lb_groups);
    const struct sbrec_load_balancer *lb;
    SBREC_LOAD_BALANCER_FOR_EACH (lb, ctx->sb_idl) {
        const struct sbrec_logical_dp_group *groups[] = {
            lb->datapath_group, lb->ls_datapath_group, lb->lr_datapath_group,
        };
        for (size_t i = 0; i < ARRAY_SIZE(groups); i++) {
            if (groups[i]) {
                uuidset_insert(&lb_groups, &groups[i]->header_.uuid);
            }
        }
    }

    const struct sbrec_logical_dp_group *row;
    SBREC_LOGICAL_DP_GROUP_FOR_EACH (row, ctx->sb_idl) {
        struct sb_dp_group *sbg = xzalloc(sizeof *sbg);
        sbg->row = row;
        hmap_insert(&sb_groups->by_uuid, &sbg->uuid_node,
                    uuid_hash(&row->header_.uuid));

        unsigned long *bitmap = bitmap_allocate(table->n_datapaths);
        bool valid = true;
        for (size_t i = 0; i < row->n_datapaths; i++) {
            const struct ovn_datapath *od = ovn_datapath_find_by_sb(
                ctx->datapaths, &row->datapaths[i]->header_.uuid);
            if (!od || bitmap_is_set(bitmap, od->index)) {
                valid = false;
                break;
            }
            bitmap_set1(bitmap, od->index);
        }
        if (!valid || row->n_datapaths < 2) {
            free(bitmap);
            continue;
        }
        sbg->bitmap = bitmap;
        sbg->n_dps = row->n_datapaths;

        if (!uuidset_contains(&lb_groups, &row->header_.uuid)) {
            hmap_insert(&sb_groups->by_set, &sbg->set_node,
                        dp_bitmap_hash(bitmap, table->n_datapaths));
            sbg->reusable = true;
        }
    }

    uuidset_destroy(&lb_groups);
}

/* Frees 'sb_groups'. */
static void
sb_dp_groups_destroy(struct sb_dp_groups *sb_groups)
{
    struct sb_dp_group *sbg;
    HMAP_FOR_EACH_POP (sbg, uuid_node, &sb_groups->by_uuid) {
        free(sbg->bitmap);
        free(sbg);
    }
    hmap_destroy(&sb_groups->by_uuid);
    hmap_destroy(&sb_groups->by_set);
}

/* Makes the database's Logical_Flow table hold exactly the flows of
 * 'table': rows that match a flow are kept (their datapaths fixed if
 * needed), other rows are deleted, missing rows are inserted.  Call after
 * building 'table' from scratch. */
void
lflow_table_sync_to_sb(struct lflow_table *table,
                       const struct lflow_sync_context *ctx)
{
    struct sb_dp_groups sb_groups;
    sb_dp_groups_init(&sb_groups, table, ctx);

    struct ovn_lflow *lflow;
    HMAP_FOR_EACH (lflow, hmap_node, &table->lflows) {
        lflow->in_sb = false;
        lflow->synced_dpg = NULL;
    }
    hmap_clear(&table->by_uuid);

    const struct sbrec_logical_flow *row;
    SBREC_LOGICAL_FLOW_FOR_EACH_SAFE (row, ctx->sb_idl) {
        struct lflow_row_key key;
        if (!lflow_row_get_key(table, row, ctx->sb_snapshot, &key)) {
            sbrec_logical_flow_delete(row);
            continue;
        }
        uint32_t hash = lflow_hash(key.stage, key.priority, key.match,
                                   key.actions);
        lflow = lflow_table_find(table, hash, key.stage, key.priority,
                                 key.match, key.actions, key.io_port,
                                 key.ctrl_meter, key.flow_desc);
        if (!lflow || lflow->in_sb || !lflow->n_dps) {
            sbrec_logical_flow_delete(row);
            continue;
        }

        if (lflow_row_dps_match(table, lflow, row, ctx, &sb_groups)) {
            if (lflow->n_dps == 1) {
                lflow->synced_dp = lflow_single_dp(table, lflow);
            } else {
                struct ovn_dp_group *dpg
                    = dp_group_get(table, lflow->dp_bitmap, lflow->n_dps,
                                   ctx, &sb_groups);
                dpg->refcnt++;
                lflow->synced_dpg = dpg;
                if (!uuid_equals(&dpg->sb_uuid,
                                 &row->logical_dp_group->header_.uuid)) {
                    /* Another row holds the same set: use one. */
                    sbrec_logical_flow_set_logical_dp_group(
                        row, sbrec_logical_dp_group_get_for_uuid(
                            ctx->sb_idl, &dpg->sb_uuid));
                }
            }
            lflow_set_published(table, lflow, &row->header_.uuid);
        } else {
            lflow_publish_dps(table, lflow, row, false, ctx, &sb_groups);
            lflow_set_published(table, lflow, &row->header_.uuid);
        }
    }
    lflow_table_free_retired(table);

    struct ovn_lflow *next;
    HMAP_FOR_EACH_SAFE (lflow, next, hmap_node, &table->lflows) {
        if (!lflow->n_dps) {
            lflow_table_remove(table, lflow);
        } else if (!lflow->in_sb) {
            lflow_insert_sb(table, lflow, ctx, &sb_groups);
        }
    }

    LIST_FOR_EACH_POP (lflow, dirty_node, &table->dirty) {
        lflow->dirty = false;
    }
    sb_dp_groups_destroy(&sb_groups);
}

/* Writes to the database the flows touched since the last sync: deletes
 * the rows of flows left with no datapath, inserts rows for new flows and
 * repoints rows whose datapaths changed.  Returns false if the database
 * did not hold a row it should have, in which case only a full sync can
 * put things right. */
bool
lflow_table_sync_changes_to_sb(struct lflow_table *table,
                               const struct lflow_sync_context *ctx)
{
    bool ok = true;
    struct ovn_lflow *lflow;
    LIST_FOR_EACH_POP (lflow, dirty_node, &table->dirty) {
        lflow->dirty = false;

        if (!lflow->n_dps) {
            if (lflow->in_sb) {
                const struct sbrec_logical_flow *row
                    = sbrec_logical_flow_get_for_uuid(ctx->sb_idl,
                                                      &lflow->sb_uuid);
                if (row) {
                    sbrec_logical_flow_delete(row);
                } else {
                    ok = false;
                }
                dp_group_unref(table, lflow->synced_dpg);
                lflow_set_unpublished(table, lflow);
            }
            hmap_remove(&table->lflows, &lflow->hmap_node);
            ovn_lflow_free(lflow);
            continue;
        }

        if (!lflow->in_sb) {
            ok &= lflow_insert_sb(table, lflow, ctx, NULL);
            continue;
        }

        bool same;
        if (lflow->n_dps == 1) {
            same = (!lflow->synced_dpg
                    && lflow->synced_dp == lflow_single_dp(table, lflow));
        } else {
            same = (lflow->synced_dpg
                    && lflow->synced_dpg->n_dps == lflow->n_dps
                    && bitmap_equal(lflow->synced_dpg->bitmap,
                                    lflow->dp_bitmap, table->n_datapaths));
        }
        if (same) {
            continue;
        }
        const struct sbrec_logical_flow *row
            = sbrec_logical_flow_get_for_uuid(ctx->sb_idl, &lflow->sb_uuid);
        if (!row) {
            ok = false;
            continue;
        }
        ok &= lflow_publish_dps(table, lflow, row, false, ctx, NULL);
    }
    return ok;
}

/* Whether every Logical_Flow row in 'sb_idl' is published by a flow of
 * 'table', so that the contents of none of them need to be read from the
 * database any more. */
bool
lflow_table_knows_sb_rows(const struct lflow_table *table,
                          const struct ovsdb_idl *sb_idl)
{
    const struct sbrec_logical_flow *row;
    SBREC_LOGICAL_FLOW_FOR_EACH (row, sb_idl) {
        if (!lflow_find_by_uuid(&table->by_uuid, &row->header_.uuid)) {
            return false;
        }
    }
    return true;
}
