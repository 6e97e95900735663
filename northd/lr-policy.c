/* lr-policy.c: router policies.
 *
 * This module owns the flows of stages lr_in_policy and
 * lr_in_policy_ecmp, which apply a router's Northbound
 * Logical_Router_Policy rows after routing: "allow" (optionally marking
 * the packet with options:pkt_mark), "drop", and "reroute" to one next
 * hop, or to one of several (an ECMP group of the policy stage, members
 * chosen by hash).  Next hops whose BFD session (bfd_sessions) is down are
 * left out.  The next hop's port is options' output_port or the first port
 * on whose networks it is. */

#include <config.h>

#include <string.h>

#include "lib/ovn-nb-idl.h"
#include "northd/lflow-build.h"
#include "northd/lflow-mgr.h"
#include "northd/lr-common.h"
#include "northd/northd.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/vlog.h"
#include "packets.h"
#include "smap.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(lr_policy);

/* Finds the port of router 'od' to reach 'nexthop' of 'policy' by, and
 * its address on the next hop's network. */
static const struct ovn_port *
policy_out_port(const struct ovn_datapath *od,
                const struct nbrec_logical_router_policy *policy,
                const char *nexthop, const char **lrp_addr_s)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);
    const struct ovn_port *op;

    OVN_DATAPATH_FOR_EACH_PORT (op, od) {
        if (!op->nbrp || op->is_chassisredirect
            || (policy->output_port && op->nbrp != policy->output_port)) {
            continue;
        }
        *lrp_addr_s = lrp_find_member_ip(op, nexthop);
        if (*lrp_addr_s) {
            return op;
        }
    }
    VLOG_WARN_RL(&rl, "No path for routing policy priority %"PRId64
                 " on router %s; next hop %s", policy->priority,
                 od->nbr->name, nexthop);
    return NULL;
}

/* Whether 'nexthop' of 'policy' is usable: no BFD session of the policy
 * watches it, or its session is not down. */
static bool
policy_nexthop_is_up(const struct nbrec_logical_router_policy *policy,
                     const char *nexthop)
{
    for (size_t i = 0; i < policy->n_bfd_sessions; i++) {
        const struct nbrec_bfd *bfd = policy->bfd_sessions[i];
        if (ip_addresses_equal(bfd->dst_ip, nexthop)) {
            return !bfd->status || strcmp(bfd->status, "down");
        }
    }
    return true;
}

/* Appends to 'actions' the pkt.mark action of 'policy', if any. */
static void
put_pkt_mark(const struct nbrec_logical_router_policy *policy,
             struct ds *actions)
{
    uint32_t pkt_mark = smap_get_uint(&policy->options, "pkt_mark", 0);
    if (pkt_mark) {
        ds_put_format(actions, "pkt.mark = %"PRIu32"; ", pkt_mark);
    }
}

/* Appends to 'actions' what sends a packet to 'nexthop' through 'out'. */
static void
put_reroute_actions(const char *nexthop, const char *lrp_addr_s,
                    const struct ovn_port *out, struct ds *actions)
{
    bool v4 = strchr(nexthop, '.') != NULL;
    ds_put_format(actions, "%s = %s; %s = %s; eth.src = %s; outport = %s; "
                  "flags.loopback = 1; ",
                  v4 ? REG_NEXT_HOP_IPV4 : REG_NEXT_HOP_IPV6, nexthop,
                  v4 ? REG_SRC_IPV4 : REG_SRC_IPV6, lrp_addr_s,
                  out->lrp_networks.ea_s, out->json_key);
}

/* Adds the flows of a reroute 'policy' of router 'od' over several next
 * hops 'nexthops' (as ECMP group 'group_id' of the policy stage). */
static void
build_ecmp_reroute(const struct ovn_datapath *od,
                   const struct nbrec_logical_router_policy *policy,
                   const char **nexthops, size_t n, uint16_t group_id,
                   struct lflow_table *lflows)
{
    struct ds match = DS_EMPTY_INITIALIZER;
    struct ds actions = DS_EMPTY_INITIALIZER;

    for (size_t i = 0; i < n; i++) {
        const char *lrp_addr_s;
        const struct ovn_port *out = policy_out_port(od, policy, nexthops[i],
                                                     &lrp_addr_s);
        if (!out) {
            goto out;
        }
        ds_clear(&actions);
        put_pkt_mark(policy, &actions);
        put_reroute_actions(nexthops[i], lrp_addr_s, out, &actions);
        ds_put_format(&actions, REGBIT_NEXTHOP_IS_IPV4" = %d; next;",
                      strchr(nexthops[i], '.') != NULL);
        ds_clear(&match);
        ds_put_format(&match, REG_ECMP_GROUP_ID" == %"PRIu16" && "
                      REG_ECMP_MEMBER_ID" == %"PRIuSIZE, group_id, i + 1);
        ovn_lflow_add_with_hint(lflows, od, S_ROUTER_IN_POLICY_ECMP, 100,
                                ds_cstr(&match), ds_cstr(&actions),
                                &policy->header_, od->lflow_ref);
    }

    ds_clear(&actions);
    ds_put_format(&actions, REG_ECMP_GROUP_ID" = %"PRIu16"; "
                  REG_ECMP_MEMBER_ID" = select(", group_id);
    for (size_t i = 0; i < n; i++) {
        ds_put_format(&actions, "%s%"PRIuSIZE, i ? ", " : "", i + 1);
    }
    ds_put_cstr(&actions, ");");
    ovn_lflow_add_with_hint(lflows, od, S_ROUTER_IN_POLICY, policy->priority,
                            policy->match, ds_cstr(&actions),
                            &policy->header_, od->lflow_ref);
out:
    ds_destroy(&match);
    ds_destroy(&actions);
}

/* Adds the flows of 'policy' of router 'od'; a reroute over several next
 * hops takes the next ECMP group id from '*next_group_id'. */
static void
build_policy(const struct ovn_datapath *od,
             const struct nbrec_logical_router_policy *policy,
             uint16_t *next_group_id, struct lflow_table *lflows)
{
    struct ds actions = DS_EMPTY_INITIALIZER;

    if (!strcmp(policy->action, "reroute")) {
        /* The next hops that are up, from 'nexthops' or else from the
         * older 'nexthop'. */
        size_t n_all = policy->n_nexthops ? policy->n_nexthops
                                          : policy->nexthop ? 1 : 0;
        const char **nexthops = xcalloc(MAX(n_all, 1), sizeof *nexthops);
        size_t n = 0;
        for (size_t i = 0; i < n_all; i++) {
            const char *nh = (policy->n_nexthops ? policy->nexthops[i]
                              : policy->nexthop);
            if (policy_nexthop_is_up(policy, nh)) {
                nexthops[n++] = nh;
            }
        }
        if (n > 1) {
            build_ecmp_reroute(od, policy, nexthops, n, (*next_group_id)++,
                               lflows);
        } else if (n == 1) {
            const char *lrp_addr_s;
            const struct ovn_port *out = policy_out_port(od, policy,
                                                         nexthops[0],
                                                         &lrp_addr_s);
            if (out) {
                put_pkt_mark(policy, &actions);
                put_reroute_actions(nexthops[0], lrp_addr_s, out, &actions);
                ds_put_format(&actions, REG_ECMP_GROUP_ID" = 0; "
                              REGBIT_NEXTHOP_IS_IPV4" = %d; next;",
                              strchr(nexthops[0], '.') != NULL);
                ovn_lflow_add_with_hint(lflows, od, S_ROUTER_IN_POLICY,
                                        policy->priority, policy->match,
                                        ds_cstr(&actions), &policy->header_,
                                        od->lflow_ref);
            }
        }
        free(nexthops);
    } else if (!strcmp(policy->action, "drop")) {
        ovn_lflow_add_with_hint(lflows, od, S_ROUTER_IN_POLICY,
                                policy->priority, policy->match, "drop;",
                                &policy->header_, od->lflow_ref);
    } else if (!strcmp(policy->action, "allow")) {
        put_pkt_mark(policy, &actions);
        ds_put_cstr(&actions, REG_ECMP_GROUP_ID" = 0; next;");
        ovn_lflow_add_with_hint(lflows, od, S_ROUTER_IN_POLICY,
                                policy->priority, policy->match,
                                ds_cstr(&actions), &policy->header_,
                                od->lflow_ref);
    }
    ds_destroy(&actions);
}

/* Flows of router 'od' as a whole. */
static void
build_policy_od(const struct ovn_datapath *od,
                const struct lflow_build_input *input OVS_UNUSED,
                struct lflow_table *lflows)
{
    if (!od->nbr) {
        return;
    }
    ovn_lflow_add(lflows, od, S_ROUTER_IN_POLICY, 0, "1",
                  REG_ECMP_GROUP_ID" = 0; next;", od->lflow_ref);
    ovn_lflow_add(lflows, od, S_ROUTER_IN_POLICY_ECMP, 150,
                  REG_ECMP_GROUP_ID" == 0", "next;", od->lflow_ref);
    ovn_lflow_add(lflows, od, S_ROUTER_IN_POLICY_ECMP, 0, "1", "drop;",
                  od->lflow_ref);

    uint16_t next_group_id = 1;
    for (size_t i = 0; i < od->nbr->n_policies; i++) {
        build_policy(od, od->nbr->policies[i], &next_group_id, lflows);
    }
}

/* The family. */
const struct lflow_stage_family lr_policy_family = {
    .name = "lr_policy",
    .build_datapath = build_policy_od,
};
