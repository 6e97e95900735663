/* lr-common.h: what the logical router stage modules share.
 *
 * This module owns the vocabulary of the router pipeline that several
 * stage modules use: the names of the registers and register bits that
 * carry state from one router stage to another (facts of OVN 26.03's
 * pipeline, which ovn-controller and ovn-trace users see), the summaries of
 * router ports kept in 'struct ovn_datapath' (distributed gateway ports,
 * gateway routers, the router ports of each switch), and small questions
 * about router ports: which of their addresses are in a subnet, how to list
 * their addresses in a match, whether they are distributed gateway ports.
 *
 * It also builds the flows that drop traffic to a router port's own
 * addresses, which depend on whether NAT or a load balancer shares them
 * (lr-stateful.h). */

#ifndef NORTHD_LR_COMMON_H
#define NORTHD_LR_COMMON_H 1

#include <stdbool.h>
#include <stdint.h>

#include "northd/lflow-stages.h"

struct ds;
struct in6_addr;
struct lflow_build_input;
struct lflow_table;
struct lr_stateful_table;
struct nbrec_logical_router_port;
struct northd_data;
struct ovn_datapath;
struct ovn_port;

/* Registers and register bits of the router pipeline. */
#define REGBIT_EGRESS_LOOPBACK            "reg9[0]"
#define REGBIT_PKT_LARGER                 "reg9[1]"
#define REGBIT_LOOKUP_NEIGHBOR_RESULT     "reg9[2]"
#define REGBIT_LOOKUP_NEIGHBOR_IP_RESULT  "reg9[3]"
#define REGBIT_DST_NAT_IP_LOCAL           "reg9[4]"
#define REGBIT_DHCP_RELAY_REQ_CHK         "reg9[7]"
#define REGBIT_DHCP_RELAY_RESP_CHK        "reg9[8]"
#define REGBIT_NEXTHOP_IS_IPV4            "reg9[9]"
#define REGBIT_KNOWN_ECMP_NH              "reg9[10]"
#define REGBIT_ND_RA_OPTS_RESULT          "reg0[5]"
#define REG_INPORT_ETH_ADDR               "xreg0[0..47]"
#define REG_NEXT_HOP_IPV4                 "reg0"
#define REG_NEXT_HOP_IPV6                 "xxreg0"
#define REG_SRC_IPV4                      "reg5"
#define REG_SRC_IPV6                      "xxreg1"
#define REG_ROUTE_TABLE_ID                "reg7"
#define REG_ECMP_GROUP_ID                 "reg8[0..15]"
#define REG_ECMP_MEMBER_ID                "reg8[16..31]"
#define REG_DHCP_RELAY_DIP_IPV4           "reg2"

/* Matches an ICMPv4 "fragmentation needed" or ICMPv6 "packet too big". */
#define LR_ICMP_PKT_TOO_BIG \
    "((ip4 && icmp4.type == 3 && icmp4.code == 4) || " \
    "(ip6 && icmp6.type == 2 && icmp6.code == 0))"

/* UDP port of BFD control packets. */
#define BFD_UDP_DST_PORT 3784

void lr_index_ports(struct northd_data *);

bool lrp_is_enabled(const struct nbrec_logical_router_port *);
const char *lr_copp_meter(const struct ovn_datapath *, const char *proto,
                          const struct lflow_build_input *);
bool lrp_is_l3dgw(const struct ovn_port *);
bool lrp_peer_has_localnet(const struct ovn_port *);
bool lrp_peer_has_vtep(const struct ovn_port *);
bool lrp_resides_on_redirect_chassis(const struct ovn_port *);

void lrp_put_ipv4_addrs(struct ds *, const struct ovn_port *,
                        bool add_bcast);
void lrp_put_ipv6_addrs(struct ds *, const struct ovn_port *);
const char *lrp_find_member_ip(const struct ovn_port *, const char *ip);
bool lrp_has_ipv4_addr(const struct ovn_port *, const char *ip);

bool ip_addresses_equal(const char *, const char *);
bool ipv6_is_lla(const struct in6_addr *);

bool lr_lb_force_snat_router_ip(const struct ovn_datapath *,
                                const struct lr_stateful_table *);
void lrp_build_drop_own_dest(const struct ovn_port *,
                             const struct lr_stateful_table *, enum ovn_stage,
                             uint16_t priority, bool drop_snat_ips,
                             struct lflow_table *);

#endif /* northd/lr-common.h */
