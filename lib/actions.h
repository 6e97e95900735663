/* actions.h: OVN's logical action language.
 *
 * The "actions" column of a Southbound Logical_Flow (see ovn-sb(5)) is a
 * sequence of actions such as "eth.dst = 00:00:00:00:00:01; next;".  This
 * module parses that text into an array of "struct ovnact" (each action a
 * variable-length record, like Open vSwitch's ofpacts), prints the array
 * back in canonical form, and encodes it into OpenFlow actions ("struct
 * ofpact") exactly as OVN 26.03's ovn-controller does.
 *
 * How ovn-controller uses it, per logical flow:
 *
 *     struct ofpbuf ovnacts;  ofpbuf_init(&ovnacts, 0);
 *     struct expr *prereqs = NULL;
 *     struct ovnact_parse_params pp = { .symtab = ..., .dhcp_opts = ...,
 *         .pipeline = OVNACT_P_INGRESS, .n_tables = N, .cur_ltable = T };
 *     char *error = ovnacts_parse_string(actions, &pp, &ovnacts, &prereqs);
 *     ...AND 'prereqs' into the flow's match...
 *     struct ovnact_encode_params ep = { .lookup_port = ..., .aux = ...,
 *         .group_id = ..., .meter_id = ..., .is_switch = ..., ... };
 *     ovnact_encode_params_init_tables(&ep, OVNACT_P_INGRESS);
 *     ovnacts_encode(ovnacts.data, ovnacts.size, &ep, &ofpacts);
 *     ovnacts_free(ovnacts.data, ovnacts.size);
 *
 * The implementation is split by family: lib/actions.c (the driver and
 * helpers shared by the families), actions-core.c (next, output,
 * assignments, clone, ...), actions-ct.c (connection tracking),
 * actions-nested.c (packets built by ovn-controller: arp, icmp4, ...),
 * actions-controller.c (other controller-bound actions), actions-lookup.c
 * (lookups in OpenFlow tables), actions-opts.c (DHCP, DHCPv6, RA and DNS
 * options), actions-learn.c (actions that install flows with "learn") and
 * actions-group.c (groups, meters and sampling). */

#ifndef OVN_ACTIONS_H
#define OVN_ACTIONS_H 1

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include "expr.h"
#include "openvswitch/compiler.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/ofpbuf.h"
#include "openvswitch/types.h"
#include "openvswitch/uuid.h"
#include "util.h"

struct expr;
struct gen_opts_map;
struct hmap;
struct controller_event_options;
struct lexer;
struct shash;

/* Every logical action, with the structure that holds it:
 *
 *     OVNACT(ENUM, STRUCT)
 *
 * defines OVNACT_ENUM, ovnact_put_ENUM() and ovnact_get_ENUM(). */
#define OVNACTS                                                    \
    OVNACT(OUTPUT,            ovnact_null)                         \
    OVNACT(NEXT,              ovnact_next)                         \
    OVNACT(LOAD,              ovnact_load)                         \
    OVNACT(MOVE,              ovnact_move)                         \
    OVNACT(EXCHANGE,          ovnact_move)                         \
    OVNACT(OVNFIELD_LOAD,     ovnact_load)                         \
    OVNACT(DEC_TTL,           ovnact_null)                         \
    OVNACT(PUSH,              ovnact_push_pop)                     \
    OVNACT(POP,               ovnact_push_pop)                     \
    OVNACT(CLONE,             ovnact_nest)                         \
    OVNACT(SET_QUEUE,         ovnact_set_queue)                    \
    OVNACT(CHECK_PKT_LARGER,  ovnact_check_pkt_larger)             \
    OVNACT(CT_NEXT,           ovnact_ct_next)                      \
    OVNACT(CT_COMMIT_V1,      ovnact_ct_commit_v1)                 \
    OVNACT(CT_COMMIT_V2,      ovnact_nest)                         \
    OVNACT(CT_COMMIT_NAT,     ovnact_ct_commit_nat)                \
    OVNACT(CT_COMMIT_TO_ZONE, ovnact_ct_commit_nat)                \
    OVNACT(CT_DNAT,           ovnact_ct_nat)                       \
    OVNACT(CT_SNAT,           ovnact_ct_nat)                       \
    OVNACT(CT_DNAT_IN_CZONE,  ovnact_ct_nat)                       \
    OVNACT(CT_SNAT_IN_CZONE,  ovnact_ct_nat)                       \
    OVNACT(CT_CLEAR,          ovnact_null)                         \
    OVNACT(CT_LB,             ovnact_ct_lb)                        \
    OVNACT(CT_LB_MARK,        ovnact_ct_lb)                        \
    OVNACT(CT_SNAT_TO_VIP,    ovnact_null)                         \
    OVNACT(CT_STATE_SAVE,     ovnact_null)                         \
    OVNACT(CT_ORIG_NW_DST,    ovnact_result)                       \
    OVNACT(CT_ORIG_IP6_DST,   ovnact_result)                       \
    OVNACT(CT_ORIG_TP_DST,    ovnact_result)                       \
    OVNACT(CT_ORIG_PROTO,     ovnact_result)                       \
    OVNACT(ARP,               ovnact_nest)                         \
    OVNACT(ND_NS,             ovnact_nest)                         \
    OVNACT(ND_NA,             ovnact_nest)                         \
    OVNACT(ND_NA_ROUTER,      ovnact_nest)                         \
    OVNACT(ICMP4,             ovnact_nest)                         \
    OVNACT(ICMP4_ERROR,       ovnact_nest)                         \
    OVNACT(ICMP6,             ovnact_nest)                         \
    OVNACT(ICMP6_ERROR,       ovnact_nest)                         \
    OVNACT(TCP_RESET,         ovnact_nest)                         \
    OVNACT(SCTP_ABORT,        ovnact_nest)                         \
    OVNACT(REJECT,            ovnact_nest)                         \
    OVNACT(IGMP,              ovnact_null)                         \
    OVNACT(PUT_ARP,           ovnact_put_mac_bind)                 \
    OVNACT(PUT_ND,            ovnact_put_mac_bind)                 \
    OVNACT(PUT_FDB,           ovnact_put_fdb)                      \
    OVNACT(BIND_VPORT,        ovnact_bind_vport)                   \
    OVNACT(HANDLE_SVC_CHECK,  ovnact_handle_svc_check)             \
    OVNACT(DHCP6_REPLY,       ovnact_null)                         \
    OVNACT(BFD_MSG,           ovnact_null)                         \
    OVNACT(DHCP_RELAY_REQ_CHK,  ovnact_dhcp_relay)                 \
    OVNACT(DHCP_RELAY_RESP_CHK, ovnact_dhcp_relay)                 \
    OVNACT(LOG,               ovnact_log)                          \
    OVNACT(TRIGGER_EVENT,     ovnact_controller_event)             \
    OVNACT(GET_ARP,           ovnact_get_mac_bind)                 \
    OVNACT(GET_ND,            ovnact_get_mac_bind)                 \
    OVNACT(LOOKUP_ARP,        ovnact_lookup_mac_bind)              \
    OVNACT(LOOKUP_ARP_IP,     ovnact_lookup_mac_bind)              \
    OVNACT(LOOKUP_ND,         ovnact_lookup_mac_bind)              \
    OVNACT(LOOKUP_ND_IP,      ovnact_lookup_mac_bind)              \
    OVNACT(GET_FDB,           ovnact_get_fdb)                      \
    OVNACT(GET_REMOTE_FDB,    ovnact_get_fdb)                      \
    OVNACT(LOOKUP_FDB,        ovnact_lookup_fdb)                   \
    OVNACT(CHECK_IN_PORT_SEC, ovnact_result)                       \
    OVNACT(CHECK_OUT_PORT_SEC, ovnact_result)                      \
    OVNACT(CHK_LB_HAIRPIN,    ovnact_result)                       \
    OVNACT(CHK_LB_HAIRPIN_REPLY, ovnact_result)                    \
    OVNACT(CHK_LB_AFF,        ovnact_result)                       \
    OVNACT(CHK_ECMP_NH_MAC,   ovnact_result)                       \
    OVNACT(CHK_ECMP_NH,       ovnact_result)                       \
    OVNACT(MAC_CACHE_USE,     ovnact_null)                         \
    OVNACT(FLOOD_REMOTE,      ovnact_null)                         \
    OVNACT(PUT_DHCPV4_OPTS,   ovnact_put_opts)                     \
    OVNACT(PUT_DHCPV6_OPTS,   ovnact_put_opts)                     \
    OVNACT(PUT_ND_RA_OPTS,    ovnact_put_opts)                     \
    OVNACT(DNS_LOOKUP,        ovnact_result)                       \
    OVNACT(COMMIT_LB_AFF,     ovnact_commit_lb_aff)                \
    OVNACT(COMMIT_ECMP_NH,    ovnact_commit_ecmp_nh)               \
    OVNACT(SELECT,            ovnact_select)                       \
    OVNACT(FWD_GROUP,         ovnact_fwd_group)                    \
    OVNACT(SET_METER,         ovnact_set_meter)                    \
    OVNACT(SAMPLE,            ovnact_sample)

/* Action types. */
enum OVS_PACKED_ENUM ovnact_type {
#define OVNACT(ENUM, STRUCT) OVNACT_##ENUM,
    OVNACTS
#undef OVNACT
};

/* Number of action types. */
enum {
#define OVNACT(ENUM, STRUCT) + 1
    N_OVNACTS = OVNACTS
#undef OVNACT
};

/* Header of every action. */
struct ovnact {
    enum ovnact_type type;      /* OVNACT_*. */
    uint16_t len;               /* Bytes in the action, header included. */
};

/* Actions are aligned to this many bytes in an array. */
#define OVNACT_ALIGNTO 8
#define OVNACT_ALIGN(SIZE) ROUND_UP(SIZE, OVNACT_ALIGNTO)

/* Returns the action that follows 'ovnact' in its array. */
static inline struct ovnact *
ovnact_next(const struct ovnact *ovnact)
{
    return (void *) ((uint8_t *) ovnact + OVNACT_ALIGN(ovnact->len));
}

/* Returns the first byte past the 'len'-byte array at 'ovnacts'. */
static inline struct ovnact *
ovnact_end(const struct ovnact *ovnacts, size_t len)
{
    return (void *) ((uint8_t *) ovnacts + len);
}

/* Iterates POS over the LEN bytes of actions at OVNACTS. */
#define OVNACT_FOR_EACH(POS, OVNACTS, LEN)                          \
    for ((POS) = (OVNACTS); (POS) < ovnact_end(OVNACTS, LEN);       \
         (POS) = ovnact_next(POS))

/* The logical pipelines. */
enum ovnact_pipeline {
    OVNACT_P_INGRESS,
    OVNACT_P_EGRESS,
};

/* Actions with no arguments. */
struct ovnact_null {
    struct ovnact ovnact;       /* Header. */
};

/* OVNACT_NEXT. */
struct ovnact_next {
    struct ovnact ovnact;              /* Header. */
    enum ovnact_pipeline pipeline;     /* Pipeline to jump to. */
    uint8_t ltable;                    /* Logical table to jump to. */
    enum ovnact_pipeline src_pipeline; /* Pipeline of the flow. */
    uint8_t src_ltable;                /* Logical table of the flow. */
};

/* OVNACT_LOAD ("field = constant") and OVNACT_OVNFIELD_LOAD. */
struct ovnact_load {
    struct ovnact ovnact;       /* Header. */
    struct expr_field dst;      /* Destination. */
    struct expr_constant imm;   /* Value (a string for string fields). */
};

/* OVNACT_MOVE ("dst = src") and OVNACT_EXCHANGE ("dst <-> src"). */
struct ovnact_move {
    struct ovnact ovnact;       /* Header. */
    struct expr_field lhs;      /* Left side. */
    struct expr_field rhs;      /* Right side. */
};

/* OVNACT_PUSH and OVNACT_POP. */
struct ovnact_push_pop {
    struct ovnact ovnact;       /* Header. */
    struct expr_field field;    /* Field pushed or popped. */
};

/* Actions with nested actions: clone, ct_commit { }, arp { }, ... */
struct ovnact_nest {
    struct ovnact ovnact;       /* Header. */
    struct ovnact *nested;      /* Nested actions (owned). */
    size_t nested_len;          /* Bytes in 'nested'. */
};

/* OVNACT_SET_QUEUE. */
struct ovnact_set_queue {
    struct ovnact ovnact;       /* Header. */
    uint16_t queue_id;          /* Queue number. */
};

/* OVNACT_CHECK_PKT_LARGER. */
struct ovnact_check_pkt_larger {
    struct ovnact ovnact;       /* Header. */
    struct expr_field dst;      /* 1-bit result. */
    uint16_t pkt_len;           /* Length to compare with. */
};

/* OVNACT_CT_NEXT. */
struct ovnact_ct_next {
    struct ovnact ovnact;       /* Header. */
    uint8_t ltable;             /* Logical table to continue in. */
};

/* OVNACT_CT_COMMIT_V1: the old "ct_commit(ct_mark=..., ct_label=...)". */
struct ovnact_ct_commit_v1 {
    struct ovnact ovnact;       /* Header. */
    uint32_t ct_mark;           /* Mark value... */
    uint32_t ct_mark_mask;      /* ...and mask (0 if not set). */
    ovs_be128 ct_label;         /* Label value... */
    ovs_be128 ct_label_mask;    /* ...and mask (0 if not set). */
};

/* OVNACT_CT_COMMIT_NAT and OVNACT_CT_COMMIT_TO_ZONE. */
struct ovnact_ct_commit_nat {
    struct ovnact ovnact;       /* Header. */
    bool dnat_zone;             /* DNAT zone (default) or SNAT zone. */
    uint8_t ltable;             /* Logical table to continue in. */
};

/* OVNACT_CT_DNAT, OVNACT_CT_SNAT and their _IN_CZONE variants. */
struct ovnact_ct_nat {
    struct ovnact ovnact;       /* Header. */
    int family;                 /* AF_INET, AF_INET6, or AF_UNSPEC for
                                 * un-NAT of an existing connection. */
    union {
        struct in6_addr ipv6;   /* AF_INET6 address. */
        ovs_be32 ipv4;          /* AF_INET address. */
    };
    struct {
        bool exists;            /* Whether a port range was given. */
        uint16_t port_lo;       /* First port. */
        uint16_t port_hi;       /* Last port (0 for a single port). */
        bool port_hash;         /* "hash" rather than "random". */
    } port_range;
    uint8_t ltable;             /* Logical table to continue in. */
};

/* One backend of ct_lb. */
struct ovnact_ct_lb_dst {
    int family;                 /* AF_INET or AF_INET6. */
    union {
        struct in6_addr ipv6;   /* AF_INET6 address. */
        ovs_be32 ipv4;          /* AF_INET address. */
    };
    uint16_t port;              /* Port, or 0. */
};

/* Flags of ct_lb that are kept in the connection's mark or label. */
enum ovnact_ct_lb_flag {
    OVNACT_CT_LB_FLAG_NONE,
    OVNACT_CT_LB_FLAG_SKIP_SNAT,
    OVNACT_CT_LB_FLAG_FORCE_SNAT,
};

/* OVNACT_CT_LB and OVNACT_CT_LB_MARK. */
struct ovnact_ct_lb {
    struct ovnact ovnact;          /* Header. */
    struct ovnact_ct_lb_dst *dsts; /* Backends (owned). */
    size_t n_dsts;                 /* Number of 'dsts'. */
    uint8_t ltable;                /* Logical table to continue in. */
    char *hash_fields;             /* Fields for "hash" selection, or
                                    * NULL for dp_hash (owned). */
    enum ovnact_ct_lb_flag ct_flag; /* Flag to store. */
};

/* Actions whose only operand is a result field: check_in_port_sec(),
 * chk_lb_hairpin(), dns_lookup(), ct_nw_dst(), ... */
struct ovnact_result {
    struct ovnact ovnact;       /* Header. */
    struct expr_field dst;      /* Result. */
};

/* OVNACT_PUT_ARP and OVNACT_PUT_ND. */
struct ovnact_put_mac_bind {
    struct ovnact ovnact;       /* Header. */
    struct expr_field port;     /* Logical port (string field). */
    struct expr_field ip;       /* IP address. */
    struct expr_field mac;      /* Ethernet address. */
};

/* OVNACT_GET_ARP and OVNACT_GET_ND. */
struct ovnact_get_mac_bind {
    struct ovnact ovnact;       /* Header. */
    struct expr_field port;     /* Logical port (string field). */
    struct expr_field ip;       /* IP address. */
};

/* OVNACT_LOOKUP_ARP, LOOKUP_ND and their _IP variants (no 'mac'). */
struct ovnact_lookup_mac_bind {
    struct ovnact ovnact;       /* Header. */
    struct expr_field dst;      /* 1-bit result. */
    struct expr_field port;     /* Logical port (string field). */
    struct expr_field ip;       /* IP address. */
    struct expr_field mac;      /* Ethernet address (not for _IP). */
};

/* OVNACT_PUT_FDB. */
struct ovnact_put_fdb {
    struct ovnact ovnact;       /* Header. */
    struct expr_field port;     /* Logical port (string field). */
    struct expr_field mac;      /* Ethernet address. */
};

/* OVNACT_GET_FDB and OVNACT_GET_REMOTE_FDB. */
struct ovnact_get_fdb {
    struct ovnact ovnact;       /* Header. */
    struct expr_field dst;      /* Result (string field). */
    struct expr_field mac;      /* Ethernet address. */
};

/* OVNACT_LOOKUP_FDB. */
struct ovnact_lookup_fdb {
    struct ovnact ovnact;       /* Header. */
    struct expr_field dst;      /* 1-bit result. */
    struct expr_field port;     /* Logical port (string field). */
    struct expr_field mac;      /* Ethernet address. */
};

/* OVNACT_BIND_VPORT. */
struct ovnact_bind_vport {
    struct ovnact ovnact;           /* Header. */
    char *vport;                    /* Virtual port name (owned). */
    struct expr_field vport_parent; /* Parent port (string field). */
};

/* OVNACT_HANDLE_SVC_CHECK. */
struct ovnact_handle_svc_check {
    struct ovnact ovnact;       /* Header. */
    struct expr_field port;     /* Logical port (string field). */
};

/* OVNACT_DHCP_RELAY_REQ_CHK and OVNACT_DHCP_RELAY_RESP_CHK. */
struct ovnact_dhcp_relay {
    struct ovnact ovnact;       /* Header. */
    struct expr_field dst;      /* 1-bit result. */
    ovs_be32 relay_ipv4;        /* Address of the relay (router port). */
    ovs_be32 server_ipv4;       /* Address of the DHCP server. */
};

/* Verdicts of log(). */
enum ovnact_log_verdict {
    LOG_VERDICT_ALLOW,
    LOG_VERDICT_DROP,
    LOG_VERDICT_REJECT,
    LOG_VERDICT_UNKNOWN = UINT8_MAX,
};

const char *log_verdict_to_string(uint8_t verdict);
const char *log_severity_to_string(uint8_t severity);
uint8_t log_severity_from_string(const char *name);

/* OVNACT_LOG. */
struct ovnact_log {
    struct ovnact ovnact;       /* Header. */
    uint8_t verdict;            /* LOG_VERDICT_*. */
    uint8_t severity;           /* Syslog severity, LOG_ALERT...LOG_DEBUG. */
    char *name;                 /* Name, or NULL (owned). */
    char *meter;                /* Meter name, or NULL (owned). */
};

/* An option with its value, for put_*_opts() and trigger_event(). */
struct ovnact_gen_option {
    const struct gen_opts_map *option; /* The option (not owned). */
    struct expr_constant_set value;    /* Its value (owned). */
};

/* OVNACT_PUT_DHCPV4_OPTS, OVNACT_PUT_DHCPV6_OPTS and
 * OVNACT_PUT_ND_RA_OPTS. */
struct ovnact_put_opts {
    struct ovnact ovnact;              /* Header. */
    struct expr_field dst;             /* 1-bit result. */
    struct ovnact_gen_option *options; /* Options (owned). */
    size_t n_options;                  /* Number of 'options'. */
};

/* OVNACT_TRIGGER_EVENT. */
struct ovnact_controller_event {
    struct ovnact ovnact;              /* Header. */
    int event_type;                    /* enum ovn_controller_event. */
    char *meter;                       /* Meter name, or NULL (owned). */
    struct ovnact_gen_option *options; /* Options (owned). */
    size_t n_options;                  /* Number of 'options'. */
};

/* OVNACT_COMMIT_LB_AFF. */
struct ovnact_commit_lb_aff {
    struct ovnact ovnact;       /* Header. */
    struct in6_addr vip;        /* VIP (IPv4-mapped for IPv4). */
    uint16_t vip_port;          /* VIP port, or 0. */
    uint8_t proto;              /* IP protocol, or 0. */
    struct in6_addr backend;    /* Backend (IPv4-mapped for IPv4). */
    uint16_t backend_port;      /* Backend port, or 0. */
    uint16_t timeout;           /* Affinity timeout, in seconds. */
};

/* OVNACT_COMMIT_ECMP_NH. */
struct ovnact_commit_ecmp_nh {
    struct ovnact ovnact;       /* Header. */
    bool ipv6;                  /* IPv6 (or IPv4) traffic. */
    uint8_t proto;              /* IP protocol. */
};

/* One choice of select(). */
struct ovnact_select_dst {
    uint16_t id;                /* Value to store. */
    uint16_t weight;            /* Weight, default 100. */
};

/* OVNACT_SELECT. */
struct ovnact_select {
    struct ovnact ovnact;            /* Header. */
    struct ovnact_select_dst *dsts;  /* Choices (owned). */
    size_t n_dsts;                   /* Number of 'dsts'. */
    uint8_t ltable;                  /* Logical table to continue in. */
    struct expr_field res_field;     /* Result field. */
    char *hash_fields;               /* Fields for "hash" selection, or
                                      * NULL for dp_hash (owned). */
};

/* OVNACT_FWD_GROUP. */
struct ovnact_fwd_group {
    struct ovnact ovnact;       /* Header. */
    bool liveness;              /* Watch the tunnels' liveness. */
    char **child_ports;         /* Logical ports (owned). */
    size_t n_child_ports;       /* Number of 'child_ports'. */
};

/* OVNACT_SET_METER. */
struct ovnact_set_meter {
    struct ovnact ovnact;       /* Header. */
    uint64_t rate;              /* Rate, in kbps. */
    uint64_t burst;             /* Burst, in kb, or 0. */
};

/* OVNACT_SAMPLE. */
struct ovnact_sample {
    struct ovnact ovnact;       /* Header. */
    uint16_t probability;       /* Packets sampled out of 65535. */
    uint32_t collector_set_id;  /* IPFIX collector set. */
    uint8_t obs_domain_id;      /* Top 8 bits of the observation domain. */
    uint32_t obs_point_id;      /* Observation point, unless... */
    bool use_cookie;            /* ...the flow's UUID supplies it. */
};

/* Declares ovnact_put_ENUM() and ovnact_get_ENUM() for each action. */
void *ovnact_put(struct ofpbuf *, enum ovnact_type, size_t len);
void ovnact_init(struct ovnact *, enum ovnact_type, size_t len);

#define OVNACT(ENUM, STRUCT)                                            \
    BUILD_ASSERT_DECL(offsetof(struct STRUCT, ovnact) == 0);            \
                                                                        \
    static inline struct STRUCT *                                       \
    ovnact_get_##ENUM(const struct ovnact *ovnact)                      \
    {                                                                   \
        ovs_assert(ovnact->type == OVNACT_##ENUM);                      \
        return ALIGNED_CAST(struct STRUCT *, ovnact);                   \
    }                                                                   \
                                                                        \
    static inline struct STRUCT *                                       \
    ovnact_put_##ENUM(struct ofpbuf *ovnacts)                           \
    {                                                                   \
        return ovnact_put(ovnacts, OVNACT_##ENUM,                       \
                          OVNACT_ALIGN(sizeof(struct STRUCT)));         \
    }
OVNACTS
#undef OVNACT

/* Opcodes of the "controller" actions that ovn-controller's pinctrl
 * receives.  Each userdata starts with a "struct action_header" holding
 * the opcode, followed by the opcode's payload. */
enum action_opcode {
    ACTION_OPCODE_ARP,                  /* arp { ... }: nested actions. */
    ACTION_OPCODE_PUT_ARP,              /* put_arp(): args in registers. */
    ACTION_OPCODE_PUT_DHCP_OPTS,        /* Result field, offer, options. */
    ACTION_OPCODE_ND_NA,                /* nd_na { ... }. */
    ACTION_OPCODE_PUT_ND,               /* put_nd(). */
    ACTION_OPCODE_PUT_DHCPV6_OPTS,      /* Result field, options. */
    ACTION_OPCODE_DNS_LOOKUP,           /* Result field. */
    ACTION_OPCODE_LOG,                  /* struct log_pin_header, name. */
    ACTION_OPCODE_PUT_ND_RA_OPTS,       /* Result field, RA message. */
    ACTION_OPCODE_ND_NS,                /* nd_ns { ... }. */
    ACTION_OPCODE_ICMP,                 /* icmp4/icmp6 { ... }. */
    ACTION_OPCODE_TCP_RESET,            /* tcp_reset { ... }. */
    ACTION_OPCODE_ND_NA_ROUTER,         /* nd_na_router { ... }. */
    ACTION_OPCODE_PUT_ICMP4_FRAG_MTU,   /* MTU. */
    ACTION_OPCODE_ICMP4_ERROR,          /* icmp4_error { ... }. */
    ACTION_OPCODE_EVENT,                /* Event type, options. */
    ACTION_OPCODE_IGMP,                 /* No payload. */
    ACTION_OPCODE_BIND_VPORT,           /* Virtual port key. */
    ACTION_OPCODE_HANDLE_SVC_CHECK,     /* No payload. */
    ACTION_OPCODE_DHCP6_SERVER,         /* handle_dhcpv6_reply. */
    ACTION_OPCODE_ICMP6_ERROR,          /* icmp6_error { ... }. */
    ACTION_OPCODE_PUT_ICMP6_FRAG_MTU,   /* MTU. */
    ACTION_OPCODE_REJECT,               /* reject { ... }. */
    ACTION_OPCODE_BFD_MSG,              /* handle_bfd_msg(). */
    ACTION_OPCODE_SCTP_ABORT,           /* sctp_abort { ... }. */
    ACTION_OPCODE_PUT_FDB,              /* put_fdb(). */
    ACTION_OPCODE_ACTIVATION_STRATEGY_RARP, /* Port activation (RARP). */
    ACTION_OPCODE_SPLIT_BUF_ACTION,     /* Flows too large for a buffer. */
    ACTION_OPCODE_DHCP_RELAY_REQ_CHK,   /* Result field, relay, server. */
    ACTION_OPCODE_DHCP_RELAY_RESP_CHK,  /* Result field, relay, server. */
};

/* Header of the userdata of every controller action. */
struct action_header {
    ovs_be32 opcode;            /* One of ACTION_OPCODE_*. */
    uint8_t pad[4];             /* Zeros. */
};
BUILD_ASSERT_DECL(sizeof(struct action_header) == 8);

/* Payload of ACTION_OPCODE_LOG, followed by the name. */
struct log_pin_header {
    uint8_t verdict;            /* LOG_VERDICT_*. */
    uint8_t severity;           /* Syslog severity. */
};

/* Header of each option of ACTION_OPCODE_EVENT, followed by the value. */
struct controller_event_opt_header {
    ovs_be16 code;              /* Option code. */
    ovs_be16 size;              /* Bytes of value. */
};

/* The "note" that carries an OVN field assignment (icmp4.frag_mtu, ...)
 * among nested actions, followed by the value. */
#define OVN_FIELD_NOTE_MAGIC "ovn"
struct ovn_field_note_header {
    char magic[4];              /* OVN_FIELD_NOTE_MAGIC, with its null. */
    ovs_be16 type;              /* enum ovn_field_id. */
    ovs_be16 pad;               /* Zero. */
};

/* What the parser needs to know. */
struct ovnact_parse_params {
    const struct shash *symtab;          /* Symbols (ovn_init_symtab()). */
    const struct hmap *dhcp_opts;        /* put_dhcp_opts() options. */
    const struct hmap *dhcpv6_opts;      /* put_dhcpv6_opts() options. */
    const struct hmap *nd_ra_opts;       /* put_nd_ra_opts() options. */
    const struct controller_event_options *controller_event_opts;
                                         /* trigger_event() options. */

    enum ovnact_pipeline pipeline;       /* The flow's pipeline. */
    uint8_t n_tables;                    /* Tables in the pipeline; 0 if
                                          * "next" is not allowed. */
    uint8_t cur_ltable;                  /* The flow's logical table. */
};

/* What the encoder needs to know about the flow and the chassis.  The
 * OpenFlow table numbers are those of FACTS.md: logical ingress table T is
 * 'ingress_ptable' + T, egress 'egress_ptable' + T. */
struct ovnact_encode_params {
    /* Looks up logical port (or multicast group) 'port_name' of the flow's
     * datapath: stores its tunnel key in '*portp' and returns true, or
     * returns false if there is no such port. */
    bool (*lookup_port)(const void *aux, const char *port_name,
                        unsigned int *portp);

    /* Looks up the OpenFlow port of the tunnel to the chassis that hosts
     * logical port 'port_name' (fwd_group with liveness). */
    bool (*tunnel_ofport)(const void *aux, const char *port_name,
                          ofp_port_t *ofportp);

    /* Returns the OpenFlow group id for the group with description 'desc'
     * (ovs-ofctl syntax, without "group_id="), allocating one on first
     * use, or UINT32_MAX if none is available. */
    uint32_t (*group_id)(const void *aux, const char *desc,
                         const struct uuid *lflow_uuid);

    /* Returns the OpenFlow meter id for the meter called 'name' (a name of
     * the Southbound Meter table, or a "__string: ..." description of a
     * meter), allocating one on first use, or UINT32_MAX. */
    uint32_t (*meter_id)(const void *aux, const char *name,
                         const struct uuid *lflow_uuid);

    const void *aux;            /* Passed to the callbacks. */

    bool is_switch;             /* Flow of a logical switch (or router). */
    uint32_t dp_key;            /* Datapath tunnel key. */
    struct uuid lflow_uuid;     /* UUID of the logical flow. */
    uint32_t ctrl_meter_id;     /* Meter of controller actions, or
                                 * NX_CTLR_NO_METER. */
    enum mf_field_id common_nat_ct_zone; /* Zone register of
                                          * ct_[ds]nat_in_czone. */

    enum ovnact_pipeline pipeline; /* The flow's pipeline. */
    uint8_t ingress_ptable;     /* First table of the ingress pipeline. */
    uint8_t egress_ptable;      /* First table of the egress pipeline. */
    uint8_t output_ptable;      /* "output" resubmits here. */
    uint8_t mac_bind_ptable;    /* get_arp, get_nd. */
    uint8_t mac_lookup_ptable;  /* lookup_arp, lookup_nd. */
    uint8_t lb_hairpin_ptable;  /* chk_lb_hairpin. */
    uint8_t lb_hairpin_reply_ptable; /* chk_lb_hairpin_reply. */
    uint8_t ct_snat_vip_ptable; /* ct_snat_to_vip. */
    uint8_t fdb_ptable;         /* get_fdb. */
    uint8_t fdb_lookup_ptable;  /* lookup_fdb. */
    uint8_t in_port_sec_ptable; /* check_in_port_sec. */
    uint8_t out_port_sec_ptable; /* check_out_port_sec. */
    uint8_t ecmp_nh_mac_ptable; /* chk_ecmp_nh_mac, commit_ecmp_nh. */
    uint8_t ecmp_nh_ptable;     /* chk_ecmp_nh, commit_ecmp_nh. */
    uint8_t lb_aff_ptable;      /* chk_lb_aff, commit_lb_aff. */
    uint8_t mac_cache_use_ptable; /* mac_cache_use. */
    uint8_t ct_nw_dst_load_ptable; /* ct_nw_dst(). */
    uint8_t ct_ip6_dst_load_ptable; /* ct_ip6_dst(). */
    uint8_t ct_tp_dst_load_ptable; /* ct_tp_dst(). */
    uint8_t flood_remote_ptable; /* flood_remote. */
    uint8_t ct_state_save_ptable; /* ct_state_save. */
    uint8_t ct_proto_load_ptable; /* ct_proto(). */
    uint8_t remote_fdb_ptable;  /* get_remote_fdb. */
};

void ovnact_encode_params_init_tables(struct ovnact_encode_params *,
                                      enum ovnact_pipeline);

/* Parsing, formatting, encoding, freeing. */
bool ovnacts_parse(struct lexer *, const struct ovnact_parse_params *,
                   struct ofpbuf *ovnacts, struct expr **prereqsp);
char *ovnacts_parse_string(const char *s, const struct ovnact_parse_params *,
                           struct ofpbuf *ovnacts, struct expr **prereqsp)
    OVS_WARN_UNUSED_RESULT;
void ovnacts_format(const struct ovnact[], size_t ovnacts_len, struct ds *);
void ovnacts_encode(const struct ovnact[], size_t ovnacts_len,
                    const struct ovnact_encode_params *,
                    struct ofpbuf *ofpacts);
void ovnacts_free(struct ovnact[], size_t ovnacts_len);

const char *ovnact_type_to_string(enum ovnact_type);

#endif /* actions.h */
