/* lr-ecmp-stateful.c: connection tracking stages of logical routers for
 * symmetric replies.
 *
 * This module owns the defaults of lr_in_ecmp_stateful and the flows of
 * lr_in_ecmp_stateful_egr, the last ingress stage: traffic that an earlier
 * stage marked (REGBIT_KNOWN_ECMP_NH) gets its connection committed with
 * the MAC it leaves to and the port it leaves through, so that replies can
 * be sent back the same way.  (The flows that mark traffic, for routes
 * with symmetric replies, belong to the routing stages.) */

#include <config.h>

#include "northd/lflow-build.h"
#include "northd/lflow-mgr.h"
#include "northd/lr-common.h"
#include "northd/northd.h"
#include "openvswitch/dynamic-string.h"

/* Flows of router 'od' as a whole. */
static void
build_ecmp_stateful_od(const struct ovn_datapath *od,
                       const struct lflow_build_input *input OVS_UNUSED,
                       struct lflow_table *lflows)
{
    if (!od->nbr) {
        return;
    }
    ovn_lflow_add(lflows, od, S_ROUTER_IN_ECMP_STATEFUL, 0, "1", "next;",
                  od->lflow_ref);
    ovn_lflow_add(lflows, od, S_ROUTER_IN_ECMP_STATEFUL_EGR, 0, "1",
                  "output;", od->lflow_ref);
}

/* Flows of router port 'op' (chassis-redirect ports included): commits
 * marked traffic that leaves through it. */
static void
build_ecmp_stateful_op(const struct ovn_port *op,
                       const struct lflow_build_input *input OVS_UNUSED,
                       struct lflow_table *lflows)
{
    if (!op->nbrp) {
        return;
    }
    struct ds match = DS_EMPTY_INITIALIZER;
    struct ds actions = DS_EMPTY_INITIALIZER;

    ds_put_format(&match, REGBIT_KNOWN_ECMP_NH" == 1 && ip && outport == %s",
                  op->json_key);
    ds_put_format(&actions, "ct_commit { ct_label.ecmp_reply_eth = eth.dst; "
                  "ct_mark.ecmp_reply_port = %"PRIu32";}; output;",
                  op->tunnel_key);
    ovn_lflow_add(lflows, op->od, S_ROUTER_IN_ECMP_STATEFUL_EGR, 100,
                  ds_cstr(&match), ds_cstr(&actions), op->lflow_ref);
    ds_destroy(&match);
    ds_destroy(&actions);
}

/* The family. */
const struct lflow_stage_family lr_ecmp_stateful_family = {
    .name = "lr_ecmp_stateful",
    .build_datapath = build_ecmp_stateful_od,
    .build_port = build_ecmp_stateful_op,
};
