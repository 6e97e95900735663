/* lr-nd-ra.c: IPv6 router advertisements and prefix delegation of logical
 * router ports.
 *
 * This module owns the flows of stages lr_in_nd_ra_options and
 * lr_in_nd_ra_response, which answer router solicitations on router ports
 * with ipv6_ra_configs (address mode, MTU, router preference, RDNSS, DNSSL,
 * route information and the prefixes of the port's networks), and the
 * Port_Binding options that ask ovn-controller for periodic unsolicited
 * advertisements (ipv6_ra_*) and for IPv6 prefix delegation on gateway
 * ports (ipv6_prefix_delegation, ipv6_prefix). */

#include <config.h>

#include "northd/lr-nd-ra.h"

#include <string.h>

#include "lib/ovn-nb-idl.h"
#include "northd/copp.h"
#include "lib/ovn-sb-idl.h"
#include "northd/lflow-build.h"
#include "northd/lflow-mgr.h"
#include "northd/lr-common.h"
#include "northd/northd.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/vlog.h"
#include "packets.h"
#include "smap.h"

VLOG_DEFINE_THIS_MODULE(lr_nd_ra);

/* Bounds and defaults of the periodic advertisement intervals, in seconds
 * (RFC 4861, section 6.2.1). */
#define ND_RA_MAX_INTERVAL_MAX 1800
#define ND_RA_MAX_INTERVAL_MIN 4
#define ND_RA_MAX_INTERVAL_DEFAULT 600
#define ND_RA_MIN_INTERVAL_MIN 3

/* Width of a prefix "ADDRESS/PLEN" for ovs_scan(). */
#define PD_PREFIX_SCAN_WIDTH "50"

/* Smallest IPv6 MTU (RFC 8200). */
#define IPV6_MIN_MTU 1280

/* Returns the address mode of router port 'op' if it advertises itself:
 * a port connected to a switch, with ipv6_ra_configs:address_mode set to a
 * valid mode.  Otherwise NULL. */
static const char *
lrp_ra_address_mode(const struct ovn_port *op)
{
    if (op->nbrp->peer || !op->peer || !op->peer->nbsp
        || !op->lrp_networks.n_ipv6_addrs) {
        return NULL;
    }
    const char *mode = smap_get(&op->nbrp->ipv6_ra_configs, "address_mode");
    if (!mode) {
        return NULL;
    }
    if (strcmp(mode, "slaac") && strcmp(mode, "dhcpv6_stateful")
        && strcmp(mode, "dhcpv6_stateless")) {
        static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 5);
        VLOG_WARN_RL(&rl, "Invalid address mode [%s] defined", mode);
        return NULL;
    }
    return mode;
}

/* Returns the MTU that router port 'op' advertises, or 0. */
static int
lrp_ra_mtu(const struct ovn_port *op)
{
    int mtu = smap_get_int(&op->nbrp->ipv6_ra_configs, "mtu", 0);
    return mtu >= IPV6_MIN_MTU ? mtu : 0;
}

/* Adds to 'options', the Port_Binding options of router port 'op' (whose
 * current binding is 'pb', if any), the options about its IPv6 router
 * advertisements and prefix delegation. */
void
lrp_add_ipv6_sb_options(const struct ovn_port *op,
                        const struct sbrec_port_binding *pb,
                        struct smap *options)
{
    /* The prefixes that ovn-controller got delegated stay. */
    const char *pd_list = pb ? smap_get(&pb->options, "ipv6_ra_pd_list")
                             : NULL;
    if (pd_list) {
        smap_replace(options, "ipv6_ra_pd_list", pd_list);
    }

    /* Prefix delegation runs where the gateway port is. */
    if ((op->od->is_gw_router || lrp_is_l3dgw(op))
        && lrp_is_enabled(op->nbrp)) {
        if (smap_get_bool(&op->nbrp->options, "prefix_delegation", false)) {
            smap_replace(options, "ipv6_prefix_delegation", "true");
        }
        if (smap_get_bool(&op->nbrp->options, "prefix", false)) {
            smap_replace(options, "ipv6_prefix", "true");
        }
    }

    const char *mode = lrp_ra_address_mode(op);
    const struct smap *ra = &op->nbrp->ipv6_ra_configs;
    if (!mode || !smap_get_bool(ra, "send_periodic", false)) {
        return;
    }

    smap_replace(options, "ipv6_ra_send_periodic", "true");
    smap_replace(options, "ipv6_ra_address_mode", mode);

    int max_interval = smap_get_int(ra, "max_interval",
                                    ND_RA_MAX_INTERVAL_DEFAULT);
    max_interval = MIN(MAX(max_interval, ND_RA_MAX_INTERVAL_MIN),
                       ND_RA_MAX_INTERVAL_MAX);
    char buf[32];
    snprintf(buf, sizeof buf, "%d", max_interval);
    smap_replace(options, "ipv6_ra_max_interval", buf);

    int min_default = (max_interval >= 9 ? max_interval / 3
                       : max_interval * 3 / 4);
    int min_interval = smap_get_int(ra, "min_interval", min_default);
    min_interval = MIN(MAX(min_interval, ND_RA_MIN_INTERVAL_MIN),
                       max_interval * 3 / 4);
    snprintf(buf, sizeof buf, "%d", min_interval);
    smap_replace(options, "ipv6_ra_min_interval", buf);

    int mtu = lrp_ra_mtu(op);
    if (mtu) {
        snprintf(buf, sizeof buf, "%d", mtu);
        smap_replace(options, "ipv6_ra_mtu", buf);
    }

    struct ds prefixes = DS_EMPTY_INITIALIZER;
    for (size_t i = 0; i < op->lrp_networks.n_ipv6_addrs; i++) {
        const struct ipv6_netaddr *na = &op->lrp_networks.ipv6_addrs[i];
        if (!ipv6_is_lla(&na->network)) {
            ds_put_format(&prefixes, "%s/%u ", na->network_s, na->plen);
        }
    }
    if (pd_list) {
        ds_put_cstr(&prefixes, pd_list);
    }
    ds_chomp(&prefixes, ' ');
    smap_replace(options, "ipv6_ra_prefixes", ds_cstr(&prefixes));
    ds_destroy(&prefixes);

    static const char *copied[][2] = {
        { "rdnss", "ipv6_ra_rdnss" },
        { "dnssl", "ipv6_ra_dnssl" },
        { "route_info", "ipv6_ra_route_info" },
    };
    for (size_t i = 0; i < ARRAY_SIZE(copied); i++) {
        const char *value = smap_get(ra, copied[i][0]);
        if (value) {
            smap_replace(options, copied[i][1], value);
        }
    }

    smap_replace(options, "ipv6_ra_src_eth", op->lrp_networks.ea_s);
    struct in6_addr lla;
    char lla_s[INET6_ADDRSTRLEN];
    in6_generate_lla(op->lrp_networks.ea, &lla);
    ipv6_string_mapped(lla_s, &lla);
    smap_replace(options, "ipv6_ra_src_addr", lla_s);

    const char *prf = smap_get(ra, "router_preference");
    if (!prf || (strcmp(prf, "HIGH") && strcmp(prf, "LOW"))) {
        prf = "MEDIUM";
    }
    smap_replace(options, "ipv6_ra_prf", prf);
}

/* Copies into the Northbound ipv6_prefix of router port 'op' the first
 * prefix that ovn-controller got delegated for it (Port_Binding
 * options:ipv6_ra_pd_list, "AID:PREFIX,..."), when the port asks for it
 * (options:prefix). */
void
lrp_sync_ipv6_prefix(const struct ovn_port *op, struct ovsdb_idl *sb_idl,
                     struct ovsdb_idl_txn *ovnnb_txn)
{
    if (!op->nbrp || op->is_chassisredirect || !ovnnb_txn
        || !smap_get_bool(&op->nbrp->options, "prefix", false)) {
        return;
    }
    const struct sbrec_port_binding *pb = ovn_port_get_sb(op, sb_idl);
    const char *pd_list = pb ? smap_get(&pb->options, "ipv6_ra_pd_list")
                             : NULL;
    char prefix[INET6_ADDRSTRLEN + 5];
    unsigned int aid;
    if (!pd_list || !ovs_scan(pd_list, "%u:%"PD_PREFIX_SCAN_WIDTH"[^,]",
                              &aid, prefix)) {
        return;
    }
    if (op->nbrp->n_ipv6_prefix != 1
        || strcmp(op->nbrp->ipv6_prefix[0], prefix)) {
        const char *prefixes[] = { prefix };
        nbrec_logical_router_port_set_ipv6_prefix(op->nbrp, prefixes, 1);
    }
}

/* Flows of router 'od' as a whole. */
static void
build_nd_ra_od(const struct ovn_datapath *od,
               const struct lflow_build_input *input OVS_UNUSED,
               struct lflow_table *lflows)
{
    if (!od->nbr) {
        return;
    }
    ovn_lflow_add(lflows, od, S_ROUTER_IN_ND_RA_OPTIONS, 0, "1", "next;",
                  od->lflow_ref);
    ovn_lflow_add(lflows, od, S_ROUTER_IN_ND_RA_RESPONSE, 0, "1", "next;",
                  od->lflow_ref);
}

/* Flows of port 'op'. */
static void
build_nd_ra_op(const struct ovn_port *op,
               const struct lflow_build_input *input,
               struct lflow_table *lflows)
{
    if (!op->nbrp || op->is_chassisredirect) {
        return;
    }
    const char *mode = lrp_ra_address_mode(op);
    if (!mode) {
        return;
    }
    const struct smap *ra = &op->nbrp->ipv6_ra_configs;
    struct ds actions = DS_EMPTY_INITIALIZER;

    ds_put_format(&actions, REGBIT_ND_RA_OPTS_RESULT" = put_nd_ra_opts("
                  "addr_mode = \"%s\", slla = %s", mode,
                  op->lrp_networks.ea_s);
    int mtu = lrp_ra_mtu(op);
    if (mtu) {
        ds_put_format(&actions, ", mtu = %d", mtu);
    }
    const char *prf = smap_get_def(ra, "router_preference", "MEDIUM");
    if (strcmp(prf, "MEDIUM")) {
        ds_put_format(&actions, ", router_preference = \"%s\"", prf);
    }
    const char *rdnss = smap_get(ra, "rdnss");
    if (rdnss) {
        ds_put_format(&actions, ", rdnss = %s", rdnss);
    }
    const char *dnssl = smap_get(ra, "dnssl");
    if (dnssl) {
        ds_put_format(&actions, ", dnssl = \"%s\"", dnssl);
    }
    const char *route_info = smap_get(ra, "route_info");
    if (route_info) {
        ds_put_format(&actions, ", route_info = \"%s\"", route_info);
    }
    bool has_prefix = false;
    for (size_t i = 0; i < op->lrp_networks.n_ipv6_addrs; i++) {
        const struct ipv6_netaddr *na = &op->lrp_networks.ipv6_addrs[i];
        if (!ipv6_is_lla(&na->network)) {
            ds_put_format(&actions, ", prefix = %s/%u", na->network_s,
                          na->plen);
            has_prefix = true;
        }
    }
    if (!has_prefix) {
        ds_destroy(&actions);
        return;
    }
    ds_put_cstr(&actions, "); next;");

    /* On a distributed gateway port, only the gateway chassis answers. */
    char *resident = (lrp_is_l3dgw(op)
                      ? xasprintf(" && is_chassis_resident(%s)",
                                  op->cr_port->json_key)
                      : xstrdup(""));
    char *match = xasprintf("inport == %s && ip6.dst == ff02::2 && nd_rs%s",
                            op->json_key, resident);
    ovn_lflow_metered(lflows, op->od, S_ROUTER_IN_ND_RA_OPTIONS, 50,
                      match, ds_cstr(&actions),
                      lr_copp_meter(op->od, COPP_ND_RA_OPTS, input),
                      &op->nbrp->header_, op->lflow_ref);
    free(match);

    struct in6_addr lla;
    char lla_s[INET6_ADDRSTRLEN];
    in6_generate_lla(op->lrp_networks.ea, &lla);
    ipv6_string_mapped(lla_s, &lla);
    match = xasprintf("inport == %s && ip6.dst == ff02::2 && nd_ra && "
                      REGBIT_ND_RA_OPTS_RESULT"%s", op->json_key, resident);
    ds_clear(&actions);
    ds_put_format(&actions, "eth.dst = eth.src; eth.src = %s; "
                  "ip6.dst = ip6.src; ip6.src = %s; outport = inport; "
                  "flags.loopback = 1; output;", op->lrp_networks.ea_s,
                  lla_s);
    ovn_lflow_add_with_hint(lflows, op->od, S_ROUTER_IN_ND_RA_RESPONSE, 50,
                            match, ds_cstr(&actions), &op->nbrp->header_,
                            op->lflow_ref);
    free(match);
    free(resident);
    ds_destroy(&actions);
}

/* The family. */
const struct lflow_stage_family lr_nd_ra_family = {
    .name = "lr_nd_ra",
    .build_datapath = build_nd_ra_od,
    .build_port = build_nd_ra_op,
};
