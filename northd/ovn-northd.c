/* ovn-northd.c: the OVN central control daemon.
 *
 * This module owns ovn-northd's process: its command line, its control
 * commands, its connections to the Northbound and Southbound databases,
 * active/standby operation through the Southbound lock "ovn_northd", and
 * the main loop, which runs the incremental processing engine
 * (inc-proc-northd.c) whenever the databases change and then reports
 * progress through the nb_cfg/sb_cfg/hv_cfg sequence numbers. */

#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdlib.h>
#include <string.h>

#include "command-line.h"
#include "daemon.h"
#include "fatal-signal.h"
#include "lib/memory-trim.h"
#include "lib/ovn-nb-idl.h"
#include "lib/ovn-sb-idl.h"
#include "northd/en-global-config.h"
#include "northd/inc-proc-northd.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/poll-loop.h"
#include "openvswitch/vlog.h"
#include "ovn-dirs.h"
#include "ovn-util.h"
#include "ovsdb-idl.h"
#include "simap.h"
#include "stream-ssl.h"
#include "stream.h"
#include "timeval.h"
#include "unixctl.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(ovn_northd);

/* Most threads --n-threads and set-n-threads accept. */
#define MAX_N_THREADS 256

/* What the command line asks for. */
struct northd_options {
    const char *ovnnb_db;         /* Northbound remote. */
    const char *ovnsb_db;         /* Southbound remote. */
    const char *unixctl_path;     /* Control socket, or NULL. */
    bool paused;                  /* --dry-run: start paused. */
    int n_threads;                /* --n-threads. */
    bool ssl_from_cmdline;        /* SSL files came from the command line,
                                   * not the Northbound SSL table. */
};

/* What the control commands see and change. */
struct northd_state {
    bool exiting;                 /* "exit" was requested. */
    bool paused;                  /* Paused: no lock, no writes. */
    bool had_lock;                /* Held the lock in the last iteration. */
    int n_threads;                /* Threads for building flows. */
    struct ovsdb_idl *nb_idl;     /* Northbound. */
    struct ovsdb_idl *sb_idl;     /* Southbound. */
};

/* Prints the help text. */
static void
usage(void)
{
    printf("\
%s: OVN northbound management daemon\n\
usage: %s [OPTIONS]\n\
\n\
Options:\n\
  --ovnnb-db=DATABASE       connect to ovn-nb database at DATABASE\n\
                            (default: %s)\n\
  --ovnsb-db=DATABASE       connect to ovn-sb database at DATABASE\n\
                            (default: %s)\n\
  --dry-run                 start in paused state (do not commit db changes)\n\
  --n-threads=N             specify number of threads\n\
  --unixctl=SOCKET          override default control socket name\n\
  -h, --help                display this help message\n\
  -o, --options             list available options\n\
  -V, --version             display version information\n\
", program_name, program_name, default_nb_db(), default_sb_db());
    daemon_usage();
    vlog_usage();
    stream_usage("database", true, true, false);
}

/* Parses the command line into 'opts'. */
static void
parse_options(int argc, char *argv[], struct northd_options *opts)
{
    enum {
        DAEMON_OPTION_ENUMS,
        VLOG_OPTION_ENUMS,
        SSL_OPTION_ENUMS,
        OPT_DRY_RUN,
        OPT_N_THREADS,
        OPT_DUMMY_NUMA,
    };
    static const struct option long_options[] = {
        {"ovnsb-db", required_argument, NULL, 'd'},
        {"ovnnb-db", required_argument, NULL, 'D'},
        {"unixctl", required_argument, NULL, 'u'},
        {"help", no_argument, NULL, 'h'},
        {"options", no_argument, NULL, 'o'},
        {"version", no_argument, NULL, 'V'},
        {"dry-run", no_argument, NULL, OPT_DRY_RUN},
        {"n-threads", required_argument, NULL, OPT_N_THREADS},
        {"dummy-numa", required_argument, NULL, OPT_DUMMY_NUMA},
        DAEMON_LONG_OPTIONS,
        VLOG_LONG_OPTIONS,
        STREAM_SSL_LONG_OPTIONS,
        {NULL, 0, NULL, 0},
    };
    char *short_options = ovs_cmdl_long_options_to_short_options(long_options);

    for (;;) {
        int c = getopt_long(argc, argv, short_options, long_options, NULL);
        if (c == -1) {
            break;
        }

        switch (c) {
        case OPT_DETACH:
            set_detach();
            break;
        case OPT_NO_SELF_CONFINEMENT:
            daemon_disable_self_confinement();
            break;
        case OPT_NO_CHDIR:
            set_no_chdir();
            break;
        case OPT_PIDFILE:
            /* Pidfiles live in OVN's run directory, as ovn-appctl and
             * ovn-ctl expect. */
            if (optarg && optarg[0] == '/') {
                set_pidfile(optarg);
            } else {
                char *name = xasprintf("%s/%s", ovn_rundir(),
                                       optarg ? optarg : program_name);
                if (!optarg) {
                    char *with_ext = xasprintf("%s.pid", name);
                    free(name);
                    name = with_ext;
                }
                set_pidfile(name);
                free(name);
            }
            break;
        case OPT_OVERWRITE_PIDFILE:
            ignore_existing_pidfile();
            break;
        case OPT_MONITOR:
            daemon_set_monitor();
            break;
        case OPT_USER_GROUP:
            daemon_set_new_user(optarg);
            break;

        VLOG_OPTION_HANDLERS;

        case 'p':
        case 'c':
        case 'C':
            opts->ssl_from_cmdline = true;
            if (c == 'p') {
                stream_ssl_set_private_key_file(optarg);
            } else if (c == 'c') {
                stream_ssl_set_certificate_file(optarg);
            } else {
                stream_ssl_set_ca_cert_file(optarg, false);
            }
            break;
        case OPT_SSL_PROTOCOLS:
            stream_ssl_set_protocols(optarg);
            break;
        case OPT_SSL_CIPHERS:
            stream_ssl_set_ciphers(optarg);
            break;

        case 'd':
            opts->ovnsb_db = optarg;
            break;
        case 'D':
            opts->ovnnb_db = optarg;
            break;
        case 'u':
            opts->unixctl_path = optarg;
            break;
        case 'h':
            free(short_options);
            usage();
            exit(EXIT_SUCCESS);
        case 'o':
            free(short_options);
            ovs_cmdl_print_options(long_options);
            exit(EXIT_SUCCESS);
        case 'V':
            free(short_options);
            ovn_print_version(0, 0, NULL);
            printf("NB DB Schema %s\n", nbrec_get_db_version());
            printf("SB DB Schema %s\n", sbrec_get_db_version());
            exit(EXIT_SUCCESS);
        case OPT_DRY_RUN:
            opts->paused = true;
            break;
        case OPT_N_THREADS:
            opts->n_threads = strtol(optarg, NULL, 10);
            if (opts->n_threads < 1 || opts->n_threads > MAX_N_THREADS) {
                opts->n_threads = opts->n_threads < 1 ? 1 : MAX_N_THREADS;
                VLOG_WARN("Setting n_threads to %d as --n-threads option "
                          "was set to : [%s]", opts->n_threads, optarg);
            }
            break;
        case OPT_DUMMY_NUMA:
            break;
        case '?':
            exit(EXIT_FAILURE);
        default:
            abort();
        }
    }
    free(short_options);

    argc -= optind;
    if (argc) {
        ovs_fatal(0, "non-option arguments not supported; "
                  "use --help for usage information");
    }
    if (!opts->ovnsb_db || !opts->ovnsb_db[0]) {
        opts->ovnsb_db = default_sb_db();
    }
    if (!opts->ovnnb_db || !opts->ovnnb_db[0]) {
        opts->ovnnb_db = default_nb_db();
    }
}

/* "exit". */
static void
northd_unixctl_exit(struct unixctl_conn *conn, int argc OVS_UNUSED,
                    const char *argv[] OVS_UNUSED, void *state_)
{
    struct northd_state *state = state_;
    state->exiting = true;
    unixctl_command_reply(conn, NULL);
}

/* "pause": drops the lock, so that another ovn-northd takes over. */
static void
northd_unixctl_pause(struct unixctl_conn *conn, int argc OVS_UNUSED,
                     const char *argv[] OVS_UNUSED, void *state_)
{
    struct northd_state *state = state_;
    state->paused = true;
    poll_immediate_wake();
    unixctl_command_reply(conn, NULL);
}

/* "resume". */
static void
northd_unixctl_resume(struct unixctl_conn *conn, int argc OVS_UNUSED,
                      const char *argv[] OVS_UNUSED, void *state_)
{
    struct northd_state *state = state_;
    state->paused = false;
    poll_immediate_wake();
    unixctl_command_reply(conn, NULL);
}

/* "is-paused". */
static void
northd_unixctl_is_paused(struct unixctl_conn *conn, int argc OVS_UNUSED,
                         const char *argv[] OVS_UNUSED, void *state_)
{
    struct northd_state *state = state_;
    unixctl_command_reply(conn, state->paused ? "true" : "false");
}

/* "status". */
static void
northd_unixctl_status(struct unixctl_conn *conn, int argc OVS_UNUSED,
                      const char *argv[] OVS_UNUSED, void *state_)
{
    struct northd_state *state = state_;
    const char *status = (state->paused ? "paused"
                          : ovsdb_idl_has_lock(state->sb_idl) ? "active"
                          : "standby");
    /* A labelled line, so that more can follow without breaking scripts
     * that parse it. */
    struct ds s = DS_EMPTY_INITIALIZER;
    ds_put_format(&s, "Status: %s\n", status);
    unixctl_command_reply(conn, ds_cstr(&s));
    ds_destroy(&s);
}

/* "nb-connection-status" and "sb-connection-status". */
static void
northd_unixctl_connection_status(struct unixctl_conn *conn,
                                 int argc OVS_UNUSED,
                                 const char *argv[] OVS_UNUSED, void *idl_)
{
    const struct ovsdb_idl *idl = idl_;
    unixctl_command_reply(conn, ovsdb_idl_is_connected(idl)
                                ? "connected" : "not connected");
}

/* "nb-cluster-state-reset" and "sb-cluster-state-reset": forget the
 * cluster index seen so far, after the databases were recreated. */
static void
northd_unixctl_cluster_state_reset(struct unixctl_conn *conn,
                                   int argc OVS_UNUSED,
                                   const char *argv[] OVS_UNUSED, void *idl_)
{
    struct ovsdb_idl *idl = idl_;
    ovsdb_idl_reset_min_index(idl);
    poll_immediate_wake();
    unixctl_command_reply(conn, NULL);
}

/* "set-n-threads N". */
static void
northd_unixctl_set_n_threads(struct unixctl_conn *conn, int argc OVS_UNUSED,
                             const char *argv[], void *state_)
{
    struct northd_state *state = state_;
    int n_threads = atoi(argv[1]);
    if (n_threads < 1 || n_threads > MAX_N_THREADS) {
        struct ds s = DS_EMPTY_INITIALIZER;
        ds_put_format(&s, "invalid n_threads: %d\n", n_threads);
        unixctl_command_reply_error(conn, ds_cstr(&s));
        ds_destroy(&s);
        return;
    }
    state->n_threads = n_threads;
    unixctl_command_reply(conn, NULL);
}

/* "get-n-threads". */
static void
northd_unixctl_get_n_threads(struct unixctl_conn *conn, int argc OVS_UNUSED,
                             const char *argv[] OVS_UNUSED, void *state_)
{
    struct northd_state *state = state_;
    struct ds s = DS_EMPTY_INITIALIZER;
    ds_put_format(&s, "%d\n", state->n_threads);
    unixctl_command_reply(conn, ds_cstr(&s));
    ds_destroy(&s);
}

/* "debug/chassis-features-list": the optional features that every chassis
 * supports, which decide the form of some logical flows. */
static void
northd_unixctl_chassis_features(struct unixctl_conn *conn,
                                int argc OVS_UNUSED,
                                const char *argv[] OVS_UNUSED, void *engine_)
{
    const struct northd_engine *engine = engine_;
    struct ds s = DS_EMPTY_INITIALIZER;
    chassis_features_format(inc_proc_northd_get_chassis_features(engine),
                            &s);
    unixctl_command_reply(conn, ds_cstr(&s));
    ds_destroy(&s);
}

/* Takes the SSL settings from the Northbound SSL table, unless the command
 * line gave them. */
static void
update_ssl_config(struct ovsdb_idl *nb_idl, bool from_cmdline)
{
    const struct nbrec_nb_global *nb = nbrec_nb_global_first(nb_idl);
    if (from_cmdline || !nb || !nb->ssl) {
        return;
    }
    const struct nbrec_ssl *ssl = nb->ssl;
    stream_ssl_set_key_and_cert(ssl->private_key, ssl->certificate);
    stream_ssl_set_ca_cert_file(ssl->ca_cert, ssl->bootstrap_ca_cert);
    if (ssl->ssl_protocols && ssl->ssl_protocols[0]) {
        stream_ssl_set_protocols(ssl->ssl_protocols);
    }
    if (ssl->ssl_ciphers && ssl->ssl_ciphers[0]) {
        stream_ssl_set_ciphers(ssl->ssl_ciphers);
    }
}

/* Applies NB_Global options:northd_probe_interval (milliseconds, 0 to
 * disable, at least 1000 otherwise; by default 5000 for remotes that need
 * probes) to the connections to both databases, unless it is
 * '*probe_interval' already, and options:northd_trim_timeout (30000 ms by
 * default) to 'trimmer'. */
static void
update_nb_options(struct ovsdb_idl *nb_idl, struct ovsdb_idl *sb_idl,
                  const char *nb_remote, const char *sb_remote,
                  struct memory_trimmer *trimmer, int *probe_interval)
{
    const struct nbrec_nb_global *nb = nbrec_nb_global_first(nb_idl);
    const struct smap *options = nb ? &nb->options : NULL;

    int interval = options ? smap_get_int(options, "northd_probe_interval",
                                          -1)
                           : -1;
    if (interval != *probe_interval) {
        *probe_interval = interval;
        struct ovsdb_idl *idls[] = { nb_idl, sb_idl };
        const char *remotes[] = { nb_remote, sb_remote };
        for (size_t i = 0; i < ARRAY_SIZE(idls); i++) {
            int probe = interval;
            if (probe < 0) {
                probe = (stream_or_pstream_needs_probes(remotes[i])
                         ? 5000 : 0);
            } else if (probe > 0 && probe < 1000) {
                probe = 1000;
            }
            ovsdb_idl_set_probe_interval(idls[i], probe);
        }
    }

    int trim = options ? smap_get_int(options, "northd_trim_timeout", 30000)
                       : 30000;
    memory_trimmer_set(trimmer, MAX(trim, 0));
}

/* After a complete engine run: copies nb_cfg to SB_Global (in the same
 * transaction as the flows it covers), reports in NB_Global sb_cfg the
 * nb_cfg of the last Southbound commit, and hv_cfg, the oldest nb_cfg that
 * a chassis has caught up with. */
static void
update_sequence_numbers(int64_t loop_start_time,
                        struct ovsdb_idl_loop *nb_loop,
                        struct ovsdb_idl_loop *sb_loop)
{
    const struct nbrec_nb_global *nb = nbrec_nb_global_first(nb_loop->idl);
    const struct sbrec_sb_global *sb = sbrec_sb_global_first(sb_loop->idl);
    if (!nb || !sb) {
        return;
    }

    if (sb->nb_cfg != nb->nb_cfg) {
        sbrec_sb_global_set_nb_cfg(sb, nb->nb_cfg);
        nbrec_nb_global_set_nb_cfg_timestamp(nb, loop_start_time);
    }
    sb_loop->next_cfg = nb->nb_cfg;

    int64_t sb_cfg = sb_loop->cur_cfg;
    if (sb_cfg && nb->sb_cfg != sb_cfg) {
        nbrec_nb_global_set_sb_cfg(nb, sb_cfg);
        nbrec_nb_global_set_sb_cfg_timestamp(nb, time_wall_msec());
    }

    int64_t hv_cfg = nb->nb_cfg;
    int64_t hv_cfg_ts = 0;
    const struct sbrec_chassis_private *chassis_priv;
    SBREC_CHASSIS_PRIVATE_FOR_EACH (chassis_priv, sb_loop->idl) {
        const struct sbrec_chassis *chassis = chassis_priv->chassis;
        if (chassis) {
            if (smap_get_bool(&chassis->other_config, "is-remote", false)) {
                /* Remote chassis report to another deployment. */
                continue;
            }
        } else {
            static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 1);
            VLOG_WARN_RL(&rl, "Chassis does not exist for "
                         "Chassis_Private record, name: %s",
                         chassis_priv->name);
        }
        if (chassis_priv->nb_cfg < hv_cfg) {
            hv_cfg = chassis_priv->nb_cfg;
            hv_cfg_ts = chassis_priv->nb_cfg_timestamp;
        } else if (chassis_priv->nb_cfg == hv_cfg
                   && chassis_priv->nb_cfg_timestamp > hv_cfg_ts) {
            hv_cfg_ts = chassis_priv->nb_cfg_timestamp;
        }
    }
    if (nb->hv_cfg != hv_cfg) {
        nbrec_nb_global_set_hv_cfg(nb, hv_cfg);
        nbrec_nb_global_set_hv_cfg_timestamp(nb, hv_cfg_ts);
    }
}

/* The columns of a Southbound logical flow that ovn-northd writes once,
 * when it inserts the row, and never changes. */
static const struct ovsdb_idl_column *const lflow_contents[] = {
    &sbrec_logical_flow_col_pipeline,
    &sbrec_logical_flow_col_table_id,
    &sbrec_logical_flow_col_priority,
    &sbrec_logical_flow_col_match,
    &sbrec_logical_flow_col_actions,
    &sbrec_logical_flow_col_tags,
    &sbrec_logical_flow_col_controller_meter,
    &sbrec_logical_flow_col_flow_desc,
    &sbrec_logical_flow_col_external_ids,
};

/* Sets up the IDLs: everything is replicated and tracked, but changes
 * to columns that only ovn-northd writes do not wake it up, and the
 * contents of logical flows are not replicated at all. */
static void
configure_idls(struct ovsdb_idl *nb, struct ovsdb_idl *sb)
{
    ovsdb_idl_track_add_all(nb);
    ovsdb_idl_omit_alert(nb, &nbrec_nb_global_col_nb_cfg_timestamp);
    ovsdb_idl_omit_alert(nb, &nbrec_nb_global_col_sb_cfg);
    ovsdb_idl_omit_alert(nb, &nbrec_nb_global_col_sb_cfg_timestamp);
    ovsdb_idl_omit_alert(nb, &nbrec_nb_global_col_hv_cfg);
    ovsdb_idl_omit_alert(nb, &nbrec_nb_global_col_hv_cfg_timestamp);

    /* Change tracking for every Southbound table but the logical flows
     * and their datapath groups: ovn-northd alone writes those and never
     * reacts to their changes, and tracking tens of thousands of rows
     * costs time and memory on every full compute. */
    for (size_t i = 0; i < sbrec_idl_class.n_tables; i++) {
        const struct ovsdb_idl_table_class *tc = &sbrec_idl_class.tables[i];
        if (tc == &sbrec_table_logical_flow
            || tc == &sbrec_table_logical_dp_group) {
            continue;
        }
        for (size_t j = 0; j < tc->n_columns; j++) {
            ovsdb_idl_track_add_column(sb, &tc->columns[j]);
        }
    }
    /* The columns of a logical flow that never change once the row is
     * inserted: ovn-northd writes them and never reads them back (see
     * lflow-mgr.h), which spares the database server from sending every
     * flow back and ovn-northd from keeping a second copy of them. */
    for (size_t i = 0; i < ARRAY_SIZE(lflow_contents); i++) {
        ovsdb_idl_omit(sb, lflow_contents[i]);
    }

    /* Nothing else writes these. */
    static const struct ovsdb_idl_column *write_only[] = {
        &sbrec_logical_flow_col_logical_datapath,
        &sbrec_logical_flow_col_logical_dp_group,
        &sbrec_logical_dp_group_col_datapaths,
        &sbrec_multicast_group_col_datapath,
        &sbrec_multicast_group_col_name,
        &sbrec_multicast_group_col_tunnel_key,
        &sbrec_multicast_group_col_ports,
        &sbrec_address_set_col_addresses,
        &sbrec_port_group_col_ports,
    };
    for (size_t i = 0; i < ARRAY_SIZE(write_only); i++) {
        ovsdb_idl_omit_alert(sb, write_only[i]);
    }
}

/* Creates an IDL that reads the contents of the Southbound logical flows
 * from 'remote', for recognising the rows that ovn-northd did not write
 * itself. */
static struct ovsdb_idl *
create_lflow_snapshot(const char *remote)
{
    struct ovsdb_idl *idl = ovsdb_idl_create(remote, &sbrec_idl_class,
                                             false, true);
    ovsdb_idl_add_table(idl, &sbrec_table_logical_flow);
    for (size_t i = 0; i < ARRAY_SIZE(lflow_contents); i++) {
        ovsdb_idl_add_column(idl, lflow_contents[i]);
    }
    return idl;
}

/* Gives 'engine' a snapshot of the Southbound logical flows at 'remote',
 * unless '*snapshot' already is one. */
static void
open_lflow_snapshot(struct ovsdb_idl **snapshot, const char *remote,
                    struct northd_engine *engine)
{
    if (!*snapshot) {
        *snapshot = create_lflow_snapshot(remote);
        inc_proc_northd_set_lflow_snapshot(engine, *snapshot);
    }
}

/* Takes '*snapshot' back from 'engine' and frees it. */
static void
close_lflow_snapshot(struct ovsdb_idl **snapshot,
                     struct northd_engine *engine)
{
    inc_proc_northd_set_lflow_snapshot(engine, NULL);
    ovsdb_idl_destroy(*snapshot);
    *snapshot = NULL;
}

/* Registers the control commands. */
static void
register_unixctl_commands(struct northd_state *state,
                          struct northd_engine *engine)
{
    unixctl_command_register("exit", "", 0, 0, northd_unixctl_exit, state);
    unixctl_command_register("pause", "", 0, 0, northd_unixctl_pause, state);
    unixctl_command_register("resume", "", 0, 0, northd_unixctl_resume,
                             state);
    unixctl_command_register("is-paused", "", 0, 0, northd_unixctl_is_paused,
                             state);
    unixctl_command_register("status", "", 0, 0, northd_unixctl_status,
                             state);
    unixctl_command_register("nb-connection-status", "", 0, 0,
                             northd_unixctl_connection_status,
                             state->nb_idl);
    unixctl_command_register("sb-connection-status", "", 0, 0,
                             northd_unixctl_connection_status,
                             state->sb_idl);
    unixctl_command_register("nb-cluster-state-reset", "", 0, 0,
                             northd_unixctl_cluster_state_reset,
                             state->nb_idl);
    unixctl_command_register("sb-cluster-state-reset", "", 0, 0,
                             northd_unixctl_cluster_state_reset,
                             state->sb_idl);
    unixctl_command_register("set-n-threads", "N", 1, 1,
                             northd_unixctl_set_n_threads, state);
    unixctl_command_register("get-n-threads", "", 0, 0,
                             northd_unixctl_get_n_threads, state);
    unixctl_command_register("debug/chassis-features-list", "", 0, 0,
                             northd_unixctl_chassis_features, engine);
}

/* Main. */
int
main(int argc, char *argv[])
{
    struct northd_options opts = { .n_threads = 1 };

#ifdef __GLIBC__
    /* A full compute frees millions of small JSON and IDL objects at once
     * and then makes large allocations; with glibc's fast bins every such
     * allocation first consolidates all of those chunks, which costs about
     * a fifth of the compute.  Without fast bins small chunks merge as they
     * are freed (the thread cache still serves the hot small sizes). */
    mallopt(M_MXFAST, 0);
#endif

    fatal_ignore_sigpipe();
    ovs_cmdl_proctitle_init(argc, argv);
    ovn_set_program_name(argv[0]);
    service_start(&argc, &argv);
    parse_options(argc, argv, &opts);

    daemonize_start(false);

    char *abs_unixctl_path = get_abs_unix_ctl_path(opts.unixctl_path);
    struct unixctl_server *unixctl;
    int retval = unixctl_server_create(abs_unixctl_path, &unixctl);
    free(abs_unixctl_path);
    if (retval) {
        exit(EXIT_FAILURE);
    }

    struct ovsdb_idl_loop nb_loop = OVSDB_IDL_LOOP_INITIALIZER(
        ovsdb_idl_create(opts.ovnnb_db, &nbrec_idl_class, true, true));
    struct ovsdb_idl_loop sb_loop = OVSDB_IDL_LOOP_INITIALIZER(
        ovsdb_idl_create(opts.ovnsb_db, &sbrec_idl_class, true, true));
    configure_idls(nb_loop.idl, sb_loop.idl);
    struct northd_engine *engine = inc_proc_northd_create(nb_loop.idl,
                                                          sb_loop.idl);

    struct northd_state state = {
        .paused = opts.paused,
        .n_threads = opts.n_threads,
        .nb_idl = nb_loop.idl,
        .sb_idl = sb_loop.idl,
    };
    register_unixctl_commands(&state, engine);

    daemonize_complete();

    char *version = northd_internal_version();
    VLOG_INFO("OVN internal version is : [%s]", version);
    free(version);

    /* Until ovn-northd knows every logical flow row of the Southbound
     * database (because it wrote or recognised them), it reads their
     * contents through this second connection. */
    struct ovsdb_idl *lflow_snapshot = NULL;
    open_lflow_snapshot(&lflow_snapshot, opts.ovnsb_db, engine);

    bool nb_was_connected = false, sb_was_connected = false;
    struct memory_trimmer *trimmer = memory_trimmer_create();
    int probe_interval = INT_MIN;     /* Not applied yet. */
    unsigned int nb_seqno = 0, sb_seqno = 0;
    while (!state.exiting) {
        int64_t loop_start_time = time_wall_msec();
        update_ssl_config(nb_loop.idl, opts.ssl_from_cmdline);
        update_nb_options(nb_loop.idl, sb_loop.idl, opts.ovnnb_db,
                          opts.ovnsb_db, trimmer, &probe_interval);

        struct ovsdb_idl_txn *nb_txn = ovsdb_idl_loop_run(&nb_loop);
        struct ovsdb_idl_txn *sb_txn = ovsdb_idl_loop_run(&sb_loop);
        if (lflow_snapshot) {
            ovsdb_idl_run(lflow_snapshot);
        }

        /* Only one ovn-northd, the one holding the lock, writes. */
        if (state.paused) {
            ovsdb_idl_set_lock(sb_loop.idl, NULL);
        } else if (!ovsdb_idl_has_lock(sb_loop.idl)
                   && !ovsdb_idl_is_lock_contended(sb_loop.idl)) {
            ovsdb_idl_set_lock(sb_loop.idl, "ovn_northd");
        }

        bool has_lock = !state.paused && ovsdb_idl_has_lock(sb_loop.idl);
        if (has_lock && !state.had_lock) {
            VLOG_INFO("ovn-northd lock acquired. "
                      "This ovn-northd instance is now active.");
            inc_proc_northd_force_recompute(engine);
        } else if (!has_lock && state.had_lock) {
            VLOG_INFO("ovn-northd lock lost. "
                      "This ovn-northd instance is now on standby.");
            /* The active ovn-northd will write flows that this one must
             * be able to recognise when it takes over. */
            open_lflow_snapshot(&lflow_snapshot, opts.ovnsb_db, engine);
        }
        state.had_lock = has_lock;

        /* A new connection may have brought a whole new database. */
        bool nb_connected = ovsdb_idl_is_connected(nb_loop.idl);
        bool sb_connected = ovsdb_idl_is_connected(sb_loop.idl);
        if ((nb_connected && !nb_was_connected)
            || (sb_connected && !sb_was_connected)) {
            inc_proc_northd_force_recompute(engine);
        }
        nb_was_connected = nb_connected;
        sb_was_connected = sb_connected;

        if (has_lock && ovsdb_idl_has_ever_connected(nb_loop.idl)
            && ovsdb_idl_has_ever_connected(sb_loop.idl)
            && (!lflow_snapshot
                || ovsdb_idl_has_ever_connected(lflow_snapshot))) {
            if (nb_txn && sb_txn) {
                inc_proc_northd_set_n_threads(engine, state.n_threads);
                if (inc_proc_northd_run(engine, nb_txn, sb_txn)) {
                    update_sequence_numbers(loop_start_time, &nb_loop,
                                            &sb_loop);
                    /* Once the transaction leaves no row that ovn-northd
                     * did not write or recognise, the snapshot has done
                     * its job (if the transaction fails, the rows it
                     * deletes come back unrecognised, and the next full
                     * sync deletes them again).  Dropping it at once
                     * spares the server from sending it the new flows. */
                    if (lflow_snapshot
                        && inc_proc_northd_knows_sb_lflows(engine)) {
                        close_lflow_snapshot(&lflow_snapshot, engine);
                    }
                }
                ovsdb_idl_track_clear(nb_loop.idl);
                ovsdb_idl_track_clear(sb_loop.idl);
            }
            /* Otherwise a transaction is in flight: the changes stay
             * tracked until the next run. */
        } else {
            /* Not writing: forget the changes; becoming active again
             * starts with a recompute. */
            ovsdb_idl_track_clear(nb_loop.idl);
            ovsdb_idl_track_clear(sb_loop.idl);
            inc_proc_northd_force_recompute(engine);
        }

        unixctl_server_run(unixctl);
        unixctl_server_wait(unixctl);

        /* Any change in either database is activity: memory is trimmed
         * once both have been quiet for a while. */
        if (ovsdb_idl_get_seqno(nb_loop.idl) != nb_seqno
            || ovsdb_idl_get_seqno(sb_loop.idl) != sb_seqno) {
            nb_seqno = ovsdb_idl_get_seqno(nb_loop.idl);
            sb_seqno = ovsdb_idl_get_seqno(sb_loop.idl);
            memory_trimmer_record_activity(trimmer);
        }
        memory_trimmer_run(trimmer);
        memory_trimmer_wait(trimmer);

        /* Without the lock, a Southbound commit could only fail. */
        if (!has_lock && sb_loop.open_txn) {
            ovsdb_idl_txn_destroy(sb_loop.open_txn);
            sb_loop.open_txn = NULL;
        }

        if (!ovsdb_idl_loop_commit_and_wait(&nb_loop)) {
            VLOG_INFO("OVNNB commit failed, force recompute next time.");
            inc_proc_northd_force_recompute(engine);
        }
        if (!ovsdb_idl_loop_commit_and_wait(&sb_loop)) {
            VLOG_INFO("OVNSB commit failed, force recompute next time.");
            inc_proc_northd_force_recompute(engine);
        }
        if (lflow_snapshot) {
            ovsdb_idl_wait(lflow_snapshot);
        }
        if (inc_proc_northd_get_force_recompute(engine)
            && has_lock && nb_txn && sb_txn) {
            poll_immediate_wake();
        }

        if (state.exiting) {
            poll_immediate_wake();
        }
        poll_block();
        if (should_service_stop()) {
            state.exiting = true;
        }
    }

    if (lflow_snapshot) {
        close_lflow_snapshot(&lflow_snapshot, engine);
    }
    memory_trimmer_destroy(trimmer);
    inc_proc_northd_destroy(engine);
    unixctl_server_destroy(unixctl);
    ovsdb_idl_loop_destroy(&nb_loop);
    ovsdb_idl_loop_destroy(&sb_loop);
    service_stop();
    exit(EXIT_SUCCESS);
}
