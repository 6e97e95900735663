/* test-lport-addresses.c: unit tests of lib/lport-addresses.c.
 *
 * "ovstest test-lport-addresses lsp ADDRESS" parses a logical switch port
 * address, "ip ADDRESSES" a list of IP addresses, "lrp MAC NETWORK..." a
 * router port, "dynamic ADDRESS" tells whether ADDRESS asks for dynamic
 * addresses; each prints what it understood. */

#include <config.h>

#include <stdio.h>
#include <string.h>

#include "lport-addresses.h"
#include "ovstest.h"
#include "util.h"

/* Prints 'laddrs'. */
static void
print_addresses(const struct lport_addresses *laddrs)
{
    if (laddrs->ea_s[0]) {
        printf("mac %s\n", laddrs->ea_s);
    }
    for (size_t i = 0; i < laddrs->n_ipv4_addrs; i++) {
        const struct ipv4_netaddr *a = &laddrs->ipv4_addrs[i];
        printf("ipv4 %s/%u network %s bcast %s\n", a->addr_s, a->plen,
               a->network_s, a->bcast_s);
    }
    for (size_t i = 0; i < laddrs->n_ipv6_addrs; i++) {
        const struct ipv6_netaddr *a = &laddrs->ipv6_addrs[i];
        printf("ipv6 %s/%u network %s solicited %s\n", a->addr_s, a->plen,
               a->network_s, a->sn_addr_s);
    }
}

/* Dispatches the subcommands. */
static void
test_lport_addresses_main(struct ovs_cmdl_context *ctx)
{
    if (ctx->argc < 3) {
        ovs_fatal(0, "usage: test-lport-addresses lsp|ip|lrp|dynamic ARG...");
    }
    const char *sub = ctx->argv[1];
    struct lport_addresses laddrs;

    if (!strcmp(sub, "lsp")) {
        if (!extract_lsp_addresses(ctx->argv[2], &laddrs)) {
            printf("no MAC address\n");
            return;
        }
    } else if (!strcmp(sub, "ip")) {
        if (!extract_ip_addresses(ctx->argv[2], &laddrs)) {
            printf("invalid\n");
            return;
        }
    } else if (!strcmp(sub, "lrp")) {
        if (!extract_mac_networks(ctx->argv[2], ctx->argv + 3,
                                  ctx->argc - 3, &laddrs)) {
            printf("bad MAC\n");
            return;
        }
    } else if (!strcmp(sub, "dynamic")) {
        printf("%s\n", is_dynamic_lsp_address(ctx->argv[2]) ? "yes" : "no");
        return;
    } else {
        ovs_fatal(0, "unknown subcommand %s", sub);
    }
    print_addresses(&laddrs);
    destroy_lport_addresses(&laddrs);
}

OVSTEST_REGISTER("test-lport-addresses", test_lport_addresses_main);
