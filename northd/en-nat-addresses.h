/* en-nat-addresses.h: the "sync_to_sb_pb" engine node (see
 * en-nat-addresses.c). */

#ifndef NORTHD_EN_NAT_ADDRESSES_H
#define NORTHD_EN_NAT_ADDRESSES_H 1

#include "inc-proc-eng.h"

/* The nodes that the "sync_to_sb_pb" node takes as inputs. */
struct nat_addresses_inputs {
    struct engine_node *northd;             /* "northd". */
    struct engine_node *lr_stateful;        /* "lr_stateful". */
    struct engine_node *sb_port_binding;    /* SB Port_Binding. */
};

struct engine_node *en_nat_addresses_create(
    struct engine *, const struct nat_addresses_inputs *);

#endif /* northd/en-nat-addresses.h */
