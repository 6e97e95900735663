/* ls-dns.c: native DNS of logical switches.
 *
 * This module owns the flows of stages ls_in_dns_lookup and
 * ls_in_dns_response, and the ls_out_acl_eval flow that lets the answers
 * through whatever the ACLs say.  A switch with DNS records (see
 * dns-sync.c for the Southbound DNS table that ovn-controller answers
 * from) sends every DNS query to ovn-controller's dns_lookup() and, when
 * that found an answer, sends the answer back out of the port the query
 * came from. */

#include <config.h>

#include "lib/ovn-nb-idl.h"
#include "northd/copp.h"
#include "northd/dns-sync.h"
#include "northd/lflow-build.h"
#include "northd/lflow-mgr.h"
#include "northd/northd.h"

/* Where dns_lookup() stores whether it found an answer. */
#define REGBIT_DNS_LOOKUP_RESULT "reg0[4]"

/* Flows of switch 'od' as a whole. */
static void
build_dns_od(const struct ovn_datapath *od,
             const struct lflow_build_input *input,
             struct lflow_table *lflows)
{
    if (!od->nbs) {
        return;
    }
    struct lflow_ref *ref = od->lflow_ref;
    ovn_lflow_add(lflows, od, S_SWITCH_IN_DNS_LOOKUP, 0, "1", "next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_IN_DNS_RESPONSE, 0, "1", "next;", ref);

    if (!ls_has_dns_records(od->nbs)) {
        return;
    }
    ovn_lflow_metered(lflows, od, S_SWITCH_IN_DNS_LOOKUP, 100,
                      "udp.dst == 53",
                      REGBIT_DNS_LOOKUP_RESULT " = dns_lookup(); next;",
                      copp_meter_get(od->nbs->copp, COPP_DNS, input->nb_idl),
                      NULL, ref);

    /* The same match twice: whichever IP version the answer is, the
     * other flow's actions do not apply to it. */
    static const char *answered = "udp.dst == 53 && "
                                  REGBIT_DNS_LOOKUP_RESULT;
    ovn_lflow_add(lflows, od, S_SWITCH_IN_DNS_RESPONSE, 100, answered,
                  "eth.dst <-> eth.src; ip4.src <-> ip4.dst; "
                  "udp.dst = udp.src; udp.src = 53; outport = inport; "
                  "flags.loopback = 1; output;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_IN_DNS_RESPONSE, 100, answered,
                  "eth.dst <-> eth.src; ip6.src <-> ip6.dst; "
                  "udp.dst = udp.src; udp.src = 53; outport = inport; "
                  "flags.loopback = 1; output;", ref);

    ovn_lflow_add(lflows, od, S_SWITCH_OUT_ACL_EVAL, 34000,
                  "flags.from_ctrl && udp.src == 53", "reg8[16] = 1; next;",
                  ref);
}

/* The family. */
const struct lflow_stage_family ls_dns_family = {
    .name = "ls_dns",
    .build_datapath = build_dns_od,
};
