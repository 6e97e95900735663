/* mirrors.c: Southbound mirrors.
 *
 * This module owns the Southbound Mirror table: a copy of the Northbound
 * mirrors (name, type, sink, filter, tunnel index), which port bindings
 * list in their mirror_rules so that ovn-controller mirrors the ports'
 * traffic. */

#include <config.h>

#include "northd/mirrors.h"

#include <string.h>

#include "lib/ovn-nb-idl.h"
#include "lib/ovn-sb-idl.h"
#include "northd/northd.h"
#include "openvswitch/shash.h"
#include "smap.h"
#include "util.h"

/* Makes Southbound mirror 'sb' (created if NULL) a copy of 'nb'. */
static void
mirror_write(const struct northd_context *ctx, const struct nbrec_mirror *nb,
             const struct sbrec_mirror *sb)
{
    if (!sb) {
        sb = sbrec_mirror_insert(ctx->ovnsb_txn);
        sbrec_mirror_set_name(sb, nb->name);
    }
    if (strcmp(sb->type, nb->type)) {
        sbrec_mirror_set_type(sb, nb->type);
    }
    if (strcmp(sb->sink, nb->sink)) {
        sbrec_mirror_set_sink(sb, nb->sink);
    }
    if (strcmp(sb->filter, nb->filter)) {
        sbrec_mirror_set_filter(sb, nb->filter);
    }
    if (sb->index != nb->index) {
        sbrec_mirror_set_index(sb, nb->index);
    }
    if (!smap_equal(&sb->external_ids, &nb->external_ids)) {
        sbrec_mirror_set_external_ids(sb, &nb->external_ids);
    }
}

/* Makes the Southbound mirrors match the Northbound ones.  Call before
 * syncing port bindings, which refer to them. */
void
mirrors_sync(const struct northd_context *ctx)
{
    struct shash nb_mirrors = SHASH_INITIALIZER(&nb_mirrors);
    const struct nbrec_mirror *nb;
    NBREC_MIRROR_FOR_EACH (nb, ctx->nb_idl) {
        shash_add_once(&nb_mirrors, nb->name, nb);
    }

    const struct sbrec_mirror *sb;
    SBREC_MIRROR_FOR_EACH_SAFE (sb, ctx->sb_idl) {
        nb = shash_find_and_delete(&nb_mirrors, sb->name);
        if (nb) {
            mirror_write(ctx, nb, sb);
        } else {
            sbrec_mirror_delete(sb);
        }
    }
    struct shash_node *node;
    SHASH_FOR_EACH (node, &nb_mirrors) {
        mirror_write(ctx, node->data, NULL);
    }
    shash_destroy(&nb_mirrors);
}

/* Returns the Southbound mirror called 'name', or NULL. */
const struct sbrec_mirror *
mirror_lookup(const struct northd_context *ctx, const char *name)
{
    struct sbrec_mirror *key
        = sbrec_mirror_index_init_row(ctx->sbrec_mirror_by_name);
    sbrec_mirror_index_set_name(key, name);
    const struct sbrec_mirror *row
        = sbrec_mirror_index_find(ctx->sbrec_mirror_by_name, key);
    sbrec_mirror_index_destroy_row(key);
    return row;
}
