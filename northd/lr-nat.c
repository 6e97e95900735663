/* lr-nat.c: the NAT rules of a logical router, parsed and checked (see
 * lr-nat.h). */

#include <config.h>

#include "northd/lr-nat.h"

#include <string.h>

#include "lib/ovn-nb-idl.h"
#include "northd/lr-common.h"
#include "northd/northd.h"
#include "openvswitch/vlog.h"
#include "packets.h"
#include "smap.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(lr_nat);

/* Returns the name of 'type' as the Northbound database spells it. */
const char *
lr_nat_type_name(enum lr_nat_type type)
{
    switch (type) {
    case LR_NAT_SNAT:
        return "snat";
    case LR_NAT_DNAT:
        return "dnat";
    case LR_NAT_DNAT_AND_SNAT:
        return "dnat_and_snat";
    }
    OVS_NOT_REACHED();
}

/* Returns the type that the Northbound 'type' column names.  (The schema
 * allows nothing else.) */
static enum lr_nat_type
lr_nat_type_from_string(const char *type)
{
    return (!strcmp(type, "snat") ? LR_NAT_SNAT
            : !strcmp(type, "dnat") ? LR_NAT_DNAT
            : LR_NAT_DNAT_AND_SNAT);
}

/* Records 'ip' as an SNAT external address of 'nat', used by 'entry' (or
 * only by a force-SNAT option if 'entry' is NULL).  The first rule that
 * uses an address is the one that represents it. */
static void
lr_nat_add_snat_ip(struct lr_nat *nat, const char *ip,
                   const struct lr_nat_entry *entry)
{
    struct shash_node *node = shash_find(&nat->snat_ips, ip);
    if (!node) {
        shash_add(&nat->snat_ips, ip, entry);
    } else if (!node->data) {
        node->data = CONST_CAST(struct lr_nat_entry *, entry);
    }
}

/* Parses router 'od''s option KEY_TYPE_force_snat_ip into 'addrs'.
 * Returns false (with 'addrs' empty) if it is unset or does not parse. */
static bool
lr_nat_get_force_snat_ip(const struct ovn_datapath *od, const char *key_type,
                         struct lport_addresses *addrs)
{
    char *key = xasprintf("%s_force_snat_ip", key_type);
    const char *value = smap_get(&od->nbr->options, key);
    free(key);

    memset(addrs, 0, sizeof *addrs);
    if (!value) {
        return false;
    }
    if (!extract_ip_addresses(value, addrs)) {
        static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 1);
        VLOG_WARN_RL(&rl, "bad ip %s in options of router "UUID_FMT"",
                     value, UUID_ARGS(&od->nbr->header_.uuid));
        memset(addrs, 0, sizeof *addrs);
        return false;
    }
    return true;
}

/* Adds the first IPv4 and the first IPv6 address of 'addrs' to the SNAT
 * addresses of 'nat'. */
static void
lr_nat_add_force_snat_ips(struct lr_nat *nat,
                          const struct lport_addresses *addrs)
{
    if (addrs->n_ipv4_addrs) {
        lr_nat_add_snat_ip(nat, addrs->ipv4_addrs[0].addr_s, NULL);
    }
    if (addrs->n_ipv6_addrs) {
        lr_nat_add_snat_ip(nat, addrs->ipv6_addrs[0].addr_s, NULL);
    }
}

/* Whether 'ip' (text) is an address of one of the ports of router 'od'. */
bool
lr_nat_ip_is_router_ip(const struct ovn_datapath *od, const char *ip)
{
    const struct ovn_port *op;
    OVN_DATAPATH_FOR_EACH_PORT (op, od) {
        if (!op->nbrp || op->is_chassisredirect) {
            continue;
        }
        const struct lport_addresses *n = &op->lrp_networks;
        for (size_t i = 0; i < n->n_ipv4_addrs; i++) {
            if (!strcmp(n->ipv4_addrs[i].addr_s, ip)) {
                return true;
            }
        }
        for (size_t i = 0; i < n->n_ipv6_addrs; i++) {
            if (!strcmp(n->ipv6_addrs[i].addr_s, ip)) {
                return true;
            }
        }
    }
    return false;
}

/* Finds the distributed gateway port of router 'od' that NAT rule 'nb'
 * applies to: its gateway_port, or the only one, or the one whose networks
 * hold its external address.  Returns false, logging why, if there is
 * none; on gateway routers (no such ports) stores NULL and returns
 * true. */
static bool
lr_nat_find_gateway_port(const struct ovn_datapath *od,
                         const struct nbrec_nat *nb,
                         const struct ovn_port **portp)
{
    *portp = NULL;
    if (!nb->gateway_port) {
        if (od->n_l3dgw_ports == 1) {
            *portp = od->l3dgw_ports[0];
        } else if (od->n_l3dgw_ports > 1) {
            for (size_t i = 0; i < od->n_l3dgw_ports; i++) {
                if (lrp_find_member_ip(od->l3dgw_ports[i], nb->external_ip)) {
                    *portp = od->l3dgw_ports[i];
                    break;
                }
            }
            if (!*portp) {
                static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 5);
                VLOG_WARN_RL(&rl, "Unable to determine gateway_port for NAT "
                             "with external_ip: %s configured on logical "
                             "router: %s with multiple distributed gateway "
                             "ports", nb->external_ip, od->nbr->name);
                return false;
            }
        }
        return true;
    }

    for (size_t i = 0; i < od->n_l3dgw_ports; i++) {
        if (od->l3dgw_ports[i]->nbrp == nb->gateway_port) {
            *portp = od->l3dgw_ports[i];
            return true;
        }
    }
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 5);
    VLOG_WARN_RL(&rl, "gateway_port: %s of NAT configured on logical router: "
                 "%s is not a valid distributed gateway port on that router",
                 nb->gateway_port->name, od->nbr->name);
    return false;
}

/* Checks what valid entry 'e' of router 'od' needs to be turned into flows
 * and fills in the rest of it.  Returns false, logging why, if it cannot
 * be. */
static bool
lr_nat_entry_check(struct lr_nat_entry *e, const struct ovn_datapath *od)
{
    const struct nbrec_nat *nb = e->nb;
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 1);

    if (!od->is_gw_router && !od->n_l3dgw_ports) {
        /* NAT only works on gateway routers and on routers with
         * distributed gateway ports. */
        return false;
    }
    if (nb->allowed_ext_ips && nb->exempted_ext_ips) {
        VLOG_WARN_RL(&rl, "NAT rule: "UUID_FMT" not applied, since both "
                     "allowed and exempt external ips set",
                     UUID_ARGS(&nb->header_.uuid));
        return false;
    }
    if (!lr_nat_find_gateway_port(od, nb, &e->l3dgw_port)) {
        return false;
    }

    /* The logical IP: a network for "snat", one address otherwise. */
    char *error;
    bool exact;
    if (e->is_v6) {
        struct in6_addr ip6, mask6;
        error = ipv6_parse_masked(nb->logical_ip, &ip6, &mask6);
        e->cidr_bits = error ? 0 : ipv6_count_cidr_bits(&mask6);
        exact = !error && ipv6_mask_is_exact(&mask6);
    } else {
        ovs_be32 ip4, mask4;
        error = ip_parse_masked(nb->logical_ip, &ip4, &mask4);
        e->cidr_bits = error ? 0 : ip_count_cidr_bits(mask4);
        exact = !error && mask4 == OVS_BE32_MAX;
    }
    bool bad = error != NULL;
    free(error);
    if (e->type == LR_NAT_SNAT) {
        if (bad) {
            VLOG_WARN_RL(&rl, "bad ip network or ip %s for snat in router "
                         UUID_FMT"", nb->logical_ip,
                         UUID_ARGS(&od->nbr->header_.uuid));
            return false;
        }
    } else if (!exact) {
        VLOG_WARN_RL(&rl, "bad ip %s for dnat in router "UUID_FMT"",
                     nb->logical_ip, UUID_ARGS(&od->nbr->header_.uuid));
        return false;
    }

    /* Distributed NAT needs a logical port and an external MAC. */
    e->distributed = false;
    if (od->n_l3dgw_ports && e->type == LR_NAT_DNAT_AND_SNAT
        && nb->logical_port && nb->external_mac) {
        if (!eth_addr_from_string(nb->external_mac, &e->mac)) {
            VLOG_WARN_RL(&rl, "bad mac %s for dnat in router "UUID_FMT"",
                         nb->external_mac, UUID_ARGS(&od->nbr->header_.uuid));
            return false;
        }
        e->distributed = true;
    }
    return true;
}

/* Parses the NAT rules and force-SNAT options of router 'od' into 'nat'.
 * 'od''s ports (and their distributed gateway ports) must be known. */
void
lr_nat_init(struct lr_nat *nat, const struct ovn_datapath *od)
{
    const struct nbrec_logical_router *nbr = od->nbr;

    memset(nat, 0, sizeof *nat);
    shash_init(&nat->snat_ips);
    sset_init(&nat->external_ips);
    nat->use_common_zone = (!od->is_gw_router
                            && smap_get_bool(&nbr->options,
                                             "use_common_zone", false));

    if (lr_nat_get_force_snat_ip(od, "dnat", &nat->dnat_force_snat_addrs)) {
        lr_nat_add_force_snat_ips(nat, &nat->dnat_force_snat_addrs);
    }
    const char *lb_force_snat = smap_get(&nbr->options, "lb_force_snat_ip");
    if (lb_force_snat && !strcmp(lb_force_snat, "router_ip")
        && od->is_gw_router) {
        nat->lb_force_snat_router_ip = true;
    } else if (lr_nat_get_force_snat_ip(od, "lb",
                                        &nat->lb_force_snat_addrs)) {
        lr_nat_add_force_snat_ips(nat, &nat->lb_force_snat_addrs);
    }

    nat->n_entries = nbr->n_nat;
    nat->entries = xcalloc(nbr->n_nat, sizeof *nat->entries);
    for (size_t i = 0; i < nbr->n_nat; i++) {
        struct lr_nat_entry *e = &nat->entries[i];
        const struct nbrec_nat *nb = nbr->nat[i];

        e->nb = nb;
        e->type = lr_nat_type_from_string(nb->type);
        sset_add(&nat->external_ips, nb->external_ip);

        if (!extract_ip_address(nb->external_ip, &e->ext_addrs)) {
            static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 1);
            VLOG_WARN_RL(&rl, "Bad ip address %s in nat configuration for "
                         "router %s", nb->external_ip, nbr->name);
            memset(&e->ext_addrs, 0, sizeof e->ext_addrs);
            continue;
        }
        e->is_valid = true;
        e->is_v6 = e->ext_addrs.n_ipv6_addrs > 0;
        const char *ext_ip = (e->is_v6 ? e->ext_addrs.ipv6_addrs[0].addr_s
                              : e->ext_addrs.ipv4_addrs[0].addr_s);

        if (e->type == LR_NAT_SNAT) {
            lr_nat_add_snat_ip(nat, ext_ip, e);
            e->is_router_ip = lr_nat_ip_is_router_ip(od, ext_ip);
        } else if (e->type == LR_NAT_DNAT_AND_SNAT && nb->logical_port
                   && nb->external_mac) {
            nat->has_distributed_nat = true;
        }

        e->stateless = (e->type == LR_NAT_DNAT_AND_SNAT
                        && smap_get_bool(&nb->options, "stateless", false));

        /* A bad external address with a mask is not one address. */
        struct in6_addr mask6;
        ovs_be32 ip4, mask4;
        char *error = ip_parse_masked(nb->external_ip, &ip4, &mask4);
        if (error || mask4 != OVS_BE32_MAX) {
            free(error);
            struct in6_addr ip6;
            error = ipv6_parse_masked(nb->external_ip, &ip6, &mask6);
            if (error || !ipv6_mask_is_exact(&mask6)) {
                static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 1);
                VLOG_WARN_RL(&rl, "bad external ip %s for nat",
                             nb->external_ip);
                free(error);
                continue;
            }
        }
        e->has_flows = lr_nat_entry_check(e, od);
    }
}

/* Frees what 'nat' holds. */
void
lr_nat_destroy(struct lr_nat *nat)
{
    for (size_t i = 0; i < nat->n_entries; i++) {
        destroy_lport_addresses(&nat->entries[i].ext_addrs);
    }
    free(nat->entries);
    shash_destroy(&nat->snat_ips);
    sset_destroy(&nat->external_ips);
    destroy_lport_addresses(&nat->dnat_force_snat_addrs);
    destroy_lport_addresses(&nat->lb_force_snat_addrs);
    memset(nat, 0, sizeof *nat);
}

/* Whether 'ip' (text, as ovn-northd prints addresses) is an SNAT address
 * of 'nat': an "snat" rule's or a force-SNAT option's. */
bool
lr_nat_is_snat_ip(const struct lr_nat *nat, const char *ip)
{
    return shash_find(&nat->snat_ips, ip) != NULL;
}

/* Returns the rule that represents SNAT address 'node' (a node of some
 * 'snat_ips'), or NULL if only force-SNAT options use the address. */
const struct lr_nat_entry *
lr_nat_snat_ip_entry(const struct shash_node *node)
{
    return node->data;
}

/* Whether NAT entry 'e' applies to distributed gateway port 'op': always
 * when its router has only one; otherwise when it names 'op' as its
 * gateway_port or, naming none, its external address is in one of 'op''s
 * networks. */
bool
lr_nat_entry_on_gateway_port(const struct lr_nat_entry *e,
                             const struct ovn_port *op)
{
    if (op->od->n_l3dgw_ports <= 1) {
        return true;
    }
    if (e->nb->gateway_port) {
        return e->nb->gateway_port == op->nbrp;
    }
    return lrp_find_member_ip(op, e->nb->external_ip) != NULL;
}

/* Whether NAT entry 'e' has one IPv4 host address as its external address
 * and applies to router port 'op' (see lr_nat_entry_on_gateway_port()):
 * the rules whose address a router port announces or lets neighbors route
 * to. */
bool
lr_nat_entry_is_ipv4_host_on(const struct lr_nat_entry *e,
                             const struct ovn_port *op)
{
    ovs_be32 ip, mask;
    char *error = ip_parse_masked(e->nb->external_ip, &ip, &mask);
    if (error || mask != OVS_BE32_MAX) {
        free(error);
        return false;
    }
    return lr_nat_entry_on_gateway_port(e, op);
}

/* Whether the router has some force-SNAT address (not "router_ip"). */
bool
lr_nat_has_force_snat(const struct lr_nat *nat)
{
    return (nat->dnat_force_snat_addrs.n_ipv4_addrs
            || nat->dnat_force_snat_addrs.n_ipv6_addrs
            || nat->lb_force_snat_addrs.n_ipv4_addrs
            || nat->lb_force_snat_addrs.n_ipv6_addrs);
}
