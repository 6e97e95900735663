/* nbctl-nat.c: ovn-nbctl's NAT commands: lr-nat-add, lr-nat-del,
 * lr-nat-list, lr-nat-update-ext-ip.
 *
 * A NAT rule of a router is identified by its type and, for "snat", its
 * logical IP (network) or, for "dnat" and "dnat_and_snat", its external
 * IP, and by its gateway port when the router has several distributed
 * gateway ports. */

#include <config.h>

#include <inttypes.h>
#include <stdlib.h>

#include "lib/ovn-nb-idl.h"
#include "nbctl-ip.h"
#include "nbctl-commands.h"
#include "nbctl-lookup.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/shash.h"
#include "ovn-dbctl.h"
#include "packets.h"
#include "smap.h"
#include "util.h"
#include "uuid.h"

/* Returns true if 'type' is a NAT type; otherwise sets ctx->error. */
static bool
check_nat_type(struct ctl_context *ctx, const char *type)
{
    if (strcmp(type, "dnat") && strcmp(type, "snat")
        && strcmp(type, "dnat_and_snat")) {
        ctl_error(ctx, "%s: type must be one of \"dnat\", \"snat\" and "
                  "\"dnat_and_snat\".", type);
        return false;
    }
    return true;
}

/* Returns true if 'range' is a port or a range of ports "MIN-MAX", all
 * between 1 and 65535. */
static bool
is_valid_port_range(const char *range)
{
    unsigned int min, max;
    int n = 0;

    if (ovs_scan(range, "%u-%u%n", &min, &max, &n) && !range[n]) {
        return min >= 1 && min <= max && max <= 65535;
    }
    n = 0;
    return (ovs_scan(range, "%u%n", &min, &n) && !range[n]
            && min >= 1 && min <= 65535);
}

/* Returns true if 'lrp' is a distributed gateway port. */
static bool
is_gateway_port(const struct nbrec_logical_router_port *lrp)
{
    return lrp->n_gateway_chassis || lrp->ha_chassis_group;
}

/* Checks the --gateway-port option 'name' of lr-nat-add for router 'lr'
 * and NAT external IP 'external_ip' and stores in '*gw_portp' the port it
 * names (NULL without the option).  Without the option, a router with
 * several distributed gateway ports must have exactly one whose networks
 * hold the external IP.  Returns false, with ctx->error set, on error. */
static bool
get_gateway_port(struct ctl_context *ctx,
                 const struct nbrec_logical_router *lr, const char *name,
                 const char *external_ip,
                 const struct nbrec_logical_router_port **gw_portp)
{
    char uuid_s[UUID_LEN + 1];

    *gw_portp = NULL;
    if (name) {
        const struct nbrec_logical_router_port *lrp;
        ctx->error = nbctl_lookup_lrp(ctx, name, true, &lrp);
        if (ctx->error) {
            return false;
        }

        bool in_router = false;
        for (size_t i = 0; i < lr->n_ports; i++) {
            in_router = in_router || lr->ports[i] == lrp;
        }
        if (!in_router) {
            ctl_error(ctx, "%s is not a router port of logical router: %s.",
                      lrp->name, nbctl_router_name(lr, uuid_s,
                                                   sizeof uuid_s));
            return false;
        }
        if (!is_gateway_port(lrp)) {
            ctl_error(ctx, "%s is not a distributed gateway port of logical "
                      "router: %s.", lrp->name,
                      nbctl_router_name(lr, uuid_s, sizeof uuid_s));
            return false;
        }
        *gw_portp = lrp;
        return true;
    }

    size_t n_gateway_ports = 0;
    size_t n_matching = 0;
    for (size_t i = 0; i < lr->n_ports; i++) {
        if (is_gateway_port(lr->ports[i])) {
            n_gateway_ports++;
            if (nbctl_ip_in_networks(external_ip, lr->ports[i]->networks,
                                     lr->ports[i]->n_networks)) {
                n_matching++;
            }
        }
    }
    if (n_gateway_ports > 1 && n_matching != 1) {
        ctl_error(ctx, "logical router: %s has multiple distributed gateway "
                  "ports. NAT rule needs to specify gateway_port.",
                  nbctl_router_name(lr, uuid_s, sizeof uuid_s));
        return false;
    }
    return true;
}

/* What lr-nat-add's arguments ask for, checked and normalized. */
struct nat_request {
    const char *type;
    const char *external_ip;    /* As given. */
    char *new_external_ip;      /* Canonical. */
    char *new_logical_ip;       /* Canonical. */
    const char *logical_port;   /* Or NULL. */
    const char *external_mac;   /* Or NULL. */
    const char *port_range;     /* Or NULL. */
    bool stateless;             /* --stateless. */
    const struct nbrec_logical_router_port *gw_port; /* Or NULL. */
};

/* Parses the arguments and options of lr-nat-add for router 'lr' into
 * 'req'.  Returns false, with ctx->error set, on error. */
static bool
parse_nat_request(struct ctl_context *ctx,
                  const struct nbrec_logical_router *lr,
                  struct nat_request *req)
{
    const char *logical_ip = ctx->argv[4];
    bool portrange = shash_find(&ctx->options, "--portrange") != NULL;

    req->type = ctx->argv[2];
    req->external_ip = ctx->argv[3];
    if (!check_nat_type(ctx, req->type)) {
        return false;
    }

    bool is_v6 = false;
    req->new_external_ip = nbctl_normalize_ipv4_addr(req->external_ip);
    if (!req->new_external_ip) {
        req->new_external_ip = nbctl_normalize_ipv6_addr(req->external_ip);
        is_v6 = true;
    }
    if (!req->new_external_ip) {
        ctl_error(ctx, "%s: Not a valid IPv4 or IPv6 address.",
                  req->external_ip);
        return false;
    }

    if (strcmp(req->type, "snat")) {
        req->new_logical_ip = (is_v6
                               ? nbctl_normalize_ipv6_addr(logical_ip)
                               : nbctl_normalize_ipv4_addr(logical_ip));
        if (!req->new_logical_ip) {
            ctl_error(ctx, "%s: Not a valid %s address.", logical_ip,
                      is_v6 ? "IPv6" : "IPv4");
            return false;
        }
    } else {
        req->new_logical_ip = (is_v6
                               ? nbctl_normalize_ipv6_prefix(logical_ip)
                               : nbctl_normalize_ipv4_prefix(logical_ip));
        if (!req->new_logical_ip) {
            ctl_error(ctx, "%s: should be an %s address or network.",
                      logical_ip, is_v6 ? "IPv6" : "IPv4");
            return false;
        }
    }

    if (ctx->argc == 6) {
        if (!portrange) {
            ctl_error(ctx, "lr-nat-add with logical_port must also specify "
                      "external_mac.");
            return false;
        }
        req->port_range = ctx->argv[5];
    } else if (ctx->argc >= 7) {
        if (strcmp(req->type, "dnat_and_snat")) {
            ctl_error(ctx, "logical_port and external_mac are only valid "
                      "when type is \"dnat_and_snat\".");
            return false;
        }
        if (ctx->argc == 7 && portrange) {
            ctl_error(ctx, "lr-nat-add with logical_port must also specify "
                      "external_mac.");
            return false;
        }
        if (ctx->argc == 8 && !portrange) {
            ctl_error(ctx, "lr-nat-add with port_range must also specify "
                      "--portrange.");
            return false;
        }

        const struct nbrec_logical_switch_port *lsp;
        req->logical_port = ctx->argv[5];
        ctx->error = nbctl_lookup_lsp(ctx, req->logical_port, true, &lsp);
        if (ctx->error) {
            return false;
        }

        struct eth_addr ea;
        req->external_mac = ctx->argv[6];
        if (!eth_addr_from_string(req->external_mac, &ea)) {
            ctl_error(ctx, "invalid mac address %s.", req->external_mac);
            return false;
        }
        if (ctx->argc == 8) {
            req->port_range = ctx->argv[7];
        }
    }
    if (req->port_range && !is_valid_port_range(req->port_range)) {
        ctl_error(ctx, "invalid port range %s.", req->port_range);
        return false;
    }

    req->stateless = shash_find(&ctx->options, "--stateless") != NULL;
    if (req->stateless && strcmp(req->type, "dnat_and_snat")) {
        ctl_error(ctx, "stateless is not applicable to dnat or snat types");
        return false;
    }

    return get_gateway_port(ctx, lr,
                            shash_find_data(&ctx->options, "--gateway-port"),
                            req->new_external_ip, &req->gw_port);
}

/* Compares 'req' with 'nat', an existing rule of the same router: returns
 * true if lr-nat-add must not add a rule, either because of an error (then
 * set in ctx->error) or because --may-exist let it update 'nat'. */
static bool
conflicts_with_existing(struct ctl_context *ctx, const struct nat_request *req,
                        const struct nbrec_nat *nat, bool may_exist)
{
    char *old_external_ip = nbctl_normalize_prefix(nat->external_ip);
    char *old_logical_ip = nbctl_normalize_prefix(nat->logical_ip);
    bool is_snat = !strcmp(req->type, "snat");
    bool stop = false;

    if (!old_external_ip || !old_logical_ip) {
        goto out;
    }

    if (!strcmp(req->type, nat->type)
        && (!req->gw_port || nat->gateway_port == req->gw_port)
        && !strcmp(is_snat ? req->new_logical_ip : req->new_external_ip,
                   is_snat ? old_logical_ip : old_external_ip)) {
        stop = true;
        if (strcmp(is_snat ? req->new_external_ip : req->new_logical_ip,
                   is_snat ? old_external_ip : old_logical_ip)) {
            ctl_error(ctx, "a NAT with this type (%s) and %s (%s) already "
                      "exists", req->type,
                      is_snat ? "logical_ip" : "external_ip",
                      is_snat ? req->new_logical_ip : req->new_external_ip);
        } else if (!may_exist) {
            ctl_error(ctx, "%s, %s: a NAT with this external_ip and "
                      "logical_ip already exists", req->new_external_ip,
                      req->new_logical_ip);
        } else {
            nbrec_nat_verify_logical_port(nat);
            nbrec_nat_verify_external_mac(nat);
            nbrec_nat_set_logical_port(nat, req->logical_port);
            nbrec_nat_set_external_mac(nat, req->external_mac);
        }
        goto out;
    }

    if ((!strcmp(req->type, "dnat_and_snat")
         || !strcmp(nat->type, "dnat_and_snat"))
        && !strcmp(old_external_ip, req->new_external_ip)
        && (req->stateless
            || smap_get_bool(&nat->options, "stateless", false))) {
        ctl_error(ctx, "%s, %s: External ip cannot be shared across "
                  "stateless and stateful NATs", req->new_external_ip,
                  req->new_logical_ip);
        stop = true;
    }

out:
    free(old_external_ip);
    free(old_logical_ip);
    return stop;
}

/* "[--may-exist] [--stateless] [--portrange] [--add-route]
 *  [--gateway-port=GATEWAY_PORT] lr-nat-add ROUTER TYPE EXTERNAL_IP
 *  LOGICAL_IP [LOGICAL_PORT EXTERNAL_MAC] [EXTERNAL_PORT_RANGE]". */
static void
nbctl_lr_nat_add(struct ctl_context *ctx)
{
    bool may_exist = shash_find(&ctx->options, "--may-exist") != NULL;
    bool add_route = shash_find(&ctx->options, "--add-route") != NULL;
    const struct nbrec_logical_router *lr;
    struct nat_request req;

    ctx->error = nbctl_lookup_router(ctx, ctx->argv[1], true, &lr);
    if (ctx->error) {
        return;
    }

    memset(&req, 0, sizeof req);
    if (!parse_nat_request(ctx, lr, &req)) {
        goto out;
    }
    for (size_t i = 0; i < lr->n_nat; i++) {
        if (conflicts_with_existing(ctx, &req, lr->nat[i], may_exist)) {
            goto out;
        }
    }

    struct nbrec_nat *nat = nbrec_nat_insert(ctx->txn);
    nbrec_nat_set_type(nat, req.type);
    nbrec_nat_set_external_ip(nat, req.external_ip);
    nbrec_nat_set_logical_ip(nat, req.new_logical_ip);
    if (req.logical_port && req.external_mac) {
        nbrec_nat_set_logical_port(nat, req.logical_port);
        nbrec_nat_set_external_mac(nat, req.external_mac);
    }
    if (req.port_range) {
        nbrec_nat_set_external_port_range(nat, req.port_range);
    }
    if (req.gw_port) {
        nbrec_nat_set_gateway_port(nat, req.gw_port);
    }

    struct smap options = SMAP_INITIALIZER(&options);
    smap_add(&options, "stateless", req.stateless ? "true" : "false");
    if (add_route) {
        smap_add(&options, "add_route", "true");
    }
    nbrec_nat_set_options(nat, &options);
    smap_destroy(&options);

    ovn_dbctl_add_ref(&lr->header_, &nbrec_logical_router_col_nat,
                      &nat->header_);

out:
    free(req.new_external_ip);
    free(req.new_logical_ip);
}

/* "[--if-exists] lr-nat-del ROUTER [TYPE [IP] [GATEWAY_PORT]]": IP is the
 * logical IP of an "snat" rule, otherwise the external IP.  A third
 * argument that is not an IP address or network names the gateway
 * port. */
static void
nbctl_lr_nat_del(struct ctl_context *ctx)
{
    bool must_exist = !shash_find(&ctx->options, "--if-exists");
    const struct nbrec_logical_router *lr;

    ctx->error = nbctl_lookup_router(ctx, ctx->argv[1], true, &lr);
    if (ctx->error) {
        return;
    }

    if (ctx->argc == 2) {
        nbrec_logical_router_verify_nat(lr);
        nbrec_logical_router_set_nat(lr, NULL, 0);
        return;
    }

    const char *type = ctx->argv[2];
    if (!check_nat_type(ctx, type)) {
        return;
    }

    char *ip = NULL;
    const struct nbrec_logical_router_port *gw_port = NULL;
    if (ctx->argc > 3) {
        ip = nbctl_normalize_prefix(ctx->argv[3]);
        if (!ip && ctx->argc == 4) {
            ctx->error = nbctl_lookup_lrp(ctx, ctx->argv[3], false, &gw_port);
            if (ctx->error) {
                return;
            }
        }
        if (!ip && !gw_port) {
            ctl_error(ctx, "%s: Invalid IP address or CIDR", ctx->argv[3]);
            return;
        }
    }
    if (ctx->argc > 4) {
        ctx->error = nbctl_lookup_lrp(ctx, ctx->argv[4], true, &gw_port);
        if (ctx->error) {
            free(ip);
            return;
        }
    }

    bool is_snat = !strcmp(type, "snat");
    /* Removing a rule rewrites lr->nat: iterate over a copy. */
    size_t n_nats = lr->n_nat;
    struct nbrec_nat **nats = xmemdup(lr->nat, n_nats * sizeof *nats);
    size_t n_removed = 0;
    for (size_t i = 0; i < n_nats; i++) {
        const struct nbrec_nat *nat = nats[i];
        if (strcmp(type, nat->type)
            || (gw_port && nat->gateway_port != gw_port)) {
            continue;
        }
        if (ip) {
            char *old_ip = nbctl_normalize_prefix(is_snat ? nat->logical_ip
                                                  : nat->external_ip);
            bool same = old_ip && !strcmp(ip, old_ip);
            free(old_ip);
            if (!same) {
                continue;
            }
        }
        ovn_dbctl_remove_ref(&lr->header_, &nbrec_logical_router_col_nat,
                             &nat->header_);
        n_removed++;
    }

    free(nats);

    if (!n_removed && ip && must_exist) {
        ctl_error(ctx, "no matching NAT with the type (%s) and %s (%s)",
                  type, is_snat ? "logical_ip" : "external_ip", ip);
    }
    free(ip);
}

/* "lr-nat-list ROUTER": a table of the router's NAT rules, sorted by type
 * and external IP. */
static void
nbctl_lr_nat_list(struct ctl_context *ctx)
{
    const struct nbrec_logical_router *lr;

    ctx->error = nbctl_lookup_router(ctx, ctx->argv[1], true, &lr);
    if (ctx->error) {
        return;
    }

    struct smap rows = SMAP_INITIALIZER(&rows);
    for (size_t i = 0; i < lr->n_nat; i++) {
        const struct nbrec_nat *nat = lr->nat[i];
        const char *gw_port = nat->gateway_port ? nat->gateway_port->name : "";
        /* Upstream sorts by type and external IP only; the rest of the
         * key makes the order of ties stable. */
        char *key = xasprintf("%-17.13s%s %s %s", nat->type, nat->external_ip,
                              nat->logical_ip, gw_port);
        struct ds row = DS_EMPTY_INITIALIZER;

        ds_put_format(&row, "%-17.13s%-22.20s%-22.20s%-19.17s%-17.13s",
                      nat->type, gw_port, nat->match, nat->external_ip,
                      nat->external_port_range);
        if (nat->external_mac && nat->logical_port) {
            ds_put_format(&row, "%-20.18s%-21s%s", nat->logical_ip,
                          nat->external_mac, nat->logical_port);
        } else {
            ds_put_cstr(&row, nat->logical_ip);
        }
        smap_add_nocopy(&rows, key, ds_steal_cstr(&row));
    }

    const struct smap_node **nodes = smap_sort(&rows);
    if (nodes) {
        ds_put_format(&ctx->output,
                      "%-17.13s%-22.20s%-22.20s%-19.17s%-17.13s%-20.18s"
                      "%-21s%s\n", "TYPE", "GATEWAY_PORT", "MATCH",
                      "EXTERNAL_IP", "EXTERNAL_PORT", "LOGICAL_IP",
                      "EXTERNAL_MAC", "LOGICAL_PORT");
        for (size_t i = 0; i < smap_count(&rows); i++) {
            ds_put_format(&ctx->output, "%s\n", nodes[i]->value);
        }
        free(nodes);
    }
    smap_destroy(&rows);
}

/* Finds the address set that 'id' names by UUID or name. */
static const struct nbrec_address_set *
lookup_address_set(struct ctl_context *ctx, const char *id)
{
    const struct nbrec_address_set *as;
    struct uuid uuid;

    if (uuid_from_string(&uuid, id)) {
        as = nbrec_address_set_get_for_uuid(ctx->idl, &uuid);
        if (as) {
            return as;
        }
    }
    NBREC_ADDRESS_SET_FOR_EACH (as, ctx->idl) {
        if (!strcmp(as->name, id)) {
            return as;
        }
    }
    return NULL;
}

/* "[--is-exempted] lr-nat-update-ext-ip ROUTER NAT_UUID ADDRESS_SET": the
 * external IPs that the NAT rule applies to (allowed_ext_ips) or, with
 * --is-exempted, does not apply to (exempted_ext_ips). */
static void
nbctl_lr_nat_update_ext_ip(struct ctl_context *ctx)
{
    bool is_exempted = shash_find(&ctx->options, "--is-exempted") != NULL;
    const struct nbrec_logical_router *lr;

    ctx->error = nbctl_lookup_router(ctx, ctx->argv[1], true, &lr);
    if (ctx->error) {
        return;
    }

    struct uuid nat_uuid;
    if (!uuid_from_string(&nat_uuid, ctx->argv[2])) {
        ctl_error(ctx, "Invalid format of nat uuid %s", ctx->argv[2]);
        return;
    }

    const struct nbrec_nat *nat = NULL;
    for (size_t i = 0; i < lr->n_nat && !nat; i++) {
        if (uuid_equals(&lr->nat[i]->header_.uuid, &nat_uuid)) {
            nat = lr->nat[i];
        }
    }
    if (!nat) {
        ctl_error(ctx, "Could not find nat with uuid %s in router %s",
                  ctx->argv[2], ctx->argv[1]);
        return;
    }

    const struct nbrec_address_set *as = lookup_address_set(ctx,
                                                            ctx->argv[3]);
    if (!as) {
        ctl_error(ctx, "Could not find address set %s", ctx->argv[3]);
        return;
    }

    if (is_exempted) {
        nbrec_nat_set_exempted_ext_ips(nat, as);
    } else {
        nbrec_nat_set_allowed_ext_ips(nat, as);
    }
}

const struct ctl_command_syntax nbctl_nat_commands[] = {
    {"lr-nat-add", 4, 7,
     "ROUTER TYPE EXTERNAL_IP LOGICAL_IP [LOGICAL_PORT EXTERNAL_MAC] "
     "[EXTERNAL_PORT_RANGE]", NULL, nbctl_lr_nat_add, NULL,
     "--may-exist,--stateless,--portrange,--add-route,--gateway-port=", RW},
    {"lr-nat-del", 1, 4, "ROUTER [TYPE [IP] [GATEWAY_PORT]]", NULL,
     nbctl_lr_nat_del, NULL, "--if-exists", RW},
    {"lr-nat-list", 1, 1, "ROUTER", NULL, nbctl_lr_nat_list, NULL, "", RO},
    {"lr-nat-update-ext-ip", 3, 3, "ROUTER NAT_UUID ADDRESS_SET", NULL,
     nbctl_lr_nat_update_ext_ip, NULL, "--is-exempted", RW},
    {NULL, 0, 0, NULL, NULL, NULL, NULL, "", RO},
};

const char nbctl_nat_help[] =
    "NAT commands:\n"
    "  [--stateless]\n"
    "  [--portrange]\n"
    "  [--add-route]\n"
    "  [--gateway-port=GATEWAY_PORT]\n"
    "  lr-nat-add ROUTER TYPE EXTERNAL_IP LOGICAL_IP"
    " [LOGICAL_PORT EXTERNAL_MAC]\n"
    "  [EXTERNAL_PORT_RANGE]\n"
    "                            add a NAT to ROUTER\n"
    "  lr-nat-del ROUTER [TYPE [IP] [GATEWAY_PORT]]\n"
    "                            remove NATs from ROUTER\n"
    "  lr-nat-list ROUTER        print NATs for ROUTER\n"
    "  [--is-exempted]\n"
    "  lr-nat-update-ext-ip ROUTER NAT_UUID ADDRESS_SET\n"
    "                            update the allowed (or, with "
    "--is-exempted,\n"
    "                            exempted) external IPs of NAT_UUID\n";
