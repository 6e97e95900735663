/* ovn-dbctl.h: the framework that ovn-nbctl and ovn-sbctl are built on.
 *
 * This module owns everything that the database control tools have in
 * common: global option parsing (--db, --timeout, --dry-run, --oneline,
 * table formatting, SSL, logging, daemon options), the loop that connects
 * to the database and runs all the commands of one invocation in a single
 * transaction, retrying when the database changed underneath, error
 * reporting, and "daemon mode" (a server started with --detach that runs
 * later invocations sent to it over its unixctl socket).
 *
 * A tool describes itself with a struct ovn_dbctl_options and calls
 * ovn_dbctl_main() from its main().  Commands are Open vSwitch db-ctl-base
 * commands (struct ctl_command_syntax), grouped: each group of commands
 * lives in a file of its own and is listed, with its help text, in the
 * tool's array of struct ovn_dbctl_command_group.  Every command's
 * callbacks receive a struct ctl_context that is embedded in a struct
 * ovn_dbctl_context (see ovn_dbctl_context_cast()); they may use the row
 * helpers of ovn-dbctl-row.h, which this header includes. */

#ifndef OVN_DBCTL_H
#define OVN_DBCTL_H 1

#include <stdbool.h>
#include <stdint.h>

#include "db-ctl-base.h"
#include "ovn-dbctl-row.h"
#include "ovsdb-idl.h"

struct ds;
struct ovn_dbctl_options;
struct ovn_dbctl_remote_schema;

/* What an invocation waits for after its transaction commits (--wait). */
enum ovn_dbctl_wait {
    OVN_DBCTL_WAIT_NONE,        /* Return at once (--no-wait, default). */
    OVN_DBCTL_WAIT_SB,          /* Until ovn-northd updated the SB. */
    OVN_DBCTL_WAIT_HV,          /* Until every chassis caught up too. */
};

/* The context in which every command of a tool runs.  db-ctl-base passes
 * commands a pointer to 'base'; ovn_dbctl_context_cast() gets back to the
 * whole structure. */
struct ovn_dbctl_context {
    struct ctl_context base;    /* db-ctl-base's own context. */
    const struct ovn_dbctl_options *tool; /* The tool that runs. */

    /* A command's prerequisites callback sets this to make --wait wait even
     * if the transaction changes nothing (the "sync" command). */
    bool force_wait;
};

struct ovn_dbctl_context *ovn_dbctl_context_cast(struct ctl_context *);

/* One group of commands of a tool, e.g. "logical switch commands". */
struct ovn_dbctl_command_group {
    /* The commands, terminated by an all-null element. */
    const struct ctl_command_syntax *commands;

    /* The group's section of --help: a heading line, then one line per
     * command, each ending in a new-line.  NULL for no section. */
    const char *help;
};

/* Everything that ovn_dbctl_main() needs to know about one tool. */
struct ovn_dbctl_options {
    /* Default database remote when --db is not given (e.g. the value of
     * $OVN_NB_DB or unix:$OVN_RUNDIR/ovnnb_db.sock). */
    const char *default_db;

    /* Whether the tool accepts --wait, --no-wait and --print-wait-time and
     * implements waiting in its pre_execute and post_execute hooks. */
    bool allow_wait;

    /* Environment variable with extra options to put before the command
     * line's, e.g. "OVN_NBCTL_OPTIONS". */
    const char *options_env_var_name;

    /* Environment variable that names a daemon's control socket, e.g.
     * "OVN_NB_DAEMON". */
    const char *daemon_env_var_name;

    /* The database schema: its IDL class, the schema version that
     * --version prints, and, for each of the IDL's tables in order, the
     * columns that name rows in the database commands. */
    const struct ovsdb_idl_class *idl_class;
    const char *(*get_db_version)(void);
    const struct ctl_table_class *ctl_tables;

    /* If nonnull, db-ctl-base's generic "show" command is registered with
     * this description (terminated by an all-null element). */
    const struct cmd_show_table *cmd_show_tables;

    /* The tables that the connection and SSL commands manage, if the tool
     * has these commands (ovn-dbctl-remote.h). */
    const struct ovn_dbctl_remote_schema *remote_schema;

    /* The tool's command groups, terminated by an element whose 'commands'
     * is NULL.  --help prints their sections in this order. */
    const struct ovn_dbctl_command_group *groups;

    /* First lines of --help, e.g. "ovn-nbctl: OVN northbound DB management
     * utility" and the usage line. */
    const char *help_title;

    /* Called with every transaction before the commands run, e.g. to
     * create the database's global row or to bump the configuration
     * sequence number that --wait waits for.  'force_wait' is true if a
     * command asked to wait even for earlier changes.  May be NULL. */
    void (*pre_execute)(struct ovsdb_idl *, struct ovsdb_idl_txn *,
                        enum ovn_dbctl_wait, bool force_wait);

    /* Called after the transaction committed with 'status' (TXN_SUCCESS
     * or TXN_UNCHANGED): waits as --wait asked, appending to 'output'
     * what --print-wait-time prints.  'start_msec' is the wall clock time
     * at which the transaction was sent.  Returns NULL or an error message
     * for the caller to free.  May be NULL. */
    char *(*post_execute)(struct ovsdb_idl *, struct ovsdb_idl_txn *,
                          enum ovsdb_idl_txn_status status,
                          enum ovn_dbctl_wait, bool print_wait_time,
                          long long int start_msec, struct ds *output);
};

int ovn_dbctl_main(int argc, char *argv[], const struct ovn_dbctl_options *);

#endif /* ovn-dbctl.h */
