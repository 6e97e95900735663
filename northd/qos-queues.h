/* qos-queues.h: queue IDs of logical switch ports with egress QoS (see
 * qos-queues.c). */

#ifndef NORTHD_QOS_QUEUES_H
#define NORTHD_QOS_QUEUES_H 1

#include <stdbool.h>

struct northd_context;
struct northd_data;
struct ovn_port;
struct smap;

/* Queue IDs that ports may get. */
#define QDISC_MIN_QUEUE_ID 1
#define QDISC_MAX_QUEUE_ID 0xf000

bool port_has_qos_params(const struct smap *options);

void qos_queues_assign_all(struct northd_data *,
                           const struct northd_context *);
void qos_queue_assign(struct northd_data *, struct ovn_port *,
                      const struct northd_context *);
void qos_queue_release(struct northd_data *, struct ovn_port *);
void qos_queue_sb_options(const struct ovn_port *, struct smap *options);

#endif /* northd/qos-queues.h */
