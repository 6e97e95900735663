/* expr-symtab.c: symbol tables and field references.
 *
 * This module owns "struct expr_symbol": how fields, subfields, string
 * fields, predicates and OVN fields are added to a symbol table, and the
 * "name[low..high]" field-reference syntax with its checks, which the
 * match parser and the action parser share (expr_field_parse(),
 * expr_type_check(), expr_resolve_field()). */

#include <config.h>

#include "expr.h"

#include <stdlib.h>
#include <string.h>

#include "logical-fields.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/shash.h"
#include "util.h"

/* Adds a new symbol 'name' to 'symtab' with the given properties.  The
 * name must not already be in use. */
static struct expr_symbol *
add_symbol(struct shash *symtab, const char *name, int width,
           const char *prereqs, enum expr_level level,
           bool must_crossproduct, enum expr_write_scope rw)
{
    struct expr_symbol *symbol = xzalloc(sizeof *symbol);
    symbol->name = xstrdup(name);
    symbol->width = width;
    symbol->prereqs = nullable_xstrdup(prereqs && prereqs[0]
                                       ? prereqs : NULL);
    symbol->level = level;
    symbol->must_crossproduct = must_crossproduct;
    symbol->rw = rw;
    shash_add_assert(symtab, symbol->name, symbol);
    return symbol;
}

/* Adds field 'name' for OpenFlow field 'id', writable by actions in
 * 'scope' if the OpenFlow field is writable at all.  Maskable fields are
 * ordinal, others nominal. */
struct expr_symbol *
expr_symtab_add_field_scoped(struct shash *symtab, const char *name,
                             enum mf_field_id id, const char *prereqs,
                             bool must_crossproduct,
                             enum expr_write_scope scope)
{
    const struct mf_field *field = mf_from_id(id);
    enum expr_level level = (field->maskable == MFM_FULLY
                             ? EXPR_L_ORDINAL : EXPR_L_NOMINAL);
    struct expr_symbol *symbol = add_symbol(symtab, name, field->n_bits,
                                            prereqs, level,
                                            must_crossproduct,
                                            field->writable ? scope : 0);
    symbol->field = field;
    return symbol;
}

/* Adds field 'name' for OpenFlow field 'id', writable by ordinary
 * actions if the OpenFlow field is writable. */
struct expr_symbol *
expr_symtab_add_field(struct shash *symtab, const char *name,
                      enum mf_field_id id, const char *prereqs,
                      bool must_crossproduct)
{
    return expr_symtab_add_field_scoped(symtab, name, id, prereqs,
                                        must_crossproduct, WR_DEFAULT);
}

/* Parses 'text' as a single field reference in 'symtab'.  On failure,
 * stores an error in '*errorp' and returns false. */
static bool
parse_field_text(const char *text, const struct shash *symtab,
                 struct expr_field *f, char **errorp)
{
    struct lexer lexer;
    lexer_init(&lexer, text);
    lexer_get(&lexer);
    if (expr_field_parse(&lexer, symtab, f, NULL)) {
        lexer_force_end(&lexer);
    }
    *errorp = lexer_steal_error(&lexer);
    lexer_destroy(&lexer);
    return !*errorp;
}

/* Adds subfield 'name', an alias for 'subfield' (e.g. "vlan.tci[0..11]"),
 * writable in 'scope' if its parent is writable.  Aborts if 'subfield' is
 * not a valid reference to bits of a field: symbol tables are built from
 * constant text, so that is a programming error. */
struct expr_symbol *
expr_symtab_add_subfield_scoped(struct shash *symtab, const char *name,
                                const char *prereqs, const char *subfield,
                                enum expr_write_scope scope)
{
    struct expr_field f;
    char *error;

    if (!parse_field_text(subfield, symtab, &f, &error)) {
        ovs_fatal(0, "%s: bad subfield definition %s (%s)",
                  name, subfield, error);
    }
    if (!f.symbol->width || f.symbol->predicate || f.symbol->ovn_field) {
        ovs_fatal(0, "%s: %s is not a numeric field", name, subfield);
    }

    struct expr_symbol *symbol = add_symbol(symtab, name, f.n_bits, prereqs,
                                            EXPR_L_ORDINAL, false,
                                            f.symbol->rw ? scope : 0);
    symbol->field = f.symbol->field;
    symbol->parent = f.symbol;
    symbol->parent_ofs = f.ofs;
    return symbol;
}

/* Adds subfield 'name', an alias for 'subfield', writable by ordinary
 * actions if its parent is. */
struct expr_symbol *
expr_symtab_add_subfield(struct shash *symtab, const char *name,
                         const char *prereqs, const char *subfield)
{
    struct expr_field f;
    char *error;
    enum expr_write_scope scope = WR_DEFAULT;

    /* Inherit the parent's scope, so that subfields of ct_mark stay
     * writable only where ct_mark is. */
    if (parse_field_text(subfield, symtab, &f, &error)) {
        scope = f.symbol->rw ? f.symbol->rw : WR_DEFAULT;
    } else {
        free(error);
    }
    return expr_symtab_add_subfield_scoped(symtab, name, prereqs, subfield,
                                           scope);
}

/* Adds string field 'name' (a logical port name) stored as an integer key
 * in OpenFlow field 'id'. */
struct expr_symbol *
expr_symtab_add_string(struct shash *symtab, const char *name,
                       enum mf_field_id id, const char *prereqs)
{
    const struct mf_field *field = mf_from_id(id);
    struct expr_symbol *symbol = add_symbol(symtab, name, 0, prereqs,
                                            EXPR_L_NOMINAL, false,
                                            field->writable ? WR_DEFAULT : 0);
    symbol->field = field;
    return symbol;
}

/* Adds predicate 'name', shorthand for the expression 'expansion'.  The
 * predicate is nominal if its expansion tests a nominal symbol, otherwise
 * Boolean.  Aborts if 'expansion' does not parse. */
struct expr_symbol *
expr_symtab_add_predicate(struct shash *symtab, const char *name,
                          const char *expansion)
{
    char *error;
    struct expr *e = expr_parse_string(expansion, symtab, NULL, NULL, NULL,
                                       NULL, 0, &error);
    if (!e) {
        ovs_fatal(0, "%s: bad predicate expansion %s (%s)",
                  name, expansion, error);
    }
    enum expr_level level = expr_get_level(e);
    expr_destroy(e);

    struct expr_symbol *symbol = add_symbol(symtab, name, 1, NULL, level,
                                            false, 0);
    symbol->predicate = xstrdup(expansion);
    return symbol;
}

/* Adds the OVN field 'ovn_field': a field that actions may set through
 * ovn-controller but that no OpenFlow field holds, so matches cannot
 * test it. */
struct expr_symbol *
expr_symtab_add_ovn_field(struct shash *symtab,
                          const struct ovn_field *ovn_field,
                          const char *prereqs)
{
    struct expr_symbol *symbol = add_symbol(symtab, ovn_field->name,
                                            ovn_field->n_bits, prereqs,
                                            EXPR_L_ORDINAL, false,
                                            WR_DEFAULT);
    symbol->ovn_field = ovn_field;
    return symbol;
}

/* Frees 'symtab' and all of its symbols. */
void
expr_symtab_destroy(struct shash *symtab)
{
    struct shash_node *node;

    SHASH_FOR_EACH_SAFE (node, symtab) {
        struct expr_symbol *symbol = node->data;

        shash_delete(symtab, node);
        free(symbol->name);
        free(symbol->prereqs);
        free(symbol->predicate);
        free(symbol);
    }
    shash_destroy(symtab);
}

/* Appends a description of 'symbol' to 's': its kind, width, level,
 * definition and prerequisites. */
void
expr_symbol_format(const struct expr_symbol *symbol, struct ds *s)
{
    ds_put_format(s, "%s = ", symbol->name);
    if (symbol->predicate) {
        ds_put_format(s, "%s predicate: %s",
                      expr_level_to_string(symbol->level), symbol->predicate);
    } else if (symbol->parent) {
        ds_put_format(s, "%d-bit subfield %s", symbol->width,
                      symbol->parent->name);
        if (symbol->width == 1) {
            ds_put_format(s, "[%d]", symbol->parent_ofs);
        } else {
            ds_put_format(s, "[%d..%d]", symbol->parent_ofs,
                          symbol->parent_ofs + symbol->width - 1);
        }
    } else if (symbol->ovn_field) {
        ds_put_format(s, "%d-bit OVN field", symbol->width);
    } else if (!symbol->width) {
        ds_put_format(s, "string field %s", symbol->field->name);
    } else {
        ds_put_format(s, "%d-bit %s field %s", symbol->width,
                      expr_level_to_string(symbol->level),
                      symbol->field->name);
    }
    if (symbol->prereqs) {
        ds_put_format(s, ", prereqs %s", symbol->prereqs);
    }
    if (symbol->must_crossproduct) {
        ds_put_cstr(s, ", must crossproduct");
    }
    if (symbol->rw & WR_DEFAULT) {
        ds_put_cstr(s, ", writable");
    } else if (symbol->rw & WR_CT_COMMIT) {
        ds_put_cstr(s, ", writable in ct_commit");
    }
}

/* Parses a field reference, "name" or "name[bit]" or "name[low..high]",
 * from 'lexer' into 'f'.  If 'prereqsp' is nonnull, ANDs the
 * prerequisites of the symbol and of the fields it is part of into
 * '*prereqsp' (as parsed, not annotated).  Returns true on success; on
 * failure records an error in 'lexer' and returns false. */
bool
expr_field_parse(struct lexer *lexer, const struct shash *symtab,
                 struct expr_field *f, struct expr **prereqsp)
{
    const struct expr_symbol *symbol = NULL;

    if (lexer->token.type == LEX_T_ID) {
        symbol = shash_find_data(symtab, lexer->token.s);
    }
    if (!symbol) {
        lexer_syntax_error(lexer, "expecting field name");
        return false;
    }
    lexer_get(lexer);

    f->symbol = symbol;
    f->ofs = 0;
    f->n_bits = symbol->width;
    if (lexer_match(lexer, LEX_T_LSQUARE)) {
        int low, high;
        if (!lexer_force_int(lexer, &low)) {
            return false;
        }
        if (lexer_match(lexer, LEX_T_ELLIPSIS)) {
            if (!lexer_force_int(lexer, &high)) {
                return false;
            }
        } else {
            high = low;
        }
        if (!lexer_force_match(lexer, LEX_T_RSQUARE)) {
            return false;
        }

        if (low > high) {
            lexer_error(lexer, "Invalid bit range %d to %d.", low, high);
            return false;
        } else if (symbol->level != EXPR_L_ORDINAL) {
            lexer_error(lexer, "Cannot select subfield of %s field %s.",
                        expr_level_to_string(symbol->level), symbol->name);
            return false;
        } else if (high >= symbol->width) {
            lexer_error(lexer,
                        "Cannot select bits %d to %d of %d-bit field %s.",
                        low, high, symbol->width, symbol->name);
            return false;
        }
        f->ofs = low;
        f->n_bits = high - low + 1;
    }

    if (prereqsp) {
        for (const struct expr_symbol *s = symbol; s; s = s->parent) {
            if (!s->prereqs) {
                continue;
            }
            char *error;
            struct expr *e = expr_parse_string(s->prereqs, symtab, NULL,
                                               NULL, NULL, NULL, 0, &error);
            if (!e) {
                lexer_error(lexer, "%s", error);
                free(error);
                return false;
            }
            *prereqsp = expr_combine(EXPR_T_AND, *prereqsp, e);
        }
    }
    return true;
}

/* Appends 'f' to 's' in the syntax that expr_field_parse() reads. */
void
expr_field_format(const struct expr_field *f, struct ds *s)
{
    ds_put_cstr(s, f->symbol->name);
    if (f->symbol->width && f->n_bits != f->symbol->width) {
        if (f->n_bits == 1) {
            ds_put_format(s, "[%d]", f->ofs);
        } else {
            ds_put_format(s, "[%d..%d]", f->ofs, f->ofs + f->n_bits - 1);
        }
    }
}

/* Returns the OpenFlow subfield that 'f' refers to, following subfields
 * up to their field.  'f' must not be a predicate or an OVN field. */
struct mf_subfield
expr_resolve_field(const struct expr_field *f)
{
    const struct expr_symbol *symbol = f->symbol;
    int ofs = f->ofs;

    while (symbol->parent) {
        ofs += symbol->parent_ofs;
        symbol = symbol->parent;
    }

    int n_bits = symbol->width ? f->n_bits : symbol->field->n_bits;
    return (struct mf_subfield) { symbol->field, ofs, n_bits };
}

/* Checks that 'f' may be used where an 'n_bits'-bit field (a string field
 * if 'n_bits' is 0) is needed, and, if 'rw', that actions in 'scope' may
 * write it.  Returns NULL if so, otherwise an error message that the
 * caller must free. */
char *
expr_type_check(const struct expr_field *f, int n_bits, bool rw,
                enum expr_write_scope scope)
{
    if (n_bits != f->n_bits) {
        if (n_bits && f->n_bits) {
            return xasprintf("Cannot use %d-bit field %s[%d..%d] where "
                             "%d-bit field is required.",
                             f->n_bits, f->symbol->name, f->ofs,
                             f->ofs + f->n_bits - 1, n_bits);
        } else if (n_bits) {
            return xasprintf("Cannot use string field %s where numeric "
                             "field is required.", f->symbol->name);
        } else {
            return xasprintf("Cannot use numeric field %s where string "
                             "field is required.", f->symbol->name);
        }
    }

    if (rw) {
        if (f->symbol->predicate) {
            return xasprintf("Predicate symbol %s used where lvalue "
                             "required.", f->symbol->name);
        }
        if (!(f->symbol->rw & scope)) {
            return xasprintf("Field %s is not modifiable.",
                             f->symbol->name);
        }
    }
    return NULL;
}
