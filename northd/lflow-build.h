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
 * engine node. */

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

/* What flow builders read. */
struct lflow_build_input {
    const struct ovn_datapaths *datapaths;  /* All datapaths. */
    const struct hmap *ports;               /* All ports, by name. */
    const struct global_config *config;     /* Global settings. */
    struct ovsdb_idl *nb_idl;               /* Northbound, read only. */
    struct ovsdb_idl *sb_idl;               /* Southbound, read only. */
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
extern const struct lflow_stage_family ls_dhcp_dns_family;
extern const struct lflow_stage_family ls_l2_family;

void lflow_build_all(const struct lflow_build_input *, struct lflow_table *);
void lflow_build_port(const struct ovn_port *,
                      const struct lflow_build_input *,
                      struct lflow_table *);

#endif /* northd/lflow-build.h */
