/* nbctl-ha-chassis-group.c: ovn-nbctl's HA chassis group commands:
 * ha-chassis-group-add, -del, -list, -add-chassis, -remove-chassis.
 *
 * Like upstream, ha-chassis-group-add does not look for an existing group
 * of the same name: the database's index on the name rejects the
 * transaction instead. */

#include <config.h>

#include <inttypes.h>

#include "lib/ovn-nb-idl.h"
#include "nbctl-args.h"
#include "nbctl-commands.h"
#include "nbctl-lookup.h"
#include "openvswitch/dynamic-string.h"
#include "ovn-dbctl.h"
#include "util.h"
#include "uuid.h"

/* Finds the group named by argv[1], which must exist.  Returns NULL, with
 * ctx->error set, if it does not. */
static const struct nbrec_ha_chassis_group *
get_group(struct ctl_context *ctx)
{
    const struct nbrec_ha_chassis_group *group;

    ctx->error = nbctl_lookup_ha_chassis_group(ctx, ctx->argv[1], true,
                                               &group);
    return ctx->error ? NULL : group;
}

/* Returns the HA chassis of 'group' for chassis 'chassis_name', or NULL. */
static const struct nbrec_ha_chassis *
find_chassis(const struct nbrec_ha_chassis_group *group,
             const char *chassis_name)
{
    for (size_t i = 0; i < group->n_ha_chassis; i++) {
        if (!strcmp(group->ha_chassis[i]->chassis_name, chassis_name)) {
            return group->ha_chassis[i];
        }
    }
    return NULL;
}

/* "ha-chassis-group-add GROUP". */
static void
nbctl_ha_chassis_group_add(struct ctl_context *ctx)
{
    struct nbrec_ha_chassis_group *group
        = nbrec_ha_chassis_group_insert(ctx->txn);
    nbrec_ha_chassis_group_set_name(group, ctx->argv[1]);
}

/* "ha-chassis-group-del GROUP". */
static void
nbctl_ha_chassis_group_del(struct ctl_context *ctx)
{
    const struct nbrec_ha_chassis_group *group = get_group(ctx);
    if (group) {
        nbrec_ha_chassis_group_delete(group);
    }
}

/* "ha-chassis-group-list": each group with its chassis and their
 * priorities. */
static void
nbctl_ha_chassis_group_list(struct ctl_context *ctx)
{
    const struct nbrec_ha_chassis_group *group;

    NBREC_HA_CHASSIS_GROUP_FOR_EACH (group, ctx->idl) {
        ds_put_format(&ctx->output, UUID_FMT " (%s)\n",
                      UUID_ARGS(&group->header_.uuid), group->name);
        for (size_t i = 0; i < group->n_ha_chassis; i++) {
            const struct nbrec_ha_chassis *chassis = group->ha_chassis[i];
            ds_put_format(&ctx->output,
                          "    " UUID_FMT " (%s)\n"
                          "    priority %"PRId64"\n\n",
                          UUID_ARGS(&chassis->header_.uuid),
                          chassis->chassis_name, chassis->priority);
        }
        ds_put_char(&ctx->output, '\n');
    }
}

/* "ha-chassis-group-add-chassis GROUP CHASSIS PRIORITY": adds the chassis
 * or, if the group has it already, changes its priority. */
static void
nbctl_ha_chassis_group_add_chassis(struct ctl_context *ctx)
{
    const struct nbrec_ha_chassis_group *group = get_group(ctx);
    if (!group) {
        return;
    }

    int64_t priority;
    ctx->error = nbctl_parse_priority(ctx->argv[3], &priority);
    if (ctx->error) {
        return;
    }

    const char *chassis_name = ctx->argv[2];
    const struct nbrec_ha_chassis *chassis = find_chassis(group,
                                                          chassis_name);
    if (chassis) {
        nbrec_ha_chassis_verify_priority(chassis);
        nbrec_ha_chassis_set_priority(chassis, priority);
        return;
    }

    struct nbrec_ha_chassis *new_chassis = nbrec_ha_chassis_insert(ctx->txn);
    nbrec_ha_chassis_set_chassis_name(new_chassis, chassis_name);
    nbrec_ha_chassis_set_priority(new_chassis, priority);
    ovn_dbctl_add_ref(&group->header_,
                      &nbrec_ha_chassis_group_col_ha_chassis,
                      &new_chassis->header_);
}

/* "ha-chassis-group-remove-chassis GROUP CHASSIS". */
static void
nbctl_ha_chassis_group_remove_chassis(struct ctl_context *ctx)
{
    const struct nbrec_ha_chassis_group *group = get_group(ctx);
    if (!group) {
        return;
    }

    const char *chassis_name = ctx->argv[2];
    const struct nbrec_ha_chassis *chassis = find_chassis(group,
                                                          chassis_name);
    if (!chassis) {
        ctl_error(ctx, "%s: ha chassis not found in %s ha chassis group",
                  chassis_name, ctx->argv[1]);
        return;
    }
    ovn_dbctl_remove_ref(&group->header_,
                         &nbrec_ha_chassis_group_col_ha_chassis,
                         &chassis->header_);
    nbrec_ha_chassis_delete(chassis);
}

const struct ctl_command_syntax nbctl_ha_chassis_group_commands[] = {
    {"ha-chassis-group-add", 1, 1, "[CHASSIS GROUP]", NULL,
     nbctl_ha_chassis_group_add, NULL, "", RW},
    {"ha-chassis-group-del", 1, 1, "[CHASSIS GROUP]", NULL,
     nbctl_ha_chassis_group_del, NULL, "", RW},
    {"ha-chassis-group-list", 0, 0, "[CHASSIS GROUP]", NULL,
     nbctl_ha_chassis_group_list, NULL, "", RO},
    {"ha-chassis-group-add-chassis", 3, 3,
     "[CHASSIS GROUP CHASSIS PRIORITY]", NULL,
     nbctl_ha_chassis_group_add_chassis, NULL, "", RW},
    {"ha-chassis-group-remove-chassis", 2, 2, "[CHASSIS GROUP CHASSIS]",
     NULL, nbctl_ha_chassis_group_remove_chassis, NULL, "", RW},
    {NULL, 0, 0, NULL, NULL, NULL, NULL, "", RO},
};

const char nbctl_ha_chassis_group_help[] =
    "HA chassis group commands:\n"
    "  ha-chassis-group-add GRP  Create an HA chassis group GRP\n"
    "  ha-chassis-group-del GRP  Delete the HA chassis group GRP\n"
    "  ha-chassis-group-list     List the HA chassis groups\n"
    "  ha-chassis-group-add-chassis GRP CHASSIS PRIORITY Adds an HA"
    "chassis with mandatory PRIORITY to the HA chassis group GRP\n"
    "  ha-chassis-group-remove-chassis GRP CHASSIS Removes the HA chassis"
    "CHASSIS from the HA chassis group GRP\n";
