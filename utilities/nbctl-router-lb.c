/* nbctl-router-lb.c: ovn-nbctl's commands that attach load balancers to
 * logical routers: lr-lb-add, lr-lb-del, lr-lb-list.
 *
 * The load balancers themselves (lb-add, ...) are another group's; so is
 * the --help text of these commands, which upstream lists in the load
 * balancer section: this group has no --help section of its own. */

#include <config.h>

#include <stdlib.h>

#include "lib/ovn-nb-idl.h"
#include "nbctl-commands.h"
#include "nbctl-lb-table.h"
#include "nbctl-lookup.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/shash.h"
#include "ovn-dbctl.h"
#include "util.h"
#include "uuid.h"

/* "[--may-exist] lr-lb-add ROUTER LB". */
static void
nbctl_lr_lb_add(struct ctl_context *ctx)
{
    bool may_exist = shash_find(&ctx->options, "--may-exist") != NULL;
    const struct nbrec_logical_router *lr;
    const struct nbrec_load_balancer *lb;

    ctx->error = nbctl_lookup_router(ctx, ctx->argv[1], true, &lr);
    if (ctx->error) {
        return;
    }
    ctx->error = nbctl_lookup_lb(ctx, ctx->argv[2], true, &lb);
    if (ctx->error) {
        return;
    }

    for (size_t i = 0; i < lr->n_load_balancer; i++) {
        if (lr->load_balancer[i] == lb) {
            if (!may_exist) {
                ctl_error(ctx, UUID_FMT " : a load balancer with this UUID "
                          "already exists", UUID_ARGS(&lb->header_.uuid));
            }
            return;
        }
    }
    ovn_dbctl_add_ref(&lr->header_, &nbrec_logical_router_col_load_balancer,
                      &lb->header_);
}

/* "[--if-exists] lr-lb-del ROUTER [LB]": without LB, detaches all the
 * router's load balancers (not those of its load balancer groups). */
static void
nbctl_lr_lb_del(struct ctl_context *ctx)
{
    const struct nbrec_logical_router *lr;
    const struct nbrec_load_balancer *lb;

    ctx->error = nbctl_lookup_router(ctx, ctx->argv[1], true, &lr);
    if (ctx->error) {
        return;
    }

    if (ctx->argc == 2) {
        nbrec_logical_router_verify_load_balancer(lr);
        nbrec_logical_router_set_load_balancer(lr, NULL, 0);
        return;
    }

    ctx->error = nbctl_lookup_lb(ctx, ctx->argv[2], true, &lb);
    if (ctx->error) {
        return;
    }
    for (size_t i = 0; i < lr->n_load_balancer; i++) {
        if (lr->load_balancer[i] == lb) {
            ovn_dbctl_remove_ref(&lr->header_,
                                 &nbrec_logical_router_col_load_balancer,
                                 &lb->header_);
            return;
        }
    }
    if (!shash_find(&ctx->options, "--if-exists")) {
        ctl_error(ctx, "load balancer %s is not part of any logical router.",
                  lb->name);
    }
}

/* "lr-lb-list ROUTER": the router's load balancers, including those of its
 * load balancer groups. */
static void
nbctl_lr_lb_list(struct ctl_context *ctx)
{
    const struct nbrec_logical_router *lr;

    ctx->error = nbctl_lookup_router(ctx, ctx->argv[1], true, &lr);
    if (ctx->error) {
        return;
    }

    size_t n = lr->n_load_balancer;
    for (size_t i = 0; i < lr->n_load_balancer_group; i++) {
        n += lr->load_balancer_group[i]->n_load_balancer;
    }

    const struct nbrec_load_balancer **lbs = xmalloc(n * sizeof *lbs);
    size_t n_lbs = 0;
    for (size_t i = 0; i < lr->n_load_balancer; i++) {
        lbs[n_lbs++] = lr->load_balancer[i];
    }
    for (size_t i = 0; i < lr->n_load_balancer_group; i++) {
        const struct nbrec_load_balancer_group *group
            = lr->load_balancer_group[i];
        for (size_t j = 0; j < group->n_load_balancer; j++) {
            lbs[n_lbs++] = group->load_balancer[j];
        }
    }
    nbctl_lb_table_print(&ctx->output, lbs, n_lbs);
    free(lbs);
}

const struct ctl_command_syntax nbctl_router_lb_commands[] = {
    {"lr-lb-add", 2, 2, "ROUTER LB", NULL, nbctl_lr_lb_add, NULL,
     "--may-exist", RW},
    {"lr-lb-del", 1, 2, "ROUTER [LB]", NULL, nbctl_lr_lb_del, NULL,
     "--if-exists", RW},
    {"lr-lb-list", 1, 1, "ROUTER", NULL, nbctl_lr_lb_list, NULL, "", RO},
    {NULL, 0, 0, NULL, NULL, NULL, NULL, "", RO},
};
