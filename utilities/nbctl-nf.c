/* nbctl-nf.c: ovn-nbctl's network function commands: nf-add, nf-del,
 * nf-list, and network function groups: nfg-add, nfg-del, nfg-list,
 * nfg-add-nf, nfg-del-nf.
 *
 * A network function is a pair of logical switch ports (traffic enters
 * the function through its inport and comes back through its outport)
 * with a small numeric id.  ACLs steer traffic to a network function
 * group, which picks one of its functions. */

#include <config.h>

#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>

#include "lib/ovn-nb-idl.h"
#include "nbctl-commands.h"
#include "nbctl-lookup.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/shash.h"
#include "ovn-dbctl.h"
#include "smap.h"
#include "svec.h"
#include "util.h"
#include "uuid.h"

/* Parses a network function or group id, 1...255. */
static char * OVS_WARN_UNUSED_RESULT
parse_id(const char *arg, int64_t *idp)
{
    if (!ovs_scan(arg, "%"SCNd64, idp) || *idp < 1 || *idp > 255) {
        return xasprintf("%s: id must be in range 1...255", arg);
    }
    return NULL;
}

/* "[--may-exist] nf-add NETWORK_FUNCTION ID INPORT OUTPORT". */
static void
nbctl_nf_add(struct ctl_context *ctx)
{
    const char *name = ctx->argv[1];
    const struct nbrec_logical_switch_port *inport, *outport;
    const struct nbrec_network_function *nf;
    int64_t id;

    ctx->error = nbctl_lookup_network_function(ctx, name, false, &nf);
    if (ctx->error) {
        return;
    }
    if (nf) {
        if (!shash_find(&ctx->options, "--may-exist")) {
            ctl_error(ctx, "%s: a network function with this name already "
                      "exists", name);
        }
        return;
    }

    ctx->error = parse_id(ctx->argv[2], &id);
    if (!ctx->error) {
        ctx->error = nbctl_lookup_lsp(ctx, ctx->argv[3], true, &inport);
    }
    if (!ctx->error) {
        ctx->error = nbctl_lookup_lsp(ctx, ctx->argv[4], true, &outport);
    }
    if (ctx->error) {
        return;
    }
    NBREC_NETWORK_FUNCTION_FOR_EACH (nf, ctx->idl) {
        if (nf->id == id) {
            ctl_error(ctx, "%"PRId64": network function %s already has this "
                      "id", id, nf->name);
            return;
        }
    }

    struct nbrec_network_function *new_nf
        = nbrec_network_function_insert(ctx->txn);
    nbrec_network_function_set_name(new_nf, name);
    nbrec_network_function_set_id(new_nf, id);
    nbrec_network_function_set_inport(new_nf, inport);
    nbrec_network_function_set_outport(new_nf, outport);
}

/* Removes 'nf' from network function group 'nfg', also as its active
 * function. */
static void
remove_nf_from_group(const struct nbrec_network_function_group *nfg,
                     const struct nbrec_network_function *nf)
{
    ovn_dbctl_remove_ref(&nfg->header_,
                         &nbrec_network_function_group_col_network_function,
                         &nf->header_);
    if (nfg->network_function_active == nf) {
        nbrec_network_function_group_set_network_function_active(nfg, NULL);
    }
}

/* "[--if-exists] nf-del NETWORK_FUNCTION": groups refer to functions
 * strongly, so the function leaves its groups first. */
static void
nbctl_nf_del(struct ctl_context *ctx)
{
    bool must_exist = !shash_find(&ctx->options, "--if-exists");
    const struct nbrec_network_function_group *nfg;
    const struct nbrec_network_function *nf;

    ctx->error = nbctl_lookup_network_function(ctx, ctx->argv[1],
                                               must_exist, &nf);
    if (ctx->error || !nf) {
        return;
    }
    NBREC_NETWORK_FUNCTION_GROUP_FOR_EACH (nfg, ctx->idl) {
        remove_nf_from_group(nfg, nf);
    }
    nbrec_network_function_delete(nf);
}

/* "nf-list": "UUID (NAME)" per network function, sorted by name, with
 * its id and ports. */
static void
nbctl_nf_list(struct ctl_context *ctx)
{
    const struct nbrec_network_function *nf;
    struct smap lines = SMAP_INITIALIZER(&lines);

    NBREC_NETWORK_FUNCTION_FOR_EACH (nf, ctx->idl) {
        smap_add_format(&lines, nf->name, UUID_FMT " (%s) id=%"PRId64
                        " inport=%s outport=%s",
                        UUID_ARGS(&nf->header_.uuid), nf->name, nf->id,
                        nf->inport ? nf->inport->name : "",
                        nf->outport ? nf->outport->name : "");
    }

    const struct smap_node **nodes = smap_sort(&lines);
    for (size_t i = 0; i < smap_count(&lines); i++) {
        ds_put_format(&ctx->output, "%s\n", nodes[i]->value);
    }
    free(nodes);
    smap_destroy(&lines);
}

/* "[--may-exist] nfg-add GROUP ID [NETWORK_FUNCTION]...". */
static void
nbctl_nfg_add(struct ctl_context *ctx)
{
    const char *name = ctx->argv[1];
    const struct nbrec_network_function_group *nfg;
    int64_t id;

    ctx->error = nbctl_lookup_network_function_group(ctx, name, false, &nfg);
    if (ctx->error) {
        return;
    }
    if (nfg) {
        if (!shash_find(&ctx->options, "--may-exist")) {
            ctl_error(ctx, "%s: a network function group with this name "
                      "already exists", name);
        }
        return;
    }
    ctx->error = parse_id(ctx->argv[2], &id);
    if (ctx->error) {
        return;
    }
    NBREC_NETWORK_FUNCTION_GROUP_FOR_EACH (nfg, ctx->idl) {
        if (nfg->id == id) {
            ctl_error(ctx, "%"PRId64": network function group %s already "
                      "has this id", id, nfg->name);
            return;
        }
    }

    size_t n = ctx->argc - 3;
    struct nbrec_network_function **nfs = xmalloc(n * sizeof *nfs);
    for (size_t i = 0; i < n; i++) {
        const struct nbrec_network_function *nf;
        ctx->error = nbctl_lookup_network_function(ctx, ctx->argv[i + 3],
                                                   true, &nf);
        if (ctx->error) {
            free(nfs);
            return;
        }
        nfs[i] = CONST_CAST(struct nbrec_network_function *, nf);
    }

    struct nbrec_network_function_group *new_nfg
        = nbrec_network_function_group_insert(ctx->txn);
    nbrec_network_function_group_set_name(new_nfg, name);
    nbrec_network_function_group_set_id(new_nfg, id);
    nbrec_network_function_group_set_mode(new_nfg, "inline");
    nbrec_network_function_group_set_network_function(new_nfg, nfs, n);
    free(nfs);
}

/* "[--if-exists] nfg-del GROUP": ACLs refer to groups strongly, so they
 * let go of the group first. */
static void
nbctl_nfg_del(struct ctl_context *ctx)
{
    bool must_exist = !shash_find(&ctx->options, "--if-exists");
    const struct nbrec_network_function_group *nfg;
    const struct nbrec_acl *acl;

    ctx->error = nbctl_lookup_network_function_group(ctx, ctx->argv[1],
                                                     must_exist, &nfg);
    if (ctx->error || !nfg) {
        return;
    }
    NBREC_ACL_FOR_EACH (acl, ctx->idl) {
        if (acl->network_function_group == nfg) {
            nbrec_acl_set_network_function_group(acl, NULL);
        }
    }
    nbrec_network_function_group_delete(nfg);
}

/* "nfg-list": "UUID (NAME)" per group, sorted by name, with its id and
 * the sorted names of its functions. */
static void
nbctl_nfg_list(struct ctl_context *ctx)
{
    const struct nbrec_network_function_group *nfg;
    struct smap lines = SMAP_INITIALIZER(&lines);

    NBREC_NETWORK_FUNCTION_GROUP_FOR_EACH (nfg, ctx->idl) {
        struct ds line = DS_EMPTY_INITIALIZER;
        ds_put_format(&line, UUID_FMT " (%s) id=%"PRId64,
                      UUID_ARGS(&nfg->header_.uuid), nfg->name, nfg->id);
        struct svec names = SVEC_EMPTY_INITIALIZER;
        for (size_t i = 0; i < nfg->n_network_function; i++) {
            svec_add(&names, nfg->network_function[i]->name);
        }
        svec_sort(&names);
        for (size_t i = 0; i < names.n; i++) {
            ds_put_format(&line, " %s", names.names[i]);
        }
        svec_destroy(&names);
        smap_add_nocopy(&lines, xstrdup(nfg->name), ds_steal_cstr(&line));
    }

    const struct smap_node **nodes = smap_sort(&lines);
    for (size_t i = 0; i < smap_count(&lines); i++) {
        ds_put_format(&ctx->output, "%s\n", nodes[i]->value);
    }
    free(nodes);
    smap_destroy(&lines);
}

/* Finds the group (argv[1]) and the function (argv[2]) of nfg-add-nf and
 * nfg-del-nf. */
static bool
get_group_and_nf(struct ctl_context *ctx,
                 const struct nbrec_network_function_group **nfgp,
                 const struct nbrec_network_function **nfp)
{
    ctx->error = nbctl_lookup_network_function_group(ctx, ctx->argv[1],
                                                     true, nfgp);
    if (!ctx->error) {
        ctx->error = nbctl_lookup_network_function(ctx, ctx->argv[2], true,
                                                   nfp);
    }
    return !ctx->error;
}

/* "nfg-add-nf GROUP NETWORK_FUNCTION". */
static void
nbctl_nfg_add_nf(struct ctl_context *ctx)
{
    const struct nbrec_network_function_group *nfg;
    const struct nbrec_network_function *nf;

    if (get_group_and_nf(ctx, &nfg, &nf)) {
        ovn_dbctl_add_ref(&nfg->header_,
                          &nbrec_network_function_group_col_network_function,
                          &nf->header_);
    }
}

/* "nfg-del-nf GROUP NETWORK_FUNCTION". */
static void
nbctl_nfg_del_nf(struct ctl_context *ctx)
{
    const struct nbrec_network_function_group *nfg;
    const struct nbrec_network_function *nf;

    if (get_group_and_nf(ctx, &nfg, &nf)) {
        remove_nf_from_group(nfg, nf);
    }
}

const struct ctl_command_syntax nbctl_nf_commands[] = {
    {"nf-add", 4, 4, "NETWORK_FUNCTION ID INPORT OUTPORT", NULL,
     nbctl_nf_add, NULL, "--may-exist", RW},
    {"nf-del", 1, 1, "NETWORK_FUNCTION", NULL, nbctl_nf_del, NULL,
     "--if-exists", RW},
    {"nf-list", 0, 0, "", NULL, nbctl_nf_list, NULL, "", RO},
    {"nfg-add", 2, INT_MAX, "GROUP ID [NETWORK_FUNCTION]...", NULL,
     nbctl_nfg_add, NULL, "--may-exist", RW},
    {"nfg-del", 1, 1, "GROUP", NULL, nbctl_nfg_del, NULL, "--if-exists",
     RW},
    {"nfg-list", 0, 0, "", NULL, nbctl_nfg_list, NULL, "", RO},
    {"nfg-add-nf", 2, 2, "GROUP NETWORK_FUNCTION", NULL, nbctl_nfg_add_nf,
     NULL, "", RW},
    {"nfg-del-nf", 2, 2, "GROUP NETWORK_FUNCTION", NULL, nbctl_nfg_del_nf,
     NULL, "", RW},
    {NULL, 0, 0, NULL, NULL, NULL, NULL, "", RO},
};

const char nbctl_nf_help[] =
    "Network function commands:\n"
    "  nf-add NETWORK_FUNCTION ID INPORT OUTPORT\n"
    "                            create a network function with ID whose\n"
    "                            traffic enters at INPORT and returns at\n"
    "                            OUTPORT\n"
    "  nf-del NETWORK_FUNCTION   delete a network function\n"
    "  nf-list                   print network functions\n"
    "  nfg-add GROUP ID [NETWORK_FUNCTION]...\n"
    "                            create a network function group with ID\n"
    "  nfg-del GROUP             delete a network function group\n"
    "  nfg-list                  print network function groups\n"
    "  nfg-add-nf GROUP NETWORK_FUNCTION\n"
    "                            add NETWORK_FUNCTION to GROUP\n"
    "  nfg-del-nf GROUP NETWORK_FUNCTION\n"
    "                            remove NETWORK_FUNCTION from GROUP\n";
