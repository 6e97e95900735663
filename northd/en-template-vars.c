/* en-template-vars.c: the "sync_to_sb_template_var" engine node.
 *
 * This module owns the Southbound Chassis_Template_Var table, a copy of
 * the Northbound one (chassis name and variables): ovn-controller on each
 * chassis expands the "^name" references of logical flows (load balancer
 * templates) with the variables of its own row.  Rows that others write
 * into the Southbound table are put right. */

#include <config.h>

#include "northd/en-template-vars.h"

#include "lib/ovn-nb-idl.h"
#include "lib/ovn-sb-idl.h"
#include "northd/inc-proc-northd.h"
#include "openvswitch/shash.h"
#include "smap.h"
#include "util.h"

/* Makes the Southbound table a copy of the Northbound one. */
static enum engine_node_state
en_template_vars_run(struct engine_node *node, void *data OVS_UNUSED)
{
    const struct northd_engine_context *eng = engine_get_context(node);
    struct shash nb_vars = SHASH_INITIALIZER(&nb_vars);

    const struct nbrec_chassis_template_var *nb;
    NBREC_CHASSIS_TEMPLATE_VAR_FOR_EACH (nb, eng->nb_idl) {
        shash_add_once(&nb_vars, nb->chassis, nb);
    }

    const struct sbrec_chassis_template_var *sb;
    SBREC_CHASSIS_TEMPLATE_VAR_FOR_EACH_SAFE (sb, eng->sb_idl) {
        nb = shash_find_and_delete(&nb_vars, sb->chassis);
        if (!nb) {
            sbrec_chassis_template_var_delete(sb);
        } else if (!smap_equal(&sb->variables, &nb->variables)) {
            sbrec_chassis_template_var_set_variables(sb, &nb->variables);
        }
    }

    struct shash_node *sn;
    SHASH_FOR_EACH (sn, &nb_vars) {
        nb = sn->data;
        sb = sbrec_chassis_template_var_insert(eng->ovnsb_txn);
        sbrec_chassis_template_var_set_chassis(sb, nb->chassis);
        sbrec_chassis_template_var_set_variables(sb, &nb->variables);
    }
    shash_destroy(&nb_vars);
    return EN_UPDATED;
}

/* What the node does. */
static const struct engine_node_ops en_template_vars_ops = {
    .run = en_template_vars_run,
};

/* Adds the "sync_to_sb_template_var" node and its inputs to 'engine'. */
struct engine_node *
en_template_vars_create(struct engine *engine,
                        struct engine_node *nb_chassis_template_var,
                        struct engine_node *sb_chassis_template_var)
{
    struct engine_node *node = engine_add_node(
        engine, "sync_to_sb_template_var", &en_template_vars_ops);
    engine_add_input(node, nb_chassis_template_var, NULL);
    engine_add_input(node, sb_chassis_template_var, NULL);
    return node;
}
