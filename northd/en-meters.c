/* en-meters.c: the "sync_meters" engine node.
 *
 * This module owns the Southbound Meter and Meter_Band tables: a copy of
 * the Northbound meters (name, unit and bands) that logical flows and
 * control plane protection refer to by name. */

#include <config.h>

#include "northd/en-meters.h"

#include <string.h>

#include "lib/ovn-nb-idl.h"
#include "lib/ovn-sb-idl.h"
#include "northd/inc-proc-northd.h"
#include "openvswitch/shash.h"
#include "util.h"

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

/* Makes Southbound meter 'sb' (created if NULL) a copy of 'nb'. */
static void
sync_meter(struct ovsdb_idl_txn *txn, const struct nbrec_meter *nb,
           const struct sbrec_meter *sb)
{
    if (!sb) {
        sb = sbrec_meter_insert(txn);
        sbrec_meter_set_name(sb, nb->name);
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

    const struct nbrec_meter *nb;
    NBREC_METER_FOR_EACH (nb, ctx->nb_idl) {
        shash_add_once(&nb_meters, nb->name, nb);
    }

    const struct sbrec_meter *sb;
    SBREC_METER_FOR_EACH_SAFE (sb, ctx->sb_idl) {
        nb = shash_find_and_delete(&nb_meters, sb->name);
        if (!nb) {
            sbrec_meter_delete(sb);
            continue;
        }
        sync_meter(ctx->ovnsb_txn, nb, sb);
    }

    struct shash_node *sn;
    SHASH_FOR_EACH (sn, &nb_meters) {
        sync_meter(ctx->ovnsb_txn, sn->data, NULL);
    }
    shash_destroy(&nb_meters);
    return EN_UPDATED;
}

/* What the node does. */
static const struct engine_node_ops en_meters_ops = {
    .run = en_meters_run,
};

/* Adds the "sync_meters" node and its inputs to 'engine'. */
struct engine_node *
en_meters_create(struct engine *engine, struct engine_node *nb_meter,
                 struct engine_node *nb_meter_band,
                 struct engine_node *sb_meter)
{
    struct engine_node *node = engine_add_node(engine, "sync_meters",
                                               &en_meters_ops);
    engine_add_input(node, nb_meter, NULL);
    engine_add_input(node, nb_meter_band, NULL);
    engine_add_input(node, sb_meter, engine_noop_handler);
    return node;
}
