/* en-lb-sync.c: the "sync_to_sb_lb" engine node.
 *
 * This module owns the Southbound Load_Balancer table: one row per
 * Northbound load balancer that applies to some datapath, with the same
 * UUID, its name, VIPs, protocol and options as written, and the switches
 * and routers it applies to as Logical_DP_Group rows of its own (shared by
 * load balancers with the same datapaths, never by logical flows, even
 * for a single datapath).  Switches go to "ls_datapath_group" when every
 * chassis supports it, otherwise to the older "datapath_group"; routers
 * go to "lr_datapath_group".
 *
 * Load balancer changes tracked by "lb_data" update only their rows. */

#include <config.h>

#include "northd/en-lb-sync.h"

#include <string.h>

#include "bitmap.h"
#include "hash.h"
#include "lib/ovn-nb-idl.h"
#include "lib/ovn-sb-idl.h"
#include "northd/en-global-config.h"
#include "northd/en-lb-data.h"
#include "northd/en-northd.h"
#include "northd/inc-proc-northd.h"
#include "northd/lb.h"
#include "northd/northd.h"
#include "smap.h"
#include "util.h"

/* A Logical_DP_Group row that load balancers use. */
struct lb_dp_group {
    struct hmap_node hmap_node; /* In lb_sync_data 'groups', by content. */
    unsigned long *bitmap;      /* Its datapaths, by index. */
    struct uuid sb_uuid;        /* The row. */
};

/* Data of the node. */
struct lb_sync_data {
    struct hmap groups;         /* "struct lb_dp_group"s. */
    size_t n_datapaths;         /* Bits in their bitmaps. */
};

/* Forgets every group of 'data'. */
static void
lb_sync_data_clear(struct lb_sync_data *data)
{
    struct lb_dp_group *g;
    HMAP_FOR_EACH_POP (g, hmap_node, &data->groups) {
        free(g->bitmap);
        free(g);
    }
}

/* What syncing needs. */
struct lb_sync_ctx {
    struct lb_sync_data *data;          /* The node's data. */
    const struct northd_data *nd;       /* Datapaths. */
    const struct global_config *config; /* Chassis features. */
    struct ovsdb_idl *sb_idl;           /* Southbound. */
    struct ovsdb_idl_txn *txn;          /* Where to write. */
};

/* Returns the Logical_DP_Group row for the datapaths in 'bitmap' ('n' of
 * them), reusing a row that load balancers already use or creating one. */
static const struct sbrec_logical_dp_group *
get_dp_group(const struct lb_sync_ctx *ctx, const unsigned long *bitmap,
             size_t n)
{
    size_t n_bits = ctx->data->n_datapaths;
    uint32_t hash = hash_bytes(bitmap, bitmap_n_bytes(n_bits), 0);
    struct lb_dp_group *g;
    HMAP_FOR_EACH_WITH_HASH (g, hmap_node, hash, &ctx->data->groups) {
        if (bitmap_equal(g->bitmap, bitmap, n_bits)) {
            const struct sbrec_logical_dp_group *row
                = sbrec_logical_dp_group_get_for_uuid(ctx->sb_idl,
                                                      &g->sb_uuid);
            if (row) {
                return row;
            }
            /* The database collected it since: make another. */
            hmap_remove(&ctx->data->groups, &g->hmap_node);
            free(g->bitmap);
            free(g);
            break;
        }
    }

    g = xzalloc(sizeof *g);
    g->bitmap = bitmap_clone(bitmap, n_bits);
    uuid_generate(&g->sb_uuid);
    hmap_insert(&ctx->data->groups, &g->hmap_node, hash);

    struct sbrec_logical_dp_group *row
        = sbrec_logical_dp_group_insert_persist_uuid(ctx->txn, &g->sb_uuid);
    struct sbrec_datapath_binding **dps = xmalloc(n * sizeof *dps);
    size_t n_dps = 0, idx;
    BITMAP_FOR_EACH_1 (idx, n_bits, bitmap) {
        const struct sbrec_datapath_binding *sb
            = ovn_datapath_get_sb(ctx->nd->datapaths.array[idx],
                                  ctx->sb_idl);
        if (sb && n_dps < n) {
            dps[n_dps++] = CONST_CAST(struct sbrec_datapath_binding *, sb);
        }
    }
    sbrec_logical_dp_group_set_datapaths(row, dps, n_dps);
    free(dps);
    return row;
}

/* Records 'row', a group that a load balancer row uses, for reuse. */
static void
remember_dp_group(const struct lb_sync_ctx *ctx,
                  const struct sbrec_logical_dp_group *row)
{
    size_t n_bits = ctx->data->n_datapaths;
    unsigned long *bitmap = bitmap_allocate(n_bits);
    for (size_t i = 0; i < row->n_datapaths; i++) {
        const struct ovn_datapath *od = ovn_datapath_find_by_sb(
            &ctx->nd->datapaths, &row->datapaths[i]->header_.uuid);
        if (!od) {
            free(bitmap);
            return;
        }
        bitmap_set1(bitmap, od->index);
    }
    uint32_t hash = hash_bytes(bitmap, bitmap_n_bytes(n_bits), 0);
    struct lb_dp_group *g;
    HMAP_FOR_EACH_WITH_HASH (g, hmap_node, hash, &ctx->data->groups) {
        if (bitmap_equal(g->bitmap, bitmap, n_bits)) {
            free(bitmap);
            return;
        }
    }
    g = xzalloc(sizeof *g);
    g->bitmap = bitmap;
    g->sb_uuid = row->header_.uuid;
    hmap_insert(&ctx->data->groups, &g->hmap_node, hash);
}

/* Whether 'row' refers to exactly 'group' (which may be NULL). */
static bool
same_group(const struct sbrec_logical_dp_group *row,
           const struct sbrec_logical_dp_group *group)
{
    return row == group;
}

/* Returns the Southbound row of the load balancer with 'uuid', or NULL if
 * there is none or the transaction being built deletes it already (a
 * handler may have deleted it before a later input made the node
 * recompute, in the same transaction). */
static const struct sbrec_load_balancer *
find_lb_row(const struct ovsdb_idl *sb_idl, const struct uuid *uuid)
{
    const struct sbrec_load_balancer *row
        = sbrec_load_balancer_get_for_uuid(sb_idl, uuid);
    return row && row->header_.new_datum ? row : NULL;
}

/* Makes the Southbound row of 'lb' what it should be, creating or
 * deleting it. */
static void
sync_lb(const struct lb_sync_ctx *ctx, const struct northd_lb *lb)
{
    const struct sbrec_load_balancer *row = find_lb_row(ctx->sb_idl,
                                                        &lb->uuid);
    if (!lb->n_ls && !lb->n_lr) {
        if (row) {
            sbrec_load_balancer_delete(row);
        }
        return;
    }
    if (!row) {
        row = sbrec_load_balancer_insert_persist_uuid(ctx->txn, &lb->uuid);
    }

    const struct nbrec_load_balancer *nlb = lb->nlb;
    if (strcmp(row->name, nlb->name)) {
        sbrec_load_balancer_set_name(row, nlb->name);
    }
    if (!smap_equal(&row->vips, &nlb->vips)) {
        sbrec_load_balancer_set_vips(row, &nlb->vips);
    }
    const char *proto = nlb->protocol && nlb->protocol[0]
                        ? nlb->protocol : NULL;
    if (!nullable_string_is_equal(row->protocol, proto)) {
        sbrec_load_balancer_set_protocol(row, proto);
    }
    if (!smap_equal(&row->options, &nlb->options)) {
        sbrec_load_balancer_set_options(row, &nlb->options);
    }
    if (!smap_is_empty(&row->external_ids)) {
        sbrec_load_balancer_set_external_ids(row, NULL);
    }
    if (row->n_datapaths) {
        sbrec_load_balancer_set_datapaths(row, NULL, 0);
    }

    const struct sbrec_logical_dp_group *ls_group
        = lb->n_ls ? get_dp_group(ctx, lb->ls_map, lb->n_ls) : NULL;
    const struct sbrec_logical_dp_group *lr_group
        = lb->n_lr ? get_dp_group(ctx, lb->lr_map, lb->n_lr) : NULL;
    bool ls_column = ctx->config->features.ls_dpg_column;
    const struct sbrec_logical_dp_group *new_ls = ls_column ? ls_group : NULL;
    const struct sbrec_logical_dp_group *new_legacy
        = ls_column ? NULL : ls_group;

    if (!same_group(row->ls_datapath_group, new_ls)) {
        sbrec_load_balancer_set_ls_datapath_group(row, new_ls);
    }
    if (!same_group(row->datapath_group, new_legacy)) {
        sbrec_load_balancer_set_datapath_group(row, new_legacy);
    }
    if (!same_group(row->lr_datapath_group, lr_group)) {
        sbrec_load_balancer_set_lr_datapath_group(row, lr_group);
    }
}

/* Fills 'ctx' for a run of 'node'. */
static void
get_ctx(struct engine_node *node, struct lb_sync_data *data,
        struct lb_sync_ctx *ctx)
{
    const struct northd_engine_context *eng = engine_get_context(node);
    *ctx = (struct lb_sync_ctx) {
        .data = data,
        .nd = en_northd_get_data(engine_get_input("northd", node)),
        .config = engine_get_input_data("global_config", node),
        .sb_idl = eng->sb_idl,
        .txn = eng->ovnsb_txn,
    };
}

/* Rebuilds every row. */
static enum engine_node_state
en_lb_sync_run(struct engine_node *node, void *data_)
{
    struct lb_sync_data *data = data_;
    struct lb_sync_ctx ctx;
    get_ctx(node, data, &ctx);
    const struct lb_data *lbd = engine_get_input_data("lb_data", node);

    lb_sync_data_clear(data);
    data->n_datapaths = ctx.nd->datapaths.n;

    /* Groups that load balancer rows use now may serve again. */
    const struct sbrec_load_balancer *row;
    SBREC_LOAD_BALANCER_FOR_EACH_SAFE (row, ctx.sb_idl) {
        const struct northd_lb *lb = northd_lb_find(&lbd->lbs,
                                                    &row->header_.uuid);
        if (!lb) {
            sbrec_load_balancer_delete(row);
            continue;
        }
        /* (sync_lb() below deletes the rows of load balancers that apply
         * nowhere.) */
        const struct sbrec_logical_dp_group *groups[] = {
            row->datapath_group, row->ls_datapath_group,
            row->lr_datapath_group,
        };
        for (size_t i = 0; i < ARRAY_SIZE(groups); i++) {
            if (groups[i]) {
                remember_dp_group(&ctx, groups[i]);
            }
        }
    }

    const struct northd_lb *lb;
    HMAP_FOR_EACH (lb, hmap_node, &lbd->lbs) {
        sync_lb(&ctx, lb);
    }
    return EN_UPDATED;
}

/* Load balancers changed: sync theirs only. */
static enum engine_input_handler_result
lb_sync_lb_data_handler(struct engine_node *node, void *data_)
{
    struct lb_sync_data *data = data_;
    const struct lb_data *lbd = engine_get_input_data("lb_data", node);
    if (!lbd->has_tracked_data || lbd->n_datapaths != data->n_datapaths) {
        return EN_UNHANDLED;
    }
    struct lb_sync_ctx ctx;
    get_ctx(node, data, &ctx);

    struct hmapx_node *hn;
    HMAPX_FOR_EACH (hn, &lbd->tracked.deleted) {
        const struct northd_lb *lb = hn->data;
        const struct sbrec_load_balancer *row = find_lb_row(ctx.sb_idl,
                                                            &lb->uuid);
        if (row) {
            sbrec_load_balancer_delete(row);
        }
    }
    HMAPX_FOR_EACH (hn, &lbd->tracked.created) {
        sync_lb(&ctx, hn->data);
    }
    HMAPX_FOR_EACH (hn, &lbd->tracked.updated) {
        sync_lb(&ctx, hn->data);
    }
    return EN_HANDLED_UPDATED;
}

/* Datapaths or ports changed: a full "northd" build renumbers datapaths;
 * port changes do not matter here. */
static enum engine_input_handler_result
lb_sync_northd_handler(struct engine_node *node, void *data OVS_UNUSED)
{
    const struct northd_data *nd
        = en_northd_get_data(engine_get_input("northd", node));
    return nd->has_tracked_data ? EN_HANDLED_UNCHANGED : EN_UNHANDLED;
}

/* Load_Balancer rows changed: ovn-northd's own writes coming back need
 * nothing; rows that vanished or appeared behind its back, a resync. */
static enum engine_input_handler_result
lb_sync_sb_lb_handler(struct engine_node *node, void *data OVS_UNUSED)
{
    const struct northd_engine_context *eng = engine_get_context(node);
    const struct lb_data *lbd = engine_get_input_data("lb_data", node);
    const struct sbrec_load_balancer *row;
    SBREC_LOAD_BALANCER_FOR_EACH_TRACKED (row, eng->sb_idl) {
        const struct northd_lb *lb = northd_lb_find(&lbd->lbs,
                                                    &row->header_.uuid);
        bool wanted = lb && (lb->n_ls || lb->n_lr);
        if (sbrec_load_balancer_is_deleted(row) ? wanted : !wanted) {
            return EN_UNHANDLED;
        }
    }
    return EN_HANDLED_UNCHANGED;
}

/* Allocates the node's data. */
static void *
en_lb_sync_init(struct engine_node *node OVS_UNUSED, void *arg OVS_UNUSED)
{
    struct lb_sync_data *data = xzalloc(sizeof *data);
    hmap_init(&data->groups);
    return data;
}

/* Frees the node's data. */
static void
en_lb_sync_cleanup(void *data_)
{
    struct lb_sync_data *data = data_;
    lb_sync_data_clear(data);
    hmap_destroy(&data->groups);
    free(data);
}

/* What the node does. */
static const struct engine_node_ops en_lb_sync_ops = {
    .init = en_lb_sync_init,
    .cleanup = en_lb_sync_cleanup,
    .run = en_lb_sync_run,
};

/* Adds the "sync_to_sb_lb" node and its inputs to 'engine'. */
struct engine_node *
en_lb_sync_create(struct engine *engine, const struct lb_sync_inputs *in)
{
    struct engine_node *node = engine_add_node(engine, "sync_to_sb_lb",
                                               &en_lb_sync_ops);
    engine_add_input(node, in->northd, lb_sync_northd_handler);
    engine_add_input(node, in->lb_data, lb_sync_lb_data_handler);
    engine_add_input(node, in->global_config, NULL);
    engine_add_input(node, in->sb_load_balancer, lb_sync_sb_lb_handler);
    /* Only ovn-northd writes these. */
    engine_add_input(node, in->sb_logical_dp_group, engine_noop_handler);
    return node;
}
