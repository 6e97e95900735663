/* logical-fields.c: the symbol table of the logical flow language.
 *
 * This module owns the definition of every symbol a logical flow may use:
 * which OpenFlow field or bits hold it, its prerequisites, which ORs of it
 * must be crossproducted, and the predicates that abbreviate common
 * tests.  The OVN fields (set only by controller actions) live here too.
 * The bit positions are those of FACTS.md and of OVN 26.03's flows. */

#include <config.h>

#include "logical-fields.h"

#include <stdio.h>
#include <string.h>

#include "expr.h"
#include "openvswitch/shash.h"
#include "util.h"

/* The OVN fields, indexed by "enum ovn_field_id". */
static const struct ovn_field ovn_fields[OVN_FIELD_N_IDS] = {
    { OVN_ICMP4_FRAG_MTU, "icmp4.frag_mtu", 2, 16 },
    { OVN_ICMP6_FRAG_MTU, "icmp6.frag_mtu", 4, 32 },
};

/* Returns the OVN field with identifier 'id'. */
const struct ovn_field *
ovn_field_from_id(enum ovn_field_id id)
{
    ovs_assert(id < OVN_FIELD_N_IDS);
    return &ovn_fields[id];
}

/* Returns the OVN field called 'name', or NULL. */
const struct ovn_field *
ovn_field_from_name(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(ovn_fields); i++) {
        if (!strcmp(ovn_fields[i].name, name)) {
            return &ovn_fields[i];
        }
    }
    return NULL;
}

/* Adds subfield 'name' for bits [low, high] of 'parent', writable in
 * 'scope'. */
static void
add_bits(struct shash *symtab, const char *name, const char *prereqs,
         const char *parent, int low, int high, enum expr_write_scope scope)
{
    char subfield[64];
    if (low == high) {
        snprintf(subfield, sizeof subfield, "%s[%d]", parent, low);
    } else {
        snprintf(subfield, sizeof subfield, "%s[%d..%d]", parent, low, high);
    }
    expr_symtab_add_subfield_scoped(symtab, name, prereqs, subfield, scope);
}

/* Logical registers.  The expression language only handles overlapping
 * fields that are declared as subfields, so the 128-bit xxregs are the
 * fields and the 64-bit xregs and 32-bit regs are their subfields (the
 * lower-numbered register holding the more significant bits), except
 * that reg8 and reg9 live in xreg4. */
static void
add_registers(struct shash *symtab)
{
    char name[16], parent[16];

    for (int xxi = 0; xxi < MFF_N_LOG_REGS / 4; xxi++) {
        snprintf(name, sizeof name, "xxreg%d", xxi);
        expr_symtab_add_field(symtab, name, MFF_XXREG0 + xxi, NULL, false);
    }
    for (int xi = 0; xi < MFF_N_LOG_REGS / 2; xi++) {
        snprintf(name, sizeof name, "xreg%d", xi);
        if (xi / 2 < MFF_N_LOG_REGS / 4) {
            int low = 64 * (1 - xi % 2);
            snprintf(parent, sizeof parent, "xxreg%d", xi / 2);
            add_bits(symtab, name, NULL, parent, low, low + 63, WR_DEFAULT);
        } else {
            expr_symtab_add_field(symtab, name, MFF_XREG0 + xi, NULL, false);
        }
    }
    for (int i = 0; i < MFF_N_LOG_REGS; i++) {
        snprintf(name, sizeof name, "reg%d", i);
        int low;
        if (i / 4 < MFF_N_LOG_REGS / 4) {
            low = 32 * (3 - i % 4);
            snprintf(parent, sizeof parent, "xxreg%d", i / 4);
        } else {
            low = 32 * (1 - i % 2);
            snprintf(parent, sizeof parent, "xreg%d", i / 2);
        }
        add_bits(symtab, name, NULL, parent, low, low + 31, WR_DEFAULT);
    }
}

/* The logical flags register and its named bits. */
static void
add_flags(struct shash *symtab)
{
    static const struct {
        const char *name;       /* Symbol name. */
        int bit;                /* Bit in the flags register. */
    } flags[] = {
        { "flags.loopback", MLF_ALLOW_LOOPBACK_BIT },
        { "flags.force_snat_for_dnat", MLF_FORCE_SNAT_FOR_DNAT_BIT },
        { "flags.force_snat_for_lb", MLF_FORCE_SNAT_FOR_LB_BIT },
        { "flags.skip_snat_for_lb", MLF_SKIP_SNAT_FOR_LB_BIT },
        { "flags.localport", MLF_LOCALPORT_BIT },
        { "flags.use_snat_zone", MLF_USE_SNAT_ZONE_BIT },
        { "flags.localnet", MLF_LOCALNET_BIT },
        { "flags.tunnel_rx", MLF_RX_FROM_TUNNEL_BIT },
        { "flags.icmp_snat", MLF_ICMP_SNAT_BIT },
        { "flags.override_local_only", MLF_OVERRIDE_LOCAL_ONLY_BIT },
        { "flags.from_ctrl", MLF_FROM_CTRL_BIT },
        { "flags.unsnat_new", MLF_UNSNAT_NEW_BIT },
        { "flags.unsnat_not_tracked", MLF_UNSNAT_NOT_TRACKED_BIT },
        { "flags.igmp_loopback", MLF_IGMP_IGMP_SNOOP_INJECT_BIT },
        { "flags.pkt_sampled", MLF_PKT_SAMPLED_BIT },
    };

    expr_symtab_add_field(symtab, "flags", MFF_LOG_FLAGS, NULL, false);
    for (size_t i = 0; i < ARRAY_SIZE(flags); i++) {
        add_bits(symtab, flags[i].name, NULL, "flags", flags[i].bit,
                 flags[i].bit, WR_DEFAULT);
    }
    add_bits(symtab, "flags.network_id", NULL, "flags",
             MLF_NETWORK_ID_START_BIT, MLF_NETWORK_ID_END_BIT, WR_DEFAULT);
}

/* Connection tracking: state bits, the mark and label with OVN's
 * subfields (written only inside ct_commit), and the original direction
 * tuple. */
static void
add_conntrack(struct shash *symtab)
{
    expr_symtab_add_field(symtab, "ct_state", MFF_CT_STATE, NULL, false);

    /* ct.trk comes first: the other bits have it as prerequisite, since
     * they mean nothing for untracked packets. */
    static const struct {
        const char *name;       /* Symbol name. */
        int bit;                /* Bit in ct_state. */
    } ct_bits[] = {
        { "ct.trk", 5 },
        { "ct.new", 0 },
        { "ct.est", 1 },
        { "ct.rel", 2 },
        { "ct.rpl", 3 },
        { "ct.inv", 4 },
        { "ct.snat", 6 },
        { "ct.dnat", 7 },
    };
    for (size_t i = 0; i < ARRAY_SIZE(ct_bits); i++) {
        add_bits(symtab, ct_bits[i].name, i ? "ct.trk" : NULL, "ct_state",
                 ct_bits[i].bit, ct_bits[i].bit, 0);
    }

    static const struct {
        const char *name;       /* Symbol name. */
        const char *parent;     /* "ct_mark" or "ct_label". */
        int low, high;          /* Bits. */
    } ct_subfields[] = {
        { "ct_mark.blocked", "ct_mark",
          OVN_CT_BLOCKED_BIT, OVN_CT_BLOCKED_BIT },
        { "ct_mark.natted", "ct_mark",
          OVN_CT_NATTED_BIT, OVN_CT_NATTED_BIT },
        { "ct_mark.skip_snat", "ct_mark",
          OVN_CT_LB_SKIP_SNAT_BIT, OVN_CT_LB_SKIP_SNAT_BIT },
        { "ct_mark.force_snat", "ct_mark",
          OVN_CT_LB_FORCE_SNAT_BIT, OVN_CT_LB_FORCE_SNAT_BIT },
        { "ct_mark.obs_stage", "ct_mark",
          OVN_CT_OBS_STAGE_1ST_BIT, OVN_CT_OBS_STAGE_END_BIT },
        { "ct_mark.allow_established", "ct_mark",
          OVN_CT_ALLOW_ESTABLISHED_BIT, OVN_CT_ALLOW_ESTABLISHED_BIT },
        { "ct_mark.obs_collector_id", "ct_mark",
          OVN_CT_OBS_COLLECTOR_ID_1ST_BIT, OVN_CT_OBS_COLLECTOR_ID_END_BIT },
        { "ct_mark.ecmp_reply_port", "ct_mark",
          OVN_CT_ECMP_REPLY_PORT_1ST_BIT, OVN_CT_ECMP_REPLY_PORT_END_BIT },
        { "ct_label.blocked", "ct_label", 0, 0 },
        { "ct_label.natted", "ct_label", 1, 1 },
        { "ct_label.nf", "ct_label",
          OVN_CT_LABEL_NF_BIT, OVN_CT_LABEL_NF_BIT },
        { "ct_label.nf_id", "ct_label",
          OVN_CT_LABEL_NF_ID_1ST_BIT, OVN_CT_LABEL_NF_ID_END_BIT },
        { "ct_label.ecmp_reply_eth", "ct_label",
          OVN_CT_LABEL_ECMP_REPLY_ETH_1ST_BIT,
          OVN_CT_LABEL_ECMP_REPLY_ETH_END_BIT },
        { "ct_label.ecmp_reply_port", "ct_label",
          OVN_CT_LABEL_ACL_ID_1ST_BIT, OVN_CT_LABEL_ACL_ID_END_BIT },
        { "ct_label.acl_id", "ct_label",
          OVN_CT_LABEL_ACL_ID_1ST_BIT, OVN_CT_LABEL_ACL_ID_END_BIT },
        { "ct_label.label", "ct_label",
          OVN_CT_LABEL_OBS_POINT_ID_1ST_BIT,
          OVN_CT_LABEL_OBS_POINT_ID_END_BIT },
        { "ct_label.obs_point_id", "ct_label",
          OVN_CT_LABEL_OBS_POINT_ID_1ST_BIT,
          OVN_CT_LABEL_OBS_POINT_ID_END_BIT },
    };
    expr_symtab_add_field_scoped(symtab, "ct_mark", MFF_CT_MARK, NULL, false,
                                 WR_CT_COMMIT);
    expr_symtab_add_field_scoped(symtab, "ct_label", MFF_CT_LABEL, NULL,
                                 false, WR_CT_COMMIT);
    for (size_t i = 0; i < ARRAY_SIZE(ct_subfields); i++) {
        add_bits(symtab, ct_subfields[i].name, NULL, ct_subfields[i].parent,
                 ct_subfields[i].low, ct_subfields[i].high, WR_CT_COMMIT);
    }

    /* Original direction tuple.  OpenFlow only lets a flow test these
     * for valid (tracked, not invalid) connections. */
    expr_symtab_add_field(symtab, "ct_nw_src", MFF_CT_NW_SRC,
                          "ct.trk && !ct.inv && ip4", false);
    expr_symtab_add_field(symtab, "ct_nw_dst", MFF_CT_NW_DST,
                          "ct.trk && !ct.inv && ip4", false);
    expr_symtab_add_field(symtab, "ct_ip6_src", MFF_CT_IPV6_SRC,
                          "ct.trk && !ct.inv && ip6", false);
    expr_symtab_add_field(symtab, "ct_ip6_dst", MFF_CT_IPV6_DST,
                          "ct.trk && !ct.inv && ip6", false);
    expr_symtab_add_field(symtab, "ct_proto", MFF_CT_NW_PROTO,
                          "ct.trk && !ct.inv && ip", false);
    expr_symtab_add_field(symtab, "ct_tp_src", MFF_CT_TP_SRC,
                          "ct.trk && !ct.inv && ip", false);
    expr_symtab_add_field(symtab, "ct_tp_dst", MFF_CT_TP_DST,
                          "ct.trk && !ct.inv && ip", false);
}

/* Ethernet and VLAN. */
static void
add_l2(struct shash *symtab)
{
    expr_symtab_add_field(symtab, "eth.src", MFF_ETH_SRC, NULL, false);
    expr_symtab_add_field(symtab, "eth.dst", MFF_ETH_DST, NULL, false);
    expr_symtab_add_field(symtab, "eth.type", MFF_ETH_TYPE, NULL, true);
    expr_symtab_add_predicate(symtab, "eth.bcast",
                              "eth.dst == ff:ff:ff:ff:ff:ff");
    expr_symtab_add_predicate(symtab, "eth.mcast", "eth.dst[40]");
    expr_symtab_add_predicate(symtab, "eth.mcastv6",
                              "eth.dst[32..47] == 0x3333");

    expr_symtab_add_field(symtab, "vlan.tci", MFF_VLAN_TCI, NULL, false);
    expr_symtab_add_predicate(symtab, "vlan.present", "vlan.tci[12]");
    expr_symtab_add_subfield(symtab, "vlan.pcp", "vlan.present",
                             "vlan.tci[13..15]");
    expr_symtab_add_subfield(symtab, "vlan.vid", "vlan.present",
                             "vlan.tci[0..11]");
}

/* IPv4 and IPv6, with the multicast predicates. */
static void
add_l3(struct shash *symtab)
{
    expr_symtab_add_predicate(symtab, "ip4", "eth.type == 0x800");
    expr_symtab_add_predicate(symtab, "ip6", "eth.type == 0x86dd");
    expr_symtab_add_predicate(symtab, "ip", "ip4 || ip6");
    expr_symtab_add_field(symtab, "ip.proto", MFF_IP_PROTO, "ip", true);
    expr_symtab_add_field(symtab, "ip.dscp", MFF_IP_DSCP_SHIFTED, "ip",
                          false);
    expr_symtab_add_field(symtab, "ip.ecn", MFF_IP_ECN, "ip", false);
    expr_symtab_add_field(symtab, "ip.ttl", MFF_IP_TTL, "ip", false);
    expr_symtab_add_field(symtab, "ip.frag", MFF_IP_FRAG, "ip", false);
    expr_symtab_add_predicate(symtab, "ip.is_frag", "ip.frag[0]");
    expr_symtab_add_predicate(symtab, "ip.later_frag", "ip.frag[1]");
    expr_symtab_add_predicate(symtab, "ip.first_frag",
                              "ip.is_frag && !ip.later_frag");

    expr_symtab_add_field(symtab, "ip4.src", MFF_IPV4_SRC, "ip4", false);
    expr_symtab_add_field(symtab, "ip4.dst", MFF_IPV4_DST, "ip4", false);
    expr_symtab_add_predicate(symtab, "ip4.src_mcast",
                              "ip4.src[28..31] == 0xe");
    expr_symtab_add_predicate(symtab, "ip4.mcast",
                              "eth.mcast && ip4.dst[28..31] == 0xe");

    expr_symtab_add_field(symtab, "ip6.src", MFF_IPV6_SRC, "ip6", false);
    expr_symtab_add_field(symtab, "ip6.dst", MFF_IPV6_DST, "ip6", false);
    expr_symtab_add_field(symtab, "ip6.label", MFF_IPV6_LABEL, "ip6",
                          false);

    /* IPv6 multicast groups that are flooded rather than snooped: the
     * reserved ff0X:: addresses, all-nodes, all-routers and
     * solicited-node (RFC 4291, 2.7.1). */
    expr_symtab_add_predicate(symtab, "ip6.mcast_rsvd",
                              "ip6.dst == {ff00::, ff01::, ff02::, ff03::, "
                              "ff04::, ff05::, ff06::, ff07::, ff08::, "
                              "ff09::, ff0a::, ff0b::, ff0c::, ff0d::, "
                              "ff0e::, ff0f::}");
    expr_symtab_add_predicate(symtab, "ip6.mcast_all_nodes",
                              "ip6.dst == ff01::1 || ip6.dst == ff02::1");
    expr_symtab_add_predicate(symtab, "ip6.mcast_all_rtrs",
                              "ip6.dst == ff01::2 || ip6.dst == ff02::2 || "
                              "ip6.dst == ff05::2");
    expr_symtab_add_predicate(symtab, "ip6.mcast_sol_node",
                              "ip6.dst == ff02::1:ff00:0000/104");
    expr_symtab_add_predicate(symtab, "ip6.mcast_flood",
                              "eth.mcastv6 && (ip6.mcast_rsvd || "
                              "ip6.mcast_all_nodes || ip6.mcast_all_rtrs || "
                              "ip6.mcast_sol_node)");
    expr_symtab_add_predicate(symtab, "ip6.mcast",
                              "eth.mcastv6 && ip6.dst[120..127] == 0xff");
}

/* ICMP, IGMP, neighbor discovery and MLD. */
static void
add_icmp(struct shash *symtab)
{
    expr_symtab_add_predicate(symtab, "icmp4", "ip4 && ip.proto == 1");
    expr_symtab_add_field(symtab, "icmp4.type", MFF_ICMPV4_TYPE, "icmp4",
                          false);
    expr_symtab_add_field(symtab, "icmp4.code", MFF_ICMPV4_CODE, "icmp4",
                          false);
    /* IGMP goes to IPv4 multicast groups. */
    expr_symtab_add_predicate(symtab, "igmp", "ip4.mcast && ip.proto == 2");

    expr_symtab_add_predicate(symtab, "icmp6", "ip6 && ip.proto == 58");
    expr_symtab_add_field(symtab, "icmp6.type", MFF_ICMPV6_TYPE, "icmp6",
                          true);
    expr_symtab_add_field(symtab, "icmp6.code", MFF_ICMPV6_CODE, "icmp6",
                          true);
    expr_symtab_add_predicate(symtab, "icmp", "icmp4 || icmp6");

    expr_symtab_add_predicate(symtab, "nd",
                              "icmp6.type == {135, 136} && icmp6.code == 0 "
                              "&& ip.ttl == 255");
    expr_symtab_add_predicate(symtab, "nd_ns",
                              "icmp6.type == 135 && icmp6.code == 0 && "
                              "ip.ttl == 255");
    expr_symtab_add_predicate(symtab, "nd_na",
                              "icmp6.type == 136 && icmp6.code == 0 && "
                              "ip.ttl == 255");
    expr_symtab_add_predicate(symtab, "nd_rs",
                              "icmp6.type == 133 && icmp6.code == 0 && "
                              "ip.ttl == 255");
    expr_symtab_add_predicate(symtab, "nd_ra",
                              "icmp6.type == 134 && icmp6.code == 0 && "
                              "ip.ttl == 255");
    expr_symtab_add_predicate(symtab, "nd_ns_mcast",
                              "ip6.mcast && icmp6.type == 135 && "
                              "icmp6.code == 0 && ip.ttl == 255");
    expr_symtab_add_field(symtab, "nd.target", MFF_ND_TARGET, "nd", false);
    expr_symtab_add_field(symtab, "nd.sll", MFF_ND_SLL, "nd_ns", false);
    expr_symtab_add_field(symtab, "nd.tll", MFF_ND_TLL, "nd_na", false);

    /* MLD reports and queries go to IPv6 multicast MACs; MLDv1 uses
     * link-local sources (RFC 2710), MLDv2 reports go to ff02::16 (RFC
     * 3810). */
    expr_symtab_add_predicate(symtab, "mldv1",
                              "eth.mcastv6 && ip6.src == fe80::/10 && "
                              "icmp6.type == {130, 131, 132}");
    expr_symtab_add_predicate(symtab, "mldv2",
                              "eth.mcastv6 && ip6.dst == ff02::16 && "
                              "icmp6.type == 143");
}

/* ARP, RARP, TCP, UDP and SCTP. */
static void
add_l4(struct shash *symtab)
{
    expr_symtab_add_predicate(symtab, "arp", "eth.type == 0x806");
    expr_symtab_add_field(symtab, "arp.op", MFF_ARP_OP, "arp", false);
    expr_symtab_add_field(symtab, "arp.spa", MFF_ARP_SPA, "arp", false);
    expr_symtab_add_field(symtab, "arp.sha", MFF_ARP_SHA, "arp", false);
    expr_symtab_add_field(symtab, "arp.tpa", MFF_ARP_TPA, "arp", false);
    expr_symtab_add_field(symtab, "arp.tha", MFF_ARP_THA, "arp", false);

    expr_symtab_add_predicate(symtab, "rarp", "eth.type == 0x8035");
    expr_symtab_add_field(symtab, "rarp.op", MFF_ARP_OP, "rarp", false);
    expr_symtab_add_field(symtab, "rarp.spa", MFF_ARP_SPA, "rarp", false);
    expr_symtab_add_field(symtab, "rarp.sha", MFF_ARP_SHA, "rarp", false);
    expr_symtab_add_field(symtab, "rarp.tpa", MFF_ARP_TPA, "rarp", false);
    expr_symtab_add_field(symtab, "rarp.tha", MFF_ARP_THA, "rarp", false);

    expr_symtab_add_predicate(symtab, "tcp", "ip.proto == 6");
    expr_symtab_add_field(symtab, "tcp.src", MFF_TCP_SRC, "tcp", false);
    expr_symtab_add_field(symtab, "tcp.dst", MFF_TCP_DST, "tcp", false);
    expr_symtab_add_field(symtab, "tcp.flags", MFF_TCP_FLAGS, "tcp", false);

    expr_symtab_add_predicate(symtab, "udp", "ip.proto == 17");
    expr_symtab_add_field(symtab, "udp.src", MFF_UDP_SRC, "udp", false);
    expr_symtab_add_field(symtab, "udp.dst", MFF_UDP_DST, "udp", false);

    expr_symtab_add_predicate(symtab, "sctp", "ip.proto == 132");
    expr_symtab_add_field(symtab, "sctp.src", MFF_SCTP_SRC, "sctp", false);
    expr_symtab_add_field(symtab, "sctp.dst", MFF_SCTP_DST, "sctp", false);
}

/* Initializes 'symtab' and fills it with every symbol of the logical flow
 * language.  Free it with expr_symtab_destroy(). */
void
ovn_init_symtab(struct shash *symtab)
{
    shash_init(symtab);

    /* Logical ports, as names that map to keys in reg14 and reg15. */
    expr_symtab_add_string(symtab, "inport", MFF_LOG_INPORT, NULL);
    expr_symtab_add_string(symtab, "outport", MFF_LOG_OUTPORT, NULL);
    expr_symtab_add_string(symtab, "remote_outport", MFF_LOG_REMOTE_OUTPORT,
                           NULL);

    /* Ports of an EVPN VTEP have keys with bit 31 set.  The keys are not
     * otherwise visible as numbers, so read-only fields expose them to
     * the predicates. */
    expr_symtab_add_field_scoped(symtab, "inport_key", MFF_LOG_INPORT, NULL,
                                 false, 0);
    expr_symtab_add_field_scoped(symtab, "outport_key", MFF_LOG_OUTPORT,
                                 NULL, false, 0);
    expr_symtab_add_predicate(symtab, "from_evpn_vtep", "inport_key[31]");
    expr_symtab_add_predicate(symtab, "to_evpn_vtep", "outport_key[31]");

    add_registers(symtab);
    add_flags(symtab);
    add_conntrack(symtab);

    expr_symtab_add_field(symtab, "pkt.mark", MFF_PKT_MARK, NULL, false);

    add_l2(symtab);
    add_l3(symtab);
    add_icmp(symtab);
    add_l4(symtab);

    expr_symtab_add_ovn_field(symtab,
                              ovn_field_from_id(OVN_ICMP4_FRAG_MTU),
                              "icmp4");
    expr_symtab_add_ovn_field(symtab,
                              ovn_field_from_id(OVN_ICMP6_FRAG_MTU),
                              "icmp6");
}
