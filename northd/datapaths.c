/* datapaths.c: logical datapaths and their Southbound Datapath_Binding rows.
 *
 * This module owns the 'struct ovn_datapath' objects: one per Northbound
 * Logical_Switch and Logical_Router, their tunnel keys and the
 * Datapath_Binding rows that publish them.
 *
 * Tunnel keys are kept stable: a datapath that already has a binding keeps
 * its key unless another datapath explicitly requested it (with
 * other_config:requested-tnl-key on a switch, options:requested-tnl-key on
 * a router).  New datapaths take the first free key after the last one
 * handed out, switches first, each kind in Northbound table order. */

#include <config.h>

#include "northd/datapaths.h"

#include <string.h>

#include "hash.h"
#include "lib/ovn-nb-idl.h"
#include "lib/ovn-sb-idl.h"
#include "northd/en-global-config.h"
#include "northd/en-mac-binding-aging.h"
#include "northd/lflow-mgr.h"
#include "northd/multicast-groups.h"
#include "northd/northd.h"
#include "openvswitch/vlog.h"
#include "smap.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(datapaths);

/* Initializes 'dps' as empty. */
void
ovn_datapaths_init(struct ovn_datapaths *dps)
{
    memset(dps, 0, sizeof *dps);
    hmap_init(&dps->by_uuid);
    hmap_init(&dps->by_sb_uuid);
    tnlid_set_init(&dps->dp_tnlids);
}

/* Frees every datapath of 'dps' (their ports must be gone) and empties
 * it. */
void
ovn_datapaths_clear(struct ovn_datapaths *dps)
{
    for (size_t i = 0; i < dps->n; i++) {
        struct ovn_datapath *od = dps->array[i];
        tnlid_set_destroy(&od->port_tnlids);
        lflow_ref_destroy(od->lflow_ref);
        free(od->linked_router_ports);
        free(od->l3dgw_ports);
        od_mcast_info_destroy(od->mcast_info);
        free(od);
    }
    hmap_clear(&dps->by_uuid);
    hmap_clear(&dps->by_sb_uuid);
    free(dps->array);
    dps->array = NULL;
    dps->n = dps->allocated = 0;
    tnlid_set_clear(&dps->dp_tnlids);
}

/* Frees 'dps''s contents. */
void
ovn_datapaths_destroy(struct ovn_datapaths *dps)
{
    ovn_datapaths_clear(dps);
    hmap_destroy(&dps->by_uuid);
    hmap_destroy(&dps->by_sb_uuid);
    tnlid_set_destroy(&dps->dp_tnlids);
}

/* Returns the datapath made of the Northbound row with UUID 'nb_uuid'. */
struct ovn_datapath *
ovn_datapath_find(const struct ovn_datapaths *dps,
                  const struct uuid *nb_uuid)
{
    struct ovn_datapath *od;
    HMAP_FOR_EACH_WITH_HASH (od, key_node, uuid_hash(nb_uuid),
                             &dps->by_uuid) {
        if (uuid_equals(&od->key, nb_uuid)) {
            return od;
        }
    }
    return NULL;
}

/* Returns the datapath bound to Southbound Datapath_Binding 'sb_uuid'. */
struct ovn_datapath *
ovn_datapath_find_by_sb(const struct ovn_datapaths *dps,
                        const struct uuid *sb_uuid)
{
    struct ovn_datapath *od;
    HMAP_FOR_EACH_WITH_HASH (od, sb_node, uuid_hash(sb_uuid),
                             &dps->by_sb_uuid) {
        if (uuid_equals(&od->sb_uuid, sb_uuid)) {
            return od;
        }
    }
    return NULL;
}

/* The name of 'od' for log messages. */
const char *
ovn_datapath_name(const struct ovn_datapath *od)
{
    return od->nbs ? od->nbs->name : od->nbr->name;
}

/* Returns 'od''s Datapath_Binding row, which exists from the moment
 * ovn_datapaths_build() created it (in the transaction, or later in the
 * database). */
const struct sbrec_datapath_binding *
ovn_datapath_get_sb(const struct ovn_datapath *od, struct ovsdb_idl *sb_idl)
{
    return sbrec_datapath_binding_get_for_uuid(sb_idl, &od->sb_uuid);
}

/* A datapath being built, before it has a key. */
struct dp_candidate {
    struct ovn_datapath *od;                      /* The datapath. */
    const struct sbrec_datapath_binding *sb;      /* Its existing binding,
                                                   * or NULL. */
};

/* Returns the UUID of the Northbound row that 'sb' was made for, or NULL,
 * and whether that row is a switch in '*is_switch'.  Bindings of older
 * versions name the row only in external_ids. */
static const struct uuid *
sb_dp_nb_uuid(const struct sbrec_datapath_binding *sb, struct uuid *buf,
              bool *is_switch)
{
    if (sb->nb_uuid) {
        *is_switch = (sb->type
                      ? strcmp(sb->type, "logical-router") != 0
                      : !smap_get(&sb->external_ids, "logical-router"));
        return sb->nb_uuid;
    }
    const char *s = smap_get(&sb->external_ids, "logical-switch");
    *is_switch = s != NULL;
    if (!s) {
        s = smap_get(&sb->external_ids, "logical-router");
    }
    return s && uuid_from_string(buf, s) ? buf : NULL;
}

/* Returns the tunnel key that 'od' asks for, or 0. */
static uint32_t
od_requested_tnl_key(const struct ovn_datapath *od)
{
    const struct smap *config = (od->nbs ? &od->nbs->other_config
                                 : &od->nbr->options);
    return smap_get_uint(config, "requested-tnl-key", 0);
}

/* Gives 'od' the key it requests, if it does and it is free. */
static void
od_assign_requested_key(struct ovn_datapaths *dps, struct ovn_datapath *od,
                        const struct global_config *cfg)
{
    uint32_t key = od_requested_tnl_key(od);
    if (!key) {
        return;
    }
    const struct smap *config = (od->nbs ? &od->nbs->other_config
                                 : &od->nbr->options);
    if (cfg->vxlan_mode && key > OVN_MAX_DP_VXLAN_KEY
        && !smap_get(config, "interconn-ts")) {
        static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 1);
        VLOG_WARN_RL(&rl, "Tunnel key %"PRIu32" for datapath %s is "
                     "incompatible with VXLAN", key, ovn_datapath_name(od));
        return;
    }
    if (tnlid_set_add(&dps->dp_tnlids, key)) {
        od->tunnel_key = key;
    } else {
        static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 1);
        VLOG_WARN_RL(&rl, "Logical %s %s requests same tunnel key "
                     "%"PRIu32" as another logical switch or router",
                     od->nbs ? "switch" : "router", ovn_datapath_name(od),
                     key);
    }
}

/* Creates a datapath for 'nbs' or 'nbr', whose UUID is 'key'. */
static struct ovn_datapath *
od_create(const struct uuid *key, const struct nbrec_logical_switch *nbs,
          const struct nbrec_logical_router *nbr)
{
    struct ovn_datapath *od = xzalloc(sizeof *od);
    od->key = *key;
    od->nbs = nbs;
    od->nbr = nbr;
    ovs_list_init(&od->port_list);
    tnlid_set_init(&od->port_tnlids);
    od->lflow_ref = lflow_ref_create();
    return od;
}

/* Writes into 'ids' the external_ids that 'od''s binding carries. */
static void
od_sb_external_ids(const struct ovn_datapath *od, struct smap *ids)
{
    if (od->nbs) {
        smap_add_format(ids, "logical-switch", UUID_FMT,
                        UUID_ARGS(&od->key));
        smap_add(ids, "name", od->nbs->name);
        const char *name2 = smap_get(&od->nbs->external_ids,
                                     "neutron:network_name");
        if (name2 && name2[0]) {
            smap_add(ids, "name2", name2);
        }
        static const char *copied_keys[] = {
            "interconn-ts", "fdb_age_threshold",
        };
        for (size_t i = 0; i < ARRAY_SIZE(copied_keys); i++) {
            const char *value = smap_get(&od->nbs->other_config,
                                         copied_keys[i]);
            if (value) {
                smap_add(ids, copied_keys[i], value);
            }
        }
        const struct smap_node *node;
        SMAP_FOR_EACH (node, &od->nbs->other_config) {
            if (!strncmp(node->key, "dynamic-routing-", 16)) {
                smap_replace(ids, node->key, node->value);
            }
        }
    } else {
        const struct smap *options = &od->nbr->options;
        smap_add_format(ids, "logical-router", UUID_FMT,
                        UUID_ARGS(&od->key));
        smap_add(ids, "name", od->nbr->name);
        const char *name2 = smap_get(&od->nbr->external_ids,
                                     "neutron:router_name");
        if (name2 && name2[0]) {
            smap_add(ids, "name2", name2);
        }
        int snat_zone = smap_get_int(options, "snat-ct-zone", -1);
        if (snat_zone >= 0) {
            smap_add_format(ids, "snat-ct-zone", "%d", snat_zone);
        }
        if (!smap_get_bool(options, "always_learn_from_arp_request", true)) {
            smap_add(ids, "always_learn_from_arp_request", "false");
        }
        /* ovn-controller refreshes the timestamps of MAC bindings as often
         * as the smallest threshold asks. */
        uint64_t age = mac_binding_age_min_threshold(
            smap_get(options, "mac_binding_age_threshold"), od->nbr->name);
        if (age) {
            smap_add_format(ids, "mac_binding_age_threshold", "%"PRIu64,
                            age);
        }
        smap_add(ids, "disable_garp_rarp",
                 smap_get_bool(options, "disable_garp_rarp", false)
                 ? "true" : "false");
        if (smap_get_bool(options, "dynamic-routing", false)) {
            const char *vrf_id = smap_get(options,
                                          "dynamic-routing-vrf-id");
            if (vrf_id) {
                smap_add(ids, "dynamic-routing-vrf-id", vrf_id);
            }
            const char *vrf_name = smap_get(options,
                                            "dynamic-routing-vrf-name");
            if (vrf_name) {
                smap_add(ids, "dynamic-routing-vrf-name", vrf_name);
            }
        }
    }
}

/* Brings 'od''s Datapath_Binding in line, creating it if 'sb' is NULL. */
static void
od_sync_sb(struct ovn_datapath *od, const struct sbrec_datapath_binding *sb,
           struct ovsdb_idl_txn *txn)
{
    if (!sb) {
        uuid_generate(&od->sb_uuid);
        sb = sbrec_datapath_binding_insert_persist_uuid(txn, &od->sb_uuid);
    } else {
        od->sb_uuid = sb->header_.uuid;
    }

    if (sb->tunnel_key != od->tunnel_key) {
        sbrec_datapath_binding_set_tunnel_key(sb, od->tunnel_key);
    }
    const char *type = od->nbs ? "logical-switch" : "logical-router";
    if (!sb->type || strcmp(sb->type, type)) {
        sbrec_datapath_binding_set_type(sb, type);
    }
    if (!sb->nb_uuid || !uuid_equals(sb->nb_uuid, &od->key)) {
        sbrec_datapath_binding_set_nb_uuid(sb, &od->key, 1);
    }

    struct smap ids = SMAP_INITIALIZER(&ids);
    od_sb_external_ids(od, &ids);
    if (!smap_equal(&sb->external_ids, &ids)) {
        sbrec_datapath_binding_set_external_ids(sb, &ids);
    }
    smap_destroy(&ids);
}

/* Appends 'od' to 'dps'. */
static void
ovn_datapaths_add(struct ovn_datapaths *dps, struct ovn_datapath *od)
{
    if (dps->n >= dps->allocated) {
        dps->array = x2nrealloc(dps->array, &dps->allocated,
                                sizeof *dps->array);
    }
    od->index = dps->n;
    dps->array[dps->n++] = od;
    hmap_insert(&dps->by_uuid, &od->key_node, uuid_hash(&od->key));
    hmap_insert(&dps->by_sb_uuid, &od->sb_node, uuid_hash(&od->sb_uuid));
}

/* Builds 'dps', which must be empty, from the Northbound database, and
 * brings the Southbound Datapath_Binding table in line: creates, updates
 * and deletes rows in 'ctx''s transaction.  Returns in 'deleted' the UUIDs
 * of the rows it deleted, so that rows referring to them can go too. */
void
ovn_datapaths_build(struct ovn_datapaths *dps,
                    const struct northd_context *ctx,
                    struct uuidset *deleted)
{
    const struct global_config *cfg = ctx->config;
    size_t n = 0, allocated = 0;
    struct dp_candidate *cands = NULL;
    struct hmap by_uuid = HMAP_INITIALIZER(&by_uuid);

    /* Switches, then routers, in table order. */
    const struct nbrec_logical_switch *nbs;
    NBREC_LOGICAL_SWITCH_FOR_EACH (nbs, ctx->nb_idl) {
        if (n >= allocated) {
            cands = x2nrealloc(cands, &allocated, sizeof *cands);
        }
        cands[n].od = od_create(&nbs->header_.uuid, nbs, NULL);
        cands[n].od->index = n;
        cands[n].sb = NULL;
        hmap_insert(&by_uuid, &cands[n].od->key_node,
                    uuid_hash(&nbs->header_.uuid));
        n++;
    }
    const struct nbrec_logical_router *nbr;
    NBREC_LOGICAL_ROUTER_FOR_EACH (nbr, ctx->nb_idl) {
        if (n >= allocated) {
            cands = x2nrealloc(cands, &allocated, sizeof *cands);
        }
        cands[n].od = od_create(&nbr->header_.uuid, NULL, nbr);
        cands[n].od->index = n;
        cands[n].sb = NULL;
        hmap_insert(&by_uuid, &cands[n].od->key_node,
                    uuid_hash(&nbr->header_.uuid));
        n++;
    }

    /* Match existing bindings; the others are stale. */
    const struct sbrec_datapath_binding *sb;
    SBREC_DATAPATH_BINDING_FOR_EACH_SAFE (sb, ctx->sb_idl) {
        struct uuid buf;
        bool is_switch;
        const struct uuid *nb_uuid = sb_dp_nb_uuid(sb, &buf, &is_switch);
        struct ovn_datapath *od = NULL;
        if (nb_uuid) {
            struct ovn_datapath *iter;
            HMAP_FOR_EACH_WITH_HASH (iter, key_node, uuid_hash(nb_uuid),
                                     &by_uuid) {
                if (uuid_equals(&iter->key, nb_uuid)
                    && (iter->nbs != NULL) == is_switch) {
                    od = iter;
                    break;
                }
            }
        }
        struct dp_candidate *cand = od ? &cands[od->index] : NULL;
        if (!cand || cand->sb) {
            uuidset_insert(deleted, &sb->header_.uuid);
            sbrec_datapath_binding_delete(sb);
            continue;
        }
        cand->sb = sb;
    }
    hmap_destroy(&by_uuid);

    /* Requested keys first, existing datapaths before new ones; then
     * existing keys that do not conflict; then new keys. */
    tnlid_set_clear(&dps->dp_tnlids);
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < n; i++) {
            if ((cands[i].sb != NULL) == (pass == 0)) {
                od_assign_requested_key(dps, cands[i].od, cfg);
            }
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (cands[i].sb && !cands[i].od->tunnel_key
            && cands[i].sb->tunnel_key > 0
            && cands[i].sb->tunnel_key <= UINT32_MAX
            && tnlid_set_add(&dps->dp_tnlids, cands[i].sb->tunnel_key)) {
            cands[i].od->tunnel_key = cands[i].sb->tunnel_key;
        }
    }
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < n; i++) {
            struct ovn_datapath *od = cands[i].od;
            if ((cands[i].sb != NULL) == (pass == 0) && !od->tunnel_key) {
                od->tunnel_key = tnlid_set_allocate(
                    &dps->dp_tnlids, "datapath", OVN_MIN_DP_KEY_LOCAL,
                    cfg->max_dp_tunnel_key, &dps->dp_key_hint);
            }
        }
    }

    /* Publish the datapaths that got a key; drop the others. */
    for (size_t i = 0; i < n; i++) {
        struct ovn_datapath *od = cands[i].od;
        if (!od->tunnel_key) {
            if (cands[i].sb) {
                uuidset_insert(deleted, &cands[i].sb->header_.uuid);
                sbrec_datapath_binding_delete(cands[i].sb);
            }
            tnlid_set_destroy(&od->port_tnlids);
            lflow_ref_destroy(od->lflow_ref);
            free(od);
            continue;
        }
        od_sync_sb(od, cands[i].sb, ctx->ovnsb_txn);
        ovn_datapaths_add(dps, od);
    }
    free(cands);
}
