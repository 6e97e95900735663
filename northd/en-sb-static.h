/* en-sb-static.h: the "sb_static_tables" engine node (see
 * en-sb-static.c). */

#ifndef NORTHD_EN_SB_STATIC_H
#define NORTHD_EN_SB_STATIC_H 1

#include "inc-proc-eng.h"

struct engine_node *en_sb_static_create(struct engine *,
                                        struct engine_node *rbac_role,
                                        struct engine_node *rbac_permission,
                                        struct engine_node *dhcp_options,
                                        struct engine_node *dhcpv6_options);

#endif /* northd/en-sb-static.h */
