/* ls-l2.c: destination lookup of logical switches.
 *
 * This module owns the flows of stages ls_in_l2_lkup and ls_in_l2_unknown:
 * sending unicast frames to the port that owns the destination MAC (or to
 * the port the FDB learned it behind), broadcast and multicast to the
 * flood groups, service monitor replies to ovn-controller, and frames for
 * unknown MACs to the ports that accept them, or dropping them. */

#include <config.h>

#include "lib/ovn-nb-idl.h"
#include "northd/copp.h"
#include "northd/dynamic-routing.h"
#include "northd/lflow-build.h"
#include "northd/lflow-mgr.h"
#include "northd/multicast-groups.h"
#include "northd/northd.h"
#include "openvswitch/dynamic-string.h"

/* Flows of switch 'od' as a whole. */
static void
build_l2_od(const struct ovn_datapath *od,
            const struct lflow_build_input *input,
            struct lflow_table *lflows)
{
    if (!od->nbs) {
        return;
    }
    struct lflow_ref *ref = od->lflow_ref;
    /* An EVPN switch also looks the destination up among the MACs learned
     * behind remote VTEPs, which win over local ones. */
    bool evpn = ls_has_evpn(od);

    ovn_lflow_add(lflows, od, S_SWITCH_IN_L2_LKUP, 0, "1",
                  evpn ? "outport = get_fdb(eth.dst); "
                         "remote_outport = get_remote_fdb(eth.dst); next;"
                       : "outport = get_fdb(eth.dst); next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_IN_L2_LKUP, 100, "reg8[23] == 1",
                  "output;", ref);
    ovn_lflow_metered(lflows, od, S_SWITCH_IN_L2_LKUP, 110,
                      "eth.dst == $svc_monitor_mac && (tcp || icmp || icmp6)",
                      "handle_svc_check(inport);",
                      copp_meter_get(od->nbs->copp, COPP_SVC_MONITOR,
                                     input->nb_idl), NULL, ref);

    /* Broadcast and multicast: ARP and neighbor advertisements also reach
     * router ports, the rest only the others. */
    static const char *flood = "outport = \""MC_FLOOD"\"; output;";
    static const char *flood_l2 = "outport = \""MC_FLOOD_L2"\"; output;";
    ovn_lflow_add(lflows, od, S_SWITCH_IN_L2_LKUP, 70, "eth.mcast", flood_l2,
                  ref);
    ovn_lflow_add(lflows, od, S_SWITCH_IN_L2_LKUP, 71, "eth.mcast && arp",
                  flood, ref);
    /* (IP multicast, priority 71, is ls-mcast.c's.) */
    ovn_lflow_add(lflows, od, S_SWITCH_IN_L2_LKUP, 72,
                  "eth.mcast && (nd_na || nd_rs || nd_ra)", flood, ref);

    const char *unknown = (evpn ? "outport == \"none\" && "
                                  "remote_outport == \"none\""
                                : "outport == \"none\"");
    if (evpn) {
        ovn_lflow_add(lflows, od, S_SWITCH_IN_L2_UNKNOWN, 0, "1",
                      "outport = remote_outport; output;", ref);
        ovn_lflow_add(lflows, od, S_SWITCH_IN_L2_UNKNOWN, 25,
                      "remote_outport == \"none\"", "output;", ref);
    } else {
        ovn_lflow_add(lflows, od, S_SWITCH_IN_L2_UNKNOWN, 0, "1", "output;",
                      ref);
    }
    if (od->n_unknown_ports) {
        ovn_lflow_add(lflows, od, S_SWITCH_IN_L2_UNKNOWN, 50, unknown,
                      "outport = \""MC_UNKNOWN"\"; output;", ref);
    } else {
        ovn_lflow_add_drop_with_desc(lflows, od, S_SWITCH_IN_L2_UNKNOWN, 50,
                                     unknown, "No L2 destination", ref);
    }
}

/* Flows of switch port 'op'. */
static void
build_l2_op(const struct ovn_port *op,
            const struct lflow_build_input *input OVS_UNUSED,
            struct lflow_table *lflows)
{
    if (!op->nbsp || !strcmp(op->nbsp->type, "external")) {
        return;
    }
    bool enabled = lsp_is_enabled(op->nbsp);
    struct ds match = DS_EMPTY_INITIALIZER;
    struct ds actions = DS_EMPTY_INITIALIZER;

    if (enabled) {
        ds_put_format(&actions, "outport = %s; output;", op->json_key);
    } else {
        ds_put_cstr(&actions, "drop;");
    }
    /* An enabled port linked to a router: see ls-router-ports.c. */
    bool linked_router = (enabled && lsp_is_router(op->nbsp) && op->peer
                          && op->peer->nbrp);
    for (size_t i = 0; !linked_router && i < op->n_lsp_addrs; i++) {
        ds_clear(&match);
        ds_put_format(&match, "eth.dst == %s", op->lsp_addrs[i].ea_s);
        ovn_lflow_add_with_hint(lflows, op->od, S_SWITCH_IN_L2_LKUP, 50,
                                ds_cstr(&match), ds_cstr(&actions),
                                &op->nbsp->header_, op->lflow_ref);
    }

    if (!enabled) {
        /* Nothing goes out of a disabled port. */
        ds_clear(&match);
        ds_put_format(&match, "outport == %s", op->json_key);
        ovn_lflow_add_with_lport_and_hint(lflows, op->od,
                                          S_SWITCH_IN_L2_UNKNOWN, 50,
                                          ds_cstr(&match), "drop;", op->key,
                                          &op->nbsp->header_, op->lflow_ref);
    }
    ds_destroy(&match);
    ds_destroy(&actions);
}

/* The family. */
const struct lflow_stage_family ls_l2_family = {
    .name = "ls_l2",
    .build_datapath = build_l2_od,
    .build_port = build_l2_op,
};
