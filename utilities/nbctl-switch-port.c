/* nbctl-switch-port.c: ovn-nbctl's logical switch port commands (lsp-*).
 *
 * Creating and deleting ports (lsp-add and its router and localnet
 * variants, lsp-del), listing them, and getting and setting their columns:
 * addresses, port security, enabled, type, options, DHCP options, and the
 * mirrors attached to them. */

#include <config.h>

#include <inttypes.h>
#include <stdlib.h>

#include "lib/ovn-nb-idl.h"
#include "nbctl-commands.h"
#include "nbctl-lookup.h"
#include "nbctl-lsp-addresses.h"
#include "nbctl-port.h"
#include "ovn-dbctl.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/shash.h"
#include "smap.h"
#include "packets.h"
#include "svec.h"
#include "util.h"
#include "uuid.h"

/* The port types that a logical switch port may have, besides "" (a VIF).
 * The OVN_Northbound schema documents each. */
static const char *const lsp_types[] = {
    "l2gateway", "localnet", "localport", "router", "vtep", "external",
    "virtual", "remote", "switch",
};

/* Returns true if 'type' is a known logical switch port type. */
static bool
is_known_lsp_type(const char *type)
{
    if (!type[0]) {
        return true;
    }
    for (size_t i = 0; i < ARRAY_SIZE(lsp_types); i++) {
        if (!strcmp(type, lsp_types[i])) {
            return true;
        }
    }
    return false;
}

/* Logical switch ports, for the commands that router ports share. */
static const struct nbctl_port_kind lsp_kind = {
    .port = &nbctl_lsp_kind,
    .datapath = &nbctl_switch_kind,
    .ports = &nbrec_logical_switch_col_ports,
    .enabled = &nbrec_logical_switch_port_col_enabled,
    .options = &nbrec_logical_switch_port_col_options,
};

/* Finds the port named by argv[1], which must exist.  Returns NULL, with
 * ctx->error set, if it does not. */
static const struct nbrec_logical_switch_port *
get_port(struct ctl_context *ctx)
{
    const struct nbrec_logical_switch_port *lsp;

    ctx->error = nbctl_lookup_lsp(ctx, ctx->argv[1], true, &lsp);
    return ctx->error ? NULL : lsp;
}

/* Checks what "--may-exist lsp-add" requires of an existing port 'lsp':
 * it must be in switch 'ls' and have the requested parent and tag (or no
 * parent when 'parent_name' is NULL).  Sets ctx->error if not. */
static void
check_existing_port(struct ctl_context *ctx,
                    const struct nbrec_logical_switch *ls,
                    const struct nbrec_logical_switch_port *lsp,
                    const char *parent_name, int64_t tag)
{
    const struct nbrec_logical_switch *lsp_ls;
    const char *name = lsp->name;

    ctx->error = nbctl_lsp_to_switch(ctx->idl, lsp, &lsp_ls);
    if (ctx->error) {
        return;
    }
    if (lsp_ls != ls) {
        char uuid_s[UUID_LEN + 1];
        ctl_error(ctx, "%s: port already exists but in switch %s", name,
                  nbctl_switch_name(lsp_ls, uuid_s, sizeof uuid_s));
        return;
    }

    if (!parent_name) {
        if (lsp->parent_name) {
            ctl_error(ctx, "%s: port already exists but has parent %s",
                      name, lsp->parent_name);
        }
        return;
    }

    if (!lsp->parent_name) {
        ctl_error(ctx, "%s: port already exists but has no parent", name);
    } else if (strcmp(parent_name, lsp->parent_name)) {
        ctl_error(ctx, "%s: port already exists with different parent %s",
                  name, lsp->parent_name);
    } else if (!lsp->n_tag_request) {
        ctl_error(ctx, "%s: port already exists but has no tag_request",
                  name);
    } else if (lsp->tag_request[0] != tag) {
        ctl_error(ctx, "%s: port already exists with different "
                  "tag_request %"PRId64, name, lsp->tag_request[0]);
    }
}

/* Creates port 'name' in the switch named by argv[1], as a child of
 * 'parent_name' with VLAN 'tag' if 'parent_name' is nonnull.  Returns the
 * new port, or NULL if there was an error (ctx->error is then set) or if
 * the port already existed and --may-exist allowed it. */
static struct nbrec_logical_switch_port *
add_port(struct ctl_context *ctx, const char *name, const char *parent_name,
         int64_t tag)
{
    bool may_exist = shash_find(&ctx->options, "--may-exist") != NULL;
    const struct nbrec_logical_switch *ls;

    ctx->error = nbctl_lookup_switch(ctx, ctx->argv[1], true, &ls);
    if (ctx->error) {
        return NULL;
    }

    const struct nbrec_logical_switch_port *existing;
    ctx->error = nbctl_lookup_lsp(ctx, name, false, &existing);
    if (ctx->error) {
        return NULL;
    }
    if (existing) {
        if (!may_exist) {
            ctl_error(ctx, "%s: a port with this name already exists", name);
        } else {
            check_existing_port(ctx, ls, existing, parent_name, tag);
        }
        return NULL;
    }

    struct nbrec_logical_switch_port *lsp
        = nbrec_logical_switch_port_insert(ctx->txn);
    nbrec_logical_switch_port_set_name(lsp, name);
    if (parent_name) {
        nbrec_logical_switch_port_set_parent_name(lsp, parent_name);
        nbrec_logical_switch_port_set_tag_request(lsp, &tag, 1);
    }
    ovn_dbctl_add_ref(&ls->header_, &nbrec_logical_switch_col_ports,
                      &lsp->header_);
    return lsp;
}

/* "[--may-exist] lsp-add SWITCH PORT [PARENT TAG]". */
static void
nbctl_lsp_add(struct ctl_context *ctx)
{
    const char *parent_name = NULL;
    int64_t tag = -1;

    if (ctx->argc == 5) {
        parent_name = ctx->argv[3];
        if (!ovs_scan(ctx->argv[4], "%"SCNd64, &tag)
            || tag < 0 || tag > 4095) {
            ctl_error(ctx, "%s: invalid tag (must be in range 0 to 4095)",
                      ctx->argv[4]);
            return;
        }
    } else if (ctx->argc != 3) {
        ctl_error(ctx, "lsp-add with parent must also specify a tag");
        return;
    }

    add_port(ctx, ctx->argv[2], parent_name, tag);
}

/* "[--may-exist] lsp-add-router-port SWITCH PORT ROUTER_PORT": a port of
 * type "router" that connects the switch to router port ROUTER_PORT. */
static void
nbctl_lsp_add_router_port(struct ctl_context *ctx)
{
    struct nbrec_logical_switch_port *lsp = add_port(ctx, ctx->argv[2],
                                                     NULL, -1);
    if (lsp) {
        const char *address = "router";
        const struct smap options = SMAP_CONST1(&options, "router-port",
                                                ctx->argv[3]);

        nbrec_logical_switch_port_set_type(lsp, "router");
        nbrec_logical_switch_port_set_addresses(lsp, &address, 1);
        nbrec_logical_switch_port_set_options(lsp, &options);
    }
}

/* "[--may-exist] lsp-add-localnet-port SWITCH PORT NETWORK": a port of
 * type "localnet" that bridges the switch to physical network NETWORK. */
static void
nbctl_lsp_add_localnet_port(struct ctl_context *ctx)
{
    struct nbrec_logical_switch_port *lsp = add_port(ctx, ctx->argv[2],
                                                     NULL, -1);
    if (lsp) {
        const char *address = "unknown";
        const struct smap options = SMAP_CONST1(&options, "network_name",
                                                ctx->argv[3]);

        nbrec_logical_switch_port_set_type(lsp, "localnet");
        nbrec_logical_switch_port_set_addresses(lsp, &address, 1);
        nbrec_logical_switch_port_set_options(lsp, &options);
    }
}

/* "[--if-exists] lsp-del PORT". */
static void
nbctl_lsp_del(struct ctl_context *ctx)
{
    nbctl_port_del(ctx, &lsp_kind);
}

/* "lsp-list SWITCH". */
static void
nbctl_lsp_list(struct ctl_context *ctx)
{
    nbctl_port_list(ctx, &lsp_kind);
}

/* "lsp-get-parent PORT". */
static void
nbctl_lsp_get_parent(struct ctl_context *ctx)
{
    const struct nbrec_logical_switch_port *lsp = get_port(ctx);
    if (lsp && lsp->parent_name) {
        ds_put_format(&ctx->output, "%s\n", lsp->parent_name);
    }
}

/* "lsp-get-tag PORT": the tag that ovn-northd assigned. */
static void
nbctl_lsp_get_tag(struct ctl_context *ctx)
{
    const struct nbrec_logical_switch_port *lsp = get_port(ctx);
    if (lsp && lsp->n_tag) {
        ds_put_format(&ctx->output, "%"PRId64"\n", lsp->tag[0]);
    }
}

/* "lsp-set-addresses PORT [ADDRESS]...". */
static void
nbctl_lsp_set_addresses(struct ctl_context *ctx)
{
    const struct nbrec_logical_switch_port *lsp = get_port(ctx);
    if (!lsp) {
        return;
    }

    const struct nbrec_logical_switch *ls;
    ctx->error = nbctl_lsp_to_switch(ctx->idl, lsp, &ls);
    if (ctx->error) {
        return;
    }

    for (int i = 2; i < ctx->argc; i++) {
        const char *address = ctx->argv[i];

        if (!nbctl_lsp_address_is_valid(address)) {
            ctl_error(ctx, "%s: Invalid address format. See ovn-nb(5). "
                      "Hint: An Ethernet address must be listed before an "
                      "IP address, together as a single argument.", address);
            return;
        }
        ctx->error = nbctl_lsp_address_find_duplicate(ls, lsp, address);
        if (ctx->error) {
            return;
        }
    }

    nbrec_logical_switch_port_set_addresses(
        lsp, (const char **) ctx->argv + 2, ctx->argc - 2);
}

/* Appends 'values' to ctx->output, sorted, one per line. */
static void
print_sorted(struct ctl_context *ctx, char **values, size_t n)
{
    struct svec sorted = SVEC_EMPTY_INITIALIZER;

    for (size_t i = 0; i < n; i++) {
        svec_add(&sorted, values[i]);
    }
    svec_sort(&sorted);
    for (size_t i = 0; i < sorted.n; i++) {
        ds_put_format(&ctx->output, "%s\n", sorted.names[i]);
    }
    svec_destroy(&sorted);
}

/* Returns the addresses that "router" stands for in the addresses of
 * router-type port 'lsp': the Ethernet address and networks of its router
 * port, as one malloc'd string.  Returns NULL if 'lsp' has no router
 * port. */
static char *
router_port_addresses(struct ctl_context *ctx,
                      const struct nbrec_logical_switch_port *lsp)
{
    const char *lrp_name = smap_get(&lsp->options, "router-port");
    const struct nbrec_logical_router_port *lrp;

    if (strcmp(lsp->type, "router") || !lrp_name) {
        return NULL;
    }
    char *error = nbctl_lookup_lrp(ctx, lrp_name, false, &lrp);
    if (error || !lrp) {
        free(error);
        return NULL;
    }

    struct ds s = DS_EMPTY_INITIALIZER;
    ds_put_cstr(&s, lrp->mac);
    for (size_t i = 0; i < lrp->n_networks; i++) {
        ds_put_format(&s, " %s", lrp->networks[i]);
    }
    return ds_steal_cstr(&s);
}

/* "lsp-get-addresses PORT": "router" is shown as the addresses it stands
 * for. */
static void
nbctl_lsp_get_addresses(struct ctl_context *ctx)
{
    const struct nbrec_logical_switch_port *lsp = get_port(ctx);
    if (!lsp) {
        return;
    }

    char **addresses = xmemdup(lsp->addresses,
                               lsp->n_addresses * sizeof *addresses);
    char *router_addresses = NULL;
    for (size_t i = 0; i < lsp->n_addresses; i++) {
        if (!strcmp(addresses[i], "router")) {
            if (!router_addresses) {
                router_addresses = router_port_addresses(ctx, lsp);
            }
            if (router_addresses) {
                addresses[i] = router_addresses;
            }
        }
    }
    print_sorted(ctx, addresses, lsp->n_addresses);
    free(router_addresses);
    free(addresses);
}

/* "lsp-set-port-security PORT [ADDRS]...". */
static void
nbctl_lsp_set_port_security(struct ctl_context *ctx)
{
    const struct nbrec_logical_switch_port *lsp = get_port(ctx);
    if (lsp) {
        nbrec_logical_switch_port_set_port_security(
            lsp, (const char **) ctx->argv + 2, ctx->argc - 2);
    }
}

/* "lsp-get-port-security PORT". */
static void
nbctl_lsp_get_port_security(struct ctl_context *ctx)
{
    const struct nbrec_logical_switch_port *lsp = get_port(ctx);
    if (lsp) {
        print_sorted(ctx, lsp->port_security, lsp->n_port_security);
    }
}

/* "lsp-get-up PORT". */
static void
nbctl_lsp_get_up(struct ctl_context *ctx)
{
    const struct nbrec_logical_switch_port *lsp = get_port(ctx);
    if (lsp) {
        ds_put_format(&ctx->output, "%s\n",
                      lsp->up && *lsp->up ? "up" : "down");
    }
}

/* "lsp-set-enabled PORT enabled|disabled". */
static void
nbctl_lsp_set_enabled(struct ctl_context *ctx)
{
    nbctl_port_set_enabled(ctx, &lsp_kind);
}

/* "lsp-get-enabled PORT". */
static void
nbctl_lsp_get_enabled(struct ctl_context *ctx)
{
    nbctl_port_get_enabled(ctx, &lsp_kind);
}

/* "lsp-set-type PORT TYPE". */
static void
nbctl_lsp_set_type(struct ctl_context *ctx)
{
    const struct nbrec_logical_switch_port *lsp = get_port(ctx);
    if (!lsp) {
        return;
    }

    const char *type = ctx->argv[2];
    if (!is_known_lsp_type(type)) {
        ctl_error(ctx, "Logical switch port type '%s' is unrecognized. "
                  "Not setting type.", type);
        return;
    }
    nbrec_logical_switch_port_set_type(lsp, type);
}

/* "lsp-get-type PORT". */
static void
nbctl_lsp_get_type(struct ctl_context *ctx)
{
    const struct nbrec_logical_switch_port *lsp = get_port(ctx);
    if (lsp) {
        ds_put_format(&ctx->output, "%s\n", lsp->type);
    }
}

/* "lsp-set-options PORT [KEY=VALUE]...". */
static void
nbctl_lsp_set_options(struct ctl_context *ctx)
{
    nbctl_port_set_options(ctx, &lsp_kind);
}

/* "lsp-get-options PORT". */
static void
nbctl_lsp_get_options(struct ctl_context *ctx)
{
    nbctl_port_get_options(ctx, &lsp_kind);
}

/* Finds the DHCP options that optional argv[2] names, which must have a
 * CIDR of the family that 'is_ipv6' says.  Stores NULL in '*optsp' if
 * argv[2] is absent.  Returns false, with ctx->error set, on error. */
static bool
get_dhcp_options_arg(struct ctl_context *ctx, bool is_ipv6,
                     const struct nbrec_dhcp_options **optsp)
{
    *optsp = NULL;
    if (ctx->argc < 3) {
        return true;
    }

    ctx->error = nbctl_lookup_dhcp_options(ctx, ctx->argv[2], true, optsp);
    if (ctx->error) {
        return false;
    }

    unsigned int plen;
    char *error;
    if (is_ipv6) {
        struct in6_addr ip6;
        error = ipv6_parse_cidr((*optsp)->cidr, &ip6, &plen);
    } else {
        ovs_be32 ip4;
        error = ip_parse_cidr((*optsp)->cidr, &ip4, &plen);
    }
    if (error) {
        free(error);
        ctl_error(ctx, "DHCP options cidr '%s' is not IPv%d",
                  (*optsp)->cidr, is_ipv6 ? 6 : 4);
        return false;
    }
    return true;
}

/* "lsp-set-dhcpv4-options PORT [DHCP_OPT_UUID]". */
static void
nbctl_lsp_set_dhcpv4_options(struct ctl_context *ctx)
{
    const struct nbrec_logical_switch_port *lsp = get_port(ctx);
    const struct nbrec_dhcp_options *opts;

    if (lsp && get_dhcp_options_arg(ctx, false, &opts)) {
        nbrec_logical_switch_port_set_dhcpv4_options(lsp, opts);
    }
}

/* "lsp-set-dhcpv6-options PORT [DHCP_OPT_UUID]". */
static void
nbctl_lsp_set_dhcpv6_options(struct ctl_context *ctx)
{
    const struct nbrec_logical_switch_port *lsp = get_port(ctx);
    const struct nbrec_dhcp_options *opts;

    if (lsp && get_dhcp_options_arg(ctx, true, &opts)) {
        nbrec_logical_switch_port_set_dhcpv6_options(lsp, opts);
    }
}

/* Appends "UUID (CIDR)" of 'opts', if nonnull, to ctx->output. */
static void
print_dhcp_options(struct ctl_context *ctx,
                   const struct nbrec_dhcp_options *opts)
{
    if (opts) {
        ds_put_format(&ctx->output, UUID_FMT " (%s)\n",
                      UUID_ARGS(&opts->header_.uuid), opts->cidr);
    }
}

/* "lsp-get-dhcpv4-options PORT". */
static void
nbctl_lsp_get_dhcpv4_options(struct ctl_context *ctx)
{
    const struct nbrec_logical_switch_port *lsp = get_port(ctx);
    if (lsp) {
        print_dhcp_options(ctx, lsp->dhcpv4_options);
    }
}

/* "lsp-get-dhcpv6-options PORT". */
static void
nbctl_lsp_get_dhcpv6_options(struct ctl_context *ctx)
{
    const struct nbrec_logical_switch_port *lsp = get_port(ctx);
    if (lsp) {
        print_dhcp_options(ctx, lsp->dhcpv6_options);
    }
}

/* "lsp-get-ls PORT": the switch that holds the port. */
static void
nbctl_lsp_get_ls(struct ctl_context *ctx)
{
    const struct nbrec_logical_switch_port *lsp = get_port(ctx);
    if (!lsp) {
        return;
    }

    const struct nbrec_logical_switch *ls;
    ctx->error = nbctl_lsp_to_switch(ctx->idl, lsp, &ls);
    if (!ctx->error) {
        ds_put_format(&ctx->output, UUID_FMT " (%s)\n",
                      UUID_ARGS(&ls->header_.uuid), ls->name);
    }
}

/* Finds the port (argv[1]) and the mirror (argv[2]) of lsp-attach-mirror
 * and lsp-detach-mirror.  Returns false, with ctx->error set, on error. */
static bool
get_port_and_mirror(struct ctl_context *ctx,
                    const struct nbrec_logical_switch_port **lspp,
                    const struct nbrec_mirror **mirrorp)
{
    *lspp = get_port(ctx);
    if (!*lspp) {
        return false;
    }
    ctx->error = nbctl_lookup_mirror(ctx, ctx->argv[2], true, mirrorp);
    return !ctx->error;
}

/* "lsp-attach-mirror PORT MIRROR". */
static void
nbctl_lsp_attach_mirror(struct ctl_context *ctx)
{
    const struct nbrec_logical_switch_port *lsp;
    const struct nbrec_mirror *mirror;

    if (!get_port_and_mirror(ctx, &lsp, &mirror)) {
        return;
    }
    for (size_t i = 0; i < lsp->n_mirror_rules; i++) {
        if (lsp->mirror_rules[i] == mirror) {
            ctl_error(ctx, "mirror %s is already attached to the logical "
                      "port %s.", ctx->argv[2], ctx->argv[1]);
            return;
        }
    }
    ovn_dbctl_add_ref(&lsp->header_,
                      &nbrec_logical_switch_port_col_mirror_rules,
                      &mirror->header_);
}

/* "lsp-detach-mirror PORT MIRROR". */
static void
nbctl_lsp_detach_mirror(struct ctl_context *ctx)
{
    const struct nbrec_logical_switch_port *lsp;
    const struct nbrec_mirror *mirror;

    if (get_port_and_mirror(ctx, &lsp, &mirror)) {
        ovn_dbctl_remove_ref(&lsp->header_,
                             &nbrec_logical_switch_port_col_mirror_rules,
                             &mirror->header_);
    }
}

const struct ctl_command_syntax nbctl_switch_port_commands[] = {
    {"lsp-add", 2, 4, "SWITCH PORT [PARENT] [TAG]", NULL, nbctl_lsp_add,
     NULL, "--may-exist", RW},
    {"lsp-add-router-port", 3, 3, "SWITCH PORT ROUTER_PORT", NULL,
     nbctl_lsp_add_router_port, NULL, "--may-exist", RW},
    {"lsp-add-localnet-port", 3, 3, "SWITCH PORT NETWORK", NULL,
     nbctl_lsp_add_localnet_port, NULL, "--may-exist", RW},
    {"lsp-del", 1, 1, "PORT", NULL, nbctl_lsp_del, NULL, "--if-exists", RW},
    {"lsp-list", 1, 1, "SWITCH", NULL, nbctl_lsp_list, NULL, "", RO},
    {"lsp-get-parent", 1, 1, "PORT", NULL, nbctl_lsp_get_parent, NULL,
     "", RO},
    {"lsp-get-tag", 1, 1, "PORT", NULL, nbctl_lsp_get_tag, NULL, "", RO},
    {"lsp-set-addresses", 1, INT_MAX, "PORT [ADDRESS]...", NULL,
     nbctl_lsp_set_addresses, NULL, "", RW},
    {"lsp-get-addresses", 1, 1, "PORT", NULL, nbctl_lsp_get_addresses,
     NULL, "", RO},
    {"lsp-set-port-security", 1, INT_MAX, "PORT [ADDRS]...", NULL,
     nbctl_lsp_set_port_security, NULL, "", RW},
    {"lsp-get-port-security", 1, 1, "PORT", NULL,
     nbctl_lsp_get_port_security, NULL, "", RO},
    {"lsp-get-up", 1, 1, "PORT", NULL, nbctl_lsp_get_up, NULL, "", RO},
    {"lsp-set-enabled", 2, 2, "PORT STATE", NULL, nbctl_lsp_set_enabled,
     NULL, "", RW},
    {"lsp-get-enabled", 1, 1, "PORT", NULL, nbctl_lsp_get_enabled, NULL,
     "", RO},
    {"lsp-set-type", 2, 2, "PORT TYPE", NULL, nbctl_lsp_set_type, NULL,
     "", RW},
    {"lsp-get-type", 1, 1, "PORT", NULL, nbctl_lsp_get_type, NULL, "", RO},
    {"lsp-set-options", 1, INT_MAX, "PORT KEY=VALUE [KEY=VALUE]...", NULL,
     nbctl_lsp_set_options, NULL, "", RW},
    {"lsp-get-options", 1, 1, "PORT", NULL, nbctl_lsp_get_options, NULL,
     "", RO},
    {"lsp-set-dhcpv4-options", 1, 2, "PORT [DHCP_OPT_UUID]", NULL,
     nbctl_lsp_set_dhcpv4_options, NULL, "", RW},
    {"lsp-get-dhcpv4-options", 1, 1, "PORT", NULL,
     nbctl_lsp_get_dhcpv4_options, NULL, "", RO},
    {"lsp-set-dhcpv6-options", 1, 2, "PORT [DHCP_OPT_UUID]", NULL,
     nbctl_lsp_set_dhcpv6_options, NULL, "", RW},
    {"lsp-get-dhcpv6-options", 1, 1, "PORT", NULL,
     nbctl_lsp_get_dhcpv6_options, NULL, "", RO},
    {"lsp-get-ls", 1, 1, "PORT", NULL, nbctl_lsp_get_ls, NULL, "", RO},
    {"lsp-attach-mirror", 2, 2, "PORT MIRROR", NULL,
     nbctl_lsp_attach_mirror, NULL, "", RW},
    {"lsp-detach-mirror", 2, 2, "PORT MIRROR", NULL,
     nbctl_lsp_detach_mirror, NULL, "", RW},
    {NULL, 0, 0, NULL, NULL, NULL, NULL, "", RO},
};

const char nbctl_switch_port_help[] =
    "Logical switch port commands:\n"
    "  lsp-add SWITCH PORT       add logical port PORT on SWITCH\n"
    "  lsp-add SWITCH PORT PARENT TAG\n"
    "                            add logical port PORT on SWITCH with PARENT\n"
    "                            on TAG\n"
    "  lsp-add-router-port SWITCH PORT ROUTER_PORT\n"
    "                            add logical port PORT of type router on\n"
    "                            SWITCH, connected to ROUTER_PORT\n"
    "  lsp-add-localnet-port SWITCH PORT NETWORK\n"
    "                            add logical port PORT of type localnet on\n"
    "                            SWITCH, bridged to physical NETWORK\n"
    "  lsp-del PORT              delete PORT from its attached switch\n"
    "  lsp-list SWITCH           print the names of all logical ports on "
    "SWITCH\n"
    "  lsp-get-parent PORT       get the parent of PORT if set\n"
    "  lsp-get-tag PORT          get the PORT's tag if set\n"
    "  lsp-set-addresses PORT [ADDRESS]...\n"
    "                            set MAC or MAC+IP addresses for PORT.\n"
    "  lsp-get-addresses PORT    get a list of MAC or MAC+IP addresses on "
    "PORT\n"
    "  lsp-set-port-security PORT [ADDRS]...\n"
    "                            set port security addresses for PORT.\n"
    "  lsp-get-port-security PORT    get PORT's port security addresses\n"
    "  lsp-get-up PORT           get state of PORT ('up' or 'down')\n"
    "  lsp-set-enabled PORT STATE\n"
    "                            set administrative state PORT\n"
    "                            ('enabled' or 'disabled')\n"
    "  lsp-get-enabled PORT      get administrative state PORT\n"
    "                            ('enabled' or 'disabled')\n"
    "  lsp-set-type PORT TYPE    set the type for PORT\n"
    "  lsp-get-type PORT         get the type for PORT\n"
    "  lsp-set-options PORT KEY=VALUE [KEY=VALUE]...\n"
    "                            set options related to the type of PORT\n"
    "  lsp-get-options PORT      get the type specific options for PORT\n"
    "  lsp-set-dhcpv4-options PORT [DHCP_OPTIONS_UUID]\n"
    "                            set dhcpv4 options for PORT\n"
    "  lsp-get-dhcpv4-options PORT  get the dhcpv4 options for PORT\n"
    "  lsp-set-dhcpv6-options PORT [DHCP_OPTIONS_UUID]\n"
    "                            set dhcpv6 options for PORT\n"
    "  lsp-get-dhcpv6-options PORT  get the dhcpv6 options for PORT\n"
    "  lsp-get-ls PORT           get the logical switch which the port "
    "belongs to\n"
    "  lsp-attach-mirror PORT MIRROR   attach source PORT to MIRROR\n"
    "  lsp-detach-mirror PORT MIRROR   detach source PORT from MIRROR\n";
