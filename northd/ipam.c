/* ipam.c: IP and MAC address management for logical switch ports (see
 * ipam.h).
 *
 * A run starts from scratch: it reserves every address that some port
 * owns statically (switch port addresses, router port MACs, and router
 * port IPv4 addresses in the subnet of the switch they connect to), then
 * goes over the ports that want dynamic addresses.  Ports whose current
 * dynamic addresses are still valid keep them (and reserve them) first;
 * then the others get new ones.  Both passes go over the switch ports in
 * the order of a table hashed on their names, which is the order in which
 * OVN hands out addresses: the same configuration gets the same addresses
 * from either implementation. */

#include <config.h>

#include "northd/ipam.h"

#include <string.h>

#include "bitmap.h"
#include "hash.h"
#include "hmapx.h"
#include "lib/lex.h"
#include "lib/lport-addresses.h"
#include "lib/ovn-nb-idl.h"
#include "northd/en-global-config.h"
#include "northd/northd.h"
#include "northd/ports.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/hmap.h"
#include "openvswitch/list.h"
#include "openvswitch/vlog.h"
#include "packets.h"
#include "smap.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(ipam);

/* Generated MACs are the prefix followed by a 24-bit suffix between 1 and
 * MAC_SUFFIX_MAX; the suffix derives from the port's IPv4 address, so
 * that it tends to be stable and readable. */
#define MAC_SUFFIX_BITS 0xffffff
#define MAC_SUFFIX_MAX (MAC_SUFFIX_BITS - 1)

/* The MAC addresses in use that carry the MAC prefix (the others can
 * never collide with generated ones). */
struct macam {
    struct hmap macs;           /* "struct macam_node"s. */
    uint64_t prefix;            /* The prefix, as the top 24 of 48 bits. */
};

/* One MAC address in use. */
struct macam_node {
    struct hmap_node hmap_node; /* In macam 'macs'. */
    uint64_t mac;               /* The address. */
};

/* Address management state of one switch. */
struct switch_ipam {
    /* IPv4, from other_config:subnet: bit I of 'allocated_ipv4s' stands
     * for address 'start_ipv4' + I; the first one (the subnet's first
     * host address, traditionally the router's) is always taken, and the
     * last one (broadcast) is never handed out.  NULL without a (valid)
     * subnet. */
    unsigned long *allocated_ipv4s;
    uint32_t start_ipv4;        /* Subnet address + 1, host order. */
    uint32_t total_ipv4s;       /* Bits in 'allocated_ipv4s'. */

    bool ipv6_prefix_set;       /* other_config:ipv6_prefix is valid. */
    struct in6_addr ipv6_prefix;  /* The prefix, if so. */

    bool mac_only;              /* other_config:mac_only: MACs are handed
                                 * out even without IP management. */
};

/* Whether 'ipam' hands out anything at all. */
static bool
switch_ipam_enabled(const struct switch_ipam *ipam)
{
    return ipam->allocated_ipv4s || ipam->ipv6_prefix_set || ipam->mac_only;
}

/* Marks excluded addresses taken according to 'exclude_ips', a list of
 * addresses and "A..B" ranges, for switch 'od'. */
static void
switch_ipam_exclude(struct switch_ipam *ipam, const struct ovn_datapath *od,
                    const char *exclude_ips)
{
    struct lexer lexer;
    lexer_init(&lexer, exclude_ips);
    lexer_get(&lexer);
    while (lexer.token.type != LEX_T_END) {
        if (lexer.token.type != LEX_T_INTEGER
            || lexer.token.format != LEX_F_IPV4) {
            lexer_syntax_error(&lexer, "expecting address");
            break;
        }
        uint32_t start = ntohl(lexer.token.value.ipv4);
        lexer_get(&lexer);

        uint32_t end = start + 1;
        if (lexer_match(&lexer, LEX_T_ELLIPSIS)) {
            if (lexer.token.type != LEX_T_INTEGER
                || lexer.token.format != LEX_F_IPV4) {
                lexer_syntax_error(&lexer, "expecting address range");
                break;
            }
            end = ntohl(lexer.token.value.ipv4) + 1;
            lexer_get(&lexer);
        }

        /* Only the part within the subnet matters. */
        start = MAX(ipam->start_ipv4, start);
        end = MIN(ipam->start_ipv4 + ipam->total_ipv4s, end);
        if (end > start) {
            bitmap_set_multiple(ipam->allocated_ipv4s,
                                start - ipam->start_ipv4, end - start, 1);
        } else {
            lexer_error(&lexer, "excluded addresses not in subnet");
        }
    }
    if (lexer.error) {
        static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 1);
        VLOG_WARN_RL(&rl, "logical switch "UUID_FMT": bad exclude_ips (%s)",
                     UUID_ARGS(&od->key), lexer.error);
    }
    lexer_destroy(&lexer);
}

/* Initializes 'ipam' from the other_config of switch 'od'. */
static void
switch_ipam_init(struct switch_ipam *ipam, const struct ovn_datapath *od)
{
    const struct smap *oc = &od->nbs->other_config;
    memset(ipam, 0, sizeof *ipam);
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 1);

    ipam->mac_only = smap_get_bool(oc, "mac_only", false);

    const char *ipv6_prefix = smap_get(oc, "ipv6_prefix");
    if (ipv6_prefix) {
        if (strchr(ipv6_prefix, '/')) {
            /* A prefix length, if given, must be 64. */
            struct in6_addr mask;
            char *error = ipv6_parse_masked(ipv6_prefix, &ipam->ipv6_prefix,
                                            &mask);
            if (!error) {
                ipam->ipv6_prefix_set = ipv6_count_cidr_bits(&mask) == 64;
            }
            free(error);
        } else {
            ipam->ipv6_prefix_set = ipv6_parse(ipv6_prefix,
                                               &ipam->ipv6_prefix);
        }
        if (!ipam->ipv6_prefix_set) {
            VLOG_WARN_RL(&rl, "bad 'ipv6_prefix' %s", ipv6_prefix);
        }
    }

    const char *subnet_s = smap_get(oc, "subnet");
    if (!subnet_s) {
        return;
    }
    ovs_be32 subnet, mask;
    char *error = ip_parse_masked(subnet_s, &subnet, &mask);
    if (error || !mask || !ip_is_cidr(mask) || !~ntohl(mask)) {
        VLOG_WARN_RL(&rl, "bad 'subnet' %s", subnet_s);
        free(error);
        return;
    }
    ipam->start_ipv4 = ntohl(subnet & mask) + 1;
    ipam->total_ipv4s = ~ntohl(mask);
    ipam->allocated_ipv4s = bitmap_allocate(ipam->total_ipv4s);
    bitmap_set1(ipam->allocated_ipv4s, 0);

    const char *exclude_ips = smap_get(oc, "exclude_ips");
    if (exclude_ips) {
        switch_ipam_exclude(ipam, od, exclude_ips);
    }
}

/* Marks IPv4 address 'ip' (host order) taken in 'ipam', if it is in its
 * subnet.  Returns false if it was taken already. */
static bool
switch_ipam_take_ipv4(struct switch_ipam *ipam, uint32_t ip)
{
    if (!ipam->allocated_ipv4s || ip < ipam->start_ipv4
        || ip - ipam->start_ipv4 >= ipam->total_ipv4s) {
        return true;
    }
    uint32_t index = ip - ipam->start_ipv4;
    if (bitmap_is_set(ipam->allocated_ipv4s, index)) {
        return false;
    }
    bitmap_set1(ipam->allocated_ipv4s, index);
    return true;
}

/* Whether 'ip' (host order) may be handed out by 'ipam': in the subnet,
 * not its last address, not taken. */
static bool
switch_ipam_ipv4_is_free(const struct switch_ipam *ipam, uint32_t ip)
{
    if (ip < ipam->start_ipv4) {
        return false;
    }
    uint32_t index = ip - ipam->start_ipv4;
    return (index < ipam->total_ipv4s - 1
            && !bitmap_is_set(ipam->allocated_ipv4s, index));
}

/* Hands out the lowest free IPv4 address of 'ipam' (in host order), or 0
 * if there is none left. */
static uint32_t
switch_ipam_allocate_ipv4(struct switch_ipam *ipam)
{
    size_t index = bitmap_scan(ipam->allocated_ipv4s, 0, 0,
                               ipam->total_ipv4s - 1);
    if (index == ipam->total_ipv4s - 1) {
        static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 1);
        VLOG_WARN_RL(&rl, "Subnet address space has been exhausted.");
        return 0;
    }
    bitmap_set1(ipam->allocated_ipv4s, index);
    return ipam->start_ipv4 + index;
}

/* Whether 'macam' holds 'mac'. */
static bool
macam_contains(const struct macam *macam, uint64_t mac)
{
    const struct macam_node *node;
    HMAP_FOR_EACH_WITH_HASH (node, hmap_node, hash_uint64(mac),
                             &macam->macs) {
        if (node->mac == mac) {
            return true;
        }
    }
    return false;
}

/* Whether 'ea' is a MAC that ovn-northd could have generated. */
static bool
macam_has_prefix(const struct macam *macam, struct eth_addr ea)
{
    return !((eth_addr_to_uint64(ea) ^ macam->prefix) >> 24);
}

/* Records that 'ea' is in use.  With 'warn', complains when it was in use
 * already. */
static void
macam_take(struct macam *macam, struct eth_addr ea, bool warn)
{
    if (!macam_has_prefix(macam, ea)) {
        return;
    }
    uint64_t mac = eth_addr_to_uint64(ea);
    if (macam_contains(macam, mac)) {
        if (warn) {
            static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 1);
            VLOG_WARN_RL(&rl, "Duplicate MAC set: "ETH_ADDR_FMT,
                         ETH_ADDR_ARGS(ea));
        }
        return;
    }
    struct macam_node *node = xmalloc(sizeof *node);
    node->mac = mac;
    hmap_insert(&macam->macs, &node->hmap_node, hash_uint64(mac));
}

/* Hands out an unused MAC, whose suffix derives from IPv4 address 'ip'
 * (host order, 0 if none), and records it.  Returns false if there is
 * none left. */
static bool
macam_allocate(struct macam *macam, uint32_t ip, struct eth_addr *ea)
{
    uint32_t base = ip & MAC_SUFFIX_BITS;
    for (uint32_t i = 0; i < MAC_SUFFIX_MAX; i++) {
        uint64_t mac = macam->prefix | (((base + i) % MAC_SUFFIX_MAX) + 1);
        if (!macam_contains(macam, mac)) {
            eth_addr_from_uint64(mac, ea);
            macam_take(macam, *ea, false);
            return true;
        }
    }
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 1);
    VLOG_WARN_RL(&rl, "MAC address space exhausted.");
    return false;
}

/* What a port's dynamic address entry asks for. */
struct dyn_request {
    bool has_mac;               /* "MAC dynamic": 'mac' is requested. */
    struct eth_addr mac;        /* The requested MAC. */
    bool has_ipv4;              /* "dynamic IPV4 [IPV6]": 'ipv4' is
                                 * requested. */
    ovs_be32 ipv4;              /* The requested IPv4 address. */
    bool has_ipv6;              /* "dynamic [IPV4] IPV6": 'ipv6' is
                                 * requested. */
    struct in6_addr ipv6;       /* The requested IPv6 address. */
};

/* Parses dynamic address entry 's' into 'req'. */
static void
dyn_request_parse(const char *s, struct dyn_request *req)
{
    char ipv6_s[IPV6_SCAN_LEN + 1];
    int n = 0;

    memset(req, 0, sizeof *req);
    if (ovs_scan(s, ETH_ADDR_SCAN_FMT" dynamic%n",
                 ETH_ADDR_SCAN_ARGS(req->mac), &n) && !s[n]) {
        req->has_mac = true;
    } else if (ovs_scan(s, "dynamic "IP_SCAN_FMT"%n",
                        IP_SCAN_ARGS(&req->ipv4), &n) && !s[n]) {
        req->has_ipv4 = true;
    } else if (ovs_scan(s, "dynamic "IPV6_SCAN_FMT"%n", ipv6_s, &n)
               && !s[n]) {
        req->has_ipv6 = ipv6_parse(ipv6_s, &req->ipv6);
    } else if (ovs_scan(s, "dynamic "IP_SCAN_FMT" "IPV6_SCAN_FMT"%n",
                        IP_SCAN_ARGS(&req->ipv4), ipv6_s, &n) && !s[n]) {
        req->has_ipv4 = true;
        req->has_ipv6 = ipv6_parse(ipv6_s, &req->ipv6);
    }
}

/* How one part of a port's dynamic addresses is decided. */
enum dyn_choice {
    DYN_NONE,           /* No such address. */
    DYN_KNOWN,          /* Known already (requested, or kept). */
    DYN_ALLOCATE,       /* To be handed out. */
};

/* A port whose dynamic addresses are being decided. */
struct dyn_port {
    struct ovs_list list_node;  /* In the list of ports still waiting for
                                 * an allocation. */
    struct ovn_port *op;        /* The port. */
    struct switch_ipam *ipam;   /* Its switch's state. */
    struct dyn_request req;     /* What it asks for. */

    enum dyn_choice mac;        /* How its MAC is decided. */
    struct eth_addr mac_addr;   /* The MAC, once known. */
    enum dyn_choice ipv4;       /* How its IPv4 address is decided. */
    uint32_t ipv4_addr;         /* The IPv4 address once known, host
                                 * order. */
};

/* Returns the first dynamic entry of 'nbsp''s addresses, or NULL. */
static const char *
lsp_dynamic_entry(const struct nbrec_logical_switch_port *nbsp)
{
    const char *entry = NULL;
    for (size_t i = 0; i < nbsp->n_addresses; i++) {
        if (!is_dynamic_lsp_address(nbsp->addresses[i])) {
            continue;
        }
        if (entry) {
            static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 1);
            VLOG_WARN_RL(&rl, "More than one dynamic address configured "
                         "for logical switch port '%s'", nbsp->name);
            break;
        }
        entry = nbsp->addresses[i];
    }
    return entry;
}

/* Decides what can be decided of 'dp''s addresses without handing out
 * anything, from its request and the 'current' dynamic addresses (NULL if
 * none), and reserves it. */
static void
dyn_port_decide(struct dyn_port *dp, const struct lport_addresses *current,
                struct macam *macam)
{
    struct switch_ipam *ipam = dp->ipam;

    /* MAC: the requested one, or the current one if it is a generated one
     * no other port took. */
    if (dp->req.has_mac) {
        dp->mac = DYN_KNOWN;
        dp->mac_addr = dp->req.mac;
        macam_take(macam, dp->mac_addr, true);
    } else if (current && macam_has_prefix(macam, current->ea)
               && !macam_contains(macam, eth_addr_to_uint64(current->ea))) {
        dp->mac = DYN_KNOWN;
        dp->mac_addr = current->ea;
        macam_take(macam, dp->mac_addr, false);
    } else {
        dp->mac = DYN_ALLOCATE;
    }

    /* IPv4: only with a subnet; the requested one, or the current one if
     * it is still in the subnet and free. */
    if (!ipam->allocated_ipv4s) {
        dp->ipv4 = DYN_NONE;
    } else if (dp->req.has_ipv4) {
        dp->ipv4 = DYN_KNOWN;
        dp->ipv4_addr = ntohl(dp->req.ipv4);
        if (!switch_ipam_take_ipv4(ipam, dp->ipv4_addr)) {
            static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 1);
            VLOG_WARN_RL(&rl, "Duplicate IP set on switch %s: "IP_FMT,
                         dp->op->od->nbs->name, IP_ARGS(dp->req.ipv4));
        }
    } else if (current && current->n_ipv4_addrs
               && switch_ipam_ipv4_is_free(
                   ipam, ntohl(current->ipv4_addrs[0].addr))) {
        dp->ipv4 = DYN_KNOWN;
        dp->ipv4_addr = ntohl(current->ipv4_addrs[0].addr);
        switch_ipam_take_ipv4(ipam, dp->ipv4_addr);
    } else {
        dp->ipv4 = DYN_ALLOCATE;
    }
}

/* Hands out what 'dp' still needs, formats its dynamic addresses and
 * writes them to the Northbound database if they changed.  Returns true if
 * they did. */
static bool
dyn_port_finish(struct dyn_port *dp, struct macam *macam,
                const struct northd_context *ctx)
{
    const struct nbrec_logical_switch_port *nbsp = dp->op->nbsp;
    struct switch_ipam *ipam = dp->ipam;

    if (dp->ipv4 == DYN_ALLOCATE) {
        dp->ipv4_addr = switch_ipam_allocate_ipv4(ipam);
        if (dp->ipv4_addr) {
            dp->ipv4 = DYN_KNOWN;
            VLOG_INFO("Assigned dynamic IPv4 address '"IP_FMT"' to port "
                      "'%s'", IP_ARGS(htonl(dp->ipv4_addr)), nbsp->name);
        } else {
            dp->ipv4 = DYN_NONE;
        }
    }
    if (dp->mac == DYN_ALLOCATE) {
        uint32_t ip = dp->ipv4 == DYN_KNOWN ? dp->ipv4_addr : 0;
        if (!macam_allocate(macam, ip, &dp->mac_addr)) {
            dp->mac_addr = eth_addr_zero;
        }
        VLOG_INFO("Assigned dynamic MAC address '"ETH_ADDR_FMT"' to port "
                  "'%s'", ETH_ADDR_ARGS(dp->mac_addr), nbsp->name);
    }

    struct ds addresses = DS_EMPTY_INITIALIZER;
    ds_put_format(&addresses, ETH_ADDR_FMT, ETH_ADDR_ARGS(dp->mac_addr));
    if (dp->ipv4 == DYN_KNOWN) {
        ds_put_format(&addresses, " "IP_FMT, IP_ARGS(htonl(dp->ipv4_addr)));
    }
    if (ipam->ipv6_prefix_set) {
        /* The requested IPv6 address, if it is in the prefix, or else one
         * made of the prefix and the MAC. */
        struct in6_addr ip6;
        struct in6_addr masked = ipv6_addr_bitand(&dp->req.ipv6,
                                                  &ipam->ipv6_prefix);
        if (dp->req.has_ipv6
            && ipv6_addr_equals(&masked, &ipam->ipv6_prefix)) {
            ip6 = dp->req.ipv6;
        } else {
            in6_generate_eui64(dp->mac_addr, &ipam->ipv6_prefix, &ip6);
        }
        char ip6_s[INET6_ADDRSTRLEN + 1];
        ipv6_string_mapped(ip6_s, &ip6);
        ds_put_format(&addresses, " %s", ip6_s);
    }

    bool changed = !nullable_string_is_equal(nbsp->dynamic_addresses,
                                             ds_cstr(&addresses));
    if (changed && ctx->ovnnb_txn) {
        nbrec_logical_switch_port_set_dynamic_addresses(nbsp,
                                                        ds_cstr(&addresses));
    }
    ds_destroy(&addresses);
    return changed;
}

/* Removes 'nbsp''s dynamic addresses, if it has any.  Returns true if it
 * had. */
static bool
lsp_clear_dynamic_addresses(const struct nbrec_logical_switch_port *nbsp,
                            const struct northd_context *ctx)
{
    if (!nbsp->dynamic_addresses) {
        return false;
    }
    if (ctx->ovnnb_txn) {
        nbrec_logical_switch_port_set_dynamic_addresses(nbsp, NULL);
    }
    return true;
}

/* Reserves the addresses that ports own statically: those of every switch
 * port (MACs everywhere, IPv4 in its switch) and of every router port (its
 * MAC, and its IPv4 addresses in the switch it connects to). */
static void
ipam_reserve_static(struct northd_data *data, struct switch_ipam *ipams,
                    struct macam *macam)
{
    struct lport_addresses laddrs;
    for (size_t i = 0; i < data->datapaths.n; i++) {
        struct ovn_datapath *od = data->datapaths.array[i];
        struct ovn_port *op;
        OVN_DATAPATH_FOR_EACH_PORT (op, od) {
            if (op->nbsp) {
                const struct nbrec_logical_switch_port *nbsp = op->nbsp;
                for (size_t j = 0; j < nbsp->n_addresses; j++) {
                    const char *address = nbsp->addresses[j];
                    if (!strcmp(address, "unknown")
                        || !strcmp(address, "router")
                        || is_dynamic_lsp_address(address)
                        || !extract_lsp_addresses(address, &laddrs)) {
                        continue;
                    }
                    macam_take(macam, laddrs.ea, true);
                    for (size_t k = 0; k < laddrs.n_ipv4_addrs; k++) {
                        switch_ipam_take_ipv4(
                            &ipams[od->index],
                            ntohl(laddrs.ipv4_addrs[k].addr));
                    }
                    destroy_lport_addresses(&laddrs);
                }
            } else if (op->nbrp && !op->is_chassisredirect) {
                macam_take(macam, op->lrp_networks.ea, true);
                struct ovn_port *peer = op->peer;
                if (peer && peer->nbsp && peer->od->nbs) {
                    struct switch_ipam *ipam = &ipams[peer->od->index];
                    const struct lport_addresses *n = &op->lrp_networks;
                    for (size_t k = 0; k < n->n_ipv4_addrs; k++) {
                        switch_ipam_take_ipv4(ipam,
                                              ntohl(n->ipv4_addrs[k].addr));
                    }
                }
            }
        }
    }
}

/* A switch port, in the table that orders address allocation. */
struct ipam_order_node {
    struct hmap_node hmap_node; /* By hash of the port name. */
    struct ovn_port *op;        /* The port. */
};

/* Hands out and keeps the dynamic addresses of the switch ports of 'data'
 * (some of whose switches, described by 'ipams', manage addresses), adding
 * to 'changed' the ports whose dynamic addresses changed. */
static void
ipam_assign(struct northd_data *data, const struct northd_context *ctx,
            struct switch_ipam *ipams, struct hmapx *changed)
{
    struct ovn_datapaths *dps = &data->datapaths;
    struct macam macam;
    hmap_init(&macam.macs);
    macam.prefix = (eth_addr_to_uint64(ctx->config->mac_prefix)
                    & ~(uint64_t) MAC_SUFFIX_BITS);
    ipam_reserve_static(data, ipams, &macam);

    /* The allocation order. */
    struct hmap order = HMAP_INITIALIZER(&order);
    for (size_t i = 0; i < dps->n; i++) {
        struct ovn_port *op;
        OVN_DATAPATH_FOR_EACH_PORT (op, dps->array[i]) {
            if (op->nbsp) {
                struct ipam_order_node *node = xmalloc(sizeof *node);
                node->op = op;
                hmap_insert(&order, &node->hmap_node,
                            hash_string(op->key, 0));
            }
        }
    }

    /* First pass: keep what is still valid; queue what needs handing
     * out. */
    struct ovs_list pending = OVS_LIST_INITIALIZER(&pending);
    struct ipam_order_node *node;
    HMAP_FOR_EACH (node, hmap_node, &order) {
        struct ovn_port *op = node->op;
        struct switch_ipam *ipam = &ipams[op->od->index];
        if (!switch_ipam_enabled(ipam)) {
            if (lsp_clear_dynamic_addresses(op->nbsp, ctx)) {
                hmapx_add(changed, op);
            }
            continue;
        }
        if (op->peer) {
            /* Ports to routers take their addresses from the router. */
            continue;
        }
        const char *entry = lsp_dynamic_entry(op->nbsp);
        if (!entry) {
            if (lsp_clear_dynamic_addresses(op->nbsp, ctx)) {
                hmapx_add(changed, op);
            }
            continue;
        }

        struct dyn_port *dp = xzalloc(sizeof *dp);
        dp->op = op;
        dp->ipam = ipam;
        dyn_request_parse(entry, &dp->req);

        struct lport_addresses current;
        bool has_current = (op->nbsp->dynamic_addresses
                            && extract_lsp_addresses(
                                op->nbsp->dynamic_addresses, &current));
        dyn_port_decide(dp, has_current ? &current : NULL, &macam);
        if (has_current) {
            destroy_lport_addresses(&current);
        }

        if (dp->mac == DYN_ALLOCATE || dp->ipv4 == DYN_ALLOCATE) {
            ovs_list_push_back(&pending, &dp->list_node);
        } else {
            if (dyn_port_finish(dp, &macam, ctx)) {
                hmapx_add(changed, op);
            }
            free(dp);
        }
    }

    /* Second pass: hand out new addresses. */
    struct dyn_port *dp;
    LIST_FOR_EACH_POP (dp, list_node, &pending) {
        if (dyn_port_finish(dp, &macam, ctx)) {
            hmapx_add(changed, dp->op);
        }
        free(dp);
    }

    HMAP_FOR_EACH_POP (node, hmap_node, &order) {
        free(node);
    }
    hmap_destroy(&order);
    struct macam_node *mn;
    HMAP_FOR_EACH_POP (mn, hmap_node, &macam.macs) {
        free(mn);
    }
    hmap_destroy(&macam.macs);
}

/* Hands out, keeps and withdraws the dynamic addresses of every switch
 * port of 'data' as their configuration requires, writing the changes to
 * the Northbound database and parsing the changed ports' addresses
 * again. */
void
ipam_run(struct northd_data *data, const struct northd_context *ctx)
{
    struct ovn_datapaths *dps = &data->datapaths;
    struct switch_ipam *ipams = xcalloc(MAX(dps->n, 1), sizeof *ipams);
    bool any_enabled = false;

    for (size_t i = 0; i < dps->n; i++) {
        if (dps->array[i]->nbs) {
            switch_ipam_init(&ipams[i], dps->array[i]);
            any_enabled |= switch_ipam_enabled(&ipams[i]);
        }
    }

    struct hmapx changed = HMAPX_INITIALIZER(&changed);
    if (any_enabled) {
        ipam_assign(data, ctx, ipams, &changed);
    } else {
        /* Nothing to hand out: only stale dynamic addresses to remove. */
        for (size_t i = 0; i < dps->n; i++) {
            struct ovn_port *op;
            OVN_DATAPATH_FOR_EACH_PORT (op, dps->array[i]) {
                if (op->nbsp && lsp_clear_dynamic_addresses(op->nbsp, ctx)) {
                    hmapx_add(&changed, op);
                }
            }
        }
    }

    /* The ports' parsed addresses must reflect what was just written. */
    struct hmapx_node *hn;
    HMAPX_FOR_EACH (hn, &changed) {
        ovn_port_refresh_lsp(hn->data);
    }
    hmapx_destroy(&changed);
    for (size_t i = 0; i < dps->n; i++) {
        bitmap_free(ipams[i].allocated_ipv4s);
    }
    free(ipams);
}
