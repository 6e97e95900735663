/* nbctl-datapath.c: ovn-nbctl's logical switch and logical router
 * commands: ls-add, ls-del, ls-list, lr-add, lr-del, lr-list.
 *
 * Switches and routers are created, deleted and listed the same way, so
 * one implementation, given a description of the kind of datapath,
 * serves both; --help shows them in two sections. */

#include <config.h>

#include <stdlib.h>

#include "lib/ovn-nb-idl.h"
#include "nbctl-commands.h"
#include "nbctl-lookup.h"
#include "openvswitch/shash.h"
#include "ovn-dbctl.h"
#include "ovsdb-data.h"
#include "ovsdb-idl.h"
#include "util.h"

/* A kind of datapath. */
struct datapath_kind {
    const struct nbctl_lookup_kind *lookup; /* Its table, name and noun. */
    const struct ovsdb_idl_table_class *port_table; /* Its ports' table. */
    const struct ovsdb_idl_column *ports;   /* Its "ports" column. */
};

/* Logical switches. */
static const struct datapath_kind switch_kind = {
    .lookup = &nbctl_switch_kind,
    .port_table = &nbrec_table_logical_switch_port,
    .ports = &nbrec_logical_switch_col_ports,
};

/* Logical routers. */
static const struct datapath_kind router_kind = {
    .lookup = &nbctl_router_kind,
    .port_table = &nbrec_table_logical_router_port,
    .ports = &nbrec_logical_router_col_ports,
};

/* "[--may-exist | --add-duplicate] ls-add [SWITCH]" and lr-add: names
 * need not be unique in the database, but ovn-nbctl refuses a duplicate
 * unless asked for one. */
static void
datapath_add(struct ctl_context *ctx, const struct datapath_kind *kind)
{
    const struct nbctl_lookup_kind *lookup = kind->lookup;
    const char *name = ctx->argc == 2 ? ctx->argv[1] : NULL;
    bool may_exist = shash_find(&ctx->options, "--may-exist") != NULL;
    bool add_duplicate = shash_find(&ctx->options, "--add-duplicate") != NULL;

    if (may_exist && add_duplicate) {
        ctl_error(ctx, "--may-exist and --add-duplicate may not be used "
                  "together");
        return;
    }

    if (name) {
        for (const struct ovsdb_idl_row *row
                 = ovsdb_idl_first_row(ctx->idl, lookup->table);
             row && !add_duplicate; row = ovsdb_idl_next_row(row)) {
            if (!strcmp(ovn_dbctl_read_string(row, lookup->name_column),
                        name)) {
                if (!may_exist) {
                    ctl_error(ctx, "%s: a %s with this name already exists",
                              name, lookup->what);
                }
                return;
            }
        }
    } else if (may_exist) {
        ctl_error(ctx, "--may-exist requires specifying a name");
        return;
    } else if (add_duplicate) {
        ctl_error(ctx, "--add-duplicate requires specifying a name");
        return;
    }

    const struct ovsdb_idl_row *row = ovsdb_idl_txn_insert(ctx->txn,
                                                           lookup->table,
                                                           NULL);
    if (name) {
        ovn_dbctl_write_string(row, lookup->name_column, name);
    }
}

/* "[--if-exists] ls-del SWITCH" and lr-del: deletes the datapath with its
 * ports.  The database would delete the ports (and a router's routes,
 * policies and NATs) anyway, since only the datapath refers to them, but
 * deleting the ports here hides them from later commands of the same
 * invocation, which look ports up by name. */
static void
datapath_del(struct ctl_context *ctx, const struct datapath_kind *kind)
{
    bool must_exist = !shash_find(&ctx->options, "--if-exists");
    const struct ovsdb_idl_row *dp;

    ctx->error = nbctl_lookup_row(ctx, kind->lookup, ctx->argv[1],
                                  must_exist, &dp);
    if (ctx->error || !dp) {
        return;
    }

    const struct ovsdb_datum *ports = ovsdb_idl_read(dp, kind->ports);
    for (size_t i = 0; i < ports->n; i++) {
        const struct ovsdb_idl_row *port = ovsdb_idl_get_row_for_uuid(
            ctx->idl, kind->port_table, &ports->keys[i].uuid);
        if (port) {
            ovsdb_idl_txn_delete(port);
        }
    }
    ovsdb_idl_txn_delete(dp);
}

/* "ls-list" and lr-list: one line "UUID (NAME)" per datapath, sorted by
 * name. */
static void
datapath_list(struct ctl_context *ctx, const struct datapath_kind *kind)
{
    const struct ovsdb_idl_row **rows = NULL;
    size_t n = 0, allocated = 0;

    for (const struct ovsdb_idl_row *row
             = ovsdb_idl_first_row(ctx->idl, kind->lookup->table);
         row; row = ovsdb_idl_next_row(row)) {
        if (n >= allocated) {
            rows = x2nrealloc(rows, &allocated, sizeof *rows);
        }
        rows[n++] = row;
    }
    nbctl_put_named_rows(&ctx->output, kind->lookup, rows, n);
    free(rows);
}

/* "ls-add". */
static void
nbctl_ls_add(struct ctl_context *ctx)
{
    datapath_add(ctx, &switch_kind);
}

/* "ls-del". */
static void
nbctl_ls_del(struct ctl_context *ctx)
{
    datapath_del(ctx, &switch_kind);
}

/* "ls-list". */
static void
nbctl_ls_list(struct ctl_context *ctx)
{
    datapath_list(ctx, &switch_kind);
}

/* "lr-add". */
static void
nbctl_lr_add(struct ctl_context *ctx)
{
    datapath_add(ctx, &router_kind);
}

/* "lr-del". */
static void
nbctl_lr_del(struct ctl_context *ctx)
{
    datapath_del(ctx, &router_kind);
}

/* "lr-list". */
static void
nbctl_lr_list(struct ctl_context *ctx)
{
    datapath_list(ctx, &router_kind);
}

const struct ctl_command_syntax nbctl_switch_commands[] = {
    {"ls-add", 0, 1, "[SWITCH]", NULL, nbctl_ls_add, NULL,
     "--may-exist,--add-duplicate", RW},
    {"ls-del", 1, 1, "SWITCH", NULL, nbctl_ls_del, NULL, "--if-exists", RW},
    {"ls-list", 0, 0, "", NULL, nbctl_ls_list, NULL, "", RO},
    {NULL, 0, 0, NULL, NULL, NULL, NULL, "", RO},
};

const char nbctl_switch_help[] =
    "Logical switch commands:\n"
    "  ls-add [SWITCH]           create a logical switch named SWITCH\n"
    "  ls-del SWITCH             delete SWITCH and all its ports\n"
    "  ls-list                   print the names of all logical switches\n";

const struct ctl_command_syntax nbctl_router_commands[] = {
    {"lr-add", 0, 1, "[ROUTER]", NULL, nbctl_lr_add, NULL,
     "--may-exist,--add-duplicate", RW},
    {"lr-del", 1, 1, "ROUTER", NULL, nbctl_lr_del, NULL, "--if-exists", RW},
    {"lr-list", 0, 0, "", NULL, nbctl_lr_list, NULL, "", RO},
    {NULL, 0, 0, NULL, NULL, NULL, NULL, "", RO},
};

const char nbctl_router_help[] =
    "Logical router commands:\n"
    "  lr-add [ROUTER]           create a logical router named ROUTER\n"
    "  lr-del ROUTER             delete ROUTER and all its ports\n"
    "  lr-list                   print the names of all logical routers\n";
