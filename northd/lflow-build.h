/* lflow-build.h: how stage modules plug into logical flow building.
 *
 * This module owns the list of stage families (each a module such as
 * ls-port-security.c or ls-l2.c that writes the flows of a group of
 * related stages) and the order in which their builders run.
 *
 * A stage family provides up to two builders:
 *
 *   - build_datapath(od, input, lflows) adds the flows that datapath 'od'
 *     needs as a whole, on behalf of 'od->lflow_ref';
 *
 *   - build_port(op, input, lflows) adds the flows that port 'op' needs,
 *     on behalf of 'op->lflow_ref'.
 *
 * A full recompute runs every family's datapath builder for every
 * datapath, then its port builder for every port.  When a port changes
 * incrementally (see northd_handle_lsp_changes()), only the port builders
 * run again, for that port.  So a port builder may read anything about its
 * own port and its datapath's settings, while a datapath builder may depend
 * on its ports only through the summaries in 'struct ovn_datapath' (counts
 * of unknown, localnet, router... ports): northd_handle_lsp_changes()
 * falls back to a full recompute for port changes that would alter them.
 * A family that needs more (say, ACLs or load balancers) adds its inputs to
 * 'struct lflow_build_input' and its own change handler to the "lflow"
 * engine node.
 *
 * With ovn-northd --n-threads, a full recompute runs builders on several
 * threads at once (lflow-build-threads.c), so a builder must change
 * nothing but the table it adds to: everything else it reads is shared. */

#ifndef NORTHD_LFLOW_BUILD_H
#define NORTHD_LFLOW_BUILD_H 1

#include <stddef.h>

struct global_config;
struct hmap;
struct ovsdb_idl;
struct lflow_table;
struct ovn_datapath;
struct ovn_datapaths;
struct ovn_port;
struct ls_acl_data;
struct sset;
struct lb_data;
struct northd_lb;
struct svc_monitors;
struct lr_stateful_table;
struct acl_owner;
struct learned_routes;

/* What flow builders read. */
struct lflow_build_input {
    const struct ovn_datapaths *datapaths;  /* All datapaths. */
    const struct hmap *ports;               /* All ports, by name. */
    const struct global_config *config;     /* Global settings. */
    struct ovsdb_idl *nb_idl;               /* Northbound, read only. */
    struct ovsdb_idl *sb_idl;               /* Southbound, read only. */
    const struct ls_acl_data *ls_acls;      /* Which ACLs apply to which
                                             * switches (ls-acl-data.h). */
    const struct sset *bfd_ports;           /* Names of the router ports
                                             * with BFD sessions (en-bfd.c),
                                             * or NULL. */
    const struct lb_data *lb_data;          /* Load balancers and where
                                             * they apply (en-lb-data.h), or
                                             * NULL. */
    const struct svc_monitors *svc_monitors;  /* Health of load balancer
                                               * backends
                                               * (en-svc-monitors.h), or
                                               * NULL. */
    const struct lr_stateful_table *lr_stateful;  /* NAT and load balancer
                                                   * state of routers
                                                   * (lr-stateful.h), or
                                                   * NULL. */
    const struct learned_routes *learned_routes;  /* Routes learned by
                                                   * dynamic routing
                                                   * (en-learned-routes.h),
                                                   * or NULL. */
};

/* A family of stages and its builders (either may be NULL). */
struct lflow_stage_family {
    const char *name;       /* For debugging. */
    void (*build_datapath)(const struct ovn_datapath *,
                           const struct lflow_build_input *,
                           struct lflow_table *);
    void (*build_port)(const struct ovn_port *,
                       const struct lflow_build_input *,
                       struct lflow_table *);
    /* Adds the flows that load balancer 'lb' needs wherever it applies
     * ('lb->ls_map', 'lb->lr_map'), on behalf of 'lb->lflow_ref'. */
    void (*build_lb)(const struct northd_lb *lb,
                     const struct lflow_build_input *,
                     struct lflow_table *);
};

/* The families, defined by their modules. */
extern const struct lflow_stage_family ls_port_security_family;
extern const struct lflow_stage_family ls_fdb_family;
extern const struct lflow_stage_family ls_acl_family;
extern const struct lflow_stage_family ls_lb_family;
extern const struct lflow_stage_family ls_stateful_family;
extern const struct lflow_stage_family ls_network_function_family;
extern const struct lflow_stage_family ls_qos_family;
extern const struct lflow_stage_family ls_mirror_family;
extern const struct lflow_stage_family ls_arp_nd_family;
extern const struct lflow_stage_family ls_dhcp_family;
extern const struct lflow_stage_family ls_dns_family;
extern const struct lflow_stage_family ls_external_port_family;
extern const struct lflow_stage_family ls_vtep_family;
extern const struct lflow_stage_family ls_evpn_family;
extern const struct lflow_stage_family ls_mcast_family;
extern const struct lflow_stage_family ls_fwd_group_family;
extern const struct lflow_stage_family ls_l2_family;
extern const struct lflow_stage_family ls_routing_redirect_family;
extern const struct lflow_stage_family ls_router_ports_family;
extern const struct lflow_stage_family lr_admission_family;
extern const struct lflow_stage_family lr_ip_input_family;
extern const struct lflow_stage_family lr_dhcp_relay_family;
extern const struct lflow_stage_family lr_nd_ra_family;
extern const struct lflow_stage_family lr_routing_family;
extern const struct lflow_stage_family lr_mcast_family;
extern const struct lflow_stage_family lr_policy_family;
extern const struct lflow_stage_family lr_arp_resolve_family;
extern const struct lflow_stage_family lr_gw_mtu_family;
extern const struct lflow_stage_family lr_egress_family;
extern const struct lflow_stage_family lr_nat_family;
extern const struct lflow_stage_family lr_nat_arp_family;
extern const struct lflow_stage_family lr_lb_family;
extern const struct lflow_stage_family lr_ecmp_stateful_family;

void lflow_build_all(const struct lflow_build_input *, struct lflow_table *,
                     size_t n_threads);
void lflow_build_datapath(const struct ovn_datapath *,
                          const struct lflow_build_input *,
                          struct lflow_table *);
void lflow_build_port(const struct ovn_port *,
                      const struct lflow_build_input *,
                      struct lflow_table *);
void lflow_build_lb(const struct northd_lb *,
                    const struct lflow_build_input *,
                    struct lflow_table *);

/* Splitting a full build into jobs, for threads (lflow-build-threads.c).
 * Running the jobs of a plan in order, each adding to the same table, is
 * a full build. */

/* What a job builds. */
enum lflow_build_job_kind {
    LFLOW_JOB_DATAPATHS,    /* One family's datapath builder, for a range
                             * of datapaths. */
    LFLOW_JOB_PORTS,        /* Every port builder, for a range of the
                             * plan's 'ports'. */
    LFLOW_JOB_ACLS,         /* A range of the plan's 'acl_owners'. */
    LFLOW_JOB_LBS,          /* A range of the plan's 'lbs'. */
};

/* One slice of a full build. */
struct lflow_build_job {
    enum lflow_build_job_kind kind;  /* What it builds. */
    size_t family;          /* LFLOW_JOB_DATAPATHS: the family's index. */
    size_t begin;           /* First item (datapath, port, ACL or load
                             * balancer index). */
    size_t end;             /* One past the last item. */
};

/* A full build as an ordered list of jobs. */
struct lflow_build_plan {
    struct lflow_build_job *jobs;    /* The jobs, in order. */
    size_t n_jobs;                   /* Number of 'jobs'. */
    size_t allocated_jobs;           /* Capacity of 'jobs'. */
    const struct ovn_port **ports;   /* Every port, datapath by datapath. */
    size_t n_ports;                  /* Number of 'ports'. */
    const struct acl_owner **acl_owners;  /* Every ACL owner. */
    size_t n_acl_owners;             /* Number of 'acl_owners'. */
    const struct northd_lb **lbs;    /* Every load balancer. */
    size_t n_lbs;                    /* Number of 'lbs'. */
};

void lflow_build_plan_init(struct lflow_build_plan *,
                           const struct lflow_build_input *, size_t chunk);
void lflow_build_plan_destroy(struct lflow_build_plan *);
void lflow_build_run_job(const struct lflow_build_plan *,
                         const struct lflow_build_job *,
                         const struct lflow_build_input *,
                         struct lflow_table *);
void lflow_build_all_threaded(const struct lflow_build_input *,
                              struct lflow_table *, size_t n_threads);

#endif /* northd/lflow-build.h */
