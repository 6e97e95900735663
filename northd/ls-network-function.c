/* ls-network-function.c: network functions of logical switches.
 *
 * This module owns the flows of stages ls_in_pre_network_function,
 * ls_in_network_function and their egress counterparts, which steer
 * traffic that ACLs selected (reg8[21]) through network function ports.
 * Without network functions, such traffic is dropped, but for multicast. */

#include <config.h>

#include "northd/lflow-build.h"
#include "northd/lflow-mgr.h"
#include "northd/northd.h"

/* Flows of switch 'od' as a whole. */
static void
build_network_function_od(const struct ovn_datapath *od,
                          const struct lflow_build_input *input OVS_UNUSED,
                          struct lflow_table *lflows)
{
    if (!od->nbs) {
        return;
    }
    struct lflow_ref *ref = od->lflow_ref;
    static const enum ovn_stage pre[] = {
        S_SWITCH_IN_PRE_NETWORK_FUNCTION, S_SWITCH_OUT_PRE_NETWORK_FUNCTION,
    };
    static const enum ovn_stage nf[] = {
        S_SWITCH_IN_NETWORK_FUNCTION, S_SWITCH_OUT_NETWORK_FUNCTION,
    };

    for (size_t i = 0; i < 2; i++) {
        ovn_lflow_add(lflows, od, pre[i], 0, "1", "next;", ref);
        ovn_lflow_add(lflows, od, pre[i], 1, "reg8[21] == 1 && reg8[22] == 1",
                      "reg0[22..29] = 0; next;", ref);

        ovn_lflow_add(lflows, od, nf[i], 0, "1", "next;", ref);
        ovn_lflow_add(lflows, od, nf[i], 1, "reg8[21] == 1", "drop;", ref);
        ovn_lflow_add(lflows, od, nf[i], 100, "reg8[21] == 1 && eth.mcast",
                      "next;", ref);
    }
}

/* The family. */
const struct lflow_stage_family ls_network_function_family = {
    .name = "ls_network_function",
    .build_datapath = build_network_function_od,
};
