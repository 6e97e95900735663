/* ha-chassis-groups.h: Southbound HA chassis groups (see
 * ha-chassis-groups.c). */

#ifndef NORTHD_HA_CHASSIS_GROUPS_H
#define NORTHD_HA_CHASSIS_GROUPS_H 1

struct northd_context;
struct northd_data;
struct ovn_port;
struct sbrec_ha_chassis_group;

const char *ovn_port_ha_chassis_group_name(const struct ovn_port *);
void ha_chassis_groups_sync(const struct northd_data *,
                            const struct northd_context *);
const struct sbrec_ha_chassis_group *ha_chassis_group_lookup(
    const struct northd_context *, const char *name);

#endif /* northd/ha-chassis-groups.h */
