/* lport-addresses.h: parsed Ethernet and IP addresses of logical ports.
 *
 * This module owns the parsing of the address strings that the Northbound
 * and Southbound databases hold for logical ports: a logical switch port's
 * "addresses" and "port_security" entries ("MAC [IP[/PLEN]]..."), a
 * logical router port's "mac" and "networks", and the "dynamic" address
 * forms.  Each parse yields a 'struct lport_addresses' with every address
 * also as a ready-to-print string, since logical flows are text. */

#ifndef LPORT_ADDRESSES_H
#define LPORT_ADDRESSES_H 1

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>

#include "openvswitch/types.h"
#include "packets.h"

struct nbrec_logical_router_port;

/* One IPv4 address with its prefix. */
struct ipv4_netaddr {
    ovs_be32 addr;              /* The address. */
    ovs_be32 mask;              /* Netmask of 'plen' bits. */
    ovs_be32 network;           /* 'addr' & 'mask'. */
    unsigned int plen;          /* Prefix length, 32 when none was given. */

    char addr_s[INET_ADDRSTRLEN + 1];     /* "192.168.10.123". */
    char network_s[INET_ADDRSTRLEN + 1];  /* "192.168.0.0". */
    char bcast_s[INET_ADDRSTRLEN + 1];    /* "192.168.255.255". */
};

/* One IPv6 address with its prefix. */
struct ipv6_netaddr {
    struct in6_addr addr;       /* The address. */
    struct in6_addr mask;       /* Netmask of 'plen' bits. */
    struct in6_addr sn_addr;    /* Its solicited-node multicast address. */
    struct in6_addr network;    /* 'addr' & 'mask'. */
    unsigned int plen;          /* Prefix length, 128 when none was
                                 * given. */

    char addr_s[INET6_ADDRSTRLEN + 1];     /* "fd00::12". */
    char sn_addr_s[INET6_ADDRSTRLEN + 1];  /* "ff02::1:ff00:12". */
    char network_s[INET6_ADDRSTRLEN + 1];  /* "fd00::". */
};

/* An Ethernet address and the IP addresses that go with it. */
struct lport_addresses {
    char ea_s[ETH_ADDR_STRLEN + 1];   /* The Ethernet address, as text. */
    struct eth_addr ea;               /* The Ethernet address. */
    size_t n_ipv4_addrs;              /* Number of IPv4 addresses. */
    struct ipv4_netaddr *ipv4_addrs;  /* IPv4 addresses, in input order. */
    size_t n_ipv6_addrs;              /* Number of IPv6 addresses. */
    struct ipv6_netaddr *ipv6_addrs;  /* IPv6 addresses, in input order. */
};

bool is_dynamic_lsp_address(const char *address);
bool extract_addresses(const char *address, struct lport_addresses *,
                       int *ofs);
bool extract_lsp_addresses(const char *address, struct lport_addresses *);
bool extract_ip_addresses(const char *address, struct lport_addresses *);
bool extract_ip_address(const char *address, struct lport_addresses *);
bool extract_lrp_networks(const struct nbrec_logical_router_port *,
                          struct lport_addresses *);
bool extract_mac_networks(const char *mac, char **networks,
                          size_t n_networks, struct lport_addresses *);
void lport_addresses_add_ipv4(struct lport_addresses *, ovs_be32 addr,
                              unsigned int plen);
void lport_addresses_add_ipv6(struct lport_addresses *,
                              const struct in6_addr *addr,
                              unsigned int plen);
void lport_addresses_clone(struct lport_addresses *dst,
                           const struct lport_addresses *src);
void destroy_lport_addresses(struct lport_addresses *);

#endif /* lport-addresses.h */
