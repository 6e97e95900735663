/* expr-parse.c: parser of the logical match language.
 *
 * This module owns the grammar:
 *
 *     expr     := not (("&&" not)* | ("||" not)*)
 *     not      := "!" primary | primary
 *     primary  := "(" expr ")"
 *               | "is_chassis_resident" "(" string ")"
 *               | field [relop constants]
 *               | constants relop field [relop constants]
 *               | "0" | "1"
 *     constants := constant | "{" constant [","] ... "}" | $set | @group
 *
 * with the type and level-of-measurement checks of ovn-sb(5), and the
 * constants syntax that actions share.  Negations are applied while
 * parsing (expr_not()), so trees never contain NOT nodes; the parser
 * tracks how many '!' enclose the current position to check that nominal
 * fields are only tested positively. */

#include <config.h>

#include "expr.h"

#include <stdlib.h>
#include <string.h>

#include "byte-order.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/shash.h"
#include "sset.h"
#include "util.h"

/* State of one parse. */
struct expr_context {
    struct lexer *lexer;              /* Token source and error state. */
    const struct shash *symtab;       /* Symbols. */
    const struct shash *addr_sets;    /* "$name" sets, may be NULL. */
    const struct shash *port_groups;  /* "@name" sets, may be NULL. */
    struct sset *addr_sets_ref;       /* Names of "$name" seen, or NULL. */
    struct sset *port_groups_ref;     /* Names of "@name" seen, or NULL. */
    int64_t dp_key;                   /* Datapath tunnel key for port
                                       * group names; 0 for none. */
    bool not;                         /* Odd number of enclosing '!'. */
};

static struct expr *parse_or_and(struct expr_context *);

/* Appends room for one more value to 'cs', whose capacity is
 * '*allocated'. */
static struct expr_constant *
add_constant(struct expr_constant_set *cs, size_t *allocated)
{
    if (cs->n_values >= *allocated) {
        cs->values = x2nrealloc(cs->values, allocated, sizeof *cs->values);
    }
    struct expr_constant *c = &cs->values[cs->n_values++];
    memset(c, 0, sizeof *c);
    return c;
}

/* Checks that a constant of 'type' may join 'cs'.  Returns true if so
 * (setting the set's type if it was empty), otherwise reports a syntax
 * error. */
static bool
assign_constant_set_type(struct lexer *lexer, struct expr_constant_set *cs,
                         enum expr_constant_type type)
{
    if (!cs->n_values || cs->type == type) {
        cs->type = type;
        return true;
    }
    lexer_syntax_error(lexer, "expecting %s",
                       cs->type == EXPR_C_INTEGER ? "integer" : "string");
    return false;
}

/* Adds the values of named set 'set' (an address set or port group) to
 * 'cs'. */
static bool
add_named_set(struct lexer *lexer, struct expr_constant_set *cs,
              size_t *allocated, const struct expr_constant_set *set,
              const char *as_name)
{
    if (set->n_values && !assign_constant_set_type(lexer, cs, set->type)) {
        return false;
    }
    for (size_t i = 0; i < set->n_values; i++) {
        struct expr_constant *c = add_constant(cs, allocated);
        *c = set->values[i];
        c->as_name = as_name;
        if (set->type == EXPR_C_STRING) {
            c->string = xstrdup(set->values[i].string);
        }
    }
    return true;
}

/* Parses the address set reference that is the current token. */
static bool
parse_addr_set(struct expr_context *ctx, struct expr_constant_set *cs,
               size_t *allocated)
{
    const char *name = ctx->lexer->token.s;
    if (ctx->addr_sets_ref) {
        sset_add(ctx->addr_sets_ref, name);
    }

    struct shash_node *node = (ctx->addr_sets
                               ? shash_find(ctx->addr_sets, name) : NULL);
    if (!node) {
        lexer_syntax_error(ctx->lexer, "expecting address set name");
        return false;
    }
    return add_named_set(ctx->lexer, cs, allocated, node->data, node->name);
}

/* Parses the port group reference that is the current token.  Port groups
 * are stored per datapath, as "<tunnel key>_<name>". */
static bool
parse_port_group(struct expr_context *ctx, struct expr_constant_set *cs,
                 size_t *allocated)
{
    struct ds name = DS_EMPTY_INITIALIZER;
    expr_port_group_sb_name(ctx->lexer->token.s, ctx->dp_key, &name);
    if (ctx->port_groups_ref) {
        sset_add(ctx->port_groups_ref, ds_cstr(&name));
    }

    struct shash_node *node = (ctx->port_groups
                               ? shash_find(ctx->port_groups, ds_cstr(&name))
                               : NULL);
    ds_destroy(&name);
    if (!node) {
        lexer_syntax_error(ctx->lexer, "expecting port group name");
        return false;
    }
    if (!add_named_set(ctx->lexer, cs, allocated, node->data, NULL)) {
        return false;
    }
    /* An empty port group still compares strings. */
    cs->type = EXPR_C_STRING;
    return true;
}

/* Parses one constant (or named set) into 'cs'. */
static bool
parse_constant(struct expr_context *ctx, struct expr_constant_set *cs,
               size_t *allocated)
{
    struct lexer *lexer = ctx->lexer;
    const struct lex_token *token = &lexer->token;

    if (token->type == LEX_T_STRING) {
        if (!assign_constant_set_type(lexer, cs, EXPR_C_STRING)) {
            return false;
        }
        add_constant(cs, allocated)->string = xstrdup(token->s);
    } else if (token->type == LEX_T_INTEGER
               || token->type == LEX_T_MASKED_INTEGER) {
        if (!assign_constant_set_type(lexer, cs, EXPR_C_INTEGER)) {
            return false;
        }
        struct expr_constant *c = add_constant(cs, allocated);
        c->value = token->value;
        c->format = token->format;
        c->masked = token->type == LEX_T_MASKED_INTEGER;
        if (c->masked) {
            c->mask = token->mask;
        }
    } else if (token->type == LEX_T_MACRO) {
        if (!parse_addr_set(ctx, cs, allocated)) {
            return false;
        }
    } else if (token->type == LEX_T_PORT_GROUP) {
        if (!parse_port_group(ctx, cs, allocated)) {
            return false;
        }
    } else {
        lexer_syntax_error(lexer, "expecting constant");
        return false;
    }
    lexer_get(lexer);
    return true;
}

/* Parses a constant, a named set, or a { } set of them into 'cs'. */
static bool
parse_constant_set(struct expr_context *ctx, struct expr_constant_set *cs)
{
    size_t allocated = 0;
    bool ok = true;

    memset(cs, 0, sizeof *cs);
    if (lexer_match(ctx->lexer, LEX_T_LCURLY)) {
        cs->in_curlies = true;
        while (!lexer_match(ctx->lexer, LEX_T_RCURLY)) {
            if (!parse_constant(ctx, cs, &allocated)) {
                ok = false;
                break;
            }
            lexer_match(ctx->lexer, LEX_T_COMMA);
        }
    } else {
        ok = parse_constant(ctx, cs, &allocated);
    }

    if (!ok) {
        expr_constant_set_destroy(cs);
    }
    return ok;
}

/* Checks that the constants in 'cs' suit field 'f': same type, and no
 * more bits than the field has. */
static bool
type_check(struct lexer *lexer, const struct expr_field *f,
           const struct expr_constant_set *cs)
{
    if (cs->n_values
        && cs->type != (f->symbol->width ? EXPR_C_INTEGER : EXPR_C_STRING)) {
        lexer_error(lexer, "%s field %s is not compatible with %s constant.",
                    f->symbol->width ? "Integer" : "String",
                    f->symbol->name,
                    cs->type == EXPR_C_INTEGER ? "integer" : "string");
        return false;
    }

    if (f->symbol->width) {
        for (size_t i = 0; i < cs->n_values; i++) {
            int w = expr_constant_width(&cs->values[i]);
            if (w > f->n_bits) {
                lexer_error(lexer, "%d-bit constant is not compatible with "
                            "%d-bit field %s.", w, f->n_bits,
                            f->symbol->name);
                return false;
            }
        }
    }
    return true;
}

/* Returns a comparison of field 'f' against constant 'c' with 'relop'. */
static struct expr *
make_cmp__(const struct expr_field *f, enum expr_relop relop,
           const struct expr_constant *c)
{
    struct expr *e = xzalloc(sizeof *e);
    e->type = EXPR_T_CMP;
    e->cmp.symbol = f->symbol;
    e->cmp.relop = relop;
    if (f->symbol->width) {
        bitwise_copy(&c->value, sizeof c->value, 0,
                     &e->cmp.value, sizeof e->cmp.value, f->ofs, f->n_bits);
        if (c->masked) {
            bitwise_copy(&c->mask, sizeof c->mask, 0,
                         &e->cmp.mask, sizeof e->cmp.mask, f->ofs,
                         f->n_bits);
        } else {
            bitwise_one(&e->cmp.mask, sizeof e->cmp.mask, f->ofs,
                        f->n_bits);
        }
    } else {
        e->cmp.string = xstrdup(c->string);
    }
    return e;
}

/* Returns true if 'c''s mask leaves some of 'f''s bits untested. */
static bool
is_partial_mask(const struct expr_field *f, const struct expr_constant *c)
{
    return (c->masked
            && bitwise_scan(&c->mask, sizeof c->mask, false, 0, f->n_bits)
               < f->n_bits);
}

/* Returns true if comparing 'f' with 'relop' against 'cs', under 'not'
 * enclosing negations, obeys the rules for the field's level of
 * measurement; otherwise reports an error. */
static bool
check_level(struct expr_context *ctx, const struct expr_field *f,
            enum expr_relop relop, const struct expr_constant_set *cs)
{
    const struct expr_symbol *symbol = f->symbol;
    struct lexer *lexer = ctx->lexer;

    if (relop != EXPR_R_EQ && relop != EXPR_R_NE) {
        if (cs->in_curlies) {
            lexer_error(lexer, "Only == and != operators may be used with "
                        "value sets.");
            return false;
        }
        if (symbol->level == EXPR_L_NOMINAL
            || symbol->level == EXPR_L_BOOLEAN) {
            lexer_error(lexer, "Only == and != operators may be used with "
                        "%s field %s.", expr_level_to_string(symbol->level),
                        symbol->name);
            return false;
        }
        if (cs->n_values && cs->values[0].masked) {
            lexer_error(lexer, "Only == and != operators may be used with "
                        "masked constants.  Consider using subfields "
                        "instead (e.g. eth.src[0..15] > 0x1111 in place of "
                        "eth.src > 00:00:00:00:11:11/00:00:00:00:ff:ff).");
            return false;
        }
    }

    if (symbol->level == EXPR_L_NOMINAL) {
        if (symbol->predicate) {
            for (size_t i = 0; i < cs->n_values; i++) {
                bool positive = (cs->values[i].value.integer & htonll(1)) != 0;
                positive ^= relop == EXPR_R_NE;
                positive ^= ctx->not;
                if (!positive) {
                    const char *name = symbol->name;
                    lexer_error(lexer, "Nominal predicate %s may only be "
                                "tested positively, e.g. `%s' or `%s == 1' "
                                "but not `!%s' or `%s == 0'.",
                                name, name, name, name, name);
                    return false;
                }
            }
        } else if (relop != (ctx->not ? EXPR_R_NE : EXPR_R_EQ)) {
            lexer_error(lexer, "Nominal field %s may only be tested for "
                        "equality (taking enclosing `!' operators into "
                        "account).", symbol->name);
            return false;
        } else {
            for (size_t i = 0; i < cs->n_values; i++) {
                if (is_partial_mask(f, &cs->values[i])) {
                    lexer_error(lexer, "Nominal field %s may not be "
                                "tested with a masked constant.",
                                symbol->name);
                    return false;
                }
            }
        }
    }
    return true;
}

/* Returns true if every constant in 'cs' came from the same address
 * set. */
static bool
all_from_one_set(const struct expr_constant_set *cs)
{
    const char *name = cs->values[0].as_name;
    if (!name) {
        return false;
    }
    for (size_t i = 1; i < cs->n_values; i++) {
        if (cs->values[i].as_name != name) {
            return false;
        }
    }
    return true;
}

/* Returns the comparison of field 'f' against every constant in 'cs' with
 * 'relop' ("==" against a set means any of them, "!=" none of them), or
 * NULL after reporting an error.  Consumes 'cs'. */
static struct expr *
make_cmp(struct expr_context *ctx, const struct expr_field *f,
         enum expr_relop relop, struct expr_constant_set *cs)
{
    struct expr *e = NULL;

    if (f->symbol->ovn_field) {
        lexer_error(ctx->lexer, "Field %s cannot be used in a match "
                    "expression.", f->symbol->name);
        goto exit;
    }
    if (!type_check(ctx->lexer, f, cs) || !check_level(ctx, f, relop, cs)) {
        goto exit;
    }

    if (!cs->n_values) {
        /* An empty set: nothing equals a member, everything differs from
         * all of them. */
        e = expr_create_boolean(relop == EXPR_R_NE);
        goto exit;
    }

    enum expr_type type = relop == EXPR_R_EQ ? EXPR_T_OR : EXPR_T_AND;
    for (size_t i = 0; i < cs->n_values; i++) {
        e = expr_combine(type, e, make_cmp__(f, relop, &cs->values[i]));
    }
    if (e->type == EXPR_T_OR && all_from_one_set(cs)) {
        e->as_name = xstrdup(cs->values[0].as_name);
    }

exit:
    expr_constant_set_destroy(cs);
    return e;
}

/* Parses the relational operator that is the current token. */
static bool
parse_relop(struct expr_context *ctx, enum expr_relop *relop)
{
    if (expr_relop_from_token(ctx->lexer->token.type, relop)) {
        lexer_get(ctx->lexer);
        return true;
    }
    lexer_syntax_error(ctx->lexer, "expecting relational operator");
    return false;
}

/* Parses "(string)" after is_chassis_resident. */
static struct expr *
parse_chassis_resident(struct expr_context *ctx)
{
    struct lexer *lexer = ctx->lexer;

    if (!lexer_force_match(lexer, LEX_T_LPAREN)) {
        return NULL;
    }
    if (lexer->token.type != LEX_T_STRING) {
        lexer_syntax_error(lexer, "expecting string");
        return NULL;
    }

    struct expr *e = xzalloc(sizeof *e);
    e->type = EXPR_T_CONDITION;
    e->cond.type = EXPR_COND_CHASSIS_RESIDENT;
    e->cond.not = false;
    e->cond.string = xstrdup(lexer->token.s);
    lexer_get(lexer);

    if (!lexer_force_match(lexer, LEX_T_RPAREN)) {
        expr_destroy(e);
        return NULL;
    }
    return e;
}

/* Parses a primary that starts with a field.  Sets '*atomic' if it is a
 * bare name (which '!' may negate without parentheses). */
static struct expr *
parse_field_primary(struct expr_context *ctx, bool *atomic)
{
    struct lexer *lexer = ctx->lexer;
    struct expr_constant_set cs;
    struct expr_field f;
    enum expr_relop relop;

    if (!expr_field_parse(lexer, ctx->symtab, &f, NULL)) {
        return NULL;
    }

    if (!expr_relop_from_token(lexer->token.type, NULL)) {
        /* A bare field means "field != 0". */
        if (!f.n_bits || lexer->token.type == LEX_T_EQUALS) {
            lexer_syntax_error(lexer, "expecting relational operator");
            return NULL;
        } else if (f.n_bits > 1 && !ctx->not) {
            lexer_error(lexer, "Explicit `!= 0' is required for inequality "
                        "test of multibit field against 0.");
            return NULL;
        }
        *atomic = true;

        struct expr_constant *zero = xzalloc(sizeof *zero);
        zero->format = LEX_F_HEXADECIMAL;
        cs = (struct expr_constant_set) {
            .values = zero, .n_values = 1, .type = EXPR_C_INTEGER,
        };
        return make_cmp(ctx, &f, EXPR_R_NE, &cs);
    }

    if (!parse_relop(ctx, &relop) || !parse_constant_set(ctx, &cs)) {
        return NULL;
    }
    return make_cmp(ctx, &f, relop, &cs);
}

/* Parses a primary that starts with constants: a Boolean constant, or a
 * comparison or range test written constant-first. */
static struct expr *
parse_constant_primary(struct expr_context *ctx, bool *atomic)
{
    struct lexer *lexer = ctx->lexer;
    struct expr_constant_set c1, c2;
    struct expr_field f;
    enum expr_relop r1, r2;

    if (!parse_constant_set(ctx, &c1)) {
        return NULL;
    }

    if (!expr_relop_from_token(lexer->token.type, NULL)
        && c1.n_values == 1
        && c1.type == EXPR_C_INTEGER
        && c1.values[0].format == LEX_F_DECIMAL
        && !c1.values[0].masked
        && !c1.in_curlies) {
        uint64_t x = ntohll(c1.values[0].value.integer);
        bool small = is_all_zeros(c1.values[0].value.u8,
                                  sizeof c1.values[0].value.u8 - 8);
        expr_constant_set_destroy(&c1);
        if (small && x <= 1) {
            *atomic = true;
            return expr_create_boolean(x);
        }
        lexer_error(lexer, "Integer constant in Boolean context must be "
                    "0 or 1.");
        return NULL;
    }

    if (!parse_relop(ctx, &r1)
        || !expr_field_parse(lexer, ctx->symtab, &f, NULL)) {
        expr_constant_set_destroy(&c1);
        return NULL;
    }

    if (!expr_relop_from_token(lexer->token.type, NULL)) {
        return make_cmp(ctx, &f, expr_relop_turn(r1), &c1);
    }

    if (!parse_relop(ctx, &r2) || !parse_constant_set(ctx, &c2)) {
        expr_constant_set_destroy(&c1);
        return NULL;
    }

    bool r1_less = r1 == EXPR_R_LT || r1 == EXPR_R_LE;
    bool r2_less = r2 == EXPR_R_LT || r2 == EXPR_R_LE;
    bool r1_more = r1 == EXPR_R_GT || r1 == EXPR_R_GE;
    bool r2_more = r2 == EXPR_R_GT || r2 == EXPR_R_GE;
    if (!((r1_less && r2_less) || (r1_more && r2_more))) {
        lexer_error(lexer, "Range expressions must have the form `x < field "
                    "< y' or `x > field > y', with each `<' optionally "
                    "replaced by `<=' or `>' by `>=').");
        expr_constant_set_destroy(&c1);
        expr_constant_set_destroy(&c2);
        return NULL;
    }

    struct expr *e1 = make_cmp(ctx, &f, expr_relop_turn(r1), &c1);
    struct expr *e2 = make_cmp(ctx, &f, r2, &c2);
    if (!e1 || !e2) {
        expr_destroy(e1);
        expr_destroy(e2);
        return NULL;
    }
    return expr_combine(EXPR_T_AND, e1, e2);
}

/* Parses a primary.  Sets '*atomic' to true if it may follow '!' without
 * parentheses: a parenthesized expression, a bare name, a function call,
 * or a Boolean constant. */
static struct expr *
parse_primary(struct expr_context *ctx, bool *atomic)
{
    struct lexer *lexer = ctx->lexer;

    *atomic = false;
    if (lexer_match(lexer, LEX_T_LPAREN)) {
        struct expr *e = parse_or_and(ctx);
        if (e && !lexer_force_match(lexer, LEX_T_RPAREN)) {
            expr_destroy(e);
            return NULL;
        }
        *atomic = true;
        return e;
    }

    if (lexer->token.type == LEX_T_ID) {
        if (lexer_lookahead(lexer) == LEX_T_LPAREN
            && lexer_match_id(lexer, "is_chassis_resident")) {
            *atomic = true;
            return parse_chassis_resident(ctx);
        }
        return parse_field_primary(ctx, atomic);
    }
    return parse_constant_primary(ctx, atomic);
}

/* Parses an optionally negated primary. */
static struct expr *
parse_not(struct expr_context *ctx)
{
    bool atomic;

    if (!lexer_match(ctx->lexer, LEX_T_LOG_NOT)) {
        return parse_primary(ctx, &atomic);
    }

    ctx->not = !ctx->not;
    struct expr *e = parse_primary(ctx, &atomic);
    ctx->not = !ctx->not;
    if (!e) {
        return NULL;
    }
    if (!atomic) {
        lexer_error(ctx->lexer, "Missing parentheses around operand of !.");
        expr_destroy(e);
        return NULL;
    }
    expr_not(e);
    return e;
}

/* Parses operands joined by all "&&" or all "||". */
static struct expr *
parse_or_and(struct expr_context *ctx)
{
    struct lexer *lexer = ctx->lexer;
    struct expr *e = parse_not(ctx);
    if (!e) {
        return NULL;
    }

    enum lex_type op = lexer->token.type;
    if (op != LEX_T_LOG_AND && op != LEX_T_LOG_OR) {
        return e;
    }
    enum expr_type type = op == LEX_T_LOG_AND ? EXPR_T_AND : EXPR_T_OR;

    while (lexer_match(lexer, op)) {
        struct expr *next = parse_not(ctx);
        if (!next) {
            expr_destroy(e);
            return NULL;
        }
        e = expr_combine(type, e, next);
    }

    if (lexer->token.type == LEX_T_LOG_AND
        || lexer->token.type == LEX_T_LOG_OR) {
        lexer_error(lexer,
                    "&& and || must be parenthesized when used together.");
        expr_destroy(e);
        return NULL;
    }
    return e;
}

/* Parses an expression from 'lexer', whose current token must be its
 * first.  Symbols come from 'symtab'; "$name" from 'addr_sets' and "@name"
 * from 'port_groups' (each a map from name to "struct expr_constant_set
 * *", either may be NULL).  Port groups are looked up by the name that
 * expr_port_group_sb_name() gives for 'dp_key'.  The names referenced are
 * added to 'addr_sets_ref' and 'port_groups_ref' if they are nonnull,
 * whether or not they exist.
 *
 * Returns the expression, or NULL with an error recorded in 'lexer'. */
struct expr *
expr_parse(struct lexer *lexer, const struct shash *symtab,
           const struct shash *addr_sets, const struct shash *port_groups,
           struct sset *addr_sets_ref, struct sset *port_groups_ref,
           int64_t dp_key)
{
    struct expr_context ctx = {
        .lexer = lexer,
        .symtab = symtab,
        .addr_sets = addr_sets,
        .port_groups = port_groups,
        .addr_sets_ref = addr_sets_ref,
        .port_groups_ref = port_groups_ref,
        .dp_key = dp_key,
        .not = false,
    };
    struct expr *e = parse_or_and(&ctx);
    if (lexer->error) {
        expr_destroy(e);
        return NULL;
    }
    return e;
}

/* Parses all of 's' like expr_parse().  On failure returns NULL and
 * stores an error message, which the caller must free, in '*errorp';
 * otherwise sets '*errorp' to NULL. */
struct expr *
expr_parse_string(const char *s, const struct shash *symtab,
                  const struct shash *addr_sets,
                  const struct shash *port_groups,
                  struct sset *addr_sets_ref,
                  struct sset *port_groups_ref,
                  int64_t dp_key, char **errorp)
{
    struct lexer lexer;

    lexer_init(&lexer, s);
    lexer_get(&lexer);
    struct expr *e = expr_parse(&lexer, symtab, addr_sets, port_groups,
                                addr_sets_ref, port_groups_ref, dp_key);
    lexer_force_end(&lexer);
    *errorp = lexer_steal_error(&lexer);
    if (*errorp) {
        expr_destroy(e);
        e = NULL;
    }
    lexer_destroy(&lexer);
    return e;
}

/* Parses one constant from 'lexer' into 'c', checking that it suits
 * field 'f' (for example the right side of an assignment in an action).
 * On failure, records an error in 'lexer' and returns false. */
bool
expr_constant_parse(struct lexer *lexer, const struct expr_field *f,
                    struct expr_constant *c)
{
    if (lexer->error) {
        return false;
    }

    struct expr_context ctx = { .lexer = lexer };
    struct expr_constant_set cs;
    memset(&cs, 0, sizeof cs);
    size_t allocated = 0;
    if (!parse_constant(&ctx, &cs, &allocated)) {
        expr_constant_set_destroy(&cs);
        return false;
    }
    if (!type_check(lexer, f, &cs)) {
        expr_constant_set_destroy(&cs);
        return false;
    }

    *c = cs.values[0];
    free(cs.values);
    return true;
}

/* Parses a constant or a { } set of constants from 'lexer' into 'cs',
 * without type checking (address sets and port groups are not
 * available).  On failure, records an error in 'lexer' and returns
 * false. */
bool
expr_constant_set_parse(struct lexer *lexer, struct expr_constant_set *cs)
{
    if (lexer->error) {
        memset(cs, 0, sizeof *cs);
        return false;
    }

    struct expr_context ctx = { .lexer = lexer };
    return parse_constant_set(&ctx, cs);
}
