/* nbctl-lookup.h: finding Northbound rows by name or UUID for ovn-nbctl.
 *
 * Every ovn-nbctl command that takes a switch, router, port, port group,
 * load balancer, ... names it by UUID or by name.  These helpers resolve
 * such an argument with ovn-nbctl's rules and error messages:
 *
 *   - an argument that is a UUID of a row of the table is that row;
 *   - otherwise it is a name; a name that several rows share is an error
 *     for the tables whose names need not be unique (switches, routers,
 *     load balancers);
 *   - if nothing matches and 'must_exist' is true, it is an error
 *     ("ID: switch name not found", "ID: port UUID not found", ...);
 *     with 'must_exist' false, '*rowp' is then NULL and there is no error.
 *
 * Each returns NULL on success, otherwise an error message that the caller
 * must free (typically by storing it into ctx->error and returning). */

#ifndef NBCTL_LOOKUP_H
#define NBCTL_LOOKUP_H 1

#include <stdbool.h>
#include <stddef.h>

#include "compiler.h"

struct ctl_context;
struct ds;
struct ovsdb_idl;
struct ovsdb_idl_column;
struct ovsdb_idl_row;
struct ovsdb_idl_table_class;
struct nbrec_dhcp_options;
struct nbrec_forwarding_group;
struct nbrec_ha_chassis_group;
struct nbrec_load_balancer;
struct nbrec_logical_router;
struct nbrec_logical_router_port;
struct nbrec_logical_switch;
struct nbrec_logical_switch_port;
struct nbrec_mirror;
struct nbrec_port_group;
struct nbrec_copp;
struct nbrec_network_function;
struct nbrec_network_function_group;

/* The same for any kind of row, given by a description of it. */
struct nbctl_lookup_kind {
    const struct ovsdb_idl_table_class *table;
    const char *what;           /* "switch", "port", ... in messages. */
    const char *plural;         /* "logical switches", ... or NULL if a
                                 * shared name just picks the first row. */
    const struct ovsdb_idl_column *name_column; /* A string column. */
};
extern const struct nbctl_lookup_kind nbctl_switch_kind;
extern const struct nbctl_lookup_kind nbctl_router_kind;
extern const struct nbctl_lookup_kind nbctl_lsp_kind;
extern const struct nbctl_lookup_kind nbctl_lrp_kind;
char *nbctl_lookup_row(struct ctl_context *, const struct nbctl_lookup_kind *,
                       const char *id, bool must_exist,
                       const struct ovsdb_idl_row **)
    OVS_WARN_UNUSED_RESULT;

char *nbctl_lookup_switch(struct ctl_context *, const char *id,
                          bool must_exist,
                          const struct nbrec_logical_switch **)
    OVS_WARN_UNUSED_RESULT;
char *nbctl_lookup_router(struct ctl_context *, const char *id,
                          bool must_exist,
                          const struct nbrec_logical_router **)
    OVS_WARN_UNUSED_RESULT;
char *nbctl_lookup_lsp(struct ctl_context *, const char *id,
                       bool must_exist,
                       const struct nbrec_logical_switch_port **)
    OVS_WARN_UNUSED_RESULT;
char *nbctl_lookup_lrp(struct ctl_context *, const char *id,
                       bool must_exist,
                       const struct nbrec_logical_router_port **)
    OVS_WARN_UNUSED_RESULT;
char *nbctl_lookup_port_group(struct ctl_context *, const char *id,
                              bool must_exist,
                              const struct nbrec_port_group **)
    OVS_WARN_UNUSED_RESULT;
char *nbctl_lookup_lb(struct ctl_context *, const char *id, bool must_exist,
                      const struct nbrec_load_balancer **)
    OVS_WARN_UNUSED_RESULT;
char *nbctl_lookup_ha_chassis_group(struct ctl_context *, const char *id,
                                    bool must_exist,
                                    const struct nbrec_ha_chassis_group **)
    OVS_WARN_UNUSED_RESULT;
char *nbctl_lookup_mirror(struct ctl_context *, const char *id,
                          bool must_exist, const struct nbrec_mirror **)
    OVS_WARN_UNUSED_RESULT;
char *nbctl_lookup_fwd_group(struct ctl_context *, const char *id,
                             bool must_exist,
                             const struct nbrec_forwarding_group **)
    OVS_WARN_UNUSED_RESULT;
char *nbctl_lookup_dhcp_options(struct ctl_context *, const char *id,
                                bool must_exist,
                                const struct nbrec_dhcp_options **)
    OVS_WARN_UNUSED_RESULT;

char *nbctl_lookup_copp(struct ctl_context *, const char *id, bool must_exist,
                        const struct nbrec_copp **)
    OVS_WARN_UNUSED_RESULT;
char *nbctl_lookup_network_function(
    struct ctl_context *, const char *id, bool must_exist,
    const struct nbrec_network_function **)
    OVS_WARN_UNUSED_RESULT;
char *nbctl_lookup_network_function_group(
    struct ctl_context *, const char *id, bool must_exist,
    const struct nbrec_network_function_group **)
    OVS_WARN_UNUSED_RESULT;

/* The row of 'dp_kind' (a switch or a router) whose 'ports' column holds
 * 'port', a row of 'port_kind', in '*dpp'.  Every port belongs to exactly
 * one datapath in a consistent database; otherwise this returns an error.
 * nbctl_lsp_to_switch() and nbctl_lrp_to_router() are the typed
 * versions. */
char *nbctl_port_to_datapath(struct ovsdb_idl *,
                             const struct nbctl_lookup_kind *dp_kind,
                             const struct ovsdb_idl_column *ports,
                             const struct nbctl_lookup_kind *port_kind,
                             const struct ovsdb_idl_row *port,
                             const struct ovsdb_idl_row **dpp)
    OVS_WARN_UNUSED_RESULT;
char *nbctl_lsp_to_switch(struct ovsdb_idl *,
                          const struct nbrec_logical_switch_port *,
                          const struct nbrec_logical_switch **)
    OVS_WARN_UNUSED_RESULT;
char *nbctl_lrp_to_router(struct ovsdb_idl *,
                          const struct nbrec_logical_router_port *,
                          const struct nbrec_logical_router **)
    OVS_WARN_UNUSED_RESULT;

/* A printable name for a switch or a router: its name, or its UUID if it
 * has none.  'buf' must have room for UUID_LEN + 1 bytes. */
const char *nbctl_switch_name(const struct nbrec_logical_switch *,
                              char *buf, size_t size);
const char *nbctl_router_name(const struct nbrec_logical_router *,
                              char *buf, size_t size);

/* Appends to 's' a line "UUID (NAME)" for each of the 'n' 'rows' of
 * 'kind', sorted by name (then UUID), as ls-list, lsp-list, ... print
 * them. */
void nbctl_put_named_rows(struct ds *s, const struct nbctl_lookup_kind *kind,
                          const struct ovsdb_idl_row **rows, size_t n);

#endif /* nbctl-lookup.h */
