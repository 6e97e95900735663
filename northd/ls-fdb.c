/* ls-fdb.c: MAC learning (FDB) stages of logical switches.
 *
 * This module owns the flows of stages ls_in_lookup_fdb, ls_in_put_fdb,
 * ls_out_lookup_fdb and ls_out_put_fdb.  The switch learns, into the
 * Southbound FDB table, the source MACs seen on the ports that accept
 * unknown addresses without port security (plain VIFs, and localnet ports
 * with options:localnet_learn_fdb), so that later frames to those MACs go
 * to that port only (ls_in_l2_lkup's get_fdb()).  Frames that come in
 * through a localnet port are also marked (flags.localnet) here, for the
 * stages that answer only on the chassis of the owner. */

#include <config.h>

#include "lib/ovn-nb-idl.h"
#include "northd/lflow-build.h"
#include "northd/lflow-mgr.h"
#include "northd/northd.h"
#include "openvswitch/dynamic-string.h"
#include "smap.h"

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

/* Whether the switch learns MACs behind port 'op'. */
static bool
port_learns_macs(const struct ovn_port *op)
{
    const struct nbrec_logical_switch_port *nbsp = op->nbsp;
    if (op->n_ps_addrs || !op->has_unknown) {
        return false;
    }
    if (!nbsp->type[0]) {
        return true;
    }
    return (!strcmp(nbsp->type, "localnet")
            && smap_get_bool(&nbsp->options, "localnet_learn_fdb", false));
}

/* Flows of switch port 'op'. */
static void
build_fdb_op(const struct ovn_port *op,
             const struct lflow_build_input *input OVS_UNUSED,
             struct lflow_table *lflows)
{
    if (!op->nbsp) {
        return;
    }
    bool localnet = !strcmp(op->nbsp->type, "localnet");
    struct ds match = DS_EMPTY_INITIALIZER;
    ds_put_format(&match, "inport == %s", op->json_key);

    if (localnet) {
        /* Frames from the physical network. */
        ovn_lflow_add_with_lport_and_hint(lflows, op->od,
                                          S_SWITCH_IN_LOOKUP_FDB, 50,
                                          ds_cstr(&match),
                                          "flags.localnet = 1; next;",
                                          op->key, &op->nbsp->header_,
                                          op->lflow_ref);
    }

    if (port_learns_macs(op)) {
        ovn_lflow_add_with_lport_and_hint(
            lflows, op->od, S_SWITCH_IN_LOOKUP_FDB, 100, ds_cstr(&match),
            localnet
            ? "flags.localnet = 1; "
              "reg0[11] = lookup_fdb(inport, eth.src); next;"
            : "reg0[11] = lookup_fdb(inport, eth.src); next;",
            op->key, &op->nbsp->header_, op->lflow_ref);

        ds_put_cstr(&match, " && reg0[11] == 0");
        ovn_lflow_add_with_lport_and_hint(lflows, op->od,
                                          S_SWITCH_IN_PUT_FDB, 100,
                                          ds_cstr(&match),
                                          "put_fdb(inport, eth.src); next;",
                                          op->key, &op->nbsp->header_,
                                          op->lflow_ref);
    }
    ds_destroy(&match);
}

/* The family. */
const struct lflow_stage_family ls_fdb_family = {
    .name = "ls_fdb",
    .build_datapath = build_fdb_od,
    .build_port = build_fdb_op,
};
