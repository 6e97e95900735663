/* test-ovn-exhaustive.c: "ovstest test-ovn exhaustive", which checks that
 * every stage of expression processing preserves meaning.
 *
 * It builds every expression of N terms: every shape of AND/OR tree with
 * N leaves (nested operators alternating, as the parser produces them)
 * and every choice of term for each leaf, where a term compares one of a
 * few small variables with a constant using one of the chosen operators.
 * Each expression is printed, parsed back, annotated, simplified,
 * normalized and converted to OpenFlow matches, and each of these is
 * evaluated for every assignment of values to the variables; all must
 * agree.
 *
 * Numeric variables n0, n1, ... are the low bits of registers; n1's
 * register must be crossproducted, so both ways of handling ORs are
 * exercised.  String variables s0, s1 hold logical ports "a" (key 1) and
 * "b" (key 2); terms may also name "c", which no port has. */

#include <config.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "byte-order.h"
#include "expr.h"
#include "flow.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/hmap.h"
#include "openvswitch/shash.h"
#include "svec.h"
#include "test-ovn.h"
#include "util.h"

/* Most variables of each kind. */
#define MAX_NVARS 4
#define MAX_SVARS 2

/* Names of string constants; index 0 means "no port" in a register. */
static const char *const port_names[] = { NULL, "a", "b", "c" };

/* Test parameters and state. */
struct exhaustive {
    int n_terms;                /* Terms per expression. */
    int nvars;                  /* Numeric variables. */
    int svars;                  /* String variables. */
    int bits;                   /* Bits per numeric variable. */
    enum expr_relop relops[6];  /* Operators to use. */
    int n_relops;               /* Number of 'relops'. */

    struct shash symtab;        /* n0..., s0... and their registers. */
    char **terms;               /* Every term, as text. */
    size_t n_terms_total;       /* Number of 'terms'. */
    unsigned long long n_tested; /* Expressions tested so far. */
};

/* lookup_port callback: "a" is 1, "b" is 2, anything else unknown. */
static bool
lookup_port_cb(const void *aux OVS_UNUSED, const char *name,
               unsigned int *portp)
{
    for (size_t i = 1; i < 3; i++) {
        if (!strcmp(name, port_names[i])) {
            *portp = i;
            return true;
        }
    }
    return false;
}

/* Fills 'ex->symtab' with the variables. */
static void
build_symtab(struct exhaustive *ex)
{
    shash_init(&ex->symtab);
    for (int i = 0; i < ex->nvars; i++) {
        char reg[16], name[16], subfield[32];
        snprintf(reg, sizeof reg, "reg%d", i);
        snprintf(name, sizeof name, "n%d", i);
        snprintf(subfield, sizeof subfield, "reg%d[0..%d]", i, ex->bits - 1);
        expr_symtab_add_field(&ex->symtab, reg, MFF_REG0 + i, NULL, i == 1);
        expr_symtab_add_subfield(&ex->symtab, name, NULL, subfield);
    }
    for (int i = 0; i < ex->svars; i++) {
        char name[16];
        snprintf(name, sizeof name, "s%d", i);
        expr_symtab_add_string(&ex->symtab, name, MFF_REG6 + i, NULL);
    }
}

/* Appends term 'text' to 'ex->terms'. */
static void
add_term(struct exhaustive *ex, char *text, size_t *allocated)
{
    if (ex->n_terms_total >= *allocated) {
        ex->terms = x2nrealloc(ex->terms, allocated, sizeof *ex->terms);
    }
    ex->terms[ex->n_terms_total++] = text;
}

/* Builds every term. */
static void
build_terms(struct exhaustive *ex)
{
    size_t allocated = 0;
    for (int v = 0; v < ex->nvars; v++) {
        for (int r = 0; r < ex->n_relops; r++) {
            for (int c = 0; c < (1 << ex->bits); c++) {
                add_term(ex, xasprintf("n%d %s %d", v,
                                       expr_relop_to_string(ex->relops[r]),
                                       c), &allocated);
            }
        }
    }
    for (int v = 0; v < ex->svars; v++) {
        for (size_t p = 1; p < ARRAY_SIZE(port_names); p++) {
            add_term(ex, xasprintf("s%d == \"%s\"", v, port_names[p]),
                     &allocated);
        }
    }
}

/* Returns true if 'flow' satisfies 'm' (ignoring conjunctions). */
static bool
match_covers(const struct match *m, const struct flow *flow)
{
    const uint64_t *f = (const uint64_t *) flow;
    const uint64_t *v = (const uint64_t *) &m->flow;
    const uint64_t *mask = (const uint64_t *) &m->wc.masks;

    for (size_t i = 0; i < sizeof *flow / sizeof *f; i++) {
        if ((f[i] ^ v[i]) & mask[i]) {
            return false;
        }
    }
    return true;
}

/* Returns true if the flows in 'matches' match 'flow', following
 * OpenFlow's conjunctive match semantics. */
static bool
matches_match(const struct hmap *matches, const struct flow *flow)
{
    /* Clauses satisfied, per conjunction id: bit k for clause k. */
    uint64_t satisfied[64];
    uint8_t n_clauses[64];
    memset(satisfied, 0, sizeof satisfied);
    memset(n_clauses, 0, sizeof n_clauses);

    const struct expr_match *m;
    HMAP_FOR_EACH (m, hmap_node, matches) {
        if (m->match.wc.masks.conj_id || !match_covers(&m->match, flow)) {
            continue;
        }
        if (!m->n) {
            return true;
        }
        for (size_t i = 0; i < m->n; i++) {
            const struct cls_conjunction *c = &m->conjunctions[i];
            ovs_assert(c->id < 64 && c->clause < 64);
            satisfied[c->id] |= UINT64_C(1) << c->clause;
            n_clauses[c->id] = c->n_clauses;
        }
    }

    HMAP_FOR_EACH (m, hmap_node, matches) {
        if (!m->match.wc.masks.conj_id) {
            continue;
        }
        uint32_t id = m->match.flow.conj_id;
        ovs_assert(id < 64);
        if (n_clauses[id]
            && satisfied[id] == (UINT64_C(1) << n_clauses[id]) - 1) {
            struct flow conj_flow = *flow;
            conj_flow.conj_id = id;
            if (match_covers(&m->match, &conj_flow)) {
                return true;
            }
        }
    }
    return false;
}

/* Reports a disagreement and exits. */
static void OVS_NO_RETURN
fail(const char *text, const char *stage, const struct expr *e,
     const struct flow *flow, const struct exhaustive *ex)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    ds_put_format(&s, "%s: %s disagrees with the expression for", text,
                  stage);
    for (int i = 0; i < ex->nvars; i++) {
        ds_put_format(&s, " n%d=%"PRIu32, i,
                      flow->regs[i] & ((1u << ex->bits) - 1));
    }
    for (int i = 0; i < ex->svars; i++) {
        ds_put_format(&s, " s%d=%s", i,
                      flow->regs[6 + i] ? port_names[flow->regs[6 + i]]
                      : "(none)");
    }
    if (e) {
        ds_put_cstr(&s, "\n  ");
        expr_format(e, &s);
    }
    ovs_fatal(0, "%s", ds_cstr(&s));
}

/* Tests expression 'text'. */
static void
test_expression(struct exhaustive *ex, const char *text)
{
    char *error;
    struct expr *parsed = expr_parse_string(text, &ex->symtab, NULL, NULL,
                                            NULL, NULL, 0, &error);
    if (!parsed) {
        ovs_fatal(0, "%s: %s", text, error);
    }
    ovs_assert(expr_honors_invariants(parsed));

    struct expr *annotated = expr_annotate(expr_clone(parsed), &ex->symtab,
                                           &error);
    if (!annotated) {
        ovs_fatal(0, "%s: %s", text, error);
    }
    struct expr *simplified = expr_simplify(expr_clone(annotated));
    ovs_assert(expr_is_simplified(simplified));
    struct expr *normalized = expr_normalize(expr_clone(simplified));
    if (!expr_is_normalized(normalized)) {
        fail(text, "normalized form is not normal", normalized, NULL, ex);
    }
    struct hmap matches;
    expr_to_matches(normalized, lookup_port_cb, NULL, &matches);

    /* Every assignment: each numeric variable's bits, each string
     * variable's port (0 = none, 1 = "a", 2 = "b"). */
    int n_values = 1 << ex->bits;
    int n_assignments = 1;
    for (int i = 0; i < ex->nvars; i++) {
        n_assignments *= n_values;
    }
    for (int i = 0; i < ex->svars; i++) {
        n_assignments *= 3;
    }

    struct flow flow;
    memset(&flow, 0, sizeof flow);
    for (int a = 0; a < n_assignments; a++) {
        int rest = a;
        for (int i = 0; i < ex->nvars; i++) {
            flow.regs[i] = rest % n_values;
            rest /= n_values;
        }
        for (int i = 0; i < ex->svars; i++) {
            flow.regs[6 + i] = rest % 3;
            rest /= 3;
        }

        bool expected = expr_evaluate(parsed, &flow, lookup_port_cb, NULL);
        if (expr_evaluate(annotated, &flow, lookup_port_cb, NULL)
            != expected) {
            fail(text, "annotated", annotated, &flow, ex);
        }
        if (expr_evaluate(simplified, &flow, lookup_port_cb, NULL)
            != expected) {
            fail(text, "simplified", simplified, &flow, ex);
        }
        if (expr_evaluate(normalized, &flow, lookup_port_cb, NULL)
            != expected) {
            fail(text, "normalized", normalized, &flow, ex);
        }
        if (matches_match(&matches, &flow) != expected) {
            struct ds s = DS_EMPTY_INITIALIZER;
            expr_matches_format(&matches, &s);
            printf("%s", ds_cstr(&s));
            ds_destroy(&s);
            fail(text, "flows", normalized, &flow, ex);
        }
    }

    expr_matches_destroy(&matches);
    expr_destroy(parsed);
    expr_destroy(annotated);
    expr_destroy(simplified);
    expr_destroy(normalized);
    ex->n_tested++;
}

static void shapes_for(int n, enum expr_type, struct svec *shapes);

/* Extends 'prefix', which holds 'n_parts' operands of a 'type' node with
 * 'n' leaves in all, with operands for the 'remaining' leaves, adding
 * each complete node (two operands or more) to 'shapes'. */
static void
compose(int n, enum expr_type type, int remaining, struct ds *prefix,
        int n_parts, struct svec *shapes)
{
    if (!remaining) {
        if (n_parts >= 2) {
            svec_add(shapes, ds_cstr(prefix));
        }
        return;
    }

    const char *op = type == EXPR_T_AND ? " && " : " || ";
    enum expr_type other = type == EXPR_T_AND ? EXPR_T_OR : EXPR_T_AND;
    for (int part = 1; part <= remaining && part < n; part++) {
        struct svec subs;
        shapes_for(part, other, &subs);
        for (size_t i = 0; i < subs.n; i++) {
            size_t length = prefix->length;
            if (n_parts) {
                ds_put_cstr(prefix, op);
            }
            ds_put_format(prefix, part > 1 ? "(%s)" : "%s", subs.names[i]);
            compose(n, type, remaining - part, prefix, n_parts + 1, shapes);
            ds_truncate(prefix, length);
        }
        svec_destroy(&subs);
    }
}

/* Initializes 'shapes' with every tree shape of 'n' leaves ("L") whose
 * root operator is 'type', nested operators alternating.  One leaf has
 * the single shape "L". */
static void
shapes_for(int n, enum expr_type type, struct svec *shapes)
{
    svec_init(shapes);
    if (n == 1) {
        svec_add(shapes, "L");
    } else {
        struct ds prefix = DS_EMPTY_INITIALIZER;
        compose(n, type, n, &prefix, 0, shapes);
        ds_destroy(&prefix);
    }
}

/* Tests every assignment of terms to the leaves of 'shape'. */
static void
test_shape(struct exhaustive *ex, const char *shape)
{
    size_t *choice = xcalloc(ex->n_terms, sizeof *choice);
    struct ds text = DS_EMPTY_INITIALIZER;

    for (;;) {
        ds_clear(&text);
        int leaf = 0;
        for (const char *p = shape; *p; p++) {
            if (*p == 'L') {
                ds_put_cstr(&text, ex->terms[choice[leaf++]]);
            } else {
                ds_put_char(&text, *p);
            }
        }
        test_expression(ex, ds_cstr(&text));

        /* Next combination, odometer style. */
        int i;
        for (i = 0; i < ex->n_terms; i++) {
            if (++choice[i] < ex->n_terms_total) {
                break;
            }
            choice[i] = 0;
        }
        if (i == ex->n_terms) {
            break;
        }
    }
    ds_destroy(&text);
    free(choice);
}

/* Parses "--relops=OPS" into 'ex'. */
static void
parse_relops(struct exhaustive *ex, const char *s)
{
    char *copy = xstrdup(s);
    char *save = NULL;
    ex->n_relops = 0;
    for (char *token = strtok_r(copy, " ,", &save); token;
         token = strtok_r(NULL, " ,", &save)) {
        struct lexer lexer;
        enum expr_relop relop;
        lexer_init(&lexer, token);
        lexer_get(&lexer);
        if (!expr_relop_from_token(lexer.token.type, &relop)
            || ex->n_relops >= ARRAY_SIZE(ex->relops)) {
            ovs_fatal(0, "%s: bad relational operator", token);
        }
        ex->relops[ex->n_relops++] = relop;
        lexer_destroy(&lexer);
    }
    free(copy);
}

void
test_ovn_exhaustive(int argc, char *argv[])
{
    struct exhaustive ex = {
        .nvars = 2,
        .svars = 0,
        .bits = 2,
    };
    parse_relops(&ex, "== != < <= > >=");

    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        if (!strncmp(arg, "--nvars=", 8)) {
            ex.nvars = atoi(arg + 8);
        } else if (!strncmp(arg, "--svars=", 8)) {
            ex.svars = atoi(arg + 8);
        } else if (!strncmp(arg, "--bits=", 7)) {
            ex.bits = atoi(arg + 7);
        } else if (!strncmp(arg, "--relops=", 9)) {
            parse_relops(&ex, arg + 9);
        } else if (arg[0] != '-' && !ex.n_terms) {
            ex.n_terms = atoi(arg);
        } else {
            ovs_fatal(0, "exhaustive: unknown argument %s", arg);
        }
    }
    if (ex.n_terms < 1 || ex.n_terms > 4
        || ex.nvars < 0 || ex.nvars > MAX_NVARS
        || ex.svars < 0 || ex.svars > MAX_SVARS
        || ex.nvars + ex.svars < 1
        || ex.bits < 1 || ex.bits > 3) {
        ovs_fatal(0, "usage: exhaustive [--nvars=0..4] [--svars=0..2] "
                  "[--bits=1..3] [--relops=OPS] N_TERMS(1..4)");
    }

    build_symtab(&ex);
    build_terms(&ex);

    for (int t = 0; t < (ex.n_terms > 1 ? 2 : 1); t++) {
        struct svec shapes;
        shapes_for(ex.n_terms, t ? EXPR_T_OR : EXPR_T_AND, &shapes);
        for (size_t i = 0; i < shapes.n; i++) {
            test_shape(&ex, shapes.names[i]);
        }
        svec_destroy(&shapes);
    }
    printf("Tested %llu expressions.\n", ex.n_tested);

    for (size_t i = 0; i < ex.n_terms_total; i++) {
        free(ex.terms[i]);
    }
    free(ex.terms);
    expr_symtab_destroy(&ex.symtab);
}
