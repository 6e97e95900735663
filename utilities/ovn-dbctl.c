/* ovn-dbctl.c: option parsing and the transaction loop shared by
 * ovn-nbctl and ovn-sbctl.
 *
 * One process runs in one of three ways (daemon mode is in
 * ovn-dbctl-daemon.c):
 *
 *   - directly: connects to the database, runs the commands of its command
 *     line in one transaction and prints their output;
 *
 *   - as a client: when $OVN_NB_DAEMON (or the tool's variable) or -u names
 *     a daemon's control socket, sends its options and commands to the
 *     daemon's "run" command and prints what the daemon replies;
 *
 *   - as a daemon (--detach): keeps a connection to the database and runs
 *     the invocations that clients send it.
 *
 * Direct runs and daemon "run" requests share the code that parses the
 * invocation's options, runs its commands and formats their output. */

#include <config.h>

#include "ovn-dbctl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "command-line.h"
#include "fatal-signal.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/poll-loop.h"
#include "ovn-dbctl-private.h"
#include "ovn-dirs.h"
#include "ovn-util.h"
#include "ovsdb-data.h"
#include "ovsdb-idl.h"
#include "ovsdb-idl-provider.h"
#include "process.h"
#include "stream.h"
#include "svec.h"
#include "timeval.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(dbctl);

/* Returns the struct ovn_dbctl_context that embeds 'ctx'. */
struct ovn_dbctl_context *
ovn_dbctl_context_cast(struct ctl_context *ctx)
{
    return CONTAINER_OF(ctx, struct ovn_dbctl_context, base);
}

/* Initializes 'inv' with the default settings of an invocation. */
void
dbctl_invocation_init(struct dbctl_invocation *inv)
{
    inv->oneline = false;
    inv->dry_run = false;
    inv->print_wait_time = false;
    inv->wait_type = OVN_DBCTL_WAIT_NONE;
    inv->timeout = 0;
    inv->table_style = table_style_default;
    shash_init(&inv->local_options);
}

/* Frees what 'inv' owns. */
void
dbctl_invocation_destroy(struct dbctl_invocation *inv)
{
    shash_destroy_free_data(&inv->local_options);
}

/* Builds the array of long options: the global options followed by every
 * option that some registered command accepts (as OPT_LOCAL). */
static struct option *
build_long_options(void)
{
    static const struct option global_long_options[] = {
        {"db", required_argument, NULL, OPT_DB},
        {"no-syslog", no_argument, NULL, OPT_NO_SYSLOG},
        {"no-wait", no_argument, NULL, OPT_NO_WAIT},
        {"wait", required_argument, NULL, OPT_WAIT},
        {"print-wait-time", no_argument, NULL, OPT_PRINT_WAIT_TIME},
        {"dry-run", no_argument, NULL, OPT_DRY_RUN},
        {"oneline", no_argument, NULL, OPT_ONELINE},
        {"timeout", required_argument, NULL, 't'},
        {"unixctl", required_argument, NULL, 'u'},
        {"help", no_argument, NULL, 'h'},
        {"commands", no_argument, NULL, OPT_COMMANDS},
        {"options", no_argument, NULL, OPT_OPTIONS},
        {"leader-only", no_argument, NULL, OPT_LEADER_ONLY},
        {"no-leader-only", no_argument, NULL, OPT_NO_LEADER_ONLY},
        {"shuffle-remotes", no_argument, NULL, OPT_SHUFFLE_REMOTES},
        {"no-shuffle-remotes", no_argument, NULL, OPT_NO_SHUFFLE_REMOTES},
        {"version", no_argument, NULL, 'V'},
        VLOG_LONG_OPTIONS,
        TABLE_LONG_OPTIONS,
        DAEMON_LONG_OPTIONS,
        STREAM_SSL_LONG_OPTIONS,
        {"bootstrap-ca-cert", required_argument, NULL, OPT_BOOTSTRAP_CA_CERT},
        {NULL, 0, NULL, 0},
    };
    const size_t n_global = ARRAY_SIZE(global_long_options) - 1;

    size_t allocated = n_global + 1;
    size_t n = n_global;
    struct option *options = xmemdup(global_long_options,
                                     allocated * sizeof *options);
    ctl_add_cmd_options(&options, &n, &allocated, OPT_LOCAL);
    return options;
}

/* Prints --version and exits. */
void
dbctl_print_version(const struct dbctl *d)
{
    ovn_print_version(0, 0, d->tool->get_db_version());
    exit(EXIT_SUCCESS);
}

/* Prints --help and exits. */
void
dbctl_usage(const struct dbctl *d)
{
    const struct ovn_dbctl_options *tool = d->tool;

    fputs(tool->help_title, stdout);
    for (const struct ovn_dbctl_command_group *g = tool->groups;
         g->commands; g++) {
        if (g->help) {
            printf("\n%s", g->help);
        }
    }
    printf("\n%s", ctl_get_db_cmd_usage());
    printf("\n%s", ctl_list_db_tables_usage());
    if (tool->allow_wait) {
        printf("\nSynchronization command (use with --wait=sb|hv):\n"
               "  sync                      wait even for earlier changes "
               "to take effect\n");
    }
    printf("\nOptions:\n"
           "  --db=DATABASE               connect to DATABASE\n"
           "                              (default: %s)\n",
           tool->default_db);
    if (tool->allow_wait) {
        printf("  --no-wait, --wait=none      do not wait for OVN "
               "reconfiguration (default)\n"
               "  --wait=sb                   wait for southbound database "
               "update\n"
               "  --wait=hv                   wait for all chassis to catch "
               "up\n"
               "  --print-wait-time           print time spent on "
               "waiting\n");
    }
    printf("  --no-leader-only            accept any cluster member, not "
           "just the leader\n"
           "  --no-shuffle-remotes        do not shuffle the order of "
           "remotes\n"
           "  -t, --timeout=SECS          wait at most SECS seconds\n"
           "  --dry-run                   do not commit changes to "
           "database\n"
           "  --oneline                   print exactly one line of output "
           "per command\n"
           "  -u, --unixctl=SOCKET        run commands through the daemon "
           "at SOCKET\n");
    table_usage();
    printf("\nDaemon mode options (start a daemon with --detach):\n"
           "  --detach                    run in background as daemon\n"
           "  --monitor                   create a process to monitor the "
           "daemon\n"
           "  --no-chdir                  do not chdir to '/'\n"
           "  --pidfile[=FILE]            create pidfile (default: "
           "%s/%s.pid)\n"
           "  --overwrite-pidfile         with --pidfile, start even if "
           "already running\n",
           ovn_rundir(), program_name);
    vlog_usage();
    printf("  --no-syslog             equivalent to "
           "--verbose=%s:syslog:warn\n", program_name);
    printf("\nOther options:\n"
           "  -h, --help                  display this help message\n"
           "  -V, --version               display version information\n");
    stream_usage("database", true, true, true);
    exit(EXIT_SUCCESS);
}

/* Parses 'arg' as the value of --wait into '*wait_type'.  Returns NULL or
 * an error message for the caller to free. */
static char *
parse_wait(const char *arg, enum ovn_dbctl_wait *wait_type)
{
    if (!strcmp(arg, "none")) {
        *wait_type = OVN_DBCTL_WAIT_NONE;
    } else if (!strcmp(arg, "sb")) {
        *wait_type = OVN_DBCTL_WAIT_SB;
    } else if (!strcmp(arg, "hv")) {
        *wait_type = OVN_DBCTL_WAIT_HV;
    } else {
        return xstrdup("argument to --wait must be "
                       "\"none\", \"sb\", or \"hv\"");
    }
    return NULL;
}

/* Applies one option that belongs to an invocation, rather than to the
 * process, to 'inv'.  Returns NULL if done, an error message (for the caller
 * to free) if the option is wrong, or "" (not to be freed) if 'po' is not an
 * invocation option. */
static char *
apply_invocation_option(const struct dbctl *d,
                        const struct ovs_cmdl_parsed_option *po,
                        struct dbctl_invocation *inv)
{
    static char not_mine[] = "";
    const char *arg = po->arg;

    switch (po->o->val) {
    case OPT_NO_WAIT:
        if (!d->tool->allow_wait) {
            return xstrdup("--no-wait not supported");
        }
        inv->wait_type = OVN_DBCTL_WAIT_NONE;
        return NULL;

    case OPT_WAIT:
        if (!d->tool->allow_wait) {
            return xstrdup("--wait not supported");
        }
        return parse_wait(arg, &inv->wait_type);

    case OPT_PRINT_WAIT_TIME:
        if (!d->tool->allow_wait) {
            return xstrdup("--print-wait-time not supported");
        }
        inv->print_wait_time = true;
        return NULL;

    case OPT_DRY_RUN:
        inv->dry_run = true;
        return NULL;

    case OPT_ONELINE:
        inv->oneline = true;
        return NULL;

    case 't':
        if (!str_to_uint(arg, 10, &inv->timeout) || !inv->timeout) {
            return xasprintf("value %s on -t or --timeout is invalid", arg);
        }
        return NULL;

    case OPT_LOCAL: {
        char *name = xasprintf("--%s", po->o->name);
        if (shash_find(&inv->local_options, name)) {
            char *error = xasprintf("'%s' option specified multiple times",
                                    name);
            free(name);
            return error;
        }
        shash_add_nocopy(&inv->local_options, name, nullable_xstrdup(arg));
        return NULL;
    }

    case 'f':
        table_parse_format(&inv->table_style, arg);
        return NULL;

    case 'd':
        table_parse_cell_format(&inv->table_style, arg);
        return NULL;

    case OPT_NO_HEADINGS:
        inv->table_style.headings = false;
        return NULL;

    case OPT_PRETTY:
        inv->table_style.json_flags |= JSSF_PRETTY;
        return NULL;

    case OPT_BARE:
        inv->table_style.format = TF_LIST;
        inv->table_style.cell_format = CF_BARE;
        inv->table_style.headings = false;
        return NULL;

    case OPT_MAX_COLUMN_WIDTH:
        inv->table_style.max_column_width = atoi(arg);
        return NULL;

    default:
        return not_mine;
    }
}

/* Applies 'po' if it is an option that a client of a daemon and a direct
 * run handle alike: --no-syslog, and those that print something and exit
 * (--help, --commands, --options, --version).  Returns true if it was. */
bool
dbctl_apply_common_option(const struct dbctl *d,
                          const struct ovs_cmdl_parsed_option *po)
{
    switch (po->o->val) {
    case OPT_NO_SYSLOG:
        vlog_set_levels(NULL, VLF_SYSLOG, VLL_WARN);
        return true;

    case 'h':
        dbctl_usage(d);

    case OPT_COMMANDS:
        ctl_print_commands();
        return true;

    case OPT_OPTIONS:
        ctl_print_options(d->long_options);
        return true;

    case 'V':
        dbctl_print_version(d);

    default:
        return false;
    }
}

/* Applies an option that belongs to the process in a direct run or to a
 * starting daemon.  Exits for the options that only print something. */
static void
apply_process_option(struct dbctl *d, const struct ovs_cmdl_parsed_option *po)
{
    const char *arg = po->arg;

    if (dbctl_apply_common_option(d, po)) {
        return;
    }

    /* The OVS option handler macros read the global 'optarg'. */
    optarg = po->arg;
    switch (po->o->val) {
    case OPT_DB:
        d->db = arg;
        break;

    case OPT_LEADER_ONLY:
        d->leader_only = true;
        break;

    case OPT_NO_LEADER_ONLY:
        d->leader_only = false;
        break;

    case OPT_SHUFFLE_REMOTES:
        d->shuffle_remotes = true;
        break;

    case OPT_NO_SHUFFLE_REMOTES:
        d->shuffle_remotes = false;
        break;

    case 'u':
        d->unixctl_path = arg;
        break;

    case OPT_BOOTSTRAP_CA_CERT:
        stream_ssl_set_ca_cert_file(arg, true);
        break;

    VLOG_OPTION_HANDLERS
    DAEMON_OPTION_HANDLERS
    STREAM_SSL_OPTION_HANDLERS

    default:
        OVS_NOT_REACHED();
    }
}

/* Parses the options in 'argv' (which start at argv[1]) into 'inv', and,
 * in a direct run, the process's.  On success returns NULL and stores in
 * '*n_optionsp' the number of arguments taken by options, including
 * argv[0].  Otherwise returns an error message for the caller to free. */
char *
dbctl_parse_options(struct dbctl *d, enum dbctl_mode mode, int argc,
                    char *argv[], struct dbctl_invocation *inv,
                    int *n_optionsp)
{
    struct ovs_cmdl_parsed_option *parsed;
    size_t n_parsed;

    char *error = ovs_cmdl_parse_all(argc, argv, d->long_options,
                                     &parsed, &n_parsed);
    if (error) {
        return error;
    }
    *n_optionsp = optind;

    for (size_t i = 0; i < n_parsed && !error; i++) {
        const struct ovs_cmdl_parsed_option *po = &parsed[i];

        error = apply_invocation_option(d, po, inv);
        if (error && !error[0]) {
            error = NULL;
            if (mode == MODE_DIRECT) {
                apply_process_option(d, po);
            } else {
                error = xasprintf("'--%s' option not supported in a "
                                  "daemon's run command", po->o->name);
            }
        }
    }
    free(parsed);
    return error;
}

/* Frees 'commands' and what they own. */
static void
free_commands(struct ctl_command *commands, size_t n_commands)
{
    for (size_t i = 0; i < n_commands; i++) {
        struct ctl_command *c = &commands[i];

        ds_destroy(&c->output);
        table_destroy(c->table);
        free(c->table);
        shash_destroy_free_data(&c->options);
    }
    free(commands);
}

/* Runs the prerequisites callbacks of 'commands' so that 'idl' replicates
 * what they need.  Returns NULL or an error message for the caller to free.
 * Sets '*force_wait' if a command asked to wait even if nothing changes. */
static char *
run_prerequisites(const struct ovn_dbctl_options *tool,
                  struct ctl_command *commands, size_t n_commands,
                  struct ovsdb_idl *idl, bool *force_wait)
{
    struct ovn_dbctl_context ctx;

    memset(&ctx, 0, sizeof ctx);
    ctx.tool = tool;
    ds_init(&ctx.base.output);
    for (size_t i = 0; i < n_commands; i++) {
        struct ctl_command *c = &commands[i];

        ds_init(&c->output);
        c->table = NULL;
        if (!c->syntax->prerequisites) {
            continue;
        }
        ctl_context_init(&ctx.base, c, idl, NULL, NULL, NULL);
        c->syntax->prerequisites(&ctx.base);
        if (ctx.base.error) {
            char *error = ctx.base.error;
            ctx.base.error = NULL;
            ctl_context_done(&ctx.base, c);
            ds_destroy(&ctx.base.output);
            return error;
        }
        ctl_context_done(&ctx.base, c);
    }
    ds_destroy(&ctx.base.output);
    *force_wait = ctx.force_wait;
    return NULL;
}

/* Appends the output of 'commands' to 'out', formatted as 'inv' asks. */
static void
format_output(const struct dbctl_invocation *inv,
              struct ctl_command *commands, size_t n_commands,
              struct ds *out)
{
    table_format_reset();
    for (size_t i = 0; i < n_commands; i++) {
        struct ctl_command *c = &commands[i];

        if (c->table) {
            table_format(c->table, &inv->table_style, out);
        } else if (inv->oneline) {
            ds_chomp(&c->output, '\n');
            for (size_t j = 0; j < c->output.length; j++) {
                char ch = c->output.string[j];
                if (ch == '\n') {
                    ds_put_cstr(out, "\\n");
                } else if (ch == '\\') {
                    ds_put_cstr(out, "\\\\");
                } else {
                    ds_put_char(out, ch);
                }
            }
            ds_put_char(out, '\n');
        } else {
            ds_put_cstr(out, ds_cstr(&c->output));
        }
    }
}

/* Checks the "@name" row ids that the commands used: each must have been
 * created, and one that nothing refers to strongly will vanish, which is
 * worth a warning.  Returns NULL or an error for the caller to free. */
static char *
check_symbols(struct ovsdb_symbol_table *symtab)
{
    struct shash_node *node;

    SHASH_FOR_EACH (node, &symtab->sh) {
        struct ovsdb_symbol *symbol = node->data;
        if (!symbol->created) {
            return xasprintf("row id \"%s\" is referenced but never created "
                             "(e.g. with \"-- --id=%s create ...\")",
                             node->name, node->name);
        }
        if (!symbol->strong_ref) {
            if (!symbol->weak_ref) {
                VLOG_WARN("row id \"%s\" was created but no reference to it "
                          "was inserted, so it will not actually appear in "
                          "the database", node->name);
            } else {
                VLOG_WARN("row id \"%s\" was created but only a weak "
                          "reference to it was inserted, so it will not "
                          "actually appear in the database", node->name);
            }
        }
    }
    return NULL;
}

/* Runs 'commands' in one transaction on 'idl' and commits it.  Returns NULL
 * and sets '*retry' to false on success, after appending the commands'
 * formatted output (and anything --wait printed) to 'out'.  Returns NULL
 * and sets '*retry' to true if the database changed under the transaction
 * or a command must wait for a change ("wait-until"), so that the caller
 * should try again once the IDL has news.  Returns an error message, which
 * the caller must free, if the commands or the transaction failed; nothing
 * is then written to the database. */
static char *
execute_once(const struct dbctl *d, const struct dbctl_invocation *inv,
             const char *args, struct ctl_command *commands,
             size_t n_commands, bool force_wait, struct ds *out, bool *retry)
{
    const struct ovn_dbctl_options *tool = d->tool;
    struct ovsdb_idl *idl = d->idl;
    char *error = NULL;

    *retry = false;

    struct ovsdb_idl_txn *txn = ovsdb_idl_txn_create(idl);
    if (inv->dry_run) {
        ovsdb_idl_txn_set_dry_run(txn);
    }
    ovsdb_idl_txn_add_comment(txn, "%s: %s", program_name, args);
    if (tool->pre_execute) {
        tool->pre_execute(idl, txn, inv->wait_type, force_wait);
    }

    /* Forget what an earlier attempt left. */
    struct ovsdb_symbol_table *symtab = ovsdb_symbol_table_create();
    for (size_t i = 0; i < n_commands; i++) {
        struct ctl_command *c = &commands[i];

        ds_destroy(&c->output);
        ds_init(&c->output);
        table_destroy(c->table);
        free(c->table);
        c->table = NULL;
    }

    struct ovn_dbctl_context ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.tool = tool;
    ds_init(&ctx.base.output);
    ctl_context_init(&ctx.base, NULL, idl, txn, symtab, NULL);
    for (size_t i = 0; i < n_commands; i++) {
        struct ctl_command *c = &commands[i];

        ctl_context_init_command(&ctx.base, c, i == n_commands - 1);
        if (c->syntax->run) {
            c->syntax->run(&ctx.base);
        }
        if (ctx.base.error) {
            error = ctx.base.error;
            ctx.base.error = NULL;
            ctl_context_done_command(&ctx.base, c);
            ctl_context_done(&ctx.base, NULL);
            goto out;
        }
        ctl_context_done_command(&ctx.base, c);
        if (ctx.base.try_again) {
            ctl_context_done(&ctx.base, NULL);
            *retry = true;
            goto out;
        }
    }
    ctl_context_done(&ctx.base, NULL);

    error = check_symbols(symtab);
    if (error) {
        goto out;
    }

    long long int start_msec = time_wall_msec();
    enum ovsdb_idl_txn_status status = ovsdb_idl_txn_commit_block(txn);
    if (status == TXN_UNCHANGED || status == TXN_SUCCESS) {
        for (size_t i = 0; i < n_commands; i++) {
            struct ctl_command *c = &commands[i];

            if (!c->syntax->postprocess) {
                continue;
            }
            ctl_context_init(&ctx.base, c, idl, txn, symtab, NULL);
            c->syntax->postprocess(&ctx.base);
            if (ctx.base.error) {
                error = ctx.base.error;
                ctx.base.error = NULL;
                ctl_context_done(&ctx.base, c);
                goto out;
            }
            ctl_context_done(&ctx.base, c);
        }
    }

    switch (status) {
    case TXN_UNCOMMITTED:
    case TXN_INCOMPLETE:
        OVS_NOT_REACHED();

    case TXN_ABORTED:
        /* Never happens: nothing aborts the transaction. */
        error = xstrdup("transaction aborted");
        goto out;

    case TXN_UNCHANGED:
    case TXN_SUCCESS:
        break;

    case TXN_TRY_AGAIN:
        *retry = true;
        goto out;

    case TXN_ERROR:
        error = xasprintf("transaction error: %s",
                          ovsdb_idl_txn_get_error(txn));
        goto out;

    case TXN_NOT_LOCKED:
        /* Never happens: the tools take no lock. */
        error = xstrdup("database not locked");
        goto out;

    default:
        OVS_NOT_REACHED();
    }

    format_output(inv, commands, n_commands, out);
    if (tool->post_execute) {
        error = tool->post_execute(idl, txn, status, inv->wait_type,
                                   inv->print_wait_time, start_msec, out);
    }

out:
    ds_destroy(&ctx.base.output);
    ovsdb_symbol_table_destroy(symtab);
    ovsdb_idl_txn_destroy(txn);
    return error;
}

/* Runs 'commands' on d->idl until they succeed or fail for good, waiting
 * for the database's contents whenever the IDL has none that the commands
 * can use yet.  'idl_ready' says whether the IDL already holds a replica
 * (in a daemon, from earlier requests).  Returns NULL after appending the
 * output to 'out', otherwise an error message for the caller to free. */
static char *
execute(const struct dbctl *d, const struct dbctl_invocation *inv,
        const char *args, struct ctl_command *commands, size_t n_commands,
        bool force_wait, bool idl_ready, struct ds *out)
{
    unsigned int seqno = ovsdb_idl_get_seqno(d->idl);

    for (;;) {
        ovsdb_idl_run(d->idl);
        if (!ovsdb_idl_is_alive(d->idl)) {
            int retval = ovsdb_idl_get_last_error(d->idl);
            return xasprintf("%s: database connection failed (%s)",
                             d->db, ovs_retval_to_string(retval));
        }

        /* There is no point in trying the transaction twice with the same
         * view of the database: if it failed, the database changed. */
        if (idl_ready || seqno != ovsdb_idl_get_seqno(d->idl)) {
            idl_ready = false;
            seqno = ovsdb_idl_get_seqno(d->idl);

            bool retry;
            char *error = execute_once(d, inv, args, commands, n_commands,
                                       force_wait, out, &retry);
            if (error || !retry) {
                return error;
            }
        }

        if (seqno == ovsdb_idl_get_seqno(d->idl)) {
            ovsdb_idl_wait(d->idl);
            poll_block();
        }
    }
}

/* Connects d->idl to d->db.  A daemon keeps reconnecting ('retry'); a
 * direct run gives up once every remote failed. */
void
dbctl_connect_idl(struct dbctl *d, bool retry)
{
    d->idl = ovsdb_idl_create_unconnected(d->tool->idl_class, true);
    ovsdb_idl_set_shuffle_remotes(d->idl, d->shuffle_remotes);
    ovsdb_idl_set_leader_only(d->idl, d->leader_only);
    ovsdb_idl_set_remote(d->idl, d->db, retry);
}

/* Parses the commands in 'argv' and runs them, for an invocation whose
 * options are in 'inv'.  Returns NULL after appending their output to
 * 'out', otherwise an error message for the caller to free. */
char *
dbctl_parse_and_execute(struct dbctl *d, struct dbctl_invocation *inv,
                        int argc, char *argv[], const char *args,
                        bool idl_ready, struct ds *out)
{
    struct ctl_command *commands;
    size_t n_commands;

    char *error = ctl_parse_commands(argc, argv, &inv->local_options,
                                     &commands, &n_commands);
    if (error) {
        return error;
    }

    bool force_wait = false;
    error = run_prerequisites(d->tool, commands, n_commands, d->idl,
                              &force_wait);
    if (!error) {
        error = execute(d, inv, args, commands, n_commands, force_wait,
                        idl_ready, out);
    }
    free_commands(commands, n_commands);
    return error;
}

/* Exit callback for ctl_fatal(): there is nothing to clean up. */
static void
exit_quietly(int status OVS_UNUSED)
{
}

/* Runs the tool that 'tool' describes with the command line in 'argv':
 * directly, as a client of a daemon, or as a daemon (--detach).  Returns
 * the exit status on success; exits with status 1, after printing a
 * message, on failure. */
int
ovn_dbctl_main(int argc, char *argv[], const struct ovn_dbctl_options *tool)
{
    struct dbctl d = {
        .tool = tool,
        .db = tool->default_db,
        .leader_only = true,
        .shuffle_remotes = true,
    };

    ovn_set_program_name(argv[0]);
    fatal_ignore_sigpipe();
    vlog_set_levels(NULL, VLF_CONSOLE, VLL_WARN);
    vlog_set_levels_from_string_assert("reconnect:warn");

    ctl_init__(tool->idl_class, tool->ctl_tables, tool->cmd_show_tables,
               exit_quietly);
    for (const struct ovn_dbctl_command_group *g = tool->groups;
         g->commands; g++) {
        ctl_register_commands(g->commands);
    }
    d.long_options = build_long_options();

    /* Options from the environment come first, so that the command line's
     * override them. */
    char **all_argv = ovs_cmdl_env_parse_all(
        &argc, argv, getenv(tool->options_env_var_name));

    dbctl_maybe_run_as_client(&d, argc, all_argv);

    struct dbctl_invocation inv;
    dbctl_invocation_init(&inv);
    int n_options;
    char *error = dbctl_parse_options(&d, MODE_DIRECT, argc, all_argv, &inv,
                                      &n_options);
    if (error) {
        ctl_fatal("%s", error);
    }

    if (get_detach()) {
        if (n_options != argc) {
            ctl_fatal("non-option arguments not supported with --detach "
                      "(use --help for help)");
        }
        dbctl_server_loop(&d);
    } else {
        if (inv.timeout) {
            time_alarm(inv.timeout);
        }
        dbctl_connect_idl(&d, false);

        char *args = process_escape_args(all_argv);
        struct ds output = DS_EMPTY_INITIALIZER;
        error = dbctl_parse_and_execute(&d, &inv, argc - n_options,
                                        all_argv + n_options, args, false,
                                        &output);
        if (error) {
            ctl_fatal("%s", error);
        }
        fputs(ds_cstr(&output), stdout);
        ds_destroy(&output);
        free(args);
        ovsdb_idl_destroy(d.idl);
    }

    dbctl_invocation_destroy(&inv);
    for (int i = 0; i < argc; i++) {
        free(all_argv[i]);
    }
    free(all_argv);
    return EXIT_SUCCESS;
}

