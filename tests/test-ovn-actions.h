/* test-ovn-actions.h: the test environment of the action language tests
 * (tests/test-ovn-actions.c), shared with the conformance kit comparison
 * (tests/test-ovn-actions-kit.c) and the fuzzer (tests/fuzz/). */

#ifndef TEST_OVN_ACTIONS_H
#define TEST_OVN_ACTIONS_H 1

#include <stdbool.h>
#include "actions.h"
#include "ovn-l7.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/hmap.h"
#include "openvswitch/shash.h"
#include "simap.h"

/* Everything the actions under test may refer to. */
struct actions_env {
    struct shash symtab;        /* Symbols. */
    struct hmap dhcp_opts;      /* DHCPv4 options. */
    struct hmap dhcpv6_opts;    /* DHCPv6 options. */
    struct hmap nd_ra_opts;     /* RA options. */
    struct controller_event_options event_opts; /* Event options. */
    struct simap ports;         /* Logical port name to tunnel key. */
    struct simap groups;        /* Group description to id. */
    struct simap meters;        /* Meter name to id. */
    struct ds uses;             /* Groups and meters used by the current
                                 * test case, as result lines. */
};

void actions_env_init(struct actions_env *);
void actions_env_destroy(struct actions_env *);
void actions_env_parse_params(const struct actions_env *,
                              struct ovnact_parse_params *);
void actions_env_encode_params(const struct actions_env *,
                               enum ovnact_pipeline, bool is_switch,
                               struct ovnact_encode_params *);

/* Subcommands. */
bool test_ovn_actions_command(const char *command, int argc, char *argv[]);
void test_ovn_kit_actions(int argc, char *argv[]);
void test_ovn_fuzz_actions_corpus(int argc, char *argv[]);

#endif /* test-ovn-actions.h */
