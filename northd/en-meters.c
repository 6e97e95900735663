/* en-meters.c: the "sync_meters" engine node.
 *
 * This module owns the Southbound Meter and Meter_Band tables: a copy of
 * the Northbound meters (name, unit and bands) that logical flows and
 * control plane protection refer to by name, plus, for each ACL whose
 * meter is "fair", a copy of that meter of the ACL's own, named
 * "<meter>__<ACL UUID>", so that each ACL's log is rate-limited on its
 * own (ls-acl-eval.c refers to it). */

#include <config.h>

#include "northd/en-meters.h"

#include <string.h>

#include "lib/ovn-nb-idl.h"
#include "lib/ovn-sb-idl.h"
#include "northd/inc-proc-northd.h"
#include "openvswitch/shash.h"
#include "util.h"
#include "uuid.h"

/* Whether Southbound band 'sb' is the same as Northbound band 'nb'. */
static bool
band_equal(const struct sbrec_meter_band *sb,
           const struct nbrec_meter_band *nb)
{
    return (!strcmp(sb->action, nb->action) && sb->rate == nb->rate
            && sb->burst_size == nb->burst_size);
}

/* Whether Southbound meter 'sb' has the bands of Northbound meter 'nb'. */
static bool
bands_equal(const struct sbrec_meter *sb, const struct nbrec_meter *nb)
{
    if (sb->n_bands != nb->n_bands) {
        return false;
    }
    for (size_t i = 0; i < nb->n_bands; i++) {
        bool found = false;
        for (size_t j = 0; j < sb->n_bands && !found; j++) {
            found = band_equal(sb->bands[j], nb->bands[i]);
        }
        if (!found) {
            return false;
        }
    }
    return true;
}

/* Makes Southbound meter 'sb' (created with 'name' if NULL) a copy of
 * 'nb'. */
static void
sync_meter(struct ovsdb_idl_txn *txn, const char *name,
           const struct nbrec_meter *nb, const struct sbrec_meter *sb)
{
    if (!sb) {
        sb = sbrec_meter_insert(txn);
        sbrec_meter_set_name(sb, name);
    }
    if (strcmp(sb->unit, nb->unit)) {
        sbrec_meter_set_unit(sb, nb->unit);
    }
    if (bands_equal(sb, nb)) {
        return;
    }
    struct sbrec_meter_band **bands = xmalloc(nb->n_bands * sizeof *bands);
    for (size_t i = 0; i < nb->n_bands; i++) {
        bands[i] = sbrec_meter_band_insert(txn);
        sbrec_meter_band_set_action(bands[i], nb->bands[i]->action);
        sbrec_meter_band_set_rate(bands[i], nb->bands[i]->rate);
        sbrec_meter_band_set_burst_size(bands[i], nb->bands[i]->burst_size);
    }
    sbrec_meter_set_bands(sb, bands, nb->n_bands);
    free(bands);
}

/* Makes the Southbound meters match the Northbound ones. */
static enum engine_node_state
en_meters_run(struct engine_node *node, void *data OVS_UNUSED)
{
    const struct northd_engine_context *ctx = engine_get_context(node);
    struct shash nb_meters = SHASH_INITIALIZER(&nb_meters);
    struct shash fair_meters = SHASH_INITIALIZER(&fair_meters);

    const struct nbrec_meter *nb;
    NBREC_METER_FOR_EACH (nb, ctx->nb_idl) {
        shash_add_once(&nb_meters, nb->name, nb);
    }

    /* Each ACL with a fair meter has a copy of its own. */
    const struct nbrec_acl *acl;
    NBREC_ACL_FOR_EACH (acl, ctx->nb_idl) {
        nb = acl->meter ? shash_find_data(&nb_meters, acl->meter) : NULL;
        if (nb && nb->fair && *nb->fair) {
            char *name = xasprintf("%s__"UUID_FMT, acl->meter,
                                   UUID_ARGS(&acl->header_.uuid));
            shash_add_nocopy(&fair_meters, name, nb);
        }
    }
    struct shash_node *sn;
    SHASH_FOR_EACH (sn, &fair_meters) {
        shash_add_once(&nb_meters, sn->name, sn->data);
    }
    shash_destroy(&fair_meters);

    const struct sbrec_meter *sb;
    SBREC_METER_FOR_EACH_SAFE (sb, ctx->sb_idl) {
        nb = shash_find_and_delete(&nb_meters, sb->name);
        if (!nb) {
            sbrec_meter_delete(sb);
            continue;
        }
        sync_meter(ctx->ovnsb_txn, sb->name, nb, sb);
    }

    SHASH_FOR_EACH (sn, &nb_meters) {
        sync_meter(ctx->ovnsb_txn, sn->name, sn->data, NULL);
    }
    shash_destroy(&nb_meters);
    return EN_UPDATED;
}

/* ACLs changed: only those that have or had a meter matter. */
static enum engine_input_handler_result
meters_nb_acl_handler(struct engine_node *node, void *data OVS_UNUSED)
{
    const struct northd_engine_context *ctx = engine_get_context(node);
    const struct nbrec_acl *acl;
    NBREC_ACL_FOR_EACH_TRACKED (acl, ctx->nb_idl) {
        if (acl->meter
            || nbrec_acl_is_updated(acl, NBREC_ACL_COL_METER)) {
            return EN_UNHANDLED;
        }
    }
    return EN_HANDLED_UNCHANGED;
}

/* What the node does. */
static const struct engine_node_ops en_meters_ops = {
    .run = en_meters_run,
};

/* Adds the "sync_meters" node and its inputs to 'engine'. */
struct engine_node *
en_meters_create(struct engine *engine, struct engine_node *nb_meter,
                 struct engine_node *nb_meter_band,
                 struct engine_node *nb_acl,
                 struct engine_node *sb_meter)
{
    struct engine_node *node = engine_add_node(engine, "sync_meters",
                                               &en_meters_ops);
    engine_add_input(node, nb_meter, NULL);
    engine_add_input(node, nb_meter_band, NULL);
    engine_add_input(node, nb_acl, meters_nb_acl_handler);
    engine_add_input(node, sb_meter, engine_noop_handler);
    return node;
}
