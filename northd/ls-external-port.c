/* ls-external-port.c: external ports of logical switches.
 *
 * An external port stands for a machine on the physical network that the
 * switch's localnet ports lead to (a bare-metal server, say), which a
 * chassis of the port's HA chassis group serves: answers its DHCP
 * requests, routes its traffic.  This module owns:
 *
 *   - the ls_in_check_port_sec flows that make frames that come in through
 *     a localnet port from an external port's MAC look as if they came from
 *     the external port itself (marked as having come from the physical
 *     network), and
 *
 *   - the flows of stage ls_in_external_port, which drop, on every chassis
 *     but the one that claimed the external port, its ARP and neighbor
 *     solicitations for the switch's router ports and its frames to them:
 *     only that chassis answers and routes for it. */

#include <config.h>

#include <string.h>

#include "lib/ovn-nb-idl.h"
#include "northd/lflow-build.h"
#include "northd/lflow-mgr.h"
#include "northd/northd.h"
#include "openvswitch/dynamic-string.h"

/* Flows of switch 'od' as a whole. */
static void
build_external_port_od(const struct ovn_datapath *od,
                       const struct lflow_build_input *input OVS_UNUSED,
                       struct lflow_table *lflows)
{
    if (!od->nbs) {
        return;
    }
    ovn_lflow_add(lflows, od, S_SWITCH_IN_EXTERNAL_PORT, 0, "1", "next;",
                  od->lflow_ref);
}

/* Adds the flows that keep chassis other than the one of external port
 * 'op' from answering or routing its frames, which come from MAC 'mac'
 * through localnet port 'ln', for router port 'rp''s addresses 'ra'. */
static void
build_drop_for_router_port(const struct ovn_port *op, const char *mac,
                           const struct ovn_port *ln,
                           const struct lport_addresses *ra,
                           struct lflow_table *lflows)
{
    struct ds match = DS_EMPTY_INITIALIZER;

    for (size_t i = 0; i < ra->n_ipv4_addrs; i++) {
        ds_clear(&match);
        ds_put_format(&match, "inport == %s && eth.src == %s && "
                      "!is_chassis_resident(%s) && arp.tpa == %s && "
                      "arp.op == 1", ln->json_key, mac, op->json_key,
                      ra->ipv4_addrs[i].addr_s);
        ovn_lflow_add_with_lport_and_hint(lflows, op->od,
                                          S_SWITCH_IN_EXTERNAL_PORT, 100,
                                          ds_cstr(&match), "drop;", ln->key,
                                          &op->nbsp->header_, op->lflow_ref);
    }
    for (size_t i = 0; i < ra->n_ipv6_addrs; i++) {
        const struct ipv6_netaddr *a = &ra->ipv6_addrs[i];
        ds_clear(&match);
        ds_put_format(&match, "inport == %s && eth.src == %s && "
                      "!is_chassis_resident(%s) && nd_ns && "
                      "ip6.dst == {%s, %s} && nd.target == %s",
                      ln->json_key, mac, op->json_key, a->addr_s,
                      a->sn_addr_s, a->addr_s);
        ovn_lflow_add_with_lport_and_hint(lflows, op->od,
                                          S_SWITCH_IN_EXTERNAL_PORT, 100,
                                          ds_cstr(&match), "drop;", ln->key,
                                          &op->nbsp->header_, op->lflow_ref);
    }
    ds_clear(&match);
    ds_put_format(&match, "inport == %s && eth.src == %s && eth.dst == %s && "
                  "!is_chassis_resident(%s)", ln->json_key, mac, ra->ea_s,
                  op->json_key);
    ovn_lflow_add_with_lport_and_hint(lflows, op->od,
                                      S_SWITCH_IN_EXTERNAL_PORT, 100,
                                      ds_cstr(&match), "drop;", ln->key,
                                      &op->nbsp->header_, op->lflow_ref);
    ds_destroy(&match);
}

/* Flows of switch port 'op'. */
static void
build_external_port_op(const struct ovn_port *op,
                       const struct lflow_build_input *input OVS_UNUSED,
                       struct lflow_table *lflows)
{
    if (!op->nbsp || strcmp(op->nbsp->type, "external")) {
        return;
    }
    const struct ovn_datapath *od = op->od;
    struct ds match = DS_EMPTY_INITIALIZER;
    struct ds actions = DS_EMPTY_INITIALIZER;
    ds_put_format(&actions, "flags.localnet = 1; inport = %s; next;",
                  op->json_key);

    const struct ovn_port *ln;
    OVN_DATAPATH_FOR_EACH_PORT (ln, od) {
        if (!ln->nbsp || strcmp(ln->nbsp->type, "localnet")) {
            continue;
        }
        for (size_t i = 0; i < op->n_lsp_addrs; i++) {
            const char *mac = op->lsp_addrs[i].ea_s;
            ds_clear(&match);
            ds_put_format(&match, "inport == %s && eth.src == %s",
                          ln->json_key, mac);
            ovn_lflow_add_with_hint(lflows, od, S_SWITCH_IN_CHECK_PORT_SEC,
                                    75, ds_cstr(&match), ds_cstr(&actions),
                                    &op->nbsp->header_, op->lflow_ref);

            for (size_t j = 0; j < od->n_linked_router_ports; j++) {
                const struct ovn_port *rp = od->linked_router_ports[j];
                for (size_t k = 0; k < rp->n_lsp_addrs; k++) {
                    build_drop_for_router_port(op, mac, ln,
                                               &rp->lsp_addrs[k], lflows);
                }
            }
        }
    }
    ds_destroy(&match);
    ds_destroy(&actions);
}

/* The family. */
const struct lflow_stage_family ls_external_port_family = {
    .name = "ls_external_port",
    .build_datapath = build_external_port_od,
    .build_port = build_external_port_op,
};
