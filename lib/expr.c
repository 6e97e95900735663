/* expr.c: expression trees.
 *
 * This module owns the "struct expr" node: construction, combination,
 * cloning, destruction, negation, the boolean clean-up that every stage
 * uses (expr_fix()), relational operator helpers, structural equality, and
 * the structural properties that tests and callers check (levels of
 * measurement, unique symbols, invariants, simplified and normalized
 * forms).  Printing is in lib/expr-format.c. */

#include <config.h>

#include "expr.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Returns the name of 'level'. */
const char *
expr_level_to_string(enum expr_level level)
{
    switch (level) {
    case EXPR_L_NOMINAL:
        return "nominal";
    case EXPR_L_BOOLEAN:
        return "Boolean";
    case EXPR_L_ORDINAL:
        return "ordinal";
    }
    return "<unknown>";
}

/* Returns the operator text of 'relop', e.g. "==". */
const char *
expr_relop_to_string(enum expr_relop relop)
{
    switch (relop) {
    case EXPR_R_EQ:
        return "==";
    case EXPR_R_NE:
        return "!=";
    case EXPR_R_LT:
        return "<";
    case EXPR_R_LE:
        return "<=";
    case EXPR_R_GT:
        return ">";
    case EXPR_R_GE:
        return ">=";
    }
    return "<unknown>";
}

/* If 'type' is a relational operator token, stores the operator in
 * '*relop' (if nonnull) and returns true; otherwise returns false. */
bool
expr_relop_from_token(enum lex_type type, enum expr_relop *relop)
{
    static const struct {
        enum lex_type token;    /* Operator token. */
        enum expr_relop relop;  /* Corresponding operator. */
    } relops[] = {
        { LEX_T_EQ, EXPR_R_EQ },
        { LEX_T_NE, EXPR_R_NE },
        { LEX_T_LT, EXPR_R_LT },
        { LEX_T_LE, EXPR_R_LE },
        { LEX_T_GT, EXPR_R_GT },
        { LEX_T_GE, EXPR_R_GE },
    };

    for (size_t i = 0; i < ARRAY_SIZE(relops); i++) {
        if (relops[i].token == type) {
            if (relop) {
                *relop = relops[i].relop;
            }
            return true;
        }
    }
    return false;
}

/* Returns the operator that holds exactly when 'relop' does not. */
enum expr_relop
expr_relop_invert(enum expr_relop relop)
{
    switch (relop) {
    case EXPR_R_EQ:
        return EXPR_R_NE;
    case EXPR_R_NE:
        return EXPR_R_EQ;
    case EXPR_R_LT:
        return EXPR_R_GE;
    case EXPR_R_LE:
        return EXPR_R_GT;
    case EXPR_R_GT:
        return EXPR_R_LE;
    case EXPR_R_GE:
        return EXPR_R_LT;
    }
    OVS_NOT_REACHED();
}

/* Returns the operator to use when the operands of 'relop' swap sides:
 * "a < b" is "b > a". */
enum expr_relop
expr_relop_turn(enum expr_relop relop)
{
    switch (relop) {
    case EXPR_R_EQ:
    case EXPR_R_NE:
        return relop;
    case EXPR_R_LT:
        return EXPR_R_GT;
    case EXPR_R_LE:
        return EXPR_R_GE;
    case EXPR_R_GT:
        return EXPR_R_LT;
    case EXPR_R_GE:
        return EXPR_R_LE;
    }
    OVS_NOT_REACHED();
}

/* Returns a new Boolean constant node. */
struct expr *
expr_create_boolean(bool b)
{
    struct expr *e = xzalloc(sizeof *e);
    e->type = EXPR_T_BOOLEAN;
    e->boolean = b;
    return e;
}

/* Returns a new, empty EXPR_T_AND or EXPR_T_OR node. */
struct expr *
expr_create_andor(enum expr_type type)
{
    ovs_assert(type == EXPR_T_AND || type == EXPR_T_OR);
    struct expr *e = xzalloc(sizeof *e);
    e->type = type;
    ovs_list_init(&e->andor);
    return e;
}

/* Inserts 'new' into 'andor' just before its child 'before' (at the end
 * if 'before' is NULL).  If 'new' has the same type as 'andor', its
 * children are inserted instead, so that ANDs never directly contain ANDs
 * nor ORs ORs. */
void
expr_insert_andor(struct expr *andor, struct expr *before, struct expr *new)
{
    struct ovs_list *pos = before ? &before->node : &andor->andor;

    if (new->type == andor->type) {
        ovs_list_splice(pos, ovs_list_front(&new->andor), &new->andor);
        free(new->as_name);
        free(new);
    } else {
        ovs_list_insert(pos, &new->node);
    }
}

/* Returns 'a' and 'b' joined with 'type' (EXPR_T_AND or EXPR_T_OR),
 * reusing their nodes.  Either may be NULL, in which case the other is
 * returned. */
struct expr *
expr_combine(enum expr_type type, struct expr *a, struct expr *b)
{
    if (!a) {
        return b;
    } else if (!b) {
        return a;
    } else if (a->type == type) {
        expr_insert_andor(a, NULL, b);
        return a;
    } else if (b->type == type) {
        expr_insert_andor(b, expr_from_node(ovs_list_front(&b->andor)), a);
        return b;
    } else {
        struct expr *e = expr_create_andor(type);
        ovs_list_push_back(&e->andor, &a->node);
        ovs_list_push_back(&e->andor, &b->node);
        return e;
    }
}

/* Returns a deep copy of 'e'. */
struct expr *
expr_clone(const struct expr *e)
{
    struct expr *new = xmemdup(e, sizeof *e);
    new->as_name = nullable_xstrdup(e->as_name);

    switch (e->type) {
    case EXPR_T_CMP:
        if (!e->cmp.symbol->width) {
            new->cmp.string = xstrdup(e->cmp.string);
        }
        break;

    case EXPR_T_AND:
    case EXPR_T_OR: {
        ovs_list_init(&new->andor);
        const struct expr *sub;
        LIST_FOR_EACH (sub, node, &e->andor) {
            struct expr *new_sub = expr_clone(sub);
            ovs_list_push_back(&new->andor, &new_sub->node);
        }
        break;
    }

    case EXPR_T_BOOLEAN:
        break;

    case EXPR_T_CONDITION:
        new->cond.string = xstrdup(e->cond.string);
        break;
    }
    return new;
}

/* Frees 'e' and everything under it.  'e' may be NULL. */
void
expr_destroy(struct expr *e)
{
    if (!e) {
        return;
    }

    switch (e->type) {
    case EXPR_T_CMP:
        if (!e->cmp.symbol->width) {
            free(e->cmp.string);
        }
        break;

    case EXPR_T_AND:
    case EXPR_T_OR: {
        struct expr *sub;
        LIST_FOR_EACH_POP (sub, node, &e->andor) {
            expr_destroy(sub);
        }
        break;
    }

    case EXPR_T_BOOLEAN:
        break;

    case EXPR_T_CONDITION:
        free(e->cond.string);
        break;
    }
    free(e->as_name);
    free(e);
}

/* Negates 'e' in place, pushing the negation down to the leaves (De
 * Morgan's laws), so that trees never need a NOT node. */
void
expr_not(struct expr *e)
{
    switch (e->type) {
    case EXPR_T_CMP:
        e->cmp.relop = expr_relop_invert(e->cmp.relop);
        break;

    case EXPR_T_AND:
    case EXPR_T_OR: {
        struct expr *sub;
        LIST_FOR_EACH (sub, node, &e->andor) {
            expr_not(sub);
        }
        e->type = e->type == EXPR_T_AND ? EXPR_T_OR : EXPR_T_AND;
        break;
    }

    case EXPR_T_BOOLEAN:
        e->boolean = !e->boolean;
        break;

    case EXPR_T_CONDITION:
        e->cond.not = !e->cond.not;
        break;
    }
}

/* Removes Boolean children of 'e', an AND or OR: a child that decides the
 * result ("false" in an AND, "true" in an OR) replaces 'e' entirely, the
 * other value is dropped.  An AND or OR left with one child becomes that
 * child, with none a Boolean.  Returns the result. */
static struct expr *
fix_andor(struct expr *e)
{
    bool decisive = e->type == EXPR_T_OR;
    struct expr *sub;

    LIST_FOR_EACH_SAFE (sub, node, &e->andor) {
        if (sub->type == EXPR_T_BOOLEAN) {
            if (sub->boolean == decisive) {
                expr_destroy(e);
                return expr_create_boolean(decisive);
            }
            ovs_list_remove(&sub->node);
            expr_destroy(sub);
        }
    }

    if (ovs_list_is_empty(&e->andor)) {
        expr_destroy(e);
        return expr_create_boolean(!decisive);
    } else if (ovs_list_is_short(&e->andor)) {
        sub = expr_from_node(ovs_list_pop_front(&e->andor));
        if (e->as_name && !sub->as_name) {
            sub->as_name = e->as_name;
            e->as_name = NULL;
        }
        expr_destroy(e);
        return sub;
    }
    return e;
}

/* Applies fix_andor() to 'e' if it is an AND or OR.  Returns the result. */
struct expr *
expr_fix(struct expr *e)
{
    return (e->type == EXPR_T_AND || e->type == EXPR_T_OR
            ? fix_andor(e) : e);
}

/* Returns true if 'a' and 'b' are structurally identical. */
bool
expr_equal(const struct expr *a, const struct expr *b)
{
    if (a->type != b->type) {
        return false;
    }

    switch (a->type) {
    case EXPR_T_CMP:
        if (a->cmp.symbol != b->cmp.symbol
            || a->cmp.relop != b->cmp.relop) {
            return false;
        }
        return (a->cmp.symbol->width
                ? (!memcmp(&a->cmp.value, &b->cmp.value,
                           sizeof a->cmp.value)
                   && !memcmp(&a->cmp.mask, &b->cmp.mask,
                              sizeof a->cmp.mask))
                : !strcmp(a->cmp.string, b->cmp.string));

    case EXPR_T_AND:
    case EXPR_T_OR: {
        if (ovs_list_size(&a->andor) != ovs_list_size(&b->andor)) {
            return false;
        }
        const struct ovs_list *bn = ovs_list_front(&b->andor);
        const struct expr *sub;
        LIST_FOR_EACH (sub, node, &a->andor) {
            if (!expr_equal(sub, expr_from_node(bn))) {
                return false;
            }
            bn = bn->next;
        }
        return true;
    }

    case EXPR_T_BOOLEAN:
        return a->boolean == b->boolean;

    case EXPR_T_CONDITION:
        return (a->cond.type == b->cond.type
                && a->cond.not == b->cond.not
                && !strcmp(a->cond.string, b->cond.string));
    }
    OVS_NOT_REACHED();
}

/* Returns the level of measurement of 'e', as the predicate it might
 * define: nominal if it tests any nominal symbol, otherwise Boolean. */
enum expr_level
expr_get_level(const struct expr *e)
{
    switch (e->type) {
    case EXPR_T_CMP:
        return (e->cmp.symbol->level == EXPR_L_NOMINAL
                ? EXPR_L_NOMINAL : EXPR_L_BOOLEAN);

    case EXPR_T_AND:
    case EXPR_T_OR: {
        enum expr_level level = EXPR_L_BOOLEAN;
        const struct expr *sub;
        LIST_FOR_EACH (sub, node, &e->andor) {
            enum expr_level sub_level = expr_get_level(sub);
            level = MIN(level, sub_level);
        }
        return level;
    }

    case EXPR_T_BOOLEAN:
    case EXPR_T_CONDITION:
        return EXPR_L_BOOLEAN;
    }
    OVS_NOT_REACHED();
}

/* If every comparison in 'e' (a comparison, or ANDs and ORs of nothing
 * but comparisons) tests the same symbol, returns it; otherwise NULL. */
const struct expr_symbol *
expr_get_unique_symbol(const struct expr *e)
{
    switch (e->type) {
    case EXPR_T_CMP:
        return e->cmp.symbol;

    case EXPR_T_AND:
    case EXPR_T_OR: {
        const struct expr_symbol *symbol = NULL;
        const struct expr *sub;
        LIST_FOR_EACH (sub, node, &e->andor) {
            const struct expr_symbol *sub_symbol
                = expr_get_unique_symbol(sub);
            if (!sub_symbol || (symbol && symbol != sub_symbol)) {
                return NULL;
            }
            symbol = sub_symbol;
        }
        return symbol;
    }

    case EXPR_T_BOOLEAN:
    case EXPR_T_CONDITION:
        return NULL;
    }
    OVS_NOT_REACHED();
}

/* Returns true if the 1-bits of 'mask' form one contiguous run. */
static bool
mask_is_contiguous(const union mf_subvalue *mask, int width)
{
    int low = bitwise_scan(mask, sizeof *mask, true, 0, width);
    if (low >= width) {
        return false;
    }
    int end = bitwise_scan(mask, sizeof *mask, false, low, width);
    return bitwise_scan(mask, sizeof *mask, true, end, width) >= width;
}

/* Returns true if comparison 'e' is well formed. */
static bool
cmp_honors_invariants(const struct expr *e)
{
    const struct expr_symbol *symbol = e->cmp.symbol;

    if (!symbol->width) {
        return e->cmp.relop == EXPR_R_EQ || e->cmp.relop == EXPR_R_NE;
    }

    /* No bits beyond the symbol's width, and no value bits outside the
     * mask. */
    int width = symbol->width;
    if (bitwise_scan(&e->cmp.mask, sizeof e->cmp.mask, true, width,
                     8 * sizeof e->cmp.mask) < 8 * sizeof e->cmp.mask) {
        return false;
    }
    for (size_t i = 0; i < ARRAY_SIZE(e->cmp.value.be64); i++) {
        if (e->cmp.value.be64[i] & ~e->cmp.mask.be64[i]) {
            return false;
        }
    }
    if (e->cmp.relop != EXPR_R_EQ && e->cmp.relop != EXPR_R_NE) {
        return (symbol->level == EXPR_L_ORDINAL
                && mask_is_contiguous(&e->cmp.mask, width));
    }
    return true;
}

/* Returns true if 'e' obeys the structural rules that every stage relies
 * on: comparisons are well formed, ANDs and ORs have at least two
 * children none of which has the parent's own type. */
bool
expr_honors_invariants(const struct expr *e)
{
    switch (e->type) {
    case EXPR_T_CMP:
        return cmp_honors_invariants(e);

    case EXPR_T_AND:
    case EXPR_T_OR: {
        if (ovs_list_is_short(&e->andor)) {
            return false;
        }
        const struct expr *sub;
        LIST_FOR_EACH (sub, node, &e->andor) {
            if (sub->type == e->type || !expr_honors_invariants(sub)) {
                return false;
            }
        }
        return true;
    }

    case EXPR_T_BOOLEAN:
    case EXPR_T_CONDITION:
        return true;
    }
    OVS_NOT_REACHED();
}

/* Returns true if every comparison in 'e' is an equality test on a field
 * (no subfields, predicates, or other operators remain). */
bool
expr_is_simplified(const struct expr *e)
{
    switch (e->type) {
    case EXPR_T_CMP:
        return (e->cmp.relop == EXPR_R_EQ
                && !e->cmp.symbol->parent
                && !e->cmp.symbol->predicate);

    case EXPR_T_AND:
    case EXPR_T_OR: {
        const struct expr *sub;
        LIST_FOR_EACH (sub, node, &e->andor) {
            if (!expr_is_simplified(sub)) {
                return false;
            }
        }
        return true;
    }

    case EXPR_T_BOOLEAN:
    case EXPR_T_CONDITION:
        return true;
    }
    OVS_NOT_REACHED();
}

/* Returns true if 'e' is a conjunction in normal form: comparisons (or
 * conditions) and ORs of comparisons on one symbol. */
static bool
is_normalized_and(const struct expr *e)
{
    const struct expr *sub;
    LIST_FOR_EACH (sub, node, &e->andor) {
        if (sub->type == EXPR_T_OR) {
            const struct expr_symbol *symbol = expr_get_unique_symbol(sub);
            if (!symbol || symbol->must_crossproduct) {
                return false;
            }
            const struct expr *cmp;
            LIST_FOR_EACH (cmp, node, &sub->andor) {
                if (cmp->type != EXPR_T_CMP) {
                    return false;
                }
            }
        } else if (sub->type != EXPR_T_CMP
                   && sub->type != EXPR_T_CONDITION) {
            return false;
        }
    }
    return true;
}

/* Returns true if 'e' is in the disjunctive normal form that
 * expr_normalize() produces and expr_to_matches() accepts. */
bool
expr_is_normalized(const struct expr *e)
{
    if (!expr_is_simplified(e) || !expr_honors_invariants(e)) {
        return false;
    }

    switch (e->type) {
    case EXPR_T_CMP:
    case EXPR_T_BOOLEAN:
    case EXPR_T_CONDITION:
        return true;

    case EXPR_T_AND:
        return is_normalized_and(e);

    case EXPR_T_OR: {
        if (expr_get_unique_symbol(e)) {
            return true;
        }
        const struct expr *sub;
        LIST_FOR_EACH (sub, node, &e->andor) {
            if (sub->type == EXPR_T_AND) {
                if (!is_normalized_and(sub)) {
                    return false;
                }
            } else if (sub->type != EXPR_T_CMP
                       && sub->type != EXPR_T_CONDITION) {
                return false;
            }
        }
        return true;
    }
    }
    OVS_NOT_REACHED();
}
