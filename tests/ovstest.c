/* ovstest.c: the ovstest binary, which runs unit-test commands that the
 * test-*.c files register with OVSTEST_REGISTER. */

#include <config.h>

#include "ovstest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ovn-util.h"
#include "util.h"

/* The registered commands, in registration order, ending with a null
 * entry as ovs_cmdl_run_command() expects. */
struct ovstest_commands {
    struct ovs_cmdl_command *cmds;  /* The commands. */
    size_t n;                       /* Number of commands, not counting the
                                     * null terminator. */
    size_t allocated;               /* Capacity of 'cmds'. */
};

/* Registration runs from constructors, before main() can hand anything
 * to anyone, so the command table is necessarily a file-scope object. */
static struct ovstest_commands commands;

void
ovstest_register(const char *name, ovs_cmdl_handler main_func)
{
    /* Room for the new command and the null terminator. */
    while (commands.n + 2 > commands.allocated) {
        commands.cmds = x2nrealloc(commands.cmds, &commands.allocated,
                                   sizeof *commands.cmds);
    }
    struct ovs_cmdl_command *cmd = &commands.cmds[commands.n++];
    *cmd = (struct ovs_cmdl_command) {
        .name = name,
        .usage = NULL,
        .min_args = 0,
        .max_args = INT_MAX,
        .handler = main_func,
        .mode = OVS_RW,
    };
    commands.cmds[commands.n] = (struct ovs_cmdl_command) { .name = NULL };
}

/* Prints the names of the registered commands. */
static void
list_commands(void)
{
    for (size_t i = 0; i < commands.n; i++) {
        printf("%s\n", commands.cmds[i].name);
    }
}

int
main(int argc, char *argv[])
{
    ovn_set_program_name(argv[0]);

    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        printf("usage: %s COMMAND [ARG...]\ncommands:\n", program_name);
        list_commands();
        exit(argc < 2 ? EXIT_FAILURE : EXIT_SUCCESS);
    }
    if (!strcmp(argv[1], "--list")) {
        list_commands();
        return 0;
    }

    /* Each command sees its own name as argv[0] and parses the rest. */
    struct ovs_cmdl_context ctx = {
        .argc = argc - 1,
        .argv = argv + 1,
    };
    for (size_t i = 0; i < commands.n; i++) {
        if (!strcmp(commands.cmds[i].name, argv[1])) {
            set_program_name(argv[1]);
            commands.cmds[i].handler(&ctx);
            return 0;
        }
    }
    ovs_fatal(0, "unknown command '%s'; use --list to list commands",
              argv[1]);
}
