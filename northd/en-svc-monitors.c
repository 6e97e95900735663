/* en-svc-monitors.c: the "lb_svc_monitors" engine node.
 *
 * This module owns the Southbound Service_Monitor rows of type
 * "load-balancer": one per backend of a load balancer VIP that has a
 * health check and an ip_port_mappings entry (backend address, logical
 * port, port, protocol), with the health check's options, the source IP
 * of the mapping and NB_Global's svc_monitor_mac as source MAC, and the
 * chassis of the logical port once bound.  ovn-controller probes the
 * backends and writes their "status"; load balancer flows only send
 * traffic to backends whose monitor is "online" or has no status yet
 * (svc_monitors_find()).
 *
 * Rows of other types (network functions, switch port health checks) and
 * rows that ovn-ic learned from other availability zones belong to others
 * and are left alone; ovn-ic learned rows still give the status of remote
 * backends.  A status change updates the node's data without touching the
 * database; anything else rebuilds the (small) set of rows. */

#include <config.h>

#include "northd/en-svc-monitors.h"

#include <string.h>

#include "hash.h"
#include "lib/ovn-nb-idl.h"
#include "lib/ovn-sb-idl.h"
#include "northd/en-global-config.h"
#include "northd/en-lb-data.h"
#include "northd/en-northd.h"
#include "northd/inc-proc-northd.h"
#include "northd/lb.h"
#include "northd/northd.h"
#include "smap.h"
#include "util.h"

/* One monitored backend. */
struct svc_monitor {
    struct hmap_node hmap_node; /* In svc_monitors 'monitors'. */
    char *ip;                   /* Backend address. */
    char *lport;                /* Logical port. */
    uint16_t port;              /* Backend port. */
    char *proto;                /* "tcp" or "udp"... */
    struct uuid sb_uuid;        /* Its Service_Monitor row. */
    char *status;               /* Its status, NULL if none yet. */
    bool ours;                  /* Written by ovn-northd (not ovn-ic). */
};

/* Hash of a monitor's key. */
static uint32_t
svc_monitor_hash(const char *ip, const char *lport, uint16_t port,
                 const char *proto)
{
    uint32_t hash = hash_string(ip, port);
    hash = hash_string(lport, hash);
    return hash_string(proto, hash);
}

/* Finds the monitor with this key in 'svc'. */
static struct svc_monitor *
svc_monitor_lookup(const struct svc_monitors *svc, const char *ip,
                   const char *lport, uint16_t port, const char *proto)
{
    struct svc_monitor *m;
    HMAP_FOR_EACH_WITH_HASH (m, hmap_node,
                             svc_monitor_hash(ip, lport, port, proto),
                             &svc->monitors) {
        if (m->port == port && !strcmp(m->ip, ip)
            && !strcmp(m->lport, lport) && !strcmp(m->proto, proto)) {
            return m;
        }
    }
    return NULL;
}

/* Whether there is a monitor for backend 'ip' and 'port' probed through
 * 'lport' with 'proto'; if so, stores its status (NULL if it has none
 * yet) in '*status'. */
bool
svc_monitors_find(const struct svc_monitors *svc, const char *ip,
                  const char *lport, uint16_t port, const char *proto,
                  const char **status)
{
    const struct svc_monitor *m = svc_monitor_lookup(svc, ip, lport, port,
                                                     proto);
    if (m) {
        *status = m->status;
    }
    return m != NULL;
}

/* Adds a monitor for 'row' to 'svc'. */
static struct svc_monitor *
svc_monitor_add(struct svc_monitors *svc,
                const struct sbrec_service_monitor *row, bool ours)
{
    struct svc_monitor *m = xzalloc(sizeof *m);
    const char *proto = row->protocol ? row->protocol : "tcp";
    m->ip = xstrdup(row->ip);
    m->lport = xstrdup(row->logical_port);
    m->port = row->port;
    m->proto = xstrdup(proto);
    m->sb_uuid = row->header_.uuid;
    m->status = row->status && row->status[0] ? xstrdup(row->status) : NULL;
    m->ours = ours;
    hmap_insert(&svc->monitors, &m->hmap_node,
                svc_monitor_hash(m->ip, m->lport, m->port, m->proto));
    return m;
}

/* Forgets every monitor of 'svc'. */
static void
svc_monitors_clear(struct svc_monitors *svc)
{
    struct svc_monitor *m;
    HMAP_FOR_EACH_POP (m, hmap_node, &svc->monitors) {
        free(m->ip);
        free(m->lport);
        free(m->proto);
        free(m->status);
        free(m);
    }
    sset_clear(&svc->lports);
}

/* Whether 'row' is a load balancer monitor that ovn-northd writes. */
static bool
is_our_row(const struct sbrec_service_monitor *row)
{
    return (!row->ic_learned
            && (!row->type || !strcmp(row->type, "load-balancer")));
}

/* Whether 'row' may give the status of a load balancer backend. */
static bool
is_lb_row(const struct sbrec_service_monitor *row)
{
    return !row->type || !strcmp(row->type, "load-balancer");
}

/* Finds the Service_Monitor row of ovn-northd's for this key. */
static const struct sbrec_service_monitor *
find_row(const struct hmap *rows_by_key, const char *ip, const char *lport,
         uint16_t port, const char *proto);

/* A Service_Monitor row of ovn-northd's, found in the database. */
struct existing_row {
    struct hmap_node hmap_node;   /* By key. */
    const struct sbrec_service_monitor *row;   /* The row. */
    bool required;                /* Still needed. */
};

/* Finds the row with this key in 'rows_by_key'. */
static const struct sbrec_service_monitor *
find_row(const struct hmap *rows_by_key, const char *ip, const char *lport,
         uint16_t port, const char *proto)
{
    struct existing_row *e;
    HMAP_FOR_EACH_WITH_HASH (e, hmap_node,
                             svc_monitor_hash(ip, lport, port, proto),
                             rows_by_key) {
        const struct sbrec_service_monitor *row = e->row;
        const char *row_proto = row->protocol ? row->protocol : "tcp";
        if (row->port == port && !strcmp(row->ip, ip)
            && !strcmp(row->logical_port, lport)
            && !strcmp(row_proto, proto)) {
            e->required = true;
            return row;
        }
    }
    return NULL;
}

/* Makes the database hold exactly the monitors that the load balancers in
 * 'lbs' need, and 'svc' describe them. */
static void
svc_monitors_sync(struct svc_monitors *svc, const struct hmap *lbs,
                  const struct northd_data *nd,
                  const struct global_config *config,
                  struct ovsdb_idl *nb_idl, struct ovsdb_idl *sb_idl,
                  struct ovsdb_idl_txn *txn)
{
    svc_monitors_clear(svc);

    const struct nbrec_nb_global *nbg = nbrec_nb_global_first(nb_idl);
    const char *local_az = nbg ? nbg->name : "";

    struct hmap rows_by_key = HMAP_INITIALIZER(&rows_by_key);
    const struct sbrec_service_monitor *row;
    SBREC_SERVICE_MONITOR_FOR_EACH (row, sb_idl) {
        if (is_our_row(row)) {
            struct existing_row *e = xzalloc(sizeof *e);
            e->row = row;
            const char *proto = row->protocol ? row->protocol : "tcp";
            hmap_insert(&rows_by_key, &e->hmap_node,
                        svc_monitor_hash(row->ip, row->logical_port,
                                         row->port, proto));
        } else if (row->ic_learned && is_lb_row(row)) {
            svc_monitor_add(svc, row, false);
        }
    }

    const struct northd_lb *lb;
    HMAP_FOR_EACH (lb, hmap_node, lbs) {
        if (!lb->has_health_check) {
            continue;
        }
        for (size_t i = 0; i < lb->n_vips; i++) {
            const struct northd_lb_vip *vip = &lb->vips[i];
            if (!vip->health_check) {
                continue;
            }
            for (size_t j = 0; j < vip->n_backends; j++) {
                const struct northd_lb_backend *b = &vip->backends[j];
                if (!b->health_check) {
                    continue;
                }
                sset_add(&svc->lports, b->svc_mon_lport);

                bool remote = b->svc_mon_az && strcmp(b->svc_mon_az,
                                                      local_az);
                const char *chassis_name = NULL;
                if (!remote) {
                    const struct ovn_port *op = ovn_port_find(
                        &nd->ports, b->svc_mon_lport);
                    if (!op || !op->nbsp || !lsp_is_enabled(op->nbsp)) {
                        continue;
                    }
                    const struct sbrec_port_binding *pb
                        = ovn_port_get_sb(op, sb_idl);
                    if (pb && pb->chassis) {
                        chassis_name = pb->chassis->name;
                    }
                }
                if (svc_monitor_lookup(svc, b->ip_str, b->svc_mon_lport,
                                       b->port, lb->proto)) {
                    /* Another VIP already needs it. */
                    continue;
                }

                row = find_row(&rows_by_key, b->ip_str, b->svc_mon_lport,
                               b->port, lb->proto);
                if (!row) {
                    struct uuid uuid;
                    uuid_generate(&uuid);
                    row = sbrec_service_monitor_insert_persist_uuid(txn,
                                                                    &uuid);
                    sbrec_service_monitor_set_ip(row, b->ip_str);
                    sbrec_service_monitor_set_port(row, b->port);
                    sbrec_service_monitor_set_logical_port(row,
                                                           b->svc_mon_lport);
                    sbrec_service_monitor_set_protocol(row, lb->proto);
                    sbrec_service_monitor_set_type(row, "load-balancer");
                    sbrec_service_monitor_set_ic_learned(row, false);
                    if (chassis_name) {
                        sbrec_service_monitor_set_chassis_name(row,
                                                               chassis_name);
                    }
                } else if (chassis_name
                           && strcmp(row->chassis_name, chassis_name)) {
                    sbrec_service_monitor_set_chassis_name(row, chassis_name);
                }
                if (!row->type) {
                    sbrec_service_monitor_set_type(row, "load-balancer");
                }
                if (!smap_equal(&row->options, &vip->health_check->options)) {
                    sbrec_service_monitor_set_options(
                        row, &vip->health_check->options);
                }
                if (strcmp(row->src_mac, config->svc_monitor_mac)) {
                    sbrec_service_monitor_set_src_mac(
                        row, config->svc_monitor_mac);
                }
                if (strcmp(row->src_ip, b->svc_mon_src_ip)) {
                    sbrec_service_monitor_set_src_ip(row, b->svc_mon_src_ip);
                }
                if (row->remote != remote) {
                    sbrec_service_monitor_set_remote(row, remote);
                }
                svc_monitor_add(svc, row, true);
            }
        }
    }

    struct existing_row *e;
    HMAP_FOR_EACH_POP (e, hmap_node, &rows_by_key) {
        if (!e->required) {
            sbrec_service_monitor_delete(e->row);
        }
        free(e);
    }
    hmap_destroy(&rows_by_key);
}

/* Returns the engine context of 'node'. */
static const struct northd_engine_context *
get_context(struct engine_node *node)
{
    return engine_get_context(node);
}

/* Rebuilds everything. */
static enum engine_node_state
en_svc_monitors_run(struct engine_node *node, void *svc_)
{
    struct svc_monitors *svc = svc_;
    const struct northd_engine_context *eng = get_context(node);
    const struct lb_data *lbd = engine_get_input_data("lb_data", node);
    const struct northd_data *nd
        = en_northd_get_data(engine_get_input("northd", node));
    svc_monitors_sync(svc, &lbd->lbs, nd,
                      engine_get_input_data("global_config", node),
                      eng->nb_idl, eng->sb_idl, eng->ovnsb_txn);
    return EN_UPDATED;
}

/* Load balancers changed: only health check changes matter. */
static enum engine_input_handler_result
svc_monitors_lb_data_handler(struct engine_node *node, void *svc OVS_UNUSED)
{
    const struct lb_data *lbd = engine_get_input_data("lb_data", node);
    if (!lbd->has_tracked_data || lbd->tracked.health_checks_changed) {
        return EN_UNHANDLED;
    }
    return EN_HANDLED_UNCHANGED;
}

/* Ports changed: only those that probe backends matter. */
static enum engine_input_handler_result
svc_monitors_northd_handler(struct engine_node *node, void *svc_)
{
    struct svc_monitors *svc = svc_;
    const struct northd_data *nd
        = en_northd_get_data(engine_get_input("northd", node));
    if (!nd->has_tracked_data) {
        return EN_UNHANDLED;
    }
    const struct hmapx *sets[] = {
        &nd->tracked_ports.created, &nd->tracked_ports.updated,
        &nd->tracked_ports.deleted,
    };
    for (size_t i = 0; i < ARRAY_SIZE(sets); i++) {
        struct hmapx_node *hn;
        HMAPX_FOR_EACH (hn, sets[i]) {
            const struct ovn_port *op = hn->data;
            if (sset_contains(&svc->lports, op->key)) {
                return EN_UNHANDLED;
            }
        }
    }
    return EN_HANDLED_UNCHANGED;
}

/* Service_Monitor rows changed: a new status is recorded; rows of ours
 * that changed otherwise or vanished, or ovn-ic's rows, need a resync. */
static enum engine_input_handler_result
svc_monitors_sb_handler(struct engine_node *node, void *svc_)
{
    struct svc_monitors *svc = svc_;
    const struct northd_engine_context *eng = get_context(node);
    const struct sbrec_service_monitor *row;
    bool changed = false;

    SBREC_SERVICE_MONITOR_FOR_EACH_TRACKED (row, eng->sb_idl) {
        if (!is_lb_row(row)) {
            continue;
        }
        const char *proto = row->protocol ? row->protocol : "tcp";
        struct svc_monitor *m = svc_monitor_lookup(svc, row->ip,
                                                   row->logical_port,
                                                   row->port, proto);
        bool same_row = m && uuid_equals(&m->sb_uuid, &row->header_.uuid);
        if (sbrec_service_monitor_is_deleted(row)) {
            if (same_row) {
                return EN_UNHANDLED;
            }
            continue;
        }
        if (!same_row) {
            /* Ours coming back are found above: anything else is news
             * (ovn-ic learned a monitor, or someone wrote rows of ours). */
            return EN_UNHANDLED;
        }
        const char *status = row->status && row->status[0]
                             ? row->status : NULL;
        if (!nullable_string_is_equal(status, m->status)) {
            free(m->status);
            m->status = nullable_xstrdup(status);
            svc->status_changed = true;
            changed = true;
        }
    }
    return changed ? EN_HANDLED_UPDATED : EN_HANDLED_UNCHANGED;
}

/* Port bindings changed: the chassis of a probing port may have. */
static enum engine_input_handler_result
svc_monitors_sb_port_binding_handler(struct engine_node *node, void *svc_)
{
    struct svc_monitors *svc = svc_;
    if (sset_is_empty(&svc->lports)) {
        return EN_HANDLED_UNCHANGED;
    }
    const struct northd_engine_context *eng = get_context(node);
    const struct sbrec_port_binding *pb;
    SBREC_PORT_BINDING_FOR_EACH_TRACKED (pb, eng->sb_idl) {
        if (sset_contains(&svc->lports, pb->logical_port)
            && !sbrec_port_binding_is_deleted(pb)
            && (sbrec_port_binding_is_new(pb)
                || sbrec_port_binding_is_updated(
                    pb, SBREC_PORT_BINDING_COL_CHASSIS))) {
            return EN_UNHANDLED;
        }
    }
    return EN_HANDLED_UNCHANGED;
}

/* Allocates the node's data. */
static void *
en_svc_monitors_init(struct engine_node *node OVS_UNUSED,
                     void *arg OVS_UNUSED)
{
    struct svc_monitors *svc = xzalloc(sizeof *svc);
    hmap_init(&svc->monitors);
    sset_init(&svc->lports);
    return svc;
}

/* Frees the node's data. */
static void
en_svc_monitors_cleanup(void *svc_)
{
    struct svc_monitors *svc = svc_;
    svc_monitors_clear(svc);
    hmap_destroy(&svc->monitors);
    sset_destroy(&svc->lports);
    free(svc);
}

/* Forgets the last incremental change. */
static void
en_svc_monitors_clear_tracked_data(void *svc_)
{
    struct svc_monitors *svc = svc_;
    svc->status_changed = false;
}

/* What the node does. */
static const struct engine_node_ops en_svc_monitors_ops = {
    .init = en_svc_monitors_init,
    .cleanup = en_svc_monitors_cleanup,
    .run = en_svc_monitors_run,
    .clear_tracked_data = en_svc_monitors_clear_tracked_data,
};

/* Adds the "lb_svc_monitors" node and its inputs to 'engine'. */
struct engine_node *
en_svc_monitors_create(struct engine *engine,
                       const struct svc_monitors_inputs *in)
{
    struct engine_node *node = engine_add_node(engine, "lb_svc_monitors",
                                               &en_svc_monitors_ops);
    engine_add_input(node, in->lb_data, svc_monitors_lb_data_handler);
    engine_add_input(node, in->northd, svc_monitors_northd_handler);
    engine_add_input(node, in->global_config, NULL);
    engine_add_input(node, in->sb_service_monitor, svc_monitors_sb_handler);
    engine_add_input(node, in->sb_port_binding,
                     svc_monitors_sb_port_binding_handler);
    return node;
}
