/* lport-addresses.c: parsing of logical port addresses (see
 * lport-addresses.h). */

#include <config.h>

#include "lport-addresses.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <string.h>

#include "lib/ovn-nb-idl.h"
#include "openvswitch/vlog.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(lport_addresses);

/* Appends IPv4 address 'addr'/'plen' to 'laddrs'. */
void
lport_addresses_add_ipv4(struct lport_addresses *laddrs, ovs_be32 addr,
                         unsigned int plen)
{
    laddrs->ipv4_addrs = xrealloc(laddrs->ipv4_addrs,
                                  (laddrs->n_ipv4_addrs + 1)
                                  * sizeof *laddrs->ipv4_addrs);
    struct ipv4_netaddr *na = &laddrs->ipv4_addrs[laddrs->n_ipv4_addrs++];

    na->addr = addr;
    na->plen = plen;
    na->mask = be32_prefix_mask(plen);
    na->network = addr & na->mask;

    ovs_be32 bcast = addr | ~na->mask;
    inet_ntop(AF_INET, &addr, na->addr_s, sizeof na->addr_s);
    inet_ntop(AF_INET, &na->network, na->network_s, sizeof na->network_s);
    inet_ntop(AF_INET, &bcast, na->bcast_s, sizeof na->bcast_s);
}

/* Appends IPv6 address 'addr'/'plen' to 'laddrs'. */
void
lport_addresses_add_ipv6(struct lport_addresses *laddrs,
                         const struct in6_addr *addr, unsigned int plen)
{
    laddrs->ipv6_addrs = xrealloc(laddrs->ipv6_addrs,
                                  (laddrs->n_ipv6_addrs + 1)
                                  * sizeof *laddrs->ipv6_addrs);
    struct ipv6_netaddr *na = &laddrs->ipv6_addrs[laddrs->n_ipv6_addrs++];

    na->addr = *addr;
    na->plen = plen;
    na->mask = ipv6_create_mask(plen);
    na->network = ipv6_addr_bitand(addr, &na->mask);
    in6_addr_solicited_node(&na->sn_addr, addr);

    inet_ntop(AF_INET6, addr, na->addr_s, sizeof na->addr_s);
    inet_ntop(AF_INET6, &na->sn_addr, na->sn_addr_s, sizeof na->sn_addr_s);
    inet_ntop(AF_INET6, &na->network, na->network_s, sizeof na->network_s);
}

/* Parses the IPv4 or IPv6 address, with an optional "/PLEN", at the start
 * of 's' into 'laddrs'.  Returns the number of bytes consumed, or 0 if 's'
 * does not start with an address. */
static int
parse_one_ip(const char *s, struct lport_addresses *laddrs)
{
    ovs_be32 ip4;
    struct in6_addr ip6;
    unsigned int plen;
    int n = 0;

    char *error = ip_parse_cidr_len(s, &n, &ip4, &plen);
    if (!error) {
        lport_addresses_add_ipv4(laddrs, ip4, plen);
        return n;
    }
    free(error);

    n = 0;
    error = ipv6_parse_cidr_len(s, &n, &ip6, &plen);
    if (!error) {
        lport_addresses_add_ipv6(laddrs, &ip6, plen);
        return n;
    }
    free(error);
    return 0;
}

/* Parses the whitespace-separated IP addresses of 'address', starting at
 * byte '*ofs', into 'laddrs', and advances '*ofs' past them.  Stops at the
 * first word that is not an address. */
static void
parse_ip_list(const char *address, struct lport_addresses *laddrs, int *ofs)
{
    const char *p = address + *ofs;
    for (;;) {
        while (isspace((unsigned char) *p)) {
            p++;
        }
        if (!*p) {
            break;
        }
        int n = parse_one_ip(p, laddrs);
        if (!n) {
            break;
        }
        p += n;
    }
    *ofs = p - address;
}

/* Parses "MAC [IP[/PLEN]]..." from 'address' into 'laddrs', which the
 * caller must later free with destroy_lport_addresses().  Returns false,
 * with 'laddrs' empty, if 'address' does not start with a MAC address.
 * Otherwise stores in '*ofs' how far the parse went: strlen(address) when
 * all of it was understood. */
bool
extract_addresses(const char *address, struct lport_addresses *laddrs,
                  int *ofs)
{
    memset(laddrs, 0, sizeof *laddrs);

    int n = 0;
    if (!ovs_scan_len(address, &n, " "ETH_ADDR_SCAN_FMT,
                      ETH_ADDR_SCAN_ARGS(laddrs->ea))
        || (address[n] && !isspace((unsigned char) address[n]))) {
        laddrs->ea = eth_addr_zero;
        *ofs = 0;
        return false;
    }
    snprintf(laddrs->ea_s, sizeof laddrs->ea_s, ETH_ADDR_FMT,
             ETH_ADDR_ARGS(laddrs->ea));

    *ofs = n;
    parse_ip_list(address, laddrs, ofs);
    return true;
}

/* Parses a logical switch port "addresses" or "port_security" entry.
 * Returns false if it has no MAC address; logs (and ignores) anything
 * after the part that parses. */
bool
extract_lsp_addresses(const char *address, struct lport_addresses *laddrs)
{
    int ofs;
    bool success = extract_addresses(address, laddrs, &ofs);
    if (success && ofs < strlen(address)) {
        static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 1);
        VLOG_INFO_RL(&rl, "invalid syntax '%s' in address", address);
    }
    return success;
}

/* Parses a whitespace-separated list of IP addresses, without a MAC.
 * Returns true if it all parsed and held at least one address. */
bool
extract_ip_addresses(const char *address, struct lport_addresses *laddrs)
{
    memset(laddrs, 0, sizeof *laddrs);
    int ofs = 0;
    parse_ip_list(address, laddrs, &ofs);
    if (address[ofs] || (!laddrs->n_ipv4_addrs && !laddrs->n_ipv6_addrs)) {
        destroy_lport_addresses(laddrs);
        return false;
    }
    return true;
}

/* Parses exactly one IP address (with optional /PLEN). */
bool
extract_ip_address(const char *address, struct lport_addresses *laddrs)
{
    if (!extract_ip_addresses(address, laddrs)) {
        return false;
    }
    if (laddrs->n_ipv4_addrs + laddrs->n_ipv6_addrs != 1) {
        destroy_lport_addresses(laddrs);
        return false;
    }
    return true;
}

/* Parses a router port's MAC 'mac' and its 'n_networks' "IP/PLEN"
 * 'networks' into 'laddrs'; then adds the IPv6 link-local address derived
 * from the MAC, which every router port has.  Returns false if the MAC
 * does not parse; skips (and logs) networks that do not. */
bool
extract_mac_networks(const char *mac, char **networks, size_t n_networks,
                     struct lport_addresses *laddrs)
{
    memset(laddrs, 0, sizeof *laddrs);
    if (!eth_addr_from_string(mac, &laddrs->ea)) {
        laddrs->ea = eth_addr_zero;
        return false;
    }
    snprintf(laddrs->ea_s, sizeof laddrs->ea_s, ETH_ADDR_FMT,
             ETH_ADDR_ARGS(laddrs->ea));

    for (size_t i = 0; i < n_networks; i++) {
        ovs_be32 ip4;
        struct in6_addr ip6;
        unsigned int plen;

        char *error = ip_parse_cidr(networks[i], &ip4, &plen);
        if (!error) {
            if (!ip4) {
                static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 1);
                VLOG_WARN_RL(&rl, "bad 'networks' %s", networks[i]);
                continue;
            }
            lport_addresses_add_ipv4(laddrs, ip4, plen);
            continue;
        }
        free(error);

        error = ipv6_parse_cidr(networks[i], &ip6, &plen);
        if (!error) {
            lport_addresses_add_ipv6(laddrs, &ip6, plen);
            continue;
        }
        static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 1);
        VLOG_INFO_RL(&rl, "invalid syntax '%s' in networks", networks[i]);
        free(error);
    }

    struct in6_addr lla;
    in6_generate_lla(laddrs->ea, &lla);
    lport_addresses_add_ipv6(laddrs, &lla, 64);
    return true;
}

/* extract_mac_networks() of a Northbound logical router port. */
bool
extract_lrp_networks(const struct nbrec_logical_router_port *lrp,
                     struct lport_addresses *laddrs)
{
    return extract_mac_networks(lrp->mac, lrp->networks, lrp->n_networks,
                                laddrs);
}

/* Whether 'address', a logical switch port "addresses" entry, asks
 * ovn-northd to assign addresses: "dynamic", "dynamic IP4", "dynamic IP6",
 * "dynamic IP4 IP6" or "MAC dynamic". */
bool
is_dynamic_lsp_address(const char *address)
{
    if (!strcmp(address, "dynamic")) {
        return true;
    }

    struct eth_addr ea;
    int n = 0;
    if (ovs_scan_len(address, &n, ETH_ADDR_SCAN_FMT, ETH_ADDR_SCAN_ARGS(ea))
        && !strcmp(address + n, " dynamic")) {
        return true;
    }

    if (strncmp(address, "dynamic ", 8)) {
        return false;
    }
    const char *rest = address + 8;
    struct lport_addresses laddrs;
    if (!extract_ip_addresses(rest, &laddrs)) {
        return false;
    }
    bool ok = (laddrs.n_ipv4_addrs <= 1 && laddrs.n_ipv6_addrs <= 1
               && (!laddrs.n_ipv4_addrs || laddrs.ipv4_addrs[0].plen == 32)
               && (!laddrs.n_ipv6_addrs
                   || laddrs.ipv6_addrs[0].plen == 128));
    destroy_lport_addresses(&laddrs);
    return ok;
}

/* Initializes 'dst' as a copy of 'src'. */
void
lport_addresses_clone(struct lport_addresses *dst,
                      const struct lport_addresses *src)
{
    *dst = *src;
    dst->ipv4_addrs = xmemdup(src->ipv4_addrs,
                              src->n_ipv4_addrs * sizeof *src->ipv4_addrs);
    dst->ipv6_addrs = xmemdup(src->ipv6_addrs,
                              src->n_ipv6_addrs * sizeof *src->ipv6_addrs);
}

/* Frees what 'laddrs' holds (not 'laddrs' itself). */
void
destroy_lport_addresses(struct lport_addresses *laddrs)
{
    free(laddrs->ipv4_addrs);
    free(laddrs->ipv6_addrs);
    laddrs->ipv4_addrs = NULL;
    laddrs->ipv6_addrs = NULL;
    laddrs->n_ipv4_addrs = 0;
    laddrs->n_ipv6_addrs = 0;
}
