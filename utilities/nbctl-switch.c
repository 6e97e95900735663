/* nbctl-switch.c: ovn-nbctl's logical switch commands: ls-add, ls-del,
 * ls-list. */

#include <config.h>

#include "lib/ovn-nb-idl.h"
#include "nbctl-commands.h"
#include "nbctl-lookup.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/shash.h"
#include "smap.h"
#include "util.h"
#include "uuid.h"

/* "[--may-exist | --add-duplicate] ls-add [SWITCH]". */
static void
nbctl_ls_add(struct ctl_context *ctx)
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
            const struct nbrec_logical_switch *ls;

            NBREC_LOGICAL_SWITCH_FOR_EACH (ls, ctx->idl) {
                if (!strcmp(ls->name, name)) {
                    if (!may_exist) {
                        ctl_error(ctx, "%s: a switch with this name already "
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

    struct nbrec_logical_switch *ls = nbrec_logical_switch_insert(ctx->txn);
    if (name) {
        nbrec_logical_switch_set_name(ls, name);
    }
}

/* "[--if-exists] ls-del SWITCH": deletes the switch and its ports.  The
 * database would delete the ports anyway, since only the switch refers to
 * them, but deleting them here hides them from later commands. */
static void
nbctl_ls_del(struct ctl_context *ctx)
{
    bool must_exist = !shash_find(&ctx->options, "--if-exists");
    const struct nbrec_logical_switch *ls;

    ctx->error = nbctl_lookup_switch(ctx, ctx->argv[1], must_exist, &ls);
    if (!ctx->error && ls) {
        for (size_t i = 0; i < ls->n_ports; i++) {
            nbrec_logical_switch_port_delete(ls->ports[i]);
        }
        nbrec_logical_switch_delete(ls);
    }
}

/* "ls-list": one line "UUID (NAME)" per switch, sorted by name. */
static void
nbctl_ls_list(struct ctl_context *ctx)
{
    const struct nbrec_logical_switch *ls;
    struct smap switches = SMAP_INITIALIZER(&switches);

    NBREC_LOGICAL_SWITCH_FOR_EACH (ls, ctx->idl) {
        smap_add_format(&switches, ls->name, UUID_FMT " (%s)",
                        UUID_ARGS(&ls->header_.uuid), ls->name);
    }

    const struct smap_node **nodes = smap_sort(&switches);
    for (size_t i = 0; i < smap_count(&switches); i++) {
        ds_put_format(&ctx->output, "%s\n", nodes[i]->value);
    }
    free(nodes);
    smap_destroy(&switches);
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
