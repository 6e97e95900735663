/* nbctl-fwd-group.c: ovn-nbctl's forwarding group commands:
 * fwd-group-add, fwd-group-del, fwd-group-list.
 *
 * A forwarding group (Forwarding_Group table, referred to by its logical
 * switch's "forwarding_groups" column) answers for a virtual IP and MAC
 * address and spreads the traffic sent to them over child ports of the
 * same switch; with "liveness", only over the children whose BFD sessions
 * are up. */

#include <config.h>

#include <stdlib.h>

#include "lib/ovn-nb-idl.h"
#include "nbctl-commands.h"
#include "nbctl-lookup.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/shash.h"
#include "ovn-dbctl.h"
#include "packets.h"
#include "util.h"
#include "uuid.h"

/* Checks that each of the 'n' child ports named in 'ports' is a port of
 * switch 'ls'.  Returns false, with ctx->error set, if one is not. */
static bool
check_child_ports(struct ctl_context *ctx,
                  const struct nbrec_logical_switch *ls,
                  char **ports, int n)
{
    for (int i = 0; i < n; i++) {
        const struct nbrec_logical_switch_port *lsp;
        const struct nbrec_logical_switch *lsp_ls;

        ctx->error = nbctl_lookup_lsp(ctx, ports[i], false, &lsp);
        if (ctx->error) {
            return false;
        }
        if (!lsp) {
            ctl_error(ctx, "%s: logical switch port does not exist",
                      ports[i]);
            return false;
        }
        ctx->error = nbctl_lsp_to_switch(ctx->idl, lsp, &lsp_ls);
        if (ctx->error) {
            return false;
        }
        if (lsp_ls != ls) {
            char uuid_s[UUID_LEN + 1];
            ctl_error(ctx, "%s: port already exists but in logical switch "
                      "%s", ports[i],
                      nbctl_switch_name(lsp_ls, uuid_s, sizeof uuid_s));
            return false;
        }
    }
    return true;
}

/* "[--liveness] fwd-group-add GROUP SWITCH VIP VMAC PORT...". */
static void
nbctl_fwd_group_add(struct ctl_context *ctx)
{
    const char *name = ctx->argv[1];
    const char *vip = ctx->argv[3];
    const char *vmac = ctx->argv[4];
    const struct nbrec_forwarding_group *existing;
    const struct nbrec_logical_switch *ls;

    ctx->error = nbctl_lookup_fwd_group(ctx, name, false, &existing);
    if (ctx->error) {
        return;
    }
    if (existing) {
        ctl_error(ctx, "%s: a forwarding group by this name already exists",
                  name);
        return;
    }
    ctx->error = nbctl_lookup_switch(ctx, ctx->argv[2], true, &ls);
    if (ctx->error) {
        return;
    }

    ovs_be32 ip;
    if (!ip_parse(vip, &ip)) {
        ctl_error(ctx, "invalid ip address %s", vip);
        return;
    }
    struct eth_addr ea;
    if (!eth_addr_from_string(vmac, &ea)) {
        ctl_error(ctx, "invalid mac address %s", vmac);
        return;
    }
    if (!check_child_ports(ctx, ls, &ctx->argv[5], ctx->argc - 5)) {
        return;
    }

    struct nbrec_forwarding_group *group
        = nbrec_forwarding_group_insert(ctx->txn);
    nbrec_forwarding_group_set_name(group, name);
    nbrec_forwarding_group_set_vip(group, vip);
    nbrec_forwarding_group_set_vmac(group, vmac);
    nbrec_forwarding_group_set_child_port(
        group, (const char **) &ctx->argv[5], ctx->argc - 5);
    if (shash_find(&ctx->options, "--liveness")) {
        nbrec_forwarding_group_set_liveness(group, true);
    }
    ovn_dbctl_add_ref(&ls->header_,
                      &nbrec_logical_switch_col_forwarding_groups,
                      &group->header_);
}

/* "[--if-exists] fwd-group-del GROUP". */
static void
nbctl_fwd_group_del(struct ctl_context *ctx)
{
    bool must_exist = !shash_find(&ctx->options, "--if-exists");
    const struct nbrec_forwarding_group *group;

    ctx->error = nbctl_lookup_fwd_group(ctx, ctx->argv[1], must_exist,
                                        &group);
    if (ctx->error || !group) {
        return;
    }

    /* Deleting the row explicitly, rather than leaving it to the database's
     * garbage collection, hides it from later commands. */
    const struct nbrec_logical_switch *ls;
    NBREC_LOGICAL_SWITCH_FOR_EACH (ls, ctx->idl) {
        for (size_t i = 0; i < ls->n_forwarding_groups; i++) {
            if (ls->forwarding_groups[i] == group) {
                ovn_dbctl_remove_ref(
                    &ls->header_, &nbrec_logical_switch_col_forwarding_groups,
                    &group->header_);
                break;
            }
        }
    }
    nbrec_forwarding_group_delete(group);
}

/* qsort() comparison of forwarding groups by name, then UUID. */
static int
compare_fwd_groups(const void *a_, const void *b_)
{
    const struct nbrec_forwarding_group *const *a = a_;
    const struct nbrec_forwarding_group *const *b = b_;
    int cmp = strcmp((*a)->name, (*b)->name);

    return cmp ? cmp : uuid_compare_3way(&(*a)->header_.uuid,
                                         &(*b)->header_.uuid);
}

/* Adds the forwarding groups of 'ls' to 'groups'. */
static void
add_switch_groups(const struct nbrec_logical_switch *ls,
                  const struct nbrec_forwarding_group ***groups,
                  size_t *n, size_t *allocated)
{
    for (size_t i = 0; i < ls->n_forwarding_groups; i++) {
        if (*n >= *allocated) {
            *groups = x2nrealloc(*groups, allocated, sizeof **groups);
        }
        (*groups)[(*n)++] = ls->forwarding_groups[i];
    }
}

/* "fwd-group-list [SWITCH]": a table of the forwarding groups of SWITCH,
 * or of every switch, sorted by name; nothing at all if there are none. */
static void
nbctl_fwd_group_list(struct ctl_context *ctx)
{
    const struct nbrec_forwarding_group **groups = NULL;
    size_t n = 0, allocated = 0;
    const struct nbrec_logical_switch *ls;

    if (ctx->argc > 1) {
        ctx->error = nbctl_lookup_switch(ctx, ctx->argv[1], true, &ls);
        if (ctx->error) {
            return;
        }
        add_switch_groups(ls, &groups, &n, &allocated);
    } else {
        NBREC_LOGICAL_SWITCH_FOR_EACH (ls, ctx->idl) {
            add_switch_groups(ls, &groups, &n, &allocated);
        }
    }
    if (!n) {
        return;
    }

    qsort(groups, n, sizeof *groups, compare_fwd_groups);
    struct ds *s = &ctx->output;
    ds_put_format(s, "%-40s%-11s%-14s%-19s%s\n",
                  "UUID", "FWD_GROUP", "VIP", "VMAC", "CHILD_PORTS");
    for (size_t i = 0; i < n; i++) {
        const struct nbrec_forwarding_group *group = groups[i];

        ds_put_format(s, UUID_FMT "    %-11s%-14s%-19s",
                      UUID_ARGS(&group->header_.uuid), group->name,
                      group->vip, group->vmac);
        for (size_t j = 0; j < group->n_child_port; j++) {
            ds_put_format(s, "%s%s", j ? " " : "", group->child_port[j]);
        }
        ds_put_char(s, '\n');
    }
    free(groups);
}

const struct ctl_command_syntax nbctl_fwd_group_commands[] = {
    {"fwd-group-add", 5, INT_MAX, "GROUP SWITCH VIP VMAC PORTS...", NULL,
     nbctl_fwd_group_add, NULL, "--liveness", RW},
    {"fwd-group-del", 1, 1, "GROUP", NULL, nbctl_fwd_group_del, NULL,
     "--if-exists", RW},
    {"fwd-group-list", 0, 1, "[SWITCH]", NULL, nbctl_fwd_group_list, NULL,
     "", RO},
    {NULL, 0, 0, NULL, NULL, NULL, NULL, "", RO},
};

const char nbctl_fwd_group_help[] =
    "Forwarding group commands:\n"
    "  [--liveness]\n"
    "  fwd-group-add GROUP SWITCH VIP VMAC PORTS...\n"
    "                            add a forwarding group on SWITCH\n"
    "  fwd-group-del GROUP       delete a forwarding group\n"
    "  fwd-group-list [SWITCH]   print forwarding groups\n";
