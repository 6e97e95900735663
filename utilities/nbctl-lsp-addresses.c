/* nbctl-lsp-addresses.c: validity and uniqueness of logical switch port
 * addresses for ovn-nbctl.
 *
 * Two ports of one switch may not claim the same IPv4 or IPv6 address:
 * ovn-northd could not tell which one answers ARP or ND for it.  A port
 * whose address is "dynamic" claims the addresses that ovn-northd gave it
 * (its dynamic_addresses column).  The addresses are parsed the way
 * ovn-northd parses them (lib/lport-addresses.h). */

#include <config.h>

#include "nbctl-lsp-addresses.h"

#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "lib/lport-addresses.h"
#include "lib/ovn-nb-idl.h"
#include "packets.h"
#include "util.h"

/* Returns true if 'address' has one of the forms that a logical switch
 * port address may take: a keyword, one of the "dynamic" forms, or
 * anything that starts with an Ethernet address (what follows it is
 * ovn-northd's to make sense of). */
bool
nbctl_lsp_address_is_valid(const char *address)
{
    struct eth_addr ea;

    return (!strcmp(address, "unknown")
            || !strcmp(address, "router")
            || is_dynamic_lsp_address(address)
            || ovs_scan(address, ETH_ADDR_SCAN_FMT, ETH_ADDR_SCAN_ARGS(ea)));
}

/* Returns an error naming the first IP address that both 'a' and 'b'
 * hold, 'b' being an address of 'owner', or NULL if there is none. */
static char *
find_common_ip(const struct lport_addresses *a,
               const struct lport_addresses *b,
               const struct nbrec_logical_switch_port *owner)
{
    for (size_t i = 0; i < a->n_ipv4_addrs; i++) {
        for (size_t j = 0; j < b->n_ipv4_addrs; j++) {
            if (a->ipv4_addrs[i].addr == b->ipv4_addrs[j].addr) {
                return xasprintf("duplicate IPv4 address '%s' found on "
                                 "logical switch port '%s'",
                                 a->ipv4_addrs[i].addr_s, owner->name);
            }
        }
    }
    for (size_t i = 0; i < a->n_ipv6_addrs; i++) {
        for (size_t j = 0; j < b->n_ipv6_addrs; j++) {
            if (ipv6_addr_equals(&a->ipv6_addrs[i].addr,
                                 &b->ipv6_addrs[j].addr)) {
                return xasprintf("duplicate IPv6 address '%s' found on "
                                 "logical switch port '%s'",
                                 a->ipv6_addrs[i].addr_s, owner->name);
            }
        }
    }
    return NULL;
}

/* Checks whether another port of 'ls' than 'lsp' already claims an IP
 * address of 'address'.  Returns NULL if not, otherwise an error for the
 * caller to free. */
char *
nbctl_lsp_address_find_duplicate(const struct nbrec_logical_switch *ls,
                                 const struct nbrec_logical_switch_port *lsp,
                                 const char *address)
{
    struct lport_addresses laddrs;
    if (!extract_lsp_addresses(address, &laddrs)) {
        return NULL;
    }

    char *error = NULL;
    for (size_t i = 0; i < ls->n_ports && !error; i++) {
        const struct nbrec_logical_switch_port *other = ls->ports[i];
        if (other == lsp) {
            continue;
        }
        for (size_t j = 0; j < other->n_addresses && !error; j++) {
            const char *other_address = other->addresses[j];
            if (is_dynamic_lsp_address(other_address)
                && other->dynamic_addresses) {
                other_address = other->dynamic_addresses;
            }

            struct lport_addresses other_laddrs;
            if (extract_lsp_addresses(other_address, &other_laddrs)) {
                error = find_common_ip(&laddrs, &other_laddrs, other);
                destroy_lport_addresses(&other_laddrs);
            }
        }
    }
    destroy_lport_addresses(&laddrs);

    if (error) {
        char *full = xasprintf("Error on switch %s: %s", ls->name, error);
        free(error);
        return full;
    }
    return NULL;
}
