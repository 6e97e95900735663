/* en-svc-monitors.h: the "lb_svc_monitors" engine node (see
 * en-svc-monitors.c). */

#ifndef NORTHD_EN_SVC_MONITORS_H
#define NORTHD_EN_SVC_MONITORS_H 1

#include <stdbool.h>
#include <stdint.h>

#include "inc-proc-eng.h"
#include "openvswitch/hmap.h"
#include "sset.h"

/* The service monitors of load balancer backends, and their status. */
struct svc_monitors {
    struct hmap monitors;       /* "struct svc_monitor"s (private). */
    struct sset lports;         /* Logical ports that probe some backend
                                 * (whether they exist or not). */
    bool status_changed;        /* Tracked: some status changed in the last
                                 * incremental change. */
};

/* The nodes that the "lb_svc_monitors" node takes as inputs. */
struct svc_monitors_inputs {
    struct engine_node *lb_data;              /* "lb_data". */
    struct engine_node *northd;               /* "northd". */
    struct engine_node *global_config;        /* "global_config". */
    struct engine_node *sb_service_monitor;   /* SB Service_Monitor. */
    struct engine_node *sb_port_binding;      /* SB Port_Binding. */
};

struct engine_node *en_svc_monitors_create(
    struct engine *, const struct svc_monitors_inputs *);

bool svc_monitors_find(const struct svc_monitors *, const char *ip,
                       const char *lport, uint16_t port, const char *proto,
                       const char **status);

#endif /* northd/en-svc-monitors.h */
