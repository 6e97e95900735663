/* ovn-dbctl-private.h: what the parts of the ovn-dbctl framework share.
 *
 * ovn-dbctl.c parses options and runs invocations; ovn-dbctl-daemon.c
 * implements daemon mode on top of it.  Nothing outside the framework
 * includes this header. */

#ifndef OVN_DBCTL_PRIVATE_H
#define OVN_DBCTL_PRIVATE_H 1

#include <getopt.h>
#include <limits.h>
#include <stdbool.h>

#include "daemon.h"
#include "openvswitch/shash.h"
#include "openvswitch/vlog.h"
#include "ovn-dbctl.h"
#include "stream-ssl.h"
#include "table.h"

struct ds;
struct ovs_cmdl_parsed_option;

/* Values of the long options that have no single-letter form. */
enum {
    OPT_DB = UCHAR_MAX + 1,
    OPT_NO_SYSLOG,
    OPT_NO_WAIT,
    OPT_WAIT,
    OPT_PRINT_WAIT_TIME,
    OPT_DRY_RUN,
    OPT_ONELINE,
    OPT_LOCAL,
    OPT_COMMANDS,
    OPT_OPTIONS,
    OPT_LEADER_ONLY,
    OPT_NO_LEADER_ONLY,
    OPT_SHUFFLE_REMOTES,
    OPT_NO_SHUFFLE_REMOTES,
    OPT_BOOTSTRAP_CA_CERT,
    VLOG_OPTION_ENUMS,
    TABLE_OPTION_ENUMS,
    DAEMON_OPTION_ENUMS,
    SSL_OPTION_ENUMS,
};

/* The state of the process, whichever way it runs. */
struct dbctl {
    const struct ovn_dbctl_options *tool; /* What the tool is. */
    struct option *long_options; /* Global options, then commands' own. */
    const char *db;             /* Database remote (--db). */
    bool leader_only;           /* --leader-only (default) or not. */
    bool shuffle_remotes;       /* --shuffle-remotes (default) or not. */
    const char *unixctl_path;   /* -u, --unixctl: daemon control socket. */
    struct ovsdb_idl *idl;      /* Connection to the database. */
};

/* The settings of one invocation: those of the command line of a direct
 * run, or of one "run" request to a daemon. */
struct dbctl_invocation {
    bool oneline;               /* --oneline. */
    bool dry_run;               /* --dry-run. */
    bool print_wait_time;       /* --print-wait-time. */
    enum ovn_dbctl_wait wait_type; /* --wait, --no-wait. */
    unsigned int timeout;       /* --timeout, in seconds, 0 for none. */
    struct table_style table_style; /* --format, --data, --bare, ... */
    struct shash local_options; /* Options of the first command given
                                 * before it, e.g. "--may-exist". */
};

/* Where an option is being parsed. */
enum dbctl_mode {
    MODE_DIRECT,                /* Command line of a direct run. */
    MODE_DAEMON_RUN,            /* A "run" request sent to the daemon. */
};

/* Invocations (ovn-dbctl.c). */
void dbctl_invocation_init(struct dbctl_invocation *);
void dbctl_invocation_destroy(struct dbctl_invocation *);
char *dbctl_parse_options(struct dbctl *, enum dbctl_mode,
                          int argc, char *argv[], struct dbctl_invocation *,
                          int *n_optionsp) OVS_WARN_UNUSED_RESULT;
char *dbctl_parse_and_execute(struct dbctl *, struct dbctl_invocation *,
                              int argc, char *argv[], const char *args,
                              bool idl_ready, struct ds *output)
    OVS_WARN_UNUSED_RESULT;
bool dbctl_apply_common_option(const struct dbctl *,
                               const struct ovs_cmdl_parsed_option *);
void dbctl_connect_idl(struct dbctl *, bool retry);
void dbctl_usage(const struct dbctl *) OVS_NO_RETURN;
void dbctl_print_version(const struct dbctl *) OVS_NO_RETURN;

/* Daemon mode (ovn-dbctl-daemon.c). */
void dbctl_maybe_run_as_client(struct dbctl *, int argc, char *argv[]);
void dbctl_server_loop(struct dbctl *);

#endif /* ovn-dbctl-private.h */
