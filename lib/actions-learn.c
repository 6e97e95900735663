/* actions-learn.c: actions that remember a connection by installing an
 * OpenFlow flow with "learn".
 *
 * This family owns commit_lb_aff(), which remembers the backend that a
 * load balancer with affinity chose for a client (read back by
 * chk_lb_aff()), and commit_ecmp_nh(), which remembers the ECMP next hop
 * of a connection (read back by chk_ecmp_nh_mac() and chk_ecmp_nh()). */

#include <config.h>

#include "actions-private.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "byte-order.h"
#include "lex.h"
#include "logical-fields.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/ofp-actions.h"
#include "openvswitch/ofpbuf.h"
#include "packets.h"
#include "util.h"

/* Building learn actions. */

/* Starts a learn action into 'table' and returns its offset. */
static size_t
start_learn(struct ofpbuf *ofpacts, uint8_t table, uint16_t idle_timeout)
{
    size_t ofs = ofpacts->size;
    struct ofpact_learn *ol = ofpact_put_LEARN(ofpacts);
    ol->flags = NX_LEARN_F_DELETE_LEARNED;
    ol->idle_timeout = idle_timeout;
    ol->hard_timeout = OFP_FLOW_PERMANENT;
    ol->priority = OFP_DEFAULT_PRIORITY;
    ol->table_id = table;
    return ofs;
}

/* Completes the learn action started at 'ofs'. */
static void
finish_learn(struct ofpbuf *ofpacts, size_t ofs)
{
    struct ofpact_learn *ol = ofpbuf_at_assert(ofpacts, ofs, sizeof *ol);
    ofpacts->header = ol;
    ofpact_finish_LEARN(ofpacts, &ol);
}

/* Adds a spec that makes the learned flow match 'dst' against the value of
 * 'src' in the packet that runs the learn action. */
static void
learn_match_field(struct ofpbuf *ofpacts, enum mf_field_id dst,
                  enum mf_field_id src)
{
    struct ofpact_learn_spec *spec = ofpbuf_put_zeros(ofpacts, sizeof *spec);
    spec->dst.field = mf_from_id(dst);
    spec->dst.ofs = 0;
    spec->dst.n_bits = spec->dst.field->n_bits;
    spec->src.field = mf_from_id(src);
    spec->src.ofs = 0;
    spec->src.n_bits = spec->src.field->n_bits;
    spec->n_bits = spec->dst.n_bits;
    spec->dst_type = NX_LEARN_DST_MATCH;
    spec->src_type = NX_LEARN_SRC_FIELD;
}

/* Adds a spec whose destination is bits 'ofs'...'ofs + n_bits - 1' of
 * 'dst', of 'dst_type' (match or load), with the immediate value in the
 * 'n_bytes' bytes at 'value' (big-endian, right-justified). */
static void
learn_immediate(struct ofpbuf *ofpacts, enum mf_field_id dst, int ofs,
                int n_bits, uint16_t dst_type, const void *value,
                size_t n_bytes)
{
    struct ofpact_learn_spec *spec = ofpbuf_put_zeros(ofpacts, sizeof *spec);
    spec->dst.field = mf_from_id(dst);
    spec->dst.ofs = ofs;
    spec->dst.n_bits = n_bits;
    spec->n_bits = n_bits;
    spec->dst_type = dst_type;
    spec->src_type = NX_LEARN_SRC_IMMEDIATE;

    size_t imm_bytes = DIV_ROUND_UP(n_bits, 8);
    uint8_t *imm = ofpbuf_put_zeros(ofpacts, OFPACT_ALIGN(imm_bytes));
    memcpy(imm, (const uint8_t *) value + n_bytes - imm_bytes, imm_bytes);
}

/* Adds a spec that makes the learned flow match all of 'dst' against the
 * 'n_bytes' bytes at 'value'. */
static void
learn_match_value(struct ofpbuf *ofpacts, enum mf_field_id dst,
                  const void *value, size_t n_bytes)
{
    learn_immediate(ofpacts, dst, 0, mf_from_id(dst)->n_bits,
                    NX_LEARN_DST_MATCH, value, n_bytes);
}

/* Adds a spec that makes the learned flow load the 'n_bytes' bytes at
 * 'value' into bits 'ofs'...'ofs + n_bits - 1' of 'dst'. */
static void
learn_load_value(struct ofpbuf *ofpacts, enum mf_field_id dst, int ofs,
                 int n_bits, const void *value, size_t n_bytes)
{
    learn_immediate(ofpacts, dst, ofs, n_bits, NX_LEARN_DST_LOAD, value,
                    n_bytes);
}

/* Returns the IP protocol called 'name' ("tcp", "udp", "sctp"), or 0. */
static uint8_t
proto_from_name(const char *name)
{
    return (!strcmp(name, "tcp") ? IPPROTO_TCP
            : !strcmp(name, "udp") ? IPPROTO_UDP
            : !strcmp(name, "sctp") ? IPPROTO_SCTP
            : 0);
}

/* Returns the name of IP protocol 'proto'. */
static const char *
proto_to_name(uint8_t proto)
{
    return (proto == IPPROTO_TCP ? "tcp"
            : proto == IPPROTO_UDP ? "udp"
            : proto == IPPROTO_SCTP ? "sctp"
            : "<unknown>");
}

/* Parses "= tcp|udp|sctp" into '*proto'. */
static bool
parse_proto(struct lexer *lexer, uint8_t *proto)
{
    if (!lexer_force_match(lexer, LEX_T_EQUALS)) {
        return false;
    }
    *proto = lexer->token.type == LEX_T_ID ? proto_from_name(lexer->token.s)
                                           : 0;
    if (!*proto) {
        lexer_syntax_error(lexer, "expecting tcp, udp or sctp");
        return false;
    }
    lexer_get(lexer);
    return true;
}

/* commit_lb_aff(vip = "IP[:PORT]", backend = "IP[:PORT]", proto = P,
 * timeout = T). */

/* Parses "= "IP[:PORT]"" into an IPv4-mapped or IPv6 address and a port,
 * storing the address family in '*family'. */
static bool
parse_ip_port_string(struct lexer *lexer, struct in6_addr *ip,
                     uint16_t *port, int *family)
{
    if (!lexer_force_match(lexer, LEX_T_EQUALS)) {
        return false;
    }
    *family = (lexer->token.type == LEX_T_STRING
               ? action_parse_ip_port(lexer->token.s, ip, port)
               : AF_UNSPEC);
    if (*family == AF_UNSPEC) {
        lexer_syntax_error(lexer, "expecting IP address and optional port "
                           "string");
        return false;
    }
    lexer_get(lexer);
    return true;
}

/* Parses "commit_lb_aff(...)". */
static void
parse_commit_lb_aff(struct action_context *ctx)
{
    struct lexer *lexer = ctx->lexer;
    struct ovnact_commit_lb_aff aff;
    int vip_family = AF_UNSPEC, backend_family = AF_UNSPEC;
    int timeout = -1;
    bool has_vip = false, has_backend = false;

    memset(&aff, 0, sizeof aff);
    if (!lexer_force_match(lexer, LEX_T_LPAREN)) {
        return;
    }
    while (!lexer_match(lexer, LEX_T_RPAREN)) {
        if (lexer_match_id(lexer, "vip")) {
            if (!parse_ip_port_string(lexer, &aff.vip, &aff.vip_port,
                                      &vip_family)) {
                return;
            }
            has_vip = true;
        } else if (lexer_match_id(lexer, "backend")) {
            if (!parse_ip_port_string(lexer, &aff.backend,
                                      &aff.backend_port, &backend_family)) {
                return;
            }
            has_backend = true;
        } else if (lexer_match_id(lexer, "proto")) {
            if (!parse_proto(lexer, &aff.proto)) {
                return;
            }
        } else if (lexer_match_id(lexer, "timeout")) {
            if (!lexer_force_match(lexer, LEX_T_EQUALS)
                || !lexer_force_int(lexer, &timeout)) {
                return;
            }
            if (timeout > UINT16_MAX) {
                lexer_error(lexer, "commit_lb_aff timeout %d is out of "
                            "range.", timeout);
                return;
            }
        } else {
            lexer_syntax_error(lexer, "expecting vip, backend, proto or "
                               "timeout");
            return;
        }
        if (!lexer_match(lexer, LEX_T_COMMA)
            && lexer->token.type != LEX_T_RPAREN) {
            lexer_syntax_error(lexer, "expecting `,' or `)'");
            return;
        }
    }

    if (!has_vip || !has_backend || timeout < 0) {
        lexer_error(lexer, "commit_lb_aff requires vip, backend and "
                    "timeout.");
    } else if (vip_family != backend_family) {
        lexer_error(lexer, "commit_lb_aff vip and backend must be of the "
                    "same address family.");
    } else {
        struct ovnact_commit_lb_aff *p
            = ovnact_put_COMMIT_LB_AFF(ctx->ovnacts);
        aff.ovnact = p->ovnact;
        aff.timeout = timeout;
        *p = aff;
    }
}

/* Appends 'ip' (IPv4-mapped or IPv6) and 'port' to 's' as "IP",
 * "IP:PORT" or "[IPv6]:PORT". */
static void
format_ip_port(const struct in6_addr *ip, uint16_t port, struct ds *s)
{
    bool v4 = IN6_IS_ADDR_V4MAPPED(ip);
    if (!v4 && port) {
        ds_put_char(s, '[');
    }
    ipv6_format_mapped(ip, s);
    if (!v4 && port) {
        ds_put_char(s, ']');
    }
    if (port) {
        ds_put_format(s, ":%"PRIu16, port);
    }
}

/* Formats "commit_lb_aff(vip = "...", backend = "...", proto = P,
 * timeout = T);". */
static void
format_commit_lb_aff(const struct ovnact *a, struct ds *s)
{
    const struct ovnact_commit_lb_aff *aff = ovnact_get_COMMIT_LB_AFF(a);
    ds_put_cstr(s, "commit_lb_aff(vip = \"");
    format_ip_port(&aff->vip, aff->vip_port, s);
    ds_put_cstr(s, "\", backend = \"");
    format_ip_port(&aff->backend, aff->backend_port, s);
    ds_put_char(s, '"');
    if (aff->proto) {
        ds_put_format(s, ", proto = %s", proto_to_name(aff->proto));
    }
    ds_put_format(s, ", timeout = %"PRIu16");", aff->timeout);
}

/* Returns the destination port field of 'proto'. */
static enum mf_field_id
l4_dst_field(uint8_t proto)
{
    return (proto == IPPROTO_TCP ? MFF_TCP_DST
            : proto == IPPROTO_UDP ? MFF_UDP_DST : MFF_SCTP_DST);
}

/* Returns the source port field of 'proto'. */
static enum mf_field_id
l4_src_field(uint8_t proto)
{
    return (proto == IPPROTO_TCP ? MFF_TCP_SRC
            : proto == IPPROTO_UDP ? MFF_UDP_SRC : MFF_SCTP_SRC);
}

/* Encodes commit_lb_aff: learn, into the LB affinity table and for the
 * affinity timeout, a flow that matches this client's packets to the VIP
 * (datapath, client address, VIP address, protocol and port) and marks
 * them as in an affinity session, loading the backend's address and port
 * where the load balancer stage expects them. */
static void
encode_commit_lb_aff(const struct ovnact *a,
                     const struct ovnact_encode_params *ep,
                     struct ofpbuf *ofpacts)
{
    const struct ovnact_commit_lb_aff *aff = ovnact_get_COMMIT_LB_AFF(a);
    bool ipv6 = !IN6_IS_ADDR_V4MAPPED(&aff->vip);

    size_t ofs = start_learn(ofpacts, ep->lb_aff_ptable, aff->timeout);
    learn_match_field(ofpacts, MFF_METADATA, MFF_METADATA);

    ovs_be16 eth_type = htons(ipv6 ? ETH_TYPE_IPV6 : ETH_TYPE_IP);
    learn_match_value(ofpacts, MFF_ETH_TYPE, &eth_type, sizeof eth_type);

    enum mf_field_id ip_src = ipv6 ? MFF_IPV6_SRC : MFF_IPV4_SRC;
    learn_match_field(ofpacts, ip_src, ip_src);
    if (ipv6) {
        learn_match_value(ofpacts, MFF_IPV6_DST, &aff->vip, sizeof aff->vip);
    } else {
        ovs_be32 vip4 = in6_addr_get_mapped_ipv4(&aff->vip);
        learn_match_value(ofpacts, MFF_IPV4_DST, &vip4, sizeof vip4);
    }

    if (aff->proto) {
        learn_match_value(ofpacts, MFF_IP_PROTO, &aff->proto,
                          sizeof aff->proto);
        ovs_be16 vip_port = htons(aff->vip_port);
        learn_match_value(ofpacts, l4_dst_field(aff->proto), &vip_port,
                          sizeof vip_port);
    }

    uint8_t one = 1;
    learn_load_value(ofpacts, MFF_LOG_FLAGS, MLF_USE_LB_AFF_SESSION_BIT, 1,
                     &one, sizeof one);
    if (ipv6) {
        learn_load_value(ofpacts, MFF_LOG_LB_AFF_MATCH_IP6_ADDR, 0, 128,
                         &aff->backend, sizeof aff->backend);
    } else {
        ovs_be32 backend4 = in6_addr_get_mapped_ipv4(&aff->backend);
        learn_load_value(ofpacts, MFF_LOG_LB_AFF_MATCH_IP4_ADDR, 0, 32,
                         &backend4, sizeof backend4);
    }
    if (aff->backend_port) {
        ovs_be16 port = htons(aff->backend_port);
        learn_load_value(ofpacts, MFF_LOG_LB_AFF_MATCH_PORT, 0, 16,
                         &port, sizeof port);
    }
    finish_learn(ofpacts, ofs);
}

/* commit_ecmp_nh(ipv6 = BOOL, proto = P). */

/* Parses "commit_ecmp_nh(ipv6 = true|false, proto = tcp|udp|sctp)". */
static void
parse_commit_ecmp_nh(struct action_context *ctx)
{
    struct lexer *lexer = ctx->lexer;
    bool ipv6 = false;
    uint8_t proto = 0;

    if (!lexer_force_match(lexer, LEX_T_LPAREN)) {
        return;
    }
    while (!lexer_match(lexer, LEX_T_RPAREN)) {
        if (lexer_match_id(lexer, "ipv6")) {
            if (!lexer_force_match(lexer, LEX_T_EQUALS)) {
                return;
            }
            if (lexer_match_id(lexer, "true")) {
                ipv6 = true;
            } else if (lexer_match_id(lexer, "false")) {
                ipv6 = false;
            } else {
                lexer_syntax_error(lexer, "expecting true or false");
                return;
            }
        } else if (lexer_match_id(lexer, "proto")) {
            if (!parse_proto(lexer, &proto)) {
                return;
            }
        } else {
            lexer_syntax_error(lexer, "expecting ipv6 or proto");
            return;
        }
        if (!lexer_match(lexer, LEX_T_COMMA)
            && lexer->token.type != LEX_T_RPAREN) {
            lexer_syntax_error(lexer, "expecting `,' or `)'");
            return;
        }
    }
    if (!proto) {
        lexer_error(lexer, "commit_ecmp_nh requires proto.");
        return;
    }
    struct ovnact_commit_ecmp_nh *nh = ovnact_put_COMMIT_ECMP_NH(
        ctx->ovnacts);
    nh->ipv6 = ipv6;
    nh->proto = proto;
}

/* Formats "commit_ecmp_nh(ipv6 = BOOL, proto = P);". */
static void
format_commit_ecmp_nh(const struct ovnact *a, struct ds *s)
{
    const struct ovnact_commit_ecmp_nh *nh = ovnact_get_COMMIT_ECMP_NH(a);
    ds_put_format(s, "commit_ecmp_nh(ipv6 = %s, proto = %s);",
                  nh->ipv6 ? "true" : "false", proto_to_name(nh->proto));
}

/* Encodes commit_ecmp_nh: two learned flows, one in the ECMP next-hop MAC
 * table that recognizes this connection's packets from the next hop they
 * came from (5-tuple and source MAC), and one in the ECMP next-hop table
 * that recognizes the replies (reversed 5-tuple); both set the "commit
 * ECMP next hop" flag. */
static void
encode_commit_ecmp_nh(const struct ovnact *a,
                      const struct ovnact_encode_params *ep,
                      struct ofpbuf *ofpacts)
{
    const struct ovnact_commit_ecmp_nh *nh = ovnact_get_COMMIT_ECMP_NH(a);
    enum mf_field_id ip_src = nh->ipv6 ? MFF_IPV6_SRC : MFF_IPV4_SRC;
    enum mf_field_id ip_dst = nh->ipv6 ? MFF_IPV6_DST : MFF_IPV4_DST;
    enum mf_field_id tp_src = l4_src_field(nh->proto);
    enum mf_field_id tp_dst = l4_dst_field(nh->proto);
    ovs_be16 eth_type = htons(nh->ipv6 ? ETH_TYPE_IPV6 : ETH_TYPE_IP);
    uint8_t one = 1;

    for (int reply = 0; reply < 2; reply++) {
        size_t ofs = start_learn(ofpacts, (reply ? ep->ecmp_nh_ptable
                                           : ep->ecmp_nh_mac_ptable), 0);
        learn_match_field(ofpacts, MFF_METADATA, MFF_METADATA);
        learn_match_value(ofpacts, MFF_ETH_TYPE, &eth_type,
                          sizeof eth_type);
        learn_match_field(ofpacts, ip_src, reply ? ip_dst : ip_src);
        learn_match_field(ofpacts, ip_dst, reply ? ip_src : ip_dst);
        learn_match_value(ofpacts, MFF_IP_PROTO, &nh->proto,
                          sizeof nh->proto);
        learn_match_field(ofpacts, tp_src, reply ? tp_dst : tp_src);
        learn_match_field(ofpacts, tp_dst, reply ? tp_src : tp_dst);
        if (!reply) {
            learn_match_field(ofpacts, MFF_ETH_SRC, MFF_ETH_SRC);
        }
        learn_load_value(ofpacts, MFF_LOG_FLAGS,
                         MLF_LOOKUP_COMMIT_ECMP_NH_BIT, 1, &one, sizeof one);
        finish_learn(ofpacts, ofs);
    }
}

/* The family. */

static const struct ovnact_ops commit_lb_aff_ops = {
    format_commit_lb_aff, encode_commit_lb_aff, NULL };
static const struct ovnact_ops commit_ecmp_nh_ops = {
    format_commit_ecmp_nh, encode_commit_ecmp_nh, NULL };

static const struct ovnact_type_ops learn_types[] = {
    { OVNACT_COMMIT_LB_AFF, &commit_lb_aff_ops },
    { OVNACT_COMMIT_ECMP_NH, &commit_ecmp_nh_ops },
};

static const struct ovnact_keyword learn_keywords[] = {
    { "commit_lb_aff", parse_commit_lb_aff },
    { "commit_ecmp_nh", parse_commit_ecmp_nh },
};

const struct ovnact_family ovnact_learn_family = {
    learn_keywords, ARRAY_SIZE(learn_keywords),
    NULL, 0,
    learn_types, ARRAY_SIZE(learn_types),
};
