/* expr-normalize.c: simplification and normalization of expressions.
 *
 * This module owns the rewriting of annotated expressions into the shape
 * that OpenFlow can express:
 *
 *   - expr_simplify() replaces != by an OR of single-bit equality tests
 *     and <, <=, >, >= by ORs of masked equality tests.
 *
 *   - expr_normalize() brings the result to disjunctive normal form.
 *     Within an AND, all terms on one symbol are "crushed" into a single
 *     comparison or an OR of comparisons of that symbol (intersecting
 *     values, dropping duplicates and disjuncts implied by others).  An
 *     OR of one symbol is kept inside the AND, where it becomes a clause
 *     of a conjunctive match, unless the symbol must be crossproducted
 *     (OpenFlow prerequisites depend on it) or the OR mixes symbols; such
 *     ORs are distributed over the AND.
 *
 * Terms of an AND are ordered by kind and then by symbol name, which
 * fixes the clause numbers of conjunctive matches. */

#include <config.h>

#include "expr.h"

#include <stdlib.h>
#include <string.h>

#include "byte-order.h"
#include "openvswitch/hmap.h"
#include "sset.h"
#include "hash.h"
#include "util.h"

/* Returns a new equality comparison of 'symbol' with 'value'/'mask'. */
static struct expr *
new_numeric_cmp(const struct expr_symbol *symbol,
                const union mf_subvalue *value,
                const union mf_subvalue *mask)
{
    struct expr *e = xzalloc(sizeof *e);
    e->type = EXPR_T_CMP;
    e->cmp.symbol = symbol;
    e->cmp.relop = EXPR_R_EQ;
    e->cmp.value = *value;
    e->cmp.mask = *mask;
    return e;
}

/* Simplification. */

/* Rewrites "x != v" (under a mask) as an OR of one-bit tests, each true
 * when one masked bit of x differs from v. */
static struct expr *
simplify_ne(struct expr *e)
{
    const struct expr_symbol *symbol = e->cmp.symbol;
    int width = symbol->width;
    struct expr *new = NULL;

    for (int i = bitwise_scan(&e->cmp.mask, sizeof e->cmp.mask, true, 0,
                              width);
         i < width;
         i = bitwise_scan(&e->cmp.mask, sizeof e->cmp.mask, true, i + 1,
                          width)) {
        union mf_subvalue value, mask;
        memset(&value, 0, sizeof value);
        memset(&mask, 0, sizeof mask);
        bool bit = bitwise_get_bit(&e->cmp.value, sizeof e->cmp.value, i);
        bitwise_put_bit(&value, sizeof value, i, !bit);
        bitwise_put1(&mask, sizeof mask, i);
        new = expr_combine(EXPR_T_OR, new,
                           new_numeric_cmp(symbol, &value, &mask));
    }
    expr_destroy(e);
    return new ? new : expr_create_boolean(false);
}

/* Rewrites an ordering comparison of the contiguous masked bits
 * [start, end) of a field as an OR of masked equality tests.
 *
 * "x < v" holds when, at the highest bit where x and v differ, v has a 1
 * and x a 0: so for each 1-bit z of v, one disjunct fixes the bits above
 * z to v's, bit z to 0, and leaves the bits below free.  ">" is the same
 * with the roles of 0 and 1 exchanged, and "<=" and ">=" add "x == v". */
static struct expr *
simplify_relational(struct expr *e)
{
    const struct expr_symbol *symbol = e->cmp.symbol;
    const union mf_subvalue *value = &e->cmp.value;
    int width = symbol->width;
    enum expr_relop relop = e->cmp.relop;

    int start = bitwise_scan(&e->cmp.mask, sizeof e->cmp.mask, true, 0,
                             width);
    ovs_assert(start < width);
    int end = bitwise_scan(&e->cmp.mask, sizeof e->cmp.mask, false, start,
                           width);

    bool less = relop == EXPR_R_LT || relop == EXPR_R_LE;
    bool or_equal = relop == EXPR_R_LE || relop == EXPR_R_GE;

    /* "x <= max" and "x >= 0" always hold; "x < max" and "x > 0" are
     * more simply "x != max" and "x != 0". */
    if (bitwise_scan(value, sizeof *value, !less, start, end) >= end) {
        if (or_equal) {
            expr_destroy(e);
            return expr_create_boolean(true);
        }
        e->cmp.relop = EXPR_R_NE;
        return simplify_ne(e);
    }

    struct expr *new = NULL;
    if (or_equal) {
        new = new_numeric_cmp(symbol, value, &e->cmp.mask);
    }
    for (int z = bitwise_scan(value, sizeof *value, less, start, end);
         z < end;
         z = bitwise_scan(value, sizeof *value, less, z + 1, end)) {
        union mf_subvalue v = *value;
        union mf_subvalue m = e->cmp.mask;
        bitwise_toggle_bit(&v, sizeof v, z);
        bitwise_zero(&v, sizeof v, start, z - start);
        bitwise_zero(&m, sizeof m, start, z - start);
        new = expr_combine(EXPR_T_OR, new, new_numeric_cmp(symbol, &v, &m));
    }
    expr_destroy(e);
    return new ? new : expr_create_boolean(false);
}

/* Rewrites != and the ordering relations in 'e' as equality tests, and
 * removes the Boolean constants that result.  Takes ownership of 'e' and
 * returns the result. */
struct expr *
expr_simplify(struct expr *e)
{
    switch (e->type) {
    case EXPR_T_CMP:
        if (!e->cmp.symbol->width || e->cmp.relop == EXPR_R_EQ) {
            return e;
        }
        return (e->cmp.relop == EXPR_R_NE
                ? simplify_ne(e) : simplify_relational(e));

    case EXPR_T_AND:
    case EXPR_T_OR: {
        /* 'next' is NULL at the last child, which appends. */
        struct expr *sub, *next;
        LIST_FOR_EACH_SAFE (sub, next, node, &e->andor) {
            ovs_list_remove(&sub->node);
            expr_insert_andor(e, next, expr_simplify(sub));
        }
        return expr_fix(e);
    }

    case EXPR_T_BOOLEAN:
    case EXPR_T_CONDITION:
        return e;
    }
    OVS_NOT_REACHED();
}

/* Crushing: combining terms on a single symbol. */

static struct expr *crush_cmps(struct expr *, const struct expr_symbol *);

/* Orders numeric comparisons by mask, then value. */
static int
compare_numeric_cmps(const void *a_, const void *b_)
{
    const struct expr *const *a = a_;
    const struct expr *const *b = b_;
    int d = memcmp(&(*a)->cmp.mask, &(*b)->cmp.mask, sizeof (*a)->cmp.mask);
    return d ? d : memcmp(&(*a)->cmp.value, &(*b)->cmp.value,
                          sizeof (*a)->cmp.value);
}

/* Orders string comparisons by string. */
static int
compare_string_cmps(const void *a_, const void *b_)
{
    const struct expr *const *a = a_;
    const struct expr *const *b = b_;
    return strcmp((*a)->cmp.string, (*b)->cmp.string);
}

/* A value/mask pair, in a hash table, for finding implied disjuncts. */
struct masked_value {
    struct hmap_node node;      /* In a hash table. */
    const union mf_subvalue *value; /* Value (under 'mask'). */
    const union mf_subvalue *mask;  /* Mask. */
};

/* Returns a hash of 'value' and 'mask'. */
static uint32_t
hash_masked_value(const union mf_subvalue *value,
                  const union mf_subvalue *mask)
{
    return hash_bytes(value, sizeof *value,
                      hash_bytes(mask, sizeof *mask, 0));
}

/* Returns true if 'table' holds 'value'/'mask'. */
static bool
masked_value_present(const struct hmap *table,
                     const union mf_subvalue *value,
                     const union mf_subvalue *mask)
{
    const struct masked_value *mv;
    HMAP_FOR_EACH_WITH_HASH (mv, node, hash_masked_value(value, mask),
                             table) {
        if (!memcmp(mv->value, value, sizeof *value)
            && !memcmp(mv->mask, mask, sizeof *mask)) {
            return true;
        }
    }
    return false;
}

/* Returns true if 'inner' is a subset of 'outer' (bitwise). */
static bool
mask_is_subset(const union mf_subvalue *inner, const union mf_subvalue *outer)
{
    for (size_t i = 0; i < ARRAY_SIZE(inner->be64); i++) {
        if (inner->be64[i] & ~outer->be64[i]) {
            return false;
        }
    }
    return true;
}

/* Removes from the 'n' distinct numeric comparisons in 'subs' (sorted by
 * mask) those implied by another one: "x == 10.0.0.0/8 || x == 10.1.2.3"
 * needs only the first.  Returns the number kept, compacted at the start
 * of 'subs'; frees the others. */
static size_t
remove_implied_cmps(struct expr **subs, size_t n)
{
    /* Collect the distinct masks and index every disjunct. */
    struct hmap table = HMAP_INITIALIZER(&table);
    struct masked_value *entries = xmalloc(n * sizeof *entries);
    const union mf_subvalue **masks = xmalloc(n * sizeof *masks);
    size_t n_masks = 0;

    for (size_t i = 0; i < n; i++) {
        const union mf_subvalue *mask = &subs[i]->cmp.mask;
        entries[i].value = &subs[i]->cmp.value;
        entries[i].mask = mask;
        hmap_insert(&table, &entries[i].node,
                    hash_masked_value(entries[i].value, mask));
        if (!n_masks || memcmp(masks[n_masks - 1], mask, sizeof *mask)) {
            masks[n_masks++] = mask;
        }
    }

    size_t n_kept = n;
    if (n_masks > 1) {
        /* A disjunct is implied by another if that one's mask is a proper
         * subset of its own and their values agree under it. */
        bool *implied = xcalloc(n, sizeof *implied);
        for (size_t i = 0; i < n; i++) {
            const union mf_subvalue *mask = &subs[i]->cmp.mask;
            for (size_t j = 0; j < n_masks && !implied[i]; j++) {
                if (masks[j] == mask || !memcmp(masks[j], mask, sizeof *mask)
                    || !mask_is_subset(masks[j], mask)) {
                    continue;
                }
                union mf_subvalue v = subs[i]->cmp.value;
                for (size_t k = 0; k < ARRAY_SIZE(v.be64); k++) {
                    v.be64[k] &= masks[j]->be64[k];
                }
                implied[i] = masked_value_present(&table, &v, masks[j]);
            }
        }

        n_kept = 0;
        for (size_t i = 0; i < n; i++) {
            if (implied[i]) {
                expr_destroy(subs[i]);
            } else {
                subs[n_kept++] = subs[i];
            }
        }
        free(implied);
    }

    hmap_destroy(&table);
    free(entries);
    free(masks);
    return n_kept;
}

/* Crushes 'e', an OR of terms on 'symbol', into an OR of distinct
 * comparisons none of which implies another (or into a single comparison
 * or a Boolean). */
static struct expr *
crush_or(struct expr *e, const struct expr_symbol *symbol)
{
    struct expr *sub, *next;
    LIST_FOR_EACH_SAFE (sub, next, node, &e->andor) {
        ovs_list_remove(&sub->node);
        expr_insert_andor(e, next, crush_cmps(sub, symbol));
    }
    e = expr_fix(e);
    if (e->type != EXPR_T_OR) {
        return e;
    }

    size_t n = ovs_list_size(&e->andor);
    struct expr **subs = xmalloc(n * sizeof *subs);
    size_t i = 0;
    LIST_FOR_EACH_POP (sub, node, &e->andor) {
        subs[i++] = sub;
    }
    qsort(subs, n, sizeof *subs,
          symbol->width ? compare_numeric_cmps : compare_string_cmps);

    /* Drop duplicates. */
    size_t n_unique = 0;
    for (i = 0; i < n; i++) {
        if (n_unique
            && !(symbol->width ? compare_numeric_cmps
                 : compare_string_cmps)(&subs[n_unique - 1], &subs[i])) {
            expr_destroy(subs[i]);
        } else {
            subs[n_unique++] = subs[i];
        }
    }
    if (symbol->width) {
        n_unique = remove_implied_cmps(subs, n_unique);
    }

    for (i = 0; i < n_unique; i++) {
        ovs_list_push_back(&e->andor, &subs[i]->node);
    }
    free(subs);
    return expr_fix(e);
}

/* Appends 'e' (a comparison or an OR of comparisons) to 'subs', as
 * disjuncts. */
static void
collect_disjuncts(struct expr *e, struct expr ***subs, size_t *n,
                  size_t *allocated)
{
    if (e->type == EXPR_T_OR) {
        struct expr *sub;
        LIST_FOR_EACH_POP (sub, node, &e->andor) {
            collect_disjuncts(sub, subs, n, allocated);
        }
        expr_destroy(e);
    } else {
        if (*n >= *allocated) {
            *subs = x2nrealloc(*subs, allocated, sizeof **subs);
        }
        (*subs)[(*n)++] = e;
    }
}

/* Returns the OR of the nonempty intersections of each comparison in
 * 'a' with each in 'b' (each a comparison or an OR of comparisons of
 * 'symbol'), crushed.  Frees 'a' and 'b'. */
static struct expr *
multiply(struct expr *a, struct expr *b, const struct expr_symbol *symbol)
{
    struct expr **as = NULL, **bs = NULL;
    size_t n_as = 0, n_bs = 0, a_allocated = 0, b_allocated = 0;
    collect_disjuncts(a, &as, &n_as, &a_allocated);
    collect_disjuncts(b, &bs, &n_bs, &b_allocated);

    struct expr *product = expr_create_andor(EXPR_T_OR);
    for (size_t i = 0; i < n_as; i++) {
        for (size_t j = 0; j < n_bs; j++) {
            union mf_subvalue v, m;
            if (mf_subvalue_intersect(&as[i]->cmp.value, &as[i]->cmp.mask,
                                      &bs[j]->cmp.value, &bs[j]->cmp.mask,
                                      &v, &m)) {
                struct expr *cmp = new_numeric_cmp(symbol, &v, &m);
                ovs_list_push_back(&product->andor, &cmp->node);
            }
        }
    }
    for (size_t i = 0; i < n_as; i++) {
        expr_destroy(as[i]);
    }
    for (size_t j = 0; j < n_bs; j++) {
        expr_destroy(bs[j]);
    }
    free(as);
    free(bs);

    /* Crushing now, rather than once at the end, keeps a chain of
     * products (as from "x != {1, 2, 3, ...}") from growing
     * exponentially: most intersections repeat or imply others. */
    return crush_or(product, symbol);
}

/* Crushes 'e', an AND of terms on numeric 'symbol'.  The comparisons are
 * intersected into one value/mask, which each OR then multiplies. */
static struct expr *
crush_and_numeric(struct expr *e, const struct expr_symbol *symbol)
{
    union mf_subvalue value, mask;
    memset(&value, 0, sizeof value);
    memset(&mask, 0, sizeof mask);

    struct expr *sub;
    struct ovs_list ors = OVS_LIST_INITIALIZER(&ors);
    LIST_FOR_EACH_POP (sub, node, &e->andor) {
        sub = crush_cmps(sub, symbol);
        if (sub->type == EXPR_T_CMP) {
            bool ok = mf_subvalue_intersect(&value, &mask,
                                            &sub->cmp.value, &sub->cmp.mask,
                                            &value, &mask);
            expr_destroy(sub);
            if (!ok) {
                goto contradiction;
            }
        } else if (sub->type == EXPR_T_BOOLEAN) {
            bool b = sub->boolean;
            expr_destroy(sub);
            if (!b) {
                goto contradiction;
            }
        } else {
            ovs_list_push_back(&ors, &sub->node);
        }
    }
    expr_destroy(e);

    /* Start from the intersection of the plain comparisons (all-zero mask
     * if there were none, which any comparison intersects to itself). */
    struct expr *result = new_numeric_cmp(symbol, &value, &mask);
    LIST_FOR_EACH_POP (sub, node, &ors) {
        if (result->type == EXPR_T_BOOLEAN) {
            expr_destroy(sub);
            continue;
        }
        result = multiply(result, sub, symbol);
    }

    if (result->type == EXPR_T_CMP
        && is_all_zeros(&result->cmp.mask, sizeof result->cmp.mask)) {
        expr_destroy(result);
        return expr_create_boolean(true);
    }
    return result;

contradiction:
    LIST_FOR_EACH_POP (sub, node, &ors) {
        expr_destroy(sub);
    }
    expr_destroy(e);
    return expr_create_boolean(false);
}

/* Crushes 'e', an AND of terms on string 'symbol': the strings allowed by
 * every term. */
static struct expr *
crush_and_string(struct expr *e, const struct expr_symbol *symbol)
{
    struct sset allowed = SSET_INITIALIZER(&allowed);
    bool restricted = false;
    struct expr *sub;

    LIST_FOR_EACH_POP (sub, node, &e->andor) {
        sub = crush_cmps(sub, symbol);
        if (sub->type == EXPR_T_BOOLEAN) {
            bool b = sub->boolean;
            expr_destroy(sub);
            if (b) {
                continue;
            }
            sset_clear(&allowed);
            restricted = true;
            continue;
        }

        struct sset strings = SSET_INITIALIZER(&strings);
        if (sub->type == EXPR_T_CMP) {
            sset_add(&strings, sub->cmp.string);
        } else {
            const struct expr *cmp;
            LIST_FOR_EACH (cmp, node, &sub->andor) {
                sset_add(&strings, cmp->cmp.string);
            }
        }
        expr_destroy(sub);

        if (!restricted) {
            sset_swap(&allowed, &strings);
            restricted = true;
        } else {
            sset_intersect(&allowed, &strings);
        }
        sset_destroy(&strings);
    }
    expr_destroy(e);

    struct expr *or = expr_create_andor(EXPR_T_OR);
    const char **strings = sset_sort(&allowed);
    for (size_t i = 0; i < sset_count(&allowed); i++) {
        struct expr *cmp = xzalloc(sizeof *cmp);
        cmp->type = EXPR_T_CMP;
        cmp->cmp.symbol = symbol;
        cmp->cmp.relop = EXPR_R_EQ;
        cmp->cmp.string = xstrdup(strings[i]);
        ovs_list_push_back(&or->andor, &cmp->node);
    }
    free(strings);
    sset_destroy(&allowed);

    if (!restricted) {
        expr_destroy(or);
        return expr_create_boolean(true);
    }
    return expr_fix(or);
}

/* Crushes 'e', whose comparisons all test 'symbol', into a comparison, an
 * OR of comparisons, or a Boolean. */
static struct expr *
crush_cmps(struct expr *e, const struct expr_symbol *symbol)
{
    switch (e->type) {
    case EXPR_T_OR:
        return crush_or(e, symbol);

    case EXPR_T_AND:
        return (symbol->width
                ? crush_and_numeric(e, symbol)
                : crush_and_string(e, symbol));

    case EXPR_T_CMP:
    case EXPR_T_BOOLEAN:
    case EXPR_T_CONDITION:
        return e;
    }
    OVS_NOT_REACHED();
}

/* Normalization. */

/* A term of an AND, with its sort key. */
struct and_term {
    struct expr *expr;          /* The term. */
    const struct expr_symbol *symbol; /* Its only symbol, or NULL. */
    enum expr_type kind;        /* EXPR_T_CMP for any term with a symbol,
                                 * otherwise the term's type. */
    size_t position;            /* Original position, for stability. */
};

/* Orders terms: those on a single symbol first, by symbol name (and, for
 * one symbol, comparisons before ANDs before ORs); then ANDs and ORs by
 * size; then the rest.  Ties keep their original order. */
static int
compare_and_terms(const void *a_, const void *b_)
{
    const struct and_term *a = a_;
    const struct and_term *b = b_;

    if (a->kind != b->kind) {
        return a->kind < b->kind ? -1 : 1;
    }
    if (a->symbol) {
        int d = strcmp(a->symbol->name, b->symbol->name);
        if (d) {
            return d;
        }
        if (a->expr->type != b->expr->type) {
            return a->expr->type < b->expr->type ? -1 : 1;
        }
    } else if (a->kind == EXPR_T_AND || a->kind == EXPR_T_OR) {
        size_t a_n = ovs_list_size(&a->expr->andor);
        size_t b_n = ovs_list_size(&b->expr->andor);
        if (a_n != b_n) {
            return a_n < b_n ? -1 : 1;
        }
    }
    return a->position < b->position ? -1 : a->position > b->position;
}

/* Sorts the terms of AND 'e' and crushes the terms on each symbol into
 * one.  Returns the resulting AND, or whatever it reduced to. */
static struct expr *
sort_and_crush(struct expr *e)
{
    size_t n = ovs_list_size(&e->andor);
    struct and_term *terms = xmalloc(n * sizeof *terms);
    struct expr *sub;
    size_t i = 0;

    LIST_FOR_EACH_POP (sub, node, &e->andor) {
        const struct expr_symbol *symbol = expr_get_unique_symbol(sub);
        terms[i] = (struct and_term) {
            .expr = sub,
            .symbol = symbol,
            .kind = symbol ? EXPR_T_CMP : sub->type,
            .position = i,
        };
        i++;
    }
    qsort(terms, n, sizeof *terms, compare_and_terms);

    for (i = 0; i < n; ) {
        if (!terms[i].symbol) {
            ovs_list_push_back(&e->andor, &terms[i++].expr->node);
            continue;
        }

        size_t j = i + 1;
        while (j < n && terms[j].symbol == terms[i].symbol) {
            j++;
        }

        struct expr *group;
        if (j == i + 1) {
            group = terms[i].expr;
        } else {
            group = expr_create_andor(EXPR_T_AND);
            for (size_t k = i; k < j; k++) {
                expr_insert_andor(group, NULL, terms[k].expr);
            }
        }
        struct expr *crushed = crush_cmps(group, terms[i].symbol);

        if (crushed->type == EXPR_T_BOOLEAN) {
            bool b = crushed->boolean;
            expr_destroy(crushed);
            if (!b) {
                for (size_t k = j; k < n; k++) {
                    expr_destroy(terms[k].expr);
                }
                free(terms);
                expr_destroy(e);
                return expr_create_boolean(false);
            }
        } else {
            expr_insert_andor(e, NULL, crushed);
        }
        i = j;
    }
    free(terms);
    return expr_fix(e);
}

static struct expr *normalize_or(struct expr *);

/* Returns true if OR 'e' may stay inside an AND as a conjunctive clause:
 * it compares a single symbol that need not be crossproducted. */
static bool
is_clause(const struct expr *e)
{
    const struct expr_symbol *symbol = expr_get_unique_symbol(e);
    return symbol && !symbol->must_crossproduct;
}

/* Returns AND 'e' with OR 'or', one of its terms, distributed over it: an
 * OR of ANDs, one per disjunct of 'or', each with copies of the other
 * terms. */
static struct expr *
distribute(struct expr *e, const struct expr *or)
{
    struct expr *result = expr_create_andor(EXPR_T_OR);
    const struct expr *disjunct;

    LIST_FOR_EACH (disjunct, node, &or->andor) {
        struct expr *and = expr_create_andor(EXPR_T_AND);
        const struct expr *term;
        LIST_FOR_EACH (term, node, &e->andor) {
            expr_insert_andor(and, NULL,
                              expr_clone(term == or ? disjunct : term));
        }
        ovs_list_push_back(&result->andor, &and->node);
    }
    expr_destroy(e);
    return result;
}

/* Normalizes AND 'e'. */
static struct expr *
normalize_and(struct expr *e)
{
    e = sort_and_crush(e);
    if (e->type != EXPR_T_AND) {
        return e;
    }

    const struct expr *sub;
    LIST_FOR_EACH (sub, node, &e->andor) {
        if (sub->type == EXPR_T_OR && !is_clause(sub)) {
            return normalize_or(distribute(e, sub));
        }
    }
    return e;
}

/* Normalizes OR 'e'. */
static struct expr *
normalize_or(struct expr *e)
{
    /* 'next' is NULL at the last child, which appends. */
    struct expr *sub, *next;
    LIST_FOR_EACH_SAFE (sub, next, node, &e->andor) {
        if (sub->type == EXPR_T_AND) {
            ovs_list_remove(&sub->node);
            struct expr *new = normalize_and(sub);
            if (new->type == EXPR_T_BOOLEAN) {
                bool b = new->boolean;
                expr_destroy(new);
                if (b) {
                    expr_destroy(e);
                    return expr_create_boolean(true);
                }
            } else {
                expr_insert_andor(e, next, new);
            }
        }
    }
    return expr_fix(e);
}

/* Brings 'e', which must be annotated and simplified, to the disjunctive
 * normal form that expr_to_matches() converts.  Takes ownership of 'e'
 * and returns the result. */
struct expr *
expr_normalize(struct expr *e)
{
    switch (e->type) {
    case EXPR_T_CMP:
    case EXPR_T_BOOLEAN:
    case EXPR_T_CONDITION:
        return e;

    case EXPR_T_AND:
        return normalize_and(e);

    case EXPR_T_OR:
        return normalize_or(e);
    }
    OVS_NOT_REACHED();
}
