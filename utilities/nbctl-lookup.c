/* nbctl-lookup.c: resolves ovn-nbctl arguments that name Northbound rows.
 *
 * See nbctl-lookup.h for the rules.  Lookups scan the IDL, which also
 * shows the rows that earlier commands of the same invocation inserted
 * and hides those they deleted, so that "ls-add sw0 -- lsp-add sw0 p0"
 * works in one transaction. */

#include <config.h>

#include "nbctl-lookup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db-ctl-base.h"
#include "lib/ovn-nb-idl.h"
#include "openvswitch/dynamic-string.h"
#include "ovsdb-data.h"
#include "ovsdb-idl.h"
#include "util.h"
#include "uuid.h"

/* Converts 'ROW', a generic IDL row pointer that may be null, into a
 * pointer to the struct STRUCT that contains it. */
#define ROW_CAST(ROW, STRUCT) \
    ((ROW) ? CONTAINER_OF(ROW, STRUCT, header_) : NULL)

/* Returns the name of 'row', a row of 'kind'. */
static const char *
row_name(const struct nbctl_lookup_kind *kind,
         const struct ovsdb_idl_row *row)
{
    const struct ovsdb_datum *datum = ovsdb_idl_get(row, kind->name_column,
                                                    OVSDB_TYPE_STRING,
                                                    OVSDB_TYPE_VOID);
    return datum->n ? datum->keys[0].s->string : "";
}

/* Finds the row of kind 'kind' that 'id' names.  See nbctl-lookup.h. */
char *
nbctl_lookup_row(struct ctl_context *ctx,
                 const struct nbctl_lookup_kind *kind, const char *id,
                 bool must_exist, const struct ovsdb_idl_row **rowp)
{
    const struct ovsdb_idl_row *found = NULL;
    struct uuid uuid;

    *rowp = NULL;
    bool is_uuid = uuid_from_string(&uuid, id);
    if (is_uuid) {
        found = ovsdb_idl_get_row_for_uuid(ctx->idl, kind->table, &uuid);
    }

    if (!found) {
        const struct ovsdb_idl_row *row;

        for (row = ovsdb_idl_first_row(ctx->idl, kind->table); row;
             row = ovsdb_idl_next_row(row)) {
            if (strcmp(row_name(kind, row), id)) {
                continue;
            }
            if (!kind->plural) {
                found = row;
                break;
            }
            if (found) {
                return xasprintf("Multiple %s named '%s'.  Use a UUID.",
                                 kind->plural, id);
            }
            found = row;
        }
    }

    if (!found && must_exist) {
        return xasprintf("%s: %s %s not found", id, kind->what,
                         is_uuid ? "UUID" : "name");
    }
    *rowp = found;
    return NULL;
}

/* Logical switches, by name. */
const struct nbctl_lookup_kind nbctl_switch_kind = {
    &nbrec_table_logical_switch, "switch", "logical switches",
    &nbrec_logical_switch_col_name,
};

/* Finds a logical switch by UUID or name. */
char *
nbctl_lookup_switch(struct ctl_context *ctx, const char *id, bool must_exist,
                    const struct nbrec_logical_switch **lsp)
{
    const struct ovsdb_idl_row *row;
    char *error = nbctl_lookup_row(ctx, &nbctl_switch_kind, id, must_exist,
                                   &row);
    *lsp = ROW_CAST(row, struct nbrec_logical_switch);
    return error;
}

/* Logical routers, by name. */
const struct nbctl_lookup_kind nbctl_router_kind = {
    &nbrec_table_logical_router, "router", "logical routers",
    &nbrec_logical_router_col_name,
};

/* Finds a logical router by UUID or name. */
char *
nbctl_lookup_router(struct ctl_context *ctx, const char *id, bool must_exist,
                    const struct nbrec_logical_router **lrp)
{
    const struct ovsdb_idl_row *row;
    char *error = nbctl_lookup_row(ctx, &nbctl_router_kind, id, must_exist,
                                   &row);
    *lrp = ROW_CAST(row, struct nbrec_logical_router);
    return error;
}

/* Logical switch ports, by name. */
const struct nbctl_lookup_kind nbctl_lsp_kind = {
    &nbrec_table_logical_switch_port, "port", NULL,
    &nbrec_logical_switch_port_col_name,
};

/* Finds a logical switch port by UUID or name. */
char *
nbctl_lookup_lsp(struct ctl_context *ctx, const char *id, bool must_exist,
                 const struct nbrec_logical_switch_port **lspp)
{
    const struct ovsdb_idl_row *row;
    char *error = nbctl_lookup_row(ctx, &nbctl_lsp_kind, id, must_exist,
                                   &row);
    *lspp = ROW_CAST(row, struct nbrec_logical_switch_port);
    return error;
}

/* Logical router ports, by name. */
const struct nbctl_lookup_kind nbctl_lrp_kind = {
    &nbrec_table_logical_router_port, "port", NULL,
    &nbrec_logical_router_port_col_name,
};

/* Finds a logical router port by UUID or name. */
char *
nbctl_lookup_lrp(struct ctl_context *ctx, const char *id, bool must_exist,
                 const struct nbrec_logical_router_port **lrpp)
{
    const struct ovsdb_idl_row *row;
    char *error = nbctl_lookup_row(ctx, &nbctl_lrp_kind, id, must_exist,
                                   &row);
    *lrpp = ROW_CAST(row, struct nbrec_logical_router_port);
    return error;
}

/* Finds a port group by UUID or name. */
char *
nbctl_lookup_port_group(struct ctl_context *ctx, const char *id,
                        bool must_exist, const struct nbrec_port_group **pgp)
{
    static const struct nbctl_lookup_kind kind = {
        &nbrec_table_port_group, "port group", NULL,
        &nbrec_port_group_col_name,
    };
    const struct ovsdb_idl_row *row;
    char *error = nbctl_lookup_row(ctx, &kind, id, must_exist, &row);
    *pgp = ROW_CAST(row, struct nbrec_port_group);
    return error;
}

/* Finds a load balancer by UUID or name. */
char *
nbctl_lookup_lb(struct ctl_context *ctx, const char *id, bool must_exist,
                const struct nbrec_load_balancer **lbp)
{
    static const struct nbctl_lookup_kind kind = {
        &nbrec_table_load_balancer, "load balancer", "load balancers",
        &nbrec_load_balancer_col_name,
    };
    const struct ovsdb_idl_row *row;
    char *error = nbctl_lookup_row(ctx, &kind, id, must_exist, &row);
    *lbp = ROW_CAST(row, struct nbrec_load_balancer);
    return error;
}

/* Finds an HA chassis group by UUID or name. */
char *
nbctl_lookup_ha_chassis_group(struct ctl_context *ctx, const char *id,
                              bool must_exist,
                              const struct nbrec_ha_chassis_group **groupp)
{
    static const struct nbctl_lookup_kind kind = {
        &nbrec_table_ha_chassis_group, "ha_chassis_group", NULL,
        &nbrec_ha_chassis_group_col_name,
    };
    const struct ovsdb_idl_row *row;
    char *error = nbctl_lookup_row(ctx, &kind, id, must_exist, &row);
    *groupp = ROW_CAST(row, struct nbrec_ha_chassis_group);
    return error;
}

/* Finds a mirror by UUID or name. */
char *
nbctl_lookup_mirror(struct ctl_context *ctx, const char *id, bool must_exist,
                    const struct nbrec_mirror **mirrorp)
{
    static const struct nbctl_lookup_kind kind = {
        &nbrec_table_mirror, "mirror", NULL, &nbrec_mirror_col_name,
    };
    const struct ovsdb_idl_row *row;
    char *error = nbctl_lookup_row(ctx, &kind, id, must_exist, &row);
    *mirrorp = ROW_CAST(row, struct nbrec_mirror);
    return error;
}

/* Finds a forwarding group by UUID or name. */
char *
nbctl_lookup_fwd_group(struct ctl_context *ctx, const char *id,
                       bool must_exist,
                       const struct nbrec_forwarding_group **groupp)
{
    static const struct nbctl_lookup_kind kind = {
        &nbrec_table_forwarding_group, "forwarding group", NULL,
        &nbrec_forwarding_group_col_name,
    };
    const struct ovsdb_idl_row *row;
    char *error = nbctl_lookup_row(ctx, &kind, id, must_exist, &row);
    *groupp = ROW_CAST(row, struct nbrec_forwarding_group);
    return error;
}

/* Finds DHCP options by UUID: they have no name. */
char *
nbctl_lookup_dhcp_options(struct ctl_context *ctx, const char *id,
                          bool must_exist,
                          const struct nbrec_dhcp_options **optsp)
{
    struct uuid uuid;

    *optsp = NULL;
    if (uuid_from_string(&uuid, id)) {
        *optsp = nbrec_dhcp_options_get_for_uuid(ctx->idl, &uuid);
    }
    if (!*optsp && must_exist) {
        return xasprintf("%s: dhcp options UUID not found", id);
    }
    return NULL;
}

/* Finds the datapath that holds 'port'.  See nbctl-lookup.h. */
char *
nbctl_port_to_datapath(struct ovsdb_idl *idl,
                       const struct nbctl_lookup_kind *dp_kind,
                       const struct ovsdb_idl_column *ports,
                       const struct nbctl_lookup_kind *port_kind,
                       const struct ovsdb_idl_row *port,
                       const struct ovsdb_idl_row **dpp)
{
    union ovsdb_atom atom = { .uuid = port->uuid };

    for (const struct ovsdb_idl_row *dp = ovsdb_idl_first_row(idl,
                                                              dp_kind->table);
         dp; dp = ovsdb_idl_next_row(dp)) {
        unsigned int pos;
        if (ovsdb_datum_find_key(ovsdb_idl_read(dp, ports), &atom,
                                 OVSDB_TYPE_UUID, &pos)) {
            *dpp = dp;
            return NULL;
        }
    }
    *dpp = NULL;
    return xasprintf("logical port %s is not part of any logical %s",
                     row_name(port_kind, port), dp_kind->what);
}

/* Stores in '*lsp' the switch that holds 'port'. */
char *
nbctl_lsp_to_switch(struct ovsdb_idl *idl,
                    const struct nbrec_logical_switch_port *port,
                    const struct nbrec_logical_switch **lsp)
{
    const struct ovsdb_idl_row *row;
    char *error = nbctl_port_to_datapath(idl, &nbctl_switch_kind,
                                         &nbrec_logical_switch_col_ports,
                                         &nbctl_lsp_kind, &port->header_,
                                         &row);
    *lsp = ROW_CAST(row, struct nbrec_logical_switch);
    return error;
}

/* Stores in '*lrp' the router that holds 'port'. */
char *
nbctl_lrp_to_router(struct ovsdb_idl *idl,
                    const struct nbrec_logical_router_port *port,
                    const struct nbrec_logical_router **lrp)
{
    const struct ovsdb_idl_row *row;
    char *error = nbctl_port_to_datapath(idl, &nbctl_router_kind,
                                         &nbrec_logical_router_col_ports,
                                         &nbctl_lrp_kind, &port->header_,
                                         &row);
    *lrp = ROW_CAST(row, struct nbrec_logical_router);
    return error;
}

/* Returns 'ls''s name, or its UUID, written into 'buf', if it has none. */
const char *
nbctl_switch_name(const struct nbrec_logical_switch *ls, char *buf,
                  size_t size)
{
    if (ls->name[0]) {
        return ls->name;
    }
    snprintf(buf, size, UUID_FMT, UUID_ARGS(&ls->header_.uuid));
    return buf;
}

/* Returns 'lr''s name, or its UUID, written into 'buf', if it has none. */
const char *
nbctl_router_name(const struct nbrec_logical_router *lr, char *buf,
                  size_t size)
{
    if (lr->name[0]) {
        return lr->name;
    }
    snprintf(buf, size, UUID_FMT, UUID_ARGS(&lr->header_.uuid));
    return buf;
}

/* A row to print in a "UUID (NAME)" list. */
struct named_row {
    const char *name;           /* Its name. */
    const struct ovsdb_idl_row *row; /* The row. */
};

/* qsort() comparison of struct named_row, by name, then UUID. */
static int
compare_named_rows(const void *a_, const void *b_)
{
    const struct named_row *a = a_;
    const struct named_row *b = b_;
    int cmp = strcmp(a->name, b->name);

    return cmp ? cmp : uuid_compare_3way(&a->row->uuid, &b->row->uuid);
}

/* Appends "UUID (NAME)" lines for 'rows' to 's'. */
void
nbctl_put_named_rows(struct ds *s, const struct nbctl_lookup_kind *kind,
                     const struct ovsdb_idl_row **rows, size_t n)
{
    struct named_row *sorted = xmalloc((n + 1) * sizeof *sorted);
    for (size_t i = 0; i < n; i++) {
        sorted[i] = (struct named_row) {
            .name = row_name(kind, rows[i]), .row = rows[i],
        };
    }
    qsort(sorted, n, sizeof *sorted, compare_named_rows);
    for (size_t i = 0; i < n; i++) {
        ds_put_format(s, UUID_FMT " (%s)\n",
                      UUID_ARGS(&sorted[i].row->uuid), sorted[i].name);
    }
    free(sorted);
}

/* Finds a control plane protection policy by UUID or name. */
char *
nbctl_lookup_copp(struct ctl_context *ctx, const char *id, bool must_exist,
                  const struct nbrec_copp **coppp)
{
    static const struct nbctl_lookup_kind kind = {
        &nbrec_table_copp, "copp", NULL, &nbrec_copp_col_name,
    };
    const struct ovsdb_idl_row *row;
    char *error = nbctl_lookup_row(ctx, &kind, id, must_exist, &row);
    *coppp = ROW_CAST(row, struct nbrec_copp);
    return error;
}

/* Finds a network function by UUID or name. */
char *
nbctl_lookup_network_function(struct ctl_context *ctx, const char *id,
                              bool must_exist,
                              const struct nbrec_network_function **nfp)
{
    static const struct nbctl_lookup_kind kind = {
        &nbrec_table_network_function, "network function", NULL,
        &nbrec_network_function_col_name,
    };
    const struct ovsdb_idl_row *row;
    char *error = nbctl_lookup_row(ctx, &kind, id, must_exist, &row);
    *nfp = ROW_CAST(row, struct nbrec_network_function);
    return error;
}

/* Finds a network function group by UUID or name. */
char *
nbctl_lookup_network_function_group(
    struct ctl_context *ctx, const char *id, bool must_exist,
    const struct nbrec_network_function_group **nfgp)
{
    static const struct nbctl_lookup_kind kind = {
        &nbrec_table_network_function_group, "network function group", NULL,
        &nbrec_network_function_group_col_name,
    };
    const struct ovsdb_idl_row *row;
    char *error = nbctl_lookup_row(ctx, &kind, id, must_exist, &row);
    *nfgp = ROW_CAST(row, struct nbrec_network_function_group);
    return error;
}
