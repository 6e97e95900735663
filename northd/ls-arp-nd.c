/* ls-arp-nd.c: ARP and IPv6 neighbor discovery responders of logical
 * switches.
 *
 * This module owns the flows of stage ls_in_arp_rsp: answering broadcast
 * ARP requests and multicast neighbor solicitations for the addresses of
 * the switch's ports (and of the router ports it connects to) right in the
 * switch, except when the request comes from the owner of the address
 * (so that duplicate address detection still works), letting ARP
 * from VTEP gateways through untouched, answering for the addresses that
 * router ports proxy ARP for (options:arp_proxy), and binding virtual
 * ports to the parent that claims their address. */

#include <config.h>

#include "lib/ovn-nb-idl.h"
#include "northd/copp.h"
#include "northd/en-global-config.h"
#include "northd/lflow-build.h"
#include "northd/lflow-mgr.h"
#include "northd/northd.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/vlog.h"
#include "packets.h"
#include "smap.h"

VLOG_DEFINE_THIS_MODULE(ls_arp_nd);

/* Flows of switch 'od' as a whole. */
static void
build_arp_nd_od(const struct ovn_datapath *od,
                const struct lflow_build_input *input OVS_UNUSED,
                struct lflow_table *lflows)
{
    if (!od->nbs) {
        return;
    }
    ovn_lflow_add(lflows, od, S_SWITCH_IN_ARP_ND_RSP, 0, "1", "next;",
                  od->lflow_ref);
    if (od->n_vtep_ports) {
        /* ARP and ND from VTEP gateways (reg0[14]) go on unanswered, and
         * may loop back. */
        ovn_lflow_add(lflows, od, S_SWITCH_IN_ARP_ND_RSP, UINT16_MAX,
                      "reg0[14] == 1 && (arp || nd_ns)",
                      "flags.loopback = 1; next;", od->lflow_ref);
    }
}

/* Whether the switch of 'op' answers ARP and ND for 'op''s addresses. */
static bool
port_has_responder(const struct ovn_port *op,
                   const struct lflow_build_input *input)
{
    const struct nbrec_logical_switch_port *nbsp = op->nbsp;
    if (!strcmp(nbsp->type, "external") || !strcmp(nbsp->type, "virtual")
        || op->has_unknown) {
        return false;
    }
    if (smap_get_bool(&op->od->nbs->other_config, "vlan-passthru", false)) {
        return false;
    }
    if (!input->config->ignore_lsp_down && !lsp_is_up(nbsp)
        && !lsp_is_router(nbsp) && strcmp(nbsp->type, "localport")) {
        return false;
    }
    return true;
}

/* Adds to 'lflows' the responder for one address of 'op': 'match' selects
 * requests for it, 'actions' answers them (through controller meter
 * 'meter', if nonnull).  Requests from 'op' itself go on instead. */
static void
add_responder(const struct ovn_port *op, struct ds *match,
              const char *actions, const char *meter,
              struct lflow_table *lflows)
{
    size_t base_len = match->length;

    ds_put_format(match, " && inport == %s", op->json_key);
    ovn_lflow_add_with_lport_and_hint(lflows, op->od, S_SWITCH_IN_ARP_ND_RSP,
                                      100, ds_cstr(match), "next;", op->key,
                                      &op->nbsp->header_, op->lflow_ref);

    ds_truncate(match, base_len);
    if (op->od->n_localnet_ports) {
        /* Behind a localnet port, only the chassis of the port answers. */
        ds_put_format(match, " && ((flags.localnet == 1 && "
                      "is_chassis_resident(%s)) || flags.localnet == 0)",
                      op->json_key);
    }
    ovn_lflow_metered(lflows, op->od, S_SWITCH_IN_ARP_ND_RSP, 50,
                      ds_cstr(match), actions, meter, &op->nbsp->header_,
                      op->lflow_ref);
}

/* Adds the flows of virtual port 'op' that bind it to whichever of its
 * parents (options:virtual-parents, ports of the same switch) claims its
 * address (options:virtual-ip) with a gratuitous ARP, an ARP reply, a
 * neighbor solicitation for it or an unsolicited advertisement. */
static void
build_virtual_port_binding(const struct ovn_port *op,
                           const struct lflow_build_input *input,
                           struct lflow_table *lflows)
{
    const char *vip = smap_get(&op->nbsp->options, "virtual-ip");
    const char *parents = smap_get(&op->nbsp->options, "virtual-parents");
    struct in6_addr vip6;
    ovs_be32 vip4;
    bool is_v4 = vip && ip_parse(vip, &vip4);
    if (!vip || !parents || (!is_v4 && !ipv6_parse(vip, &vip6))) {
        return;
    }

    struct ds match = DS_EMPTY_INITIALIZER;
    char *actions = xasprintf("bind_vport(%s, inport); next;", op->json_key);
    char sn_addr_s[INET6_ADDRSTRLEN + 1];
    if (!is_v4) {
        struct in6_addr sn_addr;
        in6_addr_solicited_node(&sn_addr, &vip6);
        ipv6_string_mapped(sn_addr_s, &sn_addr);
    }

    char *copy = xstrdup(parents);
    char *save_ptr = NULL;
    for (char *parent = strtok_r(copy, ",", &save_ptr); parent;
         parent = strtok_r(NULL, ",", &save_ptr)) {
        const struct ovn_port *vp = ovn_port_find(input->ports, parent);
        if (!vp || vp->od != op->od || !vp->nbsp) {
            continue;
        }
        ds_clear(&match);
        if (is_v4) {
            ds_put_format(&match, "inport == %s && ((arp.op == 1 && "
                          "arp.spa == %s && arp.tpa == %s) || "
                          "(arp.op == 2 && arp.spa == %s))",
                          vp->json_key, vip, vip, vip);
        } else {
            ds_put_format(&match, "inport == %s && ((nd_ns && "
                          "ip6.dst == {%s, %s} && nd.target == %s) || "
                          "(nd_na && nd.target == %s))",
                          vp->json_key, vip, sn_addr_s, vip, vip);
        }
        ovn_lflow_add_with_lport_and_hint(lflows, op->od,
                                          S_SWITCH_IN_ARP_ND_RSP, 100,
                                          ds_cstr(&match), actions, vp->key,
                                          &vp->nbsp->header_, op->lflow_ref);
    }
    free(copy);
    free(actions);
    ds_destroy(&match);
}

/* Adds the responders of router-type port 'op' for the addresses and
 * networks of its options:arp_proxy ("[MAC] ADDRESS[/PLEN]..."): the
 * switch answers for them with the given MAC, or else the router port's
 * MAC, so that the router gets the traffic. */
static void
build_arp_proxy(const struct ovn_port *op, struct lflow_table *lflows)
{
    const char *arp_proxy = smap_get(&op->nbsp->options, "arp_proxy");
    if (!arp_proxy || !op->peer || !op->peer->nbrp) {
        return;
    }
    struct lport_addresses proxy;
    const char *mac;
    if (extract_lsp_addresses(arp_proxy, &proxy)) {
        mac = proxy.ea_s;
    } else if (extract_ip_addresses(arp_proxy, &proxy)) {
        mac = op->peer->lrp_networks.ea_s;
    } else {
        static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 1);
        VLOG_WARN_RL(&rl, "bad arp_proxy %s on port %s", arp_proxy, op->key);
        return;
    }

    struct ds match = DS_EMPTY_INITIALIZER;
    struct ds actions = DS_EMPTY_INITIALIZER;
    if (proxy.n_ipv4_addrs) {
        ds_put_cstr(&match, "arp.op == 1 && arp.tpa == {");
        for (size_t i = 0; i < proxy.n_ipv4_addrs; i++) {
            ds_put_format(&match, "%s/%u,", proxy.ipv4_addrs[i].addr_s,
                          proxy.ipv4_addrs[i].plen);
        }
        ds_chomp(&match, ',');
        ds_put_cstr(&match, "}");
        ds_put_format(&actions, "eth.dst = eth.src; eth.src = %s; "
                      "arp.op = 2; /* ARP reply */ arp.tha = arp.sha; "
                      "arp.sha = %s; arp.tpa <-> arp.spa; outport = inport; "
                      "flags.loopback = 1; output;", mac, mac);
        ovn_lflow_add_with_hint(lflows, op->od, S_SWITCH_IN_ARP_ND_RSP, 50,
                                ds_cstr(&match), ds_cstr(&actions),
                                &op->nbsp->header_, op->lflow_ref);
    }
    if (proxy.n_ipv6_addrs) {
        ds_clear(&match);
        ds_put_cstr(&match, "nd_ns && nd.target == {");
        for (size_t i = 0; i < proxy.n_ipv6_addrs; i++) {
            ds_put_format(&match, "%s/%u,", proxy.ipv6_addrs[i].addr_s,
                          proxy.ipv6_addrs[i].plen);
        }
        ds_chomp(&match, ',');
        ds_put_cstr(&match, "}");
        ds_clear(&actions);
        ds_put_format(&actions, "nd_na_router { eth.src = %s; "
                      "ip6.src = nd.target; nd.target = nd.target; "
                      "nd.tll = %s; outport = inport; flags.loopback = 1; "
                      "output; };", mac, mac);
        ovn_lflow_add_with_hint(lflows, op->od, S_SWITCH_IN_ARP_ND_RSP, 50,
                                ds_cstr(&match), ds_cstr(&actions),
                                &op->nbsp->header_, op->lflow_ref);
    }
    ds_destroy(&match);
    ds_destroy(&actions);
    destroy_lport_addresses(&proxy);
}

/* Flows of switch port 'op'. */
static void
build_arp_nd_op(const struct ovn_port *op,
                const struct lflow_build_input *input,
                struct lflow_table *lflows)
{
    if (op->nbsp && !strcmp(op->nbsp->type, "virtual")) {
        build_virtual_port_binding(op, input, lflows);
    }
    if (!op->nbsp || !port_has_responder(op, input)) {
        return;
    }
    if (lsp_is_router(op->nbsp)) {
        build_arp_proxy(op, lflows);
    }
    struct ds match = DS_EMPTY_INITIALIZER;
    struct ds actions = DS_EMPTY_INITIALIZER;
    const char *nd_na = lsp_is_router(op->nbsp) ? "nd_na_router" : "nd_na";
    const char *na_meter = copp_meter_get(op->od->nbs->copp, COPP_ND_NA,
                                          input->nb_idl);

    for (size_t i = 0; i < op->n_lsp_addrs; i++) {
        const struct lport_addresses *la = &op->lsp_addrs[i];
        for (size_t j = 0; j < la->n_ipv4_addrs; j++) {
            const char *ip = la->ipv4_addrs[j].addr_s;
            ds_clear(&match);
            ds_put_format(&match, "arp.tpa == %s && arp.op == 1 && "
                          "eth.dst == ff:ff:ff:ff:ff:ff", ip);
            ds_clear(&actions);
            ds_put_format(&actions, "eth.dst = eth.src; eth.src = %s; "
                          "arp.op = 2; /* ARP reply */ arp.tha = arp.sha; "
                          "arp.sha = %s; arp.tpa = arp.spa; arp.spa = %s; "
                          "outport = inport; flags.loopback = 1; output;",
                          la->ea_s, la->ea_s, ip);
            add_responder(op, &match, ds_cstr(&actions), NULL, lflows);
        }
        for (size_t j = 0; j < la->n_ipv6_addrs; j++) {
            const struct ipv6_netaddr *ip6 = &la->ipv6_addrs[j];
            ds_clear(&match);
            ds_put_format(&match, "nd_ns_mcast && ip6.dst == %s && "
                          "nd.target == %s", ip6->sn_addr_s, ip6->addr_s);
            ds_clear(&actions);
            ds_put_format(&actions, "%s { eth.src = %s; ip6.src = %s; "
                          "nd.target = %s; nd.tll = %s; outport = inport; "
                          "flags.loopback = 1; output; };", nd_na, la->ea_s,
                          ip6->addr_s, ip6->addr_s, la->ea_s);
            add_responder(op, &match, ds_cstr(&actions), na_meter, lflows);
        }
    }
    ds_destroy(&match);
    ds_destroy(&actions);
}

/* The family. */
const struct lflow_stage_family ls_arp_nd_family = {
    .name = "ls_arp_nd",
    .build_datapath = build_arp_nd_od,
    .build_port = build_arp_nd_op,
};
