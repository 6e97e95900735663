/* en-template-vars.h: the "sync_to_sb_template_var" engine node (see
 * en-template-vars.c). */

#ifndef NORTHD_EN_TEMPLATE_VARS_H
#define NORTHD_EN_TEMPLATE_VARS_H 1

#include "inc-proc-eng.h"

struct engine_node *en_template_vars_create(
    struct engine *, struct engine_node *nb_chassis_template_var,
    struct engine_node *sb_chassis_template_var);

#endif /* northd/en-template-vars.h */
