/* test-ovn.h: the parts of "ovstest test-ovn" that live in their own
 * files (tests/test-ovn-exhaustive.c, tests/test-ovn-kit.c). */

#ifndef TEST_OVN_H
#define TEST_OVN_H 1

/* "ovstest test-ovn exhaustive [OPTION...] N_TERMS". */
void test_ovn_exhaustive(int argc, char *argv[]);

/* "ovstest test-ovn kit-flows SCENARIO_DIR". */
void test_ovn_kit_flows(int argc, char *argv[]);

/* The action language subcommands (tests/test-ovn-actions.c):
 * parse-actions, kit-actions, fuzz-actions-corpus.  Runs 'command' and
 * returns true if it is one of them. */
#include <stdbool.h>
bool test_ovn_actions_command(const char *command, int argc, char *argv[]);

#endif /* test-ovn.h */
