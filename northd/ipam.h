/* ipam.h: IP and MAC address management for logical switch ports.
 *
 * This module owns the "dynamic" addresses of logical switch ports: a port
 * whose "addresses" hold "dynamic" (or "MAC dynamic", "dynamic IP [IPV6]")
 * gets from ovn-northd a MAC address (globally unique, made of NB_Global
 * options:mac_prefix and a 24-bit suffix), an IPv4 address from its
 * switch's other_config:subnet (minus other_config:exclude_ips, the
 * subnet's first address and every address some port already uses) and an
 * IPv6 address made of other_config:ipv6_prefix and the MAC (EUI-64).  The
 * result goes into the Northbound "dynamic_addresses" column, and stays
 * there for as long as it remains valid: only ports whose addresses became
 * invalid, and new ports, get new ones.
 *
 * ipam_run() runs as part of a full build, once ports exist, and parses
 * again the addresses of the ports whose dynamic addresses it changed. */

#ifndef NORTHD_IPAM_H
#define NORTHD_IPAM_H 1

struct northd_context;
struct northd_data;

void ipam_run(struct northd_data *, const struct northd_context *);

#endif /* northd/ipam.h */
