/* test-ovn.c: "ovstest test-ovn", unit tests of the logical flow language
 * library (lib/lex.c, lib/expr*.c, lib/logical-fields.c).
 *
 * Most subcommands read one input per line from stdin and print one
 * result per line:
 *
 *   lex              the tokens, re-serialized, separated by spaces
 *   parse-expr       the expression as parsed
 *   annotate-expr    ...after expr_annotate()
 *   simplify-expr    ...after expr_simplify()
 *   normalize-expr   ...after expr_normalize()
 *   expr-to-flows    the OpenFlow matches, one per line
 *
 * Errors print as the message alone (or error("...") for lex).  Options
 * "-t NAME=VALUE" define template variables, which every line is expanded
 * with first; "--echo" prints each input line, after "# ", before its
 * result.  The test environment has address sets, port groups,
 * logical ports and resident ports described in build_env(). */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"
#include "lex.h"
#include "logical-fields.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/shash.h"
#include "ovstest.h"
#include "simap.h"
#include "smap.h"
#include "sset.h"
#include "test-ovn.h"
#include "tests/fuzz/expr-fuzz.h"
#include "util.h"

/* Everything a test expression may refer to. */
struct test_env {
    struct shash symtab;        /* Symbols (ovn_init_symtab()). */
    struct shash addr_sets;     /* "$name" sets. */
    struct shash port_groups;   /* "@name" sets. */
    struct smap template_vars;  /* "^name" values. */
    bool echo;                  /* Print each input before its result. */
    struct simap ports;         /* Logical port name to key. */
    struct sset resident;       /* Ports resident on this chassis. */
};

/* Fills 'env' with the fixed test environment. */
static void
build_env(struct test_env *env)
{
    ovn_init_symtab(&env->symtab);

    shash_init(&env->addr_sets);
    static const char *const set1[] = { "10.0.0.1", "10.0.0.2",
                                        "10.0.0.3" };
    static const char *const set2[] = { "172.16.0.0/16", "172.16.1.1",
                                        "192.168.1.0/24" };
    static const char *const set_mac[] = { "00:00:00:00:00:01",
                                           "00:00:00:00:00:02" };
    static const char *const set_ip6[] = { "fd00::1", "fd00::/64",
                                           "2001:db8::1" };
    expr_const_sets_add_integers(&env->addr_sets, "set1", set1,
                                 ARRAY_SIZE(set1));
    expr_const_sets_add_integers(&env->addr_sets, "set2", set2,
                                 ARRAY_SIZE(set2));
    expr_const_sets_add_integers(&env->addr_sets, "set_mac", set_mac,
                                 ARRAY_SIZE(set_mac));
    expr_const_sets_add_integers(&env->addr_sets, "set_ip6", set_ip6,
                                 ARRAY_SIZE(set_ip6));
    expr_const_sets_add_integers(&env->addr_sets, "set_empty", NULL, 0);

    shash_init(&env->port_groups);
    static const char *const pg1[] = { "lsp1", "lsp2", "lsp3" };
    static const char *const pg2[] = { "lsp2", "lsp4" };
    static const char *const pg_remote[] = { "lsp1", "remote1",
                                             "remote2" };
    struct sset local = SSET_INITIALIZER(&local);
    sset_add(&local, "lsp1");
    expr_const_sets_add_strings(&env->port_groups, "pg1", pg1,
                                ARRAY_SIZE(pg1), NULL);
    expr_const_sets_add_strings(&env->port_groups, "pg2", pg2,
                                ARRAY_SIZE(pg2), NULL);
    expr_const_sets_add_strings(&env->port_groups, "pg_local", pg_remote,
                                ARRAY_SIZE(pg_remote), &local);
    expr_const_sets_add_strings(&env->port_groups, "pg_empty", NULL, 0,
                                NULL);
    sset_destroy(&local);

    smap_init(&env->template_vars);
    env->echo = false;

    simap_init(&env->ports);
    simap_put(&env->ports, "eth0", 5);
    simap_put(&env->ports, "eth1", 6);
    simap_put(&env->ports, "LOCAL", 0xfffe);
    simap_put(&env->ports, "lsp1", 0x11);
    simap_put(&env->ports, "lsp2", 0x12);
    simap_put(&env->ports, "lsp3", 0x13);
    simap_put(&env->ports, "lsp4", 0x14);

    sset_init(&env->resident);
    sset_add(&env->resident, "eth0");
    sset_add(&env->resident, "lsp1");
}

/* Frees 'env'. */
static void
destroy_env(struct test_env *env)
{
    expr_symtab_destroy(&env->symtab);
    expr_const_sets_destroy(&env->addr_sets);
    expr_const_sets_destroy(&env->port_groups);
    smap_destroy(&env->template_vars);
    simap_destroy(&env->ports);
    sset_destroy(&env->resident);
}

/* lookup_port callback for expr_to_matches() over 'env->ports'. */
static bool
lookup_port_cb(const void *env_, const char *port_name, unsigned int *portp)
{
    const struct test_env *env = env_;
    const struct simap_node *node = simap_find(&env->ports, port_name);
    if (node) {
        *portp = node->data;
    }
    return node != NULL;
}

/* is_chassis_resident callback over 'env->resident'. */
static bool
is_chassis_resident_cb(const void *env_, const char *port_name)
{
    const struct test_env *env = env_;
    return sset_contains(&env->resident, port_name);
}

/* Checks that 'text', the formatting of a token, lexes back to a token
 * that formats identically; complains on stdout otherwise. */
static void
check_token_roundtrip(const char *text)
{
    struct lex_token token;
    const char *start;
    const char *end = lex_token_parse(&token, text, &start);

    struct ds again = DS_EMPTY_INITIALIZER;
    lex_token_format(&token, &again);
    if (*end || strcmp(ds_cstr(&again), text)) {
        printf("token \"%s\" reads back as \"%s\"\n", text,
               ds_cstr(&again));
    }
    ds_destroy(&again);
    lex_token_destroy(&token);
}

/* Prints the tokens of 'line', each formatted, separated by spaces. */
static void
do_lex(const char *line)
{
    struct ds output = DS_EMPTY_INITIALIZER;
    struct lexer lexer;

    lexer_init(&lexer, line);
    while (lexer_get(&lexer) != LEX_T_END) {
        if (output.length) {
            ds_put_char(&output, ' ');
        }
        if (lexer.token.type != LEX_T_ERROR) {
            struct ds token = DS_EMPTY_INITIALIZER;
            lex_token_format(&lexer.token, &token);
            check_token_roundtrip(ds_cstr(&token));
            ds_destroy(&token);
        }
        lex_token_format(&lexer.token, &output);
    }
    puts(ds_cstr(&output));
    ds_destroy(&output);
    lexer_destroy(&lexer);
}

/* How far to take each expression. */
enum expr_stage {
    STAGE_PARSE,
    STAGE_ANNOTATE,
    STAGE_SIMPLIFY,
    STAGE_NORMALIZE,
    STAGE_FLOWS,
};

/* Takes 'line' through 'stage' and prints the result. */
static void
do_expr(struct test_env *env, const char *line, enum expr_stage stage)
{
    char *error;
    struct expr *e = expr_parse_string(line, &env->symtab, &env->addr_sets,
                                       &env->port_groups, NULL, NULL, 0,
                                       &error);
    if (e && stage >= STAGE_ANNOTATE) {
        e = expr_annotate(e, &env->symtab, &error);
    }
    if (e && stage >= STAGE_SIMPLIFY) {
        e = expr_simplify(e);
    }
    if (e && stage >= STAGE_NORMALIZE) {
        if (stage >= STAGE_FLOWS) {
            e = expr_evaluate_condition(e, is_chassis_resident_cb, env);
        }
        e = expr_normalize(e);
        ovs_assert(expr_is_normalized(e));
    }

    if (!e) {
        puts(error);
        free(error);
    } else if (stage == STAGE_FLOWS) {
        struct hmap matches;
        expr_to_matches(e, lookup_port_cb, env, &matches);
        expr_matches_print(&matches, stdout);
        expr_matches_destroy(&matches);
    } else {
        ovs_assert(expr_honors_invariants(e));
        expr_print(e);
    }
    expr_destroy(e);
}

/* Reads lines from stdin, expands templates, and passes them to the
 * subcommand. */
static void
run_lines(struct test_env *env, const char *command)
{
    struct ds line = DS_EMPTY_INITIALIZER;

    while (!ds_get_line(&line, stdin)) {
        if (env->echo) {
            printf("# %s\n", ds_cstr(&line));
        }
        char *input = lexer_parse_template_string(ds_cstr(&line),
                                                  &env->template_vars,
                                                  NULL);
        if (!strcmp(command, "lex")) {
            do_lex(input);
        } else if (!strcmp(command, "parse-expr")) {
            do_expr(env, input, STAGE_PARSE);
        } else if (!strcmp(command, "annotate-expr")) {
            do_expr(env, input, STAGE_ANNOTATE);
        } else if (!strcmp(command, "simplify-expr")) {
            do_expr(env, input, STAGE_SIMPLIFY);
        } else if (!strcmp(command, "normalize-expr")) {
            do_expr(env, input, STAGE_NORMALIZE);
        } else {
            do_expr(env, input, STAGE_FLOWS);
        }
        free(input);
        fflush(stdout);
    }
    ds_destroy(&line);
}

/* Prints every symbol of the symbol table, sorted. */
static void
dump_symtab(const struct test_env *env)
{
    const struct shash_node **nodes = shash_sort(&env->symtab);
    for (size_t i = 0; i < shash_count(&env->symtab); i++) {
        struct ds s = DS_EMPTY_INITIALIZER;
        expr_symbol_format(nodes[i]->data, &s);
        puts(ds_cstr(&s));
        ds_destroy(&s);
    }
    free(nodes);
}

/* "add-integers VALUE...": builds an address set from the VALUEs with
 * expr_const_sets_add_integers() and prints it; bad values are logged. */
static void
add_integers(int argc, char *argv[])
{
    struct shash sets = SHASH_INITIALIZER(&sets);
    expr_const_sets_add_integers(&sets, "set", (const char *const *) argv,
                                 argc);

    struct ds s = DS_EMPTY_INITIALIZER;
    expr_constant_set_format(shash_find_data(&sets, "set"), &s);
    puts(ds_cstr(&s));
    ds_destroy(&s);
    expr_const_sets_destroy(&sets);
}

/* "recursive-symbol": annotating a symbol whose prerequisites refer to
 * itself must fail rather than recurse forever. */
static void
recursive_symbol(void)
{
    struct shash symtab = SHASH_INITIALIZER(&symtab);
    expr_symtab_add_field(&symtab, "self", MFF_REG0, "self == 1", false);
    expr_symtab_add_field(&symtab, "a", MFF_REG1, "b == 1", false);
    expr_symtab_add_field(&symtab, "b", MFF_REG2, "a == 1", false);

    static const char *const inputs[] = { "self == 2", "a == 3" };
    for (size_t i = 0; i < ARRAY_SIZE(inputs); i++) {
        char *error;
        struct expr *e = expr_parse_string(inputs[i], &symtab, NULL, NULL,
                                           NULL, NULL, 0, &error);
        ovs_assert(e);
        e = expr_annotate(e, &symtab, &error);
        if (e) {
            expr_print(e);
            expr_destroy(e);
        } else {
            puts(error);
            free(error);
        }
    }
    expr_symtab_destroy(&symtab);
}

/* Feeds one input to the fuzzing step, counting it. */
static void
fuzz_one(const struct expr_fuzz_env *env, const char *input, size_t len,
         unsigned long long *n)
{
    expr_fuzz_one_input(env, (const uint8_t *) input, len);
    (*n)++;
}

/* "fuzz-corpus [--mutate] FILE...": runs every line of each FILE through
 * the fuzzing step of tests/fuzz/expr-fuzz.c, in the normal build.  With
 * --mutate, also every prefix of each line and the line with each one
 * character deleted. */
static void
fuzz_corpus(int argc, char *argv[])
{
    struct expr_fuzz_env *env = expr_fuzz_env_create();
    unsigned long long n = 0;
    bool mutate = false;

    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--mutate")) {
            mutate = true;
            continue;
        }

        FILE *stream = fopen(argv[i], "r");
        if (!stream) {
            ovs_fatal(errno, "%s: open failed", argv[i]);
        }
        struct ds line = DS_EMPTY_INITIALIZER;
        while (!ds_get_line(&line, stream)) {
            const char *s = ds_cstr(&line);
            size_t len = line.length;

            fuzz_one(env, s, len, &n);
            if (mutate) {
                char *copy = xmalloc(len + 1);
                for (size_t j = 0; j < len; j++) {
                    fuzz_one(env, s, j, &n);

                    memcpy(copy, s, j);
                    memcpy(copy + j, s + j + 1, len - j);
                    fuzz_one(env, copy, len - 1, &n);
                }
                free(copy);
            }
        }
        ds_destroy(&line);
        fclose(stream);
    }
    printf("Ran %llu inputs.\n", n);
    expr_fuzz_env_destroy(env);
}

/* Dispatches "ovstest test-ovn SUBCOMMAND [-t NAME=VALUE]... [--echo]
 * [ARG...]". */
static void
test_ovn_main(struct ovs_cmdl_context *ctx)
{
    if (ctx->argc < 2) {
        ovs_fatal(0, "usage: test-ovn SUBCOMMAND [ARG...]");
    }
    const char *command = ctx->argv[1];

    if (!strcmp(command, "exhaustive")) {
        test_ovn_exhaustive(ctx->argc - 2, ctx->argv + 2);
        return;
    } else if (!strcmp(command, "kit-flows")) {
        test_ovn_kit_flows(ctx->argc - 2, ctx->argv + 2);
        return;
    } else if (!strcmp(command, "fuzz-corpus")) {
        fuzz_corpus(ctx->argc - 2, ctx->argv + 2);
        return;
    } else if (!strcmp(command, "add-integers")) {
        add_integers(ctx->argc - 2, ctx->argv + 2);
        return;
    } else if (!strcmp(command, "recursive-symbol")) {
        recursive_symbol();
        return;
    } else if (test_ovn_actions_command(command, ctx->argc - 2,
                                        ctx->argv + 2)) {
        return;
    }

    struct test_env env;
    build_env(&env);
    for (int i = 2; i < ctx->argc; i++) {
        const char *arg = ctx->argv[i];
        if (!strcmp(arg, "--echo")) {
            env.echo = true;
        } else if (!strcmp(arg, "-t") && i + 1 < ctx->argc) {
            char *var = xstrdup(ctx->argv[++i]);
            char *eq = strchr(var, '=');
            if (!eq) {
                ovs_fatal(0, "-t requires NAME=VALUE");
            }
            *eq = '\0';
            smap_replace(&env.template_vars, var, eq + 1);
            free(var);
        } else {
            ovs_fatal(0, "unknown argument %s", arg);
        }
    }

    if (!strcmp(command, "dump-symtab")) {
        dump_symtab(&env);
    } else if (!strcmp(command, "lex")
               || !strcmp(command, "parse-expr")
               || !strcmp(command, "annotate-expr")
               || !strcmp(command, "simplify-expr")
               || !strcmp(command, "normalize-expr")
               || !strcmp(command, "expr-to-flows")) {
        run_lines(&env, command);
    } else {
        ovs_fatal(0, "unknown subcommand %s", command);
    }
    destroy_env(&env);
}

OVSTEST_REGISTER("test-ovn", test_ovn_main);
