/* ls-qos.c: QoS of logical switches.
 *
 * This module owns the flows of stages ls_in_qos and ls_out_qos, which
 * mark (DSCP, packet mark) and meter traffic as the switch's QoS rules
 * say, and the flows that put the traffic of ports with egress QoS
 * (qos-queues.c) into their queue: at admission (ls_in_check_port_sec)
 * and when it leaves through a localnet port (ls_out_apply_port_sec). */

#include <config.h>

#include <inttypes.h>
#include <string.h>

#include "lib/ovn-nb-idl.h"
#include "northd/lflow-build.h"
#include "northd/lflow-mgr.h"
#include "northd/northd.h"
#include "openvswitch/dynamic-string.h"

/* The largest DSCP value. */
#define QOS_MAX_DSCP 63

/* Appends to 'actions' what QoS rule 'qos' does to the packets it
 * matches: metering first, then marking. */
static void
build_qos_actions(const struct nbrec_qos *qos, struct ds *actions)
{
    int64_t rate = 0, burst = 0;
    for (size_t i = 0; i < qos->n_bandwidth; i++) {
        if (!strcmp(qos->key_bandwidth[i], "rate")) {
            rate = qos->value_bandwidth[i];
        } else if (!strcmp(qos->key_bandwidth[i], "burst")) {
            burst = qos->value_bandwidth[i];
        }
    }
    if (rate && burst) {
        ds_put_format(actions, "set_meter(%"PRId64", %"PRId64"); ",
                      rate, burst);
    } else if (rate) {
        ds_put_format(actions, "set_meter(%"PRId64"); ", rate);
    }

    for (size_t i = 0; i < qos->n_action; i++) {
        int64_t value = qos->value_action[i];
        if (!strcmp(qos->key_action[i], "dscp")) {
            if (value >= 0 && value <= QOS_MAX_DSCP) {
                ds_put_format(actions, "ip.dscp = %"PRId64"; ", value);
            }
        } else if (!strcmp(qos->key_action[i], "mark")) {
            if (value > 0 && value <= UINT32_MAX) {
                ds_put_format(actions, "pkt.mark = %"PRId64"; ", value);
            }
        }
    }
    ds_put_cstr(actions, "next;");
}

/* Flows of switch 'od' as a whole: its QoS rules. */
static void
build_qos_od(const struct ovn_datapath *od,
             const struct lflow_build_input *input OVS_UNUSED,
             struct lflow_table *lflows)
{
    if (!od->nbs) {
        return;
    }
    ovn_lflow_add(lflows, od, S_SWITCH_IN_QOS, 0, "1", "next;",
                  od->lflow_ref);
    ovn_lflow_add(lflows, od, S_SWITCH_OUT_QOS, 0, "1", "next;",
                  od->lflow_ref);

    struct ds actions = DS_EMPTY_INITIALIZER;
    for (size_t i = 0; i < od->nbs->n_qos_rules; i++) {
        const struct nbrec_qos *qos = od->nbs->qos_rules[i];
        enum ovn_stage stage = (!strcmp(qos->direction, "from-lport")
                                ? S_SWITCH_IN_QOS : S_SWITCH_OUT_QOS);
        ds_clear(&actions);
        build_qos_actions(qos, &actions);
        ovn_lflow_add_with_hint(lflows, od, stage, qos->priority, qos->match,
                                ds_cstr(&actions), &qos->header_,
                                od->lflow_ref);
    }
    ds_destroy(&actions);
}

/* Flows of switch port 'op': the packets it sends go to its queue, both
 * when they enter the switch and when they leave it through a localnet
 * port.  (Localnet ports are never changed incrementally: reading them
 * here is safe.) */
static void
build_qos_op(const struct ovn_port *op,
             const struct lflow_build_input *input OVS_UNUSED,
             struct lflow_table *lflows)
{
    if (!op->nbsp || !op->qdisc_queue_id) {
        return;
    }
    struct ds match = DS_EMPTY_INITIALIZER;
    struct ds actions = DS_EMPTY_INITIALIZER;

    ds_put_format(&match, "inport == %s", op->json_key);
    ds_put_format(&actions, "set_queue(%"PRIu32"); "
                  "reg0[15] = check_in_port_sec(); next;",
                  op->qdisc_queue_id);
    ovn_lflow_add_with_lport_and_hint(lflows, op->od,
                                      S_SWITCH_IN_CHECK_PORT_SEC, 70,
                                      ds_cstr(&match), ds_cstr(&actions),
                                      op->key, &op->nbsp->header_,
                                      op->lflow_ref);

    const struct ovn_port *ln;
    OVN_DATAPATH_FOR_EACH_PORT (ln, op->od) {
        if (ln == op || !ln->nbsp || strcmp(ln->nbsp->type, "localnet")) {
            continue;
        }
        ds_clear(&match);
        ds_put_format(&match, "outport == %s && inport == %s",
                      ln->json_key, op->json_key);
        ds_clear(&actions);
        ds_put_format(&actions, "set_queue(%"PRIu32"); output;",
                      op->qdisc_queue_id);
        ovn_lflow_add_with_lport_and_hint(lflows, op->od,
                                          S_SWITCH_OUT_APPLY_PORT_SEC, 110,
                                          ds_cstr(&match), ds_cstr(&actions),
                                          ln->key, &ln->nbsp->header_,
                                          op->lflow_ref);
    }
    ds_destroy(&match);
    ds_destroy(&actions);
}

/* The family. */
const struct lflow_stage_family ls_qos_family = {
    .name = "ls_qos",
    .build_datapath = build_qos_od,
    .build_port = build_qos_op,
};
