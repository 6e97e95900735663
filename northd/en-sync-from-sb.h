/* en-sync-from-sb.h: the "sync_from_sb" engine node (see
 * en-sync-from-sb.c). */

#ifndef NORTHD_EN_SYNC_FROM_SB_H
#define NORTHD_EN_SYNC_FROM_SB_H 1

#include "inc-proc-eng.h"

struct engine_node *en_sync_from_sb_create(struct engine *,
                                           struct engine_node *northd,
                                           struct engine_node *sb_port_binding,
                                           struct engine_node *sb_chassis);

#endif /* northd/en-sync-from-sb.h */
