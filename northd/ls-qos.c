/* ls-qos.c: QoS rules of logical switches.
 *
 * This module owns the flows of stages ls_in_qos and ls_out_qos, which
 * mark DSCP and meter traffic as the switch's QoS rules say.  Without
 * rules they pass packets on. */

#include <config.h>

#include "northd/lflow-build.h"
#include "northd/lflow-mgr.h"
#include "northd/northd.h"

/* Flows of switch 'od' as a whole. */
static void
build_qos_od(const struct ovn_datapath *od,
             const struct lflow_build_input *input OVS_UNUSED,
             struct lflow_table *lflows)
{
    if (!od->nbs) {
        return;
    }
    ovn_lflow_add(lflows, od, S_SWITCH_IN_QOS, 0, "1", "next;",
                  od->lflow_ref);
    ovn_lflow_add(lflows, od, S_SWITCH_OUT_QOS, 0, "1", "next;",
                  od->lflow_ref);
}

/* The family. */
const struct lflow_stage_family ls_qos_family = {
    .name = "ls_qos",
    .build_datapath = build_qos_od,
};
