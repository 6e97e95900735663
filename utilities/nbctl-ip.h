/* nbctl-ip.h: canonical forms of the IP addresses and prefixes that
 * ovn-nbctl commands take.
 *
 * Commands must both reject malformed addresses and compare what they are
 * given with what the database holds, so that "10.0.0.5/24" and
 * "10.0.0.0/24" name the same route.  The canonical form of a prefix has
 * its host bits cleared and no "/32" or "/128" suffix; IPv6 addresses are
 * written the way inet_ntop() does.
 *
 * Each function returns the canonical form of its argument as a malloc'd
 * string, or NULL if the argument is not of the kind the function's name
 * says: "prefix" functions accept an address with an optional "/LEN",
 * "addr" functions a plain address.  The unqualified ones try IPv4 first,
 * then IPv6. */

#ifndef NBCTL_IP_H
#define NBCTL_IP_H 1

#include <stdbool.h>
#include <stddef.h>

char *nbctl_normalize_ipv4_prefix(const char *);
char *nbctl_normalize_ipv6_prefix(const char *);
char *nbctl_normalize_prefix(const char *);
char *nbctl_normalize_ipv4_addr(const char *);
char *nbctl_normalize_ipv6_addr(const char *);
char *nbctl_normalize_addr(const char *);

/* Returns true if IPv4 or IPv6 address 'ip' lies within one of the 'n'
 * networks ("ADDRESS/PLEN", e.g. a router port's) in 'networks'. */
bool nbctl_ip_in_networks(const char *ip, char *const *networks, size_t n);

#endif /* nbctl-ip.h */
