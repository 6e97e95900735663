/* sbctl-commands.h: the command groups of ovn-sbctl.
 *
 * Each group of ovn-sbctl commands lives in a file of its own (named
 * sbctl-GROUP.c) that defines the group's null-terminated array of
 * db-ctl-base command syntaxes and the group's --help section.
 * ovn-sbctl.c lists the groups, in the order in which --help shows them.
 * To add a group, declare it here, list it in 'sbctl_groups' and add its
 * file to utilities_ovn_sbctl_SOURCES. */

#ifndef SBCTL_COMMANDS_H
#define SBCTL_COMMANDS_H 1

#include "db-ctl-base.h"

/* init (ovn-sbctl.c). */
extern const struct ctl_command_syntax sbctl_general_commands[];
extern const char sbctl_general_help[];

/* chassis-add, chassis-del, lsp-bind, lsp-unbind (sbctl-chassis.c). */
extern const struct ctl_command_syntax sbctl_chassis_commands[];
extern const char sbctl_chassis_help[];

/* lflow-list, dump-flows, count-flows (sbctl-lflow.c). */
extern const struct ctl_command_syntax sbctl_lflow_commands[];
extern const char sbctl_lflow_help[];

/* ip-multicast-flush (sbctl-ip-mcast.c): no --help section, as in
 * upstream's --help. */
extern const struct ctl_command_syntax sbctl_ip_mcast_commands[];

#endif /* sbctl-commands.h */
