/* expr-constant.c: constants, constant sets, and named sets of them.
 *
 * This module owns the printing, sizing and freeing of "struct
 * expr_constant" and "struct expr_constant_set" (their parsing is part of
 * the grammar, in lib/expr-parse.c), and the maps of named sets that
 * callers build from the southbound Address_Set and Port_Group tables for
 * "$name" and "@name" references. */

#include <config.h>

#include "expr.h"

#include <stdlib.h>
#include <string.h>

#include "openvswitch/dynamic-string.h"
#include "openvswitch/json.h"
#include "openvswitch/shash.h"
#include "openvswitch/vlog.h"
#include "sset.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(expr);

/* Appends 'c', of type 'type', to 's' in the syntax it was written in. */
void
expr_constant_format(const struct expr_constant *c,
                     enum expr_constant_type type, struct ds *s)
{
    if (type == EXPR_C_STRING) {
        json_string_escape(c->string, s);
    } else if (c->masked) {
        lex_masked_value_format(&c->value, &c->mask, c->format, s);
    } else {
        lex_value_format(&c->value, c->format, s);
    }
}

/* Frees the data owned by 'c', of type 'type' (but not 'c' itself). */
void
expr_constant_destroy(const struct expr_constant *c,
                      enum expr_constant_type type)
{
    if (c && type == EXPR_C_STRING) {
        free(c->string);
    }
}

/* Returns the number of bits that constant 'c' needs: the width of its
 * mask if masked, the natural width of an address, otherwise the position
 * of its highest 1-bit. */
int
expr_constant_width(const struct expr_constant *c)
{
    if (c->masked) {
        return mf_subvalue_width(&c->mask);
    }

    switch (c->format) {
    case LEX_F_IPV4:
        return 32;
    case LEX_F_IPV6:
        return 128;
    case LEX_F_ETHERNET:
        return 48;
    case LEX_F_DECIMAL:
    case LEX_F_HEXADECIMAL:
        return mf_subvalue_width(&c->value);
    }
    OVS_NOT_REACHED();
}

/* Appends 'cs' to 's': a lone constant as itself, otherwise in { }. */
void
expr_constant_set_format(const struct expr_constant_set *cs, struct ds *s)
{
    bool curlies = cs->in_curlies || cs->n_values != 1;
    if (curlies) {
        ds_put_char(s, '{');
    }
    for (size_t i = 0; i < cs->n_values; i++) {
        if (i) {
            ds_put_cstr(s, ", ");
        }
        expr_constant_format(&cs->values[i], cs->type, s);
    }
    if (curlies) {
        ds_put_char(s, '}');
    }
}

/* Frees the data owned by 'cs' (but not 'cs' itself).  'cs' may be
 * NULL. */
void
expr_constant_set_destroy(struct expr_constant_set *cs)
{
    if (!cs) {
        return;
    }
    for (size_t i = 0; i < cs->n_values; i++) {
        expr_constant_destroy(&cs->values[i], cs->type);
    }
    free(cs->values);
    cs->values = NULL;
    cs->n_values = 0;
}

/* Adds to 'const_sets' the set 'name' of integers parsed from 'values'
 * (addresses, with or without masks), replacing any set of that name.
 * Values that are not a single integer token are logged and skipped. */
void
expr_const_sets_add_integers(struct shash *const_sets, const char *name,
                             const char *const *values, size_t n_values)
{
    expr_const_sets_remove(const_sets, name);

    struct expr_constant_set *cs = xzalloc(sizeof *cs);
    cs->type = EXPR_C_INTEGER;
    cs->in_curlies = true;
    cs->values = xcalloc(MAX(n_values, 1), sizeof *cs->values);
    for (size_t i = 0; i < n_values; i++) {
        struct lexer lexer;
        lexer_init(&lexer, values[i]);
        lexer_get(&lexer);

        const struct lex_token *token = &lexer.token;
        if (token->type != LEX_T_INTEGER
            && token->type != LEX_T_MASKED_INTEGER) {
            VLOG_WARN("Invalid constant set entry: '%s', token type: %d",
                      values[i], token->type);
        } else {
            struct expr_constant *c = &cs->values[cs->n_values++];
            c->value = token->value;
            c->format = token->format;
            c->masked = token->type == LEX_T_MASKED_INTEGER;
            if (c->masked) {
                c->mask = token->mask;
            }
        }
        lexer_destroy(&lexer);
    }
    shash_add(const_sets, name, cs);
}

/* Adds to 'const_sets' the set 'name' of the strings in 'values' that are
 * in 'filter' (all of them if 'filter' is NULL), replacing any set of
 * that name. */
void
expr_const_sets_add_strings(struct shash *const_sets, const char *name,
                            const char *const *values, size_t n_values,
                            const struct sset *filter)
{
    expr_const_sets_remove(const_sets, name);

    struct expr_constant_set *cs = xzalloc(sizeof *cs);
    cs->type = EXPR_C_STRING;
    cs->in_curlies = true;
    cs->values = xcalloc(MAX(n_values, 1), sizeof *cs->values);
    for (size_t i = 0; i < n_values; i++) {
        if (!filter || sset_contains(filter, values[i])) {
            cs->values[cs->n_values++].string = xstrdup(values[i]);
        }
    }
    shash_add(const_sets, name, cs);
}

/* Removes and frees the set 'name' from 'const_sets', if present. */
void
expr_const_sets_remove(struct shash *const_sets, const char *name)
{
    struct expr_constant_set *cs = shash_find_and_delete(const_sets, name);
    if (cs) {
        expr_constant_set_destroy(cs);
        free(cs);
    }
}

/* Frees every set in 'const_sets' and the map itself. */
void
expr_const_sets_destroy(struct shash *const_sets)
{
    struct shash_node *node;

    SHASH_FOR_EACH_SAFE (node, const_sets) {
        struct expr_constant_set *cs = node->data;

        shash_delete(const_sets, node);
        expr_constant_set_destroy(cs);
        free(cs);
    }
    shash_destroy(const_sets);
}

/* Stores in 'sb_name' the name under which the southbound database keeps
 * port group 'name' for the datapath with tunnel key 'dp_key':
 * "<dp_key>_<name>", or 'name' itself when 'dp_key' is 0. */
void
expr_port_group_sb_name(const char *name, int64_t dp_key, struct ds *sb_name)
{
    if (dp_key) {
        ds_put_format(sb_name, "%"PRId64"_", dp_key);
    }
    ds_put_cstr(sb_name, name);
}
