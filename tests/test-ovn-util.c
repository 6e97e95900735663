/* test-ovn-util.c: unit tests of lib/ovn-util.c and lib/ovn-dirs.c. */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ovn-dirs.h"
#include "ovn-util.h"
#include "ovstest.h"

/* "ovstest test-ovn-util default-dbs": prints the default database
 * remotes and run directory, as the environment makes them. */
static void
test_default_dbs(void)
{
    printf("rundir: %s\n", ovn_rundir());
    printf("nb: %s\n", default_nb_db());
    printf("sb: %s\n", default_sb_db());
    printf("ic-nb: %s\n", default_ic_nb_db());
    printf("ic-sb: %s\n", default_ic_sb_db());
}

/* "ovstest test-ovn-util ctl-path [PATH...]": prints the control socket
 * path that a daemon given --unixctl=PATH would use, or its default when
 * PATH is "-". */
static void
test_ctl_path(int argc, char *argv[])
{
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        char *path = get_abs_unix_ctl_path(strcmp(arg, "-") ? arg : NULL);
        printf("%s\n", path);
        free(path);
    }
}

/* Dispatches "ovstest test-ovn-util SUBCOMMAND [ARG...]". */
static void
test_ovn_util_main(struct ovs_cmdl_context *ctx)
{
    if (ctx->argc < 2) {
        ovs_fatal(0, "usage: test-ovn-util default-dbs|ctl-path [ARG...]");
    }
    const char *sub = ctx->argv[1];
    if (!strcmp(sub, "default-dbs")) {
        test_default_dbs();
    } else if (!strcmp(sub, "ctl-path")) {
        test_ctl_path(ctx->argc - 2, ctx->argv + 2);
    } else {
        ovs_fatal(0, "unknown subcommand %s", sub);
    }
}

OVSTEST_REGISTER("test-ovn-util", test_ovn_util_main);
