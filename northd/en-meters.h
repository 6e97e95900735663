/* en-meters.h: the "sync_meters" engine node (see en-meters.c). */

#ifndef NORTHD_EN_METERS_H
#define NORTHD_EN_METERS_H 1

#include "inc-proc-eng.h"

struct engine_node *en_meters_create(struct engine *,
                                     struct engine_node *nb_meter,
                                     struct engine_node *nb_meter_band,
                                     struct engine_node *nb_acl,
                                     struct engine_node *sb_meter);

#endif /* northd/en-meters.h */
