/* logical-fields.h: how OVN's logical fields map onto OpenFlow.
 *
 * The registers that hold logical metadata (datapath, ports, flags,
 * conntrack zones), the bits of the logical flags register, the bits that
 * OVN keeps in ct_mark and ct_label, the "OVN fields" that only
 * controller actions can set, and ovn_init_symtab(), which fills a symbol
 * table with every field, subfield and predicate of the logical flow
 * language (see ovn-sb(5)).  These numbers are interfaces: flows already
 * installed, ovn-trace and ovn-detrace all depend on them. */

#ifndef OVN_LOGICAL_FIELDS_H
#define OVN_LOGICAL_FIELDS_H 1

#include "openvswitch/meta-flow.h"

struct shash;

/* Registers that hold logical metadata. */
#define MFF_LOG_DATAPATH MFF_METADATA /* Logical datapath (tunnel key). */
#define MFF_LOG_FLAGS    MFF_REG10    /* Logical flags (MLF_*). */
#define MFF_LOG_DNAT_ZONE MFF_REG11   /* Gateway router DNAT zone. */
#define MFF_LOG_SNAT_ZONE MFF_REG12   /* Gateway router SNAT zone. */
#define MFF_LOG_CT_ZONE  MFF_REG13    /* Logical port conntrack zone. */
#define MFF_LOG_INPORT   MFF_REG14    /* Logical input port key. */
#define MFF_LOG_OUTPORT  MFF_REG15    /* Logical output port key. */
#define MFF_LOG_TUN_OFPORT MFF_REG5   /* Tunnel ofport, bits 16..31. */
#define MFF_LOG_REMOTE_OUTPORT MFF_REG1 /* Remote output port. */

/* Logical registers reg0...reg9, as subfields of xxreg0, xxreg1 and
 * xreg4. */
#define MFF_N_LOG_REGS 10
#define MFF_LOG_REG0 MFF_REG0
#define MFF_LOG_XXREG0 MFF_XXREG0

/* Registers that load balancing and conntrack actions use. */
#define MFF_LOG_LB_ORIG_DIP_IPV4 MFF_REG4   /* Original destination IPv4. */
#define MFF_LOG_LB_ORIG_TP_DPORT MFF_REG2   /* Original destination port. */
#define MFF_LOG_LB_ORIG_DIP_IPV6 MFF_XXREG1 /* Original destination IPv6. */
#define MFF_LOG_LB_AFF_MATCH_IP4_ADDR MFF_REG4
#define MFF_LOG_LB_AFF_MATCH_IP6_ADDR MFF_XXREG1
#define MFF_LOG_LB_AFF_MATCH_PORT MFF_REG2
#define MFF_LOG_CT_SAVED_STATE MFF_REG4     /* Saved ct_state. */
#define MFF_LOG_RESULT_REG MFF_XXREG1       /* Result of lookups. */

/* Bit numbers in the logical flags register (MFF_LOG_FLAGS). */
enum mff_log_flags_bits {
    MLF_ALLOW_LOOPBACK_BIT = 0,
    MLF_RCV_FROM_RAMP_BIT = 1,
    MLF_FORCE_SNAT_FOR_DNAT_BIT = 2,
    MLF_FORCE_SNAT_FOR_LB_BIT = 3,
    MLF_LOCAL_ONLY_BIT = 4,
    MLF_NESTED_CONTAINER_BIT = 5,
    MLF_LOOKUP_MAC_BIT = 6,
    MLF_LOOKUP_LB_HAIRPIN_BIT = 7,
    MLF_LOOKUP_FDB_BIT = 8,
    MLF_SKIP_SNAT_FOR_LB_BIT = 9,
    MLF_LOCALPORT_BIT = 10,
    MLF_USE_SNAT_ZONE_BIT = 11,
    MLF_CHECK_PORT_SEC_BIT = 12,
    MLF_LOOKUP_COMMIT_ECMP_NH_BIT = 13,
    MLF_USE_LB_AFF_SESSION_BIT = 14,
    MLF_LOCALNET_BIT = 15,
    MLF_RX_FROM_TUNNEL_BIT = 16,
    MLF_ICMP_SNAT_BIT = 17,
    MLF_OVERRIDE_LOCAL_ONLY_BIT = 18,
    MLF_FROM_CTRL_BIT = 19,
    MLF_UNSNAT_NEW_BIT = 20,
    MLF_UNSNAT_NOT_TRACKED_BIT = 21,
    MLF_IGMP_IGMP_SNOOP_INJECT_BIT = 22,
    MLF_PKT_SAMPLED_BIT = 23,
    MLF_RECIRC_BIT = 24,
    MLF_NETWORK_ID_START_BIT = 28,
    MLF_NETWORK_ID_END_BIT = 31,
};

/* Masks in the logical flags register. */
enum mff_log_flags {
    MLF_ALLOW_LOOPBACK = (1 << MLF_ALLOW_LOOPBACK_BIT),
    MLF_RCV_FROM_RAMP = (1 << MLF_RCV_FROM_RAMP_BIT),
    MLF_FORCE_SNAT_FOR_DNAT = (1 << MLF_FORCE_SNAT_FOR_DNAT_BIT),
    MLF_FORCE_SNAT_FOR_LB = (1 << MLF_FORCE_SNAT_FOR_LB_BIT),
    MLF_LOCAL_ONLY = (1 << MLF_LOCAL_ONLY_BIT),
    MLF_NESTED_CONTAINER = (1 << MLF_NESTED_CONTAINER_BIT),
    MLF_LOOKUP_MAC = (1 << MLF_LOOKUP_MAC_BIT),
    MLF_LOOKUP_LB_HAIRPIN = (1 << MLF_LOOKUP_LB_HAIRPIN_BIT),
    MLF_LOOKUP_FDB = (1 << MLF_LOOKUP_FDB_BIT),
    MLF_SKIP_SNAT_FOR_LB = (1 << MLF_SKIP_SNAT_FOR_LB_BIT),
    MLF_LOCALPORT = (1 << MLF_LOCALPORT_BIT),
    MLF_USE_SNAT_ZONE = (1 << MLF_USE_SNAT_ZONE_BIT),
    MLF_CHECK_PORT_SEC = (1 << MLF_CHECK_PORT_SEC_BIT),
    MLF_LOOKUP_COMMIT_ECMP_NH = (1 << MLF_LOOKUP_COMMIT_ECMP_NH_BIT),
    MLF_USE_LB_AFF_SESSION = (1 << MLF_USE_LB_AFF_SESSION_BIT),
    MLF_LOCALNET = (1 << MLF_LOCALNET_BIT),
    MLF_RX_FROM_TUNNEL = (1 << MLF_RX_FROM_TUNNEL_BIT),
    MLF_ICMP_SNAT = (1 << MLF_ICMP_SNAT_BIT),
    MLF_OVERRIDE_LOCAL_ONLY = (1 << MLF_OVERRIDE_LOCAL_ONLY_BIT),
    MLF_FROM_CTRL = (1 << MLF_FROM_CTRL_BIT),
    MLF_UNSNAT_NEW = (1 << MLF_UNSNAT_NEW_BIT),
    MLF_UNSNAT_NOT_TRACKED = (1 << MLF_UNSNAT_NOT_TRACKED_BIT),
    MLF_IGMP_IGMP_SNOOP = (1 << MLF_IGMP_IGMP_SNOOP_INJECT_BIT),
    MLF_PKT_SAMPLED = (1 << MLF_PKT_SAMPLED_BIT),
    MLF_RECIRC = (1 << MLF_RECIRC_BIT),
    MLF_NETWORK_ID = (0xfu << MLF_NETWORK_ID_START_BIT),
};

/* Bits that OVN keeps in ct_mark. */
#define OVN_CT_BLOCKED_BIT 0
#define OVN_CT_NATTED_BIT 1
#define OVN_CT_LB_SKIP_SNAT_BIT 2
#define OVN_CT_LB_FORCE_SNAT_BIT 3
#define OVN_CT_OBS_STAGE_1ST_BIT 4
#define OVN_CT_OBS_STAGE_END_BIT 5
#define OVN_CT_ALLOW_ESTABLISHED_BIT 6
#define OVN_CT_OBS_COLLECTOR_ID_1ST_BIT 16
#define OVN_CT_OBS_COLLECTOR_ID_END_BIT 23
#define OVN_CT_ECMP_REPLY_PORT_1ST_BIT 16
#define OVN_CT_ECMP_REPLY_PORT_END_BIT 31

/* Bits that OVN keeps in ct_label. */
#define OVN_CT_LABEL_NF_BIT 7
#define OVN_CT_LABEL_NF_ID_1ST_BIT 17
#define OVN_CT_LABEL_NF_ID_END_BIT 24
#define OVN_CT_LABEL_ECMP_REPLY_ETH_1ST_BIT 32
#define OVN_CT_LABEL_ECMP_REPLY_ETH_END_BIT 79
#define OVN_CT_LABEL_ACL_ID_1ST_BIT 80
#define OVN_CT_LABEL_ACL_ID_END_BIT 95
#define OVN_CT_LABEL_OBS_POINT_ID_1ST_BIT 96
#define OVN_CT_LABEL_OBS_POINT_ID_END_BIT 127

/* Fields that actions may set but that OpenFlow cannot hold, so that
 * ovn-controller implements them itself. */
enum ovn_field_id {
    OVN_ICMP4_FRAG_MTU,         /* icmp4.frag_mtu. */
    OVN_ICMP6_FRAG_MTU,         /* icmp6.frag_mtu. */
    OVN_FIELD_N_IDS
};

/* An OVN field. */
struct ovn_field {
    enum ovn_field_id id;       /* Identifier. */
    const char *name;           /* Name in the logical flow language. */
    unsigned int n_bytes;       /* Width in bytes. */
    unsigned int n_bits;        /* Number of significant bits. */
};

const struct ovn_field *ovn_field_from_id(enum ovn_field_id);
const struct ovn_field *ovn_field_from_name(const char *name);

void ovn_init_symtab(struct shash *symtab);

#endif /* logical-fields.h */
