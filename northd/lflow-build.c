/* lflow-build.c: running the stage families' flow builders (see
 * lflow-build.h). */

#include <config.h>

#include "northd/lflow-build.h"

#include "northd/en-lb-data.h"
#include "northd/lb.h"
#include "northd/ls-acl-eval.h"
#include "northd/northd.h"
#include "util.h"

/* Every stage family, in the order their builders run.  To add a family,
 * write its module and add it here. */
static const struct lflow_stage_family *const families[] = {
    &ls_port_security_family,
    &ls_fdb_family,
    &ls_acl_family,
    &ls_lb_family,
    &ls_stateful_family,
    &ls_network_function_family,
    &ls_qos_family,
    &ls_mirror_family,
    &ls_arp_nd_family,
    &ls_dhcp_family,
    &ls_dns_family,
    &ls_external_port_family,
    &ls_vtep_family,
    &ls_evpn_family,
    &ls_mcast_family,
    &ls_fwd_group_family,
    &ls_l2_family,
    &ls_routing_redirect_family,
    &ls_router_ports_family,
    &lr_admission_family,
    &lr_ip_input_family,
    &lr_dhcp_relay_family,
    &lr_nd_ra_family,
    &lr_routing_family,
    &lr_mcast_family,
    &lr_policy_family,
    &lr_arp_resolve_family,
    &lr_gw_mtu_family,
    &lr_egress_family,
    &lr_nat_family,
    &lr_nat_arp_family,
    &lr_lb_family,
    &lr_ecmp_stateful_family,
};

/* Adds every flow of every datapath and port to 'lflows'. */
void
lflow_build_all(const struct lflow_build_input *input,
                struct lflow_table *lflows)
{
    const struct ovn_datapaths *dps = input->datapaths;

    for (size_t i = 0; i < ARRAY_SIZE(families); i++) {
        if (!families[i]->build_datapath) {
            continue;
        }
        for (size_t j = 0; j < dps->n; j++) {
            families[i]->build_datapath(dps->array[j], input, lflows);
        }
    }

    for (size_t j = 0; j < dps->n; j++) {
        const struct ovn_port *op;
        OVN_DATAPATH_FOR_EACH_PORT (op, dps->array[j]) {
            lflow_build_port(op, input, lflows);
        }
    }

    /* The flows of each ACL, which belong to no datapath or port. */
    if (input->ls_acls) {
        ls_acl_build_all_owners(input, lflows);
    }

    /* The flows of each load balancer, shared by the datapaths it applies
     * to. */
    if (input->lb_data) {
        const struct northd_lb *lb;
        HMAP_FOR_EACH (lb, hmap_node, &input->lb_data->lbs) {
            lflow_build_lb(lb, input, lflows);
        }
    }
}

/* Adds the flows that datapath 'od' needs as a whole (those of every
 * family's datapath builder) to 'lflows'. */
void
lflow_build_datapath(const struct ovn_datapath *od,
                     const struct lflow_build_input *input,
                     struct lflow_table *lflows)
{
    for (size_t i = 0; i < ARRAY_SIZE(families); i++) {
        if (families[i]->build_datapath) {
            families[i]->build_datapath(od, input, lflows);
        }
    }
}

/* Adds the flows of load balancer 'lb' to 'lflows'. */
void
lflow_build_lb(const struct northd_lb *lb,
               const struct lflow_build_input *input,
               struct lflow_table *lflows)
{
    for (size_t i = 0; i < ARRAY_SIZE(families); i++) {
        if (families[i]->build_lb) {
            families[i]->build_lb(lb, input, lflows);
        }
    }
}

/* Adds the flows of port 'op' to 'lflows'. */
void
lflow_build_port(const struct ovn_port *op,
                 const struct lflow_build_input *input,
                 struct lflow_table *lflows)
{
    for (size_t i = 0; i < ARRAY_SIZE(families); i++) {
        if (families[i]->build_port) {
            families[i]->build_port(op, input, lflows);
        }
    }
}
