/* ovn-appctl: sends a command to a running OVN daemon over its control
 * socket and prints the reply.
 *
 * It is ovs-appctl for OVN: a target given by name ("ovn-northd") is
 * looked up through its pidfile in OVN's run directory ($OVN_RUNDIR), not
 * Open vSwitch's; a target that is a path names the socket itself. */

#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "command-line.h"
#include "daemon.h"
#include "jsonrpc.h"
#include "ovn-dirs.h"
#include "ovn-util.h"
#include "timeval.h"
#include "unixctl.h"
#include "util.h"
#include "openvswitch/vlog.h"

/* The daemon that commands go to when no --target is given. */
#define DEFAULT_TARGET "ovn-controller"

/* Prints the help text and exits successfully. */
static void
usage(void)
{
    printf("\
%s, for querying and controlling Open Virtual Network daemons\n\
usage: %s [TARGET] COMMAND [ARG...]\n\
Targets:\n\
  -t, --target=TARGET  pidfile or socket to contact\n\
Common commands:\n\
  list-commands      List commands supported by the target\n\
  version            Print version of the target\n\
  vlog/list          List current logging levels\n\
  vlog/list-pattern  List logging patterns for each destination.\n\
  vlog/set [SPEC]\n\
      Set log levels as detailed in SPEC, which may include:\n\
      A valid module name (all modules, by default)\n\
      'syslog', 'console', 'file' (all destinations, by default))\n\
      'off', 'emer', 'err', 'warn', 'info', or 'dbg' ('dbg', bydefault)\n\
  vlog/reopen        Make the program reopen its log file\n\
Other options:\n\
  --timeout=SECS     wait at most SECS seconds for a response\n\
  -h, --help         Print this helpful information\n\
  -V, --version      Display ovn-appctl version information\n",
           program_name, program_name);
    exit(EXIT_SUCCESS);
}

/* Parses the options in 'argv' and returns the target to contact.  On
 * return, optind indexes the command. */
static const char *
parse_command_line(int argc, char *argv[])
{
    enum {
        OPT_START = UCHAR_MAX + 1,
        VLOG_OPTION_ENUMS
    };
    static const struct option long_options[] = {
        {"target", required_argument, NULL, 't'},
        {"execute", no_argument, NULL, 'e'},
        {"help", no_argument, NULL, 'h'},
        {"option", no_argument, NULL, 'o'},
        {"version", no_argument, NULL, 'V'},
        {"timeout", required_argument, NULL, 'T'},
        VLOG_LONG_OPTIONS,
        {NULL, 0, NULL, 0},
    };
    char *short_options_ = ovs_cmdl_long_options_to_short_options(
        long_options);
    /* '+' stops at the first non-option: the command's own arguments may
     * look like options. */
    char *short_options = xasprintf("+%s", short_options_);
    const char *target = NULL;
    unsigned int timeout = 0;
    int n_execute = 0;

    for (;;) {
        int option = getopt_long(argc, argv, short_options, long_options,
                                 NULL);
        if (option == -1) {
            break;
        }
        switch (option) {
        case 't':
            if (target) {
                ovs_fatal(0, "-t or --target may be specified only once");
            }
            target = optarg;
            break;

        case 'e':
            /* Accepted for compatibility with old scripts, which passed the
             * command right after -e. */
            if (n_execute++) {
                ovs_fatal(0, "-e or --execute may be specified only once");
            }
            break;

        case 'h':
            usage();
            break;

        case 'o':
            ovs_cmdl_print_options(long_options);
            exit(EXIT_SUCCESS);

        case 'T':
            if (!str_to_uint(optarg, 10, &timeout) || !timeout) {
                ovs_fatal(0, "value %s on -T or --timeout is invalid",
                          optarg);
            }
            break;

        case 'V':
            ovn_print_version(0, 0, NULL);
            exit(EXIT_SUCCESS);

        VLOG_OPTION_HANDLERS

        case '?':
            exit(EXIT_FAILURE);

        default:
            OVS_NOT_REACHED();
        }
    }
    free(short_options_);
    free(short_options);

    ctl_timeout_setup(timeout);

    if (optind >= argc) {
        ovs_fatal(0, "at least one non-option argument is required "
                  "(use --help for help)");
    }
    return target ? target : DEFAULT_TARGET;
}

/* Opens a JSON-RPC connection to 'target': a socket path if it starts with
 * '/', otherwise the name of a daemon whose pidfile is in OVN's run
 * directory. */
static struct jsonrpc *
connect_to_target(const char *target)
{
    char *socket_name;
    if (target[0] != '/') {
        char *pidfile_name = xasprintf("%s/%s.pid", ovn_rundir(), target);
        pid_t pid = read_pidfile(pidfile_name);
        if (pid < 0) {
            ovs_fatal(-pid, "cannot read pidfile \"%s\"", pidfile_name);
        }
        free(pidfile_name);
        socket_name = xasprintf("%s/%s.%ld.ctl", ovn_rundir(), target,
                                (long int) pid);
    } else {
        socket_name = xstrdup(target);
    }

    struct jsonrpc *client;
    int error = unixctl_client_create(socket_name, &client);
    if (error) {
        ovs_fatal(error, "cannot connect to \"%s\"", socket_name);
    }
    free(socket_name);
    return client;
}

int
main(int argc, char *argv[])
{
    ovn_set_program_name(argv[0]);

    const char *target = parse_command_line(argc, argv);
    struct jsonrpc *client = connect_to_target(target);

    const char *cmd = argv[optind++];
    char **cmd_argv = argv + optind;
    int cmd_argc = argc - optind;

    char *cmd_result = NULL;
    char *cmd_error = NULL;
    int error = unixctl_client_transact(client, cmd, cmd_argc, cmd_argv,
                                        &cmd_result, &cmd_error);
    if (error) {
        ovs_fatal(error, "%s: transaction error", target);
    }
    jsonrpc_close(client);

    if (cmd_error) {
        fputs(cmd_error, stderr);
        ovs_error(0, "%s: server returned an error", target);
        exit(2);
    }
    fputs(cmd_result ? cmd_result : "", stdout);
    free(cmd_result);
    return 0;
}
