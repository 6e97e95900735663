/* expr-format.c: printing expressions back in the match language.
 *
 * This module owns the text form of expression trees: comparisons in the
 * most natural notation for their symbol (addresses, CIDR prefixes,
 * subfield ranges, bare names for single bits), sets for ORs of equality
 * tests on one symbol, and parentheses around nested ANDs and ORs.  The
 * output parses back to an equivalent expression. */

#include <config.h>

#include "expr.h"

#include <string.h>

#include "byte-order.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/json.h"
#include "util.h"

/* Returns the notation in which values of 'symbol' read most naturally. */
static enum lex_format
symbol_format(const struct expr_symbol *symbol)
{
    if (!symbol->field || symbol->parent) {
        return LEX_F_DECIMAL;
    }
    switch (symbol->field->string) {
    case MFS_DECIMAL:
    case MFS_FRAG:
        return LEX_F_DECIMAL;
    case MFS_IPV4:
        return LEX_F_IPV4;
    case MFS_IPV6:
        return LEX_F_IPV6;
    case MFS_ETHERNET:
        return symbol->width == 48 ? LEX_F_ETHERNET : LEX_F_HEXADECIMAL;
    case MFS_HEXADECIMAL:
    case MFS_CT_STATE:
    case MFS_OFP_PORT:
    case MFS_OFP_PORT_OXM:
    case MFS_TCP_FLAGS:
    case MFS_TNL_FLAGS:
    case MFS_PACKET_TYPE:
        return LEX_F_HEXADECIMAL;
    }
    return LEX_F_HEXADECIMAL;
}

/* Finds the lowest and highest 1-bits of 'mask' within 'width' bits.
 * Returns true if the 1-bits between them are all set, false if the mask
 * has holes or no bits. */
static bool
find_mask_range(const union mf_subvalue *mask, int width, int *low,
                int *high)
{
    *low = bitwise_scan(mask, sizeof *mask, true, 0, width);
    if (*low >= width) {
        return false;
    }
    *high = bitwise_rscan(mask, sizeof *mask, true, width - 1, -1);
    return (bitwise_scan(mask, sizeof *mask, false, *low, *high + 1)
            > *high);
}

/* Appends 'value' (shifted to bit 0) as a subfield value: decimal when
 * small or for decimal fields, otherwise hexadecimal. */
static void
format_subfield_value(const union mf_subvalue *value, enum lex_format format,
                      struct ds *s)
{
    bool fits_64 = is_all_zeros(value->u8, sizeof value->u8 - 8);
    if (fits_64 && (format == LEX_F_DECIMAL
                    || ntohll(value->integer) < 10)) {
        lex_value_format(value, LEX_F_DECIMAL, s);
    } else {
        lex_value_format(value, LEX_F_HEXADECIMAL, s);
    }
}

/* Formats numeric comparison 'e' as the left side "name[lo..hi]" in
 * 'lhs' and the constant in 'rhs'.  Returns false, leaving both empty,
 * if 'e' tests a single bit for equality, which reads best as a bare
 * (possibly negated) name. */
static bool
format_numeric_parts(const struct expr *e, struct ds *lhs, struct ds *rhs)
{
    const struct expr_symbol *symbol = e->cmp.symbol;
    const union mf_subvalue *value = &e->cmp.value;
    const union mf_subvalue *mask = &e->cmp.mask;
    int width = symbol->width;
    enum lex_format format = symbol_format(symbol);
    int low, high;

    bool contiguous = find_mask_range(mask, width, &low, &high);
    if (contiguous && low == high
        && (e->cmp.relop == EXPR_R_EQ || e->cmp.relop == EXPR_R_NE)) {
        return false;
    }

    ds_put_cstr(lhs, symbol->name);
    if (!contiguous) {
        lex_masked_value_format(value, mask,
                                format == LEX_F_DECIMAL
                                ? LEX_F_HEXADECIMAL : format, rhs);
    } else if (low == 0 && high == width - 1) {
        lex_value_format(value, format, rhs);
    } else if ((format == LEX_F_IPV4 || format == LEX_F_IPV6)
               && high == width - 1) {
        /* A CIDR prefix. */
        lex_masked_value_format(value, mask, format, rhs);
    } else {
        if (low == high) {
            ds_put_format(lhs, "[%d]", low);
        } else {
            ds_put_format(lhs, "[%d..%d]", low, high);
        }
        union mf_subvalue shifted = *value;
        mf_subvalue_shift(&shifted, -low);
        format_subfield_value(&shifted, format, rhs);
    }
    return true;
}

/* Formats comparison 'e' into 'lhs' and 'rhs' as format_numeric_parts()
 * does, handling string symbols too. */
static bool
format_cmp_parts(const struct expr *e, struct ds *lhs, struct ds *rhs)
{
    if (!e->cmp.symbol->width) {
        ds_put_cstr(lhs, e->cmp.symbol->name);
        json_string_escape(e->cmp.string, rhs);
        return true;
    }
    return format_numeric_parts(e, lhs, rhs);
}

/* Appends comparison 'e' to 's'. */
static void
format_cmp(const struct expr *e, struct ds *s)
{
    struct ds lhs = DS_EMPTY_INITIALIZER;
    struct ds rhs = DS_EMPTY_INITIALIZER;

    if (format_cmp_parts(e, &lhs, &rhs)) {
        ds_put_format(s, "%s %s %s", ds_cstr(&lhs),
                      expr_relop_to_string(e->cmp.relop), ds_cstr(&rhs));
    } else {
        /* A single bit tested for equality. */
        const struct expr_symbol *symbol = e->cmp.symbol;
        int bit = bitwise_scan(&e->cmp.mask, sizeof e->cmp.mask, true, 0,
                               symbol->width);
        bool set = bitwise_get_bit(&e->cmp.value, sizeof e->cmp.value, bit);
        bool positive = set == (e->cmp.relop == EXPR_R_EQ);
        ds_put_format(s, "%s%s", positive ? "" : "!", symbol->name);
        if (symbol->width > 1) {
            ds_put_format(s, "[%d]", bit);
        }
    }
    ds_destroy(&lhs);
    ds_destroy(&rhs);
}

/* If the children of 'e' (an AND or OR) all compare the same left side
 * with the operator that makes a set ("==" in an OR, "!=" in an AND),
 * appends them to 's' as "lhs op {v1, v2, ...}" and returns true. */
static bool
format_as_set(const struct expr *e, struct ds *s)
{
    enum expr_relop relop = e->type == EXPR_T_OR ? EXPR_R_EQ : EXPR_R_NE;
    struct ds first_lhs = DS_EMPTY_INITIALIZER;
    struct ds values = DS_EMPTY_INITIALIZER;
    bool ok = true;
    const struct expr *sub;

    LIST_FOR_EACH (sub, node, &e->andor) {
        struct ds lhs = DS_EMPTY_INITIALIZER;
        struct ds rhs = DS_EMPTY_INITIALIZER;

        ok = (sub->type == EXPR_T_CMP && sub->cmp.relop == relop
              && format_cmp_parts(sub, &lhs, &rhs)
              && (!first_lhs.length
                  || !strcmp(ds_cstr(&lhs), ds_cstr(&first_lhs))));
        if (ok) {
            if (!first_lhs.length) {
                ds_put_cstr(&first_lhs, ds_cstr(&lhs));
            } else {
                ds_put_cstr(&values, ", ");
            }
            ds_put_cstr(&values, ds_cstr(&rhs));
        }
        ds_destroy(&lhs);
        ds_destroy(&rhs);
        if (!ok) {
            break;
        }
    }

    if (ok) {
        ds_put_format(s, "%s %s {%s}", ds_cstr(&first_lhs),
                      expr_relop_to_string(relop), ds_cstr(&values));
    }
    ds_destroy(&first_lhs);
    ds_destroy(&values);
    return ok;
}

/* Appends AND or OR 'e' to 's', as a set if it is one. */
static void
format_andor(const struct expr *e, struct ds *s)
{
    if (format_as_set(e, s)) {
        return;
    }

    const char *op = e->type == EXPR_T_AND ? " && " : " || ";
    const struct expr *sub;
    bool first = true;
    LIST_FOR_EACH (sub, node, &e->andor) {
        if (!first) {
            ds_put_cstr(s, op);
        }
        first = false;

        if ((sub->type == EXPR_T_AND || sub->type == EXPR_T_OR)
            && !format_as_set(sub, s)) {
            /* A nested AND or OR needs parentheses, but a set reads as a
             * single comparison. */
            ds_put_char(s, '(');
            format_andor(sub, s);
            ds_put_char(s, ')');
        } else if (sub->type != EXPR_T_AND && sub->type != EXPR_T_OR) {
            expr_format(sub, s);
        }
    }
}

/* Appends 'e', in the match language, to 's'. */
void
expr_format(const struct expr *e, struct ds *s)
{
    switch (e->type) {
    case EXPR_T_CMP:
        format_cmp(e, s);
        break;

    case EXPR_T_AND:
    case EXPR_T_OR:
        format_andor(e, s);
        break;

    case EXPR_T_BOOLEAN:
        ds_put_char(s, e->boolean ? '1' : '0');
        break;

    case EXPR_T_CONDITION:
        ds_put_format(s, "%sis_chassis_resident(", e->cond.not ? "!" : "");
        json_string_escape(e->cond.string, s);
        ds_put_char(s, ')');
        break;
    }
}

/* Prints 'e' on stdout, followed by a new-line. */
void
expr_print(const struct expr *e)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    expr_format(e, &s);
    puts(ds_cstr(&s));
    ds_destroy(&s);
}
