/* expr-fuzz.h: one fuzzing step over the logical match language, shared
 * by the libFuzzer target (tests/fuzz/expr-parse-fuzzer.c) and by
 * "ovstest test-ovn fuzz-corpus", which replays inputs in the normal
 * build. */

#ifndef EXPR_FUZZ_H
#define EXPR_FUZZ_H 1

#include <stddef.h>
#include <stdint.h>

struct expr_fuzz_env;

struct expr_fuzz_env *expr_fuzz_env_create(void);
void expr_fuzz_env_destroy(struct expr_fuzz_env *);
void expr_fuzz_one_input(const struct expr_fuzz_env *,
                         const uint8_t *data, size_t size);

#endif /* expr-fuzz.h */
