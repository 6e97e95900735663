/* ls-port-security.c: admission control and port security of logical
 * switches.
 *
 * This module owns the flows of stages ls_in_check_port_sec,
 * ls_in_apply_port_sec, ls_out_check_port_sec and ls_out_apply_port_sec:
 * dropping VLAN-tagged frames (unless the switch passes VLANs through) and
 * frames with a multicast source, asking ovn-controller's port security
 * tables (check_in_port_sec()/check_out_port_sec(), which implement each
 * port's Port_Binding port_security) whether a packet may pass, dropping
 * everything from disabled ports, and bouncing "ICMP fragmentation needed"
 * messages that came back through a tunnel to the port that sent the big
 * packet. */

#include <config.h>

#include "lib/ovn-nb-idl.h"
#include "northd/lflow-build.h"
#include "northd/lflow-mgr.h"
#include "northd/northd.h"
#include "openvswitch/dynamic-string.h"
#include "smap.h"

/* Matches an ICMPv4 "fragmentation needed" or ICMPv6 "packet too big". */
#define ICMP_PKT_TOO_BIG \
    "((ip4 && icmp4.type == 3 && icmp4.code == 4) || " \
    "(ip6 && icmp6.type == 2 && icmp6.code == 0))"

/* Flows of switch 'od' as a whole. */
static void
build_port_security_od(const struct ovn_datapath *od,
                       const struct lflow_build_input *input OVS_UNUSED,
                       struct lflow_table *lflows)
{
    if (!od->nbs) {
        return;
    }
    struct lflow_ref *ref = od->lflow_ref;

    if (!smap_get_bool(&od->nbs->other_config, "vlan-passthru", false)) {
        ovn_lflow_add_drop_with_desc(lflows, od, S_SWITCH_IN_CHECK_PORT_SEC,
                                     100, "vlan.present",
                                     "VLANs blocked due to vlan-passthru "
                                     "option", ref);
    }
    ovn_lflow_add_drop_with_desc(lflows, od, S_SWITCH_IN_CHECK_PORT_SEC, 100,
                                 "eth.src[40]", "Incoming Broadcast/multicast "
                                 "sourceaddress is invalid", ref);
    ovn_lflow_add_drop_with_desc(lflows, od, S_SWITCH_IN_CHECK_PORT_SEC, 105,
                                 ICMP_PKT_TOO_BIG " && flags.tunnel_rx == 1",
                                 "ICMP: packet too big", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_IN_CHECK_PORT_SEC, 50, "1",
                  "reg0[15] = check_in_port_sec(); next;", ref);

    ovn_lflow_add(lflows, od, S_SWITCH_IN_APPLY_PORT_SEC, 0, "1", "next;",
                  ref);
    ovn_lflow_add_drop_with_desc(lflows, od, S_SWITCH_IN_APPLY_PORT_SEC, 50,
                                 "reg0[15] == 1", "Broadcast/multicast port "
                                 "security invalid", ref);

    ovn_lflow_add(lflows, od, S_SWITCH_OUT_CHECK_PORT_SEC, 0, "1",
                  "reg0[15] = check_out_port_sec(); next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_OUT_CHECK_PORT_SEC, 100, "eth.mcast",
                  "reg0[15] = 0; next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_OUT_APPLY_PORT_SEC, 0, "1", "output;",
                  ref);
    ovn_lflow_add_drop_with_desc(lflows, od, S_SWITCH_OUT_APPLY_PORT_SEC, 50,
                                 "reg0[15] == 1",
                                 "Packet does not follow port security rules",
                                 ref);
}

/* Flows of switch port 'op'. */
static void
build_port_security_op(const struct ovn_port *op,
                       const struct lflow_build_input *input OVS_UNUSED,
                       struct lflow_table *lflows)
{
    if (!op->nbsp || lsp_is_router(op->nbsp)) {
        return;
    }
    const struct ovn_datapath *od = op->od;
    struct lflow_ref *ref = op->lflow_ref;
    struct ds match = DS_EMPTY_INITIALIZER;

    if (!lsp_is_enabled(op->nbsp)) {
        ds_put_format(&match, "inport == %s", op->json_key);
        ovn_lflow_add_with_lport_and_hint(lflows, od,
                                          S_SWITCH_IN_CHECK_PORT_SEC, 100,
                                          ds_cstr(&match),
                                          "reg0[15] = 1; next;", op->key,
                                          &op->nbsp->header_, ref);
    }

    /* An "ICMP packet too big" that a tunnel brought back for a packet
     * this port sent goes back to the port. */
    for (size_t i = 0; i < op->n_lsp_addrs; i++) {
        ds_clear(&match);
        ds_put_format(&match, ICMP_PKT_TOO_BIG " && eth.src == %s && "
                      "outport == %s && !is_chassis_resident(%s) && "
                      "flags.tunnel_rx == 1", op->lsp_addrs[i].ea_s,
                      op->json_key, op->json_key);
        ovn_lflow_add(lflows, od, S_SWITCH_IN_CHECK_PORT_SEC, 110,
                      ds_cstr(&match), "outport <-> inport; next;", ref);
    }
    ds_destroy(&match);
}

/* The family. */
const struct lflow_stage_family ls_port_security_family = {
    .name = "ls_port_security",
    .build_datapath = build_port_security_od,
    .build_port = build_port_security_op,
};
