/* lr-nat.h: the NAT rules of a logical router, parsed and checked.
 *
 * This module owns what ovn-northd makes of a router's Northbound NAT rows
 * and of its force-SNAT options:
 *
 *   - each rule's type, external address (which must be one IPv4 or IPv6
 *     address for the rule to count at all) and, when the rule can be
 *     turned into flows, the length of its logical prefix, the distributed
 *     gateway port it applies to (its gateway_port, or the one whose
 *     networks hold the external address, or the only one), whether it can
 *     be handled in a distributed way (dnat_and_snat with a logical port
 *     and an external MAC on a router with distributed gateway ports) and
 *     whether it is stateless;
 *
 *   - the summaries other stages depend on: the distinct SNAT external
 *     addresses (with the addresses of options:dnat_force_snat_ip and
 *     options:lb_force_snat_ip), every external address, whether the
 *     router SNATs load-balanced traffic to the address of the port it
 *     leaves through (lb_force_snat_ip=router_ip on a gateway router).
 *
 * Rules that do not parse are logged (rate-limited) and left out. */

#ifndef NORTHD_LR_NAT_H
#define NORTHD_LR_NAT_H 1

#include <stdbool.h>
#include <stddef.h>

#include "lport-addresses.h"
#include "openvswitch/shash.h"
#include "packets.h"
#include "sset.h"

struct nbrec_nat;
struct ovn_datapath;
struct ovn_port;

/* Kinds of NAT rule. */
enum lr_nat_type {
    LR_NAT_SNAT,                /* "snat": source of the logical network. */
    LR_NAT_DNAT,                /* "dnat": destination of the external
                                 * address. */
    LR_NAT_DNAT_AND_SNAT,       /* "dnat_and_snat": both, one to one. */
};

/* One NAT rule of a router. */
struct lr_nat_entry {
    const struct nbrec_nat *nb; /* The Northbound row. */
    enum lr_nat_type type;      /* Its type. */

    /* The external address.  Rules whose external address is not exactly
     * one IP address are not valid: nothing is built for them. */
    bool is_valid;              /* The external address parsed. */
    struct lport_addresses ext_addrs;  /* It, parsed. */
    bool is_v6;                 /* It is an IPv6 address. */
    bool is_router_ip;          /* An SNAT rule whose external address is
                                 * an address of one of the router's
                                 * ports. */

    /* What the NAT stages need.  'has_flows' is false for valid rules that
     * still cannot be applied (bad logical IP, external MAC or gateway
     * port, allowed and exempted addresses both set, or a router that is
     * neither a gateway router nor has distributed gateway ports). */
    bool has_flows;             /* The rest of this group is set. */
    int cidr_bits;              /* Prefix length of the logical IP. */
    bool distributed;           /* Handled on the chassis of its logical
                                 * port rather than on the gateway
                                 * chassis. */
    struct eth_addr mac;        /* Its external MAC, if 'distributed'. */
    const struct ovn_port *l3dgw_port;  /* The distributed gateway port it
                                         * applies to; NULL on gateway
                                         * routers. */
    bool stateless;             /* A dnat_and_snat rule with
                                 * options:stateless=true. */
};

/* The NAT configuration of one router. */
struct lr_nat {
    struct lr_nat_entry *entries;  /* One per Northbound NAT row, in the
                                    * router's column order. */
    size_t n_entries;              /* Number of 'entries'. */

    /* The distinct SNAT external addresses, each mapped to the first valid
     * "snat" rule with that address, or to NULL for addresses that only
     * force-SNAT options use. */
    struct shash snat_ips;
    struct sset external_ips;      /* External addresses of every rule, as
                                    * written. */

    struct lport_addresses dnat_force_snat_addrs;  /* Parsed
                                                    * options:
                                                    * dnat_force_snat_ip
                                                    * (empty if unset). */
    struct lport_addresses lb_force_snat_addrs;    /* Parsed
                                                    * options:
                                                    * lb_force_snat_ip
                                                    * (empty if unset or
                                                    * "router_ip"). */
    bool lb_force_snat_router_ip;  /* options:lb_force_snat_ip=router_ip
                                    * on a gateway router. */
    bool has_distributed_nat;      /* Some dnat_and_snat rule has a
                                    * logical port and an external MAC. */
    bool use_common_zone;          /* Distributed router with
                                    * options:use_common_zone=true: SNAT and
                                    * DNAT share a conntrack zone. */
};

void lr_nat_init(struct lr_nat *, const struct ovn_datapath *);
void lr_nat_destroy(struct lr_nat *);

bool lr_nat_is_snat_ip(const struct lr_nat *, const char *ip);
const struct lr_nat_entry *lr_nat_snat_ip_entry(const struct shash_node *);
bool lr_nat_entry_on_gateway_port(const struct lr_nat_entry *,
                                  const struct ovn_port *);
bool lr_nat_entry_is_ipv4_host_on(const struct lr_nat_entry *,
                                  const struct ovn_port *);
bool lr_nat_has_force_snat(const struct lr_nat *);

const char *lr_nat_type_name(enum lr_nat_type);

bool lr_nat_ip_is_router_ip(const struct ovn_datapath *, const char *ip);

#endif /* northd/lr-nat.h */
