/* ha-chassis-groups.c: Southbound HA chassis groups.
 *
 * This module owns the Southbound HA_Chassis_Group and HA_Chassis tables:
 * the chassis, by priority, that may host a port that lives on one chassis
 * at a time.  Ports refer to a group through their binding:
 *
 *   - a switch port with a Northbound ha_chassis_group (an "external"
 *     port, typically) uses a copy of that group, under its name;
 *   - the chassis-redirect port of a distributed gateway port uses a copy
 *     of the router port's ha_chassis_group, or else a group named after
 *     the router port, made of its Gateway_Chassis rows.
 *
 * Groups that no port uses are deleted. */

#include <config.h>

#include "northd/ha-chassis-groups.h"

#include <string.h>

#include "lib/ovn-nb-idl.h"
#include "lib/ovn-sb-idl.h"
#include "northd/northd.h"
#include "openvswitch/shash.h"
#include "smap.h"
#include "util.h"

/* One member of a desired group. */
struct ha_member {
    const char *chassis_name;   /* Chassis it names. */
    int64_t priority;           /* Its priority. */
};

/* A desired group. */
struct ha_group {
    struct ha_member *members;  /* Members. */
    size_t n;                   /* Number of members. */
};

/* Returns the name of the HA chassis group that 'op''s binding refers to,
 * or NULL. */
const char *
ovn_port_ha_chassis_group_name(const struct ovn_port *op)
{
    if (op->nbsp) {
        return op->nbsp->ha_chassis_group ? op->nbsp->ha_chassis_group->name
                                          : NULL;
    }
    if (op->is_chassisredirect) {
        if (op->nbrp->ha_chassis_group) {
            return op->nbrp->ha_chassis_group->name;
        }
        if (op->nbrp->n_gateway_chassis) {
            return op->nbrp->name;
        }
    }
    return NULL;
}

/* Adds to 'groups' the group that 'op' uses, if any. */
static void
add_port_group(const struct ovn_port *op, struct shash *groups)
{
    const char *name = ovn_port_ha_chassis_group_name(op);
    if (!name || shash_find(groups, name)) {
        return;
    }
    const struct nbrec_ha_chassis_group *nb_group
        = op->nbsp ? op->nbsp->ha_chassis_group : op->nbrp->ha_chassis_group;
    struct ha_group *group = xzalloc(sizeof *group);
    if (nb_group) {
        group->members = xcalloc(nb_group->n_ha_chassis,
                                 sizeof *group->members);
        for (size_t i = 0; i < nb_group->n_ha_chassis; i++) {
            group->members[i].chassis_name
                = nb_group->ha_chassis[i]->chassis_name;
            group->members[i].priority = nb_group->ha_chassis[i]->priority;
        }
        group->n = nb_group->n_ha_chassis;
    } else {
        const struct nbrec_logical_router_port *nbrp = op->nbrp;
        group->members = xcalloc(nbrp->n_gateway_chassis,
                                 sizeof *group->members);
        for (size_t i = 0; i < nbrp->n_gateway_chassis; i++) {
            group->members[i].chassis_name
                = nbrp->gateway_chassis[i]->chassis_name;
            group->members[i].priority = nbrp->gateway_chassis[i]->priority;
        }
        group->n = nbrp->n_gateway_chassis;
    }
    shash_add(groups, name, group);
}

/* Returns the chassis called 'name', or NULL. */
static const struct sbrec_chassis *
chassis_by_name(const struct northd_context *ctx, const char *name)
{
    struct sbrec_chassis *key
        = sbrec_chassis_index_init_row(ctx->sbrec_chassis_by_name);
    sbrec_chassis_index_set_name(key, name);
    const struct sbrec_chassis *chassis
        = sbrec_chassis_index_find(ctx->sbrec_chassis_by_name, key);
    sbrec_chassis_index_destroy_row(key);
    return chassis;
}

/* Whether 'row''s members are exactly 'group''s. */
static bool
ha_group_matches(const struct sbrec_ha_chassis_group *row,
                 const struct ha_group *group,
                 const struct northd_context *ctx)
{
    if (row->n_ha_chassis != group->n) {
        return false;
    }
    for (size_t i = 0; i < group->n; i++) {
        const struct ha_member *m = &group->members[i];
        bool found = false;
        for (size_t j = 0; j < row->n_ha_chassis && !found; j++) {
            const struct sbrec_ha_chassis *hc = row->ha_chassis[j];
            found = (hc->priority == m->priority
                     && !strcmp(smap_get_def(&hc->external_ids,
                                             "chassis-name", ""),
                                m->chassis_name)
                     && hc->chassis == chassis_by_name(ctx,
                                                       m->chassis_name));
        }
        if (!found) {
            return false;
        }
    }
    return true;
}

/* Makes 'row' (created if NULL) hold 'group'. */
static void
ha_group_write(const struct northd_context *ctx, const char *name,
               const struct ha_group *group,
               const struct sbrec_ha_chassis_group *row)
{
    if (!row) {
        row = sbrec_ha_chassis_group_insert(ctx->ovnsb_txn);
        sbrec_ha_chassis_group_set_name(row, name);
    } else if (ha_group_matches(row, group, ctx)) {
        return;
    }
    struct sbrec_ha_chassis **members = xcalloc(MAX(group->n, 1),
                                                sizeof *members);
    for (size_t i = 0; i < group->n; i++) {
        const struct ha_member *m = &group->members[i];
        members[i] = sbrec_ha_chassis_insert(ctx->ovnsb_txn);
        sbrec_ha_chassis_set_chassis(members[i],
                                     chassis_by_name(ctx, m->chassis_name));
        sbrec_ha_chassis_set_priority(members[i], m->priority);
        struct smap ids = SMAP_CONST1(&ids, "chassis-name", m->chassis_name);
        sbrec_ha_chassis_set_external_ids(members[i], &ids);
    }
    sbrec_ha_chassis_group_set_ha_chassis(row, members, group->n);
    free(members);
}

/* Makes the Southbound HA chassis groups those that the ports of 'data'
 * use.  Call before syncing the ports' bindings. */
void
ha_chassis_groups_sync(const struct northd_data *data,
                       const struct northd_context *ctx)
{
    struct shash groups = SHASH_INITIALIZER(&groups);
    const struct ovn_port *op;
    HMAP_FOR_EACH (op, key_node, &data->ports) {
        add_port_group(op, &groups);
    }

    const struct sbrec_ha_chassis_group *row;
    SBREC_HA_CHASSIS_GROUP_FOR_EACH_SAFE (row, ctx->sb_idl) {
        struct ha_group *group = shash_find_and_delete(&groups, row->name);
        if (!group) {
            sbrec_ha_chassis_group_delete(row);
            continue;
        }
        ha_group_write(ctx, row->name, group, row);
        free(group->members);
        free(group);
    }

    struct shash_node *node;
    SHASH_FOR_EACH (node, &groups) {
        struct ha_group *group = node->data;
        ha_group_write(ctx, node->name, group, NULL);
        free(group->members);
        free(group);
    }
    shash_destroy(&groups);
}

/* Returns the Southbound group called 'name', or NULL. */
const struct sbrec_ha_chassis_group *
ha_chassis_group_lookup(const struct northd_context *ctx, const char *name)
{
    struct ovsdb_idl_index *index = ctx->sbrec_ha_chassis_group_by_name;
    struct sbrec_ha_chassis_group *key
        = sbrec_ha_chassis_group_index_init_row(index);
    sbrec_ha_chassis_group_index_set_name(key, name);
    const struct sbrec_ha_chassis_group *row
        = sbrec_ha_chassis_group_index_find(index, key);
    sbrec_ha_chassis_group_index_destroy_row(key);
    return row;
}
