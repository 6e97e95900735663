/* ls-lb.c: load balancing in logical switches.
 *
 * This module owns the flows of stages ls_in_pre_lb, ls_out_pre_lb,
 * ls_in_ct_extract, ls_in_lb_aff_check, ls_in_lb, ls_in_lb_aff_learn,
 * ls_in_pre_hairpin, ls_in_nat_hairpin and ls_in_hairpin, which send
 * traffic to load balancer VIPs through conntrack and back out to their
 * backends.  Traffic that no load balancer may care about (multicast,
 * neighbor discovery, service monitor probes, ICMP errors from tunnels,
 * packets marked stateless) skips conntrack here. */

#include <config.h>

#include "northd/lflow-build.h"
#include "northd/lflow-mgr.h"
#include "northd/northd.h"

/* Flows of switch 'od' as a whole. */
static void
build_lb_od(const struct ovn_datapath *od,
            const struct lflow_build_input *input OVS_UNUSED,
            struct lflow_table *lflows)
{
    if (!od->nbs) {
        return;
    }
    struct lflow_ref *ref = od->lflow_ref;

    ovn_lflow_add(lflows, od, S_SWITCH_IN_PRE_LB, 0, "1", "next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_OUT_PRE_LB, 0, "1", "next;", ref);

    /* What never goes through a load balancer. */
    static const char *nd = "nd || nd_rs || nd_ra || mldv1 || mldv2";
    ovn_lflow_add(lflows, od, S_SWITCH_IN_PRE_LB, 110, "eth.mcast", "next;",
                  ref);
    ovn_lflow_add(lflows, od, S_SWITCH_OUT_PRE_LB, 110, "eth.mcast", "next;",
                  ref);
    ovn_lflow_add(lflows, od, S_SWITCH_IN_PRE_LB, 110, nd, "next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_OUT_PRE_LB, 110, nd, "next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_IN_PRE_LB, 110,
                  "eth.dst == $svc_monitor_mac", "next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_OUT_PRE_LB, 110,
                  "eth.src == $svc_monitor_mac", "next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_IN_PRE_LB, 110,
                  "((ip4 && icmp4.type == 3 && icmp4.code == 4) ||"
                  "(ip6 && icmp6.type == 2 && icmp6.code == 0)) && "
                  "flags.tunnel_rx == 1", "next;", ref);
    /* Packets an ACL marked stateless. */
    ovn_lflow_add(lflows, od, S_SWITCH_IN_PRE_LB, 110, "reg0[16] == 1",
                  "next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_OUT_PRE_LB, 110, "reg0[16] == 1",
                  "next;", ref);

    ovn_lflow_add(lflows, od, S_SWITCH_IN_CT_EXTRACT, 0, "1", "next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_IN_LB_AFF_CHECK, 0, "1", "next;",
                  ref);
    ovn_lflow_add(lflows, od, S_SWITCH_IN_LB, 0, "1", "next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_IN_LB_AFF_LEARN, 0, "1", "next;",
                  ref);
    ovn_lflow_add(lflows, od, S_SWITCH_IN_PRE_HAIRPIN, 0, "1", "next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_IN_NAT_HAIRPIN, 0, "1", "next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_IN_HAIRPIN, 0, "1", "next;", ref);
}

/* The family. */
const struct lflow_stage_family ls_lb_family = {
    .name = "ls_lb",
    .build_datapath = build_lb_od,
};
