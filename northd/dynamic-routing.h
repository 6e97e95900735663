/* dynamic-routing.h: the dynamic routing and EVPN settings of the logical
 * network.
 *
 * This module owns what ovn-northd makes of the Northbound options that
 * turn on dynamic routing and EVPN:
 *
 *   - routers: options:dynamic-routing (routes are exchanged with the
 *     routing daemons of the chassis), options:dynamic-routing-redistribute
 *     (which kinds of routes are advertised: "connected",
 *     "connected-as-host", "static", "nat", "lb"), which a router port's
 *     own options:dynamic-routing-redistribute overrides, and
 *     options:dynamic-routing-no-learning (of the router or the port);
 *
 *   - the options that the Port_Binding of the port bound to a chassis
 *     (the chassis-redirect port of a distributed gateway port, or a port
 *     of a gateway router) carries for ovn-controller;
 *
 *   - switches: other_config:dynamic-routing-vni (the switch is extended
 *     over EVPN) and other_config:dynamic-routing-redistribute ("fdb",
 *     "ip": what the chassis advertise of the switch's bindings). */

#ifndef NORTHD_DYNAMIC_ROUTING_H
#define NORTHD_DYNAMIC_ROUTING_H 1

#include <stdbool.h>
#include <stdint.h>

struct ovn_datapath;
struct ovn_port;
struct smap;

/* Kinds of route that a router port advertises. */
enum drr_mode {
    DRR_CONNECTED = 1 << 0,         /* Networks of the router's ports. */
    DRR_CONNECTED_AS_HOST = 1 << 1, /* Addresses on those networks, as host
                                     * routes (supersedes DRR_CONNECTED). */
    DRR_STATIC = 1 << 2,            /* Static routes. */
    DRR_NAT = 1 << 3,               /* External addresses of NAT rules. */
    DRR_LB = 1 << 4,                /* Load balancer VIPs. */
};

/* What an EVPN switch has its chassis advertise. */
enum evpn_redistribute {
    EVPN_REDISTRIBUTE_FDB = 1 << 0, /* MAC addresses. */
    EVPN_REDISTRIBUTE_IP = 1 << 1,  /* IP to MAC bindings. */
};

bool lr_has_dynamic_routing(const struct ovn_datapath *);
unsigned int lrp_redistribute_mode(const struct ovn_port *);
bool lrp_has_no_learning(const struct ovn_port *);
void lrp_dynamic_routing_sb_options(const struct ovn_port *, struct smap *);

bool ls_has_evpn(const struct ovn_datapath *);
unsigned int ls_evpn_redistribute(const struct ovn_datapath *);

#endif /* northd/dynamic-routing.h */
