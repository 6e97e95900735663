/* ovn-dbctl-remote.c: the connection and SSL commands of ovn-nbctl and
 * ovn-sbctl.  See ovn-dbctl-remote.h.
 *
 * The commands read and write rows through the IDL's generic interface
 * (ovn-dbctl-row.h), with the tables and columns that the tool's
 * ovn_dbctl_remote_schema names, so that one implementation serves both
 * databases. */

#include <config.h>

#include "ovn-dbctl-remote.h"

#include <stdlib.h>

#include "openvswitch/dynamic-string.h"
#include "openvswitch/shash.h"
#include "openvswitch/vlog.h"
#include "ovn-dbctl.h"
#include "ovsdb-idl.h"
#include "ovsdb-idl-provider.h"
#include "stream.h"
#include "svec.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(dbctl_remote);

/* Returns the description of the tables of the database that 'ctx''s
 * tool manages. */
static const struct ovn_dbctl_remote_schema *
get_schema(struct ctl_context *ctx)
{
    return ovn_dbctl_context_cast(ctx)->tool->remote_schema;
}

/* Returns the database's global row, which every transaction of the tools
 * creates if it is missing. */
static const struct ovsdb_idl_row *
get_global(struct ctl_context *ctx, const struct ovn_dbctl_remote_schema *s)
{
    return ovsdb_idl_first_row(ctx->idl, s->global);
}

/* Returns the database's SSL row, or NULL. */
static const struct ovsdb_idl_row *
get_ssl(struct ctl_context *ctx, const struct ovn_dbctl_remote_schema *s)
{
    return ovsdb_idl_first_row(ctx->idl, s->ssl);
}

/* "get-connection": the connections, sorted, one per line: the target
 * alone, or, in a database with access control, "read-only|read-write
 * role="ROLE" TARGET". */
static void
cmd_get_connection(struct ctl_context *ctx)
{
    const struct ovn_dbctl_remote_schema *s = get_schema(ctx);
    struct svec lines = SVEC_EMPTY_INITIALIZER;

    for (const struct ovsdb_idl_row *conn
             = ovsdb_idl_first_row(ctx->idl, s->connection);
         conn; conn = ovsdb_idl_next_row(conn)) {
        const char *target = ovn_dbctl_read_string(conn,
                                                   s->connection_target);
        if (!s->connection_read_only) {
            svec_add(&lines, target);
            continue;
        }

        bool read_only = ovn_dbctl_read_bool(conn, s->connection_read_only);
        const char *role = ovn_dbctl_read_string(conn, s->connection_role);
        svec_add_nocopy(&lines, xasprintf("%s role=\"%s\" %s",
                                          (read_only
                                           ? "read-only" : "read-write"),
                                          role, target));
    }
    svec_sort_unique(&lines);
    for (size_t i = 0; i < lines.n; i++) {
        ds_put_format(&ctx->output, "%s\n", lines.names[i]);
    }
    svec_destroy(&lines);
}

/* Deletes every Connection row and empties the global row's
 * connections. */
static void
delete_connections(struct ctl_context *ctx,
                   const struct ovn_dbctl_remote_schema *s)
{
    const struct ovsdb_idl_row *global = get_global(ctx, s);

    ovsdb_idl_txn_verify(global, s->global_connections);
    ovn_dbctl_clear(global, s->global_connections);

    const struct ovsdb_idl_row *conn, *next;
    for (conn = ovsdb_idl_first_row(ctx->idl, s->connection); conn;
         conn = next) {
        next = ovsdb_idl_next_row(conn);
        ovsdb_idl_txn_delete(conn);
    }
}

/* "del-connection". */
static void
cmd_del_connection(struct ctl_context *ctx)
{
    delete_connections(ctx, get_schema(ctx));
}

/* "[--inactivity-probe=MSECS] set-connection TARGET...": replaces the
 * connections with one per TARGET.  In a database with access control,
 * "read-only", "read-write" and "role=ROLE" arguments set the access and
 * role of the targets that follow them. */
static void
cmd_set_connection(struct ctl_context *ctx)
{
    const struct ovn_dbctl_remote_schema *s = get_schema(ctx);
    const char *probe = shash_find_data(&ctx->options, "--inactivity-probe");
    bool read_only = false;
    const char *role = "";

    delete_connections(ctx, s);

    const struct ovsdb_idl_row **conns = xmalloc(ctx->argc * sizeof *conns);
    size_t n = 0;
    for (int i = 1; i < ctx->argc; i++) {
        const char *arg = ctx->argv[i];

        if (s->connection_read_only) {
            if (!strcmp(arg, "read-only") || !strcmp(arg, "read-write")) {
                read_only = !strcmp(arg, "read-only");
                continue;
            } else if (!strncmp(arg, "role=", 5)) {
                role = arg + 5;
                continue;
            }
        }

        if (stream_verify_name(arg) && pstream_verify_name(arg)) {
            VLOG_WARN("target type \"%s\" is possibly erroneous", arg);
        }
        const struct ovsdb_idl_row *conn
            = ovsdb_idl_txn_insert(ctx->txn, s->connection, NULL);
        ovn_dbctl_write_string(conn, s->connection_target, arg);
        if (s->connection_read_only) {
            ovn_dbctl_write_bool(conn, s->connection_read_only, read_only);
            ovn_dbctl_write_string(conn, s->connection_role, role);
        }
        if (probe) {
            ovn_dbctl_write_integer(conn, s->connection_inactivity_probe,
                                    atoll(probe));
        }
        conns[n++] = conn;
    }
    ovn_dbctl_write_refs(get_global(ctx, s), s->global_connections, conns,
                         n);
    free(conns);
}

/* "get-ssl". */
static void
cmd_get_ssl(struct ctl_context *ctx)
{
    const struct ovn_dbctl_remote_schema *s = get_schema(ctx);
    const struct ovsdb_idl_row *ssl = get_ssl(ctx, s);

    ovsdb_idl_txn_verify(get_global(ctx, s), s->global_ssl);
    if (ssl) {
        ds_put_format(&ctx->output, "Private key: %s\n",
                      ovn_dbctl_read_string(ssl, s->ssl_private_key));
        ds_put_format(&ctx->output, "Certificate: %s\n",
                      ovn_dbctl_read_string(ssl, s->ssl_certificate));
        ds_put_format(&ctx->output, "CA Certificate: %s\n",
                      ovn_dbctl_read_string(ssl, s->ssl_ca_cert));
        ds_put_format(&ctx->output, "Bootstrap: %s\n",
                      ovn_dbctl_read_bool(ssl, s->ssl_bootstrap_ca_cert)
                      ? "true" : "false");
    }
}

/* "del-ssl". */
static void
cmd_del_ssl(struct ctl_context *ctx)
{
    const struct ovn_dbctl_remote_schema *s = get_schema(ctx);
    const struct ovsdb_idl_row *ssl = get_ssl(ctx, s);

    if (ssl) {
        const struct ovsdb_idl_row *global = get_global(ctx, s);
        ovsdb_idl_txn_verify(global, s->global_ssl);
        ovsdb_idl_txn_delete(ssl);
        ovn_dbctl_clear(global, s->global_ssl);
    }
}

/* "[--bootstrap] set-ssl PRIVATE-KEY CERTIFICATE CA-CERT [SSL-PROTOS
 * [SSL-CIPHERS [SSL-CIPHERSUITES]]]": replaces the SSL configuration. */
static void
cmd_set_ssl(struct ctl_context *ctx)
{
    const struct ovn_dbctl_remote_schema *s = get_schema(ctx);
    bool bootstrap = shash_find(&ctx->options, "--bootstrap") != NULL;
    const struct ovsdb_idl_row *global = get_global(ctx, s);
    const struct ovsdb_idl_row *old = get_ssl(ctx, s);

    ovsdb_idl_txn_verify(global, s->global_ssl);
    if (old) {
        ovsdb_idl_txn_delete(old);
    }

    const struct ovsdb_idl_row *ssl = ovsdb_idl_txn_insert(ctx->txn, s->ssl,
                                                           NULL);
    const struct ovsdb_idl_column *columns[] = {
        s->ssl_private_key, s->ssl_certificate, s->ssl_ca_cert,
        s->ssl_protocols, s->ssl_ciphers, s->ssl_ciphersuites,
    };
    for (size_t i = 0; i < ARRAY_SIZE(columns) && i + 1 < ctx->argc; i++) {
        ovn_dbctl_write_string(ssl, columns[i], ctx->argv[i + 1]);
    }
    ovn_dbctl_write_bool(ssl, s->ssl_bootstrap_ca_cert, bootstrap);
    ovn_dbctl_write_refs(global, s->global_ssl, &ssl, 1);
}

const struct ctl_command_syntax ovn_dbctl_remote_commands[] = {
    {"get-connection", 0, 0, "", NULL, cmd_get_connection, NULL, "", RO},
    {"del-connection", 0, 0, "", NULL, cmd_del_connection, NULL, "", RW},
    {"set-connection", 1, INT_MAX, "TARGET...", NULL, cmd_set_connection,
     NULL, "--inactivity-probe=", RW},
    {"get-ssl", 0, 0, "", NULL, cmd_get_ssl, NULL, "", RO},
    {"del-ssl", 0, 0, "", NULL, cmd_del_ssl, NULL, "", RW},
    {"set-ssl", 3, 6,
     "PRIVATE-KEY CERTIFICATE CA-CERT [SSL-PROTOS [SSL-CIPHERS "
     "[SSL-CIPHERSUITES]]]",
     NULL, cmd_set_ssl, NULL, "--bootstrap", RW},
    {NULL, 0, 0, NULL, NULL, NULL, NULL, "", RO},
};

const char ovn_dbctl_remote_help[] =
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
