/* en-lb-data.c: the "lb_data" engine node.
 *
 * This module owns the parsed Northbound load balancers and load balancer
 * groups (lb.h) and where each load balancer applies: the switches and
 * routers that list it, directly or through a group, and with NB_Global
 * options:install_ls_lb_from_router the switches next to the routers that
 * have it.
 *
 * Changes to load balancers, groups, health checks and to the load
 * balancer columns of existing switches and routers are applied
 * incrementally and tracked (load balancers created, updated, deleted);
 * anything that renumbers datapaths (a full "northd" build) rebuilds
 * everything. */

#include <config.h>

#include "northd/en-lb-data.h"

#include <string.h>

#include "bitmap.h"
#include "lib/ovn-nb-idl.h"
#include "northd/en-global-config.h"
#include "northd/en-northd.h"
#include "northd/inc-proc-northd.h"
#include "northd/lb.h"
#include "northd/northd.h"
#include "openvswitch/vlog.h"
#include "smap.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(en_lb_data);

/* Forgets 'refs''s contents. */
static void
dp_refs_clear(struct lb_dp_refs *refs)
{
    free(refs->lbs);
    free(refs->groups);
    memset(refs, 0, sizeof *refs);
}

/* Adds 'lbg' to the groups of 'lb'. */
static void
lb_add_group(struct northd_lb *lb, struct northd_lb_group *lbg)
{
    for (size_t i = 0; i < lb->n_groups; i++) {
        if (lb->groups[i] == lbg) {
            return;
        }
    }
    if (lb->n_groups >= lb->allocated_groups) {
        lb->groups = x2nrealloc(lb->groups, &lb->allocated_groups,
                                sizeof *lb->groups);
    }
    lb->groups[lb->n_groups++] = lbg;
}

/* Removes 'lbg' from the groups of 'lb'. */
static void
lb_remove_group(struct northd_lb *lb, const struct northd_lb_group *lbg)
{
    for (size_t i = 0; i < lb->n_groups; i++) {
        if (lb->groups[i] == lbg) {
            lb->groups[i] = lb->groups[--lb->n_groups];
            return;
        }
    }
}

/* Gives 'lb' empty datapath bitmaps of 'n' bits. */
static void
lb_reset_maps(struct northd_lb *lb, size_t n)
{
    free(lb->ls_direct);
    free(lb->lr_direct);
    free(lb->ls_map);
    free(lb->lr_map);
    lb->ls_direct = bitmap_allocate(n);
    lb->lr_direct = bitmap_allocate(n);
    lb->ls_map = bitmap_allocate(n);
    lb->lr_map = bitmap_allocate(n);
    lb->n_ls = lb->n_lr = 0;
}

/* Makes 'lbg''s list of load balancers that of its Northbound row. */
static void
lb_group_set_lbs(struct lb_data *data, struct northd_lb_group *lbg)
{
    for (size_t i = 0; i < lbg->n_lbs; i++) {
        lb_remove_group(lbg->lbs[i], lbg);
    }
    free(lbg->lbs);
    lbg->lbs = xmalloc(lbg->nlbg->n_load_balancer * sizeof *lbg->lbs);
    lbg->n_lbs = 0;
    for (size_t i = 0; i < lbg->nlbg->n_load_balancer; i++) {
        struct northd_lb *lb = northd_lb_find(
            &data->lbs, &lbg->nlbg->load_balancer[i]->header_.uuid);
        if (lb) {
            lbg->lbs[lbg->n_lbs++] = lb;
            lb_add_group(lb, lbg);
        }
    }
}

/* Creates the group of 'nlbg' in 'data'. */
static struct northd_lb_group *
lb_group_create(struct lb_data *data,
                const struct nbrec_load_balancer_group *nlbg)
{
    struct northd_lb_group *lbg = xzalloc(sizeof *lbg);
    lbg->uuid = nlbg->header_.uuid;
    lbg->nlbg = nlbg;
    lbg->ls_map = bitmap_allocate(data->n_datapaths);
    lbg->lr_map = bitmap_allocate(data->n_datapaths);
    hmap_insert(&data->lb_groups, &lbg->hmap_node, uuid_hash(&lbg->uuid));
    lb_group_set_lbs(data, lbg);
    return lbg;
}

/* Removes 'lbg' from 'data' and frees it. */
static void
lb_group_destroy(struct lb_data *data, struct northd_lb_group *lbg)
{
    for (size_t i = 0; i < lbg->n_lbs; i++) {
        lb_remove_group(lbg->lbs[i], lbg);
    }
    hmap_remove(&data->lb_groups, &lbg->hmap_node);
    free(lbg->lbs);
    free(lbg->ls_map);
    free(lbg->lr_map);
    free(lbg);
}

/* Recomputes where 'lb' applies from its direct datapaths, its groups
 * and, if so configured, the switches next to its routers. */
static void
lb_compute_maps(const struct lb_data *data, const struct northd_data *nd,
                struct northd_lb *lb)
{
    size_t n = data->n_datapaths;
    memcpy(lb->ls_map, lb->ls_direct, bitmap_n_bytes(n));
    memcpy(lb->lr_map, lb->lr_direct, bitmap_n_bytes(n));
    for (size_t i = 0; i < lb->n_groups; i++) {
        bitmap_or(lb->ls_map, lb->groups[i]->ls_map, n);
        bitmap_or(lb->lr_map, lb->groups[i]->lr_map, n);
    }

    if (data->install_ls_lb_from_router) {
        size_t idx;
        BITMAP_FOR_EACH_1 (idx, n, lb->lr_map) {
            const struct ovn_datapath *od = nd->datapaths.array[idx];
            const struct ovn_port *op;
            OVN_DATAPATH_FOR_EACH_PORT (op, od) {
                if (op->peer && op->peer->od->nbs) {
                    bitmap_set1(lb->ls_map, op->peer->od->index);
                }
            }
        }
    }
    lb->n_ls = bitmap_count1(lb->ls_map, n);
    lb->n_lr = bitmap_count1(lb->lr_map, n);
}

/* Sets bit 'idx' of 'lb''s or 'lbg''s direct map for switches ('is_ls')
 * or routers to 'value'. */
static void
set_direct_bit(struct northd_lb *lb, struct northd_lb_group *lbg,
               bool is_ls, size_t idx, bool value)
{
    unsigned long *map = (lb ? (is_ls ? lb->ls_direct : lb->lr_direct)
                          : (is_ls ? lbg->ls_map : lbg->lr_map));
    bitmap_set(map, idx, value);
}

/* Records in 'data' (and in the direct maps of the load balancers and
 * groups) what datapath 'od' lists now, removing what it listed before.
 * The load balancers whose datapaths may have changed go to 'affected'. */
static void
dp_refs_update(struct lb_data *data, const struct ovn_datapath *od,
               struct hmapx *affected)
{
    bool is_ls = od->nbs != NULL;
    struct lb_dp_refs *refs = &data->dp_refs[od->index];

    /* Withdraw the old references. */
    for (size_t i = 0; i < refs->n_lbs; i++) {
        struct northd_lb *lb = northd_lb_find(&data->lbs, &refs->lbs[i]);
        if (lb) {
            set_direct_bit(lb, NULL, is_ls, od->index, false);
            hmapx_add(affected, lb);
        }
    }
    for (size_t i = 0; i < refs->n_groups; i++) {
        struct northd_lb_group *lbg
            = northd_lb_group_find(&data->lb_groups, &refs->groups[i]);
        if (lbg) {
            set_direct_bit(NULL, lbg, is_ls, od->index, false);
            for (size_t j = 0; j < lbg->n_lbs; j++) {
                hmapx_add(affected, lbg->lbs[j]);
            }
        }
    }
    dp_refs_clear(refs);

    /* Record the new ones. */
    struct nbrec_load_balancer **lbs = (is_ls ? od->nbs->load_balancer
                                        : od->nbr->load_balancer);
    size_t n_lbs = (is_ls ? od->nbs->n_load_balancer
                    : od->nbr->n_load_balancer);
    struct nbrec_load_balancer_group **groups
        = (is_ls ? od->nbs->load_balancer_group
           : od->nbr->load_balancer_group);
    size_t n_groups = (is_ls ? od->nbs->n_load_balancer_group
                       : od->nbr->n_load_balancer_group);

    refs->lbs = xmalloc(n_lbs * sizeof *refs->lbs);
    for (size_t i = 0; i < n_lbs; i++) {
        refs->lbs[refs->n_lbs++] = lbs[i]->header_.uuid;
        struct northd_lb *lb = northd_lb_find(&data->lbs,
                                              &lbs[i]->header_.uuid);
        if (lb) {
            set_direct_bit(lb, NULL, is_ls, od->index, true);
            hmapx_add(affected, lb);
        }
    }
    refs->groups = xmalloc(n_groups * sizeof *refs->groups);
    for (size_t i = 0; i < n_groups; i++) {
        refs->groups[refs->n_groups++] = groups[i]->header_.uuid;
        struct northd_lb_group *lbg = northd_lb_group_find(
            &data->lb_groups, &groups[i]->header_.uuid);
        if (lbg) {
            set_direct_bit(NULL, lbg, is_ls, od->index, true);
            for (size_t j = 0; j < lbg->n_lbs; j++) {
                hmapx_add(affected, lbg->lbs[j]);
            }
        }
    }
}

/* Forgets everything in 'data' but its tracked data. */
static void
lb_data_clear(struct lb_data *data)
{
    struct northd_lb_group *lbg;
    HMAP_FOR_EACH_SAFE (lbg, hmap_node, &data->lb_groups) {
        lb_group_destroy(data, lbg);
    }
    struct northd_lb *lb;
    HMAP_FOR_EACH_POP (lb, hmap_node, &data->lbs) {
        northd_lb_destroy(lb);
    }
    for (size_t i = 0; i < data->n_datapaths; i++) {
        dp_refs_clear(&data->dp_refs[i]);
    }
    free(data->dp_refs);
    data->dp_refs = NULL;
    free(data->ls_lb_vip);
    data->ls_lb_vip = NULL;
    data->n_datapaths = 0;
}

/* Forgets the tracked data, freeing the load balancers it deleted. */
static void
lb_data_clear_tracked(struct lb_data *data)
{
    struct hmapx_node *node;
    HMAPX_FOR_EACH (node, &data->tracked.deleted) {
        northd_lb_destroy(node->data);
    }
    hmapx_clear(&data->tracked.created);
    hmapx_clear(&data->tracked.updated);
    hmapx_clear(&data->tracked.deleted);
    data->tracked.health_checks_changed = false;
    data->tracked.ls_lb_vip_changed = false;
    data->has_tracked_data = false;
}

/* Rebuilds 'data' from the Northbound database and 'nd''s datapaths. */
static void
lb_data_build(struct lb_data *data, const struct northd_data *nd,
              struct ovsdb_idl *nb_idl, const struct global_config *config)
{
    lb_data_clear_tracked(data);
    lb_data_clear(data);

    size_t n = nd->datapaths.n;
    data->n_datapaths = n;
    data->dp_refs = xcalloc(n ? n : 1, sizeof *data->dp_refs);
    data->ls_lb_vip = bitmap_allocate(n);
    data->install_ls_lb_from_router
        = smap_get_bool(&config->nb_options, "install_ls_lb_from_router",
                        false);

    const struct nbrec_load_balancer *nlb;
    NBREC_LOAD_BALANCER_FOR_EACH (nlb, nb_idl) {
        struct northd_lb *lb = northd_lb_create(nlb);
        lb_reset_maps(lb, n);
        hmap_insert(&data->lbs, &lb->hmap_node, uuid_hash(&lb->uuid));
    }
    const struct nbrec_load_balancer_group *nlbg;
    NBREC_LOAD_BALANCER_GROUP_FOR_EACH (nlbg, nb_idl) {
        lb_group_create(data, nlbg);
    }

    struct hmapx affected = HMAPX_INITIALIZER(&affected);
    for (size_t i = 0; i < n; i++) {
        const struct ovn_datapath *od = nd->datapaths.array[i];
        dp_refs_update(data, od, &affected);
        if (ls_has_lb_vip(od)) {
            bitmap_set1(data->ls_lb_vip, i);
        }
    }
    hmapx_destroy(&affected);

    struct northd_lb *lb;
    HMAP_FOR_EACH (lb, hmap_node, &data->lbs) {
        lb_compute_maps(data, nd, lb);
    }
}

/* Incremental processing. */

/* Marks 'lb' as changed (unless it is new in this change). */
static void
track_updated(struct lb_data *data, struct northd_lb *lb)
{
    if (!hmapx_contains(&data->tracked.created, lb)) {
        hmapx_add(&data->tracked.updated, lb);
    }
    data->has_tracked_data = true;
}

/* Recomputes the datapaths of the load balancers in 'affected'.  Those
 * whose datapaths changed are marked changed, and the switches they left
 * or joined noted in 'dirty_ls'.  (A group that gains a load balancer
 * affects all of its load balancers, but only the new one applies
 * elsewhere.)  Returns true if some load balancer's datapaths changed. */
static bool
recompute_affected(struct lb_data *data, const struct northd_data *nd,
                   struct hmapx *affected, unsigned long *dirty_ls)
{
    size_t n = data->n_datapaths;
    unsigned long *old_ls = bitmap_allocate(n);
    unsigned long *old_lr = bitmap_allocate(n);
    bool changed = false;

    struct hmapx_node *node;
    HMAPX_FOR_EACH (node, affected) {
        struct northd_lb *lb = node->data;
        memcpy(old_ls, lb->ls_map, bitmap_n_bytes(n));
        memcpy(old_lr, lb->lr_map, bitmap_n_bytes(n));
        lb_compute_maps(data, nd, lb);
        if (!bitmap_equal(old_ls, lb->ls_map, n)
            || !bitmap_equal(old_lr, lb->lr_map, n)) {
            bitmap_or(dirty_ls, old_ls, n);
            bitmap_or(dirty_ls, lb->ls_map, n);
            track_updated(data, lb);
            changed = true;
        }
    }
    free(old_ls);
    free(old_lr);
    return changed;
}

/* Rechecks ls_has_lb_vip() of the switches in 'dirty_ls'. */
static void
recheck_ls_lb_vip(struct lb_data *data, const struct northd_data *nd,
                  const unsigned long *dirty_ls)
{
    size_t idx;
    BITMAP_FOR_EACH_1 (idx, data->n_datapaths, dirty_ls) {
        bool has = ls_has_lb_vip(nd->datapaths.array[idx]);
        if (has != bitmap_is_set(data->ls_lb_vip, idx)) {
            bitmap_set(data->ls_lb_vip, idx, has);
            data->tracked.ls_lb_vip_changed = true;
            data->has_tracked_data = true;
        }
    }
}

/* Returns the "northd" node's data for a handler of 'node'. */
static const struct northd_data *
get_northd_data(struct engine_node *node)
{
    return en_northd_get_data(engine_get_input("northd", node));
}

/* Returns the Northbound IDL. */
static struct ovsdb_idl *
get_nb_idl(struct engine_node *node)
{
    const struct northd_engine_context *eng = engine_get_context(node);
    return eng->nb_idl;
}

/* Load balancers changed. */
static enum engine_input_handler_result
lb_data_nb_lb_handler(struct engine_node *node, void *data_)
{
    struct lb_data *data = data_;
    const struct northd_data *nd = get_northd_data(node);
    unsigned long *dirty_ls = bitmap_allocate(data->n_datapaths);
    bool changed = false;

    const struct nbrec_load_balancer *nlb;
    NBREC_LOAD_BALANCER_FOR_EACH_TRACKED (nlb, get_nb_idl(node)) {
        struct northd_lb *lb = northd_lb_find(&data->lbs,
                                              &nlb->header_.uuid);
        if (nbrec_load_balancer_is_deleted(nlb)) {
            if (!lb) {
                continue;
            }
            hmap_remove(&data->lbs, &lb->hmap_node);
            for (size_t i = 0; i < lb->n_groups; i++) {
                struct northd_lb_group *lbg = lb->groups[i];
                for (size_t j = 0; j < lbg->n_lbs; j++) {
                    if (lbg->lbs[j] == lb) {
                        lbg->lbs[j] = lbg->lbs[--lbg->n_lbs];
                        break;
                    }
                }
            }
            lb->n_groups = 0;
            bitmap_or(dirty_ls, lb->ls_map, data->n_datapaths);
            hmapx_find_and_delete(&data->tracked.updated, lb);
            if (hmapx_find_and_delete(&data->tracked.created, lb)) {
                northd_lb_destroy(lb);
            } else {
                hmapx_add(&data->tracked.deleted, lb);
            }
            if (lb->has_health_check) {
                data->tracked.health_checks_changed = true;
            }
        } else if (!lb) {
            lb = northd_lb_create(nlb);
            lb_reset_maps(lb, data->n_datapaths);
            hmap_insert(&data->lbs, &lb->hmap_node, uuid_hash(&lb->uuid));
            hmapx_add(&data->tracked.created, lb);
            if (lb->has_health_check) {
                data->tracked.health_checks_changed = true;
            }
        } else {
            bool had_hc = lb->has_health_check;
            northd_lb_reparse(lb);
            if (had_hc || lb->has_health_check) {
                data->tracked.health_checks_changed = true;
            }
            bitmap_or(dirty_ls, lb->ls_map, data->n_datapaths);
            track_updated(data, lb);
        }
        changed = true;
    }
    data->has_tracked_data |= changed;

    recheck_ls_lb_vip(data, nd, dirty_ls);
    free(dirty_ls);
    return changed ? EN_HANDLED_UPDATED : EN_HANDLED_UNCHANGED;
}

/* Load balancer groups changed. */
static enum engine_input_handler_result
lb_data_nb_lb_group_handler(struct engine_node *node, void *data_)
{
    struct lb_data *data = data_;
    const struct northd_data *nd = get_northd_data(node);
    unsigned long *dirty_ls = bitmap_allocate(data->n_datapaths);
    struct hmapx affected = HMAPX_INITIALIZER(&affected);

    const struct nbrec_load_balancer_group *nlbg;
    NBREC_LOAD_BALANCER_GROUP_FOR_EACH_TRACKED (nlbg, get_nb_idl(node)) {
        struct northd_lb_group *lbg = northd_lb_group_find(
            &data->lb_groups, &nlbg->header_.uuid);
        if (lbg) {
            for (size_t i = 0; i < lbg->n_lbs; i++) {
                hmapx_add(&affected, lbg->lbs[i]);
            }
        }
        if (nbrec_load_balancer_group_is_deleted(nlbg)) {
            if (lbg) {
                lb_group_destroy(data, lbg);
            }
        } else if (!lbg) {
            /* A new group applies nowhere until a datapath lists it (a
             * change to that datapath, handled later). */
            lb_group_create(data, nlbg);
        } else {
            lb_group_set_lbs(data, lbg);
            for (size_t i = 0; i < lbg->n_lbs; i++) {
                hmapx_add(&affected, lbg->lbs[i]);
            }
        }
    }

    bool changed = recompute_affected(data, nd, &affected, dirty_ls);
    recheck_ls_lb_vip(data, nd, dirty_ls);
    changed |= data->tracked.ls_lb_vip_changed;
    hmapx_destroy(&affected);
    free(dirty_ls);
    return changed ? EN_HANDLED_UPDATED : EN_HANDLED_UNCHANGED;
}

/* Health checks changed: their load balancers' VIPs need parsing
 * again. */
static enum engine_input_handler_result
lb_data_nb_hc_handler(struct engine_node *node OVS_UNUSED, void *data_)
{
    struct lb_data *data = data_;
    bool changed = false;

    struct northd_lb *lb;
    HMAP_FOR_EACH (lb, hmap_node, &data->lbs) {
        bool uses_changed_hc = false;
        for (size_t i = 0; i < lb->nlb->n_health_check; i++) {
            const struct nbrec_load_balancer_health_check *hc
                = lb->nlb->health_check[i];
            if (nbrec_load_balancer_health_check_is_new(hc)
                || nbrec_load_balancer_health_check_is_updated(
                    hc, NBREC_LOAD_BALANCER_HEALTH_CHECK_COL_VIP)
                || nbrec_load_balancer_health_check_is_updated(
                    hc, NBREC_LOAD_BALANCER_HEALTH_CHECK_COL_OPTIONS)) {
                uses_changed_hc = true;
                break;
            }
        }
        if (uses_changed_hc) {
            northd_lb_reparse(lb);
            track_updated(data, lb);
            data->tracked.health_checks_changed = true;
            changed = true;
        }
    }
    return changed ? EN_HANDLED_UPDATED : EN_HANDLED_UNCHANGED;
}

/* Switches or routers changed: their load balancer columns may have. */
static enum engine_input_handler_result
lb_data_dp_handler(struct engine_node *node, void *data_, bool is_ls)
{
    struct lb_data *data = data_;
    const struct northd_data *nd = get_northd_data(node);
    struct ovsdb_idl *nb_idl = get_nb_idl(node);
    unsigned long *dirty_ls = bitmap_allocate(data->n_datapaths);
    struct hmapx affected = HMAPX_INITIALIZER(&affected);
    enum engine_input_handler_result result = EN_HANDLED_UNCHANGED;

    if (is_ls) {
        const struct nbrec_logical_switch *nbs;
        NBREC_LOGICAL_SWITCH_FOR_EACH_TRACKED (nbs, nb_idl) {
            if (!nbrec_logical_switch_is_updated(
                    nbs, NBREC_LOGICAL_SWITCH_COL_LOAD_BALANCER)
                && !nbrec_logical_switch_is_updated(
                    nbs, NBREC_LOGICAL_SWITCH_COL_LOAD_BALANCER_GROUP)) {
                continue;
            }
            const struct ovn_datapath *od = ovn_datapath_find(
                &nd->datapaths, &nbs->header_.uuid);
            if (!od || od->nbs != nbs || nbrec_logical_switch_is_deleted(nbs)
                || od->index >= data->n_datapaths) {
                result = EN_UNHANDLED;
                goto out;
            }
            dp_refs_update(data, od, &affected);
            bitmap_set1(dirty_ls, od->index);
        }
    } else {
        const struct nbrec_logical_router *nbr;
        NBREC_LOGICAL_ROUTER_FOR_EACH_TRACKED (nbr, nb_idl) {
            if (!nbrec_logical_router_is_updated(
                    nbr, NBREC_LOGICAL_ROUTER_COL_LOAD_BALANCER)
                && !nbrec_logical_router_is_updated(
                    nbr, NBREC_LOGICAL_ROUTER_COL_LOAD_BALANCER_GROUP)) {
                continue;
            }
            const struct ovn_datapath *od = ovn_datapath_find(
                &nd->datapaths, &nbr->header_.uuid);
            if (!od || od->nbr != nbr || nbrec_logical_router_is_deleted(nbr)
                || od->index >= data->n_datapaths) {
                result = EN_UNHANDLED;
                goto out;
            }
            dp_refs_update(data, od, &affected);
        }
    }

    if (recompute_affected(data, nd, &affected, dirty_ls)) {
        result = EN_HANDLED_UPDATED;
    }
    recheck_ls_lb_vip(data, nd, dirty_ls);
    if (data->tracked.ls_lb_vip_changed) {
        result = EN_HANDLED_UPDATED;
    }

out:
    hmapx_destroy(&affected);
    free(dirty_ls);
    return result;
}

/* Switches changed. */
static enum engine_input_handler_result
lb_data_nb_ls_handler(struct engine_node *node, void *data)
{
    return lb_data_dp_handler(node, data, true);
}

/* Routers changed. */
static enum engine_input_handler_result
lb_data_nb_lr_handler(struct engine_node *node, void *data)
{
    return lb_data_dp_handler(node, data, false);
}

/* Datapaths or ports changed: only port changes (tracked) leave the
 * datapath numbering, and so everything here, as it was. */
static enum engine_input_handler_result
lb_data_northd_handler(struct engine_node *node, void *data_)
{
    struct lb_data *data = data_;
    const struct northd_data *nd = get_northd_data(node);
    if (!nd->has_tracked_data || nd->datapaths.n != data->n_datapaths) {
        return EN_UNHANDLED;
    }
    return EN_HANDLED_UNCHANGED;
}

/* Allocates the node's data. */
static void *
en_lb_data_init(struct engine_node *node OVS_UNUSED, void *arg OVS_UNUSED)
{
    struct lb_data *data = xzalloc(sizeof *data);
    hmap_init(&data->lbs);
    hmap_init(&data->lb_groups);
    hmapx_init(&data->tracked.created);
    hmapx_init(&data->tracked.updated);
    hmapx_init(&data->tracked.deleted);
    return data;
}

/* Frees the node's data. */
static void
en_lb_data_cleanup(void *data_)
{
    struct lb_data *data = data_;
    lb_data_clear_tracked(data);
    lb_data_clear(data);
    hmap_destroy(&data->lbs);
    hmap_destroy(&data->lb_groups);
    hmapx_destroy(&data->tracked.created);
    hmapx_destroy(&data->tracked.updated);
    hmapx_destroy(&data->tracked.deleted);
    free(data);
}

/* Forgets the last incremental change. */
static void
en_lb_data_clear_tracked_data(void *data)
{
    lb_data_clear_tracked(data);
}

/* Rebuilds everything. */
static enum engine_node_state
en_lb_data_run(struct engine_node *node, void *data)
{
    lb_data_build(data, get_northd_data(node), get_nb_idl(node),
                  engine_get_input_data("global_config", node));
    return EN_UPDATED;
}

/* What the node does. */
static const struct engine_node_ops en_lb_data_ops = {
    .init = en_lb_data_init,
    .cleanup = en_lb_data_cleanup,
    .run = en_lb_data_run,
    .clear_tracked_data = en_lb_data_clear_tracked_data,
};

/* Adds the "lb_data" node and its inputs to 'engine'. */
struct engine_node *
en_lb_data_create(struct engine *engine, const struct lb_data_inputs *in)
{
    struct engine_node *node = engine_add_node(engine, "lb_data",
                                               &en_lb_data_ops);
    /* Datapath numbering first: the other handlers rely on it. */
    engine_add_input(node, in->northd, lb_data_northd_handler);
    engine_add_input(node, in->global_config, NULL);
    engine_add_input(node, in->nb_load_balancer, lb_data_nb_lb_handler);
    engine_add_input(node, in->nb_load_balancer_group,
                     lb_data_nb_lb_group_handler);
    engine_add_input(node, in->nb_lb_health_check, lb_data_nb_hc_handler);
    engine_add_input(node, in->nb_logical_switch, lb_data_nb_ls_handler);
    engine_add_input(node, in->nb_logical_router, lb_data_nb_lr_handler);
    return node;
}
