/* qos-queues.c: queue IDs of logical switch ports with egress QoS.
 *
 * This module owns the queue IDs of the switch ports whose options ask
 * for egress shaping (qos_max_rate, qos_min_rate or qos_burst): each such
 * port gets a queue ID of its own, which ovn-controller uses to set up the
 * egress queue and which the port's flows select with set_queue().  The
 * Port_Binding carries it as options:qdisc_queue_id, with
 * options:qos_physical_network naming the physical network of the
 * switch's localnet port.  A port keeps the ID its binding already has,
 * when it can. */

#include <config.h>

#include "northd/qos-queues.h"

#include <inttypes.h>
#include <string.h>

#include "bitmap.h"
#include "lib/ovn-nb-idl.h"
#include "lib/ovn-sb-idl.h"
#include "northd/northd.h"
#include "smap.h"
#include "util.h"

/* Whether port options 'options' ask for egress QoS. */
bool
port_has_qos_params(const struct smap *options)
{
    return (smap_get(options, "qos_max_rate")
            || smap_get(options, "qos_min_rate")
            || smap_get(options, "qos_burst"));
}

/* Whether 'op' should have a queue. */
static bool
port_wants_queue(const struct ovn_port *op)
{
    return (op->nbsp && !lsp_is_router(op->nbsp)
            && port_has_qos_params(&op->nbsp->options));
}

/* The set of queue IDs in use, allocated on first use. */
static unsigned long *
used_ids(struct northd_data *data)
{
    if (!data->qdisc_queue_ids) {
        data->qdisc_queue_ids = bitmap_allocate(QDISC_MAX_QUEUE_ID + 1);
        bitmap_set1(data->qdisc_queue_ids, 0);
    }
    return data->qdisc_queue_ids;
}

/* Gives 'op' the queue ID of its binding, if it has a valid one that is
 * free.  Returns true if it did. */
static bool
keep_existing_id(struct northd_data *data, struct ovn_port *op,
                 const struct northd_context *ctx)
{
    const struct sbrec_port_binding *pb = (uuid_is_zero(&op->sb_uuid)
                                           ? NULL
                                           : ovn_port_get_sb(op,
                                                             ctx->sb_idl));
    if (!pb) {
        return false;
    }
    unsigned long *used = used_ids(data);
    int id = smap_get_int(&pb->options, "qdisc_queue_id", 0);
    if (id < QDISC_MIN_QUEUE_ID || id > QDISC_MAX_QUEUE_ID
        || bitmap_is_set(used, id)) {
        return false;
    }
    bitmap_set1(used, id);
    op->qdisc_queue_id = id;
    return true;
}

/* Gives 'op' the lowest free queue ID (none if all are taken). */
static void
allocate_id(struct northd_data *data, struct ovn_port *op)
{
    unsigned long *used = used_ids(data);
    size_t id = bitmap_scan(used, false, QDISC_MIN_QUEUE_ID,
                            QDISC_MAX_QUEUE_ID + 1);
    if (id <= QDISC_MAX_QUEUE_ID) {
        bitmap_set1(used, id);
        op->qdisc_queue_id = id;
    }
}

/* Gives every port that needs one a queue ID, after a full build (every
 * port is new and has none): first those whose binding has one, then the
 * others, in datapath and port order. */
void
qos_queues_assign_all(struct northd_data *data,
                      const struct northd_context *ctx)
{
    free(data->qdisc_queue_ids);
    data->qdisc_queue_ids = NULL;

    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < data->datapaths.n; i++) {
            struct ovn_port *op;
            OVN_DATAPATH_FOR_EACH_PORT (op, data->datapaths.array[i]) {
                if (!port_wants_queue(op) || op->qdisc_queue_id) {
                    continue;
                }
                if (!pass) {
                    keep_existing_id(data, op, ctx);
                } else {
                    allocate_id(data, op);
                }
            }
        }
    }
}

/* Gives 'op', new or changed, the queue ID it needs, or takes it away. */
void
qos_queue_assign(struct northd_data *data, struct ovn_port *op,
                 const struct northd_context *ctx)
{
    if (!port_wants_queue(op)) {
        qos_queue_release(data, op);
    } else if (!op->qdisc_queue_id && !keep_existing_id(data, op, ctx)) {
        allocate_id(data, op);
    }
}

/* Frees the queue ID of 'op', which no longer needs it or is going
 * away. */
void
qos_queue_release(struct northd_data *data, struct ovn_port *op)
{
    if (op->qdisc_queue_id) {
        bitmap_set0(used_ids(data), op->qdisc_queue_id);
        op->qdisc_queue_id = 0;
    }
}

/* Adds to 'options', the options of 'op''s binding, its queue ID and the
 * physical network of its switch's (first) localnet port. */
void
qos_queue_sb_options(const struct ovn_port *op, struct smap *options)
{
    if (!op->qdisc_queue_id) {
        return;
    }
    const struct ovn_port *ln;
    OVN_DATAPATH_FOR_EACH_PORT (ln, op->od) {
        if (ln->nbsp && !strcmp(ln->nbsp->type, "localnet")) {
            const char *network = smap_get(&ln->nbsp->options,
                                           "network_name");
            if (network) {
                smap_replace(options, "qos_physical_network", network);
            }
            break;
        }
    }
    smap_replace_nocopy(options, "qdisc_queue_id",
                        xasprintf("%"PRIu32, op->qdisc_queue_id));
}
