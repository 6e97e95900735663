/* multicast-groups.c: multicast groups and IP_Multicast rows of logical
 * datapaths (see multicast-groups.h). */

#include <config.h>

#include "northd/multicast-groups.h"

#include <string.h>

#include "hash.h"
#include "hmapx.h"
#include "lib/ovn-nb-idl.h"
#include "lib/ovn-sb-idl.h"
#include "northd/igmp-groups.h"
#include "northd/northd.h"
#include "openvswitch/vlog.h"
#include "smap.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(multicast_groups);

/* IP multicast snooping defaults and limits, in seconds and entries. */
#define MCAST_MIN_IDLE_TIMEOUT_S 15
#define MCAST_MAX_IDLE_TIMEOUT_S 3600
#define MCAST_DEFAULT_IDLE_TIMEOUT_S 300
#define MCAST_MIN_QUERY_INTERVAL_S 1
#define MCAST_MAX_QUERY_INTERVAL_S MCAST_MAX_IDLE_TIMEOUT_S
#define MCAST_DEFAULT_QUERY_MAX_RESPONSE_S 1
#define MCAST_DEFAULT_MAX_ENTRIES 2048

/* Which ports belong to a fixed group. */
enum mc_membership {
    MC_ALL,             /* Every enabled port. */
    MC_UNKNOWN_ADDRS,   /* Enabled ports with "unknown" addresses. */
    MC_MROUTERS,        /* Enabled ports with options:mcast_flood_reports,
                         * ports to relaying routers, ports to multicast
                         * routers found by snooping. */
    MC_FLOOD_STATIC,    /* Enabled ports with options:mcast_flood. */
    MC_NOT_ROUTER,      /* Enabled ports but those of type "router". */
};

/* A fixed multicast group. */
struct mc_group_def {
    const char *name;             /* Its name. */
    uint32_t key;                 /* Its tunnel key. */
    enum mc_membership members;   /* Who belongs. */
};

/* The fixed groups, indexed like ovn_datapath 'mc_group_sb_uuid'. */
static const struct mc_group_def mc_groups[] = {
    { MC_FLOOD, OVN_MCAST_FLOOD_TUNNEL_KEY, MC_ALL },
    { MC_UNKNOWN, OVN_MCAST_UNKNOWN_TUNNEL_KEY, MC_UNKNOWN_ADDRS },
    { MC_MROUTER_FLOOD, OVN_MCAST_MROUTER_FLOOD_TUNNEL_KEY, MC_MROUTERS },
    { MC_STATIC, OVN_MCAST_STATIC_TUNNEL_KEY, MC_FLOOD_STATIC },
    { MC_FLOOD_L2, OVN_MCAST_FLOOD_L2_TUNNEL_KEY, MC_NOT_ROUTER },
};
BUILD_ASSERT_DECL(ARRAY_SIZE(mc_groups)
                  <= ARRAY_SIZE(((struct ovn_datapath *) NULL)
                                ->mc_group_sb_uuid));

/* Frees 'info' (which may be NULL). */
void
od_mcast_info_destroy(struct od_mcast_info *info)
{
    if (!info) {
        return;
    }
    for (size_t i = 0; i < info->n_groups; i++) {
        free(info->groups[i].name);
        free(info->groups[i].ports);
    }
    free(info->groups);
    sset_destroy(&info->mrouter_ports);
    free(info);
}

/* Whether port 'op' (a switch port, or a router port of a relaying
 * router) asks for all IP multicast traffic (options:mcast_flood). */
bool
lsp_floods_mcast(const struct ovn_port *op)
{
    if (op->nbsp) {
        return smap_get_bool(&op->nbsp->options, "mcast_flood", false);
    }
    return (op->nbrp && !op->is_chassisredirect && op->od->mcast_info
            && op->od->mcast_info->relay
            && smap_get_bool(&op->nbrp->options, "mcast_flood", false));
}

/* Whether switch port 'op' leads to a router that relays IP multicast. */
static bool
lsp_peer_relays(const struct ovn_port *op)
{
    return (op->peer && op->peer->nbrp && op->peer->od->mcast_info
            && op->peer->od->mcast_info->relay);
}

/* Whether 'op' belongs to fixed group 'members' of a switch. */
static bool
mc_group_has_port(enum mc_membership members, const struct ovn_port *op)
{
    const struct nbrec_logical_switch_port *nbsp = op->nbsp;
    if (!nbsp || !lsp_is_enabled(nbsp)) {
        return false;
    }
    switch (members) {
    case MC_ALL:
        return true;
    case MC_UNKNOWN_ADDRS:
        return op->has_unknown;
    case MC_MROUTERS:
        if (smap_get_bool(&nbsp->options, "mcast_flood_reports", false)
            || lsp_peer_relays(op)) {
            return true;
        }
        return (op->od->mcast_info
                && sset_contains(&op->od->mcast_info->mrouter_ports,
                                 op->key));
    case MC_FLOOD_STATIC:
        return lsp_floods_mcast(op);
    case MC_NOT_ROUTER:
        return !lsp_is_router(nbsp);
    }
    OVS_NOT_REACHED();
}

/* Whether 'row' holds exactly the 'n' ports in 'pbs'. */
static bool
mc_group_has_ports(const struct sbrec_multicast_group *row,
                   const struct sbrec_port_binding **pbs, size_t n)
{
    if (row->n_ports != n) {
        return false;
    }
    struct hmapx current = HMAPX_INITIALIZER(&current);
    for (size_t i = 0; i < row->n_ports; i++) {
        hmapx_add(&current, row->ports[i]);
    }
    bool same = hmapx_count(&current) == n;
    for (size_t i = 0; same && i < n; i++) {
        same = hmapx_contains(&current, pbs[i]);
    }
    hmapx_destroy(&current);
    return same;
}

/* Makes the Multicast_Group row with UUID '*sb_uuid' (zero if there is
 * none) hold group 'name' with 'key' and the 'n' ports in 'pbs' on 'od',
 * or go away if 'n' is 0. */
static void
mc_group_sync_row(const struct ovn_datapath *od, struct uuid *sb_uuid,
                  const char *name, uint32_t key,
                  const struct sbrec_port_binding **pbs, size_t n,
                  const struct northd_context *ctx)
{
    const struct sbrec_multicast_group *row = (
        uuid_is_zero(sb_uuid) ? NULL
        : sbrec_multicast_group_get_for_uuid(ctx->sb_idl, sb_uuid));
    if (!n) {
        if (row) {
            sbrec_multicast_group_delete(row);
        }
        *sb_uuid = UUID_ZERO;
        return;
    }

    if (!row) {
        uuid_generate(sb_uuid);
        row = sbrec_multicast_group_insert_persist_uuid(ctx->ovnsb_txn,
                                                        sb_uuid);
        sbrec_multicast_group_set_name(row, name);
    }
    const struct sbrec_datapath_binding *sb_dp
        = ovn_datapath_get_sb(od, ctx->sb_idl);
    if (row->datapath != sb_dp) {
        sbrec_multicast_group_set_datapath(row, sb_dp);
    }
    if (row->tunnel_key != key) {
        sbrec_multicast_group_set_tunnel_key(row, key);
    }
    if (!mc_group_has_ports(row, pbs, n)) {
        sbrec_multicast_group_set_ports(row,
                                        (struct sbrec_port_binding **) pbs,
                                        n);
    }
}

/* Brings the fixed groups of datapath 'od' in line with its ports. */
static void
mc_groups_sync_od(struct ovn_datapath *od, const struct northd_context *ctx)
{
    const struct sbrec_port_binding **pbs
        = xmalloc(MAX(od->n_ports, 1) * sizeof *pbs);

    for (size_t i = 0; i < ARRAY_SIZE(mc_groups); i++) {
        const struct mc_group_def *def = &mc_groups[i];
        size_t n = 0;
        const struct ovn_port *op;
        OVN_DATAPATH_FOR_EACH_PORT (op, od) {
            bool member = (od->nbs ? mc_group_has_port(def->members, op)
                           : (def->members == MC_FLOOD_STATIC
                              && lsp_floods_mcast(op)));
            if (member) {
                const struct sbrec_port_binding *pb
                    = ovn_port_get_sb(op, ctx->sb_idl);
                if (pb) {
                    pbs[n++] = pb;
                }
            }
        }
        mc_group_sync_row(od, &od->mc_group_sb_uuid[i], def->name, def->key,
                          pbs, n, ctx);
    }
    free(pbs);
}

/* Brings the rows of the learned groups of 'od' in line, giving new
 * groups tunnel keys that no group of 'od' has. */
static void
learned_groups_sync_od(struct ovn_datapath *od,
                       const struct northd_context *ctx)
{
    struct od_mcast_info *info = od->mcast_info;
    struct tnlid_set keys;
    tnlid_set_init(&keys);

    /* Groups that have a row keep its key, if it is valid. */
    for (size_t i = 0; i < info->n_groups; i++) {
        struct mcast_learned_group *g = &info->groups[i];
        const struct sbrec_multicast_group *row = (
            uuid_is_zero(&g->sb_uuid) ? NULL
            : sbrec_multicast_group_get_for_uuid(ctx->sb_idl, &g->sb_uuid));
        if (row && row->tunnel_key >= OVN_MIN_IP_MULTICAST
            && row->tunnel_key <= OVN_MAX_IP_MULTICAST
            && tnlid_set_add(&keys, row->tunnel_key)) {
            g->tunnel_key = row->tunnel_key;
        }
    }

    uint32_t hint = 0;
    const struct sbrec_port_binding **pbs = NULL;
    size_t allocated = 0;
    for (size_t i = 0; i < info->n_groups; i++) {
        struct mcast_learned_group *g = &info->groups[i];
        if (!g->tunnel_key) {
            g->tunnel_key = tnlid_set_allocate(&keys, "multicast group",
                                               OVN_MIN_IP_MULTICAST,
                                               OVN_MAX_IP_MULTICAST, &hint);
        }
        if (allocated < g->n_ports) {
            allocated = g->n_ports;
            pbs = xrealloc(pbs, allocated * sizeof *pbs);
        }
        size_t n = 0;
        for (size_t j = 0; j < g->n_ports; j++) {
            const struct sbrec_port_binding *pb
                = ovn_port_get_sb(g->ports[j], ctx->sb_idl);
            if (pb) {
                pbs[n++] = pb;
            }
        }
        mc_group_sync_row(od, &g->sb_uuid, g->name, g->tunnel_key, pbs,
                          g->tunnel_key ? n : 0, ctx);
    }
    free(pbs);
    tnlid_set_destroy(&keys);
}

/* Brings switch 'od''s IP_Multicast row in line with its
 * other_config:mcast_* settings. */
static void
ip_mcast_sync_od(struct ovn_datapath *od, const struct northd_context *ctx)
{
    const struct smap *oc = &od->nbs->other_config;
    const struct sbrec_ip_multicast *row = (
        uuid_is_zero(&od->ip_mcast_sb_uuid) ? NULL
        : sbrec_ip_multicast_get_for_uuid(ctx->sb_idl,
                                          &od->ip_mcast_sb_uuid));
    if (!row) {
        uuid_generate(&od->ip_mcast_sb_uuid);
        row = sbrec_ip_multicast_insert_persist_uuid(ctx->ovnsb_txn,
                                                     &od->ip_mcast_sb_uuid);
    }

    bool enabled = smap_get_bool(oc, "mcast_snoop", false);
    bool querier = smap_get_bool(oc, "mcast_querier", true);
    int64_t table_size = smap_get_ullong(oc, "mcast_table_size",
                                         MCAST_DEFAULT_MAX_ENTRIES);
    int64_t idle_timeout = smap_get_ullong(oc, "mcast_idle_timeout",
                                           MCAST_DEFAULT_IDLE_TIMEOUT_S);
    idle_timeout = MAX(idle_timeout, MCAST_MIN_IDLE_TIMEOUT_S);
    idle_timeout = MIN(idle_timeout, MCAST_MAX_IDLE_TIMEOUT_S);
    int64_t query_interval = smap_get_ullong(oc, "mcast_query_interval",
                                             idle_timeout / 2);
    query_interval = MAX(query_interval, MCAST_MIN_QUERY_INTERVAL_S);
    query_interval = MIN(query_interval, MCAST_MAX_QUERY_INTERVAL_S);
    int64_t query_max_resp = smap_get_ullong(
        oc, "mcast_query_max_response", MCAST_DEFAULT_QUERY_MAX_RESPONSE_S);
    const char *eth_src = smap_get_def(oc, "mcast_eth_src", "");
    const char *ip4_src = smap_get_def(oc, "mcast_ip4_src", "");
    const char *ip6_src = smap_get_def(oc, "mcast_ip6_src", "");

    const struct sbrec_datapath_binding *sb_dp
        = ovn_datapath_get_sb(od, ctx->sb_idl);
    if (row->datapath != sb_dp) {
        sbrec_ip_multicast_set_datapath(row, sb_dp);
    }
    if (!row->n_enabled || *row->enabled != enabled) {
        sbrec_ip_multicast_set_enabled(row, &enabled, 1);
    }
    if (!row->n_querier || *row->querier != querier) {
        sbrec_ip_multicast_set_querier(row, &querier, 1);
    }
    if (!row->n_table_size || *row->table_size != table_size) {
        sbrec_ip_multicast_set_table_size(row, &table_size, 1);
    }
    if (!row->n_idle_timeout || *row->idle_timeout != idle_timeout) {
        sbrec_ip_multicast_set_idle_timeout(row, &idle_timeout, 1);
    }
    if (!row->n_query_interval || *row->query_interval != query_interval) {
        sbrec_ip_multicast_set_query_interval(row, &query_interval, 1);
    }
    if (!row->n_query_max_resp || *row->query_max_resp != query_max_resp) {
        sbrec_ip_multicast_set_query_max_resp(row, &query_max_resp, 1);
    }
    if (strcmp(row->eth_src, eth_src)) {
        sbrec_ip_multicast_set_eth_src(row, eth_src);
    }
    if (strcmp(row->ip4_src, ip4_src)) {
        sbrec_ip_multicast_set_ip4_src(row, ip4_src);
    }
    if (strcmp(row->ip6_src, ip6_src)) {
        sbrec_ip_multicast_set_ip6_src(row, ip6_src);
    }
}

/* Computes the multicast summaries of every datapath of 'data' that do not
 * depend on what snooping learned. */
static void
mcast_info_init_all(struct northd_data *data)
{
    struct ovn_datapaths *dps = &data->datapaths;
    for (size_t i = 0; i < dps->n; i++) {
        struct ovn_datapath *od = dps->array[i];
        od_mcast_info_destroy(od->mcast_info);
        struct od_mcast_info *info = od->mcast_info = xzalloc(sizeof *info);
        sset_init(&info->mrouter_ports);
        if (od->nbs) {
            const struct smap *oc = &od->nbs->other_config;
            info->snoop = smap_get_bool(oc, "mcast_snoop", false);
            info->flood_unregistered = smap_get_bool(
                oc, "mcast_flood_unregistered", false);
            info->table_size = smap_get_ullong(oc, "mcast_table_size",
                                               MCAST_DEFAULT_MAX_ENTRIES);
        } else {
            info->relay = smap_get_bool(&od->nbr->options, "mcast_relay",
                                        false);
        }
    }

    /* What switches learn from their ports and routers. */
    for (size_t i = 0; i < dps->n; i++) {
        struct ovn_datapath *od = dps->array[i];
        if (!od->nbs) {
            continue;
        }
        const struct ovn_port *op;
        OVN_DATAPATH_FOR_EACH_PORT (op, od) {
            if (!op->nbsp) {
                continue;
            }
            if (lsp_peer_relays(op)) {
                od->mcast_info->flood_relay = true;
            }
            if (lsp_is_enabled(op->nbsp) && lsp_floods_mcast(op)) {
                od->mcast_info->flood_static = true;
            }
        }
    }
}

/* Brings datapath 'od''s fixed groups in line with its ports: after a
 * change to its ports. */
void
multicast_groups_sync_datapath(struct ovn_datapath *od,
                               const struct northd_context *ctx)
{
    mc_groups_sync_od(od, ctx);
}

/* A learned group's row, found in the database. */
struct learned_row {
    struct hmap_node hmap_node;     /* By datapath and name. */
    const struct sbrec_multicast_group *row;  /* The row. */
    const struct ovn_datapath *od;  /* Its datapath. */
};

/* Computes the multicast summaries and learned groups of the datapaths of
 * 'data' (freshly built), binds the existing Multicast_Group and
 * IP_Multicast rows to them, deletes those of datapaths that are gone,
 * stale and duplicate ones, and brings every datapath's rows in line. */
void
multicast_groups_sync_all(struct northd_data *data,
                          const struct northd_context *ctx)
{
    mcast_info_init_all(data);
    igmp_groups_build(data, ctx);

    struct hmap learned_rows = HMAP_INITIALIZER(&learned_rows);
    const struct sbrec_multicast_group *mg;
    SBREC_MULTICAST_GROUP_FOR_EACH_SAFE (mg, ctx->sb_idl) {
        struct ovn_datapath *od = (mg->datapath
                                   ? ovn_datapath_find_by_sb(
                                       &data->datapaths,
                                       &mg->datapath->header_.uuid)
                                   : NULL);
        if (!od) {
            sbrec_multicast_group_delete(mg);
            continue;
        }
        bool fixed = false;
        for (size_t i = 0; i < ARRAY_SIZE(mc_groups); i++) {
            if (!strcmp(mg->name, mc_groups[i].name)) {
                if (!uuid_is_zero(&od->mc_group_sb_uuid[i])) {
                    sbrec_multicast_group_delete(mg);
                } else {
                    od->mc_group_sb_uuid[i] = mg->header_.uuid;
                }
                fixed = true;
                break;
            }
        }
        if (!fixed) {
            struct learned_row *lr = xmalloc(sizeof *lr);
            lr->row = mg;
            lr->od = od;
            hmap_insert(&learned_rows, &lr->hmap_node,
                        hash_string(mg->name, od->index));
        }
    }

    /* Learned groups take over the rows of their name. */
    for (size_t i = 0; i < data->datapaths.n; i++) {
        struct ovn_datapath *od = data->datapaths.array[i];
        struct od_mcast_info *info = od->mcast_info;
        for (size_t j = 0; j < info->n_groups; j++) {
            struct mcast_learned_group *g = &info->groups[j];
            struct learned_row *lr;
            HMAP_FOR_EACH_WITH_HASH (lr, hmap_node,
                                     hash_string(g->name, od->index),
                                     &learned_rows) {
                if (lr->od == od && !strcmp(lr->row->name, g->name)) {
                    g->sb_uuid = lr->row->header_.uuid;
                    hmap_remove(&learned_rows, &lr->hmap_node);
                    free(lr);
                    break;
                }
            }
        }
    }
    struct learned_row *lr;
    HMAP_FOR_EACH_POP (lr, hmap_node, &learned_rows) {
        sbrec_multicast_group_delete(lr->row);
        free(lr);
    }
    hmap_destroy(&learned_rows);

    const struct sbrec_ip_multicast *ipm;
    SBREC_IP_MULTICAST_FOR_EACH_SAFE (ipm, ctx->sb_idl) {
        struct ovn_datapath *od = (ipm->datapath
                                   ? ovn_datapath_find_by_sb(
                                       &data->datapaths,
                                       &ipm->datapath->header_.uuid)
                                   : NULL);
        if (!od || !od->nbs || !uuid_is_zero(&od->ip_mcast_sb_uuid)) {
            sbrec_ip_multicast_delete(ipm);
            continue;
        }
        od->ip_mcast_sb_uuid = ipm->header_.uuid;
    }

    for (size_t i = 0; i < data->datapaths.n; i++) {
        struct ovn_datapath *od = data->datapaths.array[i];
        mc_groups_sync_od(od, ctx);
        learned_groups_sync_od(od, ctx);
        if (od->nbs) {
            ip_mcast_sync_od(od, ctx);
        }
    }
}
