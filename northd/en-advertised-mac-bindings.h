/* en-advertised-mac-bindings.h: the "advertised_mac_binding_sync" engine
 * node (see en-advertised-mac-bindings.c). */

#ifndef NORTHD_EN_ADVERTISED_MAC_BINDINGS_H
#define NORTHD_EN_ADVERTISED_MAC_BINDINGS_H 1

#include "inc-proc-eng.h"

/* The nodes that the "advertised_mac_binding_sync" node takes as
 * inputs. */
struct advertised_mac_bindings_inputs {
    struct engine_node *northd;                     /* "northd". */
    struct engine_node *sb_advertised_mac_binding;  /* SB
                                                     * Advertised_MAC_Binding.
                                                     */
};

struct engine_node *en_advertised_mac_bindings_create(
    struct engine *, const struct advertised_mac_bindings_inputs *);

#endif /* northd/en-advertised-mac-bindings.h */
