/* nbctl-remote.c: ovn-nbctl's remote connectivity and SSL commands:
 * get-connection, del-connection, set-connection, get-ssl, del-ssl,
 * set-ssl.
 *
 * They manage NB_Global's "connections" and "ssl" columns and the
 * Connection and SSL rows they refer to, which an ovsdb-server serving the
 * Northbound database may use for its own remotes and SSL settings. */

#include <config.h>

#include <stdlib.h>

#include "lib/ovn-nb-idl.h"
#include "nbctl-commands.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/shash.h"
#include "openvswitch/vlog.h"
#include "stream.h"
#include "svec.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(nbctl_remote);

/* "get-connection": the targets, sorted, one per line. */
static void
nbctl_get_connection(struct ctl_context *ctx)
{
    const struct nbrec_connection *conn;
    struct svec targets = SVEC_EMPTY_INITIALIZER;

    NBREC_CONNECTION_FOR_EACH (conn, ctx->idl) {
        svec_add(&targets, conn->target);
    }
    svec_sort_unique(&targets);
    for (size_t i = 0; i < targets.n; i++) {
        ds_put_format(&ctx->output, "%s\n", targets.names[i]);
    }
    svec_destroy(&targets);
}

/* Deletes every Connection row and empties NB_Global's connections. */
static void
delete_connections(struct ctl_context *ctx)
{
    const struct nbrec_nb_global *nb = nbrec_nb_global_first(ctx->idl);
    const struct nbrec_connection *conn;

    nbrec_nb_global_verify_connections(nb);
    nbrec_nb_global_set_connections(nb, NULL, 0);
    NBREC_CONNECTION_FOR_EACH_SAFE (conn, ctx->idl) {
        nbrec_connection_delete(conn);
    }
}

/* "del-connection". */
static void
nbctl_del_connection(struct ctl_context *ctx)
{
    delete_connections(ctx);
}

/* "[--inactivity-probe=MSECS] set-connection TARGET...": replaces the
 * connections with one per TARGET. */
static void
nbctl_set_connection(struct ctl_context *ctx)
{
    const char *probe = shash_find_data(&ctx->options, "--inactivity-probe");
    const struct nbrec_nb_global *nb = nbrec_nb_global_first(ctx->idl);
    size_t n = ctx->argc - 1;

    delete_connections(ctx);

    struct nbrec_connection **conns = xmalloc(n * sizeof *conns);
    for (size_t i = 0; i < n; i++) {
        const char *target = ctx->argv[i + 1];

        if (stream_verify_name(target) && pstream_verify_name(target)) {
            VLOG_WARN("target type \"%s\" is possibly erroneous", target);
        }
        conns[i] = nbrec_connection_insert(ctx->txn);
        nbrec_connection_set_target(conns[i], target);
        if (probe) {
            int64_t msecs = atoll(probe);
            nbrec_connection_set_inactivity_probe(conns[i], &msecs, 1);
        }
    }
    nbrec_nb_global_set_connections(nb, conns, n);
    free(conns);
}

/* "get-ssl". */
static void
nbctl_get_ssl(struct ctl_context *ctx)
{
    const struct nbrec_nb_global *nb = nbrec_nb_global_first(ctx->idl);
    const struct nbrec_ssl *ssl = nbrec_ssl_first(ctx->idl);

    nbrec_nb_global_verify_ssl(nb);
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
nbctl_del_ssl(struct ctl_context *ctx)
{
    const struct nbrec_nb_global *nb = nbrec_nb_global_first(ctx->idl);
    const struct nbrec_ssl *ssl = nbrec_ssl_first(ctx->idl);

    if (ssl) {
        nbrec_nb_global_verify_ssl(nb);
        nbrec_ssl_delete(ssl);
        nbrec_nb_global_set_ssl(nb, NULL);
    }
}

/* "[--bootstrap] set-ssl PRIVATE-KEY CERTIFICATE CA-CERT [SSL-PROTOS
 * [SSL-CIPHERS [SSL-CIPHERSUITES]]]". */
static void
nbctl_set_ssl(struct ctl_context *ctx)
{
    bool bootstrap = shash_find(&ctx->options, "--bootstrap") != NULL;
    const struct nbrec_nb_global *nb = nbrec_nb_global_first(ctx->idl);
    const struct nbrec_ssl *old = nbrec_ssl_first(ctx->idl);

    nbrec_nb_global_verify_ssl(nb);
    if (old) {
        nbrec_ssl_delete(old);
    }

    struct nbrec_ssl *ssl = nbrec_ssl_insert(ctx->txn);
    nbrec_ssl_set_private_key(ssl, ctx->argv[1]);
    nbrec_ssl_set_certificate(ssl, ctx->argv[2]);
    nbrec_ssl_set_ca_cert(ssl, ctx->argv[3]);
    nbrec_ssl_set_bootstrap_ca_cert(ssl, bootstrap);
    if (ctx->argc > 4) {
        nbrec_ssl_set_ssl_protocols(ssl, ctx->argv[4]);
    }
    if (ctx->argc > 5) {
        nbrec_ssl_set_ssl_ciphers(ssl, ctx->argv[5]);
    }
    if (ctx->argc > 6) {
        nbrec_ssl_set_ssl_ciphersuites(ssl, ctx->argv[6]);
    }
    nbrec_nb_global_set_ssl(nb, ssl);
}

const struct ctl_command_syntax nbctl_remote_commands[] = {
    {"get-connection", 0, 0, "", NULL, nbctl_get_connection, NULL, "", RO},
    {"del-connection", 0, 0, "", NULL, nbctl_del_connection, NULL, "", RW},
    {"set-connection", 1, INT_MAX, "TARGET...", NULL, nbctl_set_connection,
     NULL, "--inactivity-probe=", RW},
    {"get-ssl", 0, 0, "", NULL, nbctl_get_ssl, NULL, "", RO},
    {"del-ssl", 0, 0, "", NULL, nbctl_del_ssl, NULL, "", RW},
    {"set-ssl", 3, 6,
     "PRIVATE-KEY CERTIFICATE CA-CERT [SSL-PROTOS [SSL-CIPHERS "
     "[SSL-CIPHERSUITES]]]",
     NULL, nbctl_set_ssl, NULL, "--bootstrap", RW},
    {NULL, 0, 0, NULL, NULL, NULL, NULL, "", RO},
};

const char nbctl_remote_help[] =
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
