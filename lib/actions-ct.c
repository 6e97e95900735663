/* actions-ct.c: the connection tracking actions.
 *
 * This family owns ct_next, ct_commit (both the "{ ... }" form and the
 * old "(ct_mark=..., ct_label=...)" form), ct_commit_nat,
 * ct_commit_to_zone, ct_dnat, ct_snat and their "_in_czone" variants,
 * ct_clear, ct_lb and ct_lb_mark (whose backends become an OpenFlow select
 * group), ct_snat_to_vip, ct_state_save, and the functions that read the
 * original direction of a connection: ct_nw_dst(), ct_ip6_dst(),
 * ct_tp_dst() and ct_proto().
 *
 * Zones: a logical switch keeps its connections in the logical port's
 * zone (MFF_LOG_CT_ZONE); a router in its DNAT zone (MFF_LOG_DNAT_ZONE),
 * except for SNAT, which has a zone of its own. */

#include <config.h>

#include "actions-private.h"

#include <arpa/inet.h>
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

/* Returns the zone register of the datapath's connections. */
static enum mf_field_id
default_zone(const struct ovnact_encode_params *ep)
{
    return ep->is_switch ? MFF_LOG_CT_ZONE : MFF_LOG_DNAT_ZONE;
}

/* Appends a ct action in zone register 'zone' and returns its offset, so
 * that the caller can append nested actions and finish it. */
static size_t
start_ct(struct ofpbuf *ofpacts, enum mf_field_id zone, uint16_t flags,
         uint8_t recirc_table)
{
    size_t ofs = ofpacts->size;
    struct ofpact_conntrack *ct = ofpact_put_CT(ofpacts);
    ct->flags = flags;
    ct->recirc_table = recirc_table;
    ct->zone_src.field = mf_from_id(zone);
    ct->zone_src.ofs = 0;
    ct->zone_src.n_bits = 16;
    ct->alg = 0;
    return ofs;
}

/* Completes the ct action started at 'ofs'. */
static void
finish_ct(struct ofpbuf *ofpacts, size_t ofs)
{
    struct ofpact_conntrack *ct = ofpbuf_at_assert(ofpacts, ofs,
                                                   sizeof *ct);
    ofpacts->header = ct;
    ofpact_finish_CT(ofpacts, &ct);
}

/* Appends a nat action with 'flags' and no address. */
static struct ofpact_nat *
put_nat(struct ofpbuf *ofpacts, uint16_t flags)
{
    struct ofpact_nat *nat = ofpact_put_NAT(ofpacts);
    nat->flags = flags;
    nat->range_af = AF_UNSPEC;
    return nat;
}

/* ct_next. */

/* Parses "ct_next". */
static void
parse_ct_next(struct action_context *ctx)
{
    uint8_t ltable;
    if (!action_next_table(ctx, "ct_next", &ltable)) {
        return;
    }
    action_add_prerequisite(ctx, "ip");
    ovnact_put_CT_NEXT(ctx->ovnacts)->ltable = ltable;
}

/* Formats "ct_next;". */
static void
format_ct_next(const struct ovnact *a OVS_UNUSED, struct ds *s)
{
    ds_put_cstr(s, "ct_next;");
}

/* Encodes "ct_next" as conntrack in the datapath's zone, continuing in
 * the next table. */
static void
encode_ct_next(const struct ovnact *a, const struct ovnact_encode_params *ep,
               struct ofpbuf *ofpacts)
{
    const struct ovnact_ct_next *ct_next = ovnact_get_CT_NEXT(a);
    size_t ofs = start_ct(ofpacts, default_zone(ep), 0,
                          action_first_ptable(ep, ep->pipeline)
                          + ct_next->ltable);
    finish_ct(ofpacts, ofs);
}

/* ct_commit. */

/* Parses one "ct_mark=VALUE[/MASK]" or "ct_label=VALUE[/MASK]" of the old
 * ct_commit syntax. */
static void
parse_ct_commit_v1_arg(struct action_context *ctx,
                       struct ovnact_ct_commit_v1 *cc)
{
    struct lexer *lexer = ctx->lexer;
    const struct lex_token *t = &lexer->token;
    bool mark = lexer_match_id(lexer, "ct_mark");

    if (!mark && !lexer_match_id(lexer, "ct_label")) {
        lexer_syntax_error(lexer, NULL);
        return;
    }
    if (!lexer_force_match(lexer, LEX_T_EQUALS)) {
        return;
    }
    if (t->type != LEX_T_INTEGER && t->type != LEX_T_MASKED_INTEGER) {
        lexer_syntax_error(lexer, "expecting integer");
        return;
    }
    bool masked = t->type == LEX_T_MASKED_INTEGER;
    if (mark) {
        cc->ct_mark = ntohll(t->value.integer);
        cc->ct_mark_mask = masked ? ntohll(t->mask.integer) : UINT32_MAX;
    } else {
        cc->ct_label = t->value.be128[ARRAY_SIZE(t->value.be128) - 1];
        if (masked) {
            cc->ct_label_mask = t->mask.be128[ARRAY_SIZE(t->mask.be128) - 1];
        } else {
            memset(&cc->ct_label_mask, 0xff, sizeof cc->ct_label_mask);
        }
    }
    lexer_get(lexer);
}

/* Parses "ct_commit { ... }", "ct_commit(ct_mark=..., ct_label=...)" or
 * a bare "ct_commit". */
static void
parse_ct_commit(struct action_context *ctx)
{
    struct lexer *lexer = ctx->lexer;

    if (lexer->token.type == LEX_T_LCURLY) {
        action_parse_nested(ctx, OVNACT_CT_COMMIT_V2, "ip", WR_CT_COMMIT);
    } else if (lexer_match(lexer, LEX_T_LPAREN)) {
        action_add_prerequisite(ctx, "ip");
        struct ovnact_ct_commit_v1 cc;
        memset(&cc, 0, sizeof cc);
        while (!lexer_match(lexer, LEX_T_RPAREN)) {
            parse_ct_commit_v1_arg(ctx, &cc);
            if (lexer->error) {
                return;
            }
            lexer_match(lexer, LEX_T_COMMA);
        }
        struct ovnact_ct_commit_v1 *p = ovnact_put_CT_COMMIT_V1(
            ctx->ovnacts);
        cc.ovnact = p->ovnact;
        *p = cc;
    } else {
        action_add_prerequisite(ctx, "ip");
        struct ovnact_nest *on = ovnact_put_CT_COMMIT_V2(ctx->ovnacts);
        on->nested = NULL;
        on->nested_len = 0;
    }
}

/* Formats the old ct_commit syntax. */
static void
format_ct_commit_v1(const struct ovnact *a, struct ds *s)
{
    const struct ovnact_ct_commit_v1 *cc = ovnact_get_CT_COMMIT_V1(a);
    ds_put_cstr(s, "ct_commit(");
    if (cc->ct_mark_mask) {
        ds_put_format(s, "ct_mark=%#"PRIx32, cc->ct_mark);
        if (cc->ct_mark_mask != UINT32_MAX) {
            ds_put_format(s, "/%#"PRIx32, cc->ct_mark_mask);
        }
    }
    if (!ovs_be128_is_zero(cc->ct_label_mask)) {
        if (s->string[s->length - 1] != '(') {
            ds_put_cstr(s, ", ");
        }
        ds_put_cstr(s, "ct_label=");
        ds_put_hex(s, &cc->ct_label, sizeof cc->ct_label);
        if (!is_all_ones(&cc->ct_label_mask, sizeof cc->ct_label_mask)) {
            ds_put_char(s, '/');
            ds_put_hex(s, &cc->ct_label_mask, sizeof cc->ct_label_mask);
        }
    }
    if (!ds_chomp(s, '(')) {
        ds_put_char(s, ')');
    }
    ds_put_char(s, ';');
}

/* Encodes the old ct_commit: commit, setting the mark and label. */
static void
encode_ct_commit_v1(const struct ovnact *a,
                    const struct ovnact_encode_params *ep,
                    struct ofpbuf *ofpacts)
{
    const struct ovnact_ct_commit_v1 *cc = ovnact_get_CT_COMMIT_V1(a);
    size_t ofs = start_ct(ofpacts, default_zone(ep), NX_CT_F_COMMIT,
                          NX_CT_RECIRC_NONE);
    if (cc->ct_mark_mask) {
        const ovs_be32 value = htonl(cc->ct_mark);
        const ovs_be32 mask = htonl(cc->ct_mark_mask);
        ofpact_put_set_field(ofpacts, mf_from_id(MFF_CT_MARK), &value,
                             &mask);
    }
    if (!ovs_be128_is_zero(cc->ct_label_mask)) {
        ofpact_put_set_field(ofpacts, mf_from_id(MFF_CT_LABEL),
                             &cc->ct_label, &cc->ct_label_mask);
    }
    finish_ct(ofpacts, ofs);
}

/* Formats "ct_commit { ... };", or "ct_commit;" if nothing is nested. */
static void
format_ct_commit_v2(const struct ovnact *a, struct ds *s)
{
    const struct ovnact_nest *on = ovnact_get_CT_COMMIT_V2(a);
    if (on->nested_len) {
        action_format_nested(on, "ct_commit", s);
    } else {
        ds_put_cstr(s, "ct_commit;");
    }
}

/* Encodes "ct_commit { ... }": commit in the datapath's zone, with the
 * nested assignments (to ct_mark and ct_label) executed on the
 * connection.  The "nat(src)" with no address makes conntrack reserve the
 * connection's tuple as is, so that a later SNAT of another connection
 * cannot take it. */
static void
encode_ct_commit_v2(const struct ovnact *a,
                    const struct ovnact_encode_params *ep,
                    struct ofpbuf *ofpacts)
{
    const struct ovnact_nest *on = ovnact_get_CT_COMMIT_V2(a);
    size_t ofs = start_ct(ofpacts, default_zone(ep), NX_CT_F_COMMIT,
                          NX_CT_RECIRC_NONE);
    put_nat(ofpacts, NX_NAT_F_SRC);
    ovnacts_encode(on->nested, on->nested_len, ep, ofpacts);
    finish_ct(ofpacts, ofs);
}

/* Frees the nested actions of ct_commit { }. */
static void
free_ct_commit_v2(struct ovnact *a)
{
    struct ovnact_nest *on = ovnact_get_CT_COMMIT_V2(a);
    ovnacts_free(on->nested, on->nested_len);
    free(on->nested);
}

/* ct_commit_nat and ct_commit_to_zone. */

/* Parses the optional "(dnat)" or "(snat)" of 'name'. */
static void
parse_commit_zone(struct action_context *ctx, enum ovnact_type type,
                  const char *name)
{
    struct lexer *lexer = ctx->lexer;
    uint8_t ltable;

    if (!action_next_table(ctx, name, &ltable)) {
        return;
    }
    action_add_prerequisite(ctx, "ip");

    bool dnat_zone = true;
    if (lexer_match(lexer, LEX_T_LPAREN)) {
        if (lexer_match_id(lexer, "dnat")) {
            dnat_zone = true;
        } else if (lexer_match_id(lexer, "snat")) {
            dnat_zone = false;
        } else {
            lexer_error(lexer, "\"%s\" action accepts only \"dnat\" or "
                        "\"snat\" parameter.", name);
            return;
        }
        if (!lexer_force_match(lexer, LEX_T_RPAREN)) {
            return;
        }
    } else if (type == OVNACT_CT_COMMIT_TO_ZONE) {
        lexer_syntax_error(lexer, "expecting `('");
        return;
    }

    struct ovnact_ct_commit_nat *cn = ovnact_put(ctx->ovnacts, type,
                                                 OVNACT_ALIGN(sizeof *cn));
    cn->dnat_zone = dnat_zone;
    cn->ltable = ltable;
}

/* Parses "ct_commit_nat[(dnat|snat)]". */
static void
parse_ct_commit_nat(struct action_context *ctx)
{
    parse_commit_zone(ctx, OVNACT_CT_COMMIT_NAT, "ct_commit_nat");
}

/* Parses "ct_commit_to_zone(dnat|snat)". */
static void
parse_ct_commit_to_zone(struct action_context *ctx)
{
    parse_commit_zone(ctx, OVNACT_CT_COMMIT_TO_ZONE, "ct_commit_to_zone");
}

/* Formats "ct_commit_nat;", "ct_commit_nat(snat);" or
 * "ct_commit_to_zone(dnat|snat);". */
static void
format_commit_zone(const struct ovnact *a, struct ds *s)
{
    const struct ovnact_ct_commit_nat *cn
        = ALIGNED_CAST(const struct ovnact_ct_commit_nat *, a);
    if (a->type == OVNACT_CT_COMMIT_NAT) {
        ds_put_cstr(s, cn->dnat_zone ? "ct_commit_nat;"
                                     : "ct_commit_nat(snat);");
    } else {
        ds_put_format(s, "ct_commit_to_zone(%s);",
                      cn->dnat_zone ? "dnat" : "snat");
    }
}

/* Returns the zone of a ct_commit_nat or ct_commit_to_zone. */
static enum mf_field_id
commit_zone(const struct ovnact_ct_commit_nat *cn,
            const struct ovnact_encode_params *ep)
{
    return (ep->is_switch ? MFF_LOG_CT_ZONE
            : cn->dnat_zone ? MFF_LOG_DNAT_ZONE : MFF_LOG_SNAT_ZONE);
}

/* Encodes "ct_commit_nat": commit, applying the NAT of the connection the
 * packet is related to, and continue in the next table. */
static void
encode_ct_commit_nat(const struct ovnact *a,
                     const struct ovnact_encode_params *ep,
                     struct ofpbuf *ofpacts)
{
    const struct ovnact_ct_commit_nat *cn = ovnact_get_CT_COMMIT_NAT(a);
    size_t ofs = start_ct(ofpacts, commit_zone(cn, ep), NX_CT_F_COMMIT,
                          action_first_ptable(ep, ep->pipeline)
                          + cn->ltable);
    put_nat(ofpacts, 0);
    finish_ct(ofpacts, ofs);
}

/* Encodes "ct_commit_to_zone": commit in the chosen zone and continue in
 * the next table. */
static void
encode_ct_commit_to_zone(const struct ovnact *a,
                         const struct ovnact_encode_params *ep,
                         struct ofpbuf *ofpacts)
{
    const struct ovnact_ct_commit_nat *cn = ovnact_get_CT_COMMIT_TO_ZONE(a);
    size_t ofs = start_ct(ofpacts, commit_zone(cn, ep), NX_CT_F_COMMIT,
                          action_first_ptable(ep, ep->pipeline)
                          + cn->ltable);
    finish_ct(ofpacts, ofs);
}

/* ct_dnat, ct_snat, ct_dnat_in_czone, ct_snat_in_czone. */

/* Returns the name of NAT action 'type'. */
static const char *
nat_name(enum ovnact_type type)
{
    return (type == OVNACT_CT_DNAT ? "ct_dnat"
            : type == OVNACT_CT_SNAT ? "ct_snat"
            : type == OVNACT_CT_DNAT_IN_CZONE ? "ct_dnat_in_czone"
            : "ct_snat_in_czone");
}

/* Parses a port number into '*port'. */
static bool
parse_port(struct lexer *lexer, uint16_t *port)
{
    const struct lex_token *t = &lexer->token;
    if (t->type != LEX_T_INTEGER || t->format != LEX_F_DECIMAL
        || ntohll(t->value.integer) > UINT16_MAX
        || !is_all_zeros(&t->value, sizeof t->value - 8)) {
        lexer_syntax_error(lexer, "expecting port number");
        return false;
    }
    *port = ntohll(t->value.integer);
    lexer_get(lexer);
    return true;
}

/* Parses "[(IP[, PORT[-PORT]][, random|hash])]" for NAT action 'type'. */
static void
parse_ct_nat(struct action_context *ctx, enum ovnact_type type)
{
    struct lexer *lexer = ctx->lexer;
    const char *name = nat_name(type);
    uint8_t ltable;

    if (!action_next_table(ctx, name, &ltable)) {
        return;
    }
    action_add_prerequisite(ctx, "ip");

    struct ovnact_ct_nat cn;
    memset(&cn, 0, sizeof cn);
    cn.family = AF_UNSPEC;
    cn.ltable = ltable;

    if (lexer_match(lexer, LEX_T_LPAREN)) {
        const struct lex_token *t = &lexer->token;
        if (t->type != LEX_T_INTEGER
            || (t->format != LEX_F_IPV4 && t->format != LEX_F_IPV6)) {
            lexer_syntax_error(lexer, "expecting IPv4 or IPv6 address");
            return;
        }
        if (t->format == LEX_F_IPV4) {
            cn.family = AF_INET;
            cn.ipv4 = t->value.ipv4;
        } else {
            cn.family = AF_INET6;
            cn.ipv6 = t->value.ipv6;
        }
        lexer_get(lexer);

        if (lexer_match(lexer, LEX_T_COMMA)) {
            if (lexer->token.type == LEX_T_INTEGER) {
                if (!parse_port(lexer, &cn.port_range.port_lo)) {
                    return;
                }
                if (action_match_hyphen(lexer)) {
                    if (!parse_port(lexer, &cn.port_range.port_hi)) {
                        return;
                    }
                    if (cn.port_range.port_hi <= cn.port_range.port_lo) {
                        lexer_error(lexer, "Port range high %"PRIu16" must "
                                    "be greater than range low %"PRIu16".",
                                    cn.port_range.port_hi,
                                    cn.port_range.port_lo);
                        return;
                    }
                }
                cn.port_range.exists = true;
                lexer_match(lexer, LEX_T_COMMA);
            }
            if (lexer_match_id(lexer, "hash")) {
                cn.port_range.port_hash = true;
            } else if (lexer_match_id(lexer, "random")) {
                cn.port_range.port_hash = false;
            }
        }
        if (!lexer_force_match(lexer, LEX_T_RPAREN)) {
            return;
        }
    }

    struct ovnact_ct_nat *p = ovnact_put(ctx->ovnacts, type,
                                         OVNACT_ALIGN(sizeof *p));
    cn.ovnact = p->ovnact;
    *p = cn;
}

/* Parses "ct_dnat". */
static void
parse_ct_dnat(struct action_context *ctx)
{
    parse_ct_nat(ctx, OVNACT_CT_DNAT);
}

/* Parses "ct_snat". */
static void
parse_ct_snat(struct action_context *ctx)
{
    parse_ct_nat(ctx, OVNACT_CT_SNAT);
}

/* Parses "ct_dnat_in_czone". */
static void
parse_ct_dnat_in_czone(struct action_context *ctx)
{
    parse_ct_nat(ctx, OVNACT_CT_DNAT_IN_CZONE);
}

/* Parses "ct_snat_in_czone". */
static void
parse_ct_snat_in_czone(struct action_context *ctx)
{
    parse_ct_nat(ctx, OVNACT_CT_SNAT_IN_CZONE);
}

/* Formats a NAT action. */
static void
format_ct_nat(const struct ovnact *a, struct ds *s)
{
    const struct ovnact_ct_nat *cn
        = ALIGNED_CAST(const struct ovnact_ct_nat *, a);
    ds_put_cstr(s, nat_name(a->type));
    if (cn->family != AF_UNSPEC) {
        ds_put_char(s, '(');
        if (cn->family == AF_INET) {
            ds_put_format(s, IP_FMT, IP_ARGS(cn->ipv4));
        } else {
            ipv6_format_addr(&cn->ipv6, s);
        }
        if (cn->port_range.exists) {
            ds_put_format(s, ",%"PRIu16, cn->port_range.port_lo);
            if (cn->port_range.port_hi) {
                ds_put_format(s, "-%"PRIu16, cn->port_range.port_hi);
            }
            if (cn->port_range.port_hash) {
                ds_put_cstr(s, ",hash");
            }
        }
        ds_put_char(s, ')');
    }
    ds_put_char(s, ';');
}

/* Encodes a NAT action: with an address, commit and translate to it;
 * without one, only apply the translation of an existing connection.
 * Either way processing continues in the next table. */
static void
encode_ct_nat(const struct ovnact *a, const struct ovnact_encode_params *ep,
              struct ofpbuf *ofpacts)
{
    const struct ovnact_ct_nat *cn
        = ALIGNED_CAST(const struct ovnact_ct_nat *, a);
    bool snat = (a->type == OVNACT_CT_SNAT
                 || a->type == OVNACT_CT_SNAT_IN_CZONE);
    enum mf_field_id zone = (a->type == OVNACT_CT_DNAT ? MFF_LOG_DNAT_ZONE
                             : a->type == OVNACT_CT_SNAT ? MFF_LOG_SNAT_ZONE
                             : ep->common_nat_ct_zone);

    size_t ofs = start_ct(ofpacts, zone,
                          cn->family != AF_UNSPEC ? NX_CT_F_COMMIT : 0,
                          action_first_ptable(ep, ep->pipeline)
                          + cn->ltable);
    struct ofpact_nat *nat = put_nat(ofpacts, 0);
    if (cn->family != AF_UNSPEC) {
        nat->flags = snat ? NX_NAT_F_SRC : NX_NAT_F_DST;
        nat->range_af = cn->family;
        if (cn->family == AF_INET) {
            nat->range.addr.ipv4.min = cn->ipv4;
        } else {
            nat->range.addr.ipv6.min = cn->ipv6;
        }
        if (cn->port_range.exists) {
            nat->range.proto.min = cn->port_range.port_lo;
            nat->range.proto.max = cn->port_range.port_hi;
            nat->flags |= (cn->port_range.port_hash ? NX_NAT_F_PROTO_HASH
                           : NX_NAT_F_PROTO_RANDOM);
        }
    }
    finish_ct(ofpacts, ofs);
}

/* ct_clear. */

/* Parses "ct_clear". */
static void
parse_ct_clear(struct action_context *ctx)
{
    ovnact_put_CT_CLEAR(ctx->ovnacts);
}

/* Formats "ct_clear;". */
static void
format_ct_clear(const struct ovnact *a OVS_UNUSED, struct ds *s)
{
    ds_put_cstr(s, "ct_clear;");
}

/* Encodes "ct_clear". */
static void
encode_ct_clear(const struct ovnact *a OVS_UNUSED,
                const struct ovnact_encode_params *ep OVS_UNUSED,
                struct ofpbuf *ofpacts)
{
    ofpact_put_CT_CLEAR(ofpacts);
}

/* ct_lb and ct_lb_mark. */

/* Parses one backend, "IP", "IP:PORT" or "[IPv6]:PORT", into 'dst'. */
static bool
parse_ct_lb_dst(struct lexer *lexer, struct ovnact_ct_lb_dst *dst)
{
    const struct lex_token *t = &lexer->token;
    bool bracketed = lexer_match(lexer, LEX_T_LSQUARE);

    memset(dst, 0, sizeof *dst);
    if (t->type != LEX_T_INTEGER
        || (t->format != LEX_F_IPV6 && (bracketed
                                        || t->format != LEX_F_IPV4))) {
        lexer_syntax_error(lexer, bracketed ? "expecting IPv6 address"
                                            : "expecting IP address");
        return false;
    }
    if (t->format == LEX_F_IPV4) {
        dst->family = AF_INET;
        dst->ipv4 = t->value.ipv4;
    } else {
        dst->family = AF_INET6;
        dst->ipv6 = t->value.ipv6;
    }
    lexer_get(lexer);

    if (bracketed && !lexer_force_match(lexer, LEX_T_RSQUARE)) {
        return false;
    }
    if (lexer_match(lexer, LEX_T_COLON)) {
        if (dst->family == AF_INET6 && !bracketed) {
            lexer_syntax_error(lexer, "IPv6 address needs square brackets "
                               "if port is included");
            return false;
        }
        return parse_port(lexer, &dst->port);
    }
    return true;
}

/* Parses "ct_lb[_mark][(...)]". */
static void
parse_ct_lb(struct action_context *ctx, enum ovnact_type type)
{
    struct lexer *lexer = ctx->lexer;
    const char *name = type == OVNACT_CT_LB ? "ct_lb" : "ct_lb_mark";
    uint8_t ltable;

    if (!action_next_table(ctx, name, &ltable)) {
        return;
    }
    action_add_prerequisite(ctx, "ip");

    struct ovnact_ct_lb_dst *dsts = NULL;
    size_t n_dsts = 0, allocated = 0;
    char *hash_fields = NULL;
    enum ovnact_ct_lb_flag ct_flag = OVNACT_CT_LB_FLAG_NONE;

    if (lexer_match(lexer, LEX_T_LPAREN)) {
        if (lexer_match_id(lexer, "backends")
            && !lexer_force_match(lexer, LEX_T_EQUALS)) {
            goto error;
        }
        while (lexer->token.type != LEX_T_SEMICOLON
               && lexer->token.type != LEX_T_RPAREN) {
            struct ovnact_ct_lb_dst dst;
            if (!parse_ct_lb_dst(lexer, &dst)) {
                goto error;
            }
            if (n_dsts && dst.family != dsts[0].family) {
                lexer_error(lexer, "%s: IPv4 and IPv6 backends may not be "
                            "mixed.", name);
                goto error;
            }
            if (n_dsts >= allocated) {
                dsts = x2nrealloc(dsts, &allocated, sizeof *dsts);
            }
            dsts[n_dsts++] = dst;
            if (!lexer_match(lexer, LEX_T_COMMA)
                && lexer->token.type != LEX_T_SEMICOLON
                && lexer->token.type != LEX_T_RPAREN) {
                lexer_syntax_error(lexer, "expecting `,', `;' or `)'");
                goto error;
            }
        }

        while (lexer_match(lexer, LEX_T_SEMICOLON)) {
            if (lexer_match_id(lexer, "hash_fields")) {
                if (!lexer_force_match(lexer, LEX_T_EQUALS)) {
                    goto error;
                }
                if (lexer->token.type != LEX_T_STRING || hash_fields) {
                    lexer_syntax_error(lexer, "invalid hash_fields");
                    goto error;
                }
                hash_fields = xstrdup(lexer->token.s);
                lexer_get(lexer);
            } else if (lexer_match_id(lexer, "skip_snat")) {
                ct_flag = OVNACT_CT_LB_FLAG_SKIP_SNAT;
            } else if (lexer_match_id(lexer, "force_snat")) {
                ct_flag = OVNACT_CT_LB_FLAG_FORCE_SNAT;
            } else {
                lexer_syntax_error(lexer, "expecting \"hash_fields\", "
                                   "\"skip_snat\" or \"force_snat\"");
                goto error;
            }
        }
        if (!lexer_force_match(lexer, LEX_T_RPAREN)) {
            goto error;
        }
    }

    struct ovnact_ct_lb *cl = ovnact_put(ctx->ovnacts, type,
                                         OVNACT_ALIGN(sizeof *cl));
    cl->ltable = ltable;
    cl->dsts = dsts;
    cl->n_dsts = n_dsts;
    cl->hash_fields = hash_fields;
    cl->ct_flag = ct_flag;
    return;

error:
    free(dsts);
    free(hash_fields);
}

/* Parses "ct_lb". */
static void
parse_ct_lb_label(struct action_context *ctx)
{
    parse_ct_lb(ctx, OVNACT_CT_LB);
}

/* Parses "ct_lb_mark". */
static void
parse_ct_lb_mark(struct action_context *ctx)
{
    parse_ct_lb(ctx, OVNACT_CT_LB_MARK);
}

/* Appends backend 'dst' to 's' as "IP", "IP:PORT" or "[IPv6]:PORT". */
static void
format_ct_lb_dst(const struct ovnact_ct_lb_dst *dst, struct ds *s)
{
    if (dst->family == AF_INET) {
        ds_put_format(s, IP_FMT, IP_ARGS(dst->ipv4));
    } else {
        if (dst->port) {
            ds_put_char(s, '[');
        }
        ipv6_format_addr(&dst->ipv6, s);
        if (dst->port) {
            ds_put_char(s, ']');
        }
    }
    if (dst->port) {
        ds_put_format(s, ":%"PRIu16, dst->port);
    }
}

/* Formats ct_lb or ct_lb_mark. */
static void
format_ct_lb(const struct ovnact *a, struct ds *s)
{
    const struct ovnact_ct_lb *cl
        = ALIGNED_CAST(const struct ovnact_ct_lb *, a);
    ds_put_cstr(s, a->type == OVNACT_CT_LB ? "ct_lb" : "ct_lb_mark");
    if (cl->n_dsts || cl->hash_fields
        || cl->ct_flag != OVNACT_CT_LB_FLAG_NONE) {
        ds_put_cstr(s, "(backends=");
        for (size_t i = 0; i < cl->n_dsts; i++) {
            if (i) {
                ds_put_char(s, ',');
            }
            format_ct_lb_dst(&cl->dsts[i], s);
        }
        if (cl->hash_fields) {
            ds_put_format(s, "; hash_fields=\"%s\"", cl->hash_fields);
        }
        if (cl->ct_flag == OVNACT_CT_LB_FLAG_SKIP_SNAT) {
            ds_put_cstr(s, "; skip_snat");
        } else if (cl->ct_flag == OVNACT_CT_LB_FLAG_FORCE_SNAT) {
            ds_put_cstr(s, "; force_snat");
        }
        ds_put_char(s, ')');
    }
    ds_put_char(s, ';');
}

/* Encodes ct_lb or ct_lb_mark.  Without backends, the packet only gets
 * the translation of its existing connection.  With backends, a select
 * group has one bucket per backend, each committing the connection with a
 * DNAT to the backend and marking it as NATed (in ct_mark for ct_lb_mark,
 * in ct_label for the older ct_lb), with the optional SNAT flag. */
static void
encode_ct_lb(const struct ovnact *a, const struct ovnact_encode_params *ep,
             struct ofpbuf *ofpacts)
{
    const struct ovnact_ct_lb *cl
        = ALIGNED_CAST(const struct ovnact_ct_lb *, a);
    uint8_t recirc_table = action_first_ptable(ep, ep->pipeline) + cl->ltable;
    enum mf_field_id zone = default_zone(ep);

    if (!cl->n_dsts) {
        size_t ofs = start_ct(ofpacts, zone, 0, recirc_table);
        put_nat(ofpacts, 0);
        finish_ct(ofpacts, ofs);
        return;
    }

    const char *mark = a->type == OVNACT_CT_LB ? "ct_label" : "ct_mark";
    struct ds ds = DS_EMPTY_INITIALIZER;
    ds_put_format(&ds, "type=select,selection_method=%s",
                  cl->hash_fields ? "hash" : "dp_hash");
    if (cl->hash_fields) {
        ds_put_format(&ds, ",fields(%s)", cl->hash_fields);
    }
    for (size_t i = 0; i < cl->n_dsts; i++) {
        ds_put_format(&ds, ",bucket=bucket_id=%"PRIuSIZE",weight:100,"
                      "actions=ct(nat(dst=", i);
        format_ct_lb_dst(&cl->dsts[i], &ds);
        ds_put_format(&ds, "),commit,table=%d,zone=NXM_NX_REG%d[0..15],"
                      "exec(set_field:%#x/%#x->%s", recirc_table,
                      zone - MFF_REG0, 1 << OVN_CT_NATTED_BIT,
                      1 << OVN_CT_NATTED_BIT, mark);
        if (cl->ct_flag != OVNACT_CT_LB_FLAG_NONE) {
            int bit = (cl->ct_flag == OVNACT_CT_LB_FLAG_SKIP_SNAT
                       ? OVN_CT_LB_SKIP_SNAT_BIT : OVN_CT_LB_FORCE_SNAT_BIT);
            ds_put_format(&ds, ",set_field:%#x/%#x->%s",
                          1 << bit, 1 << bit, mark);
        }
        ds_put_cstr(&ds, "))");
    }

    uint32_t group_id = (ep->group_id
                         ? ep->group_id(ep->aux, ds_cstr(&ds),
                                        &ep->lflow_uuid)
                         : UINT32_MAX);
    ds_destroy(&ds);
    if (group_id != UINT32_MAX) {
        ofpact_put_GROUP(ofpacts)->group_id = group_id;
    }
}

/* Frees the backends and hash fields of ct_lb. */
static void
free_ct_lb(struct ovnact *a)
{
    struct ovnact_ct_lb *cl = ALIGNED_CAST(struct ovnact_ct_lb *, a);
    free(cl->dsts);
    free(cl->hash_fields);
}

/* ct_snat_to_vip and ct_state_save: a lookup table does everything. */

/* Parses "ct_snat_to_vip". */
static void
parse_ct_snat_to_vip(struct action_context *ctx)
{
    ovnact_put_CT_SNAT_TO_VIP(ctx->ovnacts);
}

/* Parses "ct_state_save". */
static void
parse_ct_state_save(struct action_context *ctx)
{
    ovnact_put_CT_STATE_SAVE(ctx->ovnacts);
}

/* Formats "ct_snat_to_vip;" or "ct_state_save;". */
static void
format_table_action(const struct ovnact *a, struct ds *s)
{
    ds_put_cstr(s, a->type == OVNACT_CT_SNAT_TO_VIP ? "ct_snat_to_vip;"
                                                    : "ct_state_save;");
}

/* Encodes ct_snat_to_vip or ct_state_save as a resubmit to its table. */
static void
encode_table_action(const struct ovnact *a,
                    const struct ovnact_encode_params *ep,
                    struct ofpbuf *ofpacts)
{
    action_emit_resubmit(ofpacts, (a->type == OVNACT_CT_SNAT_TO_VIP
                                   ? ep->ct_snat_vip_ptable
                                   : ep->ct_state_save_ptable));
}

/* R = ct_nw_dst(), ct_ip6_dst(), ct_tp_dst(), ct_proto(). */

/* Returns the name of original-tuple function 'type'. */
static const char *
orig_name(enum ovnact_type type)
{
    return (type == OVNACT_CT_ORIG_NW_DST ? "ct_nw_dst"
            : type == OVNACT_CT_ORIG_IP6_DST ? "ct_ip6_dst"
            : type == OVNACT_CT_ORIG_TP_DST ? "ct_tp_dst"
            : "ct_proto");
}

/* Returns the width of the result of original-tuple function 'type'. */
static int
orig_width(enum ovnact_type type)
{
    return (type == OVNACT_CT_ORIG_NW_DST ? 32
            : type == OVNACT_CT_ORIG_IP6_DST ? 128
            : type == OVNACT_CT_ORIG_TP_DST ? 16
            : 8);
}

/* Parses ")" after "R = FUNCTION(" for original-tuple function 'type'. */
static void
parse_ct_orig(struct action_context *ctx, const struct expr_field *dst,
              enum ovnact_type type)
{
    if (!action_check_result(ctx, dst, orig_width(type))
        || !action_parse_function_end(ctx)) {
        return;
    }
    struct ovnact_result *res = ovnact_put(ctx->ovnacts, type,
                                           OVNACT_ALIGN(sizeof *res));
    res->dst = *dst;
}

/* Parses the rest of "R = ct_nw_dst()". */
static void
parse_ct_nw_dst(struct action_context *ctx, const struct expr_field *dst)
{
    parse_ct_orig(ctx, dst, OVNACT_CT_ORIG_NW_DST);
}

/* Parses the rest of "R = ct_ip6_dst()". */
static void
parse_ct_ip6_dst(struct action_context *ctx, const struct expr_field *dst)
{
    parse_ct_orig(ctx, dst, OVNACT_CT_ORIG_IP6_DST);
}

/* Parses the rest of "R = ct_tp_dst()". */
static void
parse_ct_tp_dst(struct action_context *ctx, const struct expr_field *dst)
{
    parse_ct_orig(ctx, dst, OVNACT_CT_ORIG_TP_DST);
}

/* Parses the rest of "R = ct_proto()". */
static void
parse_ct_proto(struct action_context *ctx, const struct expr_field *dst)
{
    parse_ct_orig(ctx, dst, OVNACT_CT_ORIG_PROTO);
}

/* Formats "R = FUNCTION();". */
static void
format_ct_orig(const struct ovnact *a, struct ds *s)
{
    const struct ovnact_result *res
        = ALIGNED_CAST(const struct ovnact_result *, a);
    expr_field_format(&res->dst, s);
    ds_put_format(s, " = %s();", orig_name(a->type));
}

/* Encodes an original-tuple function: its table copies the value into the
 * low bits of the result register, from which it moves to R.  Those bits
 * are saved around the lookup unless R overlaps them, in which case
 * restoring them would undo the result. */
static void
encode_ct_orig(const struct ovnact *a, const struct ovnact_encode_params *ep,
               struct ofpbuf *ofpacts)
{
    const struct ovnact_result *res
        = ALIGNED_CAST(const struct ovnact_result *, a);
    struct mf_subfield dst = expr_resolve_field(&res->dst);
    struct mf_subfield result = {
        .field = mf_from_id(MFF_LOG_RESULT_REG),
        .ofs = 0,
        .n_bits = orig_width(a->type),
    };
    uint8_t table = (a->type == OVNACT_CT_ORIG_NW_DST
                     ? ep->ct_nw_dst_load_ptable
                     : a->type == OVNACT_CT_ORIG_IP6_DST
                     ? ep->ct_ip6_dst_load_ptable
                     : a->type == OVNACT_CT_ORIG_TP_DST
                     ? ep->ct_tp_dst_load_ptable
                     : ep->ct_proto_load_ptable);
    bool overlaps = (dst.field == result.field
                     && dst.ofs < result.ofs + result.n_bits
                     && result.ofs < dst.ofs + dst.n_bits);
    if (!overlaps) {
        ofpact_put_STACK_PUSH(ofpacts)->subfield = result;
    }
    struct ofpact_set_field *sf = ofpact_put_set_field(ofpacts, result.field,
                                                       NULL, NULL);
    bitwise_one(ofpact_set_field_mask(sf), result.field->n_bytes,
                result.ofs, result.n_bits);
    action_emit_resubmit(ofpacts, table);
    struct ofpact_reg_move *orm = ofpact_put_REG_MOVE(ofpacts);
    orm->src = result;
    orm->dst = dst;
    if (!overlaps) {
        ofpact_put_STACK_POP(ofpacts)->subfield = result;
    }
}

/* The family. */

static const struct ovnact_ops ct_next_ops = {
    format_ct_next, encode_ct_next, NULL };
static const struct ovnact_ops ct_commit_v1_ops = {
    format_ct_commit_v1, encode_ct_commit_v1, NULL };
static const struct ovnact_ops ct_commit_v2_ops = {
    format_ct_commit_v2, encode_ct_commit_v2, free_ct_commit_v2 };
static const struct ovnact_ops ct_commit_nat_ops = {
    format_commit_zone, encode_ct_commit_nat, NULL };
static const struct ovnact_ops ct_commit_to_zone_ops = {
    format_commit_zone, encode_ct_commit_to_zone, NULL };
static const struct ovnact_ops ct_nat_ops = {
    format_ct_nat, encode_ct_nat, NULL };
static const struct ovnact_ops ct_clear_ops = {
    format_ct_clear, encode_ct_clear, NULL };
static const struct ovnact_ops ct_lb_ops = {
    format_ct_lb, encode_ct_lb, free_ct_lb };
static const struct ovnact_ops table_action_ops = {
    format_table_action, encode_table_action, NULL };
static const struct ovnact_ops ct_orig_ops = {
    format_ct_orig, encode_ct_orig, NULL };

static const struct ovnact_type_ops ct_types[] = {
    { OVNACT_CT_NEXT, &ct_next_ops },
    { OVNACT_CT_COMMIT_V1, &ct_commit_v1_ops },
    { OVNACT_CT_COMMIT_V2, &ct_commit_v2_ops },
    { OVNACT_CT_COMMIT_NAT, &ct_commit_nat_ops },
    { OVNACT_CT_COMMIT_TO_ZONE, &ct_commit_to_zone_ops },
    { OVNACT_CT_DNAT, &ct_nat_ops },
    { OVNACT_CT_SNAT, &ct_nat_ops },
    { OVNACT_CT_DNAT_IN_CZONE, &ct_nat_ops },
    { OVNACT_CT_SNAT_IN_CZONE, &ct_nat_ops },
    { OVNACT_CT_CLEAR, &ct_clear_ops },
    { OVNACT_CT_LB, &ct_lb_ops },
    { OVNACT_CT_LB_MARK, &ct_lb_ops },
    { OVNACT_CT_SNAT_TO_VIP, &table_action_ops },
    { OVNACT_CT_STATE_SAVE, &table_action_ops },
    { OVNACT_CT_ORIG_NW_DST, &ct_orig_ops },
    { OVNACT_CT_ORIG_IP6_DST, &ct_orig_ops },
    { OVNACT_CT_ORIG_TP_DST, &ct_orig_ops },
    { OVNACT_CT_ORIG_PROTO, &ct_orig_ops },
};

static const struct ovnact_keyword ct_keywords[] = {
    { "ct_next", parse_ct_next },
    { "ct_commit", parse_ct_commit },
    { "ct_commit_nat", parse_ct_commit_nat },
    { "ct_commit_to_zone", parse_ct_commit_to_zone },
    { "ct_dnat", parse_ct_dnat },
    { "ct_snat", parse_ct_snat },
    { "ct_dnat_in_czone", parse_ct_dnat_in_czone },
    { "ct_snat_in_czone", parse_ct_snat_in_czone },
    { "ct_clear", parse_ct_clear },
    { "ct_lb", parse_ct_lb_label },
    { "ct_lb_mark", parse_ct_lb_mark },
    { "ct_snat_to_vip", parse_ct_snat_to_vip },
    { "ct_state_save", parse_ct_state_save },
};

static const struct ovnact_function ct_functions[] = {
    { "ct_nw_dst", parse_ct_nw_dst },
    { "ct_ip6_dst", parse_ct_ip6_dst },
    { "ct_tp_dst", parse_ct_tp_dst },
    { "ct_proto", parse_ct_proto },
};

const struct ovnact_family ovnact_ct_family = {
    ct_keywords, ARRAY_SIZE(ct_keywords),
    ct_functions, ARRAY_SIZE(ct_functions),
    ct_types, ARRAY_SIZE(ct_types),
};
