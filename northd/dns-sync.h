/* dns-sync.h: the Southbound DNS table.
 *
 * This module owns the Southbound DNS rows, from which ovn-controller
 * answers DNS queries: one per Northbound DNS row that some logical switch
 * lists in its dns_records, with the same UUID, its records (names in
 * lower case, since lookups are case-insensitive), its options and the
 * bindings of the switches that list it.  Rows that no switch needs go. */

#ifndef NORTHD_DNS_SYNC_H
#define NORTHD_DNS_SYNC_H 1

#include <stdbool.h>

struct nbrec_logical_switch;
struct northd_context;
struct northd_data;

void dns_sync(const struct northd_data *, const struct northd_context *);
bool ls_has_dns_records(const struct nbrec_logical_switch *);

#endif /* northd/dns-sync.h */
