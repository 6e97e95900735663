/* lr-dhcp-relay.c: DHCP relay on logical router ports.
 *
 * This module owns the flows of stages lr_in_dhcp_relay_req,
 * lr_in_dhcp_relay_resp_chk and lr_in_dhcp_relay_resp, those of
 * lr_in_ip_input that take DHCP requests and the server's replies in, and
 * those of ls_in_l2_lkup that send the DHCP requests of a switch's VIFs to
 * the relaying router port.  A router port relays when its dhcp_relay names
 * a DHCP_Relay with an (IPv4) server and the switch it connects to names,
 * in other_config:dhcp_relay_port, the switch port it connects through:
 * requests from the switch are checked by ovn-controller
 * (dhcp_relay_req_chk()), get the port's address as source and go to the
 * server; the server's replies are checked (dhcp_relay_resp_chk()) and go
 * back out of the port. */

#include <config.h>

#include <string.h>

#include "lib/ovn-nb-idl.h"
#include "northd/lflow-build.h"
#include "northd/lflow-mgr.h"
#include "northd/lr-common.h"
#include "northd/northd.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/vlog.h"
#include "packets.h"
#include "smap.h"

VLOG_DEFINE_THIS_MODULE(lr_dhcp_relay);

/* Matches a DHCP request broadcast by a client without an address. */
#define DHCP_CLIENT_REQUEST \
    "ip4.src == 0.0.0.0 && ip4.dst == 255.255.255.255 && "

/* Returns, in a new string, the IPv4 address of the DHCP server that
 * 'relay' names ("IP" or "IP:PORT"; the port is always 67), or NULL. */
static char *
dhcp_relay_server(const struct nbrec_dhcp_relay *relay, const char *lrp)
{
    if (!relay->servers) {
        return NULL;
    }
    char *server = xstrdup(relay->servers);
    char *colon = strchr(server, ':');
    if (colon && !strchr(colon + 1, ':')) {
        *colon = '\0';
    }
    ovs_be32 ip;
    if (!ip_parse(server, &ip)) {
        static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 1);
        VLOG_WARN_RL(&rl, "Currently DHCP Relay is supported for IPv4 only "
                     "(router port %s)", lrp);
        free(server);
        return NULL;
    }
    return server;
}

/* Returns the switch port that switch 'ls' names as its DHCP relay port,
 * if that port connects to a router port with a DHCP relay. */
static const struct ovn_port *
ls_dhcp_relay_port(const struct ovn_datapath *ls, const struct hmap *ports)
{
    const char *name = smap_get(&ls->nbs->other_config, "dhcp_relay_port");
    if (!name) {
        return NULL;
    }
    const struct ovn_port *sp = ovn_port_find(ports, name);
    if (!sp || !sp->nbsp || sp->od != ls || !sp->peer || !sp->peer->nbrp
        || !sp->peer->nbrp->dhcp_relay) {
        return NULL;
    }
    return sp;
}

/* Flows of router 'od' as a whole. */
static void
build_dhcp_relay_od(const struct ovn_datapath *od,
                    const struct lflow_build_input *input OVS_UNUSED,
                    struct lflow_table *lflows)
{
    if (!od->nbr) {
        return;
    }
    ovn_lflow_add(lflows, od, S_ROUTER_IN_DHCP_RELAY_REQ, 0, "1", "next;",
                  od->lflow_ref);
    ovn_lflow_add(lflows, od, S_ROUTER_IN_DHCP_RELAY_RESP_CHK, 0, "1",
                  "next;", od->lflow_ref);
    ovn_lflow_add(lflows, od, S_ROUTER_IN_DHCP_RELAY_RESP, 0, "1", "next;",
                  od->lflow_ref);
}

/* Flows of router port 'op'. */
static void
build_dhcp_relay_lrp(const struct ovn_port *op,
                     const struct lflow_build_input *input,
                     struct lflow_table *lflows)
{
    if (!op->nbrp->dhcp_relay || !op->peer || !op->peer->nbsp
        || ls_dhcp_relay_port(op->peer->od, input->ports) != op->peer
        || !op->lrp_networks.n_ipv4_addrs) {
        return;
    }
    char *server = dhcp_relay_server(op->nbrp->dhcp_relay, op->key);
    if (!server) {
        return;
    }
    const char *lrp_ip = op->lrp_networks.ipv4_addrs[0].addr_s;
    const struct ovsdb_idl_row *hint = &op->nbrp->header_;
    struct lflow_ref *ref = op->lflow_ref;
    struct ds match = DS_EMPTY_INITIALIZER;
    struct ds actions = DS_EMPTY_INITIALIZER;

    /* Requests from the switch. */
    ds_put_format(&match, "inport == %s && "DHCP_CLIENT_REQUEST
                  "ip.frag == 0 && udp.src == 68 && udp.dst == 67",
                  op->json_key);
    ds_put_format(&actions, REGBIT_DHCP_RELAY_REQ_CHK
                  " = dhcp_relay_req_chk(%s, %s);next; /* DHCP_RELAY_REQ */",
                  lrp_ip, server);
    ovn_lflow_add_with_hint(lflows, op->od, S_ROUTER_IN_IP_INPUT, 110,
                            ds_cstr(&match), ds_cstr(&actions), hint, ref);

    ds_clear(&match);
    ds_put_format(&match, "inport == %s && "DHCP_CLIENT_REQUEST
                  "udp.src == 68 && udp.dst == 67 && "
                  REGBIT_DHCP_RELAY_REQ_CHK, op->json_key);
    ds_clear(&actions);
    ds_put_format(&actions, "ip4.src = %s; ip4.dst = %s; udp.src = 67; "
                  "next; /* DHCP_RELAY_REQ */", lrp_ip, server);
    ovn_lflow_add_with_hint(lflows, op->od, S_ROUTER_IN_DHCP_RELAY_REQ, 100,
                            ds_cstr(&match), ds_cstr(&actions), hint, ref);
    ds_put_cstr(&match, " == 0");
    ovn_lflow_add_with_hint(lflows, op->od, S_ROUTER_IN_DHCP_RELAY_REQ, 1,
                            ds_cstr(&match), "drop; /* DHCP_RELAY_REQ */",
                            hint, ref);

    /* Replies from the server. */
    ds_clear(&match);
    ds_put_format(&match, "ip4.src == %s && ip4.dst == %s && ip.frag == 0 "
                  "&& udp.src == 67 && udp.dst == 67", server, lrp_ip);
    ovn_lflow_add_with_hint(lflows, op->od, S_ROUTER_IN_IP_INPUT, 110,
                            ds_cstr(&match), "next; /* DHCP_RELAY_RESP */",
                            hint, ref);

    ds_clear(&match);
    ds_put_format(&match, "ip4.src == %s && ip4.dst == %s && "
                  "udp.src == 67 && udp.dst == 67", server, lrp_ip);
    ds_clear(&actions);
    ds_put_format(&actions, REG_DHCP_RELAY_DIP_IPV4" = ip4.dst; "
                  REGBIT_DHCP_RELAY_RESP_CHK" = dhcp_relay_resp_chk(%s, %s); "
                  "next; /* DHCP_RELAY_RESP */", lrp_ip, server);
    ovn_lflow_add_with_hint(lflows, op->od, S_ROUTER_IN_DHCP_RELAY_RESP_CHK,
                            100, ds_cstr(&match), ds_cstr(&actions), hint,
                            ref);

    ds_clear(&match);
    ds_put_format(&match, "ip4.src == %s && "REG_DHCP_RELAY_DIP_IPV4
                  " == %s && udp.src == 67 && udp.dst == 67 && "
                  REGBIT_DHCP_RELAY_RESP_CHK, server, lrp_ip);
    ds_clear(&actions);
    ds_put_format(&actions, "ip4.src = %s; udp.dst = 68; outport = %s; "
                  "output; /* DHCP_RELAY_RESP */", lrp_ip, op->json_key);
    ovn_lflow_add_with_hint(lflows, op->od, S_ROUTER_IN_DHCP_RELAY_RESP, 100,
                            ds_cstr(&match), ds_cstr(&actions), hint, ref);
    ds_put_cstr(&match, " == 0");
    ovn_lflow_add_with_hint(lflows, op->od, S_ROUTER_IN_DHCP_RELAY_RESP, 1,
                            ds_cstr(&match), "drop; /* DHCP_RELAY_RESP */",
                            hint, ref);

    free(server);
    ds_destroy(&match);
    ds_destroy(&actions);
}

/* Flows of VIF 'op' of a switch with a DHCP relay port. */
static void
build_dhcp_relay_lsp(const struct ovn_port *op,
                     const struct lflow_build_input *input,
                     struct lflow_table *lflows)
{
    if (op->nbsp->type[0] || !op->od->n_linked_router_ports) {
        return;
    }
    const struct ovn_port *sp = ls_dhcp_relay_port(op->od, input->ports);
    if (!sp || !sp->peer->nbrp->dhcp_relay->servers) {
        return;
    }
    struct ds match = DS_EMPTY_INITIALIZER;
    char *actions = xasprintf("eth.dst = %s; outport = %s; next; "
                              "/* DHCP_RELAY_REQ */",
                              sp->peer->lrp_networks.ea_s, sp->json_key);
    for (size_t i = 0; i < op->n_lsp_addrs; i++) {
        ds_clear(&match);
        ds_put_format(&match, "inport == %s && eth.src == %s && "
                      DHCP_CLIENT_REQUEST "udp.src == 68 && udp.dst == 67",
                      op->json_key, op->lsp_addrs[i].ea_s);
        ovn_lflow_add_with_lport_and_hint(lflows, op->od,
                                          S_SWITCH_IN_L2_LKUP, 100,
                                          ds_cstr(&match), actions, op->key,
                                          &op->nbsp->header_, op->lflow_ref);
    }
    free(actions);
    ds_destroy(&match);
}

/* Flows of port 'op'. */
static void
build_dhcp_relay_op(const struct ovn_port *op,
                    const struct lflow_build_input *input,
                    struct lflow_table *lflows)
{
    if (op->nbsp) {
        build_dhcp_relay_lsp(op, input, lflows);
    } else if (op->nbrp && !op->is_chassisredirect) {
        build_dhcp_relay_lrp(op, input, lflows);
    }
}

/* The family. */
const struct lflow_stage_family lr_dhcp_relay_family = {
    .name = "lr_dhcp_relay",
    .build_datapath = build_dhcp_relay_od,
    .build_port = build_dhcp_relay_op,
};
