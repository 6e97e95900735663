/* lr-stateful.h: the NAT and load balancer state of logical routers.
 *
 * This module owns, for each logical router, what its NAT rules and the
 * load balancers that apply to it (its own and those of its load balancer
 * groups) mean for the rest of ovn-northd:
 *
 *   - its NAT rules, parsed (lr-nat.h);
 *   - the addresses of its load balancer VIPs: all of them, those of load
 *     balancers with options:add_route ("routable", which neighbor routers
 *     may route to), and those it answers ARP and neighbor solicitations
 *     for ("reachable": within the subnet of one of its ports, or all of
 *     a load balancer's VIPs with options:neighbor_responder=all, none
 *     with "none", the default of template load balancers);
 *   - whether it has any load balancer VIP at all.
 *
 * The records are made by the "lr_stateful" engine node
 * (en-lr-stateful.c) and found by datapath. */

#ifndef NORTHD_LR_STATEFUL_H
#define NORTHD_LR_STATEFUL_H 1

#include <stdbool.h>
#include <stddef.h>

#include "northd/lr-nat.h"
#include "hmapx.h"
#include "openvswitch/hmap.h"
#include "simap.h"
#include "sset.h"

struct lb_data;
struct northd_lb;
struct northd_data;
struct ovn_datapath;

/* Addresses of the load balancer VIPs of a router, as text. */
struct lr_lb_ips {
    struct sset ips_v4;             /* Every IPv4 VIP address. */
    struct sset ips_v6;             /* Every IPv6 VIP address. */
    struct sset ips_v4_routable;    /* Those of load balancers with
                                     * options:add_route. */
    struct sset ips_v6_routable;    /* Same, IPv6. */
    struct sset ips_v4_reachable;   /* IPv4 VIPs the router answers ARP
                                     * requests for. */
    struct sset ips_v6_reachable;   /* IPv6 VIPs the router answers
                                     * neighbor solicitations for. */
    struct simap refs[6];           /* For each of the sets above, in that
                                     * order, how many load balancer VIPs
                                     * beyond the first put each address
                                     * there (so that a load balancer can
                                     * come and go without gathering every
                                     * VIP again). */
};

/* The NAT and load balancer state of one router. */
struct lr_stateful {
    const struct ovn_datapath *od;  /* The router. */
    struct lr_nat nat;              /* Its NAT rules. */
    struct lr_lb_ips lb_ips;        /* Addresses of its VIPs. */
    bool has_lb_vip;                /* Some load balancer that applies to
                                     * it has a VIP. */
};

/* The records of every router. */
struct lr_stateful_table {
    struct lr_stateful **by_index;  /* By datapath 'index'; NULL for
                                     * switches. */
    size_t n_datapaths;             /* Size of 'by_index'. */
    struct hmap lbs;                /* "struct lr_stateful_lb"s: the load
                                     * balancers that apply to some router,
                                     * as the records were made with. */
    struct hmapx changed;           /* "struct lr_stateful"s whose flows
                                     * must be built again since the last
                                     * recompute: their NAT rules changed,
                                     * or their load balancer VIPs in a way
                                     * that flows see (see
                                     * lr_stateful_sync_lbs()). */
    struct hmapx vips_changed;      /* "struct lr_stateful"s whose VIP
                                     * addresses lr_stateful_sync_lbs()
                                     * changed since the tracked data was
                                     * last cleared. */
    bool lb_ips_changed;            /* Whether lr_stateful_sync_lbs()
                                     * changed some router's VIPs since the
                                     * tracked data was last cleared. */
    bool has_tracked_data;          /* Whether 'changed' and
                                     * 'lb_ips_changed' say all that
                                     * changed (no recompute since the
                                     * tracked data was last cleared). */
};

void lr_stateful_table_init(struct lr_stateful_table *);
void lr_stateful_table_clear(struct lr_stateful_table *);
void lr_stateful_table_destroy(struct lr_stateful_table *);
void lr_stateful_table_build(struct lr_stateful_table *,
                             const struct northd_data *,
                             const struct lb_data *);

bool lr_stateful_sync_nat(struct lr_stateful_table *,
                          const struct northd_data *,
                          const struct hmapx *updated_nats);
bool lr_stateful_concerns(const struct lr_stateful_table *,
                          const struct northd_lb *);
bool lr_stateful_sync_lbs(struct lr_stateful_table *,
                          const struct northd_data *,
                          const struct lb_data *);

const struct lr_stateful *lr_stateful_find(const struct lr_stateful_table *,
                                           const struct ovn_datapath *);

char *lr_lb_address_set_name(const struct ovn_datapath *, int family);

#endif /* northd/lr-stateful.h */
