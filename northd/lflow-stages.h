/* lflow-stages.h: the stages of the logical switch and router pipelines.
 *
 * This module owns the list of every logical flow table of OVN 26.03: for
 * each stage, the kind of datapath it belongs to, its pipeline (ingress or
 * egress), its table number and its name (the "stage-name" that Southbound
 * Logical_Flow rows carry in external_ids).  ovn-controller maps ingress
 * table T to OpenFlow table 8+T and egress table T to 48+T, so these
 * numbers are an interface.
 *
 * A stage is encoded as an integer: bit 9 is the datapath kind (0 switch,
 * 1 router), bit 8 the pipeline (0 ingress, 1 egress), bits 0-7 the table
 * number. */

#ifndef NORTHD_LFLOW_STAGES_H
#define NORTHD_LFLOW_STAGES_H 1

#include <stdbool.h>
#include <stdint.h>

/* Kind of logical datapath. */
enum ovn_datapath_type {
    DP_SWITCH,
    DP_ROUTER,
};

/* A logical pipeline. */
enum ovn_pipeline {
    P_IN,
    P_OUT,
};

/* Builds the number of a stage. */
#define OVN_STAGE_BUILD(DP_TYPE, PIPELINE, TABLE) \
    (((DP_TYPE) << 9) | ((PIPELINE) << 8) | (TABLE))

/* Every stage: PIPELINE_STAGE(DP_TYPE, PIPELINE, NAME, TABLE, STAGE_NAME).
 * Keep in table order: the kit (and ovn-controller's OpenFlow layout)
 * depends on the numbers. */
#define PIPELINE_STAGES                                                     \
    /* Logical switch ingress. */                                          \
    PIPELINE_STAGE(SWITCH, IN,  CHECK_PORT_SEC,  0, "ls_in_check_port_sec") \
    PIPELINE_STAGE(SWITCH, IN,  APPLY_PORT_SEC,  1, "ls_in_apply_port_sec") \
    PIPELINE_STAGE(SWITCH, IN,  MIRROR,          2, "ls_in_mirror")         \
    PIPELINE_STAGE(SWITCH, IN,  LOOKUP_FDB,      3, "ls_in_lookup_fdb")     \
    PIPELINE_STAGE(SWITCH, IN,  PUT_FDB,         4, "ls_in_put_fdb")        \
    PIPELINE_STAGE(SWITCH, IN,  PRE_ACL,         5, "ls_in_pre_acl")        \
    PIPELINE_STAGE(SWITCH, IN,  PRE_LB,          6, "ls_in_pre_lb")         \
    PIPELINE_STAGE(SWITCH, IN,  PRE_STATEFUL,    7, "ls_in_pre_stateful")   \
    PIPELINE_STAGE(SWITCH, IN,  ACL_HINT,        8, "ls_in_acl_hint")       \
    PIPELINE_STAGE(SWITCH, IN,  ACL_EVAL,        9, "ls_in_acl_eval")       \
    PIPELINE_STAGE(SWITCH, IN,  ACL_SAMPLE,     10, "ls_in_acl_sample")     \
    PIPELINE_STAGE(SWITCH, IN,  ACL_ACTION,     11, "ls_in_acl_action")     \
    PIPELINE_STAGE(SWITCH, IN,  QOS,            12, "ls_in_qos")            \
    PIPELINE_STAGE(SWITCH, IN,  CT_EXTRACT,     13, "ls_in_ct_extract")     \
    PIPELINE_STAGE(SWITCH, IN,  LB_AFF_CHECK,   14, "ls_in_lb_aff_check")   \
    PIPELINE_STAGE(SWITCH, IN,  LB,             15, "ls_in_lb")             \
    PIPELINE_STAGE(SWITCH, IN,  LB_AFF_LEARN,   16, "ls_in_lb_aff_learn")   \
    PIPELINE_STAGE(SWITCH, IN,  PRE_HAIRPIN,    17, "ls_in_pre_hairpin")    \
    PIPELINE_STAGE(SWITCH, IN,  NAT_HAIRPIN,    18, "ls_in_nat_hairpin")    \
    PIPELINE_STAGE(SWITCH, IN,  HAIRPIN,        19, "ls_in_hairpin")        \
    PIPELINE_STAGE(SWITCH, IN,  ACL_AFTER_LB_EVAL,   20,                    \
                   "ls_in_acl_after_lb_eval")                               \
    PIPELINE_STAGE(SWITCH, IN,  ACL_AFTER_LB_SAMPLE, 21,                    \
                   "ls_in_acl_after_lb_sample")                             \
    PIPELINE_STAGE(SWITCH, IN,  ACL_AFTER_LB_ACTION, 22,                    \
                   "ls_in_acl_after_lb_action")                             \
    PIPELINE_STAGE(SWITCH, IN,  PRE_NETWORK_FUNCTION, 23,                   \
                   "ls_in_pre_network_function")                            \
    PIPELINE_STAGE(SWITCH, IN,  STATEFUL,       24, "ls_in_stateful")       \
    PIPELINE_STAGE(SWITCH, IN,  NETWORK_FUNCTION, 25,                       \
                   "ls_in_network_function")                                \
    PIPELINE_STAGE(SWITCH, IN,  ARP_ND_RSP,     26, "ls_in_arp_rsp")        \
    PIPELINE_STAGE(SWITCH, IN,  DHCP_OPTIONS,   27, "ls_in_dhcp_options")   \
    PIPELINE_STAGE(SWITCH, IN,  DHCP_RESPONSE,  28, "ls_in_dhcp_response")  \
    PIPELINE_STAGE(SWITCH, IN,  DNS_LOOKUP,     29, "ls_in_dns_lookup")     \
    PIPELINE_STAGE(SWITCH, IN,  DNS_RESPONSE,   30, "ls_in_dns_response")   \
    PIPELINE_STAGE(SWITCH, IN,  EXTERNAL_PORT,  31, "ls_in_external_port")  \
    PIPELINE_STAGE(SWITCH, IN,  L2_LKUP,        32, "ls_in_l2_lkup")        \
    PIPELINE_STAGE(SWITCH, IN,  L2_UNKNOWN,     33, "ls_in_l2_unknown")     \
                                                                            \
    /* Logical switch egress. */                                           \
    PIPELINE_STAGE(SWITCH, OUT, LOOKUP_FDB,      0, "ls_out_lookup_fdb")    \
    PIPELINE_STAGE(SWITCH, OUT, PUT_FDB,         1, "ls_out_put_fdb")       \
    PIPELINE_STAGE(SWITCH, OUT, PRE_ACL,         2, "ls_out_pre_acl")       \
    PIPELINE_STAGE(SWITCH, OUT, PRE_LB,          3, "ls_out_pre_lb")        \
    PIPELINE_STAGE(SWITCH, OUT, PRE_STATEFUL,    4, "ls_out_pre_stateful")  \
    PIPELINE_STAGE(SWITCH, OUT, ACL_HINT,        5, "ls_out_acl_hint")      \
    PIPELINE_STAGE(SWITCH, OUT, ACL_EVAL,        6, "ls_out_acl_eval")      \
    PIPELINE_STAGE(SWITCH, OUT, ACL_SAMPLE,      7, "ls_out_acl_sample")    \
    PIPELINE_STAGE(SWITCH, OUT, ACL_ACTION,      8, "ls_out_acl_action")    \
    PIPELINE_STAGE(SWITCH, OUT, MIRROR,          9, "ls_out_mirror")        \
    PIPELINE_STAGE(SWITCH, OUT, QOS,            10, "ls_out_qos")           \
    PIPELINE_STAGE(SWITCH, OUT, PRE_NETWORK_FUNCTION, 11,                   \
                   "ls_out_pre_network_function")                           \
    PIPELINE_STAGE(SWITCH, OUT, STATEFUL,       12, "ls_out_stateful")      \
    PIPELINE_STAGE(SWITCH, OUT, NETWORK_FUNCTION, 13,                       \
                   "ls_out_network_function")                               \
    PIPELINE_STAGE(SWITCH, OUT, CHECK_PORT_SEC, 14, "ls_out_check_port_sec") \
    PIPELINE_STAGE(SWITCH, OUT, APPLY_PORT_SEC, 15, "ls_out_apply_port_sec") \
                                                                            \
    /* Logical router ingress. */                                          \
    PIPELINE_STAGE(ROUTER, IN,  ADMISSION,       0, "lr_in_admission")      \
    PIPELINE_STAGE(ROUTER, IN,  LOOKUP_NEIGHBOR, 1, "lr_in_lookup_neighbor") \
    PIPELINE_STAGE(ROUTER, IN,  LEARN_NEIGHBOR,  2, "lr_in_learn_neighbor") \
    PIPELINE_STAGE(ROUTER, IN,  IP_INPUT,        3, "lr_in_ip_input")       \
    PIPELINE_STAGE(ROUTER, IN,  DHCP_RELAY_REQ,  4, "lr_in_dhcp_relay_req") \
    PIPELINE_STAGE(ROUTER, IN,  UNSNAT,          5, "lr_in_unsnat")         \
    PIPELINE_STAGE(ROUTER, IN,  POST_UNSNAT,     6, "lr_in_post_unsnat")    \
    PIPELINE_STAGE(ROUTER, IN,  DEFRAG,          7, "lr_in_defrag")         \
    PIPELINE_STAGE(ROUTER, IN,  CT_EXTRACT,      8, "lr_in_ct_extract")     \
    PIPELINE_STAGE(ROUTER, IN,  LB_AFF_CHECK,    9, "lr_in_lb_aff_check")   \
    PIPELINE_STAGE(ROUTER, IN,  DNAT,           10, "lr_in_dnat")           \
    PIPELINE_STAGE(ROUTER, IN,  LB_AFF_LEARN,   11, "lr_in_lb_aff_learn")   \
    PIPELINE_STAGE(ROUTER, IN,  ECMP_STATEFUL,  12, "lr_in_ecmp_stateful")  \
    PIPELINE_STAGE(ROUTER, IN,  ND_RA_OPTIONS,  13, "lr_in_nd_ra_options")  \
    PIPELINE_STAGE(ROUTER, IN,  ND_RA_RESPONSE, 14, "lr_in_nd_ra_response") \
    PIPELINE_STAGE(ROUTER, IN,  IP_ROUTING_PRE, 15, "lr_in_ip_routing_pre") \
    PIPELINE_STAGE(ROUTER, IN,  IP_ROUTING,     16, "lr_in_ip_routing")     \
    PIPELINE_STAGE(ROUTER, IN,  IP_ROUTING_ECMP, 17, "lr_in_ip_routing_ecmp") \
    PIPELINE_STAGE(ROUTER, IN,  POLICY,         18, "lr_in_policy")         \
    PIPELINE_STAGE(ROUTER, IN,  POLICY_ECMP,    19, "lr_in_policy_ecmp")    \
    PIPELINE_STAGE(ROUTER, IN,  DHCP_RELAY_RESP_CHK, 20,                    \
                   "lr_in_dhcp_relay_resp_chk")                             \
    PIPELINE_STAGE(ROUTER, IN,  DHCP_RELAY_RESP, 21, "lr_in_dhcp_relay_resp") \
    PIPELINE_STAGE(ROUTER, IN,  ARP_RESOLVE,    22, "lr_in_arp_resolve")    \
    PIPELINE_STAGE(ROUTER, IN,  CHK_PKT_LEN,    23, "lr_in_chk_pkt_len")    \
    PIPELINE_STAGE(ROUTER, IN,  LARGER_PKTS,    24, "lr_in_larger_pkts")    \
    PIPELINE_STAGE(ROUTER, IN,  GW_REDIRECT,    25, "lr_in_gw_redirect")    \
    PIPELINE_STAGE(ROUTER, IN,  NETWORK_ID,     26, "lr_in_network_id")     \
    PIPELINE_STAGE(ROUTER, IN,  ARP_REQUEST,    27, "lr_in_arp_request")    \
    PIPELINE_STAGE(ROUTER, IN,  ECMP_STATEFUL_EGR, 28,                      \
                   "lr_in_ecmp_stateful_egr")                               \
                                                                            \
    /* Logical router egress. */                                           \
    PIPELINE_STAGE(ROUTER, OUT, CHK_DNAT_LOCAL,  0, "lr_out_chk_dnat_local") \
    PIPELINE_STAGE(ROUTER, OUT, UNDNAT,          1, "lr_out_undnat")        \
    PIPELINE_STAGE(ROUTER, OUT, POST_UNDNAT,     2, "lr_out_post_undnat")   \
    PIPELINE_STAGE(ROUTER, OUT, SNAT,            3, "lr_out_snat")          \
    PIPELINE_STAGE(ROUTER, OUT, POST_SNAT,       4, "lr_out_post_snat")     \
    PIPELINE_STAGE(ROUTER, OUT, EGR_LOOP,        5, "lr_out_egr_loop")      \
    PIPELINE_STAGE(ROUTER, OUT, DELIVERY,        6, "lr_out_delivery")

/* A stage, for example S_SWITCH_IN_L2_LKUP or S_ROUTER_OUT_SNAT. */
enum ovn_stage {
#define PIPELINE_STAGE(DP_TYPE, PIPELINE, STAGE, TABLE, NAME)       \
    S_##DP_TYPE##_##PIPELINE##_##STAGE                              \
        = OVN_STAGE_BUILD(DP_##DP_TYPE, P_##PIPELINE, TABLE),
    PIPELINE_STAGES
#undef PIPELINE_STAGE
};

/* The kind of datapath 'stage' belongs to. */
static inline enum ovn_datapath_type
ovn_stage_get_dp_type(enum ovn_stage stage)
{
    return (stage >> 9) & 1;
}

/* The pipeline of 'stage'. */
static inline enum ovn_pipeline
ovn_stage_get_pipeline(enum ovn_stage stage)
{
    return (stage >> 8) & 1;
}

/* The table number of 'stage' within its pipeline. */
static inline uint8_t
ovn_stage_get_table(enum ovn_stage stage)
{
    return stage & 0xff;
}

const char *ovn_stage_to_str(enum ovn_stage);
const char *ovn_stage_get_pipeline_name(enum ovn_stage);
bool ovn_stage_from_sb(const char *pipeline, int64_t table_id,
                       const char *stage_name, enum ovn_stage *);
int ovn_stage_count_tables(enum ovn_datapath_type, enum ovn_pipeline);

#endif /* northd/lflow-stages.h */
