/* lr-stateful.c: the NAT and load balancer state of logical routers (see
 * lr-stateful.h). */

#include <config.h>

#include "northd/lr-stateful.h"

#include <string.h>
#include <sys/socket.h>

#include "bitmap.h"
#include "hash.h"
#include "lib/ovn-nb-idl.h"
#include "openvswitch/dynamic-string.h"
#include "northd/en-lb-data.h"
#include "northd/lb.h"
#include "northd/northd.h"
#include "packets.h"
#include "smap.h"
#include "util.h"

/* A load balancer that applies to some router, as the router records
 * were last made with it. */
struct lr_stateful_lb {
    struct hmap_node node;      /* In "struct lr_stateful_table" 'lbs'. */
    struct uuid uuid;           /* The load balancer's. */
    unsigned long *routers;     /* The routers it applies to, by datapath
                                 * index. */
    char *vips;                 /* What of it decides the routers' VIP
                                 * addresses (see lb_vips_signature()). */
};

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

/* Adds the VIP addresses of 'lb' to 'ips', those of router 'od'. */
static void
lr_lb_ips_add_lb(struct lr_lb_ips *ips, const struct ovn_datapath *od,
                 const struct northd_lb *lb)
{
    enum lb_neigh_mode mode = lb_neigh_mode(lb);
    for (size_t i = 0; i < lb->n_vips; i++) {
        const struct northd_lb_vip *vip = &lb->vips[i];
        if (vip->vip_str[0] == '^') {
            continue;
        }
        bool v4 = vip->address_family == AF_INET;
        sset_add(v4 ? &ips->ips_v4 : &ips->ips_v6, vip->vip_str);
        if (lb->add_route) {
            sset_add(v4 ? &ips->ips_v4_routable : &ips->ips_v6_routable,
                     vip->vip_str);
        }
        if (mode == LB_NEIGH_ALL
            || (mode == LB_NEIGH_REACHABLE
                && lr_vip_is_reachable(od, vip))) {
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
    hmap_init(&table->lbs);
    hmapx_init(&table->changed);
}

/* Frees 'rec'. */
static void
lr_stateful_lb_destroy(struct lr_stateful_lb *rec)
{
    free(rec->routers);
    free(rec->vips);
    free(rec);
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
    struct lr_stateful_lb *rec;
    HMAP_FOR_EACH_POP (rec, node, &table->lbs) {
        lr_stateful_lb_destroy(rec);
    }
    hmapx_clear(&table->changed);
    table->lb_ips_changed = false;
    table->has_tracked_data = false;
}

/* Frees 'table''s contents. */
void
lr_stateful_table_destroy(struct lr_stateful_table *table)
{
    lr_stateful_table_clear(table);
    hmap_destroy(&table->lbs);
    hmapx_destroy(&table->changed);
}

/* Returns, as a new string, what of 'lb' decides the VIP addresses of the
 * routers it applies to: its VIPs, options:add_route and its neighbor
 * responder mode.  (Its backends only matter to its own flows.) */
static char *
lb_vips_signature(const struct northd_lb *lb)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    enum lb_neigh_mode mode = lb_neigh_mode(lb);
    ds_put_format(&s, "%d %d", lb->add_route, (int) mode);
    for (size_t i = 0; i < lb->n_vips; i++) {
        ds_put_format(&s, " %s", lb->vips[i].vip_str);
    }
    return ds_steal_cstr(&s);
}

/* Returns the record of the load balancer with 'uuid' in 'table', if
 * any. */
static struct lr_stateful_lb *
lr_stateful_lb_find(const struct lr_stateful_table *table,
                    const struct uuid *uuid)
{
    struct lr_stateful_lb *rec;
    HMAP_FOR_EACH_WITH_HASH (rec, node, uuid_hash(uuid), &table->lbs) {
        if (uuid_equals(&rec->uuid, uuid)) {
            return rec;
        }
    }
    return NULL;
}

/* Records that 'lb' (which applies to some router) applies to the
 * routers of its 'lr_map' with its current VIPs. */
static void
lr_stateful_lb_remember(struct lr_stateful_table *table,
                        const struct northd_lb *lb)
{
    struct lr_stateful_lb *rec = xmalloc(sizeof *rec);
    rec->uuid = lb->uuid;
    rec->routers = bitmap_clone(lb->lr_map, table->n_datapaths);
    rec->vips = lb_vips_signature(lb);
    hmap_insert(&table->lbs, &rec->node, uuid_hash(&lb->uuid));
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
        lr_stateful_lb_remember(table, lb);
        size_t idx;
        BITMAP_FOR_EACH_1 (idx, n, lb->lr_map) {
            struct lr_stateful *lrs = table->by_index[idx];
            if (lrs) {
                lr_lb_ips_add_lb(&lrs->lb_ips, lrs->od, lb);
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
 * 'table->changed'.  Returns false if 'table' does not match the
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
            hmapx_add(&table->changed, lrs);
        }
    }
    return true;
}

/* Whether 'lb' applies to some router of 'table', or did when the
 * records were made. */
bool
lr_stateful_concerns(const struct lr_stateful_table *table,
                     const struct northd_lb *lb)
{
    return lb->n_lr || lr_stateful_lb_find(table, &lb->uuid);
}

/* Exchanges the contents of 'a' and 'b'.  (A "struct sset" cannot be
 * copied as a struct.) */
static void
lr_lb_ips_swap(struct lr_lb_ips *a, struct lr_lb_ips *b)
{
    sset_swap(&a->ips_v4, &b->ips_v4);
    sset_swap(&a->ips_v6, &b->ips_v6);
    sset_swap(&a->ips_v4_routable, &b->ips_v4_routable);
    sset_swap(&a->ips_v6_routable, &b->ips_v6_routable);
    sset_swap(&a->ips_v4_reachable, &b->ips_v4_reachable);
    sset_swap(&a->ips_v6_reachable, &b->ips_v6_reachable);
}

/* Whether 'ip' is in 'a' and not in 'b' or the other way around. */
static bool
sset_membership_differs(const struct sset *a, const struct sset *b,
                        const char *ip)
{
    return sset_contains(a, ip) != sset_contains(b, ip);
}

/* Whether the flows of router 'od' (and of the switch ports that connect
 * to it) can tell VIP addresses 'old' from 'new': they see which VIPs it
 * answers ARP and ND for, which VIPs neighbor routers route to
 * (options:add_route), and whether its port addresses and NAT external
 * addresses are also VIPs (lrp_build_drop_own_dest(), switch-side ARP
 * requests).  The rest of the VIPs only reach other nodes. */
static bool
lb_ips_differ_for_flows(const struct lr_stateful *lrs,
                        const struct lr_lb_ips *old,
                        const struct lr_lb_ips *new)
{
    if (!sset_equals(&old->ips_v4_reachable, &new->ips_v4_reachable)
        || !sset_equals(&old->ips_v6_reachable, &new->ips_v6_reachable)
        || !sset_equals(&old->ips_v4_routable, &new->ips_v4_routable)
        || !sset_equals(&old->ips_v6_routable, &new->ips_v6_routable)) {
        return true;
    }
    const struct ovn_port *op;
    OVN_DATAPATH_FOR_EACH_PORT (op, lrs->od) {
        const struct lport_addresses *n = &op->lrp_networks;
        for (size_t i = 0; i < n->n_ipv4_addrs; i++) {
            if (sset_membership_differs(&old->ips_v4, &new->ips_v4,
                                        n->ipv4_addrs[i].addr_s)) {
                return true;
            }
        }
        for (size_t i = 0; i < n->n_ipv6_addrs; i++) {
            if (sset_membership_differs(&old->ips_v6, &new->ips_v6,
                                        n->ipv6_addrs[i].addr_s)) {
                return true;
            }
        }
    }
    for (size_t i = 0; i < lrs->nat.n_entries; i++) {
        const struct lr_nat_entry *e = &lrs->nat.entries[i];
        if (sset_membership_differs(e->is_v6 ? &old->ips_v6 : &old->ips_v4,
                                    e->is_v6 ? &new->ips_v6 : &new->ips_v4,
                                    e->nb->external_ip)) {
            return true;
        }
    }
    return false;
}

/* Whether 'a' and 'b' hold the same addresses. */
static bool
lr_lb_ips_equal(const struct lr_lb_ips *a, const struct lr_lb_ips *b)
{
    return (sset_equals(&a->ips_v4, &b->ips_v4)
            && sset_equals(&a->ips_v6, &b->ips_v6)
            && sset_equals(&a->ips_v4_routable, &b->ips_v4_routable)
            && sset_equals(&a->ips_v6_routable, &b->ips_v6_routable)
            && sset_equals(&a->ips_v4_reachable, &b->ips_v4_reachable)
            && sset_equals(&a->ips_v6_reachable, &b->ips_v6_reachable));
}

/* Follows the load balancers of 'lbd' that changed incrementally (its
 * tracked data): the routers that one of them applies to, or applied to,
 * with VIPs that are not the same now, gather their VIPs again.  Routers
 * whose flows see the difference go to 'table->changed'; any difference
 * sets 'table->lb_ips_changed'.  Returns false if 'table' does not match
 * 'nd' and 'lbd' (a recompute is needed), true otherwise. */
bool
lr_stateful_sync_lbs(struct lr_stateful_table *table,
                     const struct northd_data *nd, const struct lb_data *lbd)
{
    size_t n = table->n_datapaths;
    if (n != nd->datapaths.n || lbd->n_datapaths != n
        || !lbd->has_tracked_data) {
        return false;
    }

    /* The routers to look at again, and the records of the load balancers
     * updated to what they are now. */
    unsigned long *affected = bitmap_allocate(n);
    bool any = false;
    const struct hmapx *sets[] = {
        &lbd->tracked.created, &lbd->tracked.updated, &lbd->tracked.deleted,
    };
    for (size_t s = 0; s < ARRAY_SIZE(sets); s++) {
        struct hmapx_node *hn;
        HMAPX_FOR_EACH (hn, sets[s]) {
            const struct northd_lb *lb = hn->data;
            struct lr_stateful_lb *rec = lr_stateful_lb_find(table,
                                                             &lb->uuid);
            bool gone = s == 2 || !lb->n_lr;
            if (!rec && gone) {
                continue;
            }
            char *vips = gone ? NULL : lb_vips_signature(lb);
            if (rec && vips && !strcmp(rec->vips, vips)
                && bitmap_equal(rec->routers, lb->lr_map, n)) {
                free(vips);
                continue;
            }
            free(vips);
            if (rec) {
                bitmap_or(affected, rec->routers, n);
                hmap_remove(&table->lbs, &rec->node);
                lr_stateful_lb_destroy(rec);
            }
            if (!gone) {
                bitmap_or(affected, lb->lr_map, n);
                lr_stateful_lb_remember(table, lb);
            }
            any = true;
        }
    }
    if (!any) {
        free(affected);
        return true;
    }

    /* Their VIPs, gathered again. */
    size_t idx;
    struct lr_lb_ips **fresh = xcalloc(n, sizeof *fresh);
    BITMAP_FOR_EACH_1 (idx, n, affected) {
        if (table->by_index[idx]) {
            fresh[idx] = xmalloc(sizeof *fresh[idx]);
            lr_lb_ips_init(fresh[idx]);
        }
    }
    const struct northd_lb *lb;
    HMAP_FOR_EACH (lb, hmap_node, &lbd->lbs) {
        if (!lb->n_lr) {
            continue;
        }
        BITMAP_FOR_EACH_1 (idx, n, lb->lr_map) {
            if (fresh[idx]) {
                lr_lb_ips_add_lb(fresh[idx], table->by_index[idx]->od, lb);
            }
        }
    }
    BITMAP_FOR_EACH_1 (idx, n, affected) {
        struct lr_stateful *lrs = table->by_index[idx];
        if (!lrs) {
            continue;
        }
        struct lr_lb_ips *new = fresh[idx];
        bool has_lb_vip = lr_has_lb_vip(lrs->od);
        if (!lr_lb_ips_equal(&lrs->lb_ips, new)) {
            table->lb_ips_changed = true;
        }
        if (has_lb_vip != lrs->has_lb_vip
            || lb_ips_differ_for_flows(lrs, &lrs->lb_ips, new)) {
            hmapx_add(&table->changed, lrs);
        }
        lrs->has_lb_vip = has_lb_vip;
        lr_lb_ips_swap(&lrs->lb_ips, new);
        lr_lb_ips_destroy(new);
        free(fresh[idx]);
    }
    free(fresh);
    free(affected);
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
