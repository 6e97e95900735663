/* nbctl-static-mac-binding.c: ovn-nbctl's static MAC binding commands:
 * static-mac-binding-add, static-mac-binding-del, static-mac-binding-list.
 *
 * A static MAC binding tells a logical router port which MAC address an
 * IP address has; it is identified by the port's name and the IP address
 * (in canonical form). */

#include <config.h>

#include <stdlib.h>

#include "lib/ovn-nb-idl.h"
#include "nbctl-ip.h"
#include "nbctl-commands.h"
#include "nbctl-lookup.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/shash.h"
#include "packets.h"
#include "smap.h"
#include "util.h"

/* Returns the static MAC binding of port 'port' for canonical address
 * 'ip', or NULL. */
static const struct nbrec_static_mac_binding *
find_binding(struct ctl_context *ctx, const char *port, const char *ip)
{
    const struct nbrec_static_mac_binding *smb;

    NBREC_STATIC_MAC_BINDING_FOR_EACH (smb, ctx->idl) {
        if (!strcmp(smb->logical_port, port)) {
            char *smb_ip = nbctl_normalize_prefix(smb->ip);
            bool same = smb_ip && !strcmp(smb_ip, ip);
            free(smb_ip);
            if (same) {
                return smb;
            }
        }
    }
    return NULL;
}

/* Returns the canonical form of IP address argument 'arg', or NULL with
 * ctx->error set. */
static char *
get_ip_arg(struct ctl_context *ctx, const char *arg)
{
    char *ip = nbctl_normalize_prefix(arg);
    if (!ip) {
        ctl_error(ctx, "%s: Not a valid IPv4 or IPv6 address.", arg);
    }
    return ip;
}

/* "[--may-exist] static-mac-binding-add LOGICAL_PORT IP MAC": with
 * --may-exist, an existing binding of the port and address gets the new
 * MAC. */
static void
nbctl_static_mac_binding_add(struct ctl_context *ctx)
{
    const char *port = ctx->argv[1];
    const struct nbrec_logical_router_port *lrp;

    ctx->error = nbctl_lookup_lrp(ctx, port, true, &lrp);
    if (ctx->error) {
        return;
    }

    char *ip = get_ip_arg(ctx, ctx->argv[2]);
    if (!ip) {
        return;
    }

    struct eth_addr ea;
    if (!eth_addr_from_string(ctx->argv[3], &ea)) {
        ctl_error(ctx, "invalid mac address %s.", ctx->argv[3]);
        free(ip);
        return;
    }
    char *mac = xasprintf(ETH_ADDR_FMT, ETH_ADDR_ARGS(ea));

    const struct nbrec_static_mac_binding *smb = find_binding(ctx, port, ip);
    if (smb) {
        if (!shash_find(&ctx->options, "--may-exist")) {
            ctl_error(ctx, "%s, %s: a static mac binding with this logical "
                      "port and ip already exists", port, ip);
        } else {
            nbrec_static_mac_binding_set_mac(smb, mac);
        }
    } else {
        struct nbrec_static_mac_binding *new_smb
            = nbrec_static_mac_binding_insert(ctx->txn);
        nbrec_static_mac_binding_set_logical_port(new_smb, port);
        nbrec_static_mac_binding_set_ip(new_smb, ip);
        nbrec_static_mac_binding_set_mac(new_smb, mac);
    }
    free(mac);
    free(ip);
}

/* "[--if-exists] static-mac-binding-del LOGICAL_PORT IP". */
static void
nbctl_static_mac_binding_del(struct ctl_context *ctx)
{
    const char *port = ctx->argv[1];
    char *ip = get_ip_arg(ctx, ctx->argv[2]);
    if (!ip) {
        return;
    }

    const struct nbrec_static_mac_binding *smb = find_binding(ctx, port, ip);
    if (smb) {
        nbrec_static_mac_binding_delete(smb);
    } else if (!shash_find(&ctx->options, "--if-exists")) {
        ctl_error(ctx, "no static mac binding found with logical port %s "
                  "and ip %s", port, ip);
    }
    free(ip);
}

/* "static-mac-binding-list": a table of all the bindings, sorted by port
 * and IP. */
static void
nbctl_static_mac_binding_list(struct ctl_context *ctx)
{
    const struct nbrec_static_mac_binding *smb;
    struct smap rows = SMAP_INITIALIZER(&rows);

    NBREC_STATIC_MAC_BINDING_FOR_EACH (smb, ctx->idl) {
        char *key = xasprintf("%-25s%-25s", smb->logical_port, smb->ip);
        smap_add_nocopy(&rows, key,
                        xasprintf("%-25s%-22s%s", smb->logical_port,
                                  smb->ip, smb->mac));
    }

    const struct smap_node **nodes = smap_sort(&rows);
    if (nodes) {
        ds_put_format(&ctx->output, "%-25s%-22s%s\n", "LOGICAL_PORT", "IP",
                      "MAC ADDRESS");
        for (size_t i = 0; i < smap_count(&rows); i++) {
            ds_put_format(&ctx->output, "%s\n", nodes[i]->value);
        }
        free(nodes);
    }
    smap_destroy(&rows);
}

const struct ctl_command_syntax nbctl_static_mac_binding_commands[] = {
    {"static-mac-binding-add", 3, 3, "LOGICAL_PORT IP MAC", NULL,
     nbctl_static_mac_binding_add, NULL, "--may-exist", RW},
    {"static-mac-binding-del", 2, 2, "LOGICAL_PORT IP", NULL,
     nbctl_static_mac_binding_del, NULL, "--if-exists", RW},
    {"static-mac-binding-list", 0, 0, "", NULL,
     nbctl_static_mac_binding_list, NULL, "", RO},
    {NULL, 0, 0, NULL, NULL, NULL, NULL, "", RO},
};

const char nbctl_static_mac_binding_help[] =
    "Logical Router Static MAC Binding commands:\n"
    "  [--may-exist]\n"
    "  static-mac-binding-add LOGICAL_PORT IP MAC\n"
    "                            add a Static_MAC_Binding entry\n"
    "  [--if-exists]\n"
    "  static-mac-binding-del LOGICAL_PORT IP\n"
    "                            delete a Static_MAC_Binding entry\n"
    "  static-mac-binding-list   list all Static_MAC_Binding entries\n";
