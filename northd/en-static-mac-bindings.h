/* en-static-mac-bindings.h: the "sync_to_sb_static_mac_binding" engine
 * node (see en-static-mac-bindings.c). */

#ifndef NORTHD_EN_STATIC_MAC_BINDINGS_H
#define NORTHD_EN_STATIC_MAC_BINDINGS_H 1

#include "inc-proc-eng.h"

struct engine_node *en_static_mac_bindings_create(
    struct engine *, struct engine_node *nb_static_mac_binding,
    struct engine_node *northd, struct engine_node *sb_static_mac_binding);

#endif /* northd/en-static-mac-bindings.h */
