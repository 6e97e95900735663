/* expr-fuzz.c: runs one arbitrary input through the lexer and the whole
 * match expression pipeline, checking the invariants that every stage
 * promises.  Any crash, sanitizer report or failed assertion is a bug. */

#include <config.h>

#include "expr-fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "expr.h"
#include "lex.h"
#include "logical-fields.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/hmap.h"
#include "openvswitch/shash.h"
#include "smap.h"
#include "sset.h"
#include "util.h"

/* What fuzzed expressions may refer to. */
struct expr_fuzz_env {
    struct shash symtab;        /* OVN's symbols. */
    struct shash addr_sets;     /* "$as1", "$as2", "$empty". */
    struct shash port_groups;   /* "@pg1", "@pg_empty". */
    struct smap template_vars;  /* "^vip", "^port", "^set". */
};

/* Returns a new environment for expr_fuzz_one_input(). */
struct expr_fuzz_env *
expr_fuzz_env_create(void)
{
    struct expr_fuzz_env *env = xzalloc(sizeof *env);

    ovn_init_symtab(&env->symtab);

    static const char *const as1[] = { "10.0.0.1", "10.0.0.0/24",
                                       "fd00::1" };
    static const char *const as2[] = { "00:00:00:00:00:01", "1.2.3.4" };
    shash_init(&env->addr_sets);
    expr_const_sets_add_integers(&env->addr_sets, "as1", as1,
                                 ARRAY_SIZE(as1));
    expr_const_sets_add_integers(&env->addr_sets, "as2", as2,
                                 ARRAY_SIZE(as2));
    expr_const_sets_add_integers(&env->addr_sets, "empty", NULL, 0);

    static const char *const pg1[] = { "p1", "p2", "unknown" };
    shash_init(&env->port_groups);
    expr_const_sets_add_strings(&env->port_groups, "pg1", pg1,
                                ARRAY_SIZE(pg1), NULL);
    expr_const_sets_add_strings(&env->port_groups, "pg_empty", NULL, 0,
                                NULL);

    smap_init(&env->template_vars);
    smap_add(&env->template_vars, "vip", "10.0.0.10");
    smap_add(&env->template_vars, "port", "80");
    smap_add(&env->template_vars, "set", "{1, 2, 3}");
    return env;
}

/* Frees 'env'. */
void
expr_fuzz_env_destroy(struct expr_fuzz_env *env)
{
    if (env) {
        expr_symtab_destroy(&env->symtab);
        expr_const_sets_destroy(&env->addr_sets);
        expr_const_sets_destroy(&env->port_groups);
        smap_destroy(&env->template_vars);
        free(env);
    }
}

/* lookup_port callback: "p1" and "p2" exist. */
static bool
lookup_port(const void *aux OVS_UNUSED, const char *name, unsigned int *portp)
{
    if (!strcmp(name, "p1") || !strcmp(name, "p2")) {
        *portp = name[1] - '0';
        return true;
    }
    return false;
}

/* is_chassis_resident callback: only "p1" is here. */
static bool
is_resident(const void *aux OVS_UNUSED, const char *name)
{
    return !strcmp(name, "p1");
}

/* Lexes all of 'input', formatting every token. */
static void
fuzz_lexer(const char *input)
{
    struct lexer lexer;
    struct ds s = DS_EMPTY_INITIALIZER;

    lexer_init(&lexer, input);
    while (lexer_get(&lexer) != LEX_T_END) {
        lex_token_format(&lexer.token, &s);
        ds_put_char(&s, ' ');
    }
    lexer_destroy(&lexer);
    ds_destroy(&s);
}

/* Takes 'input' through every expression stage. */
static void
fuzz_expr(const struct expr_fuzz_env *env, const char *input)
{
    struct sset addr_sets_ref = SSET_INITIALIZER(&addr_sets_ref);
    struct sset port_groups_ref = SSET_INITIALIZER(&port_groups_ref);
    char *error;

    struct expr *e = expr_parse_string(input, &env->symtab, &env->addr_sets,
                                       &env->port_groups, &addr_sets_ref,
                                       &port_groups_ref, 0, &error);
    sset_destroy(&addr_sets_ref);
    sset_destroy(&port_groups_ref);
    if (!e) {
        ovs_assert(error);
        free(error);
        return;
    }
    ovs_assert(expr_honors_invariants(e));

    /* The printed form must parse again. */
    struct ds s = DS_EMPTY_INITIALIZER;
    expr_format(e, &s);
    struct expr *again = expr_parse_string(ds_cstr(&s), &env->symtab,
                                           &env->addr_sets,
                                           &env->port_groups, NULL, NULL,
                                           0, &error);
    ovs_assert(again);
    expr_destroy(again);
    ds_destroy(&s);

    e = expr_annotate(e, &env->symtab, &error);
    if (!e) {
        free(error);
        return;
    }
    e = expr_simplify(e);
    ovs_assert(expr_is_simplified(e));
    e = expr_evaluate_condition(e, is_resident, NULL);
    e = expr_normalize(e);
    ovs_assert(expr_is_normalized(e));

    struct hmap matches;
    expr_to_matches(e, lookup_port, NULL, &matches);
    expr_matches_prepare(&matches, 100);
    expr_matches_destroy(&matches);
    expr_destroy(e);
}

/* Runs the 'size' bytes at 'data' (up to the first null byte) through the
 * lexer, template expansion and every expression stage. */
void
expr_fuzz_one_input(const struct expr_fuzz_env *env, const uint8_t *data,
                    size_t size)
{
    char *input = xmemdup0((const char *) data, size);

    fuzz_lexer(input);

    struct sset refs = SSET_INITIALIZER(&refs);
    char *expanded = lexer_parse_template_string(input, &env->template_vars,
                                                 &refs);
    sset_destroy(&refs);

    fuzz_expr(env, expanded);

    free(expanded);
    free(input);
}
