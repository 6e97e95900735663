/* en-lflow.c: the "lflow" engine node.
 *
 * This module owns the logical flow table of ovn-northd as an engine node:
 * a recompute builds every flow again (lflow-build.c) and compares the
 * result with the Southbound Logical_Flow table; the handler of "northd"
 * changes withdraws the flows of the ports that changed, builds them again
 * and writes only the flows whose datapaths changed.  Changes of a
 * router's NAT rules, static routes or policies rebuild that router's
 * flows the same way. */

#include <config.h>

#include "northd/en-lflow.h"

#include "bitmap.h"
#include "lib/ovn-nb-idl.h"
#include "lib/ovn-sb-idl.h"
#include "northd/en-bfd.h"
#include "northd/en-lb-data.h"
#include "northd/en-learned-routes.h"
#include "northd/en-lr-stateful.h"
#include "northd/en-ls-acls.h"
#include "northd/en-svc-monitors.h"
#include "northd/en-northd.h"
#include "northd/inc-proc-northd.h"
#include "northd/lflow-build.h"
#include "northd/lb.h"
#include "northd/lflow-mgr.h"
#include "northd/ls-acl-data.h"
#include "northd/ls-acl-eval.h"
#include "northd/lr-stateful.h"
#include "northd/northd.h"
#include "openvswitch/vlog.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(en_lflow);

/* Data of the node. */
struct lflow_data {
    struct lflow_table *table;    /* Every flow. */
};

/* Fills what builders read. */
static void
lflow_get_build_input(struct engine_node *node,
                      const struct northd_data *nd,
                      struct lflow_build_input *input)
{
    const struct northd_engine_context *eng = engine_get_context(node);
    *input = (struct lflow_build_input) {
        .datapaths = &nd->datapaths,
        .ports = &nd->ports,
        .config = engine_get_input_data("global_config", node),
        .nb_idl = eng->nb_idl,
        .sb_idl = eng->sb_idl,
        .ls_acls = en_ls_acls_get_data(engine_get_input("ls_acls", node)),
        .lb_data = engine_get_input_data("lb_data", node),
        .svc_monitors = engine_get_input_data("lb_svc_monitors", node),
        .lr_stateful = en_lr_stateful_get_data(
            engine_get_input("lr_stateful", node)),
        .learned_routes = en_learned_routes_get_data(
            engine_get_input("learned_route_sync", node)),
        .bfd_ports = &en_bfd_get_data(engine_get_input("bfd_sync",
                                                       node))->ports,
    };
}

/* Fills what the Southbound sync needs. */
static void
lflow_get_sync_context(struct engine_node *node,
                       const struct northd_data *nd,
                       struct lflow_sync_context *sync)
{
    const struct northd_engine_context *eng = engine_get_context(node);
    *sync = (struct lflow_sync_context) {
        .ovnsb_txn = eng->ovnsb_txn,
        .sb_idl = eng->sb_idl,
        .datapaths = &nd->datapaths,
        .sb_snapshot = eng->sb_lflow_snapshot,
    };
}

/* Allocates the node's data. */
static void *
en_lflow_init(struct engine_node *node OVS_UNUSED, void *arg OVS_UNUSED)
{
    struct lflow_data *data = xzalloc(sizeof *data);
    data->table = lflow_table_create();
    return data;
}

/* Frees the node's data. */
static void
en_lflow_cleanup(void *data_)
{
    struct lflow_data *data = data_;
    lflow_table_destroy(data->table);
    free(data);
}

/* Builds every flow again and makes the Southbound database match. */
static enum engine_node_state
en_lflow_run(struct engine_node *node, void *data_)
{
    struct lflow_data *data = data_;
    const struct northd_data *nd
        = en_northd_get_data(engine_get_input("northd", node));

    /* The owners' records point into the table that is about to go. */
    for (size_t i = 0; i < nd->datapaths.n; i++) {
        lflow_ref_clear(nd->datapaths.array[i]->lflow_ref);
    }
    const struct ovn_port *op;
    HMAP_FOR_EACH (op, key_node, &nd->ports) {
        lflow_ref_clear(op->lflow_ref);
    }
    ls_acl_data_clear_lflow_refs(CONST_CAST(struct ls_acl_data *,
        en_ls_acls_get_data(engine_get_input("ls_acls", node))));
    const struct lb_data *lbd = engine_get_input_data("lb_data", node);
    const struct northd_lb *lb;
    HMAP_FOR_EACH (lb, hmap_node, &lbd->lbs) {
        lflow_ref_clear(lb->lflow_ref);
    }
    lflow_table_reset(data->table, nd->datapaths.n);

    struct lflow_build_input input;
    lflow_get_build_input(node, nd, &input);
    const struct northd_engine_context *eng = engine_get_context(node);
    lflow_build_all(&input, data->table, eng->n_threads);

    struct lflow_sync_context sync;
    lflow_get_sync_context(node, nd, &sync);
    lflow_table_sync_to_sb(data->table, &sync);
    return EN_UPDATED;
}

/* Writes the flows that changed; false if the database was not as
 * expected. */
static bool
lflow_sync_changes(struct engine_node *node, struct lflow_data *data,
                   const struct northd_data *nd)
{
    struct lflow_sync_context sync;
    lflow_get_sync_context(node, nd, &sync);
    if (!lflow_table_sync_changes_to_sb(data->table, &sync)) {
        VLOG_DBG("logical flows out of sync with the database, "
                 "recomputing");
        return false;
    }
    return true;
}

/* Ports changed: rebuild their flows only. */
static enum engine_input_handler_result
lflow_northd_handler(struct engine_node *node, void *data_)
{
    struct lflow_data *data = data_;
    const struct northd_data *nd
        = en_northd_get_data(engine_get_input("northd", node));
    if (!nd->has_tracked_data) {
        return EN_UNHANDLED;
    }

    struct lflow_build_input input;
    lflow_get_build_input(node, nd, &input);
    const struct northd_tracked_ports *t = &nd->tracked_ports;
    struct hmapx_node *hn;

    HMAPX_FOR_EACH (hn, &t->deleted) {
        const struct ovn_port *op = hn->data;
        lflow_ref_unlink_lflows(data->table, op->lflow_ref);
    }
    HMAPX_FOR_EACH (hn, &t->updated) {
        const struct ovn_port *op = hn->data;
        lflow_ref_unlink_lflows(data->table, op->lflow_ref);
        lflow_build_port(op, &input, data->table);
    }
    HMAPX_FOR_EACH (hn, &t->created) {
        lflow_build_port(hn->data, &input, data->table);
    }

    return (lflow_sync_changes(node, data, nd)
            ? EN_HANDLED_UPDATED : EN_UNHANDLED);
}

/* ACLs changed: withdraw the flows of the ACL owners that changed or went
 * away and build those of the new and changed ones. */
static enum engine_input_handler_result
lflow_ls_acls_handler(struct engine_node *node, void *data_)
{
    struct lflow_data *data = data_;
    const struct ls_acl_data *acls
        = en_ls_acls_get_data(engine_get_input("ls_acls", node));
    if (!acls->has_tracked_data) {
        return EN_UNHANDLED;
    }
    const struct northd_data *nd
        = en_northd_get_data(engine_get_input("northd", node));
    struct lflow_build_input input;
    lflow_get_build_input(node, nd, &input);
    const struct ls_acl_tracked *t = &acls->tracked;
    struct hmapx_node *hn;

    HMAPX_FOR_EACH (hn, &t->deleted) {
        const struct acl_owner *owner = hn->data;
        lflow_ref_unlink_lflows(data->table, owner->lflow_ref);
    }
    HMAPX_FOR_EACH (hn, &t->updated) {
        const struct acl_owner *owner = hn->data;
        lflow_ref_unlink_lflows(data->table, owner->lflow_ref);
        ls_acl_build_owner(owner, &input, data->table);
    }
    HMAPX_FOR_EACH (hn, &t->created) {
        ls_acl_build_owner(hn->data, &input, data->table);
    }

    return (lflow_sync_changes(node, data, nd)
            ? EN_HANDLED_UPDATED : EN_UNHANDLED);
}

/* Withdraws the flows of load balancer 'lb' and builds them again. */
static void
lflow_rebuild_lb(struct lflow_data *data, const struct northd_lb *lb,
                 const struct lflow_build_input *input)
{
    lflow_ref_unlink_lflows(data->table, lb->lflow_ref);
    lflow_build_lb(lb, input, data->table);
}

/* Load balancers changed: rebuild the flows of those that changed, unless
 * some switch gained its first or lost its last VIP (which changes flows
 * of the whole switch). */
static enum engine_input_handler_result
lflow_lb_data_handler(struct engine_node *node, void *data_)
{
    struct lflow_data *data = data_;
    const struct lb_data *lbd = engine_get_input_data("lb_data", node);
    if (!lbd->has_tracked_data || lbd->tracked.ls_lb_vip_changed) {
        return EN_UNHANDLED;
    }
    const struct northd_data *nd
        = en_northd_get_data(engine_get_input("northd", node));
    struct lflow_build_input input;
    lflow_get_build_input(node, nd, &input);

    VLOG_DBG("load balancers: %"PRIuSIZE" new, %"PRIuSIZE" changed, "
             "%"PRIuSIZE" deleted", hmapx_count(&lbd->tracked.created),
             hmapx_count(&lbd->tracked.updated),
             hmapx_count(&lbd->tracked.deleted));
    struct hmapx_node *hn;
    HMAPX_FOR_EACH (hn, &lbd->tracked.deleted) {
        const struct northd_lb *lb = hn->data;
        lflow_ref_unlink_lflows(data->table, lb->lflow_ref);
    }
    HMAPX_FOR_EACH (hn, &lbd->tracked.updated) {
        lflow_rebuild_lb(data, hn->data, &input);
    }
    HMAPX_FOR_EACH (hn, &lbd->tracked.created) {
        lflow_build_lb(hn->data, &input, data->table);
    }
    return (lflow_sync_changes(node, data, nd)
            ? EN_HANDLED_UPDATED : EN_UNHANDLED);
}

/* Load balancer backends' health changed: rebuild the flows of the load
 * balancers with health checks. */
static enum engine_input_handler_result
lflow_svc_monitors_handler(struct engine_node *node, void *data_)
{
    struct lflow_data *data = data_;
    const struct lb_data *lbd = engine_get_input_data("lb_data", node);
    const struct northd_data *nd
        = en_northd_get_data(engine_get_input("northd", node));
    struct lflow_build_input input;
    lflow_get_build_input(node, nd, &input);

    const struct northd_lb *lb;
    HMAP_FOR_EACH (lb, hmap_node, &lbd->lbs) {
        if (lb->has_health_check) {
            lflow_rebuild_lb(data, lb, &input);
        }
    }
    return (lflow_sync_changes(node, data, nd)
            ? EN_HANDLED_UPDATED : EN_UNHANDLED);
}

/* Withdraws and builds again the flows of port 'op'. */
static void
lflow_rebuild_port(struct lflow_data *data, const struct ovn_port *op,
                   const struct lflow_build_input *input)
{
    lflow_ref_unlink_lflows(data->table, op->lflow_ref);
    lflow_build_port(op, input, data->table);
}

/* Rebuilds the flows of router 'od' as a whole and those of its ports. */
static void
lflow_rebuild_router(struct lflow_data *data, const struct ovn_datapath *od,
                     const struct lflow_build_input *input)
{
    lflow_ref_unlink_lflows(data->table, od->lflow_ref);
    lflow_build_datapath(od, input, data->table);

    const struct ovn_port *op;
    OVN_DATAPATH_FOR_EACH_PORT (op, od) {
        lflow_rebuild_port(data, op, input);
    }
}

/* The NAT rules or load balancer VIPs of some routers changed
 * ("lr_stateful" tracks those whose flows see it): rebuild the flows that
 * depend on them: those of each such router as a whole, of its ports, of
 * the switch ports they connect to, and of the load balancers that apply
 * to it.  A recompute of "lr_stateful" is followed by one of this node. */
static enum engine_input_handler_result
lflow_lr_stateful_handler(struct engine_node *node, void *data_)
{
    struct lflow_data *data = data_;
    const struct lr_stateful_table *lrs
        = en_lr_stateful_get_data(engine_get_input("lr_stateful", node));
    if (!lrs->has_tracked_data) {
        return EN_UNHANDLED;
    }
    if (hmapx_is_empty(&lrs->changed)) {
        return EN_HANDLED_UNCHANGED;
    }
    const struct northd_data *nd
        = en_northd_get_data(engine_get_input("northd", node));
    const struct lb_data *lbd = engine_get_input_data("lb_data", node);
    struct lflow_build_input input;
    lflow_get_build_input(node, nd, &input);

    unsigned long *changed = bitmap_allocate(nd->datapaths.n);
    struct hmapx_node *hn;
    HMAPX_FOR_EACH (hn, &lrs->changed) {
        const struct lr_stateful *rec = hn->data;
        const struct ovn_datapath *od = rec->od;
        bitmap_set1(changed, od->index);
        lflow_rebuild_router(data, od, &input);

        if (lbd->n_datapaths == nd->datapaths.n) {
            const struct northd_lb *lb;
            HMAP_FOR_EACH (lb, hmap_node, &lbd->lbs) {
                if (lb->n_lr && bitmap_is_set(lb->lr_map, od->index)) {
                    lflow_rebuild_lb(data, lb, &input);
                }
            }
        }
    }

    /* The switch ports that connect to those routers.  (Not only each
     * router port's 'peer': several switch ports may name one router
     * port.) */
    const struct ovn_port *op;
    HMAP_FOR_EACH (op, key_node, &nd->ports) {
        if (op->nbsp && op->peer && op->peer->od->index < nd->datapaths.n
            && bitmap_is_set(changed, op->peer->od->index)) {
            lflow_rebuild_port(data, op, &input);
        }
    }
    bitmap_free(changed);
    return (lflow_sync_changes(node, data, nd)
            ? EN_HANDLED_UPDATED : EN_UNHANDLED);
}

/* Rebuilds the flows of the routers in 'routers' (a set of Northbound
 * routers), whose static routes or policies changed.  Those only decide
 * flows of the router itself and of its ports. */
static enum engine_input_handler_result
lflow_rebuild_routing(struct engine_node *node, struct lflow_data *data,
                      const struct hmapx *routers)
{
    if (hmapx_is_empty(routers)) {
        return EN_HANDLED_UNCHANGED;
    }
    const struct northd_data *nd
        = en_northd_get_data(engine_get_input("northd", node));
    struct lflow_build_input input;
    lflow_get_build_input(node, nd, &input);

    struct hmapx_node *hn;
    HMAPX_FOR_EACH (hn, routers) {
        const struct nbrec_logical_router *nbr = hn->data;
        const struct ovn_datapath *od
            = ovn_datapath_find(&nd->datapaths, &nbr->header_.uuid);
        if (!od || od->nbr != nbr) {
            return EN_UNHANDLED;
        }
        lflow_rebuild_router(data, od, &input);
    }
    return (lflow_sync_changes(node, data, nd)
            ? EN_HANDLED_UPDATED : EN_UNHANDLED);
}

/* Routers changed.  The "northd" node lets through changes of their NAT
 * rules and load balancers (which "lr_stateful" follows), static routes
 * and policies: rebuild the flows of the routers whose routes or policies
 * are other rows now. */
static enum engine_input_handler_result
lflow_nb_logical_router_handler(struct engine_node *node, void *data)
{
    const struct northd_engine_context *eng = engine_get_context(node);
    struct hmapx routers = HMAPX_INITIALIZER(&routers);
    const struct nbrec_logical_router *nbr;
    NBREC_LOGICAL_ROUTER_FOR_EACH_TRACKED (nbr, eng->nb_idl) {
        if (nbrec_logical_router_is_new(nbr)
            || nbrec_logical_router_is_deleted(nbr)) {
            hmapx_destroy(&routers);
            return EN_UNHANDLED;
        }
        if (nbrec_logical_router_is_updated(
                nbr, NBREC_LOGICAL_ROUTER_COL_STATIC_ROUTES)
            || nbrec_logical_router_is_updated(
                nbr, NBREC_LOGICAL_ROUTER_COL_POLICIES)) {
            hmapx_add(&routers, (void *) nbr);
        }
    }
    enum engine_input_handler_result result
        = lflow_rebuild_routing(node, data, &routers);
    hmapx_destroy(&routers);
    return result;
}

/* Adds to 'routers' the routers of 'nb_idl' whose static routes (if
 * 'routes') or policies (otherwise) include a row of 'rows'. */
static void
find_routers_of(const struct ovsdb_idl *nb_idl, const struct hmapx *rows,
                bool routes, struct hmapx *routers)
{
    const struct nbrec_logical_router *nbr;
    NBREC_LOGICAL_ROUTER_FOR_EACH (nbr, nb_idl) {
        size_t n = routes ? nbr->n_static_routes : nbr->n_policies;
        for (size_t i = 0; i < n; i++) {
            const void *row = (routes ? (const void *) nbr->static_routes[i]
                               : (const void *) nbr->policies[i]);
            if (hmapx_contains(rows, row)) {
                hmapx_add(routers, (void *) nbr);
                break;
            }
        }
    }
}

/* Rebuilds the flows of the routers whose static routes (if 'routes') or
 * policies (otherwise) include a row of 'rows', and destroys 'rows'. */
static enum engine_input_handler_result
lflow_rebuild_routers_of(struct engine_node *node, void *data,
                         struct hmapx *rows, bool routes)
{
    const struct northd_engine_context *eng = engine_get_context(node);
    struct hmapx routers = HMAPX_INITIALIZER(&routers);
    if (!hmapx_is_empty(rows)) {
        find_routers_of(eng->nb_idl, rows, routes, &routers);
    }
    enum engine_input_handler_result result
        = lflow_rebuild_routing(node, data, &routers);
    hmapx_destroy(&routers);
    hmapx_destroy(rows);
    return result;
}

/* Static routes changed.  New and deleted ones also change their router's
 * "static_routes" column (see above): here, rebuild the routers of the
 * routes that changed in place. */
static enum engine_input_handler_result
lflow_nb_static_route_handler(struct engine_node *node, void *data)
{
    const struct northd_engine_context *eng = engine_get_context(node);
    struct hmapx rows = HMAPX_INITIALIZER(&rows);
    const struct nbrec_logical_router_static_route *route;
    NBREC_LOGICAL_ROUTER_STATIC_ROUTE_FOR_EACH_TRACKED (route, eng->nb_idl) {
        if (!nbrec_logical_router_static_route_is_new(route)
            && !nbrec_logical_router_static_route_is_deleted(route)) {
            hmapx_add(&rows, (void *) route);
        }
    }
    return lflow_rebuild_routers_of(node, data, &rows, true);
}

/* Policies changed: as for static routes. */
static enum engine_input_handler_result
lflow_nb_policy_handler(struct engine_node *node, void *data)
{
    const struct northd_engine_context *eng = engine_get_context(node);
    struct hmapx rows = HMAPX_INITIALIZER(&rows);
    const struct nbrec_logical_router_policy *policy;
    NBREC_LOGICAL_ROUTER_POLICY_FOR_EACH_TRACKED (policy, eng->nb_idl) {
        if (!nbrec_logical_router_policy_is_new(policy)
            && !nbrec_logical_router_policy_is_deleted(policy)) {
            hmapx_add(&rows, (void *) policy);
        }
    }
    return lflow_rebuild_routers_of(node, data, &rows, false);
}

/* What the node does. */
static const struct engine_node_ops en_lflow_ops = {
    .init = en_lflow_init,
    .cleanup = en_lflow_cleanup,
    .run = en_lflow_run,
};

/* Adds the "lflow" node and its inputs to 'engine'. */
struct engine_node *
en_lflow_create(struct engine *engine, const struct lflow_inputs *in)
{
    struct engine_node *node = engine_add_node(engine, "lflow",
                                               &en_lflow_ops);
    engine_add_input(node, in->northd, lflow_northd_handler);
    engine_add_input(node, in->global_config, NULL);
    engine_add_input(node, in->ls_acls, lflow_ls_acls_handler);
    /* Port flows refer to DHCP options, and flows that punt packets to
     * ovn-controller to meters, by name: rare changes, recomputed. */
    engine_add_input(node, in->nb_dhcp_options, NULL);
    engine_add_input(node, in->nb_copp, NULL);
    engine_add_input(node, in->nb_meter, NULL);
    engine_add_input(node, in->nb_forwarding_group, NULL);
    engine_add_input(node, in->lb_data, lflow_lb_data_handler);
    engine_add_input(node, in->lb_svc_monitors, lflow_svc_monitors_handler);
    /* NAT changes, and load balancer changes that routers' flows see,
     * rebuild those routers' flows. */
    engine_add_input(node, in->lr_stateful, lflow_lr_stateful_handler);
    engine_add_input(node, in->lb_sync, engine_noop_handler);
    /* ovn-northd is the only writer of these: changes are its own. */
    /* Static routes and policies rebuild their routers' flows; BFD
     * sessions and DHCP relays: any change recomputes. */
    engine_add_input(node, in->bfd, NULL);
    engine_add_input(node, in->nb_bfd, NULL);
    engine_add_input(node, in->nb_logical_router,
                     lflow_nb_logical_router_handler);
    engine_add_input(node, in->nb_static_route,
                     lflow_nb_static_route_handler);
    engine_add_input(node, in->nb_policy, lflow_nb_policy_handler);
    engine_add_input(node, in->nb_dhcp_relay, NULL);
    /* The node only changes when some router's learned routes do. */
    engine_add_input(node, in->learned_routes, NULL);
    engine_add_input(node, in->sb_logical_flow, engine_noop_handler);
    engine_add_input(node, in->sb_logical_dp_group, engine_noop_handler);
    return node;
}

/* Whether every Southbound Logical_Flow row in 'sb_idl' holds a flow of
 * 'node' (an "lflow" node), so that their contents need not be read. */
bool
en_lflow_knows_sb_rows(const struct engine_node *node,
                       const struct ovsdb_idl *sb_idl)
{
    const struct lflow_data *data = engine_get_data(node);
    return lflow_table_knows_sb_rows(data->table, sb_idl);
}
