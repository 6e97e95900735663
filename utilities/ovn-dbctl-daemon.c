/* ovn-dbctl-daemon.c: daemon mode of ovn-nbctl and ovn-sbctl.
 *
 * "ovn-nbctl --detach" starts a daemon that keeps a replica of the
 * database and prints the path of its control socket.  Later invocations
 * that find that path in $OVN_NB_DAEMON (or the tool's variable), or get
 * it with -u, send their options and commands to the daemon's "run"
 * command instead of connecting to the database themselves, and print the
 * daemon's reply: the same output, errors and exit status as running the
 * commands directly, but without fetching the database each time. */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>

#include "command-line.h"
#include "db-ctl-base.h"
#include "jsonrpc.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/poll-loop.h"
#include "ovn-dbctl-private.h"
#include "ovn-util.h"
#include "ovsdb-idl.h"
#include "process.h"
#include "svec.h"
#include "timeval.h"
#include "unixctl.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(dbctl_daemon);

/* The data that a daemon's "run" command needs. */
struct dbctl_server {
    struct dbctl *d;            /* The process's state. */
    bool exiting;               /* Set by the "exit" command. */
};

/* unixctl "run [OPTIONS] COMMAND [ARG...] [-- ...]": runs one invocation
 * and replies with its output or its error. */
static void
server_cmd_run(struct unixctl_conn *conn, int argc, const char **argv_,
               void *server_)
{
    struct dbctl_server *server = server_;
    struct dbctl *d = server->d;

    /* getopt() permutes its argument: work on a copy, null-terminated. */
    char **argv = xcalloc(argc + 1, sizeof *argv);
    for (int i = 0; i < argc; i++) {
        argv[i] = xstrdup(argv_[i]);
    }

    struct dbctl_invocation inv;
    dbctl_invocation_init(&inv);

    struct ds output = DS_EMPTY_INITIALIZER;
    int n_options;
    char *error = dbctl_parse_options(d, MODE_DAEMON_RUN, argc, argv, &inv,
                                      &n_options);
    if (!error) {
        char *args = process_escape_args(argv);
        error = dbctl_parse_and_execute(d, &inv, argc - n_options,
                                        argv + n_options, args,
                                        ovsdb_idl_has_ever_connected(d->idl),
                                        &output);
        free(args);
    }

    if (error) {
        unixctl_command_reply_error(conn, error);
        free(error);
    } else {
        unixctl_command_reply(conn, ds_cstr(&output));
    }

    ds_destroy(&output);
    dbctl_invocation_destroy(&inv);
    for (int i = 0; i < argc; i++) {
        free(argv[i]);
    }
    free(argv);
}

/* unixctl "exit": makes the daemon exit. */
static void
server_cmd_exit(struct unixctl_conn *conn, int argc OVS_UNUSED,
                const char *argv[] OVS_UNUSED, void *server_)
{
    struct dbctl_server *server = server_;
    server->exiting = true;
    unixctl_command_reply(conn, NULL);
}

/* Runs as a daemon: detaches, prints the control socket's path, and serves
 * "run" and "exit" requests until asked to exit. */
void
dbctl_server_loop(struct dbctl *d)
{
    daemonize_start(false);

    char *path = get_abs_unix_ctl_path(d->unixctl_path);
    struct unixctl_server *unixctl;
    int error = unixctl_server_create(path, &unixctl);
    free(path);
    if (error) {
        ctl_fatal("failed to create unixctl server (%s)",
                  ovs_retval_to_string(error));
    }
    puts(unixctl_server_get_path(unixctl));
    fflush(stdout);

    struct dbctl_server server = { .d = d, .exiting = false };
    unixctl_command_register("run", "", 0, INT_MAX, server_cmd_run, &server);
    unixctl_command_register("exit", "", 0, 0, server_cmd_exit, &server);

    dbctl_connect_idl(d, true);
    daemonize_complete();

    while (!server.exiting) {
        ovsdb_idl_run(d->idl);
        unixctl_server_run(unixctl);
        if (server.exiting) {
            break;
        }
        ovsdb_idl_wait(d->idl);
        unixctl_server_wait(unixctl);
        poll_block();
    }

    unixctl_server_destroy(unixctl);
    ovsdb_idl_destroy(d->idl);
}

/* Client side of daemon mode: sends the invocation in 'argv' (whose options
 * have been parsed into 'parsed') to the daemon at 'socket_name' and exits
 * with the daemon's result.  Returns, without doing anything, if an option
 * asks for something that the daemon cannot do, so that the caller runs
 * the invocation itself. */
static void
run_as_client(struct dbctl *d, const char *socket_name,
              const struct ovs_cmdl_parsed_option *parsed, size_t n_parsed,
              int argc, char *argv[], int first_command)
{
    struct svec args = SVEC_EMPTY_INITIALIZER;
    unsigned int timeout = 0;

    for (size_t i = 0; i < n_parsed; i++) {
        const struct ovs_cmdl_parsed_option *po = &parsed[i];

        if (dbctl_apply_common_option(d, po)) {
            continue;
        }

        optarg = po->arg;
        switch (po->o->val) {
        case OPT_DB:
            VLOG_WARN("not using %s daemon because of %s option",
                      program_name, po->o->name);
            svec_destroy(&args);
            return;

        case 'u':
            socket_name = po->arg;
            break;

        case 't':
            if (!str_to_uint(po->arg, 10, &timeout) || !timeout) {
                ctl_fatal("value %s on -t or --timeout is invalid", po->arg);
            }
            break;

        case OPT_LEADER_ONLY:
        case OPT_NO_LEADER_ONLY:
        case OPT_SHUFFLE_REMOTES:
        case OPT_NO_SHUFFLE_REMOTES:
        case OPT_BOOTSTRAP_CA_CERT:
        STREAM_SSL_CASES
        DAEMON_OPTION_CASES
            VLOG_INFO("using %s daemon, ignoring %s option",
                      program_name, po->o->name);
            break;

        VLOG_OPTION_HANDLERS

        default:
            /* The daemon applies the invocation's own options. */
            if (po->arg) {
                svec_add_nocopy(&args, xasprintf("--%s=%s",
                                                 po->o->name, po->arg));
            } else {
                svec_add_nocopy(&args, xasprintf("--%s", po->o->name));
            }
            break;
        }
    }

    svec_add(&args, "--");
    for (int i = first_command; i < argc; i++) {
        svec_add(&args, argv[i]);
    }

    if (timeout) {
        time_alarm(timeout);
    }

    char *path = get_abs_unix_ctl_path(socket_name);
    struct jsonrpc *client;
    int error = unixctl_client_create(path, &client);
    if (error) {
        ctl_fatal("%s: could not connect to %s daemon (%s); "
                  "unset %s to avoid using daemon",
                  socket_name, program_name, ovs_strerror(error),
                  d->tool->daemon_env_var_name);
    }

    char *result, *cmd_error;
    error = unixctl_client_transact(client, "run", args.n, args.names,
                                    &result, &cmd_error);
    if (error) {
        ctl_fatal("%s: transaction error (%s)",
                  socket_name, ovs_strerror(error));
    }

    int status;
    if (cmd_error) {
        status = EXIT_FAILURE;
        fprintf(stderr, "%s: %s", program_name, cmd_error);
    } else {
        status = EXIT_SUCCESS;
        fputs(result, stdout);
    }
    free(result);
    free(cmd_error);
    jsonrpc_close(client);
    free(path);
    svec_destroy(&args);
    exit(status);
}

/* Returns true if 'parsed' holds --detach. */
static bool
will_detach(const struct ovs_cmdl_parsed_option *parsed, size_t n_parsed)
{
    for (size_t i = 0; i < n_parsed; i++) {
        if (parsed[i].o->val == OPT_DETACH) {
            return true;
        }
    }
    return false;
}

/* If the invocation in 'argv' should go to a daemon, sends it there and
 * exits.  Otherwise returns and lets the caller run it. */
void
dbctl_maybe_run_as_client(struct dbctl *d, int argc, char *argv[])
{
    struct ovs_cmdl_parsed_option *parsed;
    size_t n_parsed;

    char *error = ovs_cmdl_parse_all(argc, argv, d->long_options,
                                     &parsed, &n_parsed);
    if (error) {
        ctl_fatal("%s", error);
    }
    int first_command = optind;

    const char *socket_name = getenv(d->tool->daemon_env_var_name);
    for (size_t i = 0; i < n_parsed; i++) {
        if (parsed[i].o->val == 'u') {
            socket_name = parsed[i].arg;
        }
    }
    if (socket_name && socket_name[0] && !will_detach(parsed, n_parsed)) {
        run_as_client(d, socket_name, parsed, n_parsed, argc, argv,
                      first_command);
    }
    free(parsed);
}

/* Entry point of a tool described by 'tool'. */
