/* nbctl-router.c: ovn-nbctl's logical router commands: lr-add, lr-del,
 * lr-list. */

#include <config.h>

#include "lib/ovn-nb-idl.h"
#include "nbctl-commands.h"
#include "nbctl-lookup.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/shash.h"
#include "smap.h"
#include "util.h"
#include "uuid.h"

/* "[--may-exist | --add-duplicate] lr-add [ROUTER]". */
static void
nbctl_lr_add(struct ctl_context *ctx)
{
    const char *name = ctx->argc == 2 ? ctx->argv[1] : NULL;
    bool may_exist = shash_find(&ctx->options, "--may-exist") != NULL;
    bool add_duplicate = shash_find(&ctx->options, "--add-duplicate") != NULL;

    if (may_exist && add_duplicate) {
        ctl_error(ctx, "--may-exist and --add-duplicate may not be used "
                  "together");
        return;
    }

    if (name) {
        if (!add_duplicate) {
            const struct nbrec_logical_router *lr;

            NBREC_LOGICAL_ROUTER_FOR_EACH (lr, ctx->idl) {
                if (!strcmp(lr->name, name)) {
                    if (!may_exist) {
                        ctl_error(ctx, "%s: a router with this name already "
                                  "exists", name);
                    }
                    return;
                }
            }
        }
    } else if (may_exist) {
        ctl_error(ctx, "--may-exist requires specifying a name");
        return;
    } else if (add_duplicate) {
        ctl_error(ctx, "--add-duplicate requires specifying a name");
        return;
    }

    struct nbrec_logical_router *lr = nbrec_logical_router_insert(ctx->txn);
    if (name) {
        nbrec_logical_router_set_name(lr, name);
    }
}

/* "[--if-exists] lr-del ROUTER": deletes the router with its ports.  The
 * database would delete the ports, routes, policies and NATs anyway, since
 * only the router refers to them, but deleting the ports here hides them
 * from later commands of the same invocation, which look ports up by
 * name. */
static void
nbctl_lr_del(struct ctl_context *ctx)
{
    bool must_exist = !shash_find(&ctx->options, "--if-exists");
    const struct nbrec_logical_router *lr;

    ctx->error = nbctl_lookup_router(ctx, ctx->argv[1], must_exist, &lr);
    if (!ctx->error && lr) {
        for (size_t i = 0; i < lr->n_ports; i++) {
            nbrec_logical_router_port_delete(lr->ports[i]);
        }
        nbrec_logical_router_delete(lr);
    }
}

/* "lr-list": one line "UUID (NAME)" per router, sorted by name. */
static void
nbctl_lr_list(struct ctl_context *ctx)
{
    const struct nbrec_logical_router *lr;
    struct smap routers = SMAP_INITIALIZER(&routers);

    NBREC_LOGICAL_ROUTER_FOR_EACH (lr, ctx->idl) {
        smap_add_format(&routers, lr->name, UUID_FMT " (%s)",
                        UUID_ARGS(&lr->header_.uuid), lr->name);
    }

    const struct smap_node **nodes = smap_sort(&routers);
    for (size_t i = 0; i < smap_count(&routers); i++) {
        ds_put_format(&ctx->output, "%s\n", nodes[i]->value);
    }
    free(nodes);
    smap_destroy(&routers);
}

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
