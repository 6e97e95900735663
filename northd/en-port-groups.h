/* en-port-groups.h: the "port_group" engine node (see en-port-groups.c). */

#ifndef NORTHD_EN_PORT_GROUPS_H
#define NORTHD_EN_PORT_GROUPS_H 1

#include <stdbool.h>

#include "inc-proc-eng.h"

struct nbrec_port_group;
struct ovsdb_idl;

struct engine_node *en_port_groups_create(struct engine *,
                                          struct engine_node *nb_port_group,
                                          struct engine_node *northd,
                                          struct engine_node *sb_port_group);
bool nb_switch_port_deleted(struct ovsdb_idl *nb_idl);
bool port_group_members_may_differ(const struct nbrec_port_group *,
                                   bool ports_deleted);
bool port_group_renamed(struct ovsdb_idl *nb_idl);

#endif /* northd/en-port-groups.h */
