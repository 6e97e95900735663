/* lb.h: Northbound load balancers as ovn-northd understands them.
 *
 * This module owns the parsed form of Northbound Load_Balancer and
 * Load_Balancer_Group rows, which every part of ovn-northd that deals
 * with load balancing (switch stages, router DNAT stages, service
 * monitors, the Southbound Load_Balancer table) works from:
 *
 *   - each VIP ("vips" key) as an address family, address and optional
 *     port, or as template variable references ("^vip:^port");
 *   - its backends, with the health check (Load_Balancer_Health_Check
 *     whose "vip" is the VIP's key) and the logical port and source IP
 *     that probe each backend (ip_port_mappings);
 *   - the options that change flows: reject, event, affinity_timeout,
 *     skip_snat, hairpin_snat_ip, neighbor_responder, add_route, template,
 *     address-family, and selection_fields in the form that ct_lb_mark's
 *     hash_fields takes.
 *
 * VIPs that do not parse, and VIPs with a backend that does not parse or
 * whose address family differs, are logged and left out (the Southbound
 * Load_Balancer row still copies every VIP as written).
 *
 * The datapaths a load balancer applies to (bitmaps over the index of
 * 'struct ovn_datapath') and its logical flow owner are kept here too, but
 * maintained by the "lb_data" engine node (en-lb-data.c). */

#ifndef NORTHD_LB_H
#define NORTHD_LB_H 1

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "openvswitch/hmap.h"
#include "uuid.h"

struct ds;
struct smap;
struct lflow_ref;
struct nbrec_load_balancer;
struct nbrec_load_balancer_group;
struct nbrec_load_balancer_health_check;
struct ovn_datapath;
struct svc_monitors;

/* One backend of a VIP. */
/* Set when the affinity table knows the client of a new connection to a
 * load balancer VIP (switches and routers both use reg9[6]). */
#define REGBIT_KNOWN_LB_SESSION "reg9[6]"

struct northd_lb_backend {
    char *ip_str;           /* Address without brackets, or a template
                             * reference ("^name"). */
    struct in6_addr ip;     /* Address, IPv4-mapped for IPv4; all-zero for
                             * templates. */
    char *port_str;         /* Port as written, or NULL if none. */
    uint16_t port;          /* Port, 0 if none or a template. */

    /* Health checking: set when the VIP has a health check and
     * ip_port_mappings names how to reach this backend. */
    bool health_check;      /* Probed by a service monitor. */
    char *svc_mon_lport;    /* Logical port the probes go out of. */
    char *svc_mon_src_ip;   /* Source IP of the probes, no brackets. */
    char *svc_mon_az;       /* Availability zone of a remote backend, or
                             * NULL for a local one. */
};

/* One VIP of a load balancer. */
struct northd_lb_vip {
    char *key;              /* The "vips" key, as written. */
    char *backends_str;     /* The "vips" value, as written. */
    char *vip_str;          /* Address without brackets, or a template
                             * reference. */
    struct in6_addr vip;    /* Address, IPv4-mapped for IPv4; all-zero for
                             * templates. */
    int address_family;     /* AF_INET or AF_INET6. */
    char *port_str;         /* Port (or template reference), or NULL. */
    uint16_t port;          /* Port, 0 if none or a template. */

    struct northd_lb_backend *backends;  /* Parsed backends. */
    size_t n_backends;                   /* Number of 'backends'. */

    /* The health check of this VIP, or NULL. */
    const struct nbrec_load_balancer_health_check *health_check;
};

/* A parsed Northbound Load_Balancer. */
struct northd_lb {
    struct hmap_node hmap_node; /* In "lb_data" 'lbs', by 'uuid'. */
    struct uuid uuid;           /* UUID of the Northbound row (also that of
                                 * its Southbound copy). */
    const struct nbrec_load_balancer *nlb;  /* The Northbound row. */

    const char *proto;          /* "tcp", "udp" or "sctp" ("tcp" when the
                                 * column is empty). */
    uint8_t ip_proto;           /* IP protocol number of 'proto'. */
    bool is_template;           /* options:template=true. */
    int address_family;         /* Of a template's VIPs (options:
                                 * address-family), AF_INET by default. */

    struct northd_lb_vip *vips; /* VIPs that parsed. */
    size_t n_vips;              /* Number of 'vips'. */
    bool has_health_check;      /* Some VIP has a health check. */

    char *hash_fields;          /* selection_fields as ct_lb_mark's
                                 * hash_fields (tp_* made protocol
                                 * specific), or NULL. */
    uint16_t affinity_timeout;  /* Seconds, 0 without affinity. */
    bool reject;                /* options:reject: reject packets to VIPs
                                 * without (live) backends. */
    bool controller_event;      /* options:event: report packets to VIPs
                                 * without backends to ovn-controller. */
    bool skip_snat;             /* options:skip_snat. */
    bool add_route;             /* options:add_route. */
    const char *neighbor_responder;  /* options:neighbor_responder, or
                                      * NULL. */
    const char *hairpin_snat_ip;     /* options:hairpin_snat_ip, or NULL. */

    /* Where it applies: bitmaps over the datapaths' 'index', maintained by
     * en-lb-data.c. */
    unsigned long *ls_direct;   /* Switches listing it themselves. */
    unsigned long *lr_direct;   /* Routers listing it themselves. */
    unsigned long *ls_map;      /* Every switch it applies to (directly,
                                 * through groups, or through routers with
                                 * NB_Global install_ls_lb_from_router). */
    size_t n_ls;                /* Bits set in 'ls_map'. */
    unsigned long *lr_map;      /* Every router it applies to. */
    size_t n_lr;                /* Bits set in 'lr_map'. */
    struct northd_lb_group **groups;  /* Groups it belongs to. */
    size_t n_groups;            /* Number of 'groups'. */
    size_t allocated_groups;    /* Capacity of 'groups'. */

    struct lflow_ref *lflow_ref;  /* Flows built for it. */
};

/* A parsed Northbound Load_Balancer_Group. */
struct northd_lb_group {
    struct hmap_node hmap_node; /* In "lb_data" 'lb_groups', by 'uuid'. */
    struct uuid uuid;           /* UUID of the Northbound row. */
    const struct nbrec_load_balancer_group *nlbg;  /* The Northbound row. */
    struct northd_lb **lbs;     /* Its load balancers. */
    size_t n_lbs;               /* Number of 'lbs'. */
    unsigned long *ls_map;      /* Switches that list the group. */
    unsigned long *lr_map;      /* Routers that list the group. */
};

struct northd_lb *northd_lb_create(const struct nbrec_load_balancer *);
void northd_lb_reparse(struct northd_lb *);
void northd_lb_destroy(struct northd_lb *);
struct northd_lb *northd_lb_find(const struct hmap *lbs,
                                 const struct uuid *);

struct northd_lb_group *northd_lb_group_find(const struct hmap *groups,
                                             const struct uuid *);

bool lb_has_vip(const struct nbrec_load_balancer *);
bool ls_has_lb_vip(const struct ovn_datapath *);

/* Formatting helpers shared by switch and router stages. */
void northd_lb_vip_format(const struct northd_lb_vip *, struct ds *);
bool northd_lb_empty_event_flow(const struct northd_lb *,
                                const struct northd_lb_vip *,
                                const struct smap *nb_options,
                                struct ds *match, struct ds *actions);
void northd_lb_aff_learn_flow(const struct northd_lb *,
                              const struct northd_lb_vip *,
                              const struct northd_lb_backend *,
                              const char *reg_vip, const char *reg_port,
                              struct ds *match, struct ds *actions);
void northd_lb_backend_format(const struct northd_lb_vip *,
                              const struct northd_lb_backend *,
                              struct ds *);
bool northd_lb_backend_is_active(const struct northd_lb *,
                                 const struct northd_lb_backend *,
                                 const struct svc_monitors *);
bool northd_lb_vip_put_backends(const struct northd_lb *,
                                const struct northd_lb_vip *,
                                const struct svc_monitors *,
                                struct ds *);

#endif /* northd/lb.h */
