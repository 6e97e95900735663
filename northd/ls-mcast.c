/* ls-mcast.c: IP multicast in logical switches.
 *
 * This module owns the IP multicast flows of stage ls_in_l2_lkup:
 *
 *   - IP multicast frames (priority 71) go to every port but those to
 *     routers, plus copies to the ports that asked for all IP multicast
 *     (_MC_static) and to routers that relay it (_MC_mrouter_flood);
 *
 *   - with IGMP/MLD snooping (other_config:mcast_snoop), reports and
 *     queries go to ovn-controller (priority 100), link-local groups are
 *     flooded (85), groups that ports joined go to those ports (90, at most
 *     other_config:mcast_table_size groups per IP version) and other IP
 *     multicast goes only to _MC_static and relaying routers, or nowhere,
 *     unless other_config:mcast_flood_unregistered says to flood it (80).
 *
 * The groups and summaries come from multicast-groups.c. */

#include <config.h>

#include "lib/ovn-nb-idl.h"
#include "northd/copp.h"
#include "northd/lflow-build.h"
#include "northd/lflow-mgr.h"
#include "northd/multicast-groups.h"
#include "northd/northd.h"
#include "openvswitch/dynamic-string.h"
#include "packets.h"

/* Appends to 'actions' the copies of IP multicast that go to relaying
 * routers and to ports that asked for all of it, as 'info' says. */
static void
put_mcast_copies(struct ds *actions, const struct od_mcast_info *info)
{
    if (info->flood_relay) {
        ds_put_cstr(actions, "clone { outport = \""MC_MROUTER_FLOOD"\"; "
                    "output; }; ");
    }
    if (info->flood_static) {
        ds_put_cstr(actions, "clone { outport = \""MC_STATIC"\"; "
                    "output; }; ");
    }
}

/* Whether IPv6 multicast address 'a' is one that every host or router
 * listens to, which snooping never restricts. */
static bool
ipv6_is_well_known_mcast(const struct in6_addr *a)
{
    static const struct in6_addr all_routers = {
        .s6_addr = { 0xff, 0x02, [15] = 0x02 } };
    static const struct in6_addr all_site_routers = {
        .s6_addr = { 0xff, 0x05, [15] = 0x02 } };
    return (ipv6_is_all_hosts(a) || ipv6_addr_equals(a, &all_routers)
            || ipv6_addr_equals(a, &all_site_routers));
}

/* Adds the flows that send traffic to the groups learned on switch 'od'. */
static void
build_learned_groups(const struct ovn_datapath *od,
                     struct lflow_table *lflows)
{
    const struct od_mcast_info *info = od->mcast_info;
    uint64_t n_v4 = 0, n_v6 = 0;
    struct ds match = DS_EMPTY_INITIALIZER;
    struct ds actions = DS_EMPTY_INITIALIZER;

    for (size_t i = 0; i < info->n_groups; i++) {
        const struct mcast_learned_group *g = &info->groups[i];
        if (!g->tunnel_key) {
            continue;
        }
        ds_clear(&match);
        if (IN6_IS_ADDR_V4MAPPED(&g->address)) {
            /* 224.0.0.X is always flooded (RFC 4541, 2.1.2). */
            if (ip_is_local_multicast(in6_addr_get_mapped_ipv4(&g->address))
                || n_v4 >= info->table_size) {
                continue;
            }
            n_v4++;
            ds_put_format(&match, "eth.mcast && ip4 && ip4.dst == %s ",
                          g->name);
        } else {
            if (ipv6_is_well_known_mcast(&g->address)
                || n_v6 >= info->table_size) {
                continue;
            }
            n_v6++;
            ds_put_format(&match, "eth.mcast && ip6 && ip6.dst == %s ",
                          g->name);
        }

        ds_clear(&actions);
        if (info->flood_relay) {
            ds_put_cstr(&actions, "clone { outport = \""MC_MROUTER_FLOOD
                        "\"; output; };");
        }
        if (info->flood_static) {
            ds_put_cstr(&actions, "clone { outport =\""MC_STATIC"\"; "
                        "output; };");
        }
        ds_put_format(&actions, "outport = \"%s\"; output; ", g->name);
        ovn_lflow_add(lflows, od, S_SWITCH_IN_L2_LKUP, 90, ds_cstr(&match),
                      ds_cstr(&actions), od->lflow_ref);
    }
    ds_destroy(&match);
    ds_destroy(&actions);
}

/* Flows of switch 'od' as a whole. */
static void
build_mcast_od(const struct ovn_datapath *od,
               const struct lflow_build_input *input,
               struct lflow_table *lflows)
{
    if (!od->nbs || !od->mcast_info) {
        return;
    }
    const struct od_mcast_info *info = od->mcast_info;
    struct lflow_ref *ref = od->lflow_ref;
    struct ds actions = DS_EMPTY_INITIALIZER;

    put_mcast_copies(&actions, info);
    ds_put_cstr(&actions, "outport = \""MC_FLOOD_L2"\"; output;");
    ovn_lflow_add(lflows, od, S_SWITCH_IN_L2_LKUP, 71, "eth.mcast && ip",
                  ds_cstr(&actions), ref);

    if (info->snoop) {
        const char *meter = copp_meter_get(od->nbs->copp, COPP_IGMP,
                                           input->nb_idl);
        ovn_lflow_metered(lflows, od, S_SWITCH_IN_L2_LKUP, 100,
                          "flags.igmp_loopback == 0 && igmp", "igmp;",
                          meter, NULL, ref);
        ovn_lflow_metered(lflows, od, S_SWITCH_IN_L2_LKUP, 100,
                          "flags.igmp_loopback == 0 && (mldv1 || mldv2)",
                          "igmp;", meter, NULL, ref);

        /* Link-local groups (RFC 4541, 2.1.2) and reserved IPv6 groups
         * (RFC 4291, 2.7.1) are flooded. */
        ovn_lflow_add(lflows, od, S_SWITCH_IN_L2_LKUP, 85,
                      "ip4.mcast && ip4.dst == 224.0.0.0/24",
                      "outport = \""MC_FLOOD_L2"\"; output;", ref);
        ovn_lflow_add(lflows, od, S_SWITCH_IN_L2_LKUP, 85, "ip6.mcast_flood",
                      "outport = \""MC_FLOOD"\"; output;", ref);

        if (!info->flood_unregistered) {
            ds_clear(&actions);
            if (info->flood_relay) {
                ds_put_cstr(&actions, "clone { outport = \""MC_MROUTER_FLOOD
                            "\"; output; };");
            }
            if (info->flood_static) {
                ds_put_cstr(&actions, "outport =\""MC_STATIC"\"; output;");
            }
            if (!info->flood_relay && !info->flood_static) {
                ds_put_cstr(&actions, "drop;");
            }
            ovn_lflow_add(lflows, od, S_SWITCH_IN_L2_LKUP, 80,
                          "ip4.mcast || ip6.mcast", ds_cstr(&actions), ref);
        }
    }
    ds_destroy(&actions);

    build_learned_groups(od, lflows);
}

/* The family. */
const struct lflow_stage_family ls_mcast_family = {
    .name = "ls_mcast",
    .build_datapath = build_mcast_od,
};
