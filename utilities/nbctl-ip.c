/* nbctl-ip.c: canonical forms of IP addresses and prefixes for ovn-nbctl.
 * See nbctl-ip.h. */

#include <config.h>

#include "nbctl-ip.h"

#include <arpa/inet.h>
#include <stdlib.h>

#include "packets.h"
#include "util.h"

/* Returns "ADDRESS/PLEN" for the network of 'ip' of prefix length 'plen',
 * or just the address for a host prefix. */
static char *
format_ipv4_prefix(ovs_be32 ip, unsigned int plen)
{
    ovs_be32 network = ip & be32_prefix_mask(plen);

    return (plen == 32
            ? xasprintf(IP_FMT, IP_ARGS(network))
            : xasprintf(IP_FMT "/%u", IP_ARGS(network), plen));
}

/* Same as format_ipv4_prefix() for IPv6. */
static char *
format_ipv6_prefix(const struct in6_addr *ip, unsigned int plen)
{
    struct in6_addr mask = ipv6_create_mask(plen);
    struct in6_addr network = ipv6_addr_bitand(ip, &mask);
    char s[INET6_ADDRSTRLEN];

    inet_ntop(AF_INET6, &network, s, sizeof s);
    return plen == 128 ? xstrdup(s) : xasprintf("%s/%u", s, plen);
}

/* Canonical IPv4 prefix, or NULL. */
char *
nbctl_normalize_ipv4_prefix(const char *s)
{
    unsigned int plen;
    ovs_be32 ip;
    char *error = ip_parse_cidr(s, &ip, &plen);

    if (error) {
        free(error);
        return NULL;
    }
    return format_ipv4_prefix(ip, plen);
}

/* Canonical IPv6 prefix, or NULL. */
char *
nbctl_normalize_ipv6_prefix(const char *s)
{
    unsigned int plen;
    struct in6_addr ip;
    char *error = ipv6_parse_cidr(s, &ip, &plen);

    if (error) {
        free(error);
        return NULL;
    }
    return format_ipv6_prefix(&ip, plen);
}

/* Canonical IPv4 or IPv6 prefix, or NULL. */
char *
nbctl_normalize_prefix(const char *s)
{
    char *prefix = nbctl_normalize_ipv4_prefix(s);
    return prefix ? prefix : nbctl_normalize_ipv6_prefix(s);
}

/* Canonical IPv4 address, or NULL. */
char *
nbctl_normalize_ipv4_addr(const char *s)
{
    ovs_be32 ip;
    return ip_parse(s, &ip) ? format_ipv4_prefix(ip, 32) : NULL;
}

/* Canonical IPv6 address, or NULL. */
char *
nbctl_normalize_ipv6_addr(const char *s)
{
    struct in6_addr ip;
    return ipv6_parse(s, &ip) ? format_ipv6_prefix(&ip, 128) : NULL;
}

/* Canonical IPv4 or IPv6 address, or NULL. */
char *
nbctl_normalize_addr(const char *s)
{
    char *addr = nbctl_normalize_ipv4_addr(s);
    return addr ? addr : nbctl_normalize_ipv6_addr(s);
}

/* Returns true if 'ip' is in one of 'networks'. */
bool
nbctl_ip_in_networks(const char *ip, char *const *networks, size_t n)
{
    ovs_be32 ip4;
    struct in6_addr ip6;
    bool is_v4 = ip_parse(ip, &ip4);

    if (!is_v4 && !ipv6_parse(ip, &ip6)) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned int plen;
        ovs_be32 net4;
        struct in6_addr net6;
        char *error = (is_v4
                       ? ip_parse_cidr(networks[i], &net4, &plen)
                       : ipv6_parse_cidr(networks[i], &net6, &plen));
        if (error) {
            free(error);
            continue;
        }

        if (is_v4) {
            if (!((ip4 ^ net4) & be32_prefix_mask(plen))) {
                return true;
            }
        } else {
            struct in6_addr mask = ipv6_create_mask(plen);
            struct in6_addr a = ipv6_addr_bitand(&ip6, &mask);
            struct in6_addr b = ipv6_addr_bitand(&net6, &mask);
            if (ipv6_addr_equals(&a, &b)) {
                return true;
            }
        }
    }
    return false;
}
