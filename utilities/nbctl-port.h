/* nbctl-port.h: what ovn-nbctl's logical switch port (lsp-*) and logical
 * router port (lrp-*) commands have in common.
 *
 * Both kinds of port are deleted from their datapath, listed, enabled or
 * disabled, and given options the same way; nbctl-switch-port.c and
 * nbctl-router-port.c implement those commands with these functions and a
 * description of their kind of port.  Each function takes its arguments
 * from ctx->argv (argv[1] is the PORT, or the datapath for
 * nbctl_port_list()) and reports errors in ctx->error. */

#ifndef NBCTL_PORT_H
#define NBCTL_PORT_H 1

struct ctl_context;
struct nbctl_lookup_kind;
struct ovsdb_idl_column;

/* A kind of port. */
struct nbctl_port_kind {
    const struct nbctl_lookup_kind *port;     /* The ports' table. */
    const struct nbctl_lookup_kind *datapath; /* Their datapaths' table. */
    const struct ovsdb_idl_column *ports;     /* The datapaths' "ports". */
    const struct ovsdb_idl_column *enabled;   /* The ports' "enabled". */
    const struct ovsdb_idl_column *options;   /* The ports' "options". */
};

/* "[--if-exists] lsp-del PORT" and "lrp-del". */
void nbctl_port_del(struct ctl_context *, const struct nbctl_port_kind *);

/* "lsp-list SWITCH" and "lrp-list ROUTER": "UUID (NAME)" lines. */
void nbctl_port_list(struct ctl_context *, const struct nbctl_port_kind *);

/* "lsp-set-enabled PORT enabled|disabled", "lsp-get-enabled PORT" and the
 * lrp ones.  A port whose "enabled" column is empty is enabled. */
void nbctl_port_set_enabled(struct ctl_context *,
                            const struct nbctl_port_kind *);
void nbctl_port_get_enabled(struct ctl_context *,
                            const struct nbctl_port_kind *);

/* "lsp-set-options PORT [KEY=VALUE]...", which replaces all the options
 * (arguments without "=" are ignored), "lsp-get-options PORT", which
 * prints "KEY=VALUE" lines, and the lrp ones. */
void nbctl_port_set_options(struct ctl_context *,
                            const struct nbctl_port_kind *);
void nbctl_port_get_options(struct ctl_context *,
                            const struct nbctl_port_kind *);

#endif /* nbctl-port.h */
