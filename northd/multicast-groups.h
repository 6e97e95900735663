/* multicast-groups.h: multicast groups of logical datapaths and their IP
 * multicast settings.
 *
 * This module owns the Southbound Multicast_Group rows.  Every logical
 * switch may have these fixed groups:
 *
 *   _MC_flood          32768  every enabled port
 *   _MC_unknown        32769  enabled ports with "unknown" addresses
 *   _MC_mrouter_flood  32770  enabled ports with options:mcast_flood_reports,
 *                             ports to routers that relay IP multicast
 *                             (options:mcast_relay) and ports behind which
 *                             IGMP/MLD snooping found multicast routers
 *   _MC_static         32771  enabled ports with options:mcast_flood
 *   _MC_flood_l2       32772  enabled ports but those to routers
 *
 * and a router that relays IP multicast has _MC_static for its ports with
 * options:mcast_flood (a group with no member has no row).  On top of
 * those, each group address that ovn-controllers learned through IGMP/MLD
 * snooping on a switch (Southbound IGMP_Group, see igmp-groups.c) is a
 * group named after the address, with a tunnel key from 32773 up, made of
 * the ports that joined it on any chassis and the switch's localnet ports;
 * routers that relay get the groups of the snooping switches they connect
 * to, made of their ports to those switches.
 *
 * It also owns each switch's IP_Multicast row (snooping and querier
 * settings from other_config:mcast_*) and the multicast summary of every
 * datapath that flows depend on ('struct od_mcast_info'). */

#ifndef NORTHD_MULTICAST_GROUPS_H
#define NORTHD_MULTICAST_GROUPS_H 1

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sset.h"
#include "uuid.h"

struct northd_context;
struct northd_data;
struct ovn_datapath;
struct ovn_port;

/* Fixed multicast group tunnel keys. */
#define OVN_MCAST_FLOOD_TUNNEL_KEY          32768
#define OVN_MCAST_UNKNOWN_TUNNEL_KEY        32769
#define OVN_MCAST_MROUTER_FLOOD_TUNNEL_KEY  32770
#define OVN_MCAST_STATIC_TUNNEL_KEY         32771
#define OVN_MCAST_FLOOD_L2_TUNNEL_KEY       32772
#define OVN_MIN_IP_MULTICAST                32773
#define OVN_MAX_IP_MULTICAST                65535

/* Fixed multicast group names. */
#define MC_FLOOD "_MC_flood"
#define MC_UNKNOWN "_MC_unknown"
#define MC_MROUTER_FLOOD "_MC_mrouter_flood"
#define MC_STATIC "_MC_static"
#define MC_FLOOD_L2 "_MC_flood_l2"

/* A group learned through IGMP/MLD (or relayed by a router). */
struct mcast_learned_group {
    char *name;                 /* The group address, as ovn-controller
                                 * wrote it: the Multicast_Group name. */
    struct in6_addr address;    /* The address (IPv4-mapped for IPv4). */
    struct ovn_port **ports;    /* Members, without duplicates. */
    size_t n_ports;             /* Number of 'ports'. */
    uint32_t tunnel_key;        /* Its tunnel key, 0 if none was left. */
    struct uuid sb_uuid;        /* Its Multicast_Group row, or zero. */
};

/* The IP multicast summary of a datapath, which a full build computes. */
struct od_mcast_info {
    /* Switches. */
    bool snoop;                 /* other_config:mcast_snoop. */
    bool flood_unregistered;    /* other_config:mcast_flood_unregistered. */
    uint64_t table_size;        /* other_config:mcast_table_size: at most
                                 * that many groups per IP version get
                                 * flows. */
    bool flood_relay;           /* A router port of the switch relays IP
                                 * multicast. */
    bool flood_static;          /* Some enabled port has
                                 * options:mcast_flood. */
    struct sset mrouter_ports;  /* Names of the ports behind which
                                 * snooping found multicast routers. */

    /* Routers. */
    bool relay;                 /* options:mcast_relay. */

    /* Learned (switches) or relayed (routers) groups, by name. */
    struct mcast_learned_group *groups;
    size_t n_groups;            /* Number of 'groups'. */
};

void multicast_groups_sync_all(struct northd_data *,
                               const struct northd_context *);
void multicast_groups_sync_datapath(struct ovn_datapath *,
                                    const struct northd_context *);
void od_mcast_info_destroy(struct od_mcast_info *);
bool lsp_floods_mcast(const struct ovn_port *);

#endif /* northd/multicast-groups.h */
