/* nbctl-port-group.c: ovn-nbctl's port group commands: pg-add,
 * pg-set-ports, pg-del, pg-get-ports.
 *
 * A port group is a named set of logical switch ports, from any switches,
 * that ACL matches refer to as "@NAME" (and their addresses as
 * "$NAME_ip4", "$NAME_ip6").  Port groups can also hold ACLs (acl-add). */

#include <config.h>

#include <limits.h>
#include <stdlib.h>

#include "lib/ovn-nb-idl.h"
#include "nbctl-commands.h"
#include "nbctl-lookup.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/shash.h"
#include "svec.h"
#include "util.h"

/* Sets the ports of 'pg' to those that the 'n' names or UUIDs in 'ids'
 * name; each must exist. */
static char * OVS_WARN_UNUSED_RESULT
set_ports(struct ctl_context *ctx, const struct nbrec_port_group *pg,
          char *ids[], size_t n)
{
    struct nbrec_logical_switch_port **ports = xmalloc(n * sizeof *ports);
    size_t n_ports = 0;

    for (size_t i = 0; i < n; i++) {
        const struct nbrec_logical_switch_port *lsp;
        char *error = nbctl_lookup_lsp(ctx, ids[i], true, &lsp);
        if (error) {
            free(ports);
            return error;
        }

        /* Naming a port twice adds it once. */
        size_t j;
        for (j = 0; j < n_ports; j++) {
            if (ports[j] == lsp) {
                break;
            }
        }
        if (j == n_ports) {
            ports[n_ports++] = CONST_CAST(struct nbrec_logical_switch_port *,
                                          lsp);
        }
    }
    nbrec_port_group_set_ports(pg, ports, n_ports);
    free(ports);
    return NULL;
}

/* "[--may-exist] pg-add PORTGROUP [PORT]...". */
static void
nbctl_pg_add(struct ctl_context *ctx)
{
    const char *name = ctx->argv[1];
    const struct nbrec_port_group *pg;

    ctx->error = nbctl_lookup_port_group(ctx, name, false, &pg);
    if (ctx->error) {
        return;
    }
    if (pg) {
        if (!shash_find(&ctx->options, "--may-exist")) {
            ctl_error(ctx, "Port group %s already exists", name);
        }
        return;
    }

    struct nbrec_port_group *new_pg = nbrec_port_group_insert(ctx->txn);
    nbrec_port_group_set_name(new_pg, name);
    ctx->error = set_ports(ctx, new_pg, ctx->argv + 2, ctx->argc - 2);
}

/* "pg-set-ports PORTGROUP PORT...": replaces the ports of PORTGROUP. */
static void
nbctl_pg_set_ports(struct ctl_context *ctx)
{
    const struct nbrec_port_group *pg;

    ctx->error = nbctl_lookup_port_group(ctx, ctx->argv[1], true, &pg);
    if (!ctx->error) {
        ctx->error = set_ports(ctx, pg, ctx->argv + 2, ctx->argc - 2);
    }
}

/* "pg-del PORTGROUP": its ACLs go with it. */
static void
nbctl_pg_del(struct ctl_context *ctx)
{
    const struct nbrec_port_group *pg;

    ctx->error = nbctl_lookup_port_group(ctx, ctx->argv[1], true, &pg);
    if (!ctx->error) {
        nbrec_port_group_delete(pg);
    }
}

/* "pg-get-ports PORTGROUP": the names of its ports, sorted, on one
 * line. */
static void
nbctl_pg_get_ports(struct ctl_context *ctx)
{
    const struct nbrec_port_group *pg;

    ctx->error = nbctl_lookup_port_group(ctx, ctx->argv[1], true, &pg);
    if (ctx->error) {
        return;
    }

    struct svec names = SVEC_EMPTY_INITIALIZER;
    for (size_t i = 0; i < pg->n_ports; i++) {
        svec_add(&names, pg->ports[i]->name);
    }
    svec_sort(&names);
    char *line = svec_join(&names, " ", "\n");
    ds_put_cstr(&ctx->output, line);
    free(line);
    svec_destroy(&names);
}

const struct ctl_command_syntax nbctl_port_group_commands[] = {
    {"pg-add", 1, INT_MAX, "PORTGROUP [PORTS]", NULL, nbctl_pg_add, NULL,
     "--may-exist", RW},
    {"pg-set-ports", 2, INT_MAX, "PORTGROUP PORTS", NULL, nbctl_pg_set_ports,
     NULL, "", RW},
    {"pg-del", 1, 1, "PORTGROUP", NULL, nbctl_pg_del, NULL, "", RW},
    {"pg-get-ports", 1, 1, "PORTGROUP", NULL, nbctl_pg_get_ports, NULL, "",
     RO},
    {NULL, 0, 0, NULL, NULL, NULL, NULL, "", RO},
};

const char nbctl_port_group_help[] =
    "Port group commands:\n"
    "  pg-add PG [PORTS]           Create port group PG with optional PORTS\n"
    "  pg-set-ports PG PORTS       Set PORTS on port group PG\n"
    "  pg-del PG                   Delete port group PG\n"
    "  pg-get-ports PG             Get PORTS on port group PG\n";
