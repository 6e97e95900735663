/* nbctl-general.c: ovn-nbctl's general commands: init, show and sync.
 *
 * "show" prints an overview of the logical switches (with their ports) and
 * of the logical routers (with their ports and NAT rules), or of one
 * switch or router named on the command line. */

#include <config.h>

#include <inttypes.h>
#include <netinet/in.h>
#include <stdlib.h>

#include "lib/ovn-nb-idl.h"
#include "nbctl-commands.h"
#include "nbctl-lookup.h"
#include "openvswitch/dynamic-string.h"
#include "smap.h"
#include "ovn-dbctl.h"
#include "packets.h"
#include "util.h"
#include "uuid.h"

/* "init": does nothing itself; like every ovn-nbctl transaction, it
 * creates the NB_Global row if the database has none. */
static void
nbctl_init(struct ctl_context *ctx OVS_UNUSED)
{
}

/* Prerequisites of "sync": asks --wait to wait even if the transaction
 * changes nothing, so that earlier changes reach the SB or chassis. */
static void
nbctl_pre_sync(struct ctl_context *ctx)
{
    ovn_dbctl_context_cast(ctx)->force_wait = true;
}

/* "sync": nothing to do in the transaction. */
static void
nbctl_sync(struct ctl_context *ctx OVS_UNUSED)
{
}

/* Appends " (aka ALIAS)" to 's' if 'external_ids' has 'key'. */
static void
print_alias(const struct smap *external_ids, const char *key, struct ds *s)
{
    const char *alias = smap_get(external_ids, key);
    if (alias && alias[0]) {
        ds_put_format(s, " (aka %s)", alias);
    }
}

/* Appends to 's' the overview of switch 'ls' and its ports. */
static void
print_ls(const struct nbrec_logical_switch *ls, struct ds *s)
{
    ds_put_format(s, "switch "UUID_FMT" (%s)",
                  UUID_ARGS(&ls->header_.uuid), ls->name);
    print_alias(&ls->external_ids, "neutron:network_name", s);
    ds_put_char(s, '\n');

    for (size_t i = 0; i < ls->n_ports; i++) {
        const struct nbrec_logical_switch_port *lsp = ls->ports[i];

        ds_put_format(s, "    port %s", lsp->name);
        print_alias(&lsp->external_ids, "neutron:port_name", s);
        ds_put_char(s, '\n');

        if (lsp->parent_name) {
            ds_put_format(s, "        parent: %s\n", lsp->parent_name);
        }
        if (lsp->type[0]) {
            ds_put_format(s, "        type: %s\n", lsp->type);
        }
        if (lsp->n_tag) {
            ds_put_format(s, "        tag: %"PRId64"\n", lsp->tag[0]);
        }
        if (!strcmp(lsp->type, "router")) {
            const char *router_port = smap_get(&lsp->options,
                                               "router-port");
            if (router_port) {
                ds_put_format(s, "        router-port: %s\n", router_port);
            }
        }
        /* A router port's addresses are its router port's, which the
         * router's part of the overview shows. */
        if (lsp->n_addresses && strcmp(lsp->type, "router")) {
            ds_put_cstr(s, "        addresses: [");
            for (size_t j = 0; j < lsp->n_addresses; j++) {
                ds_put_format(s, "%s\"%s\"", j ? ", " : "",
                              lsp->addresses[j]);
            }
            ds_put_cstr(s, "]\n");
        }
    }
}

/* qsort() comparison of gateway chassis by increasing priority, then by
 * name. */
static int
compare_gateway_chassis(const void *a_, const void *b_)
{
    const struct nbrec_gateway_chassis *const *a = a_;
    const struct nbrec_gateway_chassis *const *b = b_;

    if ((*a)->priority != (*b)->priority) {
        return (*a)->priority < (*b)->priority ? -1 : 1;
    }
    return strcmp((*a)->name, (*b)->name);
}

/* Appends to 's' the gateway chassis line of router port 'lrp'. */
static void
print_gateway_chassis(const struct nbrec_logical_router_port *lrp,
                      struct ds *s)
{
    size_t n = lrp->n_gateway_chassis;
    const struct nbrec_gateway_chassis **gcs = xmemdup(
        lrp->gateway_chassis, n * sizeof *gcs);

    qsort(gcs, n, sizeof *gcs, compare_gateway_chassis);
    ds_put_cstr(s, "        gateway chassis: [");
    for (size_t i = 0; i < n; i++) {
        ds_put_format(s, "%s%s", i ? " " : "", gcs[i]->chassis_name);
    }
    ds_put_cstr(s, "]\n");
    free(gcs);
}

/* Appends to 's' the overview of router port 'lrp'. */
static void
print_lrp(const struct nbrec_logical_router_port *lrp, struct ds *s)
{
    ds_put_format(s, "    port %s\n", lrp->name);
    ds_put_format(s, "        mac: \"%s\"\n", lrp->mac);

    struct eth_addr ea;
    if (eth_addr_from_string(lrp->mac, &ea)) {
        struct in6_addr lla;
        char lla_s[INET6_ADDRSTRLEN];

        in6_generate_lla(ea, &lla);
        ds_put_format(s, "        ipv6-lla: \"%s\"\n",
                      ipv6_string_mapped(lla_s, &lla));
    }

    if (lrp->n_networks) {
        ds_put_cstr(s, "        networks: [");
        for (size_t i = 0; i < lrp->n_networks; i++) {
            ds_put_format(s, "%s\"%s\"", i ? ", " : "", lrp->networks[i]);
        }
        ds_put_cstr(s, "]\n");
    }

    if (lrp->n_gateway_chassis) {
        print_gateway_chassis(lrp, s);
    }

    const char *route_table = smap_get(&lrp->options, "route_table");
    if (route_table) {
        ds_put_format(s, "        route-table: %s\n", route_table);
    }
}

/* Appends to 's' the overview of router 'lr', its ports and its NAT
 * rules. */
static void
print_lr(const struct nbrec_logical_router *lr, struct ds *s)
{
    ds_put_format(s, "router "UUID_FMT" (%s)",
                  UUID_ARGS(&lr->header_.uuid), lr->name);
    print_alias(&lr->external_ids, "neutron:router_name", s);
    ds_put_char(s, '\n');

    for (size_t i = 0; i < lr->n_ports; i++) {
        print_lrp(lr->ports[i], s);
    }

    for (size_t i = 0; i < lr->n_nat; i++) {
        const struct nbrec_nat *nat = lr->nat[i];

        ds_put_format(s, "    nat "UUID_FMT"\n",
                      UUID_ARGS(&nat->header_.uuid));
        ds_put_format(s, "        external ip: \"%s\"\n", nat->external_ip);
        if (nat->external_port_range[0]) {
            ds_put_format(s, "        external port(s): \"%s\"\n",
                          nat->external_port_range);
        }
        ds_put_format(s, "        logical ip: \"%s\"\n", nat->logical_ip);
        ds_put_format(s, "        type: \"%s\"\n", nat->type);
    }
}

/* "show [SWITCH|ROUTER]". */
static void
nbctl_show(struct ctl_context *ctx)
{
    if (ctx->argc == 2) {
        const struct nbrec_logical_switch *ls;
        const struct nbrec_logical_router *lr;

        ctx->error = nbctl_lookup_switch(ctx, ctx->argv[1], false, &ls);
        if (ctx->error) {
            return;
        }
        if (ls) {
            print_ls(ls, &ctx->output);
        }

        ctx->error = nbctl_lookup_router(ctx, ctx->argv[1], false, &lr);
        if (ctx->error) {
            return;
        }
        if (lr) {
            print_lr(lr, &ctx->output);
        }
    } else {
        const struct nbrec_logical_switch *ls;
        const struct nbrec_logical_router *lr;

        NBREC_LOGICAL_SWITCH_FOR_EACH (ls, ctx->idl) {
            print_ls(ls, &ctx->output);
        }
        NBREC_LOGICAL_ROUTER_FOR_EACH (lr, ctx->idl) {
            print_lr(lr, &ctx->output);
        }
    }
}

const struct ctl_command_syntax nbctl_general_commands[] = {
    {"init", 0, 0, "", NULL, nbctl_init, NULL, "", RW},
    {"show", 0, 1, "[SWITCH|ROUTER]", NULL, nbctl_show, NULL, "", RO},
    {"sync", 0, 0, "", nbctl_pre_sync, nbctl_sync, NULL, "", RO},
    {NULL, 0, 0, NULL, NULL, NULL, NULL, "", RO},
};

const char nbctl_general_help[] =
    "General commands:\n"
    "  init                      initialize the database\n"
    "  show                      print overview of database contents\n"
    "  show SWITCH               print overview of database contents for "
    "SWITCH\n"
    "  show ROUTER               print overview of database contents for "
    "ROUTER\n";
