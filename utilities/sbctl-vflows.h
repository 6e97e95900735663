/* sbctl-vflows.h: the Southbound records other than logical flows from
 * which ovn-controller makes OpenFlow flows, for "lflow-list --vflows".
 *
 * Besides logical flows, ovn-controller translates port bindings, MAC
 * bindings, multicast groups and chassis into OpenFlow flows directly.
 * "lflow-list --vflows" lists those records after the logical flows, in
 * one section per table, each record on one line (with --uuid, after the
 * first 32 bits of its UUID) and, with --ovs, followed by its OpenFlow
 * flows. */

#ifndef SBCTL_VFLOWS_H
#define SBCTL_VFLOWS_H 1

#include <stdbool.h>

struct ctl_context;
struct sbrec_datapath_binding;
struct vconn;

/* Appends the sections to ctx->output.  If 'only_dp' is nonnull, port
 * bindings, MAC bindings and multicast groups of other datapaths are left
 * out.  'vconn', if nonnull, is the connection to fetch OpenFlow flows
 * from (see sbctl-openflow.h), with statistics if 'stats'. */
void sbctl_vflows_print(struct ctl_context *ctx,
                        const struct sbrec_datapath_binding *only_dp,
                        struct vconn *vconn, bool stats, bool print_uuid);

#endif /* sbctl-vflows.h */
