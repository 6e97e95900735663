/* ls-fwd-group.c: forwarding groups of logical switches.
 *
 * A forwarding group (Northbound Forwarding_Group) is a virtual IP and MAC
 * that several ports of a switch share: the switch answers ARP for the
 * virtual IP with the virtual MAC (ls_in_arp_rsp) and spreads frames to
 * the virtual MAC over the group's child ports (ls_in_l2_lkup, with
 * fwd_group(), which can also skip the children that BFD reports down).
 * This module owns those flows. */

#include <config.h>

#include "lib/ovn-nb-idl.h"
#include "northd/lflow-build.h"
#include "northd/lflow-mgr.h"
#include "northd/northd.h"
#include "openvswitch/dynamic-string.h"

/* Flows of switch 'od' as a whole. */
static void
build_fwd_group_od(const struct ovn_datapath *od,
                   const struct lflow_build_input *input OVS_UNUSED,
                   struct lflow_table *lflows)
{
    if (!od->nbs || !od->nbs->n_forwarding_groups) {
        return;
    }
    struct ds match = DS_EMPTY_INITIALIZER;
    struct ds actions = DS_EMPTY_INITIALIZER;

    for (size_t i = 0; i < od->nbs->n_forwarding_groups; i++) {
        const struct nbrec_forwarding_group *fg
            = od->nbs->forwarding_groups[i];
        if (!fg->n_child_port) {
            continue;
        }

        ds_clear(&match);
        ds_put_format(&match, "arp.tpa == %s && arp.op == 1", fg->vip);
        ds_clear(&actions);
        ds_put_format(&actions, "eth.dst = eth.src; eth.src = %s; "
                      "arp.op = 2; /* ARP reply */ arp.tha = arp.sha; "
                      "arp.sha = %s; arp.tpa = arp.spa; arp.spa = %s; "
                      "outport = inport; flags.loopback = 1; output;",
                      fg->vmac, fg->vmac, fg->vip);
        ovn_lflow_add_with_hint(lflows, od, S_SWITCH_IN_ARP_ND_RSP, 50,
                                ds_cstr(&match), ds_cstr(&actions),
                                &fg->header_, od->lflow_ref);

        ds_clear(&match);
        ds_put_format(&match, "eth.dst == %s", fg->vmac);
        ds_clear(&actions);
        ds_put_format(&actions, "fwd_group(%schildports=",
                      fg->liveness ? "liveness=\"true\"," : "");
        for (size_t j = 0; j < fg->n_child_port; j++) {
            ds_put_format(&actions, "%s\"%s\"", j ? "," : "",
                          fg->child_port[j]);
        }
        ds_put_cstr(&actions, ");");
        ovn_lflow_add_with_hint(lflows, od, S_SWITCH_IN_L2_LKUP, 50,
                                ds_cstr(&match), ds_cstr(&actions),
                                &fg->header_, od->lflow_ref);
    }
    ds_destroy(&match);
    ds_destroy(&actions);
}

/* The family. */
const struct lflow_stage_family ls_fwd_group_family = {
    .name = "ls_fwd_group",
    .build_datapath = build_fwd_group_od,
};
