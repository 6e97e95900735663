/* ls-mirror.c: port mirroring in logical switches.
 *
 * This module owns the flows of stages ls_in_mirror and ls_out_mirror,
 * which copy the traffic that mirror rules select to their mirror ports.
 * Without mirror rules they pass packets on. */

#include <config.h>

#include "northd/lflow-build.h"
#include "northd/lflow-mgr.h"
#include "northd/northd.h"

/* Flows of switch 'od' as a whole. */
static void
build_mirror_od(const struct ovn_datapath *od,
                const struct lflow_build_input *input OVS_UNUSED,
                struct lflow_table *lflows)
{
    if (!od->nbs) {
        return;
    }
    ovn_lflow_add(lflows, od, S_SWITCH_IN_MIRROR, 0, "1", "next;",
                  od->lflow_ref);
    ovn_lflow_add(lflows, od, S_SWITCH_OUT_MIRROR, 0, "1", "next;",
                  od->lflow_ref);
}

/* The family. */
const struct lflow_stage_family ls_mirror_family = {
    .name = "ls_mirror",
    .build_datapath = build_mirror_od,
};
