/* sbctl-remote.c: ovn-sbctl's remote connectivity and SSL commands:
 * get-connection, del-connection, set-connection, get-ssl, del-ssl,
 * set-ssl.
 *
 * They manage SB_Global's "connections" and "ssl" columns and the
 * Connection and SSL rows they refer to.  Unlike the Northbound ones,
 * Southbound connections also have a role and may be read-only (for
 * ovn-controller's RBAC). */

#include <config.h>

#include <stdlib.h>

#include "lib/ovn-sb-idl.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/shash.h"
#include "openvswitch/vlog.h"
#include "sbctl-commands.h"
#include "stream.h"
#include "svec.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(sbctl_remote);

/* "get-connection": "read-only|read-write role="ROLE" TARGET" lines,
 * sorted. */
static void
sbctl_get_connection(struct ctl_context *ctx)
{
    const struct sbrec_connection *conn;
    struct svec lines = SVEC_EMPTY_INITIALIZER;

    SBREC_CONNECTION_FOR_EACH (conn, ctx->idl) {
        svec_add_nocopy(&lines, xasprintf("%s role=\"%s\" %s",
                                          conn->read_only
                                          ? "read-only" : "read-write",
                                          conn->role, conn->target));
    }
    svec_sort_unique(&lines);
    for (size_t i = 0; i < lines.n; i++) {
        ds_put_format(&ctx->output, "%s\n", lines.names[i]);
    }
    svec_destroy(&lines);
}

/* Deletes every Connection row and empties SB_Global's connections. */
static void
delete_connections(struct ctl_context *ctx)
{
    const struct sbrec_sb_global *sb = sbrec_sb_global_first(ctx->idl);
    const struct sbrec_connection *conn;

    sbrec_sb_global_verify_connections(sb);
    sbrec_sb_global_set_connections(sb, NULL, 0);
    SBREC_CONNECTION_FOR_EACH_SAFE (conn, ctx->idl) {
        sbrec_connection_delete(conn);
    }
}

/* "del-connection". */
static void
sbctl_del_connection(struct ctl_context *ctx)
{
    delete_connections(ctx);
}

/* "[--inactivity-probe=MSECS] set-connection [read-only|read-write]
 * [role=ROLE] TARGET...": replaces the connections with one per TARGET,
 * each with the access and role most recently given before it. */
static void
sbctl_set_connection(struct ctl_context *ctx)
{
    const char *probe = shash_find_data(&ctx->options, "--inactivity-probe");
    const struct sbrec_sb_global *sb = sbrec_sb_global_first(ctx->idl);
    bool read_only = false;
    const char *role = "";

    delete_connections(ctx);

    struct sbrec_connection **conns = xmalloc(ctx->argc * sizeof *conns);
    size_t n = 0;
    for (int i = 1; i < ctx->argc; i++) {
        const char *arg = ctx->argv[i];

        if (!strcmp(arg, "read-only")) {
            read_only = true;
            continue;
        } else if (!strcmp(arg, "read-write")) {
            read_only = false;
            continue;
        } else if (!strncmp(arg, "role=", 5)) {
            role = arg + 5;
            continue;
        }

        if (stream_verify_name(arg) && pstream_verify_name(arg)) {
            VLOG_WARN("target type \"%s\" is possibly erroneous", arg);
        }
        struct sbrec_connection *conn = sbrec_connection_insert(ctx->txn);
        sbrec_connection_set_target(conn, arg);
        sbrec_connection_set_read_only(conn, read_only);
        sbrec_connection_set_role(conn, role);
        if (probe) {
            int64_t msecs = atoll(probe);
            sbrec_connection_set_inactivity_probe(conn, &msecs, 1);
        }
        conns[n++] = conn;
    }
    sbrec_sb_global_set_connections(sb, conns, n);
    free(conns);
}

/* "get-ssl". */
static void
sbctl_get_ssl(struct ctl_context *ctx)
{
    const struct sbrec_sb_global *sb = sbrec_sb_global_first(ctx->idl);
    const struct sbrec_ssl *ssl = sbrec_ssl_first(ctx->idl);

    sbrec_sb_global_verify_ssl(sb);
    if (ssl) {
        ds_put_format(&ctx->output, "Private key: %s\n", ssl->private_key);
        ds_put_format(&ctx->output, "Certificate: %s\n", ssl->certificate);
        ds_put_format(&ctx->output, "CA Certificate: %s\n", ssl->ca_cert);
        ds_put_format(&ctx->output, "Bootstrap: %s\n",
                      ssl->bootstrap_ca_cert ? "true" : "false");
    }
}

/* "del-ssl". */
static void
sbctl_del_ssl(struct ctl_context *ctx)
{
    const struct sbrec_sb_global *sb = sbrec_sb_global_first(ctx->idl);
    const struct sbrec_ssl *ssl = sbrec_ssl_first(ctx->idl);

    if (ssl) {
        sbrec_sb_global_verify_ssl(sb);
        sbrec_ssl_delete(ssl);
        sbrec_sb_global_set_ssl(sb, NULL);
    }
}

/* "[--bootstrap] set-ssl PRIVATE-KEY CERTIFICATE CA-CERT [SSL-PROTOS
 * [SSL-CIPHERS [SSL-CIPHERSUITES]]]". */
static void
sbctl_set_ssl(struct ctl_context *ctx)
{
    bool bootstrap = shash_find(&ctx->options, "--bootstrap") != NULL;
    const struct sbrec_sb_global *sb = sbrec_sb_global_first(ctx->idl);
    const struct sbrec_ssl *old = sbrec_ssl_first(ctx->idl);

    sbrec_sb_global_verify_ssl(sb);
    if (old) {
        sbrec_ssl_delete(old);
    }

    struct sbrec_ssl *ssl = sbrec_ssl_insert(ctx->txn);
    sbrec_ssl_set_private_key(ssl, ctx->argv[1]);
    sbrec_ssl_set_certificate(ssl, ctx->argv[2]);
    sbrec_ssl_set_ca_cert(ssl, ctx->argv[3]);
    sbrec_ssl_set_bootstrap_ca_cert(ssl, bootstrap);
    if (ctx->argc > 4) {
        sbrec_ssl_set_ssl_protocols(ssl, ctx->argv[4]);
    }
    if (ctx->argc > 5) {
        sbrec_ssl_set_ssl_ciphers(ssl, ctx->argv[5]);
    }
    if (ctx->argc > 6) {
        sbrec_ssl_set_ssl_ciphersuites(ssl, ctx->argv[6]);
    }
    sbrec_sb_global_set_ssl(sb, ssl);
}

const struct ctl_command_syntax sbctl_remote_commands[] = {
    {"get-connection", 0, 0, "", NULL, sbctl_get_connection, NULL, "", RO},
    {"del-connection", 0, 0, "", NULL, sbctl_del_connection, NULL, "", RW},
    {"set-connection", 1, INT_MAX, "TARGET...", NULL, sbctl_set_connection,
     NULL, "--inactivity-probe=", RW},
    {"get-ssl", 0, 0, "", NULL, sbctl_get_ssl, NULL, "", RO},
    {"del-ssl", 0, 0, "", NULL, sbctl_del_ssl, NULL, "", RW},
    {"set-ssl", 3, 6,
     "PRIVATE-KEY CERTIFICATE CA-CERT [SSL-PROTOS [SSL-CIPHERS "
     "[SSL-CIPHERSUITES]]]",
     NULL, sbctl_set_ssl, NULL, "--bootstrap", RW},
    {NULL, 0, 0, NULL, NULL, NULL, NULL, "", RO},
};

const char sbctl_remote_help[] =
    "Connection commands:\n"
    "  get-connection             print the connections\n"
    "  del-connection             delete the connections\n"
    "  [--inactivity-probe=MSECS]\n"
    "  set-connection TARGET...   set the list of connections to TARGET...\n"
    "\n"
    "SSL commands:\n"
    "  get-ssl                     print the SSL configuration\n"
    "  del-ssl                     delete the SSL configuration\n"
    "  set-ssl PRIV-KEY CERT CA-CERT [SSL-PROTOS [SSL-CIPHERS]]\n"
    "                              set the SSL configuration\n";
