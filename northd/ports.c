/* ports.c: logical ports and their Southbound Port_Binding rows.
 *
 * This module owns the 'struct ovn_port' objects: one per logical switch
 * port, logical router port and chassis-redirect port ("cr-NAME", made for
 * each distributed gateway port), their parsed addresses, their peers,
 * their tunnel keys and the Port_Binding rows that publish them.
 *
 * Port keys are per datapath.  As for datapaths, a port with a binding
 * keeps its key unless another port of its datapath requested it
 * (options:requested-tnl-key), and new ports take the first free key after
 * the last one handed out, in the order of the datapath's Northbound port
 * column (chassis-redirect ports last). */

#include <config.h>

#include "northd/ports.h"

#include <string.h>

#include "hash.h"
#include "lib/ovn-nb-idl.h"
#include "lib/ovn-sb-idl.h"
#include "northd/dynamic-routing.h"
#include "northd/en-global-config.h"
#include "northd/ha-chassis-groups.h"
#include "northd/lr-common.h"
#include "northd/lr-nd-ra.h"
#include "northd/mirrors.h"
#include "northd/lflow-mgr.h"
#include "northd/multicast-groups.h"
#include "northd/qos-queues.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/json.h"
#include "openvswitch/vlog.h"
#include "ovsdb-idl.h"
#include "smap.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(ports);

/* Whether 'nbsp' is enabled (ports are, unless said otherwise). */
bool
lsp_is_enabled(const struct nbrec_logical_switch_port *nbsp)
{
    return !nbsp->n_enabled || *nbsp->enabled;
}

/* Whether 'nbsp' is up, as far as the Northbound database knows. */
bool
lsp_is_up(const struct nbrec_logical_switch_port *nbsp)
{
    return !nbsp->n_up || *nbsp->up;
}

/* Whether 'nbsp' connects its switch to a router port. */
bool
lsp_is_router(const struct nbrec_logical_switch_port *nbsp)
{
    return !strcmp(nbsp->type, "router");
}

/* Returns the port with Port_Binding name 'key', or NULL. */
struct ovn_port *
ovn_port_find(const struct hmap *ports, const char *key)
{
    struct ovn_port *op;
    HMAP_FOR_EACH_WITH_HASH (op, key_node, hash_string(key, 0), ports) {
        if (!strcmp(op->key, key)) {
            return op;
        }
    }
    return NULL;
}

/* Returns 'op''s Port_Binding row (see ovn_datapath_get_sb()). */
const struct sbrec_port_binding *
ovn_port_get_sb(const struct ovn_port *op, struct ovsdb_idl *sb_idl)
{
    return sbrec_port_binding_get_for_uuid(sb_idl, &op->sb_uuid);
}

/* Parses the "addresses" and "port_security" of switch port 'op'. */
void
ovn_port_parse_lsp_addresses(struct ovn_port *op)
{
    const struct nbrec_logical_switch_port *nbsp = op->nbsp;

    op->lsp_addrs = xcalloc(nbsp->n_addresses + 1, sizeof *op->lsp_addrs);
    for (size_t i = 0; i < nbsp->n_addresses; i++) {
        const char *address = nbsp->addresses[i];
        if (!strcmp(address, "unknown")) {
            op->has_unknown = true;
            continue;
        }
        if (!strcmp(address, "router")) {
            continue;
        }
        if (is_dynamic_lsp_address(address)) {
            if (nbsp->dynamic_addresses
                && extract_lsp_addresses(nbsp->dynamic_addresses,
                                         &op->lsp_addrs[op->n_lsp_addrs])) {
                op->n_lsp_addrs++;
            }
            continue;
        }
        if (!extract_lsp_addresses(address,
                                   &op->lsp_addrs[op->n_lsp_addrs])) {
            static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 1);
            VLOG_INFO_RL(&rl, "invalid syntax '%s' in logical switch port "
                         "addresses. No MAC address found", address);
            op->has_bad_addresses = true;
            continue;
        }
        op->n_lsp_addrs++;
    }

    op->ps_addrs = xcalloc(nbsp->n_port_security + 1, sizeof *op->ps_addrs);
    for (size_t i = 0; i < nbsp->n_port_security; i++) {
        if (!extract_lsp_addresses(nbsp->port_security[i],
                                   &op->ps_addrs[op->n_ps_addrs])) {
            static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 1);
            VLOG_INFO_RL(&rl, "invalid syntax '%s' in port security. No MAC "
                         "address found", nbsp->port_security[i]);
            op->has_bad_addresses = true;
            continue;
        }
        op->n_ps_addrs++;
    }
}

/* Frees the parsed addresses of switch port 'op'. */
static void
ovn_port_free_lsp_addresses(struct ovn_port *op)
{
    for (size_t i = 0; i < op->n_lsp_addrs; i++) {
        destroy_lport_addresses(&op->lsp_addrs[i]);
    }
    free(op->lsp_addrs);
    for (size_t i = 0; i < op->n_ps_addrs; i++) {
        destroy_lport_addresses(&op->ps_addrs[i]);
    }
    free(op->ps_addrs);
    op->lsp_addrs = op->ps_addrs = NULL;
    op->n_lsp_addrs = op->n_ps_addrs = 0;
    op->has_unknown = op->has_bad_addresses = false;
}

/* Whether changes to switch port 'nbsp' (in its current state) can be
 * applied without rebuilding everything: it is a plain VIF whose flows
 * depend only on itself, and that no datapath-wide flow depends on. */
bool
lsp_is_simple_vif(const struct nbrec_logical_switch_port *nbsp)
{
    if (nbsp->type[0]
        || (nbsp->parent_name && nbsp->parent_name[0])
        || nbsp->n_tag_request || nbsp->n_tag
        || nbsp->ha_chassis_group
        || smap_get_bool(&nbsp->options, "mcast_flood", false)
        || smap_get_bool(&nbsp->options, "mcast_flood_reports", false)) {
        /* (Flooding IP multicast changes the switch's multicast flows.) */
        return false;
    }
    for (size_t i = 0; i < nbsp->n_addresses; i++) {
        const char *address = nbsp->addresses[i];
        if (!strcmp(address, "unknown") || !strcmp(address, "router")
            || is_dynamic_lsp_address(address)) {
            return false;
        }
    }
    return true;
}

/* Adds to 'od''s summaries what port 'op' contributes ('delta' 1), or
 * takes it away ('delta' -1). */
static void
od_count_port(struct ovn_datapath *od, const struct ovn_port *op, int delta)
{
    if (!op->nbsp) {
        return;
    }
    const char *type = op->nbsp->type;
    if (op->has_unknown) {
        od->n_unknown_ports += delta;
    }
    if (!strcmp(type, "localnet")) {
        od->n_localnet_ports += delta;
    } else if (!strcmp(type, "vtep")) {
        od->n_vtep_ports += delta;
    } else if (!strcmp(type, "router")) {
        od->n_router_ports += delta;
    } else if (!strcmp(type, "external")) {
        od->n_external_ports += delta;
    } else if (!strcmp(type, "virtual")) {
        od->n_virtual_ports += delta;
    }
}

/* Creates a port named 'key' on 'od' for 'nbsp' or 'nbrp' and adds it to
 * 'data'. */
struct ovn_port *
ovn_port_create(struct northd_data *data, const char *key,
                struct ovn_datapath *od,
                const struct nbrec_logical_switch_port *nbsp,
                const struct nbrec_logical_router_port *nbrp)
{
    struct ovn_port *op = xzalloc(sizeof *op);
    op->key = xstrdup(key);
    struct ds json_key = DS_EMPTY_INITIALIZER;
    json_string_escape(key, &json_key);
    op->json_key = ds_steal_cstr(&json_key);
    op->od = od;
    op->nbsp = nbsp;
    op->nbrp = nbrp;
    op->lflow_ref = lflow_ref_create();
    hmap_insert(&data->ports, &op->key_node, hash_string(key, 0));
    ovs_list_push_back(&od->port_list, &op->dp_node);
    od->n_ports++;

    if (nbsp) {
        ovn_port_parse_lsp_addresses(op);
        od_count_port(od, op, 1);
        op->simple_vif = lsp_is_simple_vif(nbsp);
        hmap_insert(&data->ports_by_nb_uuid, &op->uuid_node,
                    uuid_hash(&nbsp->header_.uuid));
    } else if (nbrp) {
        extract_lrp_networks(nbrp, &op->lrp_networks);
    }
    return op;
}

/* Parses again the addresses of switch port 'op', whose Northbound row
 * changed. */
void
ovn_port_refresh_lsp(struct ovn_port *op)
{
    od_count_port(op->od, op, -1);
    ovn_port_free_lsp_addresses(op);
    ovn_port_parse_lsp_addresses(op);
    od_count_port(op->od, op, 1);
    op->simple_vif = lsp_is_simple_vif(op->nbsp);
}

/* Frees 'op', which must be out of every collection. */
void
ovn_port_destroy(struct ovn_port *op)
{
    if (!op) {
        return;
    }
    ovn_port_free_lsp_addresses(op);
    destroy_lport_addresses(&op->lrp_networks);
    lflow_ref_destroy(op->lflow_ref);
    free(op->key);
    free(op->json_key);
    free(op);
}

/* Takes 'op' out of 'data' and of its datapath, releasing its key; the
 * caller frees it. */
void
ovn_port_remove(struct northd_data *data, struct ovn_port *op)
{
    hmap_remove(&data->ports, &op->key_node);
    if (op->nbsp) {
        hmap_remove(&data->ports_by_nb_uuid, &op->uuid_node);
    }
    ovs_list_remove(&op->dp_node);
    op->od->n_ports--;
    od_count_port(op->od, op, -1);
    if (op->tunnel_key) {
        tnlid_set_remove(&op->od->port_tnlids, op->tunnel_key);
    }
    if (op->peer && op->peer->peer == op) {
        op->peer->peer = NULL;
    }
}

/* The options of 'op''s Northbound row. */
static const struct smap *
ovn_port_nb_options(const struct ovn_port *op)
{
    return op->nbsp ? &op->nbsp->options : &op->nbrp->options;
}

/* Returns the tunnel key that 'op' asks for, or 0. */
uint32_t
ovn_port_requested_key(const struct ovn_port *op)
{
    if (op->is_chassisredirect) {
        return 0;
    }
    return smap_get_uint(ovn_port_nb_options(op), "requested-tnl-key", 0);
}

/* Largest port key for ordinary ports. */
static uint32_t
max_port_key(const struct northd_context *ctx)
{
    return (ctx->config->vxlan_mode ? OVN_VXLAN_MIN_MULTICAST - 1
            : OVN_MAX_LPORT_KEY);
}

/* Gives 'op' the key it requests, if it does and the key is free. */
static void
ovn_port_assign_requested_key(struct ovn_port *op,
                              const struct northd_context *ctx)
{
    uint32_t key = ovn_port_requested_key(op);
    if (!key) {
        return;
    }
    if (ctx->config->vxlan_mode && key >= OVN_VXLAN_MIN_MULTICAST) {
        static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 1);
        VLOG_WARN_RL(&rl, "Tunnel key %"PRIu32" for port %s is incompatible "
                     "with VXLAN", key, op->key);
        return;
    }
    if (tnlid_set_add(&op->od->port_tnlids, key)) {
        op->tunnel_key = key;
    } else {
        static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 1);
        VLOG_WARN_RL(&rl, "Logical port %s requests same tunnel key "
                     "%"PRIu32" as another LSP or LRP", op->key, key);
    }
}

/* Gives 'op', which has no key yet, the key it requests or else a new one.
 * Returns false if its datapath has no key left. */
bool
ovn_port_allocate_key(struct ovn_port *op, const struct northd_context *ctx)
{
    ovn_port_assign_requested_key(op, ctx);
    if (!op->tunnel_key) {
        op->tunnel_key = tnlid_set_allocate(&op->od->port_tnlids, "port", 1,
                                            max_port_key(ctx),
                                            &op->od->port_key_hint);
    }
    return op->tunnel_key != 0;
}

/* Returns the type that 'op''s Port_Binding carries. */
static const char *
ovn_port_sb_type(const struct ovn_port *op)
{
    if (op->is_chassisredirect) {
        return "chassisredirect";
    }
    if (op->nbsp) {
        if (!lsp_is_router(op->nbsp)) {
            return op->nbsp->type;
        }
        return (op->peer && op->peer->od->nbr
                && smap_get(&op->peer->od->nbr->options, "chassis")
                ? "l3gateway" : "patch");
    }
    return smap_get(&op->od->nbr->options, "chassis") ? "l3gateway" : "patch";
}

/* Builds in 'ds' the "mac" of a router port binding: the MAC and the
 * networks. */
static void
lrp_binding_mac(const struct nbrec_logical_router_port *nbrp, struct ds *ds)
{
    ds_put_cstr(ds, nbrp->mac);
    for (size_t i = 0; i < nbrp->n_networks; i++) {
        ds_put_format(ds, " %s", nbrp->networks[i]);
    }
}

/* Whether chassis-redirect port 'op' sends everything through the gateway
 * chassis ("always-redirect"): unless its router has distributed NAT
 * rules (dnat_and_snat with a logical port and an external MAC), its
 * distributed gateway port's switch has "vtep" ports, or its redirect type
 * is "bridged". */
static bool
cr_port_always_redirects(const struct ovn_port *op)
{
    const char *redirect_type = smap_get(&op->nbrp->options,
                                         "redirect-type");
    if ((redirect_type && !strcmp(redirect_type, "bridged"))
        || (op->primary_port && lrp_peer_has_vtep(op->primary_port))) {
        return false;
    }
    const struct nbrec_logical_router *nbr = op->od->nbr;
    for (size_t i = 0; i < nbr->n_nat; i++) {
        const struct nbrec_nat *nat = nbr->nat[i];
        if (!strcmp(nat->type, "dnat_and_snat") && nat->logical_port
            && nat->external_mac) {
            return false;
        }
    }
    return true;
}

/* Computes into 'options' what 'op''s binding carries in options. */
static void
ovn_port_sb_options(const struct ovn_port *op, struct smap *options)
{
    if (op->is_chassisredirect) {
        smap_add(options, "distributed-port", op->nbrp->name);
        const char *redirect_type = smap_get(&op->nbrp->options,
                                             "redirect-type");
        if (redirect_type) {
            smap_add(options, "redirect-type", redirect_type);
        }
        if (cr_port_always_redirects(op)) {
            smap_add(options, "always-redirect", "true");
        }
        lrp_dynamic_routing_sb_options(op, options);
        return;
    }

    if (op->nbsp) {
        if (!lsp_is_router(op->nbsp)) {
            /* All of them, requested-chassis included: ovn-controller
             * also reads that one from here, to match a chassis by host
             * name. */
            smap_clone(options, &op->nbsp->options);
            qos_queue_sb_options(op, options);
            return;
        }
        const char *router_port = smap_get(&op->nbsp->options,
                                           "router-port");
        if (router_port) {
            smap_add(options, "peer", router_port);
        }
        if (op->peer && op->peer->od->nbr) {
            const char *chassis = smap_get(&op->peer->od->nbr->options,
                                           "chassis");
            if (chassis) {
                smap_add(options, "l3gateway-chassis", chassis);
            }
        }
        return;
    }

    if (op->peer) {
        smap_add(options, "peer", op->peer->key);
    }
    const char *chassis = smap_get(&op->od->nbr->options, "chassis");
    if (chassis) {
        smap_add(options, "l3gateway-chassis", chassis);
    }
    if (op->cr_port) {
        smap_add(options, "chassis-redirect-port", op->cr_port->key);
    }
    lrp_dynamic_routing_sb_options(op, options);
}

/* Returns the chassis that 'name' (a chassis name or hostname) refers
 * to, or NULL. */
static const struct sbrec_chassis *
chassis_lookup(const struct northd_context *ctx, const char *name)
{
    struct sbrec_chassis *key;
    const struct sbrec_chassis *chassis;

    key = sbrec_chassis_index_init_row(ctx->sbrec_chassis_by_name);
    sbrec_chassis_index_set_name(key, name);
    chassis = sbrec_chassis_index_find(ctx->sbrec_chassis_by_name, key);
    sbrec_chassis_index_destroy_row(key);
    if (chassis) {
        return chassis;
    }

    key = sbrec_chassis_index_init_row(ctx->sbrec_chassis_by_hostname);
    sbrec_chassis_index_set_hostname(key, name);
    chassis = sbrec_chassis_index_find(ctx->sbrec_chassis_by_hostname, key);
    sbrec_chassis_index_destroy_row(key);
    return chassis;
}

/* Sets the requested chassis of 'pb' from switch port 'op''s
 * options:requested-chassis ("CHASSIS[,CHASSIS...]"). */
static void
ovn_port_sync_requested_chassis(const struct ovn_port *op,
                                const struct sbrec_port_binding *pb,
                                const struct northd_context *ctx)
{
    const char *requested = (op->nbsp && !lsp_is_router(op->nbsp)
                             ? smap_get(&op->nbsp->options,
                                        "requested-chassis")
                             : NULL);
    const struct sbrec_chassis *main_chassis = NULL;
    const struct sbrec_chassis **additional = NULL;
    size_t n_additional = 0;

    if (requested && requested[0]) {
        char *copy = xstrdup(requested);
        char *save_ptr = NULL;
        for (char *name = strtok_r(copy, ",", &save_ptr); name;
             name = strtok_r(NULL, ",", &save_ptr)) {
            const struct sbrec_chassis *chassis = chassis_lookup(ctx, name);
            if (!chassis) {
                continue;
            }
            if (!main_chassis) {
                main_chassis = chassis;
            } else {
                additional = xrealloc(additional,
                                      (n_additional + 1) * sizeof *additional);
                additional[n_additional++] = chassis;
            }
        }
        free(copy);
    }

    if (pb->requested_chassis != main_chassis) {
        sbrec_port_binding_set_requested_chassis(pb, main_chassis);
    }
    bool same = pb->n_requested_additional_chassis == n_additional;
    for (size_t i = 0; same && i < n_additional; i++) {
        same = pb->requested_additional_chassis[i] == additional[i];
    }
    if (!same) {
        sbrec_port_binding_set_requested_additional_chassis(
            pb, (struct sbrec_chassis **) additional, n_additional);
    }
    free(additional);
}

/* Whether the string arrays 'a' and 'b' hold the same strings in the same
 * order. */
static bool
string_arrays_equal(char **a, size_t n_a, char **b, size_t n_b)
{
    if (n_a != n_b) {
        return false;
    }
    for (size_t i = 0; i < n_a; i++) {
        if (strcmp(a[i], b[i])) {
            return false;
        }
    }
    return true;
}

/* Sets the mirror rules of 'pb' from switch port 'op''s mirrors. */
static void
ovn_port_sync_mirror_rules(const struct ovn_port *op,
                           const struct sbrec_port_binding *pb,
                           const struct northd_context *ctx)
{
    size_t n = op->nbsp ? op->nbsp->n_mirror_rules : 0;
    const struct sbrec_mirror **mirrors = xcalloc(MAX(n, 1),
                                                  sizeof *mirrors);
    size_t n_mirrors = 0;
    for (size_t i = 0; i < n; i++) {
        const struct sbrec_mirror *m
            = mirror_lookup(ctx, op->nbsp->mirror_rules[i]->name);
        if (m) {
            mirrors[n_mirrors++] = m;
        }
    }
    bool same = pb->n_mirror_rules == n_mirrors;
    for (size_t i = 0; same && i < n_mirrors; i++) {
        same = false;
        for (size_t j = 0; j < pb->n_mirror_rules; j++) {
            if (pb->mirror_rules[j] == mirrors[i]) {
                same = true;
                break;
            }
        }
    }
    if (!same) {
        sbrec_port_binding_set_mirror_rules(
            pb, (struct sbrec_mirror **) mirrors, n_mirrors);
    }
    free(mirrors);
}

/* ovn-controller records in 'pb' which parent of virtual port 'op' claimed
 * its address: forgets it when that port is no longer one of 'op''s
 * parents. */
static void
ovn_port_sync_virtual_parent(const struct ovn_port *op,
                             const struct sbrec_port_binding *pb)
{
    if (!op->nbsp || strcmp(op->nbsp->type, "virtual")
        || !pb->virtual_parent || !pb->virtual_parent[0]) {
        return;
    }
    const char *vip = smap_get(&op->nbsp->options, "virtual-ip");
    const char *parents = smap_get(&op->nbsp->options, "virtual-parents");
    bool found = false;
    if (vip && parents) {
        char *copy = xstrdup(parents);
        char *save_ptr = NULL;
        for (char *parent = strtok_r(copy, ",", &save_ptr);
             parent && !found; parent = strtok_r(NULL, ",", &save_ptr)) {
            found = !strcmp(parent, pb->virtual_parent);
        }
        free(copy);
    }
    if (!found) {
        sbrec_port_binding_set_virtual_parent(pb, NULL);
    }
}

/* Brings 'op''s Port_Binding in line with 'op', creating it if needed. */
void
ovn_port_sync_sb(struct ovn_port *op, const struct northd_context *ctx)
{
    const struct sbrec_port_binding *pb = NULL;
    if (!uuid_is_zero(&op->sb_uuid)) {
        pb = ovn_port_get_sb(op, ctx->sb_idl);
    }
    if (!pb) {
        uuid_generate(&op->sb_uuid);
        pb = sbrec_port_binding_insert_persist_uuid(ctx->ovnsb_txn,
                                                    &op->sb_uuid);
        sbrec_port_binding_set_logical_port(pb, op->key);
    }

    const struct sbrec_datapath_binding *sb_dp
        = ovn_datapath_get_sb(op->od, ctx->sb_idl);
    if (pb->datapath != sb_dp) {
        sbrec_port_binding_set_datapath(pb, sb_dp);
    }
    if (pb->tunnel_key != op->tunnel_key) {
        sbrec_port_binding_set_tunnel_key(pb, op->tunnel_key);
    }
    const char *type = ovn_port_sb_type(op);
    if (strcmp(pb->type, type)) {
        sbrec_port_binding_set_type(pb, type);
    }

    struct smap options = SMAP_INITIALIZER(&options);
    ovn_port_sb_options(op, &options);
    op->always_redirect = smap_get_bool(&options, "always-redirect", false);
    if (op->nbrp && !op->is_chassisredirect) {
        lrp_add_ipv6_sb_options(op, pb, &options);
    }
    if (!smap_equal(&pb->options, &options)) {
        sbrec_port_binding_set_options(pb, &options);
    }
    smap_destroy(&options);

    if (op->nbsp) {
        const struct nbrec_logical_switch_port *nbsp = op->nbsp;
        if (!string_arrays_equal(pb->mac, pb->n_mac, nbsp->addresses,
                                 nbsp->n_addresses)) {
            sbrec_port_binding_set_mac(pb, (const char **) nbsp->addresses,
                                       nbsp->n_addresses);
        }
        if (!string_arrays_equal(pb->port_security, pb->n_port_security,
                                 nbsp->port_security,
                                 nbsp->n_port_security)) {
            sbrec_port_binding_set_port_security(
                pb, (const char **) nbsp->port_security,
                nbsp->n_port_security);
        }

        const char *parent = (nbsp->parent_name && nbsp->parent_name[0]
                              ? nbsp->parent_name : NULL);
        if (!nullable_string_is_equal(pb->parent_port, parent)) {
            sbrec_port_binding_set_parent_port(pb, parent);
        }

        /* The tag that ovn-northd gave the port (see
         * allocate_container_tags()), or, until that comes back from the
         * database, the one it requests. */
        const int64_t *tag = NULL;
        if (nbsp->n_tag) {
            tag = nbsp->tag;
        } else if (!parent && nbsp->n_tag_request && *nbsp->tag_request) {
            tag = nbsp->tag_request;
        }
        if (pb->n_tag != (tag != NULL) || (tag && *pb->tag != *tag)) {
            sbrec_port_binding_set_tag(pb, tag, tag != NULL);
        }

        struct smap ids = SMAP_INITIALIZER(&ids);
        smap_clone(&ids, &nbsp->external_ids);
        const char *name = smap_get(&nbsp->external_ids, "neutron:port_name");
        if (name && name[0]) {
            smap_replace(&ids, "name", name);
        }
        if (!smap_equal(&pb->external_ids, &ids)) {
            sbrec_port_binding_set_external_ids(pb, &ids);
        }
        smap_destroy(&ids);
    } else {
        struct ds mac = DS_EMPTY_INITIALIZER;
        lrp_binding_mac(op->nbrp, &mac);
        const char *mac_s = ds_cstr(&mac);
        if (pb->n_mac != 1 || strcmp(pb->mac[0], mac_s)) {
            sbrec_port_binding_set_mac(pb, &mac_s, 1);
        }
        ds_destroy(&mac);

        if (!op->is_chassisredirect
            && !smap_equal(&pb->external_ids, &op->nbrp->external_ids)) {
            sbrec_port_binding_set_external_ids(pb, &op->nbrp->external_ids);
        }
    }

    ovn_port_sync_requested_chassis(op, pb, ctx);

    const char *ha_group_name = ovn_port_ha_chassis_group_name(op);
    const struct sbrec_ha_chassis_group *ha_group
        = ha_group_name ? ha_chassis_group_lookup(ctx, ha_group_name) : NULL;
    if (pb->ha_chassis_group != ha_group) {
        sbrec_port_binding_set_ha_chassis_group(pb, ha_group);
    }

    ovn_port_sync_mirror_rules(op, pb, ctx);
    ovn_port_sync_virtual_parent(op, pb);

    if (!pb->n_up) {
        bool up = false;
        sbrec_port_binding_set_up(pb, &up, 1);
    }
}

/* Deletes 'op''s Port_Binding, if it has one. */
void
ovn_port_delete_sb(struct ovn_port *op, const struct northd_context *ctx)
{
    const struct sbrec_port_binding *pb = ovn_port_get_sb(op, ctx->sb_idl);
    if (pb) {
        sbrec_port_binding_delete(pb);
    }
}

/* Whether router port 'nbrp' is a distributed gateway port, which gets a
 * chassis-redirect port. */
static bool
lrp_is_dgp(const struct ovn_datapath *od,
           const struct nbrec_logical_router_port *nbrp)
{
    if (!nbrp->n_gateway_chassis && !nbrp->ha_chassis_group
        && !smap_get(&nbrp->options, "redirect-chassis")) {
        return false;
    }
    if (smap_get(&od->nbr->options, "chassis")) {
        static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 1);
        VLOG_WARN_RL(&rl, "Bad configuration: distributed gateway port "
                     "configured on port %s on L3 gateway router",
                     nbrp->name);
        return false;
    }
    return true;
}

/* Creates the ports of every datapath of 'data' from the Northbound
 * database, in datapath order. */
static void
ports_create_all(struct northd_data *data)
{
    for (size_t i = 0; i < data->datapaths.n; i++) {
        struct ovn_datapath *od = data->datapaths.array[i];
        if (od->nbs) {
            for (size_t j = 0; j < od->nbs->n_ports; j++) {
                const struct nbrec_logical_switch_port *nbsp
                    = od->nbs->ports[j];
                if (ovn_port_find(&data->ports, nbsp->name)) {
                    static struct vlog_rate_limit rl
                        = VLOG_RATE_LIMIT_INIT(5, 1);
                    VLOG_WARN_RL(&rl, "duplicate logical port %s",
                                 nbsp->name);
                    continue;
                }
                ovn_port_create(data, nbsp->name, od, nbsp, NULL);
            }
            continue;
        }

        size_t n_dgps = 0;
        struct ovn_port **dgps = xcalloc(od->nbr->n_ports, sizeof *dgps);
        for (size_t j = 0; j < od->nbr->n_ports; j++) {
            const struct nbrec_logical_router_port *nbrp = od->nbr->ports[j];
            struct eth_addr ea;
            if (!eth_addr_from_string(nbrp->mac, &ea)) {
                static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 1);
                VLOG_WARN_RL(&rl, "bad 'mac' %s", nbrp->mac);
                continue;
            }
            if (ovn_port_find(&data->ports, nbrp->name)) {
                static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 1);
                VLOG_WARN_RL(&rl, "duplicate logical router port %s",
                             nbrp->name);
                continue;
            }
            struct ovn_port *op = ovn_port_create(data, nbrp->name, od,
                                                  NULL, nbrp);
            if (lrp_is_dgp(od, nbrp)) {
                dgps[n_dgps++] = op;
            }
        }
        for (size_t j = 0; j < n_dgps; j++) {
            char *cr_name = xasprintf("cr-%s", dgps[j]->key);
            if (!ovn_port_find(&data->ports, cr_name)) {
                struct ovn_port *cr = ovn_port_create(data, cr_name, od, NULL,
                                                      dgps[j]->nbrp);
                cr->is_chassisredirect = true;
                cr->primary_port = dgps[j];
                dgps[j]->cr_port = cr;
            }
            free(cr_name);
        }
        free(dgps);
    }
}

/* Gives switch port 'op', of type "router", the addresses of its router
 * port when its "addresses" say "router". */
static void
ovn_port_add_router_addresses(struct ovn_port *op)
{
    for (size_t i = 0; i < op->nbsp->n_addresses; i++) {
        if (!strcmp(op->nbsp->addresses[i], "router")) {
            lport_addresses_clone(&op->lsp_addrs[op->n_lsp_addrs++],
                                  &op->peer->lrp_networks);
            return;
        }
    }
}

/* Links switch ports of type "router" with their router ports, and router
 * ports with their peers. */
static void
ports_link_peers(struct northd_data *data)
{
    struct ovn_port *op;
    HMAP_FOR_EACH (op, key_node, &data->ports) {
        if (op->nbsp && lsp_is_router(op->nbsp)) {
            const char *name = smap_get(&op->nbsp->options, "router-port");
            struct ovn_port *peer = name ? ovn_port_find(&data->ports, name)
                                         : NULL;
            if (peer && peer->nbrp && !peer->is_chassisredirect) {
                op->peer = peer;
                /* When several switch ports name the same router port
                 * (a misconfiguration), the router port's peer is the
                 * one with the smallest name: the order in which the
                 * ports are met depends on the history of the hash map,
                 * and a restarted ovn-northd must pick the same one. */
                if (!peer->peer || strcmp(op->key, peer->peer->key) < 0) {
                    peer->peer = op;
                }
                ovn_port_add_router_addresses(op);
            }
        }
    }
    HMAP_FOR_EACH (op, key_node, &data->ports) {
        if (op->nbrp && !op->is_chassisredirect && !op->peer
            && op->nbrp->peer) {
            struct ovn_port *peer = ovn_port_find(&data->ports,
                                                  op->nbrp->peer);
            if (peer && peer->nbrp && !peer->is_chassisredirect) {
                op->peer = peer;
            }
        }
    }
}

/* Frees every port of 'data' and empties its port collections (but not
 * the datapaths' port lists: the datapaths go next). */
void
ovn_ports_destroy_all(struct northd_data *data)
{
    struct ovn_port *op;
    HMAP_FOR_EACH_POP (op, key_node, &data->ports) {
        ovn_port_destroy(op);
    }
    hmap_clear(&data->ports_by_nb_uuid);
}

/* Builds the ports of 'data''s datapaths (built already, with no ports)
 * and brings the Southbound Port_Binding table in line. */
void
ovn_ports_build(struct northd_data *data, const struct northd_context *ctx)
{
    ovn_ports_destroy_all(data);
    ports_create_all(data);
    ports_link_peers(data);

    /* Bind existing rows; delete stale ones. */
    const struct sbrec_port_binding *pb;
    SBREC_PORT_BINDING_FOR_EACH_SAFE (pb, ctx->sb_idl) {
        struct ovn_port *op = ovn_port_find(&data->ports, pb->logical_port);
        if (!op || !uuid_is_zero(&op->sb_uuid) || !pb->datapath
            || !uuid_equals(&pb->datapath->header_.uuid, &op->od->sb_uuid)) {
            sbrec_port_binding_delete(pb);
            continue;
        }
        op->sb_uuid = pb->header_.uuid;
    }

    /* Keys: requested ones first (ports with bindings before new ports),
     * then existing ones that do not conflict, then new ones. */
    for (size_t i = 0; i < data->datapaths.n; i++) {
        struct ovn_datapath *od = data->datapaths.array[i];
        struct ovn_port *op;

        for (int pass = 0; pass < 2; pass++) {
            OVN_DATAPATH_FOR_EACH_PORT (op, od) {
                if (uuid_is_zero(&op->sb_uuid) == (pass == 1)) {
                    ovn_port_assign_requested_key(op, ctx);
                }
            }
        }
        OVN_DATAPATH_FOR_EACH_PORT (op, od) {
            if (op->tunnel_key || uuid_is_zero(&op->sb_uuid)) {
                continue;
            }
            pb = ovn_port_get_sb(op, ctx->sb_idl);
            if (pb->tunnel_key > 0 && pb->tunnel_key <= max_port_key(ctx)
                && tnlid_set_add(&od->port_tnlids, pb->tunnel_key)) {
                op->tunnel_key = pb->tunnel_key;
            }
        }
        for (int pass = 0; pass < 2; pass++) {
            struct ovn_port *next;
            LIST_FOR_EACH_SAFE (op, next, dp_node, &od->port_list) {
                if (op->tunnel_key
                    || uuid_is_zero(&op->sb_uuid) == (pass == 0)) {
                    continue;
                }
                op->tunnel_key = tnlid_set_allocate(&od->port_tnlids, "port",
                                                    1, max_port_key(ctx),
                                                    &od->port_key_hint);
                if (!op->tunnel_key) {
                    if (!uuid_is_zero(&op->sb_uuid)) {
                        ovn_port_delete_sb(op, ctx);
                    }
                    ovn_port_remove(data, op);
                    ovn_port_destroy(op);
                }
            }
        }
    }

    lr_index_ports(data);

    /* What bindings refer to must be there first. */
    ha_chassis_groups_sync(data, ctx);
    mirrors_sync(ctx);

    qos_queues_assign_all(data, ctx);

    struct ovn_port *op;
    HMAP_FOR_EACH (op, key_node, &data->ports) {
        ovn_port_sync_sb(op, ctx);
    }
}

/* Whether some chassis-redirect port of 'data' would now get another
 * "always-redirect" option than its binding was given: that is how NAT
 * rules matter to the ports, so the NAT handlers of the "northd" node ask
 * it before they leave the ports alone. */
bool
ports_always_redirect_changed(const struct northd_data *data)
{
    const struct ovn_port *op;
    HMAP_FOR_EACH (op, key_node, &data->ports) {
        if (op->is_chassisredirect
            && cr_port_always_redirects(op) != op->always_redirect) {
            return true;
        }
    }
    return false;
}
