/* expr-parse-fuzzer.c: libFuzzer target for the logical match language.
 *
 * Feeds each input to the lexer, the template expander and the parser,
 * annotator, simplifier, normalizer and OpenFlow conversion (see
 * tests/fuzz/expr-fuzz.c).  Build it with "make fuzz-targets" and run it
 * as Documentation/testing.rst describes. */

#include <config.h>

#include <stddef.h>
#include <stdint.h>

#include "expr-fuzz.h"
#include "openvswitch/vlog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* libFuzzer calls LLVMFuzzerTestOneInput() with nothing but the input, so
 * the environment, built on the first call and reused for speed, can only
 * live here. */
static struct expr_fuzz_env *fuzz_env;

/* libFuzzer's entry point: one input. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!fuzz_env) {
        /* Malformed address set entries would log on every run. */
        vlog_set_levels(NULL, VLF_ANY_DESTINATION, VLL_OFF);
        fuzz_env = expr_fuzz_env_create();
    }
    expr_fuzz_one_input(fuzz_env, data, size);
    return 0;
}
