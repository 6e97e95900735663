/* en-mac-binding-aging.h: the "mac_binding_aging" engine node (see
 * en-mac-binding-aging.c). */

#ifndef NORTHD_EN_MAC_BINDING_AGING_H
#define NORTHD_EN_MAC_BINDING_AGING_H 1

#include <stdint.h>

#include "inc-proc-eng.h"

/* The nodes that the "mac_binding_aging" node takes as inputs. */
struct mac_binding_aging_inputs {
    struct engine_node *northd;           /* "northd". */
    struct engine_node *global_config;    /* "global_config". */
    struct engine_node *sb_mac_binding;   /* SB MAC_Binding. */
};

struct engine_node *en_mac_binding_aging_create(
    struct engine *, const struct mac_binding_aging_inputs *);
uint64_t mac_binding_age_min_threshold(const char *config,
                                       const char *router);

#endif /* northd/en-mac-binding-aging.h */
