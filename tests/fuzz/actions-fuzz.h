/* actions-fuzz.h: one fuzzing step over the logical action language,
 * shared by the libFuzzer target (tests/fuzz/actions-parse-fuzzer.c) and
 * by "ovstest test-ovn fuzz-actions-corpus", which replays inputs in the
 * normal build. */

#ifndef ACTIONS_FUZZ_H
#define ACTIONS_FUZZ_H 1

#include <stddef.h>
#include <stdint.h>

struct actions_fuzz_env;

struct actions_fuzz_env *actions_fuzz_env_create(void);
void actions_fuzz_env_destroy(struct actions_fuzz_env *);
void actions_fuzz_one_input(struct actions_fuzz_env *,
                            const uint8_t *data, size_t size);

#endif /* actions-fuzz.h */
