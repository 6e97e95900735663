/* ovstest.h: registration of unit-test commands in the ovstest binary.
 *
 * Each test-*.c file registers its commands with OVSTEST_REGISTER; the
 * binary runs "ovstest COMMAND [ARG...]" by calling the registered
 * function with argv[0] set to COMMAND. */

#ifndef OVSTEST_H
#define OVSTEST_H 1

#include "command-line.h"
#include "compiler.h"

/* Adds 'name', run by 'main_func', to ovstest's commands.  Called from the
 * constructors that OVSTEST_REGISTER defines. */
void ovstest_register(const char *name, ovs_cmdl_handler main_func);

/* Registers unit-test command NAME, implemented by FUNCTION, which takes
 * a "struct ovs_cmdl_context *" whose argv[0] is NAME. */
#define OVSTEST_REGISTER(NAME, FUNCTION)                  \
    OVS_CONSTRUCTOR(register_##FUNCTION) {                \
        ovstest_register(NAME, FUNCTION);                 \
    }

#endif /* ovstest.h */
