/* en-port-groups.c: the "port_group" engine node.
 *
 * This module owns the Southbound Port_Group table.  A Northbound port
 * group may span several logical switches; ovn-controller needs, for each
 * switch, the group's ports on that switch, so each Northbound group
 * becomes one Southbound group per switch it has ports on, named
 * "<switch tunnel key>_<group name>".
 *
 * A recompute rebuilds the whole table.  New, deleted groups and groups
 * whose ports changed are handled one group at a time; a renamed group
 * needs a recompute. */

#include <config.h>

#include "northd/en-port-groups.h"

#include <inttypes.h>

#include "lib/ovn-nb-idl.h"
#include "lib/ovn-sb-idl.h"
#include "lib/ovn-util.h"
#include "northd/en-northd.h"
#include "northd/inc-proc-northd.h"
#include "northd/northd.h"
#include "openvswitch/shash.h"
#include "sset.h"
#include "util.h"

/* Data of the node. */
struct port_groups_data {
    struct ovsdb_idl_index *sb_by_name;  /* SB Port_Group by name. */
};

/* The name of the Southbound group of 'pg' on switch 'od'. */
static char *
sb_port_group_name(const struct ovn_datapath *od, const char *pg_name)
{
    return xasprintf("%"PRIu32"_%s", od->tunnel_key, pg_name);
}

/* Adds to 'groups' (Southbound name -> "struct sset *" of port names) the
 * Southbound groups that Northbound group 'pg' becomes. */
static void
port_group_desired(const struct nbrec_port_group *pg,
                   const struct northd_data *nd, struct shash *groups)
{
    for (size_t i = 0; i < pg->n_ports; i++) {
        const struct ovn_port *op = ovn_port_find(&nd->ports,
                                                  pg->ports[i]->name);
        if (!op || !op->nbsp) {
            continue;
        }
        char *name = sb_port_group_name(op->od, pg->name);
        struct sset *ports = shash_find_data(groups, name);
        if (!ports) {
            ports = xmalloc(sizeof *ports);
            sset_init(ports);
            shash_add_nocopy(groups, name, ports);
        } else {
            free(name);
        }
        sset_add(ports, op->key);
    }
}

/* Makes Southbound group 'row' (created with 'name' if NULL) hold
 * 'ports'. */
static void
sync_sb_port_group(struct ovsdb_idl_txn *txn, const char *name,
                   const struct sset *ports,
                   const struct sbrec_port_group *row)
{
    if (!row) {
        row = sbrec_port_group_insert(txn);
        sbrec_port_group_set_name(row, name);
    } else if (sset_equals_array(ports, row->ports, row->n_ports)) {
        return;
    }
    const char **array = sset_array(ports);
    sbrec_port_group_set_ports(row, array, sset_count(ports));
    free(array);
}

/* Frees the "struct sset *"s of 'groups' and 'groups' itself. */
static void
groups_destroy(struct shash *groups)
{
    struct shash_node *sn;
    SHASH_FOR_EACH (sn, groups) {
        sset_destroy(sn->data);
        free(sn->data);
    }
    shash_destroy(groups);
}

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
        port_group_desired(pg, nd, &groups);
    }

    const struct sbrec_port_group *row;
    SBREC_PORT_GROUP_FOR_EACH_SAFE (row, ctx->sb_idl) {
        struct shash_node *sn = shash_find(&groups, row->name);
        if (!sn) {
            sbrec_port_group_delete(row);
            continue;
        }
        sync_sb_port_group(ctx->ovnsb_txn, row->name, sn->data, row);
        sset_destroy(sn->data);
        free(sn->data);
        shash_delete(&groups, sn);
    }

    struct shash_node *sn;
    SHASH_FOR_EACH (sn, &groups) {
        sync_sb_port_group(ctx->ovnsb_txn, sn->name, sn->data, NULL);
    }
    groups_destroy(&groups);
    return EN_UPDATED;
}

/* Whether the Northbound changes being processed delete a logical switch
 * port. */
bool
nb_switch_port_deleted(struct ovsdb_idl *nb_idl)
{
    const struct nbrec_logical_switch_port *lsp;
    NBREC_LOGICAL_SWITCH_PORT_FOR_EACH_TRACKED (lsp, nb_idl) {
        if (nbrec_logical_switch_port_is_deleted(lsp)) {
            return true;
        }
    }
    return false;
}

/* Whether tracked Northbound port group 'pg' (not deleted) may have other
 * members than before: it is new, its 'ports' changed or, if
 * 'ports_deleted' (see nb_switch_port_deleted()), it changed at all.
 *
 * The last case is there because when one transaction both changes a group
 * and deletes one of its ports, ovsdb-server may leave the weak reference
 * to the deleted port in the group's 'ports': the IDL then hides the
 * reference without reporting a change to the column. */
bool
port_group_members_may_differ(const struct nbrec_port_group *pg,
                              bool ports_deleted)
{
    return (nbrec_port_group_is_new(pg)
            || nbrec_port_group_is_updated(pg, NBREC_PORT_GROUP_COL_PORTS)
            || ports_deleted);
}

/* Whether a tracked Northbound port group was renamed, or took the name
 * of a group deleted at the same time. */
bool
port_group_renamed(struct ovsdb_idl *nb_idl)
{
    struct sset deleted = SSET_INITIALIZER(&deleted);
    const struct nbrec_port_group *pg;
    bool renamed = false;

    NBREC_PORT_GROUP_FOR_EACH_TRACKED (pg, nb_idl) {
        if (nbrec_port_group_is_deleted(pg)) {
            sset_add(&deleted, pg->name);
        } else if (!nbrec_port_group_is_new(pg)
                   && nbrec_port_group_is_updated(pg,
                                                  NBREC_PORT_GROUP_COL_NAME)) {
            renamed = true;
        }
    }
    NBREC_PORT_GROUP_FOR_EACH_TRACKED (pg, nb_idl) {
        if (nbrec_port_group_is_new(pg) && !nbrec_port_group_is_deleted(pg)
            && sset_contains(&deleted, pg->name)) {
            renamed = true;
        }
    }
    sset_destroy(&deleted);
    return renamed;
}

/* Returns the Southbound group called 'name', or NULL. */
static const struct sbrec_port_group *
sb_port_group_find(const struct port_groups_data *data, const char *name)
{
    struct sbrec_port_group *key
        = sbrec_port_group_index_init_row(data->sb_by_name);
    sbrec_port_group_index_set_name(key, name);
    const struct sbrec_port_group *row
        = sbrec_port_group_index_find(data->sb_by_name, key);
    sbrec_port_group_index_destroy_row(key);
    return row;
}

/* Makes the Southbound groups of Northbound group 'pg' match 'groups'
 * (empty for a deleted group), looking for them on every switch. */
static void
sync_port_group(const struct port_groups_data *data,
                const struct northd_engine_context *ctx,
                const struct northd_data *nd,
                const struct nbrec_port_group *pg,
                const struct shash *groups)
{
    for (size_t i = 0; i < nd->datapaths.n; i++) {
        const struct ovn_datapath *od = nd->datapaths.array[i];
        if (!od->nbs) {
            continue;
        }
        char *name = sb_port_group_name(od, pg->name);
        const struct sbrec_port_group *row = sb_port_group_find(data, name);
        const struct sset *ports = shash_find_data(groups, name);
        if (ports) {
            sync_sb_port_group(ctx->ovnsb_txn, name, ports, row);
        } else if (row) {
            sbrec_port_group_delete(row);
        }
        free(name);
    }
}

/* Port groups changed: only membership matters here.  Each group that
 * came, went or got other ports has its Southbound groups brought in
 * line. */
static enum engine_input_handler_result
port_groups_nb_port_group_handler(struct engine_node *node, void *data)
{
    const struct northd_engine_context *ctx = engine_get_context(node);
    const struct northd_data *nd
        = en_northd_get_data(engine_get_input("northd", node));
    const struct nbrec_port_group *pg;

    /* A renamed group leaves groups under its old name behind; a name
     * that passes from a deleted group to a new one is simpler to
     * recompute. */
    if (port_group_renamed(ctx->nb_idl)) {
        return EN_UNHANDLED;
    }

    /* Deleted groups first: a new one may take the name. */
    struct shash none = SHASH_INITIALIZER(&none);
    NBREC_PORT_GROUP_FOR_EACH_TRACKED (pg, ctx->nb_idl) {
        if (nbrec_port_group_is_deleted(pg)) {
            sync_port_group(data, ctx, nd, pg, &none);
        }
    }
    shash_destroy(&none);

    bool ports_deleted = nb_switch_port_deleted(ctx->nb_idl);
    NBREC_PORT_GROUP_FOR_EACH_TRACKED (pg, ctx->nb_idl) {
        if (nbrec_port_group_is_deleted(pg)
            || !port_group_members_may_differ(pg, ports_deleted)) {
            continue;
        }
        struct shash groups = SHASH_INITIALIZER(&groups);
        port_group_desired(pg, nd, &groups);
        sync_port_group(data, ctx, nd, pg, &groups);
        groups_destroy(&groups);
    }
    return EN_HANDLED_UNCHANGED;
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

/* Allocates the node's data; 'arg' is the engine's initial
 * "struct northd_engine_context". */
static void *
en_port_groups_init(struct engine_node *node OVS_UNUSED, void *arg)
{
    const struct northd_engine_context *ctx = arg;
    struct port_groups_data *data = xzalloc(sizeof *data);
    data->sb_by_name = ovsdb_idl_index_create1(ctx->sb_idl,
                                               &sbrec_port_group_col_name);
    return data;
}

/* Frees the node's data. */
static void
en_port_groups_cleanup(void *data)
{
    free(data);
}

/* What the node does. */
static const struct engine_node_ops en_port_groups_ops = {
    .init = en_port_groups_init,
    .cleanup = en_port_groups_cleanup,
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
    /* The handler of port group changes needs the ports as "northd" has
     * them after the same change: "northd" comes first. */
    engine_add_input(node, northd, port_groups_northd_handler);
    engine_add_input(node, nb_port_group, port_groups_nb_port_group_handler);
    engine_add_input(node, sb_port_group, engine_noop_handler);
    return node;
}
