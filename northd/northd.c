/* northd.c: building ovn-northd's model of the logical network (see
 * northd.h).
 *
 * This module owns the order of a full build (datapaths, then ports, then
 * the multicast groups that depend on both, then the cleanup of Southbound
 * rows that refer to what is gone) and the incremental handling of
 * logical switch port changes. */

#include <config.h>

#include "northd/northd.h"

#include <string.h>

#include "bitmap.h"
#include "hash.h"
#include "lib/ovn-nb-idl.h"
#include "lib/ovn-sb-idl.h"
#include "northd/datapaths.h"
#include "northd/en-global-config.h"
#include "northd/dns-sync.h"
#include "northd/ipam.h"
#include "northd/lflow-mgr.h"
#include "northd/multicast-groups.h"
#include "northd/ports.h"
#include "northd/qos-queues.h"
#include "openvswitch/vlog.h"
#include "openvswitch/shash.h"
#include "smap.h"
#include "sset.h"
#include "uuidset.h"

VLOG_DEFINE_THIS_MODULE(northd);

/* Initializes 'data' as empty. */
void
northd_data_init(struct northd_data *data)
{
    memset(data, 0, sizeof *data);
    ovn_datapaths_init(&data->datapaths);
    hmap_init(&data->ports);
    hmap_init(&data->ports_by_nb_uuid);
    hmapx_init(&data->tracked_ports.created);
    hmapx_init(&data->tracked_ports.updated);
    hmapx_init(&data->tracked_ports.deleted);
}

/* Forgets what the last incremental change tracked, freeing the ports it
 * deleted. */
void
northd_data_clear_tracked(struct northd_data *data)
{
    struct hmapx_node *node;
    HMAPX_FOR_EACH (node, &data->tracked_ports.deleted) {
        ovn_port_destroy(node->data);
    }
    hmapx_clear(&data->tracked_ports.created);
    hmapx_clear(&data->tracked_ports.updated);
    hmapx_clear(&data->tracked_ports.deleted);
    data->has_tracked_data = false;
}

/* Frees 'data''s contents. */
void
northd_data_destroy(struct northd_data *data)
{
    northd_data_clear_tracked(data);
    ovn_ports_destroy_all(data);
    ovn_datapaths_destroy(&data->datapaths);
    hmap_destroy(&data->ports);
    hmap_destroy(&data->ports_by_nb_uuid);
    free(data->qdisc_queue_ids);
    hmapx_destroy(&data->tracked_ports.created);
    hmapx_destroy(&data->tracked_ports.updated);
    hmapx_destroy(&data->tracked_ports.deleted);
}

/* Deletes Southbound rows that ovn-controllers wrote for datapaths that no
 * longer exist: MAC bindings, learned routes and FDB entries.  (The
 * database would refuse to delete the datapaths otherwise.) */
static void
cleanup_rows_of_deleted_datapaths(const struct northd_data *data,
                                  const struct northd_context *ctx,
                                  const struct uuidset *deleted)
{
    if (!uuidset_is_empty(deleted)) {
        const struct sbrec_mac_binding *mb;
        SBREC_MAC_BINDING_FOR_EACH_SAFE (mb, ctx->sb_idl) {
            if (uuidset_contains(deleted, &mb->datapath->header_.uuid)) {
                sbrec_mac_binding_delete(mb);
            }
        }
        const struct sbrec_learned_route *lr;
        SBREC_LEARNED_ROUTE_FOR_EACH_SAFE (lr, ctx->sb_idl) {
            if (uuidset_contains(deleted, &lr->datapath->header_.uuid)) {
                sbrec_learned_route_delete(lr);
            }
        }
    }

    /* FDB entries name their switch and port by key: those of switches
     * and ports that are gone go too. */
    struct hmap switches_by_key = HMAP_INITIALIZER(&switches_by_key);
    struct switch_by_key {
        struct hmap_node node;              /* By tunnel key. */
        const struct ovn_datapath *od;      /* The switch. */
    } *sbk = xmalloc(MAX(data->datapaths.n, 1) * sizeof *sbk);
    for (size_t i = 0; i < data->datapaths.n; i++) {
        sbk[i].od = data->datapaths.array[i];
        if (sbk[i].od->nbs) {
            hmap_insert(&switches_by_key, &sbk[i].node,
                        hash_int(sbk[i].od->tunnel_key, 0));
        }
    }
    const struct sbrec_fdb *fdb;
    SBREC_FDB_FOR_EACH_SAFE (fdb, ctx->sb_idl) {
        const struct ovn_datapath *od = NULL;
        const struct switch_by_key *iter;
        HMAP_FOR_EACH_WITH_HASH (iter, node, hash_int(fdb->dp_key, 0),
                                 &switches_by_key) {
            if (iter->od->tunnel_key == fdb->dp_key) {
                od = iter->od;
                break;
            }
        }
        if (!od || !tnlid_set_contains(&od->port_tnlids, fdb->port_key)) {
            sbrec_fdb_delete(fdb);
        }
    }
    hmap_destroy(&switches_by_key);
    free(sbk);
}

/* Deletes the FDB entries learned behind port 'op', which is going
 * away. */
static void
delete_fdb_entries_of_port(const struct ovn_port *op,
                           const struct northd_context *ctx)
{
    struct sbrec_fdb *target = sbrec_fdb_index_init_row(
        ctx->sbrec_fdb_by_dp_and_port);
    sbrec_fdb_index_set_dp_key(target, op->od->tunnel_key);
    sbrec_fdb_index_set_port_key(target, op->tunnel_key);
    const struct sbrec_fdb *fdb;
    SBREC_FDB_FOR_EACH_EQUAL (fdb, target, ctx->sbrec_fdb_by_dp_and_port) {
        sbrec_fdb_delete(fdb);
    }
    sbrec_fdb_index_destroy_row(target);
}

/* Gives container ports (those with a parent) the VLAN tag they request,
 * or a free one per parent when they request 0, and other ports the tag
 * they request, and records it in the Northbound "tag" column. */
static void
allocate_container_tags(struct northd_data *data,
                        const struct northd_context *ctx)
{
    struct shash used_by_parent = SHASH_INITIALIZER(&used_by_parent);
    struct ovn_port *op;

    /* Tags already taken under each parent. */
    HMAP_FOR_EACH (op, key_node, &data->ports) {
        const struct nbrec_logical_switch_port *nbsp = op->nbsp;
        if (!nbsp || !nbsp->parent_name || !nbsp->parent_name[0]
            || !nbsp->n_tag_request) {
            continue;
        }
        unsigned long *used = shash_find_data(&used_by_parent,
                                              nbsp->parent_name);
        if (!used) {
            used = bitmap_allocate(4096);
            bitmap_set1(used, 0);
            shash_add(&used_by_parent, nbsp->parent_name, used);
        }
        int64_t tag = (*nbsp->tag_request ? *nbsp->tag_request
                       : nbsp->n_tag ? *nbsp->tag : 0);
        if (tag > 0 && tag < 4096) {
            bitmap_set1(used, tag);
        }
    }

    HMAP_FOR_EACH (op, key_node, &data->ports) {
        const struct nbrec_logical_switch_port *nbsp = op->nbsp;
        if (!nbsp || !nbsp->n_tag_request) {
            continue;
        }
        int64_t tag = *nbsp->tag_request;
        if (!nbsp->parent_name || !nbsp->parent_name[0]) {
            /* Other ports (localnet, l2gateway...) get the VLAN they
             * request as it is. */
            if (tag && (!nbsp->n_tag || *nbsp->tag != tag)
                && ctx->ovnnb_txn) {
                nbrec_logical_switch_port_set_tag(nbsp, &tag, 1);
            }
            continue;
        }
        if (!tag) {
            if (nbsp->n_tag && *nbsp->tag > 0 && *nbsp->tag < 4096) {
                continue;
            }
            unsigned long *used = shash_find_data(&used_by_parent,
                                                  nbsp->parent_name);
            tag = bitmap_scan(used, false, 1, 4096);
            if (tag == 4096) {
                static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 1);
                VLOG_ERR_RL(&rl, "out of vlans");
                continue;
            }
            bitmap_set1(used, tag);
        }
        if ((!nbsp->n_tag || *nbsp->tag != tag) && ctx->ovnnb_txn) {
            nbrec_logical_switch_port_set_tag(nbsp, &tag, 1);
        }
    }

    struct shash_node *node;
    SHASH_FOR_EACH (node, &used_by_parent) {
        free(node->data);
    }
    shash_destroy(&used_by_parent);
}

/* Rebuilds 'data' from scratch and brings the Southbound bindings in line
 * in 'ctx''s transaction. */
void
northd_build(struct northd_data *data, const struct northd_context *ctx)
{
    northd_data_clear_tracked(data);
    ovn_ports_destroy_all(data);
    ovn_datapaths_clear(&data->datapaths);

    struct uuidset deleted_dps = UUIDSET_INITIALIZER(&deleted_dps);
    ovn_datapaths_build(&data->datapaths, ctx, &deleted_dps);
    ovn_ports_build(data, ctx);
    ipam_run(data, ctx);
    allocate_container_tags(data, ctx);
    multicast_groups_sync_all(data, ctx);
    dns_sync(data, ctx);
    cleanup_rows_of_deleted_datapaths(data, ctx, &deleted_dps);
    uuidset_destroy(&deleted_dps);
}

/* Incremental processing of switch port changes. */

/* Whether the only columns of tracked switch 'nbs' that changed are its
 * ports (or none: a port it refers to changed). */
static bool
ls_only_ports_changed(const struct nbrec_logical_switch *nbs)
{
    for (size_t i = 0; i < NBREC_LOGICAL_SWITCH_N_COLUMNS; i++) {
        /* Load balancers are the "lb_data" node's business. */
        if (i == NBREC_LOGICAL_SWITCH_COL_LOAD_BALANCER
            || i == NBREC_LOGICAL_SWITCH_COL_LOAD_BALANCER_GROUP) {
            continue;
        }
        /* So are ACLs and QoS rules the "ls_acls" node's. */
        if (i == NBREC_LOGICAL_SWITCH_COL_ACLS
            || i == NBREC_LOGICAL_SWITCH_COL_QOS_RULES) {
            continue;
        }
        if (i != NBREC_LOGICAL_SWITCH_COL_PORTS
            && nbrec_logical_switch_is_updated(nbs, i)) {
            return false;
        }
    }
    return true;
}

/* Finds the port made of Northbound row 'uuid'. */
static struct ovn_port *
ovn_port_find_by_nb_uuid(const struct northd_data *data,
                         const struct uuid *uuid)
{
    struct ovn_port *op;
    HMAP_FOR_EACH_WITH_HASH (op, uuid_node, uuid_hash(uuid),
                             &data->ports_by_nb_uuid) {
        if (op->nbsp && uuid_equals(&op->nbsp->header_.uuid, uuid)) {
            return op;
        }
    }
    return NULL;
}

/* What a change to an existing switch port affects. */
enum lsp_change {
    LSP_CHANGE_NONE,        /* Nothing ovn-northd computes. */
    LSP_CHANGE_BINDING,     /* Its Port_Binding only. */
    LSP_CHANGE_FLOWS,       /* Its flows, and maybe more. */
};

/* Classifies the change to tracked, existing switch port 'nbsp' by the
 * columns that changed.  Many changes are ovn-northd's own writes coming
 * back ("up", container "tag"). */
static enum lsp_change
lsp_classify_update(const struct nbrec_logical_switch_port *nbsp,
                    const struct northd_context *ctx)
{
    enum lsp_change change = LSP_CHANGE_NONE;
    for (size_t i = 0; i < NBREC_LOGICAL_SWITCH_PORT_N_COLUMNS; i++) {
        if (!nbrec_logical_switch_port_is_updated(nbsp, i)) {
            continue;
        }
        switch (i) {
        case NBREC_LOGICAL_SWITCH_PORT_COL_UP:
            /* Only ARP/ND responders of ports that are down depend on
             * it, and only when told so. */
            if (!ctx->config->ignore_lsp_down) {
                return LSP_CHANGE_FLOWS;
            }
            break;
        case NBREC_LOGICAL_SWITCH_PORT_COL_TAG:
        case NBREC_LOGICAL_SWITCH_PORT_COL_EXTERNAL_IDS:
            change = LSP_CHANGE_BINDING;
            break;
        default:
            return LSP_CHANGE_FLOWS;
        }
    }
    return change;
}

/* A new switch port and the switch it goes to. */
struct new_lsp {
    const struct nbrec_logical_switch_port *nbsp;   /* The port. */
    struct ovn_datapath *od;                        /* Its switch. */
};

/* Applies the changes to logical switch ports that the Northbound IDL
 * tracked, when they are all of the simple kind: plain VIFs added to,
 * changed in or deleted from existing switches.  Returns false, having
 * changed nothing, when a full build is needed instead.  On success,
 * 'data''s tracked data lists the ports created, updated and deleted. */
bool
northd_handle_lsp_changes(struct northd_data *data,
                          const struct northd_context *ctx)
{
    struct hmapx changed_ods = HMAPX_INITIALIZER(&changed_ods);
    struct hmapx deleted = HMAPX_INITIALIZER(&deleted);
    struct hmapx updated = HMAPX_INITIALIZER(&updated);
    struct hmapx rebind = HMAPX_INITIALIZER(&rebind);
    struct new_lsp *created = NULL;
    size_t n_created = 0, allocated_created = 0;
    struct sset created_names = SSET_INITIALIZER(&created_names);
    struct hmapx created_rows = HMAPX_INITIALIZER(&created_rows);
    bool ok = false;

    /* Switches: only their port lists may have changed. */
    const struct nbrec_logical_switch *nbs;
    NBREC_LOGICAL_SWITCH_FOR_EACH_TRACKED (nbs, ctx->nb_idl) {
        if (nbrec_logical_switch_is_new(nbs)
            || nbrec_logical_switch_is_deleted(nbs)
            || !ls_only_ports_changed(nbs)) {
            goto out;
        }
        struct ovn_datapath *od = ovn_datapath_find(&data->datapaths,
                                                    &nbs->header_.uuid);
        if (!od) {
            goto out;
        }
        if (!nbrec_logical_switch_is_updated(nbs,
                                             NBREC_LOGICAL_SWITCH_COL_PORTS)) {
            continue;
        }

        /* Ports that are new to the switch must be new rows (a port that
         * moved between switches is not simple). */
        size_t n_kept = 0;
        for (size_t i = 0; i < nbs->n_ports; i++) {
            const struct nbrec_logical_switch_port *nbsp = nbs->ports[i];
            struct ovn_port *op = ovn_port_find_by_nb_uuid(
                data, &nbsp->header_.uuid);
            if (op) {
                if (op->od != od) {
                    goto out;
                }
                n_kept++;
                continue;
            }
            if (!nbrec_logical_switch_port_is_new(nbsp)
                || !lsp_is_simple_vif(nbsp)
                || ovn_port_find(&data->ports, nbsp->name)) {
                goto out;
            }
            if (!sset_add(&created_names, nbsp->name)) {
                goto out;
            }
            hmapx_add(&created_rows, CONST_CAST(void *, nbsp));
            if (n_created >= allocated_created) {
                created = x2nrealloc(created, &allocated_created,
                                     sizeof *created);
            }
            created[n_created].nbsp = nbsp;
            created[n_created].od = od;
            n_created++;
        }
        /* Ports that left the switch must be deleted rows. */
        size_t n_gone = 0;
        struct ovn_port *op;
        OVN_DATAPATH_FOR_EACH_PORT (op, od) {
            if (op->nbsp && nbrec_logical_switch_port_is_deleted(op->nbsp)) {
                n_gone++;
            }
        }
        if (n_kept + n_gone != od->n_ports) {
            goto out;
        }
        /* Virtual ports name their parents: their flows change when a
         * port comes or goes. */
        if (od->n_virtual_ports && (n_kept != nbs->n_ports || n_gone)) {
            goto out;
        }
        /* The flows of router ports depend on whether the switch has other
         * ports (see ls-router-ports.c). */
        if (od->n_router_ports
            && ((od->n_ports == od->n_router_ports)
                != (nbs->n_ports == od->n_router_ports))) {
            goto out;
        }
        hmapx_add(&changed_ods, od);
    }

    /* Ports themselves. */
    const struct nbrec_logical_switch_port *nbsp;
    NBREC_LOGICAL_SWITCH_PORT_FOR_EACH_TRACKED (nbsp, ctx->nb_idl) {
        if (nbrec_logical_switch_port_is_new(nbsp)) {
            /* Checked above, with its switch; a new port that no tracked
             * switch lists is not for us to judge. */
            if (!hmapx_contains(&created_rows, nbsp)
                && !nbrec_logical_switch_port_is_deleted(nbsp)) {
                goto out;
            }
            continue;
        }
        struct ovn_port *op = ovn_port_find_by_nb_uuid(data,
                                                       &nbsp->header_.uuid);
        if (!op) {
            if (nbrec_logical_switch_port_is_deleted(nbsp)) {
                continue;
            }
            goto out;
        }
        if (!nbrec_logical_switch_port_is_deleted(nbsp)) {
            enum lsp_change change = lsp_classify_update(nbsp, ctx);
            if (change == LSP_CHANGE_NONE) {
                continue;
            } else if (change == LSP_CHANGE_BINDING) {
                hmapx_add(&rebind, op);
                continue;
            }
        }
        if (!op->simple_vif) {
            goto out;
        }
        if (nbrec_logical_switch_port_is_deleted(nbsp)) {
            hmapx_add(&deleted, op);
        } else {
            if (!lsp_is_simple_vif(nbsp) || strcmp(nbsp->name, op->key)
                || (ovn_port_requested_key(op)
                    && ovn_port_requested_key(op) != op->tunnel_key)) {
                goto out;
            }
            hmapx_add(&updated, op);
        }
        hmapx_add(&changed_ods, op->od);
    }

    /* Everything is simple: apply. */
    struct hmapx_node *node;
    HMAPX_FOR_EACH (node, &deleted) {
        struct ovn_port *op = node->data;
        ovn_port_delete_sb(op, ctx);
        delete_fdb_entries_of_port(op, ctx);
        qos_queue_release(data, op);
        ovn_port_remove(data, op);
        hmapx_add(&data->tracked_ports.deleted, op);
    }
    HMAPX_FOR_EACH (node, &rebind) {
        ovn_port_sync_sb(node->data, ctx);
    }
    HMAPX_FOR_EACH (node, &updated) {
        struct ovn_port *op = node->data;
        ovn_port_refresh_lsp(op);
        qos_queue_assign(data, op, ctx);
        ovn_port_sync_sb(op, ctx);
        hmapx_add(&data->tracked_ports.updated, op);
    }
    for (size_t i = 0; i < n_created; i++) {
        struct ovn_port *op = ovn_port_create(data, created[i].nbsp->name,
                                              created[i].od,
                                              created[i].nbsp, NULL);
        if (ovn_port_allocate_key(op, ctx)) {
            qos_queue_assign(data, op, ctx);
            ovn_port_sync_sb(op, ctx);
        }
        hmapx_add(&data->tracked_ports.created, op);
    }
    HMAPX_FOR_EACH (node, &changed_ods) {
        multicast_groups_sync_datapath(node->data, ctx);
    }
    data->has_tracked_data = true;
    ok = true;

out:
    hmapx_destroy(&changed_ods);
    hmapx_destroy(&deleted);
    hmapx_destroy(&updated);
    hmapx_destroy(&rebind);
    sset_destroy(&created_names);
    hmapx_destroy(&created_rows);
    free(created);
    return ok;
}
