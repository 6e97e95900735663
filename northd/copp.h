/* copp.h: control plane protection of logical switches and routers.
 *
 * This module owns the lookup of the meters that a Northbound Copp row
 * puts on the packets that logical flows send to ovn-controller: a flow
 * whose action punts packets of protocol PROTO ("arp", "dhcpv4-opts",
 * "dns", "igmp", ...) to ovn-controller carries, as its controller meter,
 * the meter that its datapath's Copp names for PROTO, provided that a
 * Northbound Meter of that name exists. */

#ifndef NORTHD_COPP_H
#define NORTHD_COPP_H 1

struct nbrec_copp;
struct ovsdb_idl;

/* Protocol names, as Copp "meters" keys spell them. */
#define COPP_ARP "arp"
#define COPP_ARP_RESOLVE "arp-resolve"
#define COPP_BFD "bfd"
#define COPP_DHCPV4_OPTS "dhcpv4-opts"
#define COPP_DHCPV6_OPTS "dhcpv6-opts"
#define COPP_DNS "dns"
#define COPP_EVENT_ELB "event-elb"
#define COPP_ICMP4_ERR "icmp4-error"
#define COPP_ICMP6_ERR "icmp6-error"
#define COPP_IGMP "igmp"
#define COPP_ND_NA "nd-na"
#define COPP_ND_NS "nd-ns"
#define COPP_ND_NS_RESOLVE "nd-ns-resolve"
#define COPP_ND_RA_OPTS "nd-ra-opts"
#define COPP_REJECT "reject"
#define COPP_SVC_MONITOR "svc-monitor"
#define COPP_TCP_RESET "tcp-reset"

const char *copp_meter_get(const struct nbrec_copp *, const char *proto,
                           struct ovsdb_idl *nb_idl);

#endif /* northd/copp.h */
