/* actions-lookup.c: actions that look something up in an OpenFlow table
 * that ovn-controller maintains.
 *
 * This family owns get_arp, get_nd (the MAC binding table),
 * lookup_arp(), lookup_arp_ip(), lookup_nd(), lookup_nd_ip() (the MAC
 * lookup table), get_fdb(), get_remote_fdb(), lookup_fdb() (the FDB),
 * check_in_port_sec(), check_out_port_sec(), chk_lb_hairpin(),
 * chk_lb_hairpin_reply(), chk_lb_aff(), chk_ecmp_nh_mac(), chk_ecmp_nh(),
 * mac_cache_use and flood_remote.  A lookup copies its arguments into the
 * registers its table matches on, resubmits to the table, and moves the
 * answer (usually a bit of the logical flags) to the result. */

#include <config.h>

#include "actions-private.h"

#include <string.h>

#include "lex.h"
#include "logical-fields.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/ofp-actions.h"
#include "openvswitch/ofpbuf.h"
#include "util.h"

/* Appends "load 0 into flag 'bit'; resubmit(,'table'); move the flag into
 * 'dst'". */
static void
encode_flag_lookup(const struct expr_field *dst, int bit, uint8_t table,
                   struct ofpbuf *ofpacts)
{
    action_put_load(0, MFF_LOG_FLAGS, bit, 1, ofpacts);
    action_emit_resubmit(ofpacts, table);
    struct ofpact_reg_move *orm = ofpact_put_REG_MOVE(ofpacts);
    orm->dst = expr_resolve_field(dst);
    orm->src.field = mf_from_id(MFF_LOG_FLAGS);
    orm->src.ofs = bit;
    orm->src.n_bits = 1;
}

/* get_arp(P, A) and get_nd(P, A). */

/* Parses "(P, A)" with an address of 'ip_width' bits. */
static void
parse_get_mac_bind(struct action_context *ctx, enum ovnact_type type,
                   int ip_width)
{
    struct lexer *lexer = ctx->lexer;
    struct expr_field port, ip;

    if (lexer_force_match(lexer, LEX_T_LPAREN)
        && action_parse_field(ctx, 0, false, &port)
        && lexer_force_match(lexer, LEX_T_COMMA)
        && action_parse_field(ctx, ip_width, false, &ip)
        && lexer_force_match(lexer, LEX_T_RPAREN)) {
        struct ovnact_get_mac_bind *gmb = ovnact_put(
            ctx->ovnacts, type, OVNACT_ALIGN(sizeof *gmb));
        gmb->port = port;
        gmb->ip = ip;
    }
}

/* Parses "get_arp(P, A)". */
static void
parse_get_arp(struct action_context *ctx)
{
    parse_get_mac_bind(ctx, OVNACT_GET_ARP, 32);
}

/* Parses "get_nd(P, A)". */
static void
parse_get_nd(struct action_context *ctx)
{
    parse_get_mac_bind(ctx, OVNACT_GET_ND, 128);
}

/* Formats "get_arp(P, A);" or "get_nd(P, A);". */
static void
format_get_mac_bind(const struct ovnact *a, struct ds *s)
{
    const struct ovnact_get_mac_bind *gmb
        = ALIGNED_CAST(const struct ovnact_get_mac_bind *, a);
    ds_put_cstr(s, a->type == OVNACT_GET_ARP ? "get_arp(" : "get_nd(");
    expr_field_format(&gmb->port, s);
    ds_put_cstr(s, ", ");
    expr_field_format(&gmb->ip, s);
    ds_put_cstr(s, ");");
}

/* Encodes get_arp or get_nd: with the port in the logical output port
 * register and the address in reg0 (IPv4) or xxreg1 (IPv6), clears
 * eth.dst and resubmits to the MAC binding table, which sets eth.dst if
 * it knows the address. */
static void
encode_get_mac_bind(const struct ovnact *a,
                    const struct ovnact_encode_params *ep,
                    struct ofpbuf *ofpacts)
{
    const struct ovnact_get_mac_bind *gmb
        = ALIGNED_CAST(const struct ovnact_get_mac_bind *, a);
    const struct action_arg args[] = {
        { expr_resolve_field(&gmb->port), MFF_LOG_OUTPORT },
        { expr_resolve_field(&gmb->ip),
          a->type == OVNACT_GET_ARP ? MFF_REG0 : MFF_XXREG1 },
    };
    action_setup_args(args, ARRAY_SIZE(args), ofpacts);
    action_put_load(0, MFF_ETH_DST, 0, 48, ofpacts);
    action_emit_resubmit(ofpacts, ep->mac_bind_ptable);
    action_restore_args(args, ARRAY_SIZE(args), ofpacts);
}

/* R = lookup_arp(P, A, M), lookup_arp_ip(P, A), lookup_nd(P, A, M),
 * lookup_nd_ip(P, A). */

/* Returns true if 'type' takes a MAC address argument. */
static bool
lookup_has_mac(enum ovnact_type type)
{
    return type == OVNACT_LOOKUP_ARP || type == OVNACT_LOOKUP_ND;
}

/* Returns true if 'type' looks up an IPv4 address. */
static bool
lookup_is_arp(enum ovnact_type type)
{
    return type == OVNACT_LOOKUP_ARP || type == OVNACT_LOOKUP_ARP_IP;
}

/* Parses "P, A[, M])" after "R = FUNCTION(". */
static void
parse_lookup_mac_bind(struct action_context *ctx,
                      const struct expr_field *dst, enum ovnact_type type)
{
    struct lexer *lexer = ctx->lexer;
    struct ovnact_lookup_mac_bind lmb;
    memset(&lmb, 0, sizeof lmb);

    if (!action_check_result(ctx, dst, 1)
        || !action_parse_field(ctx, 0, false, &lmb.port)
        || !lexer_force_match(lexer, LEX_T_COMMA)
        || !action_parse_field(ctx, lookup_is_arp(type) ? 32 : 128, false,
                               &lmb.ip)) {
        return;
    }
    if (lookup_has_mac(type)
        && (!lexer_force_match(lexer, LEX_T_COMMA)
            || !action_parse_field(ctx, 48, false, &lmb.mac))) {
        return;
    }
    if (!lexer_force_match(lexer, LEX_T_RPAREN)) {
        return;
    }

    struct ovnact_lookup_mac_bind *p = ovnact_put(ctx->ovnacts, type,
                                                  OVNACT_ALIGN(sizeof *p));
    p->dst = *dst;
    p->port = lmb.port;
    p->ip = lmb.ip;
    p->mac = lmb.mac;
}

/* Parses the rest of "R = lookup_arp(P, A, M)". */
static void
parse_lookup_arp(struct action_context *ctx, const struct expr_field *dst)
{
    parse_lookup_mac_bind(ctx, dst, OVNACT_LOOKUP_ARP);
}

/* Parses the rest of "R = lookup_arp_ip(P, A)". */
static void
parse_lookup_arp_ip(struct action_context *ctx, const struct expr_field *dst)
{
    parse_lookup_mac_bind(ctx, dst, OVNACT_LOOKUP_ARP_IP);
}

/* Parses the rest of "R = lookup_nd(P, A, M)". */
static void
parse_lookup_nd(struct action_context *ctx, const struct expr_field *dst)
{
    parse_lookup_mac_bind(ctx, dst, OVNACT_LOOKUP_ND);
}

/* Parses the rest of "R = lookup_nd_ip(P, A)". */
static void
parse_lookup_nd_ip(struct action_context *ctx, const struct expr_field *dst)
{
    parse_lookup_mac_bind(ctx, dst, OVNACT_LOOKUP_ND_IP);
}

/* Formats "R = FUNCTION(P, A[, M]);". */
static void
format_lookup_mac_bind(const struct ovnact *a, struct ds *s)
{
    const struct ovnact_lookup_mac_bind *lmb
        = ALIGNED_CAST(const struct ovnact_lookup_mac_bind *, a);
    expr_field_format(&lmb->dst, s);
    ds_put_format(s, " = %s(", (a->type == OVNACT_LOOKUP_ARP ? "lookup_arp"
                                : a->type == OVNACT_LOOKUP_ARP_IP
                                ? "lookup_arp_ip"
                                : a->type == OVNACT_LOOKUP_ND ? "lookup_nd"
                                : "lookup_nd_ip"));
    expr_field_format(&lmb->port, s);
    ds_put_cstr(s, ", ");
    expr_field_format(&lmb->ip, s);
    if (lookup_has_mac(a->type)) {
        ds_put_cstr(s, ", ");
        expr_field_format(&lmb->mac, s);
    }
    ds_put_cstr(s, ");");
}

/* Encodes a MAC lookup: with the port in the logical input port register,
 * the address in reg0 or xxreg0 and (for lookup_arp and lookup_nd) the
 * MAC in eth.src, the MAC lookup table sets the "lookup MAC" flag when it
 * knows the binding. */
static void
encode_lookup_mac_bind(const struct ovnact *a,
                       const struct ovnact_encode_params *ep,
                       struct ofpbuf *ofpacts)
{
    const struct ovnact_lookup_mac_bind *lmb
        = ALIGNED_CAST(const struct ovnact_lookup_mac_bind *, a);
    struct action_arg args[3] = {
        { expr_resolve_field(&lmb->port), MFF_LOG_INPORT },
        { expr_resolve_field(&lmb->ip),
          lookup_is_arp(a->type) ? MFF_REG0 : MFF_XXREG0 },
    };
    size_t n_args = 2;
    if (lookup_has_mac(a->type)) {
        args[n_args++] = (struct action_arg) {
            expr_resolve_field(&lmb->mac), MFF_ETH_SRC };
    }
    action_setup_args(args, n_args, ofpacts);
    encode_flag_lookup(&lmb->dst, MLF_LOOKUP_MAC_BIT, ep->mac_lookup_ptable,
                       ofpacts);
    action_restore_args(args, n_args, ofpacts);
}

/* P = get_fdb(A) and P = get_remote_fdb(A). */

/* Parses "A)" after "P = FUNCTION(". */
static void
parse_get_fdb__(struct action_context *ctx, const struct expr_field *dst,
                enum ovnact_type type)
{
    struct expr_field mac;
    if (action_check_result(ctx, dst, 0)
        && action_parse_field(ctx, 48, false, &mac)
        && lexer_force_match(ctx->lexer, LEX_T_RPAREN)) {
        struct ovnact_get_fdb *gf = ovnact_put(ctx->ovnacts, type,
                                               OVNACT_ALIGN(sizeof *gf));
        gf->dst = *dst;
        gf->mac = mac;
    }
}

/* Parses the rest of "P = get_fdb(A)". */
static void
parse_get_fdb(struct action_context *ctx, const struct expr_field *dst)
{
    parse_get_fdb__(ctx, dst, OVNACT_GET_FDB);
}

/* Parses the rest of "P = get_remote_fdb(A)". */
static void
parse_get_remote_fdb(struct action_context *ctx,
                     const struct expr_field *dst)
{
    parse_get_fdb__(ctx, dst, OVNACT_GET_REMOTE_FDB);
}

/* Formats "P = get_fdb(A);" or "P = get_remote_fdb(A);". */
static void
format_get_fdb(const struct ovnact *a, struct ds *s)
{
    const struct ovnact_get_fdb *gf
        = ALIGNED_CAST(const struct ovnact_get_fdb *, a);
    expr_field_format(&gf->dst, s);
    ds_put_cstr(s, a->type == OVNACT_GET_FDB ? " = get_fdb("
                                             : " = get_remote_fdb(");
    expr_field_format(&gf->mac, s);
    ds_put_cstr(s, ");");
}

/* Encodes an FDB lookup: with the MAC in eth.dst, the (remote) FDB table
 * writes the port's key into the logical output port (remote output
 * port) register, which starts out 0, from where it moves to P if P is
 * elsewhere. */
static void
encode_get_fdb(const struct ovnact *a, const struct ovnact_encode_params *ep,
               struct ofpbuf *ofpacts)
{
    const struct ovnact_get_fdb *gf
        = ALIGNED_CAST(const struct ovnact_get_fdb *, a);
    bool local = a->type == OVNACT_GET_FDB;
    enum mf_field_id port_reg = (local ? MFF_LOG_OUTPORT
                                 : MFF_LOG_REMOTE_OUTPORT);
    const struct action_arg args[] = {
        { expr_resolve_field(&gf->mac), MFF_ETH_DST },
    };
    action_setup_args(args, ARRAY_SIZE(args), ofpacts);
    action_put_load(0, port_reg, 0, 32, ofpacts);
    action_emit_resubmit(ofpacts, local ? ep->fdb_ptable
                                        : ep->remote_fdb_ptable);
    action_restore_args(args, ARRAY_SIZE(args), ofpacts);

    struct mf_subfield dst = expr_resolve_field(&gf->dst);
    if (dst.field->id != port_reg) {
        struct ofpact_reg_move *orm = ofpact_put_REG_MOVE(ofpacts);
        orm->dst = dst;
        orm->src.field = mf_from_id(port_reg);
        orm->src.ofs = 0;
        orm->src.n_bits = 32;
    }
}

/* R = lookup_fdb(P, A). */

/* Parses "P, A)" after "R = lookup_fdb(". */
static void
parse_lookup_fdb(struct action_context *ctx, const struct expr_field *dst)
{
    struct lexer *lexer = ctx->lexer;
    struct expr_field port, mac;

    if (action_check_result(ctx, dst, 1)
        && action_parse_field(ctx, 0, false, &port)
        && lexer_force_match(lexer, LEX_T_COMMA)
        && action_parse_field(ctx, 48, false, &mac)
        && lexer_force_match(lexer, LEX_T_RPAREN)) {
        struct ovnact_lookup_fdb *lf = ovnact_put_LOOKUP_FDB(ctx->ovnacts);
        lf->dst = *dst;
        lf->port = port;
        lf->mac = mac;
    }
}

/* Formats "R = lookup_fdb(P, A);". */
static void
format_lookup_fdb(const struct ovnact *a, struct ds *s)
{
    const struct ovnact_lookup_fdb *lf = ovnact_get_LOOKUP_FDB(a);
    expr_field_format(&lf->dst, s);
    ds_put_cstr(s, " = lookup_fdb(");
    expr_field_format(&lf->port, s);
    ds_put_cstr(s, ", ");
    expr_field_format(&lf->mac, s);
    ds_put_cstr(s, ");");
}

/* Encodes lookup_fdb: with the port in the logical input port register
 * and the MAC in eth.src, the FDB lookup table sets the "lookup FDB"
 * flag when the MAC is known on that port. */
static void
encode_lookup_fdb(const struct ovnact *a,
                  const struct ovnact_encode_params *ep,
                  struct ofpbuf *ofpacts)
{
    const struct ovnact_lookup_fdb *lf = ovnact_get_LOOKUP_FDB(a);
    const struct action_arg args[] = {
        { expr_resolve_field(&lf->port), MFF_LOG_INPORT },
        { expr_resolve_field(&lf->mac), MFF_ETH_SRC },
    };
    action_setup_args(args, ARRAY_SIZE(args), ofpacts);
    encode_flag_lookup(&lf->dst, MLF_LOOKUP_FDB_BIT, ep->fdb_lookup_ptable,
                       ofpacts);
    action_restore_args(args, ARRAY_SIZE(args), ofpacts);
}

/* Functions with no arguments whose 1-bit result is a flag set by their
 * table. */

/* How each one is written and encoded. */
struct flag_function {
    const char *name;           /* Function name. */
    enum ovnact_type type;      /* Action type. */
    int flag_bit;               /* Bit of the logical flags. */
    size_t table_ofs;           /* Offset of its table number in
                                 * "struct ovnact_encode_params". */
};

#define FLAG_FUNCTION(NAME, TYPE, BIT, MEMBER) \
    { NAME, TYPE, BIT, offsetof(struct ovnact_encode_params, MEMBER) }
static const struct flag_function flag_functions[] = {
    FLAG_FUNCTION("check_in_port_sec", OVNACT_CHECK_IN_PORT_SEC,
                  MLF_CHECK_PORT_SEC_BIT, in_port_sec_ptable),
    FLAG_FUNCTION("check_out_port_sec", OVNACT_CHECK_OUT_PORT_SEC,
                  MLF_CHECK_PORT_SEC_BIT, out_port_sec_ptable),
    FLAG_FUNCTION("chk_lb_hairpin", OVNACT_CHK_LB_HAIRPIN,
                  MLF_LOOKUP_LB_HAIRPIN_BIT, lb_hairpin_ptable),
    FLAG_FUNCTION("chk_lb_hairpin_reply", OVNACT_CHK_LB_HAIRPIN_REPLY,
                  MLF_LOOKUP_LB_HAIRPIN_BIT, lb_hairpin_reply_ptable),
    FLAG_FUNCTION("chk_lb_aff", OVNACT_CHK_LB_AFF,
                  MLF_USE_LB_AFF_SESSION_BIT, lb_aff_ptable),
    FLAG_FUNCTION("chk_ecmp_nh_mac", OVNACT_CHK_ECMP_NH_MAC,
                  MLF_LOOKUP_COMMIT_ECMP_NH_BIT, ecmp_nh_mac_ptable),
    FLAG_FUNCTION("chk_ecmp_nh", OVNACT_CHK_ECMP_NH,
                  MLF_LOOKUP_COMMIT_ECMP_NH_BIT, ecmp_nh_ptable),
};
#undef FLAG_FUNCTION

/* Returns the flag function of type 'type', or NULL. */
static const struct flag_function *
find_flag_function(enum ovnact_type type)
{
    for (size_t i = 0; i < ARRAY_SIZE(flag_functions); i++) {
        if (flag_functions[i].type == type) {
            return &flag_functions[i];
        }
    }
    return NULL;
}

/* Parses ")" after "R = FUNCTION(" for the flag function of 'type'. */
static void
parse_flag_function(struct action_context *ctx, const struct expr_field *dst,
                    enum ovnact_type type)
{
    if (action_check_result(ctx, dst, 1) && action_parse_function_end(ctx)) {
        struct ovnact_result *res = ovnact_put(ctx->ovnacts, type,
                                               OVNACT_ALIGN(sizeof *res));
        res->dst = *dst;
    }
}

/* Parses the rest of "R = check_in_port_sec()". */
static void
parse_check_in_port_sec(struct action_context *ctx,
                        const struct expr_field *dst)
{
    parse_flag_function(ctx, dst, OVNACT_CHECK_IN_PORT_SEC);
}

/* Parses the rest of "R = check_out_port_sec()". */
static void
parse_check_out_port_sec(struct action_context *ctx,
                         const struct expr_field *dst)
{
    parse_flag_function(ctx, dst, OVNACT_CHECK_OUT_PORT_SEC);
}

/* Parses the rest of "R = chk_lb_hairpin()". */
static void
parse_chk_lb_hairpin(struct action_context *ctx,
                     const struct expr_field *dst)
{
    parse_flag_function(ctx, dst, OVNACT_CHK_LB_HAIRPIN);
}

/* Parses the rest of "R = chk_lb_hairpin_reply()". */
static void
parse_chk_lb_hairpin_reply(struct action_context *ctx,
                           const struct expr_field *dst)
{
    parse_flag_function(ctx, dst, OVNACT_CHK_LB_HAIRPIN_REPLY);
}

/* Parses the rest of "R = chk_lb_aff()". */
static void
parse_chk_lb_aff(struct action_context *ctx, const struct expr_field *dst)
{
    parse_flag_function(ctx, dst, OVNACT_CHK_LB_AFF);
}

/* Parses the rest of "R = chk_ecmp_nh_mac()". */
static void
parse_chk_ecmp_nh_mac(struct action_context *ctx,
                      const struct expr_field *dst)
{
    parse_flag_function(ctx, dst, OVNACT_CHK_ECMP_NH_MAC);
}

/* Parses the rest of "R = chk_ecmp_nh()". */
static void
parse_chk_ecmp_nh(struct action_context *ctx, const struct expr_field *dst)
{
    parse_flag_function(ctx, dst, OVNACT_CHK_ECMP_NH);
}

/* Formats "R = FUNCTION();". */
static void
format_flag_function(const struct ovnact *a, struct ds *s)
{
    const struct ovnact_result *res
        = ALIGNED_CAST(const struct ovnact_result *, a);
    expr_field_format(&res->dst, s);
    ds_put_format(s, " = %s();", find_flag_function(a->type)->name);
}

/* Encodes a flag function as a lookup in its table. */
static void
encode_flag_function(const struct ovnact *a,
                     const struct ovnact_encode_params *ep,
                     struct ofpbuf *ofpacts)
{
    const struct ovnact_result *res
        = ALIGNED_CAST(const struct ovnact_result *, a);
    const struct flag_function *ff = find_flag_function(a->type);
    const uint8_t *table = (const uint8_t *) ep + ff->table_ofs;
    encode_flag_lookup(&res->dst, ff->flag_bit, *table, ofpacts);
}

/* mac_cache_use and flood_remote: resubmits. */

/* Parses "mac_cache_use". */
static void
parse_mac_cache_use(struct action_context *ctx)
{
    ovnact_put_MAC_CACHE_USE(ctx->ovnacts);
}

/* Parses "flood_remote". */
static void
parse_flood_remote(struct action_context *ctx)
{
    ovnact_put_FLOOD_REMOTE(ctx->ovnacts);
}

/* Formats "mac_cache_use;" or "flood_remote;". */
static void
format_resubmit_action(const struct ovnact *a, struct ds *s)
{
    ds_put_cstr(s, a->type == OVNACT_MAC_CACHE_USE ? "mac_cache_use;"
                                                   : "flood_remote;");
}

/* Encodes mac_cache_use or flood_remote as a resubmit to its table. */
static void
encode_resubmit_action(const struct ovnact *a,
                       const struct ovnact_encode_params *ep,
                       struct ofpbuf *ofpacts)
{
    action_emit_resubmit(ofpacts, (a->type == OVNACT_MAC_CACHE_USE
                                   ? ep->mac_cache_use_ptable
                                   : ep->flood_remote_ptable));
}

/* The family. */

static const struct ovnact_ops get_mac_bind_ops = {
    format_get_mac_bind, encode_get_mac_bind, NULL };
static const struct ovnact_ops lookup_mac_bind_ops = {
    format_lookup_mac_bind, encode_lookup_mac_bind, NULL };
static const struct ovnact_ops get_fdb_ops = {
    format_get_fdb, encode_get_fdb, NULL };
static const struct ovnact_ops lookup_fdb_ops = {
    format_lookup_fdb, encode_lookup_fdb, NULL };
static const struct ovnact_ops flag_function_ops = {
    format_flag_function, encode_flag_function, NULL };
static const struct ovnact_ops resubmit_action_ops = {
    format_resubmit_action, encode_resubmit_action, NULL };

static const struct ovnact_type_ops lookup_types[] = {
    { OVNACT_GET_ARP, &get_mac_bind_ops },
    { OVNACT_GET_ND, &get_mac_bind_ops },
    { OVNACT_LOOKUP_ARP, &lookup_mac_bind_ops },
    { OVNACT_LOOKUP_ARP_IP, &lookup_mac_bind_ops },
    { OVNACT_LOOKUP_ND, &lookup_mac_bind_ops },
    { OVNACT_LOOKUP_ND_IP, &lookup_mac_bind_ops },
    { OVNACT_GET_FDB, &get_fdb_ops },
    { OVNACT_GET_REMOTE_FDB, &get_fdb_ops },
    { OVNACT_LOOKUP_FDB, &lookup_fdb_ops },
    { OVNACT_MAC_CACHE_USE, &resubmit_action_ops },
    { OVNACT_FLOOD_REMOTE, &resubmit_action_ops },
    { OVNACT_CHECK_IN_PORT_SEC, &flag_function_ops },
    { OVNACT_CHECK_OUT_PORT_SEC, &flag_function_ops },
    { OVNACT_CHK_LB_HAIRPIN, &flag_function_ops },
    { OVNACT_CHK_LB_HAIRPIN_REPLY, &flag_function_ops },
    { OVNACT_CHK_LB_AFF, &flag_function_ops },
    { OVNACT_CHK_ECMP_NH_MAC, &flag_function_ops },
    { OVNACT_CHK_ECMP_NH, &flag_function_ops },
};

static const struct ovnact_keyword lookup_keywords[] = {
    { "get_arp", parse_get_arp },
    { "get_nd", parse_get_nd },
    { "mac_cache_use", parse_mac_cache_use },
    { "flood_remote", parse_flood_remote },
};

static const struct ovnact_function lookup_functions[] = {
    { "lookup_arp", parse_lookup_arp },
    { "lookup_arp_ip", parse_lookup_arp_ip },
    { "lookup_nd", parse_lookup_nd },
    { "lookup_nd_ip", parse_lookup_nd_ip },
    { "get_fdb", parse_get_fdb },
    { "get_remote_fdb", parse_get_remote_fdb },
    { "lookup_fdb", parse_lookup_fdb },
    { "check_in_port_sec", parse_check_in_port_sec },
    { "check_out_port_sec", parse_check_out_port_sec },
    { "chk_lb_hairpin", parse_chk_lb_hairpin },
    { "chk_lb_hairpin_reply", parse_chk_lb_hairpin_reply },
    { "chk_lb_aff", parse_chk_lb_aff },
    { "chk_ecmp_nh_mac", parse_chk_ecmp_nh_mac },
    { "chk_ecmp_nh", parse_chk_ecmp_nh },
};

const struct ovnact_family ovnact_lookup_family = {
    lookup_keywords, ARRAY_SIZE(lookup_keywords),
    lookup_functions, ARRAY_SIZE(lookup_functions),
    lookup_types, ARRAY_SIZE(lookup_types),
};
