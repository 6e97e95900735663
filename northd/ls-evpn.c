/* ls-evpn.c: what switches extended over EVPN add to their pipeline.
 *
 * This module owns the flows that keep the frames of an EVPN switch
 * (other_config:dynamic-routing-vni, see dynamic-routing.h) that come from
 * or go to a remote VTEP out of conntrack-based load balancing: such
 * frames were, or will be, handled by the switch on the other side.  (The
 * lookup of remote MACs, get_remote_fdb(), is ls-l2.c's.) */

#include <config.h>

#include "northd/dynamic-routing.h"
#include "northd/lflow-build.h"
#include "northd/lflow-mgr.h"
#include "northd/northd.h"

/* Flows of switch 'od' as a whole. */
static void
build_evpn_od(const struct ovn_datapath *od,
              const struct lflow_build_input *input OVS_UNUSED,
              struct lflow_table *lflows)
{
    if (!ls_has_evpn(od)) {
        return;
    }
    ovn_lflow_add(lflows, od, S_SWITCH_IN_PRE_LB, 110, "from_evpn_vtep",
                  "next;", od->lflow_ref);
    ovn_lflow_add(lflows, od, S_SWITCH_OUT_PRE_LB, 110, "to_evpn_vtep",
                  "flags.pkt_sampled = 0; ct_clear; next;", od->lflow_ref);
}

/* The family. */
const struct lflow_stage_family ls_evpn_family = {
    .name = "ls_evpn",
    .build_datapath = build_evpn_od,
};
