/* multicast-groups.h: the fixed multicast groups of logical switches and
 * their IP_Multicast settings.
 *
 * This module owns the Southbound Multicast_Group rows that every logical
 * switch may have, whatever IGMP/MLD snooping learns:
 *
 *   _MC_flood          32768  every enabled port
 *   _MC_unknown        32769  enabled ports with "unknown" addresses
 *   _MC_mrouter_flood  32770  enabled ports with options:mcast_flood_reports
 *   _MC_static         32771  enabled ports with options:mcast_flood
 *   _MC_flood_l2       32772  enabled ports but those to routers
 *
 * (a group with no member has no row), and each switch's IP_Multicast row
 * (snooping and querier settings from other_config:mcast_*).  Multicast
 * groups learned through IGMP/MLD have other names and are left alone. */

#ifndef NORTHD_MULTICAST_GROUPS_H
#define NORTHD_MULTICAST_GROUPS_H 1

#include <stdint.h>

struct northd_context;
struct northd_data;
struct ovn_datapath;

/* Fixed multicast group tunnel keys. */
#define OVN_MCAST_FLOOD_TUNNEL_KEY          32768
#define OVN_MCAST_UNKNOWN_TUNNEL_KEY        32769
#define OVN_MCAST_MROUTER_FLOOD_TUNNEL_KEY  32770
#define OVN_MCAST_STATIC_TUNNEL_KEY         32771
#define OVN_MCAST_FLOOD_L2_TUNNEL_KEY       32772
#define OVN_MIN_IP_MULTICAST                32773

/* Fixed multicast group names. */
#define MC_FLOOD "_MC_flood"
#define MC_UNKNOWN "_MC_unknown"
#define MC_MROUTER_FLOOD "_MC_mrouter_flood"
#define MC_STATIC "_MC_static"
#define MC_FLOOD_L2 "_MC_flood_l2"

void multicast_groups_sync_all(struct northd_data *,
                               const struct northd_context *);
void multicast_groups_sync_datapath(struct ovn_datapath *,
                                    const struct northd_context *);

#endif /* northd/multicast-groups.h */
