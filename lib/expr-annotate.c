/* expr-annotate.c: expansion of symbols and evaluation of conditions.
 *
 * This module owns the step from what a match says to what it means in
 * terms of real fields: subfields become masked comparisons of their
 * parent fields, predicates become their (possibly negated) expansions,
 * and every symbol's prerequisites are ANDed in.  It also replaces
 * is_chassis_resident() conditions by their value on this chassis. */

#include <config.h>

#include "expr.h"

#include <stdlib.h>

#include "byte-order.h"
#include "openvswitch/list.h"
#include "util.h"

/* The symbols being expanded, innermost last, to catch symbols whose
 * expansion refers back to themselves. */
struct expansion_stack {
    const struct expr_symbol **symbols; /* The symbols. */
    size_t n;                           /* Number of 'symbols'. */
    size_t allocated;                   /* Capacity of 'symbols'. */
};

static struct expr *annotate(struct expr *, const struct shash *symtab,
                             struct expansion_stack *, char **errorp);

/* Parses and annotates 'text' (a predicate expansion or prerequisite). */
static struct expr *
parse_and_annotate(const char *text, const struct shash *symtab,
                   struct expansion_stack *stack, char **errorp)
{
    struct expr *e = expr_parse_string(text, symtab, NULL, NULL, NULL, NULL,
                                       0, errorp);
    return e ? annotate(e, symtab, stack, errorp) : NULL;
}

/* Annotates comparison 'e'.  If 'prereqsp' is nonnull, the
 * prerequisites of its symbol (and of the fields that symbol is part of)
 * are ANDed into '*prereqsp' instead of into the result. */
static struct expr *
annotate_cmp(struct expr *e, const struct shash *symtab,
             struct expansion_stack *stack, struct expr **prereqsp,
             char **errorp)
{
    const struct expr_symbol *symbol = e->cmp.symbol;

    for (size_t i = 0; i < stack->n; i++) {
        if (stack->symbols[i] == symbol) {
            *errorp = xasprintf("Recursive expansion of symbol `%s'.",
                                symbol->name);
            expr_destroy(e);
            return NULL;
        }
    }
    if (stack->n >= stack->allocated) {
        stack->symbols = x2nrealloc(stack->symbols, &stack->allocated,
                                    sizeof *stack->symbols);
    }
    stack->symbols[stack->n++] = symbol;

    struct expr *prereqs = NULL;
    if (symbol->prereqs) {
        prereqs = parse_and_annotate(symbol->prereqs, symtab, stack,
                                     errorp);
        if (!prereqs) {
            goto error;
        }
    }

    if (symbol->parent) {
        /* A subfield: test the same bits of the parent. */
        e->cmp.symbol = symbol->parent;
        mf_subvalue_shift(&e->cmp.value, symbol->parent_ofs);
        mf_subvalue_shift(&e->cmp.mask, symbol->parent_ofs);
        e = annotate_cmp(e, symtab, stack, prereqsp, errorp);
        if (!e) {
            goto error;
        }
    } else if (symbol->predicate) {
        struct expr *expansion = parse_and_annotate(symbol->predicate,
                                                    symtab, stack, errorp);
        if (!expansion) {
            goto error;
        }

        bool positive = (e->cmp.value.integer & htonll(1)) != 0;
        if (e->cmp.relop == EXPR_R_NE) {
            positive = !positive;
        }
        if (!positive) {
            expr_not(expansion);
        }
        expr_destroy(e);
        e = expansion;
    }

    stack->n--;
    *errorp = NULL;
    if (prereqsp) {
        *prereqsp = expr_combine(EXPR_T_AND, *prereqsp, prereqs);
        return e;
    }
    return prereqs ? expr_combine(EXPR_T_AND, e, prereqs) : e;

error:
    expr_destroy(e);
    expr_destroy(prereqs);
    stack->n--;
    return NULL;
}

/* Returns true if every child of 'e', an AND or OR, is a comparison of
 * one and the same symbol. */
static bool
compares_one_symbol(const struct expr *e)
{
    const struct expr *sub;
    LIST_FOR_EACH (sub, node, &e->andor) {
        if (sub->type != EXPR_T_CMP) {
            return false;
        }
    }
    return expr_get_unique_symbol(e) != NULL;
}

/* Annotates 'e' within the expansions in progress in 'stack'. */
static struct expr *
annotate(struct expr *e, const struct shash *symtab,
         struct expansion_stack *stack, char **errorp)
{
    switch (e->type) {
    case EXPR_T_CMP:
        return annotate_cmp(e, symtab, stack, NULL, errorp);

    case EXPR_T_AND:
    case EXPR_T_OR: {
        /* Comparisons of a single symbol (as in "tcp.dst == {80, 443}")
         * share their prerequisites: add them once, outside, so that the
         * set stays an OR of one symbol, which can become a conjunctive
         * match clause. */
        bool shared = compares_one_symbol(e);
        struct expr *prereqs = NULL;
        bool first = true;

        /* 'next' is NULL at the last child, which appends. */
        struct expr *sub, *next;
        LIST_FOR_EACH_SAFE (sub, next, node, &e->andor) {
            ovs_list_remove(&sub->node);

            struct expr *new;
            if (shared) {
                struct expr *sub_prereqs = NULL;
                new = annotate_cmp(sub, symtab, stack, &sub_prereqs, errorp);
                if (first) {
                    prereqs = sub_prereqs;
                } else {
                    expr_destroy(sub_prereqs);
                }
                first = false;
            } else {
                new = annotate(sub, symtab, stack, errorp);
            }
            if (!new) {
                expr_destroy(e);
                expr_destroy(prereqs);
                return NULL;
            }
            expr_insert_andor(e, next, new);
        }
        *errorp = NULL;
        return prereqs ? expr_combine(EXPR_T_AND, e, prereqs) : e;
    }

    case EXPR_T_BOOLEAN:
    case EXPR_T_CONDITION:
        *errorp = NULL;
        return e;
    }
    OVS_NOT_REACHED();
}

/* Expands subfields and predicates in 'e' and adds the prerequisites of
 * every symbol, so that only comparisons of fields remain.  Takes
 * ownership of 'e'.  Returns the annotated expression, or NULL after
 * storing an error message (for the caller to free) in '*errorp'. */
struct expr *
expr_annotate(struct expr *e, const struct shash *symtab, char **errorp)
{
    struct expansion_stack stack = { .symbols = NULL };
    struct expr *result = annotate(e, symtab, &stack, errorp);
    free(stack.symbols);
    return result;
}

/* Replaces each condition in 'e' by its value, as 'is_chassis_resident'
 * reports it for 'c_aux', and removes the Boolean constants that result.
 * Takes ownership of 'e' and returns the result. */
struct expr *
expr_evaluate_condition(struct expr *e,
                        bool (*is_chassis_resident)(const void *c_aux,
                                                    const char *port_name),
                        const void *c_aux)
{
    switch (e->type) {
    case EXPR_T_CMP:
    case EXPR_T_BOOLEAN:
        return e;

    case EXPR_T_AND:
    case EXPR_T_OR: {
        struct expr *sub, *next;
        LIST_FOR_EACH_SAFE (sub, next, node, &e->andor) {
            ovs_list_remove(&sub->node);
            struct expr *new = expr_evaluate_condition(sub,
                                                       is_chassis_resident,
                                                       c_aux);
            expr_insert_andor(e, next, new);
        }
        return expr_fix(e);
    }

    case EXPR_T_CONDITION: {
        bool result = (is_chassis_resident
                       && is_chassis_resident(c_aux, e->cond.string));
        result ^= e->cond.not;
        expr_destroy(e);
        return expr_create_boolean(result);
    }
    }
    OVS_NOT_REACHED();
}
