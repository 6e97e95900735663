/* dns-sync.c: the Southbound DNS table (see dns-sync.h). */

#include <config.h>

#include "northd/dns-sync.h"

#include <ctype.h>
#include <string.h>

#include "hmapx.h"
#include "lib/ovn-nb-idl.h"
#include "lib/ovn-sb-idl.h"
#include "northd/northd.h"
#include "openvswitch/hmap.h"
#include "smap.h"
#include "util.h"
#include "uuid.h"

/* Whether switch 'nbs' has DNS records to answer with. */
bool
ls_has_dns_records(const struct nbrec_logical_switch *nbs)
{
    for (size_t i = 0; i < nbs->n_dns_records; i++) {
        if (!smap_is_empty(&nbs->dns_records[i]->records)) {
            return true;
        }
    }
    return false;
}

/* A Northbound DNS row that some switch uses. */
struct dns_info {
    struct hmap_node hmap_node;             /* By UUID. */
    const struct nbrec_dns *nb;             /* The row. */
    const struct sbrec_datapath_binding **dps;  /* Switches that use it. */
    size_t n_dps;                           /* Number of 'dps'. */
    size_t allocated_dps;                   /* Capacity of 'dps'. */
    bool in_sb;                             /* Its Southbound row exists. */
};

/* Returns the info of NB DNS row 'uuid' in 'map', or NULL. */
static struct dns_info *
dns_info_find(const struct hmap *map, const struct uuid *uuid)
{
    struct dns_info *info;
    HMAP_FOR_EACH_WITH_HASH (info, hmap_node, uuid_hash(uuid), map) {
        if (uuid_equals(&info->nb->header_.uuid, uuid)) {
            return info;
        }
    }
    return NULL;
}

/* Whether 'row''s datapaths are exactly the 'n' in 'dps'. */
static bool
dns_datapaths_equal(const struct sbrec_dns *row,
                    const struct sbrec_datapath_binding **dps, size_t n)
{
    if (row->n_datapaths != n) {
        return false;
    }
    struct hmapx current = HMAPX_INITIALIZER(&current);
    for (size_t i = 0; i < row->n_datapaths; i++) {
        hmapx_add(&current, row->datapaths[i]);
    }
    bool same = hmapx_count(&current) == n;
    for (size_t i = 0; same && i < n; i++) {
        same = hmapx_contains(&current, dps[i]);
    }
    hmapx_destroy(&current);
    return same;
}

/* Brings 'row' in line with 'info'. */
static void
dns_row_sync(const struct sbrec_dns *row, const struct dns_info *info)
{
    if (!dns_datapaths_equal(row, info->dps, info->n_dps)) {
        sbrec_dns_set_datapaths(row,
                                (struct sbrec_datapath_binding **) info->dps,
                                info->n_dps);
    }

    /* Lookups are case-insensitive: ovn-controller looks up names in
     * lower case. */
    struct smap records = SMAP_INITIALIZER(&records);
    const struct smap_node *node;
    SMAP_FOR_EACH (node, &info->nb->records) {
        char *name = xstrdup(node->key);
        for (char *p = name; *p; p++) {
            *p = tolower((unsigned char) *p);
        }
        smap_replace_nocopy(&records, name, xstrdup(node->value));
        free(name);
    }
    if (!smap_equal(&row->records, &records)) {
        sbrec_dns_set_records(row, &records);
    }
    smap_destroy(&records);

    if (!smap_equal(&row->options, &info->nb->options)) {
        sbrec_dns_set_options(row, &info->nb->options);
    }
    if (!smap_is_empty(&row->external_ids)) {
        sbrec_dns_set_external_ids(row, NULL);
    }
}

/* Makes the Southbound DNS table hold one row per Northbound DNS row that
 * some switch of 'data' uses. */
void
dns_sync(const struct northd_data *data, const struct northd_context *ctx)
{
    struct hmap infos = HMAP_INITIALIZER(&infos);

    for (size_t i = 0; i < data->datapaths.n; i++) {
        const struct ovn_datapath *od = data->datapaths.array[i];
        if (!od->nbs || !od->nbs->n_dns_records) {
            continue;
        }
        const struct sbrec_datapath_binding *sb_dp
            = ovn_datapath_get_sb(od, ctx->sb_idl);
        if (!sb_dp) {
            continue;
        }
        for (size_t j = 0; j < od->nbs->n_dns_records; j++) {
            const struct nbrec_dns *nb = od->nbs->dns_records[j];
            struct dns_info *info = dns_info_find(&infos, &nb->header_.uuid);
            if (!info) {
                info = xzalloc(sizeof *info);
                info->nb = nb;
                hmap_insert(&infos, &info->hmap_node,
                            uuid_hash(&nb->header_.uuid));
            }
            if (info->n_dps >= info->allocated_dps) {
                info->dps = x2nrealloc(info->dps, &info->allocated_dps,
                                       sizeof *info->dps);
            }
            info->dps[info->n_dps++] = sb_dp;
        }
    }

    const struct sbrec_dns *row;
    SBREC_DNS_FOR_EACH_SAFE (row, ctx->sb_idl) {
        struct dns_info *info = dns_info_find(&infos, &row->header_.uuid);
        if (!info || info->in_sb) {
            sbrec_dns_delete(row);
            continue;
        }
        info->in_sb = true;
        dns_row_sync(row, info);
    }

    struct dns_info *info;
    HMAP_FOR_EACH_POP (info, hmap_node, &infos) {
        if (!info->in_sb) {
            row = sbrec_dns_insert_persist_uuid(ctx->ovnsb_txn,
                                                &info->nb->header_.uuid);
            dns_row_sync(row, info);
        }
        free(info->dps);
        free(info);
    }
    hmap_destroy(&infos);
}
