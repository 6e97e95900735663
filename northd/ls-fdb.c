/* ls-fdb.c: MAC learning (FDB) stages of logical switches.
 *
 * This module owns the flows of stages ls_in_lookup_fdb, ls_in_put_fdb,
 * ls_out_lookup_fdb and ls_out_put_fdb, which learn the source MACs of
 * ports that accept unknown addresses into the Southbound FDB table.
 * Without such ports they only pass packets on. */

#include <config.h>

#include "northd/lflow-build.h"
#include "northd/lflow-mgr.h"
#include "northd/northd.h"

/* Flows of switch 'od' as a whole. */
static void
build_fdb_od(const struct ovn_datapath *od,
             const struct lflow_build_input *input OVS_UNUSED,
             struct lflow_table *lflows)
{
    if (!od->nbs) {
        return;
    }
    struct lflow_ref *ref = od->lflow_ref;
    ovn_lflow_add(lflows, od, S_SWITCH_IN_LOOKUP_FDB, 0, "1", "next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_IN_PUT_FDB, 0, "1", "next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_OUT_LOOKUP_FDB, 0, "1", "next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_OUT_PUT_FDB, 0, "1", "next;", ref);
}

/* The family. */
const struct lflow_stage_family ls_fdb_family = {
    .name = "ls_fdb",
    .build_datapath = build_fdb_od,
};
