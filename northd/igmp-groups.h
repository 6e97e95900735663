/* igmp-groups.h: IP multicast groups learned through IGMP/MLD snooping.
 *
 * This module owns the reading of the Southbound IGMP_Group table, where
 * each ovn-controller records, per logical switch, the group addresses
 * that ports on its chassis joined (and, under the name "mrouters", the
 * ports behind which it heard multicast routers).  It aggregates the rows
 * of all chassis into each datapath's learned groups ('struct
 * od_mcast_info', see multicast-groups.h): ports that flood IP multicast
 * anyway are left out, the switch's localnet ports are added, and routers
 * that relay IP multicast get the groups of the snooping switches they
 * connect to.  Rows of chassis or datapaths that are gone are deleted. */

#ifndef NORTHD_IGMP_GROUPS_H
#define NORTHD_IGMP_GROUPS_H 1

struct northd_context;
struct northd_data;

void igmp_groups_build(struct northd_data *, const struct northd_context *);

#endif /* northd/igmp-groups.h */
