/* en-port-groups.c: the "port_group" engine node.
 *
 * This module owns the Southbound Port_Group table.  A Northbound port
 * group may span several logical switches; ovn-controller needs, for each
 * switch, the group's ports on that switch, so each Northbound group
 * becomes one Southbound group per switch it has ports on, named
 * "<switch tunnel key>_<group name>". */

#include <config.h>

#include "northd/en-port-groups.h"

#include <inttypes.h>

#include "lib/ovn-nb-idl.h"
#include "lib/ovn-sb-idl.h"
#include "northd/en-northd.h"
#include "northd/inc-proc-northd.h"
#include "northd/northd.h"
#include "openvswitch/shash.h"
#include "sset.h"
#include "util.h"

/* Makes the Southbound Port_Group table match the Northbound groups. */
static enum engine_node_state
en_port_groups_run(struct engine_node *node, void *data OVS_UNUSED)
{
    const struct northd_engine_context *ctx = engine_get_context(node);
    const struct northd_data *nd
        = en_northd_get_data(engine_get_input("northd", node));
    struct shash groups = SHASH_INITIALIZER(&groups);

    const struct nbrec_port_group *pg;
    NBREC_PORT_GROUP_FOR_EACH (pg, ctx->nb_idl) {
        for (size_t i = 0; i < pg->n_ports; i++) {
            const struct ovn_port *op = ovn_port_find(&nd->ports,
                                                      pg->ports[i]->name);
            if (!op || !op->nbsp) {
                continue;
            }
            char *name = xasprintf("%"PRIu32"_%s", op->od->tunnel_key,
                                   pg->name);
            struct sset *ports = shash_find_data(&groups, name);
            if (!ports) {
                ports = xmalloc(sizeof *ports);
                sset_init(ports);
                shash_add_nocopy(&groups, name, ports);
            } else {
                free(name);
            }
            sset_add(ports, op->key);
        }
    }

    const struct sbrec_port_group *row;
    SBREC_PORT_GROUP_FOR_EACH_SAFE (row, ctx->sb_idl) {
        struct sset *ports = shash_find_and_delete(&groups, row->name);
        if (!ports) {
            sbrec_port_group_delete(row);
            continue;
        }
        bool same = row->n_ports == sset_count(ports);
        for (size_t i = 0; same && i < row->n_ports; i++) {
            same = sset_contains(ports, row->ports[i]);
        }
        if (!same) {
            const char **array = sset_array(ports);
            sbrec_port_group_set_ports(row, array, sset_count(ports));
            free(array);
        }
        sset_destroy(ports);
        free(ports);
    }

    struct shash_node *sn;
    SHASH_FOR_EACH_SAFE (sn, &groups) {
        struct sset *ports = sn->data;
        row = sbrec_port_group_insert(ctx->ovnsb_txn);
        sbrec_port_group_set_name(row, sn->name);
        const char **array = sset_array(ports);
        sbrec_port_group_set_ports(row, array, sset_count(ports));
        free(array);
        sset_destroy(ports);
        free(ports);
        shash_delete(&groups, sn);
    }
    shash_destroy(&groups);
    return EN_UPDATED;
}

/* Whether a tracked Northbound port group was added, deleted, renamed or
 * got other ports.  (Changes to its ACLs, or to its ports' own columns, do
 * not count.) */
bool
port_group_members_changed(struct ovsdb_idl *nb_idl)
{
    const struct nbrec_port_group *pg;
    NBREC_PORT_GROUP_FOR_EACH_TRACKED (pg, nb_idl) {
        if (nbrec_port_group_is_new(pg) || nbrec_port_group_is_deleted(pg)
            || nbrec_port_group_is_updated(pg, NBREC_PORT_GROUP_COL_NAME)
            || nbrec_port_group_is_updated(pg, NBREC_PORT_GROUP_COL_PORTS)) {
            return true;
        }
    }
    return false;
}

/* Port groups changed: only membership matters here. */
static enum engine_input_handler_result
port_groups_nb_port_group_handler(struct engine_node *node,
                                  void *data OVS_UNUSED)
{
    const struct northd_engine_context *ctx = engine_get_context(node);
    return (port_group_members_changed(ctx->nb_idl)
            ? EN_UNHANDLED : EN_HANDLED_UNCHANGED);
}

/* Ports changed incrementally: membership changes come with a Northbound
 * Port_Group change, so nothing to do; after a rebuild (switch keys may
 * have changed), recompute. */
static enum engine_input_handler_result
port_groups_northd_handler(struct engine_node *node, void *data OVS_UNUSED)
{
    const struct northd_data *nd
        = en_northd_get_data(engine_get_input("northd", node));
    return nd->has_tracked_data ? EN_HANDLED_UNCHANGED : EN_UNHANDLED;
}

/* What the node does. */
static const struct engine_node_ops en_port_groups_ops = {
    .run = en_port_groups_run,
};

/* Adds the "port_group" node and its inputs to 'engine'. */
struct engine_node *
en_port_groups_create(struct engine *engine,
                      struct engine_node *nb_port_group,
                      struct engine_node *northd,
                      struct engine_node *sb_port_group)
{
    struct engine_node *node = engine_add_node(engine, "port_group",
                                               &en_port_groups_ops);
    engine_add_input(node, nb_port_group, port_groups_nb_port_group_handler);
    engine_add_input(node, northd, port_groups_northd_handler);
    engine_add_input(node, sb_port_group, engine_noop_handler);
    return node;
}
