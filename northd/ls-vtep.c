/* ls-vtep.c: ports of logical switches that lead to VTEP gateways.
 *
 * A "vtep" port stands for a hardware VTEP switch (RAMP) that
 * ovn-controller-vtep manages.  Frames from it have been through the
 * gateway's own ACLs: this module owns the flows that mark them
 * (REGBIT_FROM_RAMP) as they come in and send them straight to the
 * hairpin stage, and the ls_in_hairpin flow that then sends them straight
 * to destination lookup.  (Egress processing still applies.) */

#include <config.h>

#include <string.h>

#include "lib/ovn-nb-idl.h"
#include "northd/lflow-build.h"
#include "northd/lflow-mgr.h"
#include "northd/northd.h"
#include "openvswitch/dynamic-string.h"

/* Set on frames that came from a VTEP gateway. */
#define REGBIT_FROM_RAMP "reg0[14]"

/* Flows of switch 'od' as a whole. */
static void
build_vtep_od(const struct ovn_datapath *od,
              const struct lflow_build_input *input OVS_UNUSED,
              struct lflow_table *lflows)
{
    if (!od->nbs || !od->n_vtep_ports) {
        return;
    }
    char *actions = xasprintf("next(pipeline=ingress, table=%d);",
                              ovn_stage_get_table(S_SWITCH_IN_L2_LKUP));
    ovn_lflow_add(lflows, od, S_SWITCH_IN_HAIRPIN, 1000,
                  REGBIT_FROM_RAMP " == 1", actions, od->lflow_ref);
    free(actions);
}

/* Flows of switch port 'op'. */
static void
build_vtep_op(const struct ovn_port *op,
              const struct lflow_build_input *input OVS_UNUSED,
              struct lflow_table *lflows)
{
    if (!op->nbsp || strcmp(op->nbsp->type, "vtep")
        || !lsp_is_enabled(op->nbsp)) {
        return;
    }
    char *match = xasprintf("inport == %s", op->json_key);
    char *actions = xasprintf(REGBIT_FROM_RAMP " = 1; "
                              "next(pipeline=ingress, table=%d);",
                              ovn_stage_get_table(S_SWITCH_IN_HAIRPIN));
    ovn_lflow_add_with_lport_and_hint(lflows, op->od,
                                      S_SWITCH_IN_CHECK_PORT_SEC, 70, match,
                                      actions, op->key, &op->nbsp->header_,
                                      op->lflow_ref);
    free(match);
    free(actions);
}

/* The family. */
const struct lflow_stage_family ls_vtep_family = {
    .name = "ls_vtep",
    .build_datapath = build_vtep_od,
    .build_port = build_vtep_op,
};
