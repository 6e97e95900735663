/* lr-stateful.c: the NAT and load balancer state of logical routers (see
 * lr-stateful.h). */

#include <config.h>

#include "northd/lr-stateful.h"

#include <string.h>
#include <sys/socket.h>

#include "bitmap.h"
#include "lib/ovn-nb-idl.h"
#include "northd/en-lb-data.h"
#include "northd/lb.h"
#include "northd/northd.h"
#include "packets.h"
#include "smap.h"
#include "util.h"

/* Initializes 'lb_ips' as empty. */
static void
lr_lb_ips_init(struct lr_lb_ips *lb_ips)
{
    sset_init(&lb_ips->ips_v4);
    sset_init(&lb_ips->ips_v6);
    sset_init(&lb_ips->ips_v4_routable);
    sset_init(&lb_ips->ips_v6_routable);
    sset_init(&lb_ips->ips_v4_reachable);
    sset_init(&lb_ips->ips_v6_reachable);
}

/* Frees what 'lb_ips' holds. */
static void
lr_lb_ips_destroy(struct lr_lb_ips *lb_ips)
{
    sset_destroy(&lb_ips->ips_v4);
    sset_destroy(&lb_ips->ips_v6);
    sset_destroy(&lb_ips->ips_v4_routable);
    sset_destroy(&lb_ips->ips_v6_routable);
    sset_destroy(&lb_ips->ips_v4_reachable);
    sset_destroy(&lb_ips->ips_v6_reachable);
}

/* Whether Northbound load balancer 'nlb' has a VIP. */
static bool
nlb_has_vip(const struct nbrec_load_balancer *nlb)
{
    return !smap_is_empty(&nlb->vips);
}

/* Whether some load balancer of router 'od', its own or one of its
 * groups', has a VIP. */
static bool
lr_has_lb_vip(const struct ovn_datapath *od)
{
    const struct nbrec_logical_router *nbr = od->nbr;
    for (size_t i = 0; i < nbr->n_load_balancer; i++) {
        if (nlb_has_vip(nbr->load_balancer[i])) {
            return true;
        }
    }
    for (size_t i = 0; i < nbr->n_load_balancer_group; i++) {
        const struct nbrec_load_balancer_group *g
            = nbr->load_balancer_group[i];
        for (size_t j = 0; j < g->n_load_balancer; j++) {
            if (nlb_has_vip(g->load_balancer[j])) {
                return true;
            }
        }
    }
    return false;
}

/* Whether 'vip' is in the subnet of some port of router 'od'. */
static bool
lr_vip_is_reachable(const struct ovn_datapath *od,
                    const struct northd_lb_vip *vip)
{
    const struct ovn_port *op;
    OVN_DATAPATH_FOR_EACH_PORT (op, od) {
        const struct lport_addresses *n = &op->lrp_networks;
        if (vip->address_family == AF_INET) {
            ovs_be32 ip = in6_addr_get_mapped_ipv4(&vip->vip);
            for (size_t i = 0; i < n->n_ipv4_addrs; i++) {
                if ((ip & n->ipv4_addrs[i].mask)
                    == n->ipv4_addrs[i].network) {
                    return true;
                }
            }
        } else {
            for (size_t i = 0; i < n->n_ipv6_addrs; i++) {
                struct in6_addr net = ipv6_addr_bitand(&vip->vip,
                                                       &n->ipv6_addrs[i].mask);
                if (ipv6_addr_equals(&net, &n->ipv6_addrs[i].network)) {
                    return true;
                }
            }
        }
    }
    return false;
}

/* How a load balancer answers neighbor requests for its VIPs. */
enum lb_neigh_mode {
    LB_NEIGH_NONE,              /* Never. */
    LB_NEIGH_REACHABLE,         /* For VIPs in the router's subnets. */
    LB_NEIGH_ALL,               /* For every VIP. */
};

/* Returns the neighbor responder mode of 'lb' (options:neighbor_responder):
 * "all", "none" or, by default, "reachable", which template load balancers
 * cannot do. */
static enum lb_neigh_mode
lb_neigh_mode(const struct northd_lb *lb)
{
    const char *mode = lb->neighbor_responder;
    if (mode && !strcmp(mode, "all")) {
        return LB_NEIGH_ALL;
    } else if (mode && !strcmp(mode, "none")) {
        return LB_NEIGH_NONE;
    }
    return lb->is_template ? LB_NEIGH_NONE : LB_NEIGH_REACHABLE;
}

/* Adds the VIP addresses of 'lb' to the record of router 'lrs'. */
static void
lr_stateful_add_lb(struct lr_stateful *lrs, const struct northd_lb *lb)
{
    enum lb_neigh_mode mode = lb_neigh_mode(lb);
    for (size_t i = 0; i < lb->n_vips; i++) {
        const struct northd_lb_vip *vip = &lb->vips[i];
        if (vip->vip_str[0] == '^') {
            continue;
        }
        bool v4 = vip->address_family == AF_INET;
        struct lr_lb_ips *ips = &lrs->lb_ips;
        sset_add(v4 ? &ips->ips_v4 : &ips->ips_v6, vip->vip_str);
        if (lb->add_route) {
            sset_add(v4 ? &ips->ips_v4_routable : &ips->ips_v6_routable,
                     vip->vip_str);
        }
        if (mode == LB_NEIGH_ALL
            || (mode == LB_NEIGH_REACHABLE
                && lr_vip_is_reachable(lrs->od, vip))) {
            sset_add(v4 ? &ips->ips_v4_reachable : &ips->ips_v6_reachable,
                     vip->vip_str);
        }
    }
}

/* Frees record 'lrs'. */
static void
lr_stateful_destroy(struct lr_stateful *lrs)
{
    if (lrs) {
        lr_nat_destroy(&lrs->nat);
        lr_lb_ips_destroy(&lrs->lb_ips);
        free(lrs);
    }
}

/* Initializes 'table' as empty. */
void
lr_stateful_table_init(struct lr_stateful_table *table)
{
    memset(table, 0, sizeof *table);
    uuidset_init(&table->lbs);
    hmapx_init(&table->nat_changed);
}

/* Frees every record of 'table' and empties it. */
void
lr_stateful_table_clear(struct lr_stateful_table *table)
{
    for (size_t i = 0; i < table->n_datapaths; i++) {
        lr_stateful_destroy(table->by_index[i]);
    }
    free(table->by_index);
    table->by_index = NULL;
    table->n_datapaths = 0;
    uuidset_clear(&table->lbs);
    hmapx_clear(&table->nat_changed);
}

/* Frees 'table''s contents. */
void
lr_stateful_table_destroy(struct lr_stateful_table *table)
{
    lr_stateful_table_clear(table);
    uuidset_destroy(&table->lbs);
    hmapx_destroy(&table->nat_changed);
}

/* Makes 'table' hold a record for every router of 'nd', with the load
 * balancers of 'lbd' (which may be NULL: no load balancers). */
void
lr_stateful_table_build(struct lr_stateful_table *table,
                        const struct northd_data *nd,
                        const struct lb_data *lbd)
{
    lr_stateful_table_clear(table);

    size_t n = nd->datapaths.n;
    table->n_datapaths = n;
    table->by_index = xcalloc(n ? n : 1, sizeof *table->by_index);
    for (size_t i = 0; i < n; i++) {
        const struct ovn_datapath *od = nd->datapaths.array[i];
        if (!od->nbr) {
            continue;
        }
        struct lr_stateful *lrs = xzalloc(sizeof *lrs);
        lrs->od = od;
        lr_nat_init(&lrs->nat, od);
        lr_lb_ips_init(&lrs->lb_ips);
        lrs->has_lb_vip = lr_has_lb_vip(od);
        table->by_index[i] = lrs;
    }

    if (!lbd || lbd->n_datapaths != n) {
        return;
    }
    const struct northd_lb *lb;
    HMAP_FOR_EACH (lb, hmap_node, &lbd->lbs) {
        if (!lb->n_lr) {
            continue;
        }
        uuidset_insert(&table->lbs, &lb->uuid);
        size_t idx;
        BITMAP_FOR_EACH_1 (idx, n, lb->lr_map) {
            struct lr_stateful *lrs = table->by_index[idx];
            if (lrs) {
                lr_stateful_add_lb(lrs, lb);
            }
        }
    }
}

/* Whether the NAT rules that 'lrs' parsed are still those of its router,
 * unchanged: the same rows, in the same order, none of them in
 * 'updated_nats' ("const struct nbrec_nat *"s whose columns changed). */
static bool
lr_stateful_nat_is_current(const struct lr_stateful *lrs,
                           const struct hmapx *updated_nats)
{
    const struct nbrec_logical_router *nbr = lrs->od->nbr;
    if (lrs->nat.n_entries != nbr->n_nat) {
        return false;
    }
    for (size_t i = 0; i < nbr->n_nat; i++) {
        if (lrs->nat.entries[i].nb != nbr->nat[i]
            || hmapx_contains(updated_nats, nbr->nat[i])) {
            return false;
        }
    }
    return true;
}

/* Parses again the NAT rules of the routers whose rules changed (see
 * lr_stateful_nat_is_current()), and adds their records to
 * 'table->nat_changed'.  Returns false if 'table' does not match the
 * datapaths of 'nd' (a recompute is needed), true otherwise. */
bool
lr_stateful_sync_nat(struct lr_stateful_table *table,
                     const struct northd_data *nd,
                     const struct hmapx *updated_nats)
{
    if (table->n_datapaths != nd->datapaths.n) {
        return false;
    }
    for (size_t i = 0; i < table->n_datapaths; i++) {
        struct lr_stateful *lrs = table->by_index[i];
        if (!lrs || lrs->od != nd->datapaths.array[i]) {
            if (lrs || nd->datapaths.array[i]->nbr) {
                return false;
            }
            continue;
        }
        if (!lr_stateful_nat_is_current(lrs, updated_nats)) {
            lr_nat_destroy(&lrs->nat);
            lr_nat_init(&lrs->nat, lrs->od);
            hmapx_add(&table->nat_changed, lrs);
        }
    }
    return true;
}

/* Returns the record of router 'od', or NULL if 'od' is not a router of
 * 'table'. */
const struct lr_stateful *
lr_stateful_find(const struct lr_stateful_table *table,
                 const struct ovn_datapath *od)
{
    if (!table || od->index >= table->n_datapaths) {
        return NULL;
    }
    const struct lr_stateful *lrs = table->by_index[od->index];
    return lrs && lrs->od == od ? lrs : NULL;
}

/* Returns the name of the Southbound address set that holds the reachable
 * VIPs of family 'family' (AF_INET or AF_INET6) of router 'od'.  The
 * caller frees it. */
char *
lr_lb_address_set_name(const struct ovn_datapath *od, int family)
{
    return xasprintf("_rtr_lb_%"PRIu32"_ip%c", od->tunnel_key,
                     family == AF_INET ? '4' : '6');
}
