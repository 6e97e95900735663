/* ls-dhcp.c: native DHCPv4 and DHCPv6 of logical switches.
 *
 * This module owns the flows of stages ls_in_dhcp_options and
 * ls_in_dhcp_response, and the ls_out_acl_eval flows that let the replies
 * through whatever the ACLs say.  A port whose Northbound row refers to
 * DHCP_Options gets, for each of its addresses within the options' CIDR,
 * a flow that turns its requests into replies (put_dhcp_opts() and
 * put_dhcpv6_opts(), with the options sorted by name and the offered
 * address first) and a flow that sends the replies back to it.  External
 * ports, whose packets come in through the switch's localnet ports, are
 * answered only by the chassis that hosts them. */

#include <config.h>

#include <string.h>

#include "lib/ovn-nb-idl.h"
#include "northd/acl-regs.h"
#include "northd/copp.h"
#include "northd/lflow-build.h"
#include "northd/lflow-mgr.h"
#include "northd/northd.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/vlog.h"
#include "packets.h"
#include "smap.h"

VLOG_DEFINE_THIS_MODULE(ls_dhcp);

/* Where DHCP requests and replies go, and the verdict that lets the
 * replies through the egress ACLs. */
#define REGBIT_DHCP_OPTS_RESULT "reg0[3]"
#define ACL_ALLOW REGBIT_ACL_VERDICT_ALLOW " = 1; next;"

/* Flows of switch 'od' as a whole. */
static void
build_dhcp_od(const struct ovn_datapath *od,
              const struct lflow_build_input *input OVS_UNUSED,
              struct lflow_table *lflows)
{
    if (!od->nbs) {
        return;
    }
    ovn_lflow_add(lflows, od, S_SWITCH_IN_DHCP_OPTIONS, 0, "1", "next;",
                  od->lflow_ref);
    ovn_lflow_add(lflows, od, S_SWITCH_IN_DHCP_RESPONSE, 0, "1", "next;",
                  od->lflow_ref);
}

/* Appends to 'ds' "KEY = VALUE, " for each option of 'options' in name
 * order. */
static void
put_sorted_options(struct ds *ds, const struct smap *options)
{
    const struct smap_node **sorted = smap_sort(options);
    for (size_t i = 0; i < smap_count(options); i++) {
        ds_put_format(ds, "%s = %s, ", sorted[i]->key, sorted[i]->value);
    }
    free(sorted);
}

/* Ends the argument list that put_sorted_options() left in 'ds'. */
static void
close_options(struct ds *ds)
{
    ds_chomp(ds, ' ');
    ds_chomp(ds, ',');
    ds_put_cstr(ds, "); next;");
}

/* Builds, for port 'op' offered IPv4 address 'offer_ip', the put_dhcp_opts()
 * flow's actions in 'options_action', the reply's in 'response_action' and
 * the addresses of requests in 'addr_match'.  Returns false if 'op' gets no
 * DHCPv4 service for that address. */
static bool
build_dhcpv4_action(const struct ovn_port *op, ovs_be32 offer_ip,
                    struct ds *options_action, struct ds *response_action,
                    struct ds *addr_match)
{
    const struct nbrec_dhcp_options *dhcp = op->nbsp->dhcpv4_options;
    ovs_be32 host_ip, mask;
    char *error = ip_parse_masked(dhcp->cidr, &host_ip, &mask);
    if (error || ((offer_ip ^ host_ip) & mask)) {
        /* A bad CIDR, or an address outside it. */
        free(error);
        return false;
    }

    const char *server_ip = smap_get(&dhcp->options, "server_id");
    const char *server_mac = smap_get(&dhcp->options, "server_mac");
    const char *lease_time = smap_get(&dhcp->options, "lease_time");
    if (!server_ip || !server_mac || !lease_time) {
        static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 5);
        VLOG_WARN_RL(&rl, "Required DHCPv4 options not defined for lport - "
                     "%s", op->json_key);
        return false;
    }

    /* "server_mac" is not an option on the wire; the netmask comes from
     * the CIDR; the port's own hostname wins over the shared one. */
    struct smap options = SMAP_INITIALIZER(&options);
    smap_clone(&options, &dhcp->options);
    smap_remove(&options, "server_mac");
    smap_replace_nocopy(&options, "netmask",
                        xasprintf(IP_FMT, IP_ARGS(mask)));
    const char *hostname = smap_get(&op->nbsp->options, "hostname");
    if (hostname && hostname[0]) {
        smap_replace_nocopy(&options, "hostname",
                            xasprintf("\"%s\"", hostname));
    }

    ds_put_format(options_action, REGBIT_DHCP_OPTS_RESULT
                  " = put_dhcp_opts(offerip = "IP_FMT", ", IP_ARGS(offer_ip));
    put_sorted_options(options_action, &options);
    close_options(options_action);
    smap_destroy(&options);

    ds_put_format(response_action, "eth.dst = eth.src; eth.src = %s; "
                  "ip4.src = %s; udp.src = 67; udp.dst = 68; "
                  "outport = inport; flags.loopback = 1; output;",
                  server_mac, server_ip);
    ds_put_format(addr_match, "(ip4.src == {"IP_FMT", 0.0.0.0} && "
                  "ip4.dst == {%s, 255.255.255.255})",
                  IP_ARGS(offer_ip), server_ip);
    return true;
}

/* Like build_dhcpv4_action(), for DHCPv6 and IPv6 address 'offer_ip'. */
static bool
build_dhcpv6_action(const struct ovn_port *op,
                    const struct in6_addr *offer_ip,
                    struct ds *options_action, struct ds *response_action)
{
    const struct nbrec_dhcp_options *dhcp = op->nbsp->dhcpv6_options;
    struct in6_addr host_ip, mask;
    char *error = ipv6_parse_masked(dhcp->cidr, &host_ip, &mask);
    if (error) {
        free(error);
        return false;
    }
    struct in6_addr diff = ipv6_addr_bitxor(offer_ip, &host_ip);
    diff = ipv6_addr_bitand(&diff, &mask);
    if (!ipv6_mask_is_any(&diff)) {
        return false;
    }

    /* The server is known by its MAC ("server_id"), and answers from the
     * link-local address made of it. */
    const struct smap *nb_options = &dhcp->options;
    const char *server_mac = smap_get(nb_options, "server_id");
    struct eth_addr ea;
    if (!server_mac || !eth_addr_from_string(server_mac, &ea)) {
        return false;
    }
    struct in6_addr lla;
    in6_generate_lla(ea, &lla);
    char server_ip[INET6_ADDRSTRLEN + 1];
    ipv6_string_mapped(server_ip, &lla);

    ds_put_cstr(options_action,
                REGBIT_DHCP_OPTS_RESULT " = put_dhcpv6_opts(");
    /* In stateless mode, the client gets options but no address. */
    if (!smap_get_bool(nb_options, "dhcpv6_stateless", false)) {
        char ia_addr[INET6_ADDRSTRLEN + 1];
        ipv6_string_mapped(ia_addr, offer_ip);
        ds_put_format(options_action, "ia_addr = %s, ", ia_addr);
    }

    struct smap options = SMAP_INITIALIZER(&options);
    smap_clone(&options, nb_options);
    smap_remove(&options, "dhcpv6_stateless");
    const char *hostname = smap_get(&op->nbsp->options, "hostname");
    if (hostname && hostname[0]) {
        smap_replace_nocopy(&options, "fqdn", xasprintf("\"%s\"", hostname));
    }
    put_sorted_options(options_action, &options);
    close_options(options_action);
    smap_destroy(&options);

    ds_put_format(response_action, "eth.dst = eth.src; eth.src = %s; "
                  "ip6.dst = ip6.src; ip6.src = %s; udp.src = 547; "
                  "udp.dst = 546; outport = inport; flags.loopback = 1; "
                  "output;", server_mac, server_ip);
    return true;
}

/* Adds the flows that answer the DHCPv4 requests of port 'op' for its
 * addresses 'la', coming in through 'inport' ('op' itself, or for an
 * external port, a localnet port). */
static void
build_dhcpv4_flows(const struct ovn_port *op, const struct lport_addresses *la,
                   const struct ovn_port *inport, bool is_external,
                   const struct lflow_build_input *input,
                   struct lflow_table *lflows)
{
    struct ds match = DS_EMPTY_INITIALIZER;
    struct ds options_action = DS_EMPTY_INITIALIZER;
    struct ds response_action = DS_EMPTY_INITIALIZER;
    struct ds addr_match = DS_EMPTY_INITIALIZER;

    for (size_t i = 0; i < la->n_ipv4_addrs; i++) {
        if (!build_dhcpv4_action(op, la->ipv4_addrs[i].addr, &options_action,
                                 &response_action, &addr_match)) {
            ds_clear(&options_action);
            ds_clear(&response_action);
            ds_clear(&addr_match);
            continue;
        }

        ds_put_format(&match, "inport == %s && eth.src == %s && %s && "
                      "udp.src == 68 && udp.dst == 67", inport->json_key,
                      la->ea_s, ds_cstr(&addr_match));
        if (is_external) {
            ds_put_format(&match, " && is_chassis_resident(%s)",
                          op->json_key);
        }
        lflow_table_add(lflows, op->od, NULL, 0, S_SWITCH_IN_DHCP_OPTIONS,
                        100, ds_cstr(&match), ds_cstr(&options_action),
                        inport->key,
                        copp_meter_get(op->od->nbs->copp, COPP_DHCPV4_OPTS,
                                       input->nb_idl),
                        NULL, &op->nbsp->header_, OVS_SOURCE_LOCATOR,
                        op->lflow_ref);

        ds_clear(&match);
        ds_put_format(&match, "inport == %s && eth.src == %s && ip4 && "
                      "udp.src == 68 && udp.dst == 67 && "
                      REGBIT_DHCP_OPTS_RESULT, inport->json_key, la->ea_s);
        if (is_external) {
            ds_put_format(&match, " && is_chassis_resident(%s)",
                          op->json_key);
        }
        ovn_lflow_add_with_lport_and_hint(lflows, op->od,
                                          S_SWITCH_IN_DHCP_RESPONSE, 100,
                                          ds_cstr(&match),
                                          ds_cstr(&response_action),
                                          inport->key, &op->nbsp->header_,
                                          op->lflow_ref);
        /* One address is enough. */
        break;
    }
    ds_destroy(&match);
    ds_destroy(&options_action);
    ds_destroy(&response_action);
    ds_destroy(&addr_match);
}

/* Like build_dhcpv4_flows(), for DHCPv6. */
static void
build_dhcpv6_flows(const struct ovn_port *op, const struct lport_addresses *la,
                   const struct ovn_port *inport, bool is_external,
                   const struct lflow_build_input *input,
                   struct lflow_table *lflows)
{
    struct ds match = DS_EMPTY_INITIALIZER;
    struct ds options_action = DS_EMPTY_INITIALIZER;
    struct ds response_action = DS_EMPTY_INITIALIZER;

    for (size_t i = 0; i < la->n_ipv6_addrs; i++) {
        if (!build_dhcpv6_action(op, &la->ipv6_addrs[i].addr,
                                 &options_action, &response_action)) {
            ds_clear(&options_action);
            ds_clear(&response_action);
            continue;
        }

        ds_put_format(&match, "inport == %s && eth.src == %s && ip6.mcast "
                      "&& ip6.dst == ff02::1:2 && udp.src == 546 && "
                      "udp.dst == 547", inport->json_key, la->ea_s);
        size_t base_len = match.length;
        if (is_external) {
            ds_put_format(&match, " && is_chassis_resident(%s)",
                          op->json_key);
        }
        lflow_table_add(lflows, op->od, NULL, 0, S_SWITCH_IN_DHCP_OPTIONS,
                        100, ds_cstr(&match), ds_cstr(&options_action),
                        inport->key,
                        copp_meter_get(op->od->nbs->copp, COPP_DHCPV6_OPTS,
                                       input->nb_idl),
                        NULL, &op->nbsp->header_, OVS_SOURCE_LOCATOR,
                        op->lflow_ref);

        /* The same requests, once answered. */
        ds_truncate(&match, base_len);
        ds_put_cstr(&match, " && " REGBIT_DHCP_OPTS_RESULT);
        if (is_external) {
            ds_put_format(&match, " && is_chassis_resident(%s)",
                          op->json_key);
        }
        ovn_lflow_add_with_lport_and_hint(lflows, op->od,
                                          S_SWITCH_IN_DHCP_RESPONSE, 100,
                                          ds_cstr(&match),
                                          ds_cstr(&response_action),
                                          inport->key, &op->nbsp->header_,
                                          op->lflow_ref);
        break;
    }
    ds_destroy(&match);
    ds_destroy(&options_action);
    ds_destroy(&response_action);
}

/* Adds the egress ACL flows that let the DHCP replies of ovn-controller
 * reach port 'op' (whatever the ACLs of its switch say; the ACL family
 * leaves these to this one). */
static void
build_dhcp_acl_allow(const struct ovn_port *op, struct lflow_table *lflows)
{
    const struct nbrec_logical_switch_port *nbsp = op->nbsp;
    struct ds match = DS_EMPTY_INITIALIZER;

    if (nbsp->dhcpv4_options) {
        const struct smap *options = &nbsp->dhcpv4_options->options;
        const char *server_id = smap_get(options, "server_id");
        const char *server_mac = smap_get(options, "server_mac");
        const char *lease_time = smap_get(options, "lease_time");
        if (server_id && server_mac && lease_time) {
            ds_put_format(&match, "outport == %s && eth.src == %s && "
                          "ip4.src == %s && udp && udp.src == 67 && "
                          "udp.dst == 68", op->json_key, server_mac,
                          server_id);
            ovn_lflow_add_with_lport_and_hint(lflows, op->od,
                                              S_SWITCH_OUT_ACL_EVAL, 34000,
                                              ds_cstr(&match), ACL_ALLOW,
                                              op->key, &nbsp->header_,
                                              op->lflow_ref);
        }
    }

    if (nbsp->dhcpv6_options) {
        const char *server_mac = smap_get(&nbsp->dhcpv6_options->options,
                                          "server_id");
        struct eth_addr ea;
        if (server_mac && eth_addr_from_string(server_mac, &ea)) {
            struct in6_addr lla;
            in6_generate_lla(ea, &lla);
            char server_ip[INET6_ADDRSTRLEN + 1];
            ipv6_string_mapped(server_ip, &lla);

            ds_clear(&match);
            ds_put_format(&match, "outport == %s && eth.src == %s && "
                          "ip6.src == %s && udp && udp.src == 547 && "
                          "udp.dst == 546", op->json_key, server_mac,
                          server_ip);
            ovn_lflow_add_with_lport_and_hint(lflows, op->od,
                                              S_SWITCH_OUT_ACL_EVAL, 34000,
                                              ds_cstr(&match), ACL_ALLOW,
                                              op->key, &nbsp->header_,
                                              op->lflow_ref);
        }
    }
    ds_destroy(&match);
}

/* Flows of switch port 'op'. */
static void
build_dhcp_op(const struct ovn_port *op,
              const struct lflow_build_input *input,
              struct lflow_table *lflows)
{
    const struct nbrec_logical_switch_port *nbsp = op->nbsp;
    if (!nbsp || (!nbsp->dhcpv4_options && !nbsp->dhcpv6_options)) {
        return;
    }
    build_dhcp_acl_allow(op, lflows);

    if (!lsp_is_enabled(nbsp) || lsp_is_router(nbsp)) {
        return;
    }
    bool is_external = !strcmp(nbsp->type, "external");
    if (is_external && !nbsp->ha_chassis_group) {
        /* Nothing could claim it. */
        return;
    }

    for (size_t i = 0; i < op->n_lsp_addrs; i++) {
        const struct lport_addresses *la = &op->lsp_addrs[i];
        if (!is_external) {
            if (nbsp->dhcpv4_options) {
                build_dhcpv4_flows(op, la, op, false, input, lflows);
            }
            if (nbsp->dhcpv6_options) {
                build_dhcpv6_flows(op, la, op, false, input, lflows);
            }
            continue;
        }
        const struct ovn_port *ln;
        OVN_DATAPATH_FOR_EACH_PORT (ln, op->od) {
            if (!ln->nbsp || strcmp(ln->nbsp->type, "localnet")) {
                continue;
            }
            if (nbsp->dhcpv4_options) {
                build_dhcpv4_flows(op, la, ln, true, input, lflows);
            }
            if (nbsp->dhcpv6_options) {
                build_dhcpv6_flows(op, la, ln, true, input, lflows);
            }
        }
    }
}

/* The family. */
const struct lflow_stage_family ls_dhcp_family = {
    .name = "ls_dhcp",
    .build_datapath = build_dhcp_od,
    .build_port = build_dhcp_op,
};
