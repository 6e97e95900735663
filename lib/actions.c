/* actions.c: the driver of the logical action language.
 *
 * This module owns the grammar of action lists ("action; action; ..."),
 * dispatching each action to the family that implements it (see
 * actions-private.h), the formatting, encoding and freeing of action
 * arrays, and the helpers that several families share: prerequisites,
 * field operands, nested action lists, controller actions and argument
 * registers. */

#include <config.h>

#include "actions.h"
#include "actions-private.h"

#include <string.h>

#include "bitmap.h"
#include "byte-order.h"
#include "lex.h"
#include "logical-fields.h"
#include "nx-match.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/ofp-actions.h"
#include "openvswitch/ofpbuf.h"
#include "openvswitch/shash.h"
#include "packets.h"
#include "util.h"

/* Every family, in the order keywords are looked up. */
static const struct ovnact_family *const families[] = {
    &ovnact_core_family,
    &ovnact_ct_family,
    &ovnact_nested_family,
    &ovnact_controller_family,
    &ovnact_lookup_family,
    &ovnact_opts_family,
    &ovnact_learn_family,
    &ovnact_group_family,
};

/* Returns the operations on actions of 'type'. */
static const struct ovnact_ops *
ops_for(enum ovnact_type type)
{
    for (size_t i = 0; i < ARRAY_SIZE(families); i++) {
        const struct ovnact_family *f = families[i];
        for (size_t j = 0; j < f->n_types; j++) {
            if (f->types[j].type == type) {
                return f->types[j].ops;
            }
        }
    }
    OVS_NOT_REACHED();
}

/* Returns the name of action type 'type', e.g. "CT_LB_MARK". */
const char *
ovnact_type_to_string(enum ovnact_type type)
{
    switch (type) {
#define OVNACT(ENUM, STRUCT) case OVNACT_##ENUM: return #ENUM;
        OVNACTS
#undef OVNACT
    }
    return "<unknown>";
}

/* Initializes the 'len'-byte action at 'ovnact' as type 'type'. */
void
ovnact_init(struct ovnact *ovnact, enum ovnact_type type, size_t len)
{
    memset(ovnact, 0, len);
    ovnact->type = type;
    ovnact->len = len;
}

/* Appends a zeroed 'len'-byte action of 'type' to 'ovnacts'. */
void *
ovnact_put(struct ofpbuf *ovnacts, enum ovnact_type type, size_t len)
{
    void *ovnact = ofpbuf_put_uninit(ovnacts, len);
    ovnact_init(ovnact, type, len);
    return ovnact;
}

/* Parsing. */

/* ANDs the expression 'prereq' (text in the logical match language) into
 * the prerequisites of the actions being parsed. */
void
action_add_prerequisite(struct action_context *ctx, const char *prereq)
{
    char *error;
    struct expr *e = expr_parse_string(prereq, ctx->pp->symtab, NULL, NULL,
                                       NULL, NULL, 0, &error);
    ovs_assert(e);
    ctx->prereqs = expr_combine(EXPR_T_AND, ctx->prereqs, e);
}

/* Parses a field operand into 'f', adding its prerequisites, and checks
 * that it has 'n_bits' bits (0 for a string field) and, if 'rw', that it
 * may be written here.  Returns false after recording an error if not. */
bool
action_parse_field(struct action_context *ctx, int n_bits, bool rw,
                   struct expr_field *f)
{
    if (!expr_field_parse(ctx->lexer, ctx->pp->symtab, f, &ctx->prereqs)) {
        return false;
    }
    if (f->symbol->ovn_field) {
        lexer_error(ctx->lexer, "Can't use OVN field %s here.",
                    f->symbol->name);
        return false;
    }
    char *error = expr_type_check(f, n_bits, rw, ctx->scope);
    if (error) {
        lexer_error(ctx->lexer, "%s", error);
        free(error);
        return false;
    }
    return true;
}

/* Checks that 'dst', the destination of a function's result, is a
 * writable 'n_bits'-bit field.  Returns false after recording an error
 * if not. */
bool
action_check_result(struct action_context *ctx, const struct expr_field *dst,
                    int n_bits)
{
    char *error = expr_type_check(dst, n_bits, true, ctx->scope);
    if (error) {
        lexer_error(ctx->lexer, "%s", error);
        free(error);
        return false;
    }
    return true;
}

/* Parses the ")" that ends a function call with no arguments. */
bool
action_parse_function_end(struct action_context *ctx)
{
    return lexer_force_match(ctx->lexer, LEX_T_RPAREN);
}

/* Stores in '*ltable' the table after the current one, for an action
 * called 'name' that continues there, or records an error if the flow is
 * in the last table. */
bool
action_next_table(struct action_context *ctx, const char *name,
                  uint8_t *ltable)
{
    if (ctx->pp->cur_ltable + 1 >= ctx->pp->n_tables) {
        lexer_error(ctx->lexer, "\"%s\" action not allowed in last table.",
                    name);
        return false;
    }
    *ltable = ctx->pp->cur_ltable + 1;
    return true;
}

/* The lexer has no token for a lone "-" (port ranges such as "1-3000"):
 * it reports one as an error token.  If that is the current token, skips
 * it and returns true. */
bool
action_match_hyphen(struct lexer *lexer)
{
    if (lexer->token.type == LEX_T_ERROR && lexer->start
        && lexer->start[0] == '-' && lexer->start[1] != '-'
        && lexer->start[1] != '>') {
        lexer_get(lexer);
        return true;
    }
    return false;
}

/* Parses 's', an IP address with an optional port, written "IPv4",
 * "IPv4:PORT", "IPv6", "[IPv6]" or "[IPv6]:PORT", into '*ip' (IPv4
 * addresses mapped into IPv6) and '*port' (0 if absent).  Returns the
 * address family, or AF_UNSPEC if 's' is malformed. */
int
action_parse_ip_port(const char *s, struct in6_addr *ip, uint16_t *port)
{
    char *copy = xstrdup(s);
    char *host = copy;
    char *port_s = NULL;
    int family = AF_UNSPEC;

    *port = 0;
    if (*host == '[') {
        char *close = strchr(host, ']');
        if (!close || (close[1] && close[1] != ':')) {
            goto exit;
        }
        *close = '\0';
        host++;
        port_s = close[1] ? close + 2 : NULL;
    } else {
        char *colon = strchr(host, ':');
        if (colon && !strchr(colon + 1, ':')) {
            *colon = '\0';
            port_s = colon + 1;
        }
    }

    ovs_be32 ip4;
    if (ip_parse(host, &ip4) && copy[0] != '[') {
        in6_addr_set_mapped_ipv4(ip, ip4);
        family = AF_INET;
    } else if (ipv6_parse(host, ip)) {
        family = AF_INET6;
    }
    if (family != AF_UNSPEC && port_s) {
        int p;
        if (!str_to_int(port_s, 10, &p) || p <= 0 || p > UINT16_MAX) {
            family = AF_UNSPEC;
        } else {
            *port = p;
        }
    }

exit:
    free(copy);
    return family;
}

/* Parses "{ action; ... }" into a new action of 'type' with nested
 * actions, parsed with write scope 'scope'.  If 'prereq' is nonnull, it
 * becomes the prerequisite of the new action and the nested actions'
 * prerequisites are dropped, since they apply to the packet that the
 * action builds rather than to the packet that the flow matches;
 * otherwise the nested actions' prerequisites become the action's. */
void
action_parse_nested(struct action_context *ctx, enum ovnact_type type,
                    const char *prereq, enum expr_write_scope scope)
{
    if (!lexer_force_match(ctx->lexer, LEX_T_LCURLY)) {
        return;
    }

    struct ofpbuf nested;
    ofpbuf_init(&nested, 0);
    struct action_context inner = {
        .pp = ctx->pp,
        .lexer = ctx->lexer,
        .ovnacts = &nested,
        .prereqs = NULL,
        .scope = scope,
    };
    action_parse_actions(&inner, LEX_T_RCURLY);

    if (prereq) {
        expr_destroy(inner.prereqs);
        action_add_prerequisite(ctx, prereq);
    } else {
        ctx->prereqs = expr_combine(EXPR_T_AND, ctx->prereqs,
                                    inner.prereqs);
    }

    if (ctx->lexer->error) {
        ovnacts_free(nested.data, nested.size);
        ofpbuf_uninit(&nested);
        return;
    }

    struct ovnact_nest *on = ovnact_put(ctx->ovnacts, type,
                                        OVNACT_ALIGN(sizeof *on));
    on->nested_len = nested.size;
    on->nested = ofpbuf_steal_data(&nested);
}

/* Parses "dst = FUNCTION(...)", with the lexer at FUNCTION.  Returns false
 * (without an error) if FUNCTION is not a known function. */
bool
action_parse_function(struct action_context *ctx,
                      const struct expr_field *dst)
{
    const char *name = ctx->lexer->token.s;
    for (size_t i = 0; i < ARRAY_SIZE(families); i++) {
        const struct ovnact_family *f = families[i];
        for (size_t j = 0; j < f->n_functions; j++) {
            if (!strcmp(name, f->functions[j].name)) {
                lexer_get(ctx->lexer);      /* Skip name. */
                lexer_get(ctx->lexer);      /* Skip "(". */
                f->functions[j].parse(ctx, dst);
                return true;
            }
        }
    }
    return false;
}

/* Parses one action and the semicolon after it. */
static bool
parse_action(struct action_context *ctx)
{
    struct lexer *lexer = ctx->lexer;

    if (lexer->token.type != LEX_T_ID) {
        lexer_syntax_error(lexer, NULL);
        return false;
    }

    enum lex_type lookahead = lexer_lookahead(lexer);
    if (lookahead == LEX_T_EQUALS || lookahead == LEX_T_EXCHANGE
        || lookahead == LEX_T_LSQUARE) {
        action_parse_set_action(ctx);
    } else {
        const struct ovnact_keyword *kw = NULL;
        for (size_t i = 0; i < ARRAY_SIZE(families) && !kw; i++) {
            const struct ovnact_family *f = families[i];
            for (size_t j = 0; j < f->n_keywords; j++) {
                if (!strcmp(lexer->token.s, f->keywords[j].name)) {
                    kw = &f->keywords[j];
                    break;
                }
            }
        }
        if (!kw) {
            lexer_syntax_error(lexer, "expecting action");
            return false;
        }
        ctx->keyword = kw->name;
        lexer_get(lexer);
        kw->parse(ctx);
    }

    if (!lexer->error) {
        lexer_force_match(lexer, LEX_T_SEMICOLON);
    }
    return !lexer->error;
}

/* Parses actions until 'sentinel' (LEX_T_END or LEX_T_RCURLY), which it
 * consumes. */
void
action_parse_actions(struct action_context *ctx, enum lex_type sentinel)
{
    struct lexer *lexer = ctx->lexer;

    /* "drop;" alone is the empty action list; it may not be combined with
     * other actions. */
    if (lexer->token.type == LEX_T_ID && !strcmp(lexer->token.s, "drop")
        && lexer_lookahead(lexer) == LEX_T_SEMICOLON) {
        lexer_get(lexer);
        lexer_get(lexer);
        if (sentinel == LEX_T_END) {
            lexer_force_end(lexer);
        } else {
            lexer_force_match(lexer, sentinel);
        }
        return;
    }

    while (!lexer_match(lexer, sentinel)) {
        if (!parse_action(ctx)) {
            return;
        }
    }
}

/* Parses actions from 'lexer', whose current token is the first one, up
 * to the end of the input, appending them to 'ovnacts'.  If 'prereqsp' is
 * nonnull, stores the prerequisites that the actions add to the flow's
 * match into '*prereqsp' (NULL if none), which the caller must free.
 * Returns true on success; on failure, records the error in 'lexer',
 * leaves 'ovnacts' as it was and stores NULL in '*prereqsp'. */
bool
ovnacts_parse(struct lexer *lexer, const struct ovnact_parse_params *pp,
              struct ofpbuf *ovnacts, struct expr **prereqsp)
{
    size_t ovnacts_start = ovnacts->size;
    struct action_context ctx = {
        .pp = pp,
        .lexer = lexer,
        .ovnacts = ovnacts,
        .prereqs = NULL,
        .scope = WR_DEFAULT,
    };
    if (!lexer->error) {
        action_parse_actions(&ctx, LEX_T_END);
    }

    if (!lexer->error) {
        if (prereqsp) {
            *prereqsp = ctx.prereqs;
        } else {
            expr_destroy(ctx.prereqs);
        }
        return true;
    }

    if (ovnacts->size > ovnacts_start) {
        ovnacts_free(ofpbuf_at_assert(ovnacts, ovnacts_start, 0),
                     ovnacts->size - ovnacts_start);
        ovnacts->size = ovnacts_start;
    }
    expr_destroy(ctx.prereqs);
    if (prereqsp) {
        *prereqsp = NULL;
    }
    return false;
}

/* Parses all of 's' like ovnacts_parse().  Returns NULL on success,
 * otherwise an error message that the caller must free. */
char *
ovnacts_parse_string(const char *s, const struct ovnact_parse_params *pp,
                     struct ofpbuf *ovnacts, struct expr **prereqsp)
{
    struct lexer lexer;

    lexer_init(&lexer, s);
    lexer_get(&lexer);
    ovnacts_parse(&lexer, pp, ovnacts, prereqsp);
    char *error = lexer_steal_error(&lexer);
    lexer_destroy(&lexer);
    return error;
}

/* Formatting. */

/* Appends the 'ovnacts_len' bytes of actions at 'ovnacts' to 's', in the
 * syntax that ovnacts_parse() reads: each action followed by ";",
 * separated by spaces, or "drop;" for none. */
void
ovnacts_format(const struct ovnact *ovnacts, size_t ovnacts_len,
               struct ds *s)
{
    if (!ovnacts_len) {
        ds_put_cstr(s, "drop;");
        return;
    }

    const struct ovnact *a;
    OVNACT_FOR_EACH (a, ovnacts, ovnacts_len) {
        if (a != ovnacts) {
            ds_put_char(s, ' ');
        }
        ops_for(a->type)->format(a, s);
    }
}

/* Appends "NAME { nested; ... };" to 's'. */
void
action_format_nested(const struct ovnact_nest *on, const char *name,
                     struct ds *s)
{
    ds_put_format(s, "%s { ", name);
    ovnacts_format(on->nested, on->nested_len, s);
    ds_put_cstr(s, " };");
}

/* Encoding. */

/* Returns the first OpenFlow table of logical pipeline 'pipeline'. */
uint8_t
action_first_ptable(const struct ovnact_encode_params *ep,
                    enum ovnact_pipeline pipeline)
{
    return pipeline == OVNACT_P_INGRESS ? ep->ingress_ptable
                                        : ep->egress_ptable;
}

/* Appends "resubmit(,ptable)". */
void
action_emit_resubmit(struct ofpbuf *ofpacts, uint8_t ptable)
{
    struct ofpact_resubmit *resubmit = ofpact_put_RESUBMIT(ofpacts);
    resubmit->in_port = OFPP_IN_PORT;
    resubmit->table_id = ptable;
}

/* Appends an action that stores the low 'n_bits' bits of 'value' into
 * bits 'ofs' through 'ofs + n_bits - 1' of field 'dst'. */
void
action_put_load(uint64_t value, enum mf_field_id dst, int ofs, int n_bits,
                struct ofpbuf *ofpacts)
{
    struct ofpact_set_field *sf = ofpact_put_set_field(ofpacts,
                                                       mf_from_id(dst), NULL,
                                                       NULL);
    ovs_be64 n_value = htonll(value);
    bitwise_copy(&n_value, 8, 0, sf->value, sf->field->n_bytes, ofs, n_bits);
    bitwise_one(ofpact_set_field_mask(sf), sf->field->n_bytes, ofs, n_bits);
}

/* Starts a "controller" action for 'opcode': appends the action with the
 * action header as the start of its userdata.  The caller appends the
 * payload, then calls action_finish_controller_op() with the returned
 * offset. */
size_t
action_start_controller_op(enum action_opcode opcode, bool pause,
                           uint32_t meter_id, struct ofpbuf *ofpacts)
{
    size_t ofs = ofpacts->size;

    struct ofpact_controller *oc = ofpact_put_CONTROLLER(ofpacts);
    oc->max_len = UINT16_MAX;
    oc->reason = OFPR_ACTION;
    oc->pause = pause;
    oc->meter_id = meter_id;

    struct action_header ah = { .opcode = htonl(opcode) };
    ofpbuf_put(ofpacts, &ah, sizeof ah);

    return ofs;
}

/* Completes the controller action started at offset 'ofs'. */
void
action_finish_controller_op(size_t ofs, struct ofpbuf *ofpacts)
{
    struct ofpact_controller *oc = ofpbuf_at_assert(ofpacts, ofs,
                                                    sizeof *oc);
    ofpacts->header = oc;
    oc->userdata_len = ofpacts->size - (ofs + sizeof *oc);
    ofpact_finish_CONTROLLER(ofpacts, &oc);
}

/* Appends a controller action for 'opcode' with no payload. */
void
action_put_controller_op(enum action_opcode opcode, uint32_t meter_id,
                         struct ofpbuf *ofpacts)
{
    size_t ofs = action_start_controller_op(opcode, false, meter_id,
                                            ofpacts);
    action_finish_controller_op(ofs, ofpacts);
}

/* Appends to a controller payload the field that receives a result, the
 * way pinctrl reads it: the field's OXM or NXM header (OpenFlow 1.5),
 * then the bit offset as a 32-bit big-endian number. */
void
action_put_result_field(const struct expr_field *dst, struct ofpbuf *ofpacts)
{
    struct mf_subfield sf = expr_resolve_field(dst);
    nx_put_header(ofpacts, sf.field->id, OFP15_VERSION, false);
    ovs_be32 ofs = htonl(sf.ofs);
    ofpbuf_put(ofpacts, &ofs, sizeof ofs);
}

/* Appends a controller action for 'opcode' whose userdata is the nested
 * actions of 'on', encoded as OpenFlow 1.5 actions: ovn-controller builds
 * a packet and sends it back to the switch with those actions. */
void
action_encode_nested(const struct ovnact_nest *on,
                     const struct ovnact_encode_params *ep,
                     enum action_opcode opcode, bool pause,
                     struct ofpbuf *ofpacts)
{
    struct ofpbuf inner;
    ofpbuf_init(&inner, 0);
    ovnacts_encode(on->nested, on->nested_len, ep, &inner);

    size_t ofs = action_start_controller_op(opcode, pause,
                                            ep->ctrl_meter_id, ofpacts);
    ofpacts_put_openflow_actions(inner.data, inner.size, ofpacts,
                                 OFP15_VERSION);
    action_finish_controller_op(ofs, ofpacts);
    ofpbuf_uninit(&inner);
}

/* Points 'stack' at all of field 'field'. */
static void
init_stack(struct ofpact_stack *stack, enum mf_field_id field)
{
    stack->subfield.field = mf_from_id(field);
    stack->subfield.ofs = 0;
    stack->subfield.n_bits = stack->subfield.field->n_bits;
}

/* Copies each of the 'n_args' arguments in 'args' into its destination
 * field, saving the destinations' old values on the stack: first pushes
 * the destinations, then the sources in reverse, then pops the sources
 * into the destinations.  Arguments already in place cost nothing. */
void
action_setup_args(const struct action_arg args[], size_t n_args,
                  struct ofpbuf *ofpacts)
{
    for (size_t i = 0; i < n_args; i++) {
        if (args[i].src.field->id != args[i].dst) {
            init_stack(ofpact_put_STACK_PUSH(ofpacts), args[i].dst);
        }
    }
    for (size_t i = n_args; i-- > 0;) {
        if (args[i].src.field->id != args[i].dst) {
            ofpact_put_STACK_PUSH(ofpacts)->subfield = args[i].src;
        }
    }
    for (size_t i = 0; i < n_args; i++) {
        if (args[i].src.field->id != args[i].dst) {
            init_stack(ofpact_put_STACK_POP(ofpacts), args[i].dst);
        }
    }
}

/* Restores the destinations that action_setup_args() saved. */
void
action_restore_args(const struct action_arg args[], size_t n_args,
                    struct ofpbuf *ofpacts)
{
    for (size_t i = n_args; i-- > 0;) {
        if (args[i].src.field->id != args[i].dst) {
            init_stack(ofpact_put_STACK_POP(ofpacts), args[i].dst);
        }
    }
}

/* Appends to 'ofpacts' the OpenFlow actions that the 'ovnacts_len' bytes
 * of actions at 'ovnacts' stand for, in the context 'ep'. */
void
ovnacts_encode(const struct ovnact *ovnacts, size_t ovnacts_len,
               const struct ovnact_encode_params *ep, struct ofpbuf *ofpacts)
{
    const struct ovnact *a;
    OVNACT_FOR_EACH (a, ovnacts, ovnacts_len) {
        ops_for(a->type)->encode(a, ep, ofpacts);
    }
}

/* Frees what the 'ovnacts_len' bytes of actions at 'ovnacts' own (but not
 * the array itself). */
void
ovnacts_free(struct ovnact *ovnacts, size_t ovnacts_len)
{
    if (!ovnacts) {
        return;
    }
    struct ovnact *a;
    OVNACT_FOR_EACH (a, ovnacts, ovnacts_len) {
        const struct ovnact_ops *ops = ops_for(a->type);
        if (ops->free) {
            ops->free(a);
        }
    }
}

/* Fills the OpenFlow table numbers of 'ep' with those of OVN 26.03's
 * ovn-controller (FACTS.md) for a flow in 'pipeline'. */
void
ovnact_encode_params_init_tables(struct ovnact_encode_params *ep,
                                 enum ovnact_pipeline pipeline)
{
    ep->pipeline = pipeline;
    ep->ingress_ptable = 8;
    ep->egress_ptable = 48;
    ep->output_ptable = pipeline == OVNACT_P_INGRESS ? 42 : 64;
    ep->mac_bind_ptable = 66;
    ep->mac_lookup_ptable = 67;
    ep->lb_hairpin_ptable = 68;
    ep->lb_hairpin_reply_ptable = 69;
    ep->ct_snat_vip_ptable = 70;
    ep->fdb_ptable = 71;
    ep->fdb_lookup_ptable = 72;
    ep->in_port_sec_ptable = 73;
    ep->out_port_sec_ptable = 75;
    ep->ecmp_nh_mac_ptable = 76;
    ep->ecmp_nh_ptable = 77;
    ep->lb_aff_ptable = 78;
    ep->mac_cache_use_ptable = 79;
    ep->ct_nw_dst_load_ptable = 81;
    ep->ct_ip6_dst_load_ptable = 82;
    ep->ct_tp_dst_load_ptable = 83;
    ep->flood_remote_ptable = 84;
    ep->ct_state_save_ptable = 85;
    ep->ct_proto_load_ptable = 86;
    ep->remote_fdb_ptable = 87;
}
