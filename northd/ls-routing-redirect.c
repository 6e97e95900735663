/* ls-routing-redirect.c: routing protocol traffic redirected to a switch
 * port.
 *
 * A router port with options:routing-protocol-redirect=LSP and
 * options:routing-protocols (a comma separated list of "BGP" and "BFD")
 * lets a routing daemon behind switch port LSP, which shares the router
 * port's addresses, speak for it.  On the router port's switch:
 *
 *   - ls_in_l2_lkup (priority 100) sends the traffic to and from the
 *     protocols' ports (TCP 179, UDP 3784) addressed to the router port's
 *     addresses to LSP, and copies to LSP the ARP replies and neighbor
 *     advertisements addressed to them;
 *
 *   - ls_in_check_port_sec (priority 80) drops the ARP replies, neighbor
 *     advertisements and router advertisements that LSP sends, which would
 *     duplicate the router port's.
 *
 * The flows belong to LSP, so that they come and go with it; bad
 * configurations are reported on behalf of the router port. */

#include <config.h>

#include <string.h>

#include "lib/ovn-nb-idl.h"
#include "northd/lflow-build.h"
#include "northd/lflow-mgr.h"
#include "northd/northd.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/vlog.h"
#include "smap.h"

VLOG_DEFINE_THIS_MODULE(ls_routing_redirect);

/* Protocols that options:routing-protocols may name. */
enum {
    REDIRECT_BGP = 1 << 0,      /* TCP port 179. */
    REDIRECT_BFD = 1 << 1,      /* UDP port 3784. */
};

/* Returns the REDIRECT_* bits of the protocols that router port 'lrp''s
 * options:routing-protocols lists, warning about unknown ones if 'warn'. */
static int
parse_routing_protocols(const struct nbrec_logical_router_port *lrp,
                        bool warn)
{
    const char *list = smap_get(&lrp->options, "routing-protocols");
    if (!list) {
        return 0;
    }
    int protocols = 0;
    char *copy = xstrdup(list);
    char *save_ptr = NULL;
    for (char *token = strtok_r(copy, ",", &save_ptr); token;
         token = strtok_r(NULL, ",", &save_ptr)) {
        if (!strcmp(token, "BGP")) {
            protocols |= REDIRECT_BGP;
        } else if (!strcmp(token, "BFD")) {
            protocols |= REDIRECT_BFD;
        } else if (warn) {
            static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);
            VLOG_WARN_RL(&rl, "Unknown routing protocol %s on logical "
                         "router port %s", token, lrp->name);
        }
    }
    free(copy);
    return protocols;
}

/* Returns the REDIRECT_* bits of the protocols that router port 'lrp'
 * redirects to switch port 'lsp' (or to whichever port it names, if 'lsp'
 * is NULL), 0 if it redirects nothing valid; warns about what is wrong if
 * 'warn'.  'ports' holds all ports, by name. */
static int
lrp_redirected_protocols(const struct ovn_port *lrp,
                         const struct ovn_port *lsp,
                         const struct hmap *ports, bool warn)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);
    if (!lrp || !lrp->nbrp || lrp->is_chassisredirect || !lrp->peer
        || !lrp->peer->nbsp) {
        return 0;
    }
    const char *name = smap_get(&lrp->nbrp->options,
                                "routing-protocol-redirect");
    if (!name || (lsp && strcmp(name, lsp->key))) {
        return 0;
    }
    if (lrp->cr_port) {
        if (warn) {
            VLOG_WARN_RL(&rl, "Option 'routing-protocol-redirect' is not "
                         "supported on distributed gateway port %s",
                         lrp->key);
        }
        return 0;
    }
    if (!lsp) {
        lsp = ovn_port_find(ports, name);
    }
    if (!lsp || !lsp->nbsp) {
        if (warn) {
            VLOG_WARN_RL(&rl, "Option 'routing-protocol-redirect' of "
                         "logical router port %s names logical switch port "
                         "%s, which does not exist", lrp->key, name);
        }
        return 0;
    }
    if (lsp->od != lrp->peer->od) {
        if (warn) {
            VLOG_WARN_RL(&rl, "Option 'routing-protocol-redirect' of "
                         "logical router port %s names logical switch port "
                         "%s, which is not on switch %s", lrp->key, name,
                         lrp->peer->od->nbs->name);
        }
        return 0;
    }
    int protocols = parse_routing_protocols(lrp->nbrp, warn);
    if (!protocols && warn) {
        VLOG_WARN_RL(&rl, "Option 'routing-protocol-redirect' of logical "
                     "router port %s has no effect: options:routing-protocols "
                     "names no known protocol", lrp->key);
    }
    return protocols;
}

/* Adds the flows that send to 'lsp' the traffic of protocol 'proto'
 * ("tcp" or "udp") port 'port' to address 'addr' (IPv4 if 'v4'). */
static void
add_protocol_redirect(const struct ovn_port *lsp, const char *addr, bool v4,
                      const char *proto, int port, struct ds *match,
                      const char *actions, struct lflow_table *lflows)
{
    /* Requests to the daemon, and replies to its own requests. */
    static const char *dirs[] = { "dst", "src" };
    for (size_t i = 0; i < ARRAY_SIZE(dirs); i++) {
        ds_clear(match);
        ds_put_format(match, "ip%d.dst == %s && %s.%s == %d", v4 ? 4 : 6,
                      addr, proto, dirs[i], port);
        ovn_lflow_add(lflows, lsp->od, S_SWITCH_IN_L2_LKUP, 100,
                      ds_cstr(match), actions, lsp->lflow_ref);
    }
}

/* Adds the flows of redirect port 'lsp' for address 'addr' of router port
 * 'lrp' (IPv4 if 'v4'), for the REDIRECT_* 'protocols'. */
static void
add_address_redirects(const struct ovn_port *lsp, const struct ovn_port *lrp,
                      const char *addr, bool v4, int protocols,
                      struct lflow_table *lflows)
{
    struct ds match = DS_EMPTY_INITIALIZER;
    char *actions = xasprintf("outport = %s; output;", lsp->json_key);

    if (protocols & REDIRECT_BGP) {
        add_protocol_redirect(lsp, addr, v4, "tcp", 179, &match, actions,
                              lflows);
    }
    if (protocols & REDIRECT_BFD) {
        add_protocol_redirect(lsp, addr, v4, "udp", 3784, &match, actions,
                              lflows);
    }
    free(actions);

    /* The daemon shares the router port's addresses: it needs the answers
     * to its own address resolutions too. */
    actions = xasprintf("clone { outport = %s; output; }; "
                        "outport = %s; output;", lsp->json_key,
                        lrp->peer->json_key);
    ds_clear(&match);
    if (v4) {
        ds_put_format(&match, "arp.op == 2 && arp.tpa == %s", addr);
    } else {
        ds_put_format(&match, "ip6.dst == %s && nd_na", addr);
    }
    ovn_lflow_add(lflows, lsp->od, S_SWITCH_IN_L2_LKUP, 100, ds_cstr(&match),
                  actions, lsp->lflow_ref);
    free(actions);
    ds_destroy(&match);
}

/* Adds the flows of switch port 'lsp' as the redirect port of router port
 * 'lrp' for the REDIRECT_* 'protocols'. */
static void
build_redirect(const struct ovn_port *lsp, const struct ovn_port *lrp,
               int protocols, struct lflow_table *lflows)
{
    const struct lport_addresses *n = &lrp->lrp_networks;
    for (size_t i = 0; i < n->n_ipv4_addrs; i++) {
        add_address_redirects(lsp, lrp, n->ipv4_addrs[i].addr_s, true,
                              protocols, lflows);
    }
    for (size_t i = 0; i < n->n_ipv6_addrs; i++) {
        add_address_redirects(lsp, lrp, n->ipv6_addrs[i].addr_s, false,
                              protocols, lflows);
    }

    /* What the daemon says for the router port's addresses the router port
     * already says. */
    static const char *dups[] = { "arp.op == 2", "nd_na", "nd_ra" };
    for (size_t i = 0; i < ARRAY_SIZE(dups); i++) {
        char *match = xasprintf("inport == %s && %s", lsp->json_key,
                                dups[i]);
        ovn_lflow_add(lflows, lsp->od, S_SWITCH_IN_CHECK_PORT_SEC, 80, match,
                      "reg0[15] = 1; next;", lsp->lflow_ref);
        free(match);
    }
}

/* Flows of port 'op'. */
static void
build_routing_redirect_op(const struct ovn_port *op,
                          const struct lflow_build_input *input,
                          struct lflow_table *lflows)
{
    if (op->nbrp) {
        /* Only the warnings: the flows are the switch port's. */
        lrp_redirected_protocols(op, NULL, input->ports, true);
        return;
    }
    if (!op->nbsp || !op->od->n_linked_router_ports) {
        return;
    }
    const struct ovn_datapath *ls = op->od;
    for (size_t i = 0; i < ls->n_linked_router_ports; i++) {
        const struct ovn_port *lrp = ls->linked_router_ports[i]->peer;
        int protocols = lrp_redirected_protocols(lrp, op, input->ports,
                                                 false);
        if (protocols) {
            build_redirect(op, lrp, protocols, lflows);
        }
    }
}

/* The family. */
const struct lflow_stage_family ls_routing_redirect_family = {
    .name = "ls_routing_redirect",
    .build_port = build_routing_redirect_op,
};
