/* nbctl-port.c: the commands that logical switch ports and logical router
 * ports share.  See nbctl-port.h.
 *
 * The ports' rows are read and written through the IDL's generic
 * interface (ovn-dbctl-row.h), with the columns of the port kind. */

#include <config.h>

#include "nbctl-port.h"

#include <stdlib.h>
#include <strings.h>

#include "db-ctl-base.h"
#include "nbctl-args.h"
#include "nbctl-lookup.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/shash.h"
#include "ovn-dbctl.h"
#include "ovsdb-data.h"
#include "ovsdb-idl.h"
#include "smap.h"
#include "util.h"

/* Finds the port named by argv[1], which must exist.  Returns NULL, with
 * ctx->error set, if it does not. */
static const struct ovsdb_idl_row *
get_port(struct ctl_context *ctx, const struct nbctl_port_kind *kind)
{
    const struct ovsdb_idl_row *port;

    ctx->error = nbctl_lookup_row(ctx, kind->port, ctx->argv[1], true,
                                  &port);
    return port;
}

/* Deletes the port, removing it from its datapath's ports first: deleting
 * the row explicitly, rather than leaving it to the database's garbage
 * collection, hides it from later commands. */
void
nbctl_port_del(struct ctl_context *ctx, const struct nbctl_port_kind *kind)
{
    bool must_exist = !shash_find(&ctx->options, "--if-exists");
    const struct ovsdb_idl_row *port;

    ctx->error = nbctl_lookup_row(ctx, kind->port, ctx->argv[1], must_exist,
                                  &port);
    if (ctx->error || !port) {
        return;
    }

    const struct ovsdb_idl_row *dp;
    ctx->error = nbctl_port_to_datapath(ctx->idl, kind->datapath,
                                        kind->ports, kind->port, port, &dp);
    if (!ctx->error) {
        ovn_dbctl_remove_ref(dp, kind->ports, port);
        ovsdb_idl_txn_delete(port);
    }
}

/* Lists the ports of the datapath named by argv[1]. */
void
nbctl_port_list(struct ctl_context *ctx, const struct nbctl_port_kind *kind)
{
    const struct ovsdb_idl_row *dp;

    ctx->error = nbctl_lookup_row(ctx, kind->datapath, ctx->argv[1], true,
                                  &dp);
    if (ctx->error) {
        return;
    }

    const struct ovsdb_datum *ports = ovsdb_idl_read(dp, kind->ports);
    const struct ovsdb_idl_row **rows = xmalloc((ports->n + 1)
                                                * sizeof *rows);
    size_t n = 0;
    for (size_t i = 0; i < ports->n; i++) {
        rows[n] = ovsdb_idl_get_row_for_uuid(ctx->idl, kind->port->table,
                                             &ports->keys[i].uuid);
        if (rows[n]) {
            n++;
        }
    }
    nbctl_put_named_rows(&ctx->output, kind->port, rows, n);
    free(rows);
}

/* Sets the port's administrative state to argv[2]. */
void
nbctl_port_set_enabled(struct ctl_context *ctx,
                       const struct nbctl_port_kind *kind)
{
    const struct ovsdb_idl_row *port = get_port(ctx, kind);
    if (!port) {
        return;
    }

    const char *state = ctx->argv[2];
    bool enabled;
    if (!strcasecmp(state, "enabled")) {
        enabled = true;
    } else if (!strcasecmp(state, "disabled")) {
        enabled = false;
    } else {
        ctl_error(ctx, "%s: state must be \"enabled\" or \"disabled\"",
                  state);
        return;
    }
    ovn_dbctl_write_bool(port, kind->enabled, enabled);
}

/* Prints the port's administrative state. */
void
nbctl_port_get_enabled(struct ctl_context *ctx,
                       const struct nbctl_port_kind *kind)
{
    const struct ovsdb_idl_row *port = get_port(ctx, kind);
    if (port) {
        const struct ovsdb_datum *enabled = ovsdb_idl_read(port,
                                                           kind->enabled);
        ds_put_format(&ctx->output, "%s\n",
                      !enabled->n || enabled->keys[0].boolean
                      ? "enabled" : "disabled");
    }
}

/* Replaces the port's options with the KEY=VALUE arguments. */
void
nbctl_port_set_options(struct ctl_context *ctx,
                       const struct nbctl_port_kind *kind)
{
    const struct ovsdb_idl_row *port = get_port(ctx, kind);
    if (!port) {
        return;
    }

    struct smap options = SMAP_INITIALIZER(&options);
    nbctl_parse_key_values(&ctx->argv[2], ctx->argc - 2, &options);
    ovn_dbctl_write_smap(port, kind->options, &options);
    smap_destroy(&options);
}

/* Prints the port's options, in the order of the IDL's map of them. */
void
nbctl_port_get_options(struct ctl_context *ctx,
                       const struct nbctl_port_kind *kind)
{
    const struct ovsdb_idl_row *port = get_port(ctx, kind);
    if (!port) {
        return;
    }

    struct smap options;
    ovn_dbctl_read_smap(port, kind->options, &options);
    const struct smap_node *node;
    SMAP_FOR_EACH (node, &options) {
        ds_put_format(&ctx->output, "%s=%s\n", node->key, node->value);
    }
    smap_destroy(&options);
}
