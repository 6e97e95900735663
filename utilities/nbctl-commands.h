/* nbctl-commands.h: the command groups of ovn-nbctl.
 *
 * Each group of ovn-nbctl commands lives in a file of its own (named
 * nbctl-GROUP.c) that defines the group's null-terminated array of
 * db-ctl-base command syntaxes and the group's --help section; a file
 * whose code serves two groups alike (nbctl-datapath.c) defines both.
 * ovn-nbctl.c lists the groups, in the order in which --help shows
 * them.
 *
 * To add a group: write utilities/nbctl-GROUP.c defining
 * nbctl_GROUP_commands[] and nbctl_GROUP_help[], declare both here, add
 * the group to 'nbctl_groups' in ovn-nbctl.c and the file to
 * utilities_ovn_nbctl_SOURCES in utilities/automake.mk.  Commands find
 * switches, routers, ports, ... with the helpers in nbctl-lookup.h. */

#ifndef NBCTL_COMMANDS_H
#define NBCTL_COMMANDS_H 1

#include "db-ctl-base.h"

/* init, show, sync (nbctl-general.c). */
extern const struct ctl_command_syntax nbctl_general_commands[];
extern const char nbctl_general_help[];

/* ls-add, ls-del, ls-list (nbctl-datapath.c). */
extern const struct ctl_command_syntax nbctl_switch_commands[];
extern const char nbctl_switch_help[];

/* lsp-* (nbctl-switch-port.c). */
extern const struct ctl_command_syntax nbctl_switch_port_commands[];
extern const char nbctl_switch_port_help[];

/* lsp-hc-* (nbctl-lsp-health-check.c). */
extern const struct ctl_command_syntax nbctl_lsp_health_check_commands[];
extern const char nbctl_lsp_health_check_help[];

/* fwd-group-* (nbctl-fwd-group.c). */
extern const struct ctl_command_syntax nbctl_fwd_group_commands[];
extern const char nbctl_fwd_group_help[];

/* lr-add, lr-del, lr-list (nbctl-datapath.c). */
extern const struct ctl_command_syntax nbctl_router_commands[];
extern const char nbctl_router_help[];

/* lrp-* (nbctl-router-port.c). */
extern const struct ctl_command_syntax nbctl_router_port_commands[];
extern const char nbctl_router_port_help[];

/* lr-route-* (nbctl-route.c). */
extern const struct ctl_command_syntax nbctl_route_commands[];
extern const char nbctl_route_help[];

/* lr-policy-* (nbctl-policy.c). */
extern const struct ctl_command_syntax nbctl_policy_commands[];
extern const char nbctl_policy_help[];

/* lr-nat-* (nbctl-nat.c). */
extern const struct ctl_command_syntax nbctl_nat_commands[];
extern const char nbctl_nat_help[];

/* ls-lb-*, lr-lb-* (nbctl-lb-attach.c): no --help section of their own,
 * the load balancer section lists them. */
extern const struct ctl_command_syntax nbctl_lb_attach_commands[];

/* ha-chassis-group-* (nbctl-ha-chassis-group.c). */
extern const struct ctl_command_syntax nbctl_ha_chassis_group_commands[];
extern const char nbctl_ha_chassis_group_help[];

/* static-mac-binding-* (nbctl-static-mac-binding.c). */
extern const struct ctl_command_syntax nbctl_static_mac_binding_commands[];
extern const char nbctl_static_mac_binding_help[];

/* acl-add, acl-del, acl-list (nbctl-acl.c). */
extern const struct ctl_command_syntax nbctl_acl_commands[];
extern const char nbctl_acl_help[];

/* qos-add, qos-del, qos-list (nbctl-qos.c). */
extern const struct ctl_command_syntax nbctl_qos_commands[];
extern const char nbctl_qos_help[];

/* mirror-* (nbctl-mirror.c). */
extern const struct ctl_command_syntax nbctl_mirror_commands[];
extern const char nbctl_mirror_help[];

/* meter-add, meter-del, meter-list (nbctl-meter.c). */
extern const struct ctl_command_syntax nbctl_meter_commands[];
extern const char nbctl_meter_help[];

/* lb-add, lb-del, lb-list (nbctl-lb.c); the help also lists ls-lb-* and
 * lr-lb-*. */
extern const struct ctl_command_syntax nbctl_lb_commands[];
extern const char nbctl_lb_help[];

/* dhcp-options-* (nbctl-dhcp.c). */
extern const struct ctl_command_syntax nbctl_dhcp_commands[];
extern const char nbctl_dhcp_help[];

/* pg-* (nbctl-port-group.c). */
extern const struct ctl_command_syntax nbctl_port_group_commands[];
extern const char nbctl_port_group_help[];

/* copp-*, ls-copp-*, lr-copp-* (nbctl-copp.c). */
extern const struct ctl_command_syntax nbctl_copp_commands[];
extern const char nbctl_copp_help[];

/* nf-*, nfg-* (nbctl-nf.c). */
extern const struct ctl_command_syntax nbctl_nf_commands[];
extern const char nbctl_nf_help[];

#endif /* nbctl-commands.h */
