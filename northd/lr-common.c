/* lr-common.c: what the logical router stage modules share (see
 * lr-common.h). */

#include <config.h>

#include "northd/lr-common.h"

#include <string.h>

#include "lib/ovn-nb-idl.h"
#include "northd/copp.h"
#include "northd/lflow-build.h"
#include "northd/lflow-mgr.h"
#include "northd/lr-stateful.h"
#include "northd/northd.h"
#include "openvswitch/dynamic-string.h"
#include "packets.h"
#include "smap.h"
#include "sset.h"
#include "util.h"

/* Fills the router summaries of every datapath of 'data': the linked
 * router ports of each switch, and each router's distributed gateway
 * ports and whether it is a gateway router.  Runs once the ports, their
 * peers and their chassis-redirect ports exist. */
void
lr_index_ports(struct northd_data *data)
{
    for (size_t i = 0; i < data->datapaths.n; i++) {
        struct ovn_datapath *od = data->datapaths.array[i];
        struct ovn_port *op;

        free(od->linked_router_ports);
        od->linked_router_ports = NULL;
        od->n_linked_router_ports = 0;
        free(od->l3dgw_ports);
        od->l3dgw_ports = NULL;
        od->n_l3dgw_ports = 0;
        od->is_gw_router = od->nbr && smap_get(&od->nbr->options,
                                               "chassis") != NULL;

        size_t n = 0;
        OVN_DATAPATH_FOR_EACH_PORT (op, od) {
            if (od->nbs ? op->peer && op->peer->nbrp
                : op->cr_port != NULL) {
                n++;
            }
        }
        if (!n) {
            continue;
        }
        struct ovn_port **array = xcalloc(n, sizeof *array);
        n = 0;
        OVN_DATAPATH_FOR_EACH_PORT (op, od) {
            if (od->nbs ? op->peer && op->peer->nbrp
                : op->cr_port != NULL) {
                array[n++] = op;
            }
        }
        if (od->nbs) {
            od->linked_router_ports = array;
            od->n_linked_router_ports = n;
        } else {
            od->l3dgw_ports = array;
            od->n_l3dgw_ports = n;
        }
    }
}

/* Whether router port 'nbrp' is enabled (ports are, unless said
 * otherwise). */
bool
lrp_is_enabled(const struct nbrec_logical_router_port *nbrp)
{
    return !nbrp->n_enabled || *nbrp->enabled;
}

/* Whether 'op' is a distributed gateway port: a router port (not its
 * chassis-redirect port) with a chassis-redirect port. */
bool
lrp_is_l3dgw(const struct ovn_port *op)
{
    return op->nbrp && !op->is_chassisredirect && op->cr_port;
}

/* Whether router port 'op' is linked to a switch that has a localnet
 * port. */
bool
lrp_peer_has_localnet(const struct ovn_port *op)
{
    return op->peer && op->peer->nbsp && op->peer->od->n_localnet_ports;
}

/* Whether router port 'op' is linked to a switch that has a VTEP port. */
bool
lrp_peer_has_vtep(const struct ovn_port *op)
{
    return op->peer && op->peer->nbsp && op->peer->od->n_vtep_ports;
}

/* Whether router port 'op' asks for its router's traffic from its switch
 * to be handled on the chassis of the router's distributed gateway port
 * (options:reside-on-redirect-chassis), which only works when the router
 * has exactly one. */
bool
lrp_resides_on_redirect_chassis(const struct ovn_port *op)
{
    return (op->nbrp && !lrp_is_l3dgw(op)
            && op->od->n_l3dgw_ports == 1
            && smap_get_bool(&op->nbrp->options,
                             "reside-on-redirect-chassis", false));
}

/* Appends to 'ds' the IPv4 addresses of router port 'op' as a match
 * operand: the only address alone, or a set "{A, B}", which also holds
 * the broadcast addresses of their networks if 'add_bcast'. */
void
lrp_put_ipv4_addrs(struct ds *ds, const struct ovn_port *op, bool add_bcast)
{
    const struct lport_addresses *n = &op->lrp_networks;
    if (!add_bcast && n->n_ipv4_addrs == 1) {
        ds_put_cstr(ds, n->ipv4_addrs[0].addr_s);
        return;
    }
    ds_put_char(ds, '{');
    for (size_t i = 0; i < n->n_ipv4_addrs; i++) {
        ds_put_format(ds, "%s%s", i ? ", " : "", n->ipv4_addrs[i].addr_s);
        if (add_bcast) {
            ds_put_format(ds, ", %s", n->ipv4_addrs[i].bcast_s);
        }
    }
    ds_put_char(ds, '}');
}

/* Appends to 'ds' the IPv6 addresses of router port 'op' (its link-local
 * address included) as a match operand: the only address alone, or a set
 * "{A, B}". */
void
lrp_put_ipv6_addrs(struct ds *ds, const struct ovn_port *op)
{
    const struct lport_addresses *n = &op->lrp_networks;
    if (n->n_ipv6_addrs == 1) {
        ds_put_cstr(ds, n->ipv6_addrs[0].addr_s);
        return;
    }
    ds_put_char(ds, '{');
    for (size_t i = 0; i < n->n_ipv6_addrs; i++) {
        ds_put_format(ds, "%s%s", i ? ", " : "", n->ipv6_addrs[i].addr_s);
    }
    ds_put_char(ds, '}');
}

/* Whether 'ip' (IPv4, as text) is, as written, one of router port 'op''s
 * own addresses. */
bool
lrp_has_ipv4_addr(const struct ovn_port *op, const char *ip)
{
    for (size_t i = 0; i < op->lrp_networks.n_ipv4_addrs; i++) {
        if (!strcmp(ip, op->lrp_networks.ipv4_addrs[i].addr_s)) {
            return true;
        }
    }
    return false;
}

/* Returns the address of router port 'op' whose network holds 'ip' (an
 * IPv4 or IPv6 address as text), or NULL if none does. */
const char *
lrp_find_member_ip(const struct ovn_port *op, const char *ip)
{
    const struct lport_addresses *n = &op->lrp_networks;
    ovs_be32 ip4;
    struct in6_addr ip6;

    if (ip_parse(ip, &ip4)) {
        for (size_t i = 0; i < n->n_ipv4_addrs; i++) {
            const struct ipv4_netaddr *na = &n->ipv4_addrs[i];
            if (!((na->network ^ ip4) & na->mask)) {
                return na->addr_s;
            }
        }
    } else if (ipv6_parse(ip, &ip6)) {
        for (size_t i = 0; i < n->n_ipv6_addrs; i++) {
            const struct ipv6_netaddr *na = &n->ipv6_addrs[i];
            struct in6_addr net = ipv6_addr_bitand(&ip6, &na->mask);
            if (ipv6_addr_equals(&net, &na->network)) {
                return na->addr_s;
            }
        }
    }
    return NULL;
}

/* Whether 'addr' is in fe80::/64, the IPv6 link-local network. */
bool
ipv6_is_lla(const struct in6_addr *addr)
{
    static const uint8_t lla[8] = { 0xfe, 0x80 };
    return !memcmp(addr->s6_addr, lla, sizeof lla);
}

/* Whether the IP addresses 'a' and 'b' (text, either family) are the same
 * address. */
bool
ip_addresses_equal(const char *a, const char *b)
{
    ovs_be32 a4, b4;
    struct in6_addr a6, b6;

    if (ip_parse(a, &a4)) {
        return ip_parse(b, &b4) && a4 == b4;
    }
    return (ipv6_parse(a, &a6) && ipv6_parse(b, &b6)
            && ipv6_addr_equals(&a6, &b6));
}

/* Adds to 'lflows' the flows of stage 'stage' at 'priority' that drop
 * traffic to the addresses of router port 'op': those that are also SNAT
 * addresses or VIPs (according to 'lrs', the NAT and load balancer state
 * of routers) if 'drop_snat_ips', the others otherwise.  (Traffic to an
 * address that SNAT or a load balancer shares may still be for them, so IP
 * input leaves it alone and ARP resolution drops what unSNAT left.) */
void
lrp_build_drop_own_dest(const struct ovn_port *op,
                        const struct lr_stateful_table *lrs,
                        enum ovn_stage stage, uint16_t priority,
                        bool drop_snat_ips, struct lflow_table *lflows)
{
    const struct lr_stateful *rec = lrs ? lr_stateful_find(lrs, op->od)
                                        : NULL;
    const struct lport_addresses *n = &op->lrp_networks;
    struct ds ips = DS_EMPTY_INITIALIZER;
    struct ds match = DS_EMPTY_INITIALIZER;

    for (int family = 4; family <= 6; family += 2) {
        size_t n_addrs = family == 4 ? n->n_ipv4_addrs : n->n_ipv6_addrs;
        ds_clear(&ips);
        for (size_t i = 0; i < n_addrs; i++) {
            const char *ip = (family == 4 ? n->ipv4_addrs[i].addr_s
                              : n->ipv6_addrs[i].addr_s);
            bool shared = rec && (lr_nat_is_snat_ip(&rec->nat, ip)
                                  || sset_contains(family == 4
                                                   ? &rec->lb_ips.ips_v4
                                                   : &rec->lb_ips.ips_v6,
                                                   ip));
            if (shared == drop_snat_ips) {
                ds_put_format(&ips, "%s%s", ips.length ? ", " : "", ip);
            }
        }
        if (!ips.length) {
            continue;
        }
        ds_clear(&match);
        ds_put_format(&match, "ip%d.dst == {%s}", family, ds_cstr(&ips));
        ovn_lflow_add_with_hint(lflows, op->od, stage, priority,
                                ds_cstr(&match), "drop;", &op->nbrp->header_,
                                op->lflow_ref);
    }
    ds_destroy(&ips);
    ds_destroy(&match);
}

/* Whether the router of 'op' SNATs load-balanced traffic to the address of
 * the port it leaves through (options:lb_force_snat_ip=router_ip), which
 * makes every address of its ports an SNAT address, according to 'lrs'. */
bool
lr_lb_force_snat_router_ip(const struct ovn_datapath *od,
                           const struct lr_stateful_table *lrs)
{
    const struct lr_stateful *rec = lrs ? lr_stateful_find(lrs, od) : NULL;
    return rec && rec->nat.lb_force_snat_router_ip;
}

/* Returns the meter that the Copp of router 'od' puts on the 'proto'
 * packets its flows send to ovn-controller (a COPP_* name), or NULL. */
const char *
lr_copp_meter(const struct ovn_datapath *od, const char *proto,
              const struct lflow_build_input *input)
{
    return copp_meter_get(od->nbr->copp, proto, input->nb_idl);
}
