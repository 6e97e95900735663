/* actions-parse-fuzzer.c: libFuzzer target for the logical action
 * language.
 *
 * Feeds each input to template expansion and the action parser, formatter
 * and encoder (see tests/fuzz/actions-fuzz.c).  Build it with "make
 * fuzz-targets" and run it as Documentation/testing.rst describes, with
 * tests/fuzz/actions-seeds.txt as a seed corpus (one input per line). */

#include <config.h>

#include <stddef.h>
#include <stdint.h>

#include "actions-fuzz.h"
#include "openvswitch/vlog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* libFuzzer calls LLVMFuzzerTestOneInput() with nothing but the input, so
 * the environment, built on the first call and reused for speed, can only
 * live here. */
static struct actions_fuzz_env *fuzz_env;

/* libFuzzer's entry point: one input. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!fuzz_env) {
        vlog_set_levels(NULL, VLF_ANY_DESTINATION, VLL_OFF);
        fuzz_env = actions_fuzz_env_create();
    }
    actions_fuzz_one_input(fuzz_env, data, size);
    return 0;
}
