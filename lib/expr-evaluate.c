/* expr-evaluate.c: evaluation of expressions against packets.
 *
 * This module owns the meaning of an expression for one concrete packet
 * ("struct flow"): the reference against which the exhaustive test checks
 * every transformation, and what tracing uses to tell whether a logical
 * flow matches. */

#include <config.h>

#include "expr.h"

#include <string.h>

#include "byte-order.h"
#include "flow.h"
#include "util.h"

/* Reads the value of 'symbol' (a field or subfield) from 'flow' into
 * 'value', right-justified. */
static void
read_symbol(const struct expr_symbol *symbol, const struct flow *flow,
            union mf_subvalue *value)
{
    int ofs = 0;
    while (symbol->parent) {
        ofs += symbol->parent_ofs;
        symbol = symbol->parent;
    }

    union mf_value field_value;
    const struct mf_field *field = symbol->field;
    mf_get_value(field, flow, &field_value);

    union mf_subvalue whole;
    memset(&whole, 0, sizeof whole);
    bitwise_copy(&field_value, field->n_bytes, 0, &whole, sizeof whole, 0,
                 field->n_bits);
    mf_subvalue_shift(&whole, -ofs);
    *value = whole;
}

/* Evaluates numeric comparison 'e' for 'flow'. */
static bool
evaluate_numeric_cmp(const struct expr *e, const struct flow *flow)
{
    union mf_subvalue field, expected;
    read_symbol(e->cmp.symbol, flow, &field);

    /* Keep only the tested bits of both sides, then compare them as
     * unsigned big-endian numbers.  Ordering tests have contiguous masks,
     * so that compares the subfield they name. */
    expected = e->cmp.value;
    for (size_t i = 0; i < ARRAY_SIZE(field.be64); i++) {
        field.be64[i] &= e->cmp.mask.be64[i];
        expected.be64[i] &= e->cmp.mask.be64[i];
    }
    int d = memcmp(&field, &expected, sizeof field);

    switch (e->cmp.relop) {
    case EXPR_R_EQ:
        return d == 0;
    case EXPR_R_NE:
        return d != 0;
    case EXPR_R_LT:
        return d < 0;
    case EXPR_R_LE:
        return d <= 0;
    case EXPR_R_GT:
        return d > 0;
    case EXPR_R_GE:
        return d >= 0;
    }
    OVS_NOT_REACHED();
}

/* Evaluates string comparison 'e' for 'flow': the port that the string
 * names must have the key that the field holds. */
static bool
evaluate_string_cmp(const struct expr *e, const struct flow *flow,
                    bool (*lookup_port)(const void *aux,
                                        const char *port_name,
                                        unsigned int *portp),
                    const void *aux)
{
    unsigned int port;
    bool equal = false;

    if (lookup_port && lookup_port(aux, e->cmp.string, &port)) {
        union mf_value value;
        mf_get_value(e->cmp.symbol->field, flow, &value);

        union mf_subvalue field, key;
        memset(&field, 0, sizeof field);
        memset(&key, 0, sizeof key);
        bitwise_copy(&value, e->cmp.symbol->field->n_bytes, 0,
                     &field, sizeof field, 0, e->cmp.symbol->field->n_bits);
        key.integer = htonll(port);
        equal = !memcmp(&field, &key, sizeof field);
    }
    return (e->cmp.relop == EXPR_R_EQ) == equal;
}

/* Returns the value of 'e' for the packet 'uflow'.  'e' must have no
 * predicates (annotate it first); conditions must have been evaluated
 * (an unevaluated one counts as false).  Port names are resolved with
 * 'lookup_port' and 'aux'. */
bool
expr_evaluate(const struct expr *e, const struct flow *uflow,
              bool (*lookup_port)(const void *aux, const char *port_name,
                                  unsigned int *portp),
              const void *aux)
{
    switch (e->type) {
    case EXPR_T_CMP:
        ovs_assert(!e->cmp.symbol->predicate);
        return (e->cmp.symbol->width
                ? evaluate_numeric_cmp(e, uflow)
                : evaluate_string_cmp(e, uflow, lookup_port, aux));

    case EXPR_T_AND:
    case EXPR_T_OR: {
        bool decisive = e->type == EXPR_T_OR;
        const struct expr *sub;
        LIST_FOR_EACH (sub, node, &e->andor) {
            if (expr_evaluate(sub, uflow, lookup_port, aux) == decisive) {
                return decisive;
            }
        }
        return !decisive;
    }

    case EXPR_T_BOOLEAN:
        return e->boolean;

    case EXPR_T_CONDITION:
        return false;
    }
    OVS_NOT_REACHED();
}
