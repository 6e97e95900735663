/* nbctl-router-port.c: ovn-nbctl's logical router port commands (lrp-*).
 *
 * Creating, deleting and listing router ports, and getting and setting
 * their administrative state, options, redirect type and gateway
 * chassis. */

#include <config.h>

#include <stdlib.h>
#include <strings.h>

#include "lib/ovn-nb-idl.h"
#include "nbctl-args.h"
#include "nbctl-commands.h"
#include "nbctl-lookup.h"
#include "nbctl-port.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/shash.h"
#include "ovn-dbctl.h"
#include "packets.h"
#include "smap.h"
#include "sset.h"
#include "util.h"
#include "uuid.h"

/* Logical router ports, for the commands that switch ports share. */
static const struct nbctl_port_kind lrp_kind = {
    .port = &nbctl_lrp_kind,
    .datapath = &nbctl_router_kind,
    .ports = &nbrec_logical_router_col_ports,
    .enabled = &nbrec_logical_router_port_col_enabled,
    .options = &nbrec_logical_router_port_col_options,
};

/* Finds the router port named by argv[1], which must exist.  Returns NULL,
 * with ctx->error set, if it does not. */
static const struct nbrec_logical_router_port *
get_port(struct ctl_context *ctx)
{
    const struct nbrec_logical_router_port *lrp;

    ctx->error = nbctl_lookup_lrp(ctx, ctx->argv[1], true, &lrp);
    return ctx->error ? NULL : lrp;
}

/* Returns true if 'network' is an IPv4 or IPv6 address with a prefix
 * length, as a router port network must be. */
static bool
is_valid_network(const char *network)
{
    unsigned int plen;
    ovs_be32 ip4;
    struct in6_addr ip6;
    char *error = ip_parse_cidr(network, &ip4, &plen);

    if (error) {
        free(error);
        error = ipv6_parse_cidr(network, &ip6, &plen);
        if (error) {
            free(error);
            return false;
        }
    }
    return true;
}

/* Checks what "--may-exist lrp-add" requires of an existing port 'lrp':
 * it must be in router 'lr' and have the same MAC, networks and peer as
 * requested.  'settings' are the command's COLUMN=VALUE arguments.  Sets
 * ctx->error if not. */
static void
check_existing_port(struct ctl_context *ctx,
                    const struct nbrec_logical_router *lr,
                    const struct nbrec_logical_router_port *lrp,
                    const char *mac, char **networks, int n_networks,
                    char **settings, int n_settings)
{
    const char *name = lrp->name;
    const struct nbrec_logical_router *lrp_lr;

    ctx->error = nbctl_lrp_to_router(ctx->idl, lrp, &lrp_lr);
    if (ctx->error) {
        return;
    }
    if (lrp_lr != lr) {
        char uuid_s[UUID_LEN + 1];
        ctl_error(ctx, "%s: port already exists but in router %s", name,
                  nbctl_router_name(lrp_lr, uuid_s, sizeof uuid_s));
        return;
    }

    /* MACs compare as addresses, so that case does not matter. */
    struct eth_addr ea, lrp_ea;
    if (!eth_addr_from_string(mac, &ea)) {
        ctl_error(ctx, "%s: invalid mac address %s", name, mac);
        return;
    }
    if (!eth_addr_from_string(lrp->mac, &lrp_ea)
        || !eth_addr_equals(ea, lrp_ea)) {
        ctl_error(ctx, "%s: port already exists with mac %s", name,
                  lrp->mac);
        return;
    }

    struct sset new_networks = SSET_INITIALIZER(&new_networks);
    struct sset old_networks = SSET_INITIALIZER(&old_networks);
    sset_add_array(&new_networks, networks, n_networks);
    sset_add_array(&old_networks, lrp->networks, lrp->n_networks);
    bool same_networks = sset_equals(&new_networks, &old_networks);
    sset_destroy(&new_networks);
    sset_destroy(&old_networks);
    if (!same_networks) {
        ctl_error(ctx, "%s: port already exists with different network",
                  name);
        return;
    }

    const char *peer = NULL;
    for (int i = 0; i < n_settings; i++) {
        if (!strncmp(settings[i], "peer=", 5)) {
            peer = settings[i] + 5;
            break;
        }
    }
    if (!peer != !lrp->peer || (peer && strcmp(peer, lrp->peer))) {
        ctl_error(ctx, "%s: port already exists with mismatching peer",
                  name);
    }
}

/* "[--may-exist] lrp-add ROUTER PORT MAC NETWORK... [COLUMN[:KEY]=VALUE]...".
 * The first argument after MAC that contains "=" starts the column
 * settings, e.g. "peer=lrp1". */
static void
nbctl_lrp_add(struct ctl_context *ctx)
{
    bool may_exist = shash_find(&ctx->options, "--may-exist") != NULL;
    const struct nbrec_logical_router *lr;

    ctx->error = nbctl_lookup_router(ctx, ctx->argv[1], true, &lr);
    if (ctx->error) {
        return;
    }

    const char *name = ctx->argv[2];
    const char *mac = ctx->argv[3];
    char **networks = &ctx->argv[4];
    int n_networks = ctx->argc - 4;
    for (int i = 4; i < ctx->argc; i++) {
        if (strchr(ctx->argv[i], '=')) {
            n_networks = i - 4;
            break;
        }
    }
    if (!n_networks) {
        ctl_error(ctx, "%s: router port requires specifying a network",
                  name);
        return;
    }
    char **settings = &ctx->argv[4 + n_networks];
    int n_settings = ctx->argc - 4 - n_networks;

    const struct nbrec_logical_router_port *existing;
    ctx->error = nbctl_lookup_lrp(ctx, name, false, &existing);
    if (ctx->error) {
        return;
    }
    if (existing) {
        if (!may_exist) {
            ctl_error(ctx, "%s: a port with this name already exists", name);
        } else {
            check_existing_port(ctx, lr, existing, mac, networks, n_networks,
                                settings, n_settings);
        }
        return;
    }

    struct eth_addr ea;
    if (!eth_addr_from_string(mac, &ea)) {
        ctl_error(ctx, "%s: invalid mac address %s", name, mac);
        return;
    }
    for (int i = 0; i < n_networks; i++) {
        if (!is_valid_network(networks[i])) {
            ctl_error(ctx, "%s: invalid network address: %s", name,
                      networks[i]);
            return;
        }
    }

    struct nbrec_logical_router_port *lrp
        = nbrec_logical_router_port_insert(ctx->txn);
    nbrec_logical_router_port_set_name(lrp, name);
    nbrec_logical_router_port_set_mac(lrp, mac);
    nbrec_logical_router_port_set_networks(lrp, (const char **) networks,
                                           n_networks);
    for (int i = 0; i < n_settings; i++) {
        ctx->error = ctl_set_column("Logical_Router_Port", &lrp->header_,
                                    settings[i], ctx->symtab);
        if (ctx->error) {
            return;
        }
    }
    ovn_dbctl_add_ref(&lr->header_, &nbrec_logical_router_col_ports,
                      &lrp->header_);
}

/* "[--if-exists] lrp-del PORT". */
static void
nbctl_lrp_del(struct ctl_context *ctx)
{
    nbctl_port_del(ctx, &lrp_kind);
}

/* "lrp-list ROUTER". */
static void
nbctl_lrp_list(struct ctl_context *ctx)
{
    nbctl_port_list(ctx, &lrp_kind);
}

/* "lrp-set-enabled PORT enabled|disabled". */
static void
nbctl_lrp_set_enabled(struct ctl_context *ctx)
{
    nbctl_port_set_enabled(ctx, &lrp_kind);
}

/* "lrp-get-enabled PORT". */
static void
nbctl_lrp_get_enabled(struct ctl_context *ctx)
{
    nbctl_port_get_enabled(ctx, &lrp_kind);
}

/* "lrp-set-redirect-type PORT overlay|bridged": how packets redirected to
 * the gateway chassis of a distributed gateway port travel (options key
 * "redirect-type"). */
static void
nbctl_lrp_set_redirect_type(struct ctl_context *ctx)
{
    const struct nbrec_logical_router_port *lrp = get_port(ctx);
    if (!lrp) {
        return;
    }

    const char *type = ctx->argv[2];
    if (strcasecmp(type, "bridged") && strcasecmp(type, "overlay")) {
        ctl_error(ctx, "Invalid redirect type: %s", type);
        return;
    }

    struct smap options;
    smap_clone(&options, &lrp->options);
    smap_replace(&options, "redirect-type", type);
    nbrec_logical_router_port_set_options(lrp, &options);
    smap_destroy(&options);
}

/* "lrp-get-redirect-type PORT": "overlay" unless set otherwise. */
static void
nbctl_lrp_get_redirect_type(struct ctl_context *ctx)
{
    const struct nbrec_logical_router_port *lrp = get_port(ctx);
    if (lrp) {
        const char *type = smap_get(&lrp->options, "redirect-type");
        ds_put_format(&ctx->output, "%s\n", type ? type : "overlay");
    }
}

/* "lrp-set-options PORT [KEY=VALUE]...". */
static void
nbctl_lrp_set_options(struct ctl_context *ctx)
{
    nbctl_port_set_options(ctx, &lrp_kind);
}

/* "lrp-get-options PORT". */
static void
nbctl_lrp_get_options(struct ctl_context *ctx)
{
    nbctl_port_get_options(ctx, &lrp_kind);
}

/* "lrp-set-gateway-chassis PORT CHASSIS [PRIORITY]": the Gateway_Chassis
 * row is named "PORT-CHASSIS"; if it exists, only its priority changes. */
static void
nbctl_lrp_set_gateway_chassis(struct ctl_context *ctx)
{
    const struct nbrec_logical_router_port *lrp = get_port(ctx);
    if (!lrp) {
        return;
    }

    const char *chassis_name = ctx->argv[2];
    int64_t priority = 0;
    if (ctx->argc > 3) {
        ctx->error = nbctl_parse_priority(ctx->argv[3], &priority);
        if (ctx->error) {
            return;
        }
    }

    char *gc_name = xasprintf("%s-%s", ctx->argv[1], chassis_name);
    const struct nbrec_gateway_chassis *gc;
    NBREC_GATEWAY_CHASSIS_FOR_EACH (gc, ctx->idl) {
        if (!strcmp(gc->name, gc_name)) {
            nbrec_gateway_chassis_set_priority(gc, priority);
            free(gc_name);
            return;
        }
    }

    struct nbrec_gateway_chassis *new_gc
        = nbrec_gateway_chassis_insert(ctx->txn);
    nbrec_gateway_chassis_set_name(new_gc, gc_name);
    nbrec_gateway_chassis_set_chassis_name(new_gc, chassis_name);
    nbrec_gateway_chassis_set_priority(new_gc, priority);
    ovn_dbctl_add_ref(&lrp->header_,
                      &nbrec_logical_router_port_col_gateway_chassis,
                      &new_gc->header_);
    free(gc_name);
}

/* "lrp-del-gateway-chassis PORT CHASSIS".  Like upstream, a gateway
 * chassis matches if CHASSIS starts with its chassis name. */
static void
nbctl_lrp_del_gateway_chassis(struct ctl_context *ctx)
{
    const struct nbrec_logical_router_port *lrp = get_port(ctx);
    if (!lrp) {
        return;
    }

    const char *chassis_name = ctx->argv[2];
    for (size_t i = 0; i < lrp->n_gateway_chassis; i++) {
        const struct nbrec_gateway_chassis *gc = lrp->gateway_chassis[i];
        if (!strncmp(gc->chassis_name, chassis_name,
                     strlen(gc->chassis_name))) {
            ovn_dbctl_remove_ref(
                &lrp->header_, &nbrec_logical_router_port_col_gateway_chassis,
                &gc->header_);
            nbrec_gateway_chassis_delete(gc);
            return;
        }
    }
    ctl_error(ctx, "chassis %s is not added to logical port %s",
              chassis_name, ctx->argv[1]);
}

/* qsort() comparison function for gateway chassis: highest priority
 * first, then by name, descending. */
static int
compare_gateway_chassis(const void *a_, const void *b_)
{
    const struct nbrec_gateway_chassis *const *a = a_;
    const struct nbrec_gateway_chassis *const *b = b_;

    if ((*a)->priority != (*b)->priority) {
        return (*a)->priority > (*b)->priority ? -1 : 1;
    }
    return strcmp((*b)->name, (*a)->name);
}

/* "lrp-get-gateway-chassis PORT": "NAME PRIORITY" lines, highest priority
 * first. */
static void
nbctl_lrp_get_gateway_chassis(struct ctl_context *ctx)
{
    const struct nbrec_logical_router_port *lrp = get_port(ctx);
    if (!lrp || !lrp->n_gateway_chassis) {
        return;
    }

    size_t n = lrp->n_gateway_chassis;
    const struct nbrec_gateway_chassis **gcs = xmemdup(lrp->gateway_chassis,
                                                       n * sizeof *gcs);
    qsort(gcs, n, sizeof *gcs, compare_gateway_chassis);
    for (size_t i = 0; i < n; i++) {
        ds_put_format(&ctx->output, "%s %5"PRId64"\n",
                      gcs[i]->name, gcs[i]->priority);
    }
    free(gcs);
}

const struct ctl_command_syntax nbctl_router_port_commands[] = {
    {"lrp-add", 4, INT_MAX,
     "ROUTER PORT MAC [NETWORK]... [COLUMN[:KEY]=VALUE]...", NULL,
     nbctl_lrp_add, NULL, "--may-exist", RW},
    {"lrp-set-gateway-chassis", 2, 3, "PORT CHASSIS [PRIORITY]", NULL,
     nbctl_lrp_set_gateway_chassis, NULL, "", RW},
    {"lrp-del-gateway-chassis", 2, 2, "PORT CHASSIS", NULL,
     nbctl_lrp_del_gateway_chassis, NULL, "", RW},
    {"lrp-get-gateway-chassis", 1, 1, "PORT", NULL,
     nbctl_lrp_get_gateway_chassis, NULL, "", RO},
    {"lrp-del", 1, 1, "PORT", NULL, nbctl_lrp_del, NULL, "--if-exists", RW},
    {"lrp-list", 1, 1, "ROUTER", NULL, nbctl_lrp_list, NULL, "", RO},
    {"lrp-set-enabled", 2, 2, "PORT STATE", NULL, nbctl_lrp_set_enabled,
     NULL, "", RW},
    {"lrp-get-enabled", 1, 1, "PORT", NULL, nbctl_lrp_get_enabled, NULL,
     "", RO},
    {"lrp-set-redirect-type", 2, 2, "PORT TYPE", NULL,
     nbctl_lrp_set_redirect_type, NULL, "", RW},
    {"lrp-get-redirect-type", 1, 1, "PORT", NULL,
     nbctl_lrp_get_redirect_type, NULL, "", RO},
    {"lrp-set-options", 1, INT_MAX, "PORT KEY=VALUE [KEY=VALUE]...", NULL,
     nbctl_lrp_set_options, NULL, "", RW},
    {"lrp-get-options", 1, 1, "PORT", NULL, nbctl_lrp_get_options, NULL,
     "", RO},
    {NULL, 0, 0, NULL, NULL, NULL, NULL, "", RO},
};

const char nbctl_router_port_help[] =
    "Logical router port commands:\n"
    "  lrp-add ROUTER PORT MAC [NETWORK]...\n"
    "            [COLUMN[:KEY]=VALUE]...\n"
    "                            add logical port PORT on ROUTER\n"
    "  lrp-set-gateway-chassis PORT CHASSIS [PRIORITY]\n"
    "                            set gateway chassis for port PORT\n"
    "  lrp-del-gateway-chassis PORT CHASSIS\n"
    "                            delete gateway chassis from port PORT\n"
    "  lrp-get-gateway-chassis PORT\n"
    "                            print the names of all gateway chassis on "
    "PORT\n"
    "                            with PRIORITY\n"
    "  lrp-del PORT              delete PORT from its attached router\n"
    "  lrp-list ROUTER           print the names of all ports on ROUTER\n"
    "  lrp-set-enabled PORT STATE\n"
    "                            set administrative state PORT\n"
    "                            ('enabled' or 'disabled')\n"
    "  lrp-get-enabled PORT      get administrative state PORT\n"
    "                            ('enabled' or 'disabled')\n"
    "  lrp-set-redirect-type PORT TYPE\n"
    "                            set whether redirected packet to gateway "
    "chassis\n"
    "                            of PORT will be encapsulated or not\n"
    "                            ('overlay' or 'bridged')\n"
    "  lrp-get-redirect-type PORT\n"
    "                            get whether redirected packet to gateway "
    "chassis\n"
    "                            of PORT will be encapsulated or not\n"
    "                            ('overlay' or 'bridged')\n"
    "  lrp-set-options PORT KEY=VALUE [KEY=VALUE]...\n"
    "                            set router port options\n"
    "  lrp-get-options PORT      get router port options\n";
