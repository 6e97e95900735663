/* sbctl-openflow.h: the OpenFlow flows that ovn-controller installed for
 * Southbound records, for ovn-sbctl's "--ovs" option.
 *
 * ovn-controller sets the cookie of every OpenFlow flow that it installs
 * on the integration bridge to the first 32 bits of the UUID of the
 * Southbound record (logical flow, port binding, ...) that the flow comes
 * from.  With "--ovs[=REMOTE]", lflow-list connects to the bridge over
 * OpenFlow (by default unix:$OVS_RUNDIR/br-int.mgmt) and prints, under
 * each record, the flows whose cookie is that record's. */

#ifndef SBCTL_OPENFLOW_H
#define SBCTL_OPENFLOW_H 1

#include <stdbool.h>

struct ds;
struct shash;
struct uuid;
struct vconn;

/* Opens the OpenFlow connection that the "--ovs" option in 'options'
 * asks for.  Returns NULL without "--ovs", or after logging a warning if
 * the connection fails (the records are then listed without flows). */
struct vconn *sbctl_openflow_open(const struct shash *options);

/* Appends to 's' the flows whose cookie is the first 32 bits of 'uuid',
 * one per line, indented by four spaces, in order of table and decreasing
 * priority.  With 'stats', each line is as "ovs-ofctl dump-flows" prints
 * it; otherwise only the table, match and actions. */
void sbctl_openflow_dump(struct vconn *, const struct uuid *uuid,
                         bool stats, struct ds *s);

#endif /* sbctl-openflow.h */
