/* en-bfd.c: the "bfd_sync" engine node.
 *
 * This module owns the Southbound BFD table and the status of Northbound
 * BFD rows.  Each Northbound BFD session on an existing router port gets a
 * Southbound row, with a discriminator and a UDP source port of its own
 * (random, unique), and the timers of the Northbound row or the defaults
 * (min_tx and min_rx 1000 ms, detect_mult 5).  The status travels both
 * ways:
 *
 *   - a new session starts "admin_down";
 *   - the administrator's "admin_down" goes down to the Southbound row, and
 *     a Southbound row leaving "admin_down" takes the Northbound status;
 *   - a session that a static route or a router policy relies on goes
 *     from "admin_down" to "down" in the Northbound database (so that
 *     what it supervises is not used before it comes up), and from there
 *     to the Southbound row;
 *   - otherwise ovn-controller's view ("up", "down", "init") goes up to
 *     the Northbound row.
 *
 * The node's data, the names of the ports with BFD sessions, tells the
 * router flows where BFD packets are handled. */

#include <config.h>

#include "northd/en-bfd.h"

#include <string.h>

#include "bitmap.h"
#include "hash.h"
#include "hmapx.h"
#include "lib/ovn-nb-idl.h"
#include "lib/ovn-sb-idl.h"
#include "northd/en-northd.h"
#include "northd/inc-proc-northd.h"
#include "northd/northd.h"
#include "openvswitch/hmap.h"
#include "random.h"
#include "smap.h"
#include "sset.h"
#include "util.h"

/* Default timers of a session. */
#define BFD_DEF_MINTX 1000
#define BFD_DEF_MINRX 1000
#define BFD_DEF_DETECT_MULT 5

/* Range of BFD source ports (RFC 5881). */
#define BFD_UDP_SRC_PORT_START 49152
#define BFD_UDP_SRC_PORT_LEN 16384

/* A Southbound BFD row, found by port and destination. */
struct sb_bfd_entry {
    struct hmap_node node;                /* In a hmap by sb_bfd_hash(). */
    const struct sbrec_bfd *sb;           /* The row. */
    bool used;                            /* A Northbound session has it. */
};

/* Hash of a session's port and destination. */
static uint32_t
sb_bfd_hash(const char *logical_port, const char *dst_ip)
{
    return hash_string(dst_ip, hash_string(logical_port, 0));
}

/* Allocates the node's data. */
static void *
en_bfd_init(struct engine_node *node OVS_UNUSED, void *arg OVS_UNUSED)
{
    struct bfd_data *data = xzalloc(sizeof *data);
    sset_init(&data->ports);
    return data;
}

/* Frees the node's data. */
static void
en_bfd_cleanup(void *data_)
{
    struct bfd_data *data = data_;
    sset_destroy(&data->ports);
}

/* Returns 'value' if it is set (a one-element optional column), else
 * 'def'. */
static int64_t
optional_int(const int64_t *value, size_t n, int64_t def)
{
    return n ? *value : def;
}

/* Adds to 'used' the Northbound BFD rows that some static route or router
 * policy relies on. */
static void
collect_used_sessions(struct ovsdb_idl *nb_idl, struct hmapx *used)
{
    const struct nbrec_logical_router_static_route *route;
    NBREC_LOGICAL_ROUTER_STATIC_ROUTE_FOR_EACH (route, nb_idl) {
        if (route->bfd) {
            hmapx_add(used, CONST_CAST(struct nbrec_bfd *, route->bfd));
        }
    }
    const struct nbrec_logical_router_policy *policy;
    NBREC_LOGICAL_ROUTER_POLICY_FOR_EACH (policy, nb_idl) {
        for (size_t i = 0; i < policy->n_bfd_sessions; i++) {
            hmapx_add(used, CONST_CAST(struct nbrec_bfd *,
                                       policy->bfd_sessions[i]));
        }
    }
}

/* Returns a UDP source port that no row in 'src_ports' uses, and marks it
 * used. */
static int64_t
allocate_src_port(unsigned long *src_ports)
{
    uint32_t start = random_range(BFD_UDP_SRC_PORT_LEN);
    for (uint32_t i = 0; i < BFD_UDP_SRC_PORT_LEN; i++) {
        uint32_t idx = (start + i) % BFD_UDP_SRC_PORT_LEN;
        if (!bitmap_is_set(src_ports, idx)) {
            bitmap_set1(src_ports, idx);
            return BFD_UDP_SRC_PORT_START + idx;
        }
    }
    return BFD_UDP_SRC_PORT_START + start;
}

/* Returns a discriminator, nonzero, that no row in 'discs' uses, and adds
 * it there. */
static int64_t
allocate_disc(struct hmapx *discs)
{
    for (;;) {
        uint32_t disc = random_uint32();
        if (disc && hmapx_add(discs, (void *) (uintptr_t) disc)) {
            return disc;
        }
    }
}

/* Brings the Southbound BFD table and the Northbound statuses in line. */
static enum engine_node_state
en_bfd_run(struct engine_node *node, void *data_)
{
    const struct northd_engine_context *ctx = engine_get_context(node);
    const struct northd_data *nd
        = en_northd_get_data(engine_get_input("northd", node));
    struct bfd_data *data = data_;
    struct sset old_ports;

    sset_clone(&old_ports, &data->ports);
    sset_clear(&data->ports);

    /* What the Southbound database has. */
    struct hmap sb_rows = HMAP_INITIALIZER(&sb_rows);
    unsigned long *src_ports = bitmap_allocate(BFD_UDP_SRC_PORT_LEN);
    struct hmapx discs = HMAPX_INITIALIZER(&discs);
    const struct sbrec_bfd *sb;
    SBREC_BFD_FOR_EACH (sb, ctx->sb_idl) {
        struct sb_bfd_entry *e = xzalloc(sizeof *e);
        e->sb = sb;
        hmap_insert(&sb_rows, &e->node,
                    sb_bfd_hash(sb->logical_port, sb->dst_ip));
        if (sb->src_port >= BFD_UDP_SRC_PORT_START
            && sb->src_port < BFD_UDP_SRC_PORT_START + BFD_UDP_SRC_PORT_LEN) {
            bitmap_set1(src_ports, sb->src_port - BFD_UDP_SRC_PORT_START);
        }
        hmapx_add(&discs, (void *) (uintptr_t) sb->disc);
    }

    struct hmapx used = HMAPX_INITIALIZER(&used);
    collect_used_sessions(ctx->nb_idl, &used);

    const struct nbrec_bfd *nb;
    NBREC_BFD_FOR_EACH (nb, ctx->nb_idl) {
        const struct ovn_port *op = ovn_port_find(&nd->ports,
                                                  nb->logical_port);
        if (!op || !op->nbrp || op->is_chassisredirect) {
            continue;
        }
        sset_add(&data->ports, nb->logical_port);

        const char *status = nb->status;
        if (!status) {
            status = "admin_down";
            if (ctx->ovnnb_txn) {
                nbrec_bfd_set_status(nb, status);
            }
        }

        struct sb_bfd_entry *e;
        sb = NULL;
        HMAP_FOR_EACH_WITH_HASH (e, node,
                                 sb_bfd_hash(nb->logical_port, nb->dst_ip),
                                 &sb_rows) {
            if (!e->used && !strcmp(e->sb->logical_port, nb->logical_port)
                && !strcmp(e->sb->dst_ip, nb->dst_ip)) {
                e->used = true;
                sb = e->sb;
                break;
            }
        }
        if (!sb) {
            if (!ctx->ovnsb_txn) {
                continue;
            }
            struct sbrec_bfd *new = sbrec_bfd_insert(ctx->ovnsb_txn);
            sbrec_bfd_set_logical_port(new, nb->logical_port);
            sbrec_bfd_set_dst_ip(new, nb->dst_ip);
            sbrec_bfd_set_disc(new, allocate_disc(&discs));
            sbrec_bfd_set_src_port(new, allocate_src_port(src_ports));
            sbrec_bfd_set_status(new, status);
            sb = new;
        } else if (strcmp(sb->status, status)) {
            if (!strcmp(status, "admin_down")
                || !strcmp(sb->status, "admin_down")) {
                sbrec_bfd_set_status(sb, status);
            } else if (ctx->ovnnb_txn) {
                nbrec_bfd_set_status(nb, sb->status);
            }
        }

        /* What a route or a policy relies on is not administratively
         * down: it is down until it comes up.  (The Southbound row follows
         * in the next round.) */
        if (!strcmp(nb->status ? nb->status : status, "admin_down")
            && hmapx_contains(&used, nb) && ctx->ovnnb_txn) {
            nbrec_bfd_set_status(nb, "down");
        }

        int64_t min_tx = optional_int(nb->min_tx, nb->n_min_tx,
                                      BFD_DEF_MINTX);
        int64_t min_rx = optional_int(nb->min_rx, nb->n_min_rx,
                                      BFD_DEF_MINRX);
        int64_t detect_mult = optional_int(nb->detect_mult,
                                           nb->n_detect_mult,
                                           BFD_DEF_DETECT_MULT);
        if (sb->min_tx != min_tx) {
            sbrec_bfd_set_min_tx(sb, min_tx);
        }
        if (sb->min_rx != min_rx) {
            sbrec_bfd_set_min_rx(sb, min_rx);
        }
        if (sb->detect_mult != detect_mult) {
            sbrec_bfd_set_detect_mult(sb, detect_mult);
        }
        if (!smap_equal(&sb->options, &nb->options)) {
            sbrec_bfd_set_options(sb, &nb->options);
        }
        const char *chassis = smap_get_def(&op->od->nbr->options, "chassis",
                                           "");
        if (strcmp(sb->chassis_name, chassis)) {
            sbrec_bfd_set_chassis_name(sb, chassis);
        }
    }

    /* Rows of sessions that are gone. */
    struct sb_bfd_entry *e;
    HMAP_FOR_EACH_POP (e, node, &sb_rows) {
        if (!e->used && ctx->ovnsb_txn) {
            sbrec_bfd_delete(e->sb);
        }
        free(e);
    }
    hmap_destroy(&sb_rows);
    hmapx_destroy(&used);
    hmapx_destroy(&discs);
    free(src_ports);

    bool changed = !sset_equals(&old_ports, &data->ports);
    sset_destroy(&old_ports);
    /* Northbound status changes come back as NB_BFD changes, which make
     * the routing flows that depend on them recompute. */
    return changed ? EN_UPDATED : EN_UNCHANGED;
}

/* Ports changed.  BFD sessions live on router ports, which no
 * incremental change touches. */
static enum engine_input_handler_result
bfd_northd_handler(struct engine_node *node, void *data OVS_UNUSED)
{
    const struct northd_data *nd
        = en_northd_get_data(engine_get_input("northd", node));
    return nd->has_tracked_data ? EN_HANDLED_UNCHANGED : EN_UNHANDLED;
}

/* What the node does. */
static const struct engine_node_ops en_bfd_ops = {
    .init = en_bfd_init,
    .cleanup = en_bfd_cleanup,
    .run = en_bfd_run,
};

/* Adds the "bfd_sync" node and its inputs to 'engine'. */
struct engine_node *
en_bfd_create(struct engine *engine, const struct bfd_inputs *in)
{
    struct engine_node *node = engine_add_node(engine, "bfd_sync",
                                               &en_bfd_ops);
    engine_add_input(node, in->northd, bfd_northd_handler);
    engine_add_input(node, in->nb_bfd, NULL);
    engine_add_input(node, in->nb_static_route, NULL);
    engine_add_input(node, in->nb_policy, NULL);
    engine_add_input(node, in->sb_bfd, NULL);
    return node;
}

/* Returns the data of "bfd_sync" node 'node'. */
const struct bfd_data *
en_bfd_get_data(const struct engine_node *node)
{
    return engine_get_data(node);
}
