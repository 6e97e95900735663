/* multicast-groups.c: fixed multicast groups and IP_Multicast rows of
 * logical switches (see multicast-groups.h). */

#include <config.h>

#include "northd/multicast-groups.h"

#include <string.h>

#include "hmapx.h"
#include "lib/ovn-nb-idl.h"
#include "lib/ovn-sb-idl.h"
#include "northd/northd.h"
#include "smap.h"
#include "util.h"

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
    MC_FLOOD_REPORTS,   /* Enabled ports with options:mcast_flood_reports. */
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
    { MC_MROUTER_FLOOD, OVN_MCAST_MROUTER_FLOOD_TUNNEL_KEY,
      MC_FLOOD_REPORTS },
    { MC_STATIC, OVN_MCAST_STATIC_TUNNEL_KEY, MC_FLOOD_STATIC },
    { MC_FLOOD_L2, OVN_MCAST_FLOOD_L2_TUNNEL_KEY, MC_NOT_ROUTER },
};
BUILD_ASSERT_DECL(ARRAY_SIZE(mc_groups)
                  <= ARRAY_SIZE(((struct ovn_datapath *) NULL)
                                ->mc_group_sb_uuid));

/* Whether 'op' belongs to a group whose members are 'members'. */
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
    case MC_FLOOD_REPORTS:
        return smap_get_bool(&nbsp->options, "mcast_flood_reports", false);
    case MC_FLOOD_STATIC:
        return smap_get_bool(&nbsp->options, "mcast_flood", false);
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

/* Brings the fixed groups of switch 'od' in line with its ports. */
static void
mc_groups_sync_od(struct ovn_datapath *od, const struct northd_context *ctx)
{
    const struct sbrec_port_binding **pbs
        = xmalloc(MAX(od->n_ports, 1) * sizeof *pbs);

    for (size_t i = 0; i < ARRAY_SIZE(mc_groups); i++) {
        const struct mc_group_def *def = &mc_groups[i];
        struct uuid *sb_uuid = &od->mc_group_sb_uuid[i];
        const struct sbrec_multicast_group *row = (
            uuid_is_zero(sb_uuid) ? NULL
            : sbrec_multicast_group_get_for_uuid(ctx->sb_idl, sb_uuid));

        size_t n = 0;
        if (od->nbs) {
            const struct ovn_port *op;
            OVN_DATAPATH_FOR_EACH_PORT (op, od) {
                if (mc_group_has_port(def->members, op)) {
                    const struct sbrec_port_binding *pb
                        = ovn_port_get_sb(op, ctx->sb_idl);
                    if (pb) {
                        pbs[n++] = pb;
                    }
                }
            }
        }

        if (!n) {
            if (row) {
                sbrec_multicast_group_delete(row);
            }
            *sb_uuid = UUID_ZERO;
            continue;
        }

        if (!row) {
            uuid_generate(sb_uuid);
            row = sbrec_multicast_group_insert_persist_uuid(ctx->ovnsb_txn,
                                                            sb_uuid);
            sbrec_multicast_group_set_name(row, def->name);
        }
        const struct sbrec_datapath_binding *sb_dp
            = ovn_datapath_get_sb(od, ctx->sb_idl);
        if (row->datapath != sb_dp) {
            sbrec_multicast_group_set_datapath(row, sb_dp);
        }
        if (row->tunnel_key != def->key) {
            sbrec_multicast_group_set_tunnel_key(row, def->key);
        }

        if (!mc_group_has_ports(row, pbs, n)) {
            sbrec_multicast_group_set_ports(
                row, (struct sbrec_port_binding **) pbs, n);
        }
    }
    free(pbs);
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

/* Brings switch 'od''s fixed groups in line with its ports: after a change
 * to its ports. */
void
multicast_groups_sync_datapath(struct ovn_datapath *od,
                               const struct northd_context *ctx)
{
    if (od->nbs) {
        mc_groups_sync_od(od, ctx);
    }
}

/* Binds the existing Multicast_Group and IP_Multicast rows to the
 * datapaths of 'data' (freshly built), deletes those of datapaths that are
 * gone and duplicates, then brings every switch's rows in line. */
void
multicast_groups_sync_all(struct northd_data *data,
                          const struct northd_context *ctx)
{
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
        for (size_t i = 0; i < ARRAY_SIZE(mc_groups); i++) {
            if (!strcmp(mg->name, mc_groups[i].name)) {
                if (!od->nbs || !uuid_is_zero(&od->mc_group_sb_uuid[i])) {
                    sbrec_multicast_group_delete(mg);
                } else {
                    od->mc_group_sb_uuid[i] = mg->header_.uuid;
                }
                break;
            }
        }
    }

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
        if (od->nbs) {
            mc_groups_sync_od(od, ctx);
            ip_mcast_sync_od(od, ctx);
        }
    }
}
