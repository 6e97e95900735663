/* ovn-l7.h: the option tables of OVN's application-level responders.
 *
 * ovn-northd writes the DHCPv4 and DHCPv6 option definitions below into
 * the Southbound DHCP_Options and DHCPv6_Options tables; ovn-controller
 * reads them back into "struct gen_opts_map" maps, against which the
 * put_dhcp_opts() and put_dhcpv6_opts() actions check their arguments.
 * The IPv6 Router Advertisement options of put_nd_ra_opts() and the
 * options of the events that trigger_event() reports are fixed and built
 * in.  The codes and types are interfaces: they end up in packets and in
 * the Southbound database. */

#ifndef OVN_L7_H
#define OVN_L7_H 1

#include <stddef.h>
#include <stdint.h>
#include "openvswitch/hmap.h"

/* One option: its name in the action language, its code on the wire and
 * the type of its value ("ipv4", "str", "uint8", ...). */
struct gen_opts_map {
    struct hmap_node hmap_node; /* In a map hashed on 'name'. */
    char *name;                 /* Option name, e.g. "router". */
    char *type;                 /* Value type, e.g. "ipv4". */
    size_t code;                /* Option code. */
};

/* A built-in option definition. */
struct gen_opt_def {
    const char *name;           /* Option name. */
    unsigned int code;          /* Option code. */
    const char *type;           /* Value type. */
};

/* The DHCPv4 options that ovn-northd puts in DHCP_Options. */
extern const struct gen_opt_def ovn_dhcpv4_opt_defs[];
extern const size_t ovn_n_dhcpv4_opt_defs;

/* The DHCPv6 options that ovn-northd puts in DHCPv6_Options. */
extern const struct gen_opt_def ovn_dhcpv6_opt_defs[];
extern const size_t ovn_n_dhcpv6_opt_defs;

/* DHCPv4 option codes that the encoder treats specially. */
#define DHCP_OPT_OFFERIP_CODE 0       /* The offered address, not an
                                       * option on the wire. */
#define DHCP_OPT_BOOTFILE_CODE 67
#define DHCP_OPT_BOOTFILE_ALT_CODE 254

/* The put_nd_ra_opts() options.  "addr_mode" is not an ND option: it
 * selects the M and O flags of the advertisement itself. */
#define ND_RA_FLAG_ADDR_MODE 0
#define ND_OPT_SOURCE_LINKADDR 1
#define ND_OPT_PREFIX_INFORMATION 3
#define ND_OPT_MTU 5
#define ND_OPT_ROUTE_INFO_TYPE 24
#define ND_OPT_RDNSS 25
#define ND_OPT_DNSSL 31

/* The events that trigger_event() reports, as numbered in the userdata of
 * the controller action. */
enum ovn_controller_event {
    OVN_EVENT_EMPTY_LB_BACKENDS = 0,
    OVN_EVENT_MAX,
};

const char *ovn_event_to_string(enum ovn_controller_event);
int ovn_event_from_string(const char *);

/* The options of each event, indexed by event. */
struct controller_event_options {
    struct hmap event_opts[OVN_EVENT_MAX]; /* Maps of gen_opts_map. */
};

void controller_event_opts_init(struct controller_event_options *);
void controller_event_opts_destroy(struct controller_event_options *);

/* Maps of options. */
void gen_opts_add(struct hmap *map, const char *name, size_t code,
                  const char *type);
void gen_opts_add_defs(struct hmap *map, const struct gen_opt_def *,
                       size_t n);
const struct gen_opts_map *gen_opts_find(const struct hmap *map,
                                         const char *name);
void gen_opts_destroy(struct hmap *map);

void nd_ra_opts_init(struct hmap *map);
void dhcp_opts_init_defaults(struct hmap *dhcpv4, struct hmap *dhcpv6);

#endif /* ovn-l7.h */
