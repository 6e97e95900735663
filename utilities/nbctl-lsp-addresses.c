/* nbctl-lsp-addresses.c: validity and uniqueness of logical switch port
 * addresses for ovn-nbctl.
 *
 * Two ports of one switch may not claim the same IPv4 or IPv6 address:
 * ovn-northd could not tell which one answers ARP or ND for it.  A port
 * whose address is "dynamic" claims the addresses that ovn-northd gave it
 * (its dynamic_addresses column). */

#include <config.h>

#include "nbctl-lsp-addresses.h"

#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "lib/ovn-nb-idl.h"
#include "openvswitch/dynamic-string.h"
#include "packets.h"
#include "util.h"

/* The IP addresses that follow the Ethernet address in an address
 * string. */
struct lsp_ips {
    ovs_be32 *ip4s;             /* IPv4 addresses. */
    size_t n_ip4s;              /* Number of 'ip4s'. */
    struct in6_addr *ip6s;      /* IPv6 addresses. */
    size_t n_ip6s;              /* Number of 'ip6s'. */
};

/* Frees what 'ips' owns. */
static void
lsp_ips_destroy(struct lsp_ips *ips)
{
    free(ips->ip4s);
    free(ips->ip6s);
}

/* Parses 'address', which should be "MAC [IP[/PLEN]]...", into 'ips'.
 * Returns false if 'address' does not start with an Ethernet address.
 * Otherwise returns true; if something after the Ethernet address is not
 * an IP address, 'ips' is left empty, since nothing can be said about
 * what the port claims. */
static bool
lsp_ips_parse(const char *address, struct lsp_ips *ips)
{
    struct eth_addr ea;
    int n = 0;

    memset(ips, 0, sizeof *ips);
    if (!ovs_scan_len(address, &n, " "ETH_ADDR_SCAN_FMT,
                      ETH_ADDR_SCAN_ARGS(ea))) {
        return false;
    }

    const char *p = address + n;
    for (;;) {
        p += strspn(p, " ");
        if (!*p) {
            return true;
        }

        unsigned int plen;
        ovs_be32 ip4;
        struct in6_addr ip6;
        char *error;

        n = 0;
        error = ip_parse_cidr_len(p, &n, &ip4, &plen);
        if (!error) {
            ips->ip4s = xrealloc(ips->ip4s,
                                 (ips->n_ip4s + 1) * sizeof *ips->ip4s);
            ips->ip4s[ips->n_ip4s++] = ip4;
            p += n;
            continue;
        }
        free(error);

        n = 0;
        error = ipv6_parse_cidr_len(p, &n, &ip6, &plen);
        if (!error) {
            ips->ip6s = xrealloc(ips->ip6s,
                                 (ips->n_ip6s + 1) * sizeof *ips->ip6s);
            ips->ip6s[ips->n_ip6s++] = ip6;
            p += n;
            continue;
        }
        free(error);

        lsp_ips_destroy(ips);
        memset(ips, 0, sizeof *ips);
        return true;
    }
}

/* Returns true if 'address' has one of the forms that a logical switch
 * port address may take. */
bool
nbctl_lsp_address_is_valid(const char *address)
{
    char ipv6_s[IPV6_SCAN_LEN + 1];
    struct eth_addr ea;
    ovs_be32 ip;

    return (!strcmp(address, "unknown")
            || !strcmp(address, "dynamic")
            || !strcmp(address, "router")
            || ovs_scan(address, ETH_ADDR_SCAN_FMT, ETH_ADDR_SCAN_ARGS(ea))
            || ovs_scan(address, "dynamic "IP_SCAN_FMT, IP_SCAN_ARGS(&ip))
            || ovs_scan(address, "dynamic "IPV6_SCAN_FMT, ipv6_s));
}

/* Returns an error naming the first IP address that both 'a' and 'b'
 * hold, 'b' being an address of 'owner', or NULL if there is none. */
static char *
find_common_ip(const struct lsp_ips *a, const struct lsp_ips *b,
               const struct nbrec_logical_switch_port *owner)
{
    for (size_t i = 0; i < a->n_ip4s; i++) {
        for (size_t j = 0; j < b->n_ip4s; j++) {
            if (a->ip4s[i] == b->ip4s[j]) {
                return xasprintf("duplicate IPv4 address '"IP_FMT"' found "
                                 "on logical switch port '%s'",
                                 IP_ARGS(a->ip4s[i]), owner->name);
            }
        }
    }
    for (size_t i = 0; i < a->n_ip6s; i++) {
        for (size_t j = 0; j < b->n_ip6s; j++) {
            if (ipv6_addr_equals(&a->ip6s[i], &b->ip6s[j])) {
                char s[INET6_ADDRSTRLEN];
                return xasprintf("duplicate IPv6 address '%s' found on "
                                 "logical switch port '%s'",
                                 ipv6_string_mapped(s, &a->ip6s[i]),
                                 owner->name);
            }
        }
    }
    return NULL;
}

/* Returns true if 'address' makes ovn-northd allocate addresses. */
static bool
is_dynamic_address(const char *address)
{
    char ipv6_s[IPV6_SCAN_LEN + 1];
    struct eth_addr ea;
    ovs_be32 ip;
    int n;

    return (!strcmp(address, "dynamic")
            || (ovs_scan(address, "dynamic "IP_SCAN_FMT"%n",
                         IP_SCAN_ARGS(&ip), &n) && address[n] == '\0')
            || (ovs_scan(address, "dynamic "IP_SCAN_FMT" "IPV6_SCAN_FMT"%n",
                         IP_SCAN_ARGS(&ip), ipv6_s, &n)
                && address[n] == '\0')
            || (ovs_scan(address, "dynamic "IPV6_SCAN_FMT"%n",
                         ipv6_s, &n) && address[n] == '\0')
            || (ovs_scan(address, ETH_ADDR_SCAN_FMT" dynamic%n",
                         ETH_ADDR_SCAN_ARGS(ea), &n) && address[n] == '\0'));
}

/* Checks whether another port of 'ls' than 'lsp' already claims an IP
 * address of 'address'.  Returns NULL if not, otherwise an error for the
 * caller to free. */
char *
nbctl_lsp_address_find_duplicate(const struct nbrec_logical_switch *ls,
                                 const struct nbrec_logical_switch_port *lsp,
                                 const char *address)
{
    struct lsp_ips ips;
    if (!lsp_ips_parse(address, &ips)) {
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
            if (is_dynamic_address(other_address)
                && other->dynamic_addresses) {
                other_address = other->dynamic_addresses;
            }

            struct lsp_ips other_ips;
            if (lsp_ips_parse(other_address, &other_ips)) {
                error = find_common_ip(&ips, &other_ips, other);
                lsp_ips_destroy(&other_ips);
            }
        }
    }
    lsp_ips_destroy(&ips);

    if (error) {
        char *full = xasprintf("Error on switch %s: %s", ls->name, error);
        free(error);
        return full;
    }
    return NULL;
}
