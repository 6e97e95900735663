/* ovn-l7.c: the DHCPv4, DHCPv6, IPv6 RA and controller event option
 * tables (see ovn-l7.h).  The lists are those that OVN 26.03's
 * ovn-northd writes into the Southbound database. */

#include <config.h>

#include "ovn-l7.h"

#include <string.h>

#include "hash.h"
#include "util.h"

const struct gen_opt_def ovn_dhcpv4_opt_defs[] = {
    { "offerip", 0, "ipv4" },
    { "netmask", 1, "ipv4" },
    { "router", 3, "ipv4" },
    { "dns_server", 6, "ipv4" },
    { "log_server", 7, "ipv4" },
    { "lpr_server", 9, "ipv4" },
    { "hostname", 12, "str" },
    { "domain_name", 15, "str" },
    { "swap_server", 16, "ipv4" },
    { "ip_forward_enable", 19, "bool" },
    { "policy_filter", 21, "ipv4" },
    { "default_ttl", 23, "uint8" },
    { "mtu", 26, "uint16" },
    { "broadcast_address", 28, "ipv4" },
    { "router_discovery", 31, "bool" },
    { "router_solicitation", 32, "ipv4" },
    { "arp_cache_timeout", 35, "uint32" },
    { "ethernet_encap", 36, "bool" },
    { "tcp_ttl", 37, "uint8" },
    { "tcp_keepalive_interval", 38, "uint32" },
    { "nis_server", 41, "ipv4" },
    { "ntp_server", 42, "ipv4" },
    { "netbios_name_server", 44, "ipv4" },
    { "netbios_node_type", 46, "uint8" },
    { "lease_time", 51, "uint32" },
    { "server_id", 54, "ipv4" },
    { "T1", 58, "uint32" },
    { "T2", 59, "uint32" },
    { "tftp_server", 66, "host_id" },
    { "bootfile_name", 67, "str" },
    { "domain_search_list", 119, "domains" },
    { "classless_static_route", 121, "static_routes" },
    { "tftp_server_address", 150, "ipv4" },
    { "path_prefix", 210, "str" },
    { "ms_classless_static_route", 249, "static_routes" },
    { "wpad", 252, "str" },
    { "next_server", 253, "ipv4" },
    { "bootfile_name_alt", 254, "str" },
};
const size_t ovn_n_dhcpv4_opt_defs = ARRAY_SIZE(ovn_dhcpv4_opt_defs);

const struct gen_opt_def ovn_dhcpv6_opt_defs[] = {
    { "server_id", 2, "mac" },
    { "ia_addr", 5, "ipv6" },
    { "dns_server", 23, "ipv6" },
    { "domain_search", 24, "str" },
    { "fqdn", 39, "domain" },
    { "bootfile_name", 59, "str" },
    { "bootfile_name_alt", 254, "str" },
};
const size_t ovn_n_dhcpv6_opt_defs = ARRAY_SIZE(ovn_dhcpv6_opt_defs);

/* Adds option 'name' with 'code' and 'type' to 'map'. */
void
gen_opts_add(struct hmap *map, const char *name, size_t code,
             const char *type)
{
    struct gen_opts_map *opt = xzalloc(sizeof *opt);
    opt->name = xstrdup(name);
    opt->type = xstrdup(type);
    opt->code = code;
    hmap_insert(map, &opt->hmap_node, hash_string(name, 0));
}

/* Adds the 'n' options in 'defs' to 'map'. */
void
gen_opts_add_defs(struct hmap *map, const struct gen_opt_def *defs,
                  size_t n)
{
    for (size_t i = 0; i < n; i++) {
        gen_opts_add(map, defs[i].name, defs[i].code, defs[i].type);
    }
}

/* Returns the option called 'name' in 'map', or NULL. */
const struct gen_opts_map *
gen_opts_find(const struct hmap *map, const char *name)
{
    const struct gen_opts_map *opt;
    HMAP_FOR_EACH_WITH_HASH (opt, hmap_node, hash_string(name, 0), map) {
        if (!strcmp(opt->name, name)) {
            return opt;
        }
    }
    return NULL;
}

/* Frees every option in 'map' and 'map' itself (not the struct). */
void
gen_opts_destroy(struct hmap *map)
{
    struct gen_opts_map *opt;
    HMAP_FOR_EACH_POP (opt, hmap_node, map) {
        free(opt->name);
        free(opt->type);
        free(opt);
    }
    hmap_destroy(map);
}

/* Initializes 'map' with the options of put_nd_ra_opts(). */
void
nd_ra_opts_init(struct hmap *map)
{
    hmap_init(map);
    gen_opts_add(map, "addr_mode", ND_RA_FLAG_ADDR_MODE, "str");
    gen_opts_add(map, "slla", ND_OPT_SOURCE_LINKADDR, "mac");
    gen_opts_add(map, "prefix", ND_OPT_PREFIX_INFORMATION, "ipv6");
    gen_opts_add(map, "mtu", ND_OPT_MTU, "uint32");
    gen_opts_add(map, "rdnss", ND_OPT_RDNSS, "ipv6");
    gen_opts_add(map, "dnssl", ND_OPT_DNSSL, "str");
    gen_opts_add(map, "route_info", ND_OPT_ROUTE_INFO_TYPE, "str");
}

/* Initializes 'dhcpv4' and 'dhcpv6' with the options that ovn-northd
 * publishes, as ovn-controller would read them from the database. */
void
dhcp_opts_init_defaults(struct hmap *dhcpv4, struct hmap *dhcpv6)
{
    hmap_init(dhcpv4);
    gen_opts_add_defs(dhcpv4, ovn_dhcpv4_opt_defs, ovn_n_dhcpv4_opt_defs);
    hmap_init(dhcpv6);
    gen_opts_add_defs(dhcpv6, ovn_dhcpv6_opt_defs, ovn_n_dhcpv6_opt_defs);
}

/* Returns the name of 'event', as trigger_event() spells it. */
const char *
ovn_event_to_string(enum ovn_controller_event event)
{
    switch (event) {
    case OVN_EVENT_EMPTY_LB_BACKENDS:
        return "empty_lb_backends";
    case OVN_EVENT_MAX:
    default:
        return "";
    }
}

/* Returns the event called 's', or -1. */
int
ovn_event_from_string(const char *s)
{
    for (int i = 0; i < OVN_EVENT_MAX; i++) {
        if (!strcmp(s, ovn_event_to_string(i))) {
            return i;
        }
    }
    return -1;
}

/* Initializes 'opts' with the options of every event. */
void
controller_event_opts_init(struct controller_event_options *opts)
{
    for (size_t i = 0; i < OVN_EVENT_MAX; i++) {
        hmap_init(&opts->event_opts[i]);
    }
    struct hmap *elb = &opts->event_opts[OVN_EVENT_EMPTY_LB_BACKENDS];
    gen_opts_add(elb, "vip", 0, "str");
    gen_opts_add(elb, "protocol", 1, "str");
    gen_opts_add(elb, "load_balancer", 2, "str");
}

/* Frees the contents of 'opts'. */
void
controller_event_opts_destroy(struct controller_event_options *opts)
{
    for (size_t i = 0; i < OVN_EVENT_MAX; i++) {
        gen_opts_destroy(&opts->event_opts[i]);
    }
}
