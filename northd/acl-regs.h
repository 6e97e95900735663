/* acl-regs.h: the registers that the ACL stages of logical switches use.
 *
 * This module owns the names of the register bits and fields through which
 * the ACL stages (pre-ACL, hints, evaluation, sampling, action), the
 * stateful stages and the network function stages talk to each other.
 * They are interfaces: ovn-controller, ovn-trace and ovn-detrace users see
 * them in logical flows. */

#ifndef NORTHD_ACL_REGS_H
#define NORTHD_ACL_REGS_H 1

/* Pre-stateful: send the packet to conntrack (defragmenting it). */
#define REGBIT_CONNTRACK_DEFRAG     "reg0[0]"
/* Stateful: commit the connection. */
#define REGBIT_CONNTRACK_COMMIT     "reg0[1]"

/* ACL hints: what kind of ACL the packet may match. */
#define REGBIT_ACL_HINT_ALLOW_NEW   "reg0[7]"   /* Allow, new connection. */
#define REGBIT_ACL_HINT_ALLOW       "reg0[8]"   /* Allow, known one. */
#define REGBIT_ACL_HINT_DROP        "reg0[9]"   /* Drop, not committed. */
#define REGBIT_ACL_HINT_BLOCK       "reg0[10]"  /* Drop, committed: mark it
                                                 * blocked. */

/* Commit the ACL's label or sampling IDs with the connection. */
#define REGBIT_ACL_OBS_LABEL        "reg0[13]"
/* An "allow-stateless" ACL matched: skip conntrack. */
#define REGBIT_ACL_STATELESS        "reg0[16]"
/* Reply or related traffic of an allowed connection (for the ACLs after
 * load balancing). */
#define REGBIT_ACL_HINT_ALLOW_REL   "reg0[17]"
/* Commit the connection as one that later ACL changes do not cut. */
#define REGBIT_ACL_PERSIST_ID       "reg0[20]"
/* A connection committed as such (for the ACLs after load balancing). */
#define REGBIT_ACL_ALLOW_EST        "reg0[21]"
/* Network function group of the connection. */
#define REG_NF_ID                   "reg0[22..29]"

/* ACL ID of a persistent connection. */
#define REG_ACL_ID                  "reg2[16..31]"

/* Sampling: observation point of new and established connections,
 * collectors, and the stage that matched. */
#define REG_OBS_POINT_ID_NEW        "reg3"
#define REG_OBS_POINT_ID_EST        "reg9"
#define REG_OBS_COLLECTOR_ID_NEW    "reg8[0..7]"
#define REG_OBS_COLLECTOR_ID_EST    "reg8[8..15]"
#define REG_OBS_STAGE               "reg8[19..20]"

/* ACL verdicts, acted on by the ACL action stages. */
#define REGBIT_ACL_VERDICT_ALLOW    "reg8[16]"
#define REGBIT_ACL_VERDICT_DROP     "reg8[17]"
#define REGBIT_ACL_VERDICT_REJECT   "reg8[18]"

/* Network functions: the connection goes through one; the packet comes
 * back from one. */
#define REGBIT_NF_ENABLED           "reg8[21]"
#define REGBIT_NF_ORIG_DIR          "reg8[22]"

/* ACL tier being evaluated. */
#define REG_ACL_TIER                "reg8[30..31]"

/* Priorities of ACLs are offset by this much in logical flows, leaving room
 * for OVN's own flows below and above. */
#define OVN_ACL_PRI_OFFSET 1000

#endif /* northd/acl-regs.h */
