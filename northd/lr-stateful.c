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

/* How a load balancer answers neighbor requests for its VIPs. */
enum lb_neigh_mode {
    LB_NEIGH_REACHABLE,     /* For VIPs in the subnet of a router port. */
    LB_NEIGH_ALL,           /* For all of them. */
    LB_NEIGH_NONE,          /* For none. */
};

/* One VIP address of a load balancer, as the router records were made
 * with it. */
struct lr_lb_vip_addr {
    char *ip;                   /* The address, as the VIP writes it. */
    struct in6_addr addr;       /* The address (IPv4-mapped for IPv4). */
    bool v6;                    /* Whether it is an IPv6 address. */
};

/* A load balancer that applies to some router, as the router records
 * were last made with it. */
struct lr_stateful_lb {
    struct hmap_node node;      /* In "struct lr_stateful_table" 'lbs'. */
    struct uuid uuid;           /* The load balancer's. */
    unsigned long *routers;     /* The routers it applies to, by datapath
                                 * index. */
    char *vips;                 /* What of it decides the routers' VIP
                                 * addresses (see lb_vips_signature()). */
    struct lr_lb_vip_addr *addrs;  /* Its VIP addresses (not templates). */
    size_t n_addrs;             /* Number of 'addrs'. */
    bool add_route;             /* options:add_route. */
    enum lb_neigh_mode mode;    /* Its neighbor responder mode. */
};

/* The sets of "struct lr_lb_ips", in the order of its 'refs'. */
enum lb_ips_set {
    LB_IPS_V4, LB_IPS_V6,
    LB_IPS_V4_ROUTABLE, LB_IPS_V6_ROUTABLE,
    LB_IPS_V4_REACHABLE, LB_IPS_V6_REACHABLE,
    LB_IPS_N_SETS
};

/* Returns set 'which' of 'lb_ips'. */
static struct sset *
lr_lb_ips_set(struct lr_lb_ips *lb_ips, enum lb_ips_set which)
{
    struct sset *sets[LB_IPS_N_SETS] = {
        &lb_ips->ips_v4, &lb_ips->ips_v6,
        &lb_ips->ips_v4_routable, &lb_ips->ips_v6_routable,
        &lb_ips->ips_v4_reachable, &lb_ips->ips_v6_reachable,
    };
    return sets[which];
}

/* Initializes 'lb_ips' as empty. */
static void
lr_lb_ips_init(struct lr_lb_ips *lb_ips)
{
    for (size_t i = 0; i < LB_IPS_N_SETS; i++) {
        sset_init(lr_lb_ips_set(lb_ips, i));
        simap_init(&lb_ips->refs[i]);
    }
}

/* Frees what 'lb_ips' holds. */
static void
lr_lb_ips_destroy(struct lr_lb_ips *lb_ips)
{
    for (size_t i = 0; i < LB_IPS_N_SETS; i++) {
        sset_destroy(lr_lb_ips_set(lb_ips, i));
        simap_destroy(&lb_ips->refs[i]);
    }
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

/* Whether VIP address 'a' is in the subnet of some port of router
 * 'od'. */
static bool
lr_vip_is_reachable(const struct ovn_datapath *od,
                    const struct lr_lb_vip_addr *a)
{
    const struct ovn_port *op;
    OVN_DATAPATH_FOR_EACH_PORT (op, od) {
        const struct lport_addresses *n = &op->lrp_networks;
        if (!a->v6) {
            ovs_be32 ip = in6_addr_get_mapped_ipv4(&a->addr);
            for (size_t i = 0; i < n->n_ipv4_addrs; i++) {
                if ((ip & n->ipv4_addrs[i].mask)
                    == n->ipv4_addrs[i].network) {
                    return true;
                }
            }
        } else {
            for (size_t i = 0; i < n->n_ipv6_addrs; i++) {
                struct in6_addr net = ipv6_addr_bitand(&a->addr,
                                                       &n->ipv6_addrs[i].mask);
                if (ipv6_addr_equals(&net, &n->ipv6_addrs[i].network)) {
                    return true;
                }
            }
        }
    }
    return false;
}


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

/* What lr_lb_ips_ref() and lr_lb_ips_apply() did. */
enum {
    LR_LB_IPS_CHANGED = 1 << 0,       /* An address entered or left a
                                       * set. */
    LR_LB_IPS_FLOWS_CHANGED = 1 << 1, /* The router's flows see it (see
                                       * lb_ip_change_matters()). */
    LR_LB_IPS_UNKNOWN = 1 << 2,       /* An address to take away was not
                                       * there: the records are not what
                                       * they should be. */
};

/* Adds one reference to 'ip' in set 'which' of 'lb_ips' ('delta' is 1)
 * or drops one ('delta' is -1).  Returns LR_LB_IPS_CHANGED if the set
 * gained or lost 'ip', LR_LB_IPS_UNKNOWN if 'ip' was not there to drop, 0
 * otherwise.
 *
 * Most addresses are the VIP of one load balancer only: the set itself
 * holds the first reference, and 'refs' only counts the others. */
static int
lr_lb_ips_ref(struct lr_lb_ips *lb_ips, enum lb_ips_set which,
              const char *ip, int delta)
{
    struct sset *set = lr_lb_ips_set(lb_ips, which);
    struct simap *extra = &lb_ips->refs[which];
    if (delta > 0) {
        if (sset_add(set, ip)) {
            return LR_LB_IPS_CHANGED;
        }
        simap_increase(extra, ip, 1);
        return 0;
    }

    struct simap_node *node = simap_find(extra, ip);
    if (node) {
        if (!--node->data) {
            simap_delete(extra, node);
        }
        return 0;
    }
    return sset_find_and_delete(set, ip) ? LR_LB_IPS_CHANGED
                                         : LR_LB_IPS_UNKNOWN;
}

/* Whether the flows of router 'lrs' (and of the switch ports that connect
 * to it) see that address 'ip' entered or left set 'which' of its VIP
 * addresses: they see which VIPs it answers ARP and ND for, which VIPs
 * neighbor routers route to (options:add_route), and whether its port
 * addresses and NAT external addresses are also VIPs
 * (lrp_build_drop_own_dest(), switch-side ARP requests).  The rest of the
 * VIPs only reach other nodes. */
static bool
lb_ip_change_matters(const struct lr_stateful *lrs, enum lb_ips_set which,
                     const char *ip)
{
    if (which != LB_IPS_V4 && which != LB_IPS_V6) {
        return true;
    }
    if (lr_nat_ip_is_router_ip(lrs->od, ip)) {
        return true;
    }
    for (size_t i = 0; i < lrs->nat.n_entries; i++) {
        if (!strcmp(lrs->nat.entries[i].nb->external_ip, ip)) {
            return true;
        }
    }
    return false;
}

/* Adds (if 'delta' is 1) or takes away (if it is -1) the VIP addresses of
 * load balancer 'rec' to or from those of router 'lrs'.  Returns a bitwise
 * OR of LR_LB_IPS_*. */
static int
lr_lb_ips_apply(struct lr_stateful *lrs, const struct lr_stateful_lb *rec,
                int delta)
{
    int result = 0;
    for (size_t i = 0; i < rec->n_addrs; i++) {
        const struct lr_lb_vip_addr *a = &rec->addrs[i];
        enum lb_ips_set sets[3];
        size_t n = 0;
        sets[n++] = a->v6 ? LB_IPS_V6 : LB_IPS_V4;
        if (rec->add_route) {
            sets[n++] = a->v6 ? LB_IPS_V6_ROUTABLE : LB_IPS_V4_ROUTABLE;
        }
        if (rec->mode == LB_NEIGH_ALL
            || (rec->mode == LB_NEIGH_REACHABLE
                && lr_vip_is_reachable(lrs->od, a))) {
            sets[n++] = a->v6 ? LB_IPS_V6_REACHABLE : LB_IPS_V4_REACHABLE;
        }
        for (size_t j = 0; j < n; j++) {
            int r = lr_lb_ips_ref(&lrs->lb_ips, sets[j], a->ip, delta);
            if (r & LR_LB_IPS_CHANGED
                && !(result & LR_LB_IPS_FLOWS_CHANGED)
                && lb_ip_change_matters(lrs, sets[j], a->ip)) {
                r |= LR_LB_IPS_FLOWS_CHANGED;
            }
            result |= r;
        }
    }
    return result;
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
    hmapx_init(&table->vips_changed);
}

/* Frees 'rec'. */
static void
lr_stateful_lb_destroy(struct lr_stateful_lb *rec)
{
    free(rec->routers);
    free(rec->vips);
    for (size_t i = 0; i < rec->n_addrs; i++) {
        free(rec->addrs[i].ip);
    }
    free(rec->addrs);
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
    hmapx_clear(&table->vips_changed);
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
    hmapx_destroy(&table->vips_changed);
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
 * routers of its 'lr_map' with its current VIPs, and returns the
 * record. */
static struct lr_stateful_lb *
lr_stateful_lb_remember(struct lr_stateful_table *table,
                        const struct northd_lb *lb)
{
    struct lr_stateful_lb *rec = xzalloc(sizeof *rec);
    rec->uuid = lb->uuid;
    rec->routers = bitmap_clone(lb->lr_map, table->n_datapaths);
    rec->vips = lb_vips_signature(lb);
    rec->addrs = xcalloc(lb->n_vips ? lb->n_vips : 1, sizeof *rec->addrs);
    for (size_t i = 0; i < lb->n_vips; i++) {
        const struct northd_lb_vip *vip = &lb->vips[i];
        if (vip->vip_str[0] != '^') {
            rec->addrs[rec->n_addrs++] = (struct lr_lb_vip_addr) {
                .ip = xstrdup(vip->vip_str),
                .addr = vip->vip,
                .v6 = vip->address_family != AF_INET,
            };
        }
    }
    rec->add_route = lb->add_route;
    rec->mode = lb_neigh_mode(lb);
    hmap_insert(&table->lbs, &rec->node, uuid_hash(&lb->uuid));
    return rec;
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
        const struct lr_stateful_lb *rec = lr_stateful_lb_remember(table,
                                                                   lb);
        size_t idx;
        BITMAP_FOR_EACH_1 (idx, n, lb->lr_map) {
            struct lr_stateful *lrs = table->by_index[idx];
            if (lrs) {
                lr_lb_ips_apply(lrs, rec, 1);
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

/* Applies lr_lb_ips_apply() to router 'lrs' of 'table', noting in
 * 'table->vips_changed' and 'table->changed' whether its VIPs, and its
 * flows, see a difference.  Returns what lr_lb_ips_apply() did. */
static int
lr_stateful_apply_lb(struct lr_stateful_table *table,
                     struct lr_stateful *lrs,
                     const struct lr_stateful_lb *rec, int delta)
{
    int r = lr_lb_ips_apply(lrs, rec, delta);
    if (r & LR_LB_IPS_CHANGED) {
        hmapx_add(&table->vips_changed, lrs);
    }
    if (r & LR_LB_IPS_FLOWS_CHANGED) {
        hmapx_add(&table->changed, lrs);
    }
    return r;
}

/* Follows the load balancers of 'lbd' that changed incrementally (its
 * tracked data): the VIPs of each one that changed are taken away from
 * the routers it applied to and added to those it applies to now.
 * Routers whose flows see the difference go to 'table->changed'; any
 * difference sets 'table->lb_ips_changed'.  Returns false if 'table' does
 * not match 'nd' and 'lbd' (a recompute is needed), true otherwise. */
bool
lr_stateful_sync_lbs(struct lr_stateful_table *table,
                     const struct northd_data *nd, const struct lb_data *lbd)
{
    size_t n = table->n_datapaths;
    if (n != nd->datapaths.n || lbd->n_datapaths != n
        || !lbd->has_tracked_data) {
        return false;
    }

    unsigned long *affected = bitmap_allocate(n);
    int result = 0;
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

            size_t idx;
            if (rec) {
                BITMAP_FOR_EACH_1 (idx, n, rec->routers) {
                    struct lr_stateful *lrs = table->by_index[idx];
                    if (lrs) {
                        result |= lr_stateful_apply_lb(table, lrs, rec, -1);
                    }
                }
                bitmap_or(affected, rec->routers, n);
                hmap_remove(&table->lbs, &rec->node);
                lr_stateful_lb_destroy(rec);
            }
            if (!gone) {
                rec = lr_stateful_lb_remember(table, lb);
                BITMAP_FOR_EACH_1 (idx, n, rec->routers) {
                    struct lr_stateful *lrs = table->by_index[idx];
                    if (lrs) {
                        result |= lr_stateful_apply_lb(table, lrs, rec, 1);
                    }
                }
                bitmap_or(affected, rec->routers, n);
            }
        }
    }

    /* A router that gains its first VIP or loses its last has other
     * flows. */
    size_t idx;
    BITMAP_FOR_EACH_1 (idx, n, affected) {
        struct lr_stateful *lrs = table->by_index[idx];
        if (lrs) {
            bool has_lb_vip = lr_has_lb_vip(lrs->od);
            if (has_lb_vip != lrs->has_lb_vip) {
                hmapx_add(&table->changed, lrs);
                lrs->has_lb_vip = has_lb_vip;
            }
        }
    }
    free(affected);

    if (result & LR_LB_IPS_CHANGED) {
        table->lb_ips_changed = true;
    }
    return !(result & LR_LB_IPS_UNKNOWN);
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
