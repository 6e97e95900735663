/* en-address-sets.h: the "sync_to_sb_addr_set" engine node (see
 * en-address-sets.c). */

#ifndef NORTHD_EN_ADDRESS_SETS_H
#define NORTHD_EN_ADDRESS_SETS_H 1

#include "inc-proc-eng.h"

/* The nodes that the "sync_to_sb_addr_set" node takes as inputs. */
struct address_set_inputs {
    struct engine_node *nb_address_set;   /* NB Address_Set. */
    struct engine_node *nb_port_group;    /* NB Port_Group. */
    struct engine_node *global_config;    /* "global_config". */
    struct engine_node *northd;           /* "northd". */
    struct engine_node *lr_stateful;      /* "lr_stateful". */
    struct engine_node *sb_address_set;   /* SB Address_Set. */
};

struct engine_node *en_address_sets_create(
    struct engine *, const struct address_set_inputs *);

#endif /* northd/en-address-sets.h */
