/* igmp-groups.c: IP multicast groups learned through IGMP/MLD snooping
 * (see igmp-groups.h). */

#include <config.h>

#include "northd/igmp-groups.h"

#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "hmapx.h"
#include "lib/ovn-nb-idl.h"
#include "lib/ovn-sb-idl.h"
#include "northd/multicast-groups.h"
#include "northd/northd.h"
#include "openvswitch/hmap.h"
#include "openvswitch/list.h"
#include "openvswitch/vlog.h"
#include "packets.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(igmp_groups);

/* The IGMP_Group address under which ovn-controller records the ports
 * behind which it heard multicast routers. */
#define IGMP_GROUP_MROUTERS "mrouters"

/* A group of one datapath, while the rows of every chassis add up. */
struct igmp_agg {
    struct hmap_node hmap_node;     /* By datapath and address. */
    struct ovs_list od_node;        /* In its datapath's list. */
    struct ovn_datapath *od;        /* The datapath. */
    struct in6_addr address;        /* The address. */
    const char *name;               /* The address as first written. */
    struct hmapx ports;             /* Members ("struct ovn_port *"). */
};

/* Every group being aggregated. */
struct igmp_aggs {
    struct hmap by_addr;            /* "struct igmp_agg"s. */
    struct ovs_list *by_od;         /* Lists of "struct igmp_agg"s, by
                                     * datapath index. */
};

/* Parses IPv4 or IPv6 address 's' into 'addr' (IPv4-mapped for IPv4). */
static bool
parse_ip46(const char *s, struct in6_addr *addr)
{
    ovs_be32 ip4;
    if (ip_parse(s, &ip4)) {
        in6_addr_set_mapped_ipv4(addr, ip4);
        return true;
    }
    return ipv6_parse(s, addr);
}

/* Returns the group of 'od' with 'address' in 'aggs', creating it (named
 * 'name') if needed. */
static struct igmp_agg *
igmp_agg_get(struct igmp_aggs *aggs, struct ovn_datapath *od,
             const struct in6_addr *address, const char *name)
{
    uint32_t hash = hash_bytes(address, sizeof *address, od->index);
    struct igmp_agg *agg;
    HMAP_FOR_EACH_WITH_HASH (agg, hmap_node, hash, &aggs->by_addr) {
        if (agg->od == od && ipv6_addr_equals(&agg->address, address)) {
            return agg;
        }
    }
    agg = xzalloc(sizeof *agg);
    agg->od = od;
    agg->address = *address;
    agg->name = name;
    hmapx_init(&agg->ports);
    hmap_insert(&aggs->by_addr, &agg->hmap_node, hash);
    ovs_list_push_back(&aggs->by_od[od->index], &agg->od_node);
    return agg;
}

/* Whether switch port 'op' gets all IP multicast anyway, so that it needs
 * no learned group: it floods, or leads to a router that relays. */
static bool
lsp_gets_all_mcast(const struct ovn_port *op)
{
    return (lsp_floods_mcast(op)
            || (op->peer && op->peer->nbrp && op->peer->od->mcast_info
                && op->peer->od->mcast_info->relay));
}

/* Adds to 'ports' the ports of IGMP_Group 'row' that belong to switch 'od'
 * and need the group. */
static void
igmp_row_get_ports(const struct sbrec_igmp_group *row,
                   const struct ovn_datapath *od,
                   const struct northd_data *data, struct hmapx *ports)
{
    for (size_t i = 0; i < row->n_ports; i++) {
        struct ovn_port *op = ovn_port_find(&data->ports,
                                            row->ports[i]->logical_port);
        if (op && op->nbsp && op->od == od && !lsp_gets_all_mcast(op)) {
            hmapx_add(ports, op);
        }
    }
}

/* Compares learned groups by name, for qsort(). */
static int
compare_groups_by_name(const void *a_, const void *b_)
{
    const struct mcast_learned_group *a = a_;
    const struct mcast_learned_group *b = b_;
    return strcmp(a->name, b->name);
}

/* Stores the groups of 'od' in 'aggs' into 'od''s multicast summary,
 * freeing them. */
static void
igmp_aggs_store(struct igmp_aggs *aggs, struct ovn_datapath *od)
{
    struct od_mcast_info *info = od->mcast_info;
    struct ovs_list *list = &aggs->by_od[od->index];
    size_t n = ovs_list_size(list);
    if (!n) {
        return;
    }
    info->groups = xcalloc(n, sizeof *info->groups);
    struct igmp_agg *agg;
    LIST_FOR_EACH_POP (agg, od_node, list) {
        struct mcast_learned_group *g = &info->groups[info->n_groups++];
        g->name = xstrdup(agg->name);
        g->address = agg->address;
        g->ports = xmalloc(MAX(hmapx_count(&agg->ports), 1)
                           * sizeof *g->ports);
        struct hmapx_node *hn;
        HMAPX_FOR_EACH (hn, &agg->ports) {
            g->ports[g->n_ports++] = hn->data;
        }
        hmap_remove(&aggs->by_addr, &agg->hmap_node);
        hmapx_destroy(&agg->ports);
        free(agg);
    }
    qsort(info->groups, info->n_groups, sizeof *info->groups,
          compare_groups_by_name);
}

/* Aggregates the Southbound IGMP_Group rows into the learned groups and
 * multicast router ports of the datapaths of 'data', whose multicast
 * summaries must exist, deleting rows that refer to what is gone. */
void
igmp_groups_build(struct northd_data *data, const struct northd_context *ctx)
{
    struct ovn_datapaths *dps = &data->datapaths;
    struct igmp_aggs aggs;
    hmap_init(&aggs.by_addr);
    aggs.by_od = xmalloc(MAX(dps->n, 1) * sizeof *aggs.by_od);
    for (size_t i = 0; i < dps->n; i++) {
        ovs_list_init(&aggs.by_od[i]);
    }
    struct hmapx *mrouters = xmalloc(MAX(dps->n, 1) * sizeof *mrouters);
    for (size_t i = 0; i < dps->n; i++) {
        hmapx_init(&mrouters[i]);
    }

    /* What ovn-controllers learned on switches. */
    const struct sbrec_igmp_group *row;
    SBREC_IGMP_GROUP_FOR_EACH_SAFE (row, ctx->sb_idl) {
        struct ovn_datapath *od = (row->datapath
                                   ? ovn_datapath_find_by_sb(
                                       dps, &row->datapath->header_.uuid)
                                   : NULL);
        if (!row->chassis || !od || !od->nbs) {
            sbrec_igmp_group_delete(row);
            continue;
        }

        if (!strcmp(row->address, IGMP_GROUP_MROUTERS)) {
            igmp_row_get_ports(row, od, data, &mrouters[od->index]);
            continue;
        }
        struct in6_addr address;
        if (!parse_ip46(row->address, &address)) {
            static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 1);
            VLOG_WARN_RL(&rl, "invalid IGMP group address: %s",
                         row->address);
            continue;
        }
        struct hmapx ports = HMAPX_INITIALIZER(&ports);
        igmp_row_get_ports(row, od, data, &ports);
        if (!hmapx_is_empty(&ports)) {
            struct igmp_agg *agg = igmp_agg_get(&aggs, od, &address,
                                                row->address);
            struct hmapx_node *hn;
            HMAPX_FOR_EACH (hn, &ports) {
                hmapx_add(&agg->ports, hn->data);
            }
        }
        hmapx_destroy(&ports);
    }

    /* Routers that relay join, through their port to each snooping
     * switch, the groups learned there.  (Through the chassis-redirect
     * port of a distributed gateway port, which traffic must go through.)
     */
    for (size_t i = 0; i < dps->n; i++) {
        struct ovn_datapath *od = dps->array[i];
        if (!od->nbr || !od->mcast_info->relay) {
            continue;
        }
        struct ovn_port *op;
        OVN_DATAPATH_FOR_EACH_PORT (op, od) {
            if (op->is_chassisredirect || !op->peer || !op->peer->nbsp
                || !op->peer->od->mcast_info->snoop) {
                continue;
            }
            struct ovn_port *member = op->cr_port ? op->cr_port : op;
            const struct igmp_agg *sw_agg;
            LIST_FOR_EACH (sw_agg, od_node, &aggs.by_od[op->peer->od->index]) {
                struct igmp_agg *agg = igmp_agg_get(&aggs, od,
                                                    &sw_agg->address,
                                                    sw_agg->name);
                hmapx_add(&agg->ports, member);
            }
        }
    }

    /* Traffic to a group also goes to the physical network. */
    for (size_t i = 0; i < dps->n; i++) {
        struct ovn_datapath *od = dps->array[i];
        if (!od->nbs || !od->n_localnet_ports
            || ovs_list_is_empty(&aggs.by_od[i])) {
            continue;
        }
        struct ovn_port **localnets = xmalloc(od->n_localnet_ports
                                              * sizeof *localnets);
        size_t n = 0;
        struct ovn_port *op;
        OVN_DATAPATH_FOR_EACH_PORT (op, od) {
            if (op->nbsp && !strcmp(op->nbsp->type, "localnet")
                && n < od->n_localnet_ports) {
                localnets[n++] = op;
            }
        }
        struct igmp_agg *agg;
        LIST_FOR_EACH (agg, od_node, &aggs.by_od[i]) {
            for (size_t j = 0; j < n; j++) {
                hmapx_add(&agg->ports, localnets[j]);
            }
        }
        free(localnets);
    }

    for (size_t i = 0; i < dps->n; i++) {
        struct ovn_datapath *od = dps->array[i];
        igmp_aggs_store(&aggs, od);

        struct hmapx_node *hn;
        HMAPX_FOR_EACH (hn, &mrouters[i]) {
            const struct ovn_port *op = hn->data;
            sset_add(&od->mcast_info->mrouter_ports, op->key);
        }
        hmapx_destroy(&mrouters[i]);
    }
    free(mrouters);
    free(aggs.by_od);
    hmap_destroy(&aggs.by_addr);
}
