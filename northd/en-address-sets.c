/* en-address-sets.c: the "sync_to_sb_addr_set" engine node.
 *
 * This module owns the Southbound Address_Set table: a copy of every
 * Northbound Address_Set, plus the sets that ovn-northd makes itself and
 * logical flows refer to:
 *
 *   - "svc_monitor_mac": the source and destination MACs of service
 *     monitor probes;
 *   - "<port group>_ip4" and "<port group>_ip6": the IPv4 and IPv6
 *     addresses of the ports of each Northbound Port_Group;
 *   - "_rtr_lb_<router key>_ip4" and "..._ip6": the load balancer VIPs
 *     that a router answers ARP and neighbor solicitations for, when it
 *     has some (lr-stateful.h).
 *
 * A change to one Northbound address set updates its copy only; a change
 * to a port that belongs to no port group changes nothing here. */

#include <config.h>

#include "northd/en-address-sets.h"

#include <string.h>
#include <sys/socket.h>

#include "lib/ovn-nb-idl.h"
#include "lib/ovn-sb-idl.h"
#include "lib/ovn-util.h"
#include "northd/en-global-config.h"
#include "northd/en-lr-stateful.h"
#include "northd/en-northd.h"
#include "northd/en-port-groups.h"
#include "northd/inc-proc-northd.h"
#include "northd/lr-stateful.h"
#include "northd/northd.h"
#include "openvswitch/shash.h"
#include "sset.h"
#include "util.h"
#include "uuidset.h"

/* Data of the node. */
struct addr_set_data {
    struct uuidset pg_ports;    /* Northbound switch ports that belong to
                                 * some port group. */
    struct ovsdb_idl_index *sb_by_name;  /* SB Address_Set by name. */
};

/* Makes the Southbound set 'name' hold 'addresses' (sorted), creating it
 * if 'row' is NULL. */
static void
sync_addr_set(struct ovsdb_idl_txn *txn, const char *name,
              const struct sset *addresses,
              const struct sbrec_address_set *row)
{
    if (!row) {
        row = sbrec_address_set_insert(txn);
        sbrec_address_set_set_name(row, name);
    } else if (sset_equals_array(addresses, row->addresses,
                                 row->n_addresses)) {
        return;
    }
    const char **array = sset_sort(addresses);
    sbrec_address_set_set_addresses(row, array, sset_count(addresses));
    free(array);
}

/* Returns set 'i' of the VIPs that routers answer ARP and ND for: the
 * IPv4 ('i' even) or IPv6 ('i' odd) VIPs of the router with datapath index
 * 'i' / 2, with the name of their Southbound address set in '*name' (for
 * the caller to free).  Returns NULL (and a NULL name) if that datapath is
 * not a router. */
static const struct sset *
router_vip_addr_set(const struct lr_stateful_table *lrst, size_t i,
                    char **name)
{
    const struct lr_stateful *lrs = lrst->by_index[i / 2];
    bool v6 = i % 2;
    if (!lrs) {
        *name = NULL;
        return NULL;
    }
    *name = lr_lb_address_set_name(lrs->od, v6 ? AF_INET6 : AF_INET);
    return v6 ? &lrs->lb_ips.ips_v6_reachable : &lrs->lb_ips.ips_v4_reachable;
}

/* Adds to 'ipv4' and 'ipv6' the addresses of the ports of 'pg'. */
static void
port_group_addresses(const struct nbrec_port_group *pg,
                     const struct northd_data *nd,
                     struct sset *ipv4, struct sset *ipv6)
{
    for (size_t i = 0; i < pg->n_ports; i++) {
        const struct ovn_port *op = ovn_port_find(&nd->ports,
                                                  pg->ports[i]->name);
        if (!op || !op->nbsp) {
            continue;
        }
        for (size_t j = 0; j < op->n_lsp_addrs; j++) {
            const struct lport_addresses *la = &op->lsp_addrs[j];
            for (size_t k = 0; k < la->n_ipv4_addrs; k++) {
                sset_add(ipv4, la->ipv4_addrs[k].addr_s);
            }
            for (size_t k = 0; k < la->n_ipv6_addrs; k++) {
                sset_add(ipv6, la->ipv6_addrs[k].addr_s);
            }
        }
    }
}

/* Makes 'addrs' the set called 'name' in 'sets', freeing any set that
 * had the name. */
static void
addr_sets_put(struct shash *sets, const char *name, struct sset *addrs)
{
    struct sset *old = shash_replace(sets, name, addrs);
    if (old) {
        sset_destroy(old);
        free(old);
    }
}

/* Returns a new, empty set of addresses. */
static struct sset *
addr_set_create(void)
{
    struct sset *addrs = xmalloc(sizeof *addrs);
    sset_init(addrs);
    return addrs;
}

/* Puts into 'sets' (name -> "struct sset *") every set that the
 * Southbound database should hold. */
static void
desired_addr_sets(struct engine_node *node, struct addr_set_data *data,
                  struct shash *sets)
{
    const struct northd_engine_context *ctx = engine_get_context(node);
    const struct global_config *cfg = engine_get_input_data("global_config",
                                                            node);
    const struct northd_data *nd
        = en_northd_get_data(engine_get_input("northd", node));

    struct sset *svc = addr_set_create();
    sset_add(svc, cfg->svc_monitor_mac);
    sset_add(svc, cfg->svc_monitor_mac_dst);
    addr_sets_put(sets, "svc_monitor_mac", svc);

    const struct nbrec_address_set *as;
    NBREC_ADDRESS_SET_FOR_EACH (as, ctx->nb_idl) {
        struct sset *addrs = addr_set_create();
        for (size_t i = 0; i < as->n_addresses; i++) {
            sset_add(addrs, as->addresses[i]);
        }
        addr_sets_put(sets, as->name, addrs);
    }

    uuidset_clear(&data->pg_ports);
    const struct nbrec_port_group *pg;
    NBREC_PORT_GROUP_FOR_EACH (pg, ctx->nb_idl) {
        struct sset *ipv4 = addr_set_create();
        struct sset *ipv6 = addr_set_create();
        port_group_addresses(pg, nd, ipv4, ipv6);
        for (size_t i = 0; i < pg->n_ports; i++) {
            uuidset_insert(&data->pg_ports, &pg->ports[i]->header_.uuid);
        }

        char *name = xasprintf("%s_ip4", pg->name);
        addr_sets_put(sets, name, ipv4);
        free(name);
        name = xasprintf("%s_ip6", pg->name);
        addr_sets_put(sets, name, ipv6);
        free(name);
    }

    const struct lr_stateful_table *lrst
        = en_lr_stateful_get_data(engine_get_input("lr_stateful", node));
    for (size_t i = 0; i < 2 * lrst->n_datapaths; i++) {
        char *name;
        const struct sset *vips = router_vip_addr_set(lrst, i, &name);
        if (vips && !sset_is_empty(vips)) {
            struct sset *addrs = xmalloc(sizeof *addrs);
            sset_clone(addrs, vips);
            addr_sets_put(sets, name, addrs);
        }
        free(name);
    }
}

/* Allocates the node's data; 'arg' is the engine's initial
 * "struct northd_engine_context". */
static void *
en_addr_set_init(struct engine_node *node OVS_UNUSED, void *arg)
{
    const struct northd_engine_context *ctx = arg;
    struct addr_set_data *data = xzalloc(sizeof *data);
    uuidset_init(&data->pg_ports);
    data->sb_by_name = ovsdb_idl_index_create1(ctx->sb_idl,
                                               &sbrec_address_set_col_name);
    return data;
}

/* Frees the node's data. */
static void
en_addr_set_cleanup(void *data_)
{
    struct addr_set_data *data = data_;
    uuidset_destroy(&data->pg_ports);
    free(data);
}

/* Makes the Southbound Address_Set table hold exactly the desired sets. */
static enum engine_node_state
en_addr_set_run(struct engine_node *node, void *data)
{
    const struct northd_engine_context *ctx = engine_get_context(node);
    struct shash sets = SHASH_INITIALIZER(&sets);
    desired_addr_sets(node, data, &sets);

    const struct sbrec_address_set *row;
    SBREC_ADDRESS_SET_FOR_EACH_SAFE (row, ctx->sb_idl) {
        struct sset *addrs = shash_find_and_delete(&sets, row->name);
        if (!addrs) {
            sbrec_address_set_delete(row);
            continue;
        }
        sync_addr_set(ctx->ovnsb_txn, row->name, addrs, row);
        sset_destroy(addrs);
        free(addrs);
    }

    struct shash_node *sn;
    SHASH_FOR_EACH_SAFE (sn, &sets) {
        sync_addr_set(ctx->ovnsb_txn, sn->name, sn->data, NULL);
        sset_destroy(sn->data);
        free(sn->data);
        shash_delete(&sets, sn);
    }
    shash_destroy(&sets);
    return EN_UPDATED;
}

/* Returns the Southbound address set called 'name', or NULL. */
static const struct sbrec_address_set *
sb_addr_set_find(const struct addr_set_data *data, const char *name)
{
    struct sbrec_address_set *key
        = sbrec_address_set_index_init_row(data->sb_by_name);
    sbrec_address_set_index_set_name(key, name);
    const struct sbrec_address_set *row
        = sbrec_address_set_index_find(data->sb_by_name, key);
    sbrec_address_set_index_destroy_row(key);
    return row;
}

/* Northbound address sets changed: update their copies.  A renamed set
 * needs a recompute. */
static enum engine_input_handler_result
addr_set_nb_address_set_handler(struct engine_node *node, void *data)
{
    const struct northd_engine_context *ctx = engine_get_context(node);
    const struct nbrec_address_set *as;

    NBREC_ADDRESS_SET_FOR_EACH_TRACKED (as, ctx->nb_idl) {
        if (nbrec_address_set_is_new(as) || nbrec_address_set_is_deleted(as)
            || nbrec_address_set_is_updated(as, NBREC_ADDRESS_SET_COL_NAME)) {
            return EN_UNHANDLED;
        }
    }
    NBREC_ADDRESS_SET_FOR_EACH_TRACKED (as, ctx->nb_idl) {
        const struct sbrec_address_set *row = sb_addr_set_find(data, as->name);
        if (!row) {
            return EN_UNHANDLED;
        }
        struct sset addrs = SSET_INITIALIZER(&addrs);
        for (size_t i = 0; i < as->n_addresses; i++) {
            sset_add(&addrs, as->addresses[i]);
        }
        sync_addr_set(ctx->ovnsb_txn, as->name, &addrs, row);
        sset_destroy(&addrs);
    }
    return EN_HANDLED_UPDATED;
}

/* Makes the Southbound sets "<name>_ip4" and "<name>_ip6" hold
 * 'ipv4' and 'ipv6', or deletes them if those are NULL. */
static void
sync_port_group_addr_sets(struct engine_node *node,
                          const struct addr_set_data *data, const char *name,
                          const struct sset *ipv4, const struct sset *ipv6)
{
    const struct northd_engine_context *ctx = engine_get_context(node);
    const struct sset *addrs[] = { ipv4, ipv6 };
    static const char *suffixes[] = { "_ip4", "_ip6" };

    for (size_t i = 0; i < ARRAY_SIZE(addrs); i++) {
        char *set_name = xasprintf("%s%s", name, suffixes[i]);
        const struct sbrec_address_set *row = sb_addr_set_find(data,
                                                               set_name);
        if (addrs[i]) {
            sync_addr_set(ctx->ovnsb_txn, set_name, addrs[i], row);
        } else if (row) {
            sbrec_address_set_delete(row);
        }
        free(set_name);
    }
}

/* Port groups changed: only their names and ports matter here (a port
 * group also shows up as changed when one of its ports does, which the
 * "northd" handler covers).  The address sets of each group that came,
 * went or got other ports are brought in line; a renamed group needs a
 * recompute. */
static enum engine_input_handler_result
addr_set_nb_port_group_handler(struct engine_node *node, void *data_)
{
    struct addr_set_data *data = data_;
    const struct northd_engine_context *ctx = engine_get_context(node);
    const struct northd_data *nd
        = en_northd_get_data(engine_get_input("northd", node));
    const struct nbrec_port_group *pg;

    if (port_group_renamed(ctx->nb_idl)) {
        return EN_UNHANDLED;
    }
    NBREC_PORT_GROUP_FOR_EACH_TRACKED (pg, ctx->nb_idl) {
        if (nbrec_port_group_is_deleted(pg)) {
            sync_port_group_addr_sets(node, data, pg->name, NULL, NULL);
        }
    }
    bool ports_deleted = nb_switch_port_deleted(ctx->nb_idl);
    NBREC_PORT_GROUP_FOR_EACH_TRACKED (pg, ctx->nb_idl) {
        if (nbrec_port_group_is_deleted(pg)
            || !port_group_members_may_differ(pg, ports_deleted)) {
            continue;
        }
        struct sset ipv4 = SSET_INITIALIZER(&ipv4);
        struct sset ipv6 = SSET_INITIALIZER(&ipv6);
        port_group_addresses(pg, nd, &ipv4, &ipv6);
        sync_port_group_addr_sets(node, data, pg->name, &ipv4, &ipv6);
        sset_destroy(&ipv4);
        sset_destroy(&ipv6);

        /* (Ports that left the group stay in 'pg_ports': their changes
         * will recompute for nothing, which is safe.) */
        for (size_t i = 0; i < pg->n_ports; i++) {
            uuidset_insert(&data->pg_ports, &pg->ports[i]->header_.uuid);
        }
    }
    return EN_HANDLED_UPDATED;
}

/* Ports changed: only ports of port groups matter. */
static enum engine_input_handler_result
addr_set_northd_handler(struct engine_node *node, void *data_)
{
    struct addr_set_data *data = data_;
    const struct northd_data *nd
        = en_northd_get_data(engine_get_input("northd", node));
    if (!nd->has_tracked_data) {
        return EN_UNHANDLED;
    }

    /* Ports only join or leave groups with a change of the group (which
     * the port group handler covers); a member whose addresses may have
     * changed updates the sets of its groups. */
    struct uuidset changed = UUIDSET_INITIALIZER(&changed);
    struct hmapx_node *hn;
    HMAPX_FOR_EACH (hn, &nd->tracked_ports.updated) {
        const struct ovn_port *op = hn->data;
        if (op->nbsp && uuidset_contains(&data->pg_ports,
                                         &op->nbsp->header_.uuid)) {
            uuidset_insert(&changed, &op->nbsp->header_.uuid);
        }
    }
    if (uuidset_is_empty(&changed)) {
        uuidset_destroy(&changed);
        return EN_HANDLED_UNCHANGED;
    }

    const struct northd_engine_context *ctx = engine_get_context(node);
    const struct nbrec_port_group *pg;
    NBREC_PORT_GROUP_FOR_EACH (pg, ctx->nb_idl) {
        bool affected = false;
        for (size_t i = 0; !affected && i < pg->n_ports; i++) {
            affected = uuidset_contains(&changed,
                                        &pg->ports[i]->header_.uuid);
        }
        if (affected) {
            struct sset ipv4 = SSET_INITIALIZER(&ipv4);
            struct sset ipv6 = SSET_INITIALIZER(&ipv6);
            port_group_addresses(pg, nd, &ipv4, &ipv6);
            sync_port_group_addr_sets(node, data, pg->name, &ipv4, &ipv6);
            sset_destroy(&ipv4);
            sset_destroy(&ipv6);
        }
    }
    uuidset_destroy(&changed);
    return EN_HANDLED_UPDATED;
}

/* What the node does. */
static const struct engine_node_ops en_addr_set_ops = {
    .init = en_addr_set_init,
    .cleanup = en_addr_set_cleanup,
    .run = en_addr_set_run,
};

/* Routers' NAT rules or load balancer VIPs changed: only the VIPs each
 * router answers ARP and ND for matter here, the "_rtr_lb_KEY_ip4" and
 * "_rtr_lb_KEY_ip6" sets, brought in line for every router. */
static enum engine_input_handler_result
addr_set_lr_stateful_handler(struct engine_node *node, void *data)
{
    const struct northd_engine_context *ctx = engine_get_context(node);
    const struct lr_stateful_table *lrst
        = en_lr_stateful_get_data(engine_get_input("lr_stateful", node));
    if (!lrst->has_tracked_data) {
        return EN_UNHANDLED;
    }
    if (!lrst->lb_ips_changed) {
        return EN_HANDLED_UNCHANGED;
    }

    for (size_t i = 0; i < 2 * lrst->n_datapaths; i++) {
        char *name;
        const struct sset *vips = router_vip_addr_set(lrst, i, &name);
        if (vips) {
            const struct sbrec_address_set *row = sb_addr_set_find(data,
                                                                   name);
            if (!sset_is_empty(vips)) {
                sync_addr_set(ctx->ovnsb_txn, name, vips, row);
            } else if (row) {
                sbrec_address_set_delete(row);
            }
        }
        free(name);
    }
    return EN_HANDLED_UPDATED;
}

/* Adds the "sync_to_sb_addr_set" node and its inputs to 'engine'. */
struct engine_node *
en_address_sets_create(struct engine *engine,
                       const struct address_set_inputs *in)
{
    struct engine_node *node = engine_add_node(engine, "sync_to_sb_addr_set",
                                               &en_addr_set_ops);
    engine_add_input(node, in->nb_address_set,
                     addr_set_nb_address_set_handler);
    engine_add_input(node, in->nb_port_group,
                     addr_set_nb_port_group_handler);
    engine_add_input(node, in->global_config, NULL);
    engine_add_input(node, in->northd, addr_set_northd_handler);
    engine_add_input(node, in->lr_stateful, addr_set_lr_stateful_handler);
    engine_add_input(node, in->sb_address_set, engine_noop_handler);
    return node;
}
