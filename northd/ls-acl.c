/* ls-acl.c: access control lists of logical switches.
 *
 * This module owns the flows of stages ls_in_pre_acl, ls_in_acl_hint,
 * ls_in_acl_eval, ls_in_acl_sample, ls_in_acl_action,
 * ls_in_acl_after_lb_eval, ls_in_acl_after_lb_sample,
 * ls_in_acl_after_lb_action and their egress counterparts, which apply the
 * switch's ACLs (its own and those of its port groups).  Without ACLs,
 * every stage passes packets on; service monitor replies and neighbor
 * discovery are always allowed. */

#include <config.h>

#include "northd/lflow-build.h"
#include "northd/lflow-mgr.h"
#include "northd/northd.h"

/* Flows of switch 'od' as a whole. */
static void
build_acl_od(const struct ovn_datapath *od,
             const struct lflow_build_input *input OVS_UNUSED,
             struct lflow_table *lflows)
{
    if (!od->nbs) {
        return;
    }
    struct lflow_ref *ref = od->lflow_ref;

    /* Pre-ACL: service monitor traffic skips conntrack. */
    ovn_lflow_add(lflows, od, S_SWITCH_IN_PRE_ACL, 0, "1", "next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_OUT_PRE_ACL, 0, "1", "next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_IN_PRE_ACL, 110,
                  "eth.dst == $svc_monitor_mac", "next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_OUT_PRE_ACL, 110,
                  "eth.src == $svc_monitor_mac", "next;", ref);

    /* No ACLs: no hints to compute, nothing to evaluate. */
    ovn_lflow_add(lflows, od, S_SWITCH_IN_ACL_HINT, UINT16_MAX, "1", "next;",
                  ref);
    ovn_lflow_add(lflows, od, S_SWITCH_OUT_ACL_HINT, UINT16_MAX, "1",
                  "next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_IN_ACL_EVAL, UINT16_MAX, "1", "next;",
                  ref);
    ovn_lflow_add(lflows, od, S_SWITCH_OUT_ACL_EVAL, UINT16_MAX, "1",
                  "next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_IN_ACL_AFTER_LB_EVAL, 0, "1", "next;",
                  ref);

    /* Neighbor discovery is always allowed. */
    static const char *nd = "nd || nd_ra || nd_rs || mldv1 || mldv2";
    ovn_lflow_add(lflows, od, S_SWITCH_IN_ACL_EVAL, UINT16_MAX - 3, nd,
                  "reg8[16] = 1; next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_OUT_ACL_EVAL, UINT16_MAX - 3, nd,
                  "reg8[16] = 1; next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_IN_ACL_AFTER_LB_EVAL, UINT16_MAX - 3,
                  nd, "reg8[16] = 1; next;", ref);

    ovn_lflow_add(lflows, od, S_SWITCH_IN_ACL_SAMPLE, 0, "1", "next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_OUT_ACL_SAMPLE, 0, "1", "next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_IN_ACL_AFTER_LB_SAMPLE, 0, "1",
                  "next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_IN_ACL_ACTION, 0, "1", "next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_OUT_ACL_ACTION, 0, "1", "next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_IN_ACL_AFTER_LB_ACTION, 0, "1",
                  "next;", ref);
}

/* The family. */
const struct lflow_stage_family ls_acl_family = {
    .name = "ls_acl",
    .build_datapath = build_acl_od,
};
