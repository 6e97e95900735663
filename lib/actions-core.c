/* actions-core.c: the basic actions of the logical action language.
 *
 * This family owns "output", "next", the assignments ("field = constant",
 * "field = field", "field <-> field", OVN field loads), "ip.ttl--",
 * "push"/"pop", "clone { }", "set_queue()" and "check_pkt_larger()".
 * Assignments also dispatch "field = function(...)" to the family that
 * implements the function. */

#include <config.h>

#include "actions-private.h"

#include <string.h>

#include "bitmap.h"
#include "byte-order.h"
#include "lex.h"
#include "logical-fields.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/ofp-actions.h"
#include "openvswitch/ofpbuf.h"
#include "util.h"

/* Largest queue number that set_queue() accepts. */
#define QDISC_MIN_QUEUE_ID 0
#define QDISC_MAX_QUEUE_ID 0xf000

/* output. */

/* Parses "output". */
static void
parse_output(struct action_context *ctx)
{
    ovnact_put_OUTPUT(ctx->ovnacts);
}

/* Formats "output;". */
static void
format_output(const struct ovnact *a OVS_UNUSED, struct ds *s)
{
    ds_put_cstr(s, "output;");
}

/* Encodes "output" as a jump to the output stage: the egress pipeline
 * from ingress, the physical output from egress. */
static void
encode_output(const struct ovnact *a OVS_UNUSED,
              const struct ovnact_encode_params *ep, struct ofpbuf *ofpacts)
{
    action_emit_resubmit(ofpacts, ep->output_ptable);
}

/* next. */

/* Parses "next", "next(TABLE)" or "next(pipeline=P, table=T)" (either
 * key may be omitted or come first). */
static void
parse_next(struct action_context *ctx)
{
    struct lexer *lexer = ctx->lexer;

    if (!ctx->pp->n_tables) {
        lexer_error(lexer, "\"next\" action not allowed here.");
        return;
    }

    enum ovnact_pipeline pipeline = ctx->pp->pipeline;
    int table = ctx->pp->cur_ltable + 1;
    if (lexer_match(lexer, LEX_T_LPAREN)) {
        if (lexer_is_int(lexer)) {
            lexer_get_int(lexer, &table);
        } else {
            do {
                if (lexer_match_id(lexer, "pipeline")) {
                    if (!lexer_force_match(lexer, LEX_T_EQUALS)) {
                        return;
                    }
                    if (lexer_match_id(lexer, "ingress")) {
                        pipeline = OVNACT_P_INGRESS;
                    } else if (lexer_match_id(lexer, "egress")) {
                        pipeline = OVNACT_P_EGRESS;
                    } else {
                        lexer_syntax_error(
                            lexer, "expecting \"ingress\" or \"egress\"");
                        return;
                    }
                } else if (lexer_match_id(lexer, "table")) {
                    if (!lexer_force_match(lexer, LEX_T_EQUALS)
                        || !lexer_force_int(lexer, &table)) {
                        return;
                    }
                } else {
                    lexer_syntax_error(lexer,
                                       "expecting \"pipeline\" or \"table\"");
                    return;
                }
            } while (lexer_match(lexer, LEX_T_COMMA));
        }
        if (!lexer_force_match(lexer, LEX_T_RPAREN)) {
            return;
        }
    }

    if (table < 0 || table >= ctx->pp->n_tables) {
        lexer_error(lexer, "\"next\" action cannot advance beyond table %d.",
                    ctx->pp->n_tables - 1);
        return;
    }

    struct ovnact_next *next = ovnact_put_NEXT(ctx->ovnacts);
    next->pipeline = pipeline;
    next->ltable = table;
    next->src_pipeline = ctx->pp->pipeline;
    next->src_ltable = ctx->pp->cur_ltable;
}

/* Formats "next;" or, if it goes elsewhere than the following table,
 * "next(TABLE);" or "next(pipeline=P, table=T);". */
static void
format_next(const struct ovnact *a, struct ds *s)
{
    const struct ovnact_next *next = ovnact_get_NEXT(a);
    if (next->pipeline != next->src_pipeline) {
        ds_put_format(s, "next(pipeline=%s, table=%d);",
                      next->pipeline == OVNACT_P_INGRESS ? "ingress"
                                                         : "egress",
                      next->ltable);
    } else if (next->ltable != next->src_ltable + 1) {
        ds_put_format(s, "next(%d);", next->ltable);
    } else {
        ds_put_cstr(s, "next;");
    }
}

/* Encodes "next" as a resubmit to the table. */
static void
encode_next(const struct ovnact *a, const struct ovnact_encode_params *ep,
            struct ofpbuf *ofpacts)
{
    const struct ovnact_next *next = ovnact_get_NEXT(a);
    action_emit_resubmit(ofpacts, action_first_ptable(ep, next->pipeline)
                                  + next->ltable);
}

/* Assignments. */

/* Parses the constant of "lhs = constant". */
static void
parse_load(struct action_context *ctx, const struct expr_field *lhs,
           enum ovnact_type type)
{
    struct expr_constant c;
    if (!expr_constant_parse(ctx->lexer, lhs, &c)) {
        return;
    }
    struct ovnact_load *load = ovnact_put(ctx->ovnacts, type,
                                          OVNACT_ALIGN(sizeof *load));
    load->dst = *lhs;
    load->imm = c;
}

/* Parses the right side of "lhs = rhs" or "lhs <-> rhs". */
static void
parse_move(struct action_context *ctx, const struct expr_field *lhs,
           bool exchange)
{
    struct expr_field rhs;
    if (!action_parse_field(ctx, lhs->n_bits, exchange, &rhs)) {
        return;
    }
    struct ovnact_move *move = (exchange
                                ? ovnact_put_EXCHANGE(ctx->ovnacts)
                                : ovnact_put_MOVE(ctx->ovnacts));
    move->lhs = *lhs;
    move->rhs = rhs;
}

/* Parses an action that starts with a field: "lhs = constant", "lhs =
 * field", "lhs <-> field" or "lhs = function(...)". */
void
action_parse_set_action(struct action_context *ctx)
{
    struct lexer *lexer = ctx->lexer;
    struct expr_field lhs;

    if (!expr_field_parse(lexer, ctx->pp->symtab, &lhs, &ctx->prereqs)) {
        return;
    }

    bool exchange;
    if (lexer_match(lexer, LEX_T_EXCHANGE)) {
        exchange = true;
    } else if (lexer_match(lexer, LEX_T_EQUALS)) {
        exchange = false;
    } else {
        lexer_syntax_error(lexer, "expecting `=' or `<->'");
        return;
    }

    if (!exchange && lexer->token.type == LEX_T_ID
        && lexer_lookahead(lexer) == LEX_T_LPAREN
        && action_parse_function(ctx, &lhs)) {
        return;
    }

    char *error = expr_type_check(&lhs, lhs.n_bits, true, ctx->scope);
    if (error) {
        lexer_error(lexer, "%s", error);
        free(error);
        return;
    }

    if (lhs.symbol->ovn_field) {
        if (exchange || lexer->token.type == LEX_T_ID) {
            lexer_error(lexer, "Only constants may be assigned to OVN "
                        "field %s.", lhs.symbol->name);
            return;
        }
        parse_load(ctx, &lhs, OVNACT_OVNFIELD_LOAD);
    } else if (exchange || lexer->token.type == LEX_T_ID) {
        parse_move(ctx, &lhs, exchange);
    } else {
        parse_load(ctx, &lhs, OVNACT_LOAD);
    }
}

/* Formats "dst = constant;". */
static void
format_load(const struct ovnact *a, struct ds *s)
{
    const struct ovnact_load *load
        = ALIGNED_CAST(const struct ovnact_load *, a);
    expr_field_format(&load->dst, s);
    ds_put_cstr(s, " = ");
    expr_constant_format(&load->imm, (load->dst.symbol->width
                                      ? EXPR_C_INTEGER : EXPR_C_STRING), s);
    ds_put_char(s, ';');
}

/* Encodes "dst = constant" as a set_field of the destination's bits; a
 * logical port name becomes its tunnel key (0 if unknown). */
static void
encode_load(const struct ovnact *a, const struct ovnact_encode_params *ep,
            struct ofpbuf *ofpacts)
{
    const struct ovnact_load *load = ovnact_get_LOAD(a);
    struct mf_subfield dst = expr_resolve_field(&load->dst);
    struct ofpact_set_field *sf = ofpact_put_set_field(ofpacts, dst.field,
                                                       NULL, NULL);
    const struct expr_constant *c = &load->imm;

    if (load->dst.symbol->width) {
        bitwise_copy(&c->value, sizeof c->value, 0,
                     sf->value, dst.field->n_bytes, dst.ofs, dst.n_bits);
        if (c->masked) {
            bitwise_copy(&c->mask, sizeof c->mask, 0,
                         ofpact_set_field_mask(sf), dst.field->n_bytes,
                         dst.ofs, dst.n_bits);
        } else {
            bitwise_one(ofpact_set_field_mask(sf), dst.field->n_bytes,
                        dst.ofs, dst.n_bits);
        }
    } else {
        unsigned int port = 0;
        if (!ep->lookup_port || !ep->lookup_port(ep->aux, c->string, &port)) {
            port = 0;
        }
        ovs_be32 key = htonl(port);
        bitwise_copy(&key, sizeof key, 0,
                     sf->value, dst.field->n_bytes, dst.ofs, dst.n_bits);
        bitwise_one(ofpact_set_field_mask(sf), dst.field->n_bytes,
                    dst.ofs, dst.n_bits);
    }
}

/* Frees the string of a load into a string field. */
static void
free_load(struct ovnact *a)
{
    struct ovnact_load *load = ALIGNED_CAST(struct ovnact_load *, a);
    expr_constant_destroy(&load->imm, (load->dst.symbol->width
                                       ? EXPR_C_INTEGER : EXPR_C_STRING));
}

/* Encodes an assignment to an OVN field as a "note" that ovn-controller
 * recognizes among the nested actions of a packet it builds: a header
 * naming the field, then the value in network byte order. */
static void
encode_ovnfield_load(const struct ovnact *a,
                     const struct ovnact_encode_params *ep OVS_UNUSED,
                     struct ofpbuf *ofpacts)
{
    const struct ovnact_load *load = ovnact_get_OVNFIELD_LOAD(a);
    const struct ovn_field *f = load->dst.symbol->ovn_field;

    size_t ofs = ofpacts->size;
    ofpact_put_NOTE(ofpacts);
    struct ovn_field_note_header hdr = {
        .magic = OVN_FIELD_NOTE_MAGIC,
        .type = htons(f->id),
        .pad = 0,
    };
    ofpbuf_put(ofpacts, &hdr, sizeof hdr);
    ofpbuf_put(ofpacts, &load->imm.value.u8[sizeof load->imm.value
                                             - f->n_bytes], f->n_bytes);

    struct ofpact_note *note = ofpbuf_at_assert(ofpacts, ofs, sizeof *note);
    note->length = ofpacts->size - (ofs + sizeof *note);
    ofpacts->header = note;
    ofpact_finish_NOTE(ofpacts, &note);
}

/* Formats "lhs = rhs;" or "lhs <-> rhs;". */
static void
format_move(const struct ovnact *a, struct ds *s)
{
    const struct ovnact_move *move
        = ALIGNED_CAST(const struct ovnact_move *, a);
    expr_field_format(&move->lhs, s);
    ds_put_cstr(s, a->type == OVNACT_EXCHANGE ? " <-> " : " = ");
    expr_field_format(&move->rhs, s);
    ds_put_char(s, ';');
}

/* Encodes "lhs = rhs" as a register move. */
static void
encode_move(const struct ovnact *a,
            const struct ovnact_encode_params *ep OVS_UNUSED,
            struct ofpbuf *ofpacts)
{
    const struct ovnact_move *move = ovnact_get_MOVE(a);
    struct ofpact_reg_move *orm = ofpact_put_REG_MOVE(ofpacts);
    orm->src = expr_resolve_field(&move->rhs);
    orm->dst = expr_resolve_field(&move->lhs);
}

/* Encodes "lhs <-> rhs" through the stack: push rhs, push lhs, pop rhs,
 * pop lhs. */
static void
encode_exchange(const struct ovnact *a,
                const struct ovnact_encode_params *ep OVS_UNUSED,
                struct ofpbuf *ofpacts)
{
    const struct ovnact_move *xchg = ovnact_get_EXCHANGE(a);
    struct mf_subfield lhs = expr_resolve_field(&xchg->lhs);
    struct mf_subfield rhs = expr_resolve_field(&xchg->rhs);
    ofpact_put_STACK_PUSH(ofpacts)->subfield = rhs;
    ofpact_put_STACK_PUSH(ofpacts)->subfield = lhs;
    ofpact_put_STACK_POP(ofpacts)->subfield = rhs;
    ofpact_put_STACK_POP(ofpacts)->subfield = lhs;
}

/* ip.ttl--. */

/* Parses "ip.ttl--". */
static void
parse_dec_ttl(struct action_context *ctx)
{
    if (lexer_match(ctx->lexer, LEX_T_DECREMENT)) {
        action_add_prerequisite(ctx, "ip");
        ovnact_put_DEC_TTL(ctx->ovnacts);
    } else {
        lexer_syntax_error(ctx->lexer, "expecting `--'");
    }
}

/* Formats "ip.ttl--;". */
static void
format_dec_ttl(const struct ovnact *a OVS_UNUSED, struct ds *s)
{
    ds_put_cstr(s, "ip.ttl--;");
}

/* Encodes "ip.ttl--" as dec_ttl with no controller ids, so that expiry
 * sends nothing to the controller. */
static void
encode_dec_ttl(const struct ovnact *a OVS_UNUSED,
               const struct ovnact_encode_params *ep OVS_UNUSED,
               struct ofpbuf *ofpacts)
{
    ofpact_put_DEC_TTL(ofpacts);
}

/* push(field) and pop(field). */

/* Parses "(field)" for push or pop. */
static void
parse_push_pop(struct action_context *ctx, enum ovnact_type type)
{
    if (!lexer_force_match(ctx->lexer, LEX_T_LPAREN)) {
        return;
    }
    struct expr_field f;
    if (!expr_field_parse(ctx->lexer, ctx->pp->symtab, &f, &ctx->prereqs)) {
        return;
    }
    if (!f.symbol->width || f.symbol->predicate || f.symbol->ovn_field) {
        lexer_error(ctx->lexer, "Cannot %s %s, which is not a numeric "
                    "field.", type == OVNACT_PUSH ? "push" : "pop",
                    f.symbol->name);
        return;
    }
    if (type == OVNACT_POP) {
        char *error = expr_type_check(&f, f.n_bits, true, ctx->scope);
        if (error) {
            lexer_error(ctx->lexer, "%s", error);
            free(error);
            return;
        }
    }
    if (!lexer_force_match(ctx->lexer, LEX_T_RPAREN)) {
        return;
    }
    struct ovnact_push_pop *pp = ovnact_put(ctx->ovnacts, type,
                                            OVNACT_ALIGN(sizeof *pp));
    pp->field = f;
}

/* Parses "push(field)". */
static void
parse_push(struct action_context *ctx)
{
    parse_push_pop(ctx, OVNACT_PUSH);
}

/* Parses "pop(field)". */
static void
parse_pop(struct action_context *ctx)
{
    parse_push_pop(ctx, OVNACT_POP);
}

/* Formats "push(field);" or "pop(field);". */
static void
format_push_pop(const struct ovnact *a, struct ds *s)
{
    const struct ovnact_push_pop *pp
        = ALIGNED_CAST(const struct ovnact_push_pop *, a);
    ds_put_cstr(s, a->type == OVNACT_PUSH ? "push(" : "pop(");
    expr_field_format(&pp->field, s);
    ds_put_cstr(s, ");");
}

/* Encodes push or pop as the stack action. */
static void
encode_push_pop(const struct ovnact *a,
                const struct ovnact_encode_params *ep OVS_UNUSED,
                struct ofpbuf *ofpacts)
{
    const struct ovnact_push_pop *pp
        = ALIGNED_CAST(const struct ovnact_push_pop *, a);
    struct ofpact_stack *stack = (a->type == OVNACT_PUSH
                                  ? ofpact_put_STACK_PUSH(ofpacts)
                                  : ofpact_put_STACK_POP(ofpacts));
    stack->subfield = expr_resolve_field(&pp->field);
}

/* clone { ... }. */

/* Parses "clone { ... }". */
static void
parse_clone(struct action_context *ctx)
{
    action_parse_nested(ctx, OVNACT_CLONE, NULL, WR_DEFAULT);
}

/* Formats "clone { ... };". */
static void
format_clone(const struct ovnact *a, struct ds *s)
{
    action_format_nested(ovnact_get_CLONE(a), "clone", s);
}

/* Encodes "clone" as the OpenFlow clone action. */
static void
encode_clone(const struct ovnact *a, const struct ovnact_encode_params *ep,
             struct ofpbuf *ofpacts)
{
    const struct ovnact_nest *on = ovnact_get_CLONE(a);
    size_t ofs = ofpacts->size;
    ofpact_put_CLONE(ofpacts);
    ovnacts_encode(on->nested, on->nested_len, ep, ofpacts);
    struct ofpact_nest *clone = ofpbuf_at_assert(ofpacts, ofs,
                                                 sizeof *clone);
    ofpacts->header = clone;
    ofpact_finish_CLONE(ofpacts, &clone);
}

/* Frees the nested actions of any "struct ovnact_nest". */
static void
free_nest(struct ovnact *a)
{
    struct ovnact_nest *on = ALIGNED_CAST(struct ovnact_nest *, a);
    ovnacts_free(on->nested, on->nested_len);
    free(on->nested);
}

/* set_queue(N). */

/* Parses "set_queue(N)". */
static void
parse_set_queue(struct action_context *ctx)
{
    int queue_id;

    if (!lexer_force_match(ctx->lexer, LEX_T_LPAREN)
        || !lexer_force_int(ctx->lexer, &queue_id)
        || !lexer_force_match(ctx->lexer, LEX_T_RPAREN)) {
        return;
    }
    if (queue_id < QDISC_MIN_QUEUE_ID || queue_id > QDISC_MAX_QUEUE_ID) {
        lexer_error(ctx->lexer, "Queue ID %d for set_queue is "
                    "not in valid range %d to %d.",
                    queue_id, QDISC_MIN_QUEUE_ID, QDISC_MAX_QUEUE_ID);
        return;
    }
    ovnact_put_SET_QUEUE(ctx->ovnacts)->queue_id = queue_id;
}

/* Formats "set_queue(N);". */
static void
format_set_queue(const struct ovnact *a, struct ds *s)
{
    ds_put_format(s, "set_queue(%d);", ovnact_get_SET_QUEUE(a)->queue_id);
}

/* Encodes "set_queue" as the OpenFlow set_queue action. */
static void
encode_set_queue(const struct ovnact *a,
                 const struct ovnact_encode_params *ep OVS_UNUSED,
                 struct ofpbuf *ofpacts)
{
    ofpact_put_SET_QUEUE(ofpacts)->queue_id
        = ovnact_get_SET_QUEUE(a)->queue_id;
}

/* R = check_pkt_larger(L). */

/* Parses "L)" after "R = check_pkt_larger(". */
static void
parse_check_pkt_larger(struct action_context *ctx,
                       const struct expr_field *dst)
{
    int pkt_len;

    if (!action_check_result(ctx, dst, 1)) {
        return;
    }
    if (!lexer_force_int(ctx->lexer, &pkt_len)
        || !lexer_force_match(ctx->lexer, LEX_T_RPAREN)) {
        return;
    }
    if (pkt_len < 0 || pkt_len > UINT16_MAX) {
        lexer_error(ctx->lexer, "check_pkt_larger length %d is out of "
                    "range 0 to %d.", pkt_len, UINT16_MAX);
        return;
    }
    struct ovnact_check_pkt_larger *cpl
        = ovnact_put_CHECK_PKT_LARGER(ctx->ovnacts);
    cpl->dst = *dst;
    cpl->pkt_len = pkt_len;
}

/* Formats "R = check_pkt_larger(L);". */
static void
format_check_pkt_larger(const struct ovnact *a, struct ds *s)
{
    const struct ovnact_check_pkt_larger *cpl
        = ovnact_get_CHECK_PKT_LARGER(a);
    expr_field_format(&cpl->dst, s);
    ds_put_format(s, " = check_pkt_larger(%"PRIu16");", cpl->pkt_len);
}

/* Encodes "check_pkt_larger" as the OpenFlow action of that name. */
static void
encode_check_pkt_larger(const struct ovnact *a,
                        const struct ovnact_encode_params *ep OVS_UNUSED,
                        struct ofpbuf *ofpacts)
{
    const struct ovnact_check_pkt_larger *cpl
        = ovnact_get_CHECK_PKT_LARGER(a);
    struct ofpact_check_pkt_larger *ocpl
        = ofpact_put_CHECK_PKT_LARGER(ofpacts);
    ocpl->pkt_len = cpl->pkt_len;
    ocpl->dst = expr_resolve_field(&cpl->dst);
}

/* The family. */

static const struct ovnact_ops output_ops = {
    format_output, encode_output, NULL };
static const struct ovnact_ops next_ops = { format_next, encode_next, NULL };
static const struct ovnact_ops load_ops = {
    format_load, encode_load, free_load };
static const struct ovnact_ops ovnfield_load_ops = {
    format_load, encode_ovnfield_load, free_load };
static const struct ovnact_ops move_ops = { format_move, encode_move, NULL };
static const struct ovnact_ops exchange_ops = {
    format_move, encode_exchange, NULL };
static const struct ovnact_ops dec_ttl_ops = {
    format_dec_ttl, encode_dec_ttl, NULL };
static const struct ovnact_ops push_pop_ops = {
    format_push_pop, encode_push_pop, NULL };
static const struct ovnact_ops clone_ops = {
    format_clone, encode_clone, free_nest };
static const struct ovnact_ops set_queue_ops = {
    format_set_queue, encode_set_queue, NULL };
static const struct ovnact_ops check_pkt_larger_ops = {
    format_check_pkt_larger, encode_check_pkt_larger, NULL };

static const struct ovnact_type_ops core_types[] = {
    { OVNACT_OUTPUT, &output_ops },
    { OVNACT_NEXT, &next_ops },
    { OVNACT_LOAD, &load_ops },
    { OVNACT_OVNFIELD_LOAD, &ovnfield_load_ops },
    { OVNACT_MOVE, &move_ops },
    { OVNACT_EXCHANGE, &exchange_ops },
    { OVNACT_DEC_TTL, &dec_ttl_ops },
    { OVNACT_PUSH, &push_pop_ops },
    { OVNACT_POP, &push_pop_ops },
    { OVNACT_CLONE, &clone_ops },
    { OVNACT_SET_QUEUE, &set_queue_ops },
    { OVNACT_CHECK_PKT_LARGER, &check_pkt_larger_ops },
};

static const struct ovnact_keyword core_keywords[] = {
    { "output", parse_output },
    { "next", parse_next },
    { "ip.ttl", parse_dec_ttl },
    { "push", parse_push },
    { "pop", parse_pop },
    { "clone", parse_clone },
    { "set_queue", parse_set_queue },
};

static const struct ovnact_function core_functions[] = {
    { "check_pkt_larger", parse_check_pkt_larger },
};

const struct ovnact_family ovnact_core_family = {
    core_keywords, ARRAY_SIZE(core_keywords),
    core_functions, ARRAY_SIZE(core_functions),
    core_types, ARRAY_SIZE(core_types),
};
