/* ls-stateful.c: connection tracking stages of logical switches.
 *
 * This module owns the flows of stages ls_in_pre_stateful,
 * ls_out_pre_stateful, ls_in_stateful and ls_out_stateful: sending
 * packets to conntrack when an earlier stage asked for it (reg0[0] for
 * ACLs, reg0[2] for load balancers) and committing connections (reg0[1])
 * with the ACL, sampling and network function marks and labels that later
 * packets of the connection need. */

#include <config.h>

#include "northd/lflow-build.h"
#include "northd/lflow-mgr.h"
#include "northd/northd.h"
#include "openvswitch/dynamic-string.h"

/* Adds the commit flows of stateful stage 'stage' of 'od'. */
static void
build_stateful_commit(const struct ovn_datapath *od, enum ovn_stage stage,
                      struct lflow_table *lflows, struct lflow_ref *ref)
{
    /* Committed with or without sampling marks (reg0[13]), for traffic
     * that does or does not go through a network function (reg8[21]). */
    static const char *sample_marks =
        "ct_mark.obs_stage = reg8[19..20]; "
        "ct_mark.obs_collector_id = reg8[8..15]; "
        "ct_label.obs_point_id = reg9; ";
    struct ds match = DS_EMPTY_INITIALIZER;
    struct ds actions = DS_EMPTY_INITIALIZER;

    for (int nf = 0; nf < 2; nf++) {
        for (int sample = 0; sample < 2; sample++) {
            ds_clear(&match);
            ds_put_format(&match, "reg0[1] == 1 && reg0[13] == %d%s", sample,
                          nf ? " && reg8[21] == 1" : "");
            ds_clear(&actions);
            ds_put_format(&actions, "ct_commit { ct_mark.blocked = 0; "
                          "ct_mark.allow_established = reg0[20]; %s"
                          "ct_label.acl_id = reg2[16..31]; ",
                          sample ? sample_marks : "");
            if (nf) {
                ds_put_cstr(&actions, "ct_label.nf = 1; "
                            "ct_label.nf_id = reg0[22..29]; }; next;");
            } else {
                ds_put_cstr(&actions, "ct_label.nf = 0; "
                            "ct_label.nf_id = 0; }; next;");
            }
            ovn_lflow_add(lflows, od, stage, nf ? 110 : 100, ds_cstr(&match),
                          ds_cstr(&actions), ref);
        }
    }
    ds_destroy(&match);
    ds_destroy(&actions);
}

/* Flows of switch 'od' as a whole. */
static void
build_stateful_od(const struct ovn_datapath *od,
                  const struct lflow_build_input *input OVS_UNUSED,
                  struct lflow_table *lflows)
{
    if (!od->nbs) {
        return;
    }
    struct lflow_ref *ref = od->lflow_ref;

    ovn_lflow_add(lflows, od, S_SWITCH_IN_PRE_STATEFUL, 0, "1", "next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_OUT_PRE_STATEFUL, 0, "1", "next;",
                  ref);
    ovn_lflow_add(lflows, od, S_SWITCH_IN_PRE_STATEFUL, 100, "reg0[0] == 1",
                  "ct_next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_OUT_PRE_STATEFUL, 100, "reg0[0] == 1",
                  "ct_next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_IN_PRE_STATEFUL, 110, "reg0[2] == 1",
                  "ct_lb_mark;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_OUT_PRE_STATEFUL, 110, "reg0[2] == 1",
                  "ct_lb_mark;", ref);
    /* Fragments must be reassembled before load balancing (reg0[19]
     * tells ovn-controller so). */
    ovn_lflow_add(lflows, od, S_SWITCH_IN_PRE_STATEFUL, 115,
                  "reg0[2] == 1 && ip.is_frag", "reg0[19] = 1; ct_lb_mark;",
                  ref);

    ovn_lflow_add(lflows, od, S_SWITCH_IN_STATEFUL, 0, "1", "next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_OUT_STATEFUL, 0, "1", "next;", ref);
    build_stateful_commit(od, S_SWITCH_IN_STATEFUL, lflows, ref);
    build_stateful_commit(od, S_SWITCH_OUT_STATEFUL, lflows, ref);
}

/* The family. */
const struct lflow_stage_family ls_stateful_family = {
    .name = "ls_stateful",
    .build_datapath = build_stateful_od,
};
