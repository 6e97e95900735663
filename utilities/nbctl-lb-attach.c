/* nbctl-lb-attach.c: ovn-nbctl's commands that attach load balancers to
 * logical switches and routers: ls-lb-add, ls-lb-del, ls-lb-list,
 * lr-lb-add, lr-lb-del, lr-lb-list.
 *
 * Switches and routers hold load balancers the same way, in a
 * "load_balancer" column and through the load balancer groups of a
 * "load_balancer_group" column, so one implementation, given a
 * description of the kind of datapath, serves both.  The load balancers
 * themselves (lb-add, ...) are nbctl-lb.c's, as is the --help text of
 * these commands, which --help lists among the load balancer commands. */

#include <config.h>

#include <stdlib.h>

#include "lib/ovn-nb-idl.h"
#include "nbctl-commands.h"
#include "nbctl-lb-table.h"
#include "nbctl-lookup.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/shash.h"
#include "ovn-dbctl.h"
#include "ovsdb-data.h"
#include "ovsdb-idl.h"
#include "util.h"
#include "uuid.h"

/* A kind of datapath that load balancers attach to. */
struct lb_holder_kind {
    const char *what;           /* "logical switch", in messages. */

    /* Finds the datapath named 'id', which must exist. */
    char *(*lookup)(struct ctl_context *, const char *id,
                    const struct ovsdb_idl_row **);

    const struct ovsdb_idl_column *lbs;    /* Its "load_balancer". */
    const struct ovsdb_idl_column *groups; /* Its "load_balancer_group". */
};

/* Looks up a logical switch for 'lb_switch_kind'. */
static char *
lookup_switch(struct ctl_context *ctx, const char *id,
              const struct ovsdb_idl_row **rowp)
{
    const struct nbrec_logical_switch *ls;
    char *error = nbctl_lookup_switch(ctx, id, true, &ls);

    *rowp = ls ? &ls->header_ : NULL;
    return error;
}

/* Looks up a logical router for 'lb_router_kind'. */
static char *
lookup_router(struct ctl_context *ctx, const char *id,
              const struct ovsdb_idl_row **rowp)
{
    const struct nbrec_logical_router *lr;
    char *error = nbctl_lookup_router(ctx, id, true, &lr);

    *rowp = lr ? &lr->header_ : NULL;
    return error;
}

/* Logical switches. */
static const struct lb_holder_kind lb_switch_kind = {
    .what = "logical switch",
    .lookup = lookup_switch,
    .lbs = &nbrec_logical_switch_col_load_balancer,
    .groups = &nbrec_logical_switch_col_load_balancer_group,
};

/* Logical routers. */
static const struct lb_holder_kind lb_router_kind = {
    .what = "logical router",
    .lookup = lookup_router,
    .lbs = &nbrec_logical_router_col_load_balancer,
    .groups = &nbrec_logical_router_col_load_balancer_group,
};

/* Returns true if 'holder' has load balancer 'lb' in column 'lbs' itself
 * (not through a group). */
static bool
holds_lb(const struct ovsdb_idl_row *holder,
         const struct ovsdb_idl_column *lbs,
         const struct nbrec_load_balancer *lb)
{
    const struct ovsdb_datum *datum = ovsdb_idl_read(holder, lbs);
    union ovsdb_atom atom = { .uuid = lb->header_.uuid };
    unsigned int pos;

    return ovsdb_datum_find_key(datum, &atom, OVSDB_TYPE_UUID, &pos);
}

/* Finds the datapath (argv[1]) and, if there is an argv[2], the load
 * balancer that it names, of the add and del commands. */
static char * OVS_WARN_UNUSED_RESULT
get_holder_and_lb(struct ctl_context *ctx, const struct lb_holder_kind *kind,
                  const struct ovsdb_idl_row **holderp,
                  const struct nbrec_load_balancer **lbp)
{
    *lbp = NULL;
    char *error = kind->lookup(ctx, ctx->argv[1], holderp);
    if (!error && ctx->argc > 2) {
        error = nbctl_lookup_lb(ctx, ctx->argv[2], true, lbp);
    }
    return error;
}

/* "[--may-exist] ls-lb-add SWITCH LB" and lr-lb-add. */
static void
lb_attach(struct ctl_context *ctx, const struct lb_holder_kind *kind)
{
    const struct ovsdb_idl_row *holder;
    const struct nbrec_load_balancer *lb;

    ctx->error = get_holder_and_lb(ctx, kind, &holder, &lb);
    if (ctx->error) {
        return;
    }
    if (holds_lb(holder, kind->lbs, lb)) {
        if (!shash_find(&ctx->options, "--may-exist")) {
            ctl_error(ctx, UUID_FMT " : a load balancer with this UUID "
                      "already exists", UUID_ARGS(&lb->header_.uuid));
        }
        return;
    }
    ovn_dbctl_add_ref(holder, kind->lbs, &lb->header_);
}

/* "[--if-exists] ls-lb-del SWITCH [LB]" and lr-lb-del: without LB,
 * detaches all the datapath's load balancers (not those of its load
 * balancer groups). */
static void
lb_detach(struct ctl_context *ctx, const struct lb_holder_kind *kind)
{
    const struct ovsdb_idl_row *holder;
    const struct nbrec_load_balancer *lb;

    ctx->error = get_holder_and_lb(ctx, kind, &holder, &lb);
    if (ctx->error) {
        return;
    }
    if (!lb) {
        struct ovsdb_datum empty;
        ovsdb_datum_init_empty(&empty);
        ovsdb_idl_txn_verify(holder, kind->lbs);
        ovsdb_idl_txn_write(holder, kind->lbs, &empty);
    } else if (holds_lb(holder, kind->lbs, lb)) {
        ovn_dbctl_remove_ref(holder, kind->lbs, &lb->header_);
    } else if (!shash_find(&ctx->options, "--if-exists")) {
        ctl_error(ctx, "load balancer %s is not part of any %s.", lb->name,
                  kind->what);
    }
}

/* The load balancers that a datapath holds, each once. */
struct lb_list {
    const struct nbrec_load_balancer **lbs; /* The load balancers. */
    size_t n, allocated;                    /* Their number, room. */
};

/* Adds the load balancer with UUID 'uuid' to 'list' unless it is there. */
static void
lb_list_add(struct lb_list *list, struct ovsdb_idl *idl,
            const struct uuid *uuid)
{
    const struct nbrec_load_balancer *lb
        = nbrec_load_balancer_get_for_uuid(idl, uuid);
    if (!lb) {
        return;
    }
    for (size_t i = 0; i < list->n; i++) {
        if (list->lbs[i] == lb) {
            return;
        }
    }
    if (list->n >= list->allocated) {
        list->lbs = x2nrealloc(list->lbs, &list->allocated,
                               sizeof *list->lbs);
    }
    list->lbs[list->n++] = lb;
}

/* "ls-lb-list SWITCH" and lr-lb-list: the datapath's load balancers,
 * including those of its load balancer groups, each once even if it is
 * attached both ways. */
static void
lb_list(struct ctl_context *ctx, const struct lb_holder_kind *kind)
{
    const struct ovsdb_idl_row *holder;

    ctx->error = kind->lookup(ctx, ctx->argv[1], &holder);
    if (ctx->error) {
        return;
    }

    struct lb_list list = { .lbs = NULL };
    const struct ovsdb_datum *lbs = ovsdb_idl_read(holder, kind->lbs);
    for (size_t i = 0; i < lbs->n; i++) {
        lb_list_add(&list, ctx->idl, &lbs->keys[i].uuid);
    }
    const struct ovsdb_datum *groups = ovsdb_idl_read(holder, kind->groups);
    for (size_t i = 0; i < groups->n; i++) {
        const struct nbrec_load_balancer_group *group
            = nbrec_load_balancer_group_get_for_uuid(ctx->idl,
                                                     &groups->keys[i].uuid);
        for (size_t j = 0; group && j < group->n_load_balancer; j++) {
            lb_list_add(&list, ctx->idl,
                        &group->load_balancer[j]->header_.uuid);
        }
    }
    nbctl_lb_table_print(&ctx->output, list.lbs, list.n);
    free(list.lbs);
}

/* "[--may-exist] ls-lb-add SWITCH LB". */
static void
nbctl_ls_lb_add(struct ctl_context *ctx)
{
    lb_attach(ctx, &lb_switch_kind);
}

/* "[--if-exists] ls-lb-del SWITCH [LB]". */
static void
nbctl_ls_lb_del(struct ctl_context *ctx)
{
    lb_detach(ctx, &lb_switch_kind);
}

/* "ls-lb-list SWITCH". */
static void
nbctl_ls_lb_list(struct ctl_context *ctx)
{
    lb_list(ctx, &lb_switch_kind);
}

/* "[--may-exist] lr-lb-add ROUTER LB". */
static void
nbctl_lr_lb_add(struct ctl_context *ctx)
{
    lb_attach(ctx, &lb_router_kind);
}

/* "[--if-exists] lr-lb-del ROUTER [LB]". */
static void
nbctl_lr_lb_del(struct ctl_context *ctx)
{
    lb_detach(ctx, &lb_router_kind);
}

/* "lr-lb-list ROUTER". */
static void
nbctl_lr_lb_list(struct ctl_context *ctx)
{
    lb_list(ctx, &lb_router_kind);
}

const struct ctl_command_syntax nbctl_lb_attach_commands[] = {
    {"ls-lb-add", 2, 2, "SWITCH LB", NULL, nbctl_ls_lb_add, NULL,
     "--may-exist", RW},
    {"ls-lb-del", 1, 2, "SWITCH [LB]", NULL, nbctl_ls_lb_del, NULL,
     "--if-exists", RW},
    {"ls-lb-list", 1, 1, "SWITCH", NULL, nbctl_ls_lb_list, NULL, "", RO},
    {"lr-lb-add", 2, 2, "ROUTER LB", NULL, nbctl_lr_lb_add, NULL,
     "--may-exist", RW},
    {"lr-lb-del", 1, 2, "ROUTER [LB]", NULL, nbctl_lr_lb_del, NULL,
     "--if-exists", RW},
    {"lr-lb-list", 1, 1, "ROUTER", NULL, nbctl_lr_lb_list, NULL, "", RO},
    {NULL, 0, 0, NULL, NULL, NULL, NULL, "", RO},
};
