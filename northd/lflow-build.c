/* lflow-build.c: running the stage families' flow builders (see
 * lflow-build.h). */

#include <config.h>

#include "northd/lflow-build.h"

#include <string.h>

#include "northd/en-lb-data.h"
#include "northd/lb.h"
#include "northd/ls-acl-data.h"
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

/* Adds 'job' to 'plan'. */
static void
plan_add_job(struct lflow_build_plan *plan, enum lflow_build_job_kind kind,
             size_t family, size_t begin, size_t end)
{
    if (plan->n_jobs >= plan->allocated_jobs) {
        plan->jobs = x2nrealloc(plan->jobs, &plan->allocated_jobs,
                                sizeof *plan->jobs);
    }
    plan->jobs[plan->n_jobs++] = (struct lflow_build_job) {
        .kind = kind,
        .family = family,
        .begin = begin,
        .end = end,
    };
}

/* Adds jobs of kind 'kind' (and 'family') to 'plan' that cover items 0 to
 * 'n' - 1, at most 'chunk' of them each. */
static void
plan_add_jobs(struct lflow_build_plan *plan, enum lflow_build_job_kind kind,
              size_t family, size_t n, size_t chunk)
{
    for (size_t begin = 0; begin < n; begin += chunk) {
        plan_add_job(plan, kind, family, begin, MIN(n, begin + chunk));
    }
}

/* Splits the work of a full build from 'input' into jobs of at most
 * 'chunk' items each (datapaths, ports, ACLs or load balancers), in the
 * order in which they must add their flows: every family's datapath
 * builder for every datapath, then every port's builders, then each ACL's
 * flows and each load balancer's. */
void
lflow_build_plan_init(struct lflow_build_plan *plan,
                      const struct lflow_build_input *input, size_t chunk)
{
    const struct ovn_datapaths *dps = input->datapaths;

    memset(plan, 0, sizeof *plan);
    chunk = MAX(chunk, 1);

    for (size_t i = 0; i < ARRAY_SIZE(families); i++) {
        if (families[i]->build_datapath) {
            plan_add_jobs(plan, LFLOW_JOB_DATAPATHS, i, dps->n, chunk);
        }
    }

    size_t allocated = 0;
    for (size_t j = 0; j < dps->n; j++) {
        const struct ovn_port *op;
        OVN_DATAPATH_FOR_EACH_PORT (op, dps->array[j]) {
            if (plan->n_ports >= allocated) {
                plan->ports = x2nrealloc(plan->ports, &allocated,
                                         sizeof *plan->ports);
            }
            plan->ports[plan->n_ports++] = op;
        }
    }
    plan_add_jobs(plan, LFLOW_JOB_PORTS, 0, plan->n_ports, chunk);

    /* The flows of each ACL, which belong to no datapath or port. */
    if (input->ls_acls) {
        plan->acl_owners = xmalloc(hmap_count(&input->ls_acls->owners)
                                   * sizeof *plan->acl_owners);
        const struct acl_owner *owner;
        LS_ACL_DATA_FOR_EACH_OWNER (owner, input->ls_acls) {
            plan->acl_owners[plan->n_acl_owners++] = owner;
        }
        plan_add_jobs(plan, LFLOW_JOB_ACLS, 0, plan->n_acl_owners, chunk);
    }

    /* The flows of each load balancer, shared by the datapaths it applies
     * to. */
    if (input->lb_data) {
        plan->lbs = xmalloc(hmap_count(&input->lb_data->lbs)
                            * sizeof *plan->lbs);
        const struct northd_lb *lb;
        HMAP_FOR_EACH (lb, hmap_node, &input->lb_data->lbs) {
            plan->lbs[plan->n_lbs++] = lb;
        }
        plan_add_jobs(plan, LFLOW_JOB_LBS, 0, plan->n_lbs, chunk);
    }
}

/* Frees what 'plan' holds. */
void
lflow_build_plan_destroy(struct lflow_build_plan *plan)
{
    free(plan->jobs);
    free(plan->ports);
    free(plan->acl_owners);
    free(plan->lbs);
}

/* Runs job 'job' of 'plan', which adds its flows to 'lflows' (the real
 * table or a batch). */
void
lflow_build_run_job(const struct lflow_build_plan *plan,
                    const struct lflow_build_job *job,
                    const struct lflow_build_input *input,
                    struct lflow_table *lflows)
{
    for (size_t i = job->begin; i < job->end; i++) {
        switch (job->kind) {
        case LFLOW_JOB_DATAPATHS:
            families[job->family]->build_datapath(input->datapaths->array[i],
                                                  input, lflows);
            break;
        case LFLOW_JOB_PORTS:
            lflow_build_port(plan->ports[i], input, lflows);
            break;
        case LFLOW_JOB_ACLS:
            ls_acl_build_owner(plan->acl_owners[i], input, lflows);
            break;
        case LFLOW_JOB_LBS:
            lflow_build_lb(plan->lbs[i], input, lflows);
            break;
        default:
            OVS_NOT_REACHED();
        }
    }
}

/* Adds every flow of every datapath, port, ACL and load balancer to
 * 'lflows', using 'n_threads' threads (see lflow-build-threads.c) if it
 * is more than 1. */
void
lflow_build_all(const struct lflow_build_input *input,
                struct lflow_table *lflows, size_t n_threads)
{
    if (n_threads > 1) {
        lflow_build_all_threaded(input, lflows, n_threads);
        return;
    }

    struct lflow_build_plan plan;
    lflow_build_plan_init(&plan, input, SIZE_MAX);
    for (size_t i = 0; i < plan.n_jobs; i++) {
        lflow_build_run_job(&plan, &plan.jobs[i], input, lflows);
    }
    lflow_build_plan_destroy(&plan);
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
