/* expr-matches.c: conversion of normalized expressions to OpenFlow
 * matches.
 *
 * This module owns the last step from a logical match to OpenFlow: each
 * disjunct of a normalized expression becomes one or more "struct match"
 * (a comparison of a logical port name becomes a test of the port's key,
 * through a caller callback).  An AND that keeps several ORs of one
 * symbol becomes a conjunctive match: one flow per OR member carrying
 * conjunction(id, k/n), plus a flow on conj_id=id that carries the
 * actions.  Identical matches are merged, combining their conjunction
 * actions. */

#include <config.h>

#include "expr.h"

#include <stdlib.h>
#include <string.h>

#include "byte-order.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/ofp-flow.h"
#include "util.h"

/* Callback that resolves a logical port name to its key. */
typedef bool lookup_port_func(const void *aux, const char *port_name,
                              unsigned int *portp);

/* Returns a new match, a copy of 'm' (catch-all if NULL), with one
 * conjunction action for clause 'clause' of 'n_clauses' of conjunction
 * 'id' if 'n_clauses' is nonzero. */
static struct expr_match *
expr_match_new(const struct match *m, uint8_t clause, uint8_t n_clauses,
               uint32_t id)
{
    struct expr_match *match = xzalloc(sizeof *match);
    if (m) {
        match->match = *m;
    } else {
        match_init_catchall(&match->match);
    }
    if (n_clauses) {
        match->n = 1;
        match->allocated = 1;
        match->conjunctions = xmalloc(sizeof *match->conjunctions);
        match->conjunctions[0] = (struct cls_conjunction) {
            .id = id, .clause = clause, .n_clauses = n_clauses,
        };
    }
    return match;
}

/* Frees 'match'. */
static void
expr_match_destroy(struct expr_match *match)
{
    free(match->conjunctions);
    free(match);
}

/* Adds 'match' to 'matches', taking ownership.  If an identical match is
 * already there, merges the two: a flow with ordinary actions covers
 * everything a conjunction clause flow would, so it wins; otherwise the
 * conjunction actions are combined. */
static void
expr_match_add(struct hmap *matches, struct expr_match *match)
{
    uint32_t hash = match_hash(&match->match, 0);
    struct expr_match *m;

    HMAP_FOR_EACH_WITH_HASH (m, hmap_node, hash, matches) {
        if (match_equal(&m->match, &match->match)) {
            if (!m->n || !match->n) {
                free(m->conjunctions);
                m->conjunctions = NULL;
                m->n = m->allocated = 0;
            } else {
                for (size_t i = 0; i < match->n; i++) {
                    if (m->n >= m->allocated) {
                        m->conjunctions = x2nrealloc(m->conjunctions,
                                                     &m->allocated,
                                                     sizeof *m->conjunctions);
                    }
                    m->conjunctions[m->n++] = match->conjunctions[i];
                }
            }
            expr_match_destroy(match);
            return;
        }
    }
    hmap_insert(matches, &match->hmap_node, hash);
}

/* Adds the test of comparison 'cmp' to 'm'.  Returns false if it can never
 * hold (it names a port that 'lookup_port' does not know). */
static bool
constrain_match(const struct expr *cmp, lookup_port_func *lookup_port,
                const void *aux, struct match *m)
{
    ovs_assert(cmp->type == EXPR_T_CMP);
    const struct expr_symbol *symbol = cmp->cmp.symbol;

    if (symbol->width) {
        const struct mf_field *field = symbol->field;
        if (bitwise_scan(&cmp->cmp.mask, sizeof cmp->cmp.mask, false, 0,
                         field->n_bits) >= field->n_bits) {
            /* An exact match.  Fields narrower than their bytes (ip.dscp,
             * ip.ecn) only take exact values as such, not as masks. */
            union mf_value value;
            memset(&value, 0, sizeof value);
            bitwise_copy(&cmp->cmp.value, sizeof cmp->cmp.value, 0,
                         &value, field->n_bytes, 0, field->n_bits);
            mf_set_value(field, &value, m, NULL);
        } else {
            mf_mask_subfield(field, &cmp->cmp.value, &cmp->cmp.mask, m);
        }
        return true;
    }

    unsigned int port;
    if (!lookup_port || !lookup_port(aux, cmp->cmp.string, &port)) {
        return false;
    }

    struct mf_subfield sf = { symbol->field, 0, symbol->field->n_bits };
    union mf_subvalue x;
    memset(&x, 0, sizeof x);
    x.integer = htonll(port);
    mf_write_subfield(&sf, &x, m);
    return true;
}

/* Adds the flow for the single comparison 'cmp'. */
static void
add_cmp_flow(const struct expr *cmp, lookup_port_func *lookup_port,
             const void *aux, struct hmap *matches)
{
    struct expr_match *m = expr_match_new(NULL, 0, 0, 0);
    if (constrain_match(cmp, lookup_port, aux, &m->match)) {
        expr_match_add(matches, m);
    } else {
        expr_match_destroy(m);
    }
}

/* Adds one flow per member of OR 'or', each 'base' plus the member, with
 * conjunction action (id, clause/n_clauses) if 'n_clauses' is nonzero.
 * Returns true if at least one member can match. */
static bool
add_disjunction(const struct expr *or, lookup_port_func *lookup_port,
                const void *aux, const struct match *base, uint8_t clause,
                uint8_t n_clauses, uint32_t id, struct hmap *matches)
{
    const struct expr *sub;
    bool any = false;

    ovs_assert(or->type == EXPR_T_OR);
    LIST_FOR_EACH (sub, node, &or->andor) {
        struct expr_match *m = expr_match_new(base, clause, n_clauses, id);
        if (constrain_match(sub, lookup_port, aux, &m->match)) {
            expr_match_add(matches, m);
            any = true;
        } else {
            expr_match_destroy(m);
        }
    }
    return any;
}

/* Adds the flows for normalized AND 'and': one flow if it holds only
 * comparisons, a flow per member if it has one OR, a conjunctive match
 * (numbered from '*n_conjsp') if it has several. */
static void
add_conjunction(const struct expr *and, lookup_port_func *lookup_port,
                const void *aux, uint32_t *n_conjsp, struct hmap *matches)
{
    struct match match;
    size_t n_clauses = 0;
    const struct expr *sub;

    match_init_catchall(&match);
    LIST_FOR_EACH (sub, node, &and->andor) {
        if (sub->type == EXPR_T_CMP) {
            if (!constrain_match(sub, lookup_port, aux, &match)) {
                return;
            }
        } else {
            ovs_assert(sub->type == EXPR_T_OR);
            n_clauses++;
        }
    }

    if (!n_clauses) {
        expr_match_add(matches, expr_match_new(&match, 0, 0, 0));
    } else if (n_clauses == 1) {
        LIST_FOR_EACH (sub, node, &and->andor) {
            if (sub->type == EXPR_T_OR) {
                add_disjunction(sub, lookup_port, aux, &match, 0, 0, 0,
                                matches);
            }
        }
    } else {
        ovs_assert(n_clauses <= UINT8_MAX);
        uint32_t id = ++*n_conjsp;
        uint8_t clause = 0;
        LIST_FOR_EACH (sub, node, &and->andor) {
            if (sub->type == EXPR_T_OR
                && !add_disjunction(sub, lookup_port, aux, &match, clause++,
                                    n_clauses, id, matches)) {
                /* This clause can never match, so neither can the
                 * conjunction.  Clauses already added are harmless. */
                return;
            }
        }
        match_set_conj_id(&match, id);
        expr_match_add(matches, expr_match_new(&match, 0, 0, 0));
    }
}

/* Adds a catch-all flow. */
static void
add_catchall(struct hmap *matches)
{
    expr_match_add(matches, expr_match_new(NULL, 0, 0, 0));
}

/* Converts 'e', which must be normalized and free of conditions, into
 * OpenFlow matches in 'matches' (initialized here; "struct expr_match"
 * elements).  String comparisons are resolved through 'lookup_port',
 * called with 'aux'; a port it does not know makes its comparison false.
 * Conjunction ids are numbered from 1; returns the number used. */
uint32_t
expr_to_matches(const struct expr *e, lookup_port_func *lookup_port,
                const void *aux, struct hmap *matches)
{
    uint32_t n_conjs = 0;

    hmap_init(matches);
    switch (e->type) {
    case EXPR_T_CMP:
        add_cmp_flow(e, lookup_port, aux, matches);
        break;

    case EXPR_T_AND:
        add_conjunction(e, lookup_port, aux, &n_conjs, matches);
        break;

    case EXPR_T_OR:
        if (expr_get_unique_symbol(e)) {
            add_disjunction(e, lookup_port, aux, NULL, 0, 0, 0, matches);
        } else {
            const struct expr *sub;
            LIST_FOR_EACH (sub, node, &e->andor) {
                switch (sub->type) {
                case EXPR_T_CMP:
                    add_cmp_flow(sub, lookup_port, aux, matches);
                    break;
                case EXPR_T_AND:
                    add_conjunction(sub, lookup_port, aux, &n_conjs,
                                    matches);
                    break;
                case EXPR_T_BOOLEAN:
                    if (sub->boolean) {
                        add_catchall(matches);
                    }
                    break;
                case EXPR_T_OR:
                case EXPR_T_CONDITION:
                    OVS_NOT_REACHED();
                }
            }
        }
        break;

    case EXPR_T_BOOLEAN:
        if (e->boolean) {
            add_catchall(matches);
        }
        break;

    case EXPR_T_CONDITION:
        OVS_NOT_REACHED();
    }
    return n_conjs;
}

/* Adds 'conj_id_ofs' to every conjunction id in 'matches', so that the
 * ids of several expressions sharing a table do not collide. */
void
expr_matches_prepare(struct hmap *matches, uint32_t conj_id_ofs)
{
    struct expr_match *m;

    HMAP_FOR_EACH (m, hmap_node, matches) {
        if (m->match.wc.masks.conj_id) {
            m->match.flow.conj_id += conj_id_ofs;
        }
        for (size_t i = 0; i < m->n; i++) {
            m->conjunctions[i].id += conj_id_ofs;
        }
    }
}

/* Frees the matches in 'matches' and the map itself. */
void
expr_matches_destroy(struct hmap *matches)
{
    struct expr_match *m;

    HMAP_FOR_EACH_POP (m, hmap_node, matches) {
        expr_match_destroy(m);
    }
    hmap_destroy(matches);
}

/* Orders formatted matches alphabetically. */
static int
compare_strings(const void *a_, const void *b_)
{
    const char *const *a = a_;
    const char *const *b = b_;
    return strcmp(*a, *b);
}

/* Appends 'matches' to 's', one per line in alphabetical order, each as
 * OpenFlow match syntax followed by ": conjunction(id, k/n)" for each
 * conjunction action; "(no flows)" if there are none. */
void
expr_matches_format(const struct hmap *matches, struct ds *s)
{
    if (hmap_is_empty(matches)) {
        ds_put_cstr(s, "(no flows)\n");
        return;
    }

    size_t n = hmap_count(matches);
    char **lines = xmalloc(n * sizeof *lines);
    const struct expr_match *m;
    size_t i = 0;

    HMAP_FOR_EACH (m, hmap_node, matches) {
        struct ds line = DS_EMPTY_INITIALIZER;
        match_format(&m->match, NULL, &line, OFP_DEFAULT_PRIORITY);
        if (m->n) {
            ds_put_cstr(&line, ": ");
            for (size_t j = 0; j < m->n; j++) {
                const struct cls_conjunction *c = &m->conjunctions[j];
                ds_put_format(&line, "%sconjunction(%"PRIu32", %d/%d)",
                              j ? ", " : "", c->id, c->clause + 1,
                              c->n_clauses);
            }
        }
        lines[i++] = ds_steal_cstr(&line);
    }
    qsort(lines, n, sizeof *lines, compare_strings);
    for (i = 0; i < n; i++) {
        ds_put_format(s, "%s\n", lines[i]);
        free(lines[i]);
    }
    free(lines);
}

/* Prints 'matches' to 'stream' as expr_matches_format() does. */
void
expr_matches_print(const struct hmap *matches, FILE *stream)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    expr_matches_format(matches, &s);
    fputs(ds_cstr(&s), stream);
    ds_destroy(&s);
}
