/* test-ovn-actions.c: the "ovstest test-ovn" subcommands that test the
 * logical action language (lib/actions*.c):
 *
 *   parse-actions [OPTION...]
 *       Reads test cases from stdin and writes them back to stdout with
 *       the results: a test file is its own expected output.  Blank lines
 *       and lines starting with "#" are copied; lines starting with white
 *       space (results of a previous run) are dropped; every other line
 *       is a list of actions, copied, then followed by its results, each
 *       indented by 4 spaces:
 *
 *           formats as TEXT        if the canonical form differs
 *           encodes as OFPACTS     the OpenFlow actions (ovs-ofctl syntax)
 *           uses group: id(N), name(DESC)
 *           uses meter: id(N), name(NAME)
 *           has prereqs EXPR       the prerequisites added to the match
 *
 *       or the error message.  Options: --egress (the flow is in the
 *       egress pipeline), --router (on a logical router), --table=N (its
 *       logical table, default 10), --n-tables=N (default 24),
 *       --decode-userdata (also print the OpenFlow actions nested in
 *       controller actions, as "    userdata: OPCODE, ACTIONS").
 *
 *   kit-actions / fuzz-actions-corpus: see test-ovn-actions-kit.c and
 *       tests/fuzz/actions-fuzz.c.
 *
 *   dump-dhcp-opts / dump-dhcpv6-opts: the built-in DHCP option tables
 *       (lib/ovn-l7.c), one "code=N name="NAME" type="TYPE"" per line. */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actions.h"
#include "byte-order.h"
#include "expr.h"
#include "flow.h"
#include "lex.h"
#include "logical-fields.h"
#include "ovn-l7.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/ofp-actions.h"
#include "openvswitch/ofp-group.h"
#include "openvswitch/ofp-protocol.h"
#include "openvswitch/ofpbuf.h"
#include "openvswitch/shash.h"
#include "simap.h"
#include "test-ovn.h"
#include "test-ovn-actions.h"
#include "tests/fuzz/actions-fuzz.h"
#include "util.h"
#include "uuid.h"

/* Initializes 'env' with the test environment. */
void
actions_env_init(struct actions_env *env)
{
    ovn_init_symtab(&env->symtab);
    dhcp_opts_init_defaults(&env->dhcp_opts, &env->dhcpv6_opts);
    nd_ra_opts_init(&env->nd_ra_opts);
    controller_event_opts_init(&env->event_opts);

    simap_init(&env->ports);
    static const struct {
        const char *name;       /* Port name. */
        unsigned int key;       /* Its tunnel key. */
    } ports[] = {
        { "eth0", 5 }, { "eth1", 6 }, { "LOCAL", 0xfffe },
        { "lsp1", 0x11 }, { "lsp2", 0x12 }, { "lsp3", 0x13 },
        { "vip", 0x20 }, { "_MC_flood", 32768 },
    };
    for (size_t i = 0; i < ARRAY_SIZE(ports); i++) {
        simap_put(&env->ports, ports[i].name, ports[i].key);
    }
    simap_init(&env->groups);
    simap_init(&env->meters);
    ds_init(&env->uses);
}

/* Frees 'env'. */
void
actions_env_destroy(struct actions_env *env)
{
    expr_symtab_destroy(&env->symtab);
    gen_opts_destroy(&env->dhcp_opts);
    gen_opts_destroy(&env->dhcpv6_opts);
    gen_opts_destroy(&env->nd_ra_opts);
    controller_event_opts_destroy(&env->event_opts);
    simap_destroy(&env->ports);
    simap_destroy(&env->groups);
    simap_destroy(&env->meters);
    ds_destroy(&env->uses);
}

/* Fills 'pp' to parse actions in 'env'. */
void
actions_env_parse_params(const struct actions_env *env,
                         struct ovnact_parse_params *pp)
{
    memset(pp, 0, sizeof *pp);
    pp->symtab = &env->symtab;
    pp->dhcp_opts = &env->dhcp_opts;
    pp->dhcpv6_opts = &env->dhcpv6_opts;
    pp->nd_ra_opts = &env->nd_ra_opts;
    pp->controller_event_opts = &env->event_opts;
}

/* lookup_port callback over 'env->ports'. */
static bool
lookup_port_cb(const void *env_, const char *name, unsigned int *portp)
{
    const struct actions_env *env = env_;
    const struct simap_node *node = simap_find(&env->ports, name);
    if (node) {
        *portp = node->data;
    }
    return node != NULL;
}

/* tunnel_ofport callback: port with key K is behind tunnel port K. */
static bool
tunnel_ofport_cb(const void *env_, const char *name, ofp_port_t *ofportp)
{
    unsigned int key;
    if (!lookup_port_cb(env_, name, &key)) {
        return false;
    }
    *ofportp = u16_to_ofp(key);
    return true;
}

/* Returns the id of 'name' in 'ids', allocating the next one, and notes
 * its use in 'env->uses' as a "uses KIND" line. */
static uint32_t
alloc_id(struct actions_env *env, struct simap *ids, const char *kind,
         const char *name)
{
    const struct simap_node *node = simap_find(ids, name);
    unsigned int id = node ? node->data : simap_count(ids) + 1;
    if (!node) {
        simap_put(ids, name, id);
    }
    ds_put_format(&env->uses, "    uses %s: id(%u), name(%s)\n", kind, id,
                  name);

    /* A group description must be something that OVS accepts. */
    if (ids == &env->groups) {
        char *desc = xasprintf("group_id=%u,%s", id, name);
        struct ofputil_group_mod gm;
        enum ofputil_protocol usable;
        char *error = parse_ofp_group_mod_str(&gm, OFPGC15_ADD, desc, NULL,
                                              NULL, &usable);
        if (error) {
            ds_put_format(&env->uses, "    bad group: %s\n", error);
            free(error);
        } else {
            ofputil_uninit_group_mod(&gm);
        }
        free(desc);
    }
    return id;
}

/* group_id callback. */
static uint32_t
group_id_cb(const void *env_, const char *desc,
            const struct uuid *lflow_uuid OVS_UNUSED)
{
    struct actions_env *env = CONST_CAST(struct actions_env *, env_);
    return alloc_id(env, &env->groups, "group", desc);
}

/* meter_id callback. */
static uint32_t
meter_id_cb(const void *env_, const char *name,
            const struct uuid *lflow_uuid OVS_UNUSED)
{
    struct actions_env *env = CONST_CAST(struct actions_env *, env_);
    return alloc_id(env, &env->meters, "meter", name);
}

/* Fills 'ep' to encode actions in 'env' for a flow in 'pipeline' of a
 * switch (or router, if '!is_switch'). */
void
actions_env_encode_params(const struct actions_env *env,
                          enum ovnact_pipeline pipeline, bool is_switch,
                          struct ovnact_encode_params *ep)
{
    memset(ep, 0, sizeof *ep);
    ep->lookup_port = lookup_port_cb;
    ep->tunnel_ofport = tunnel_ofport_cb;
    ep->group_id = group_id_cb;
    ep->meter_id = meter_id_cb;
    ep->aux = env;
    ep->is_switch = is_switch;
    ep->dp_key = 0x123;
    uuid_zero(&ep->lflow_uuid);
    ep->lflow_uuid.parts[0] = 0xabcd;
    ep->ctrl_meter_id = NX_CTLR_NO_METER;
    ep->common_nat_ct_zone = MFF_LOG_DNAT_ZONE;
    ovnact_encode_params_init_tables(ep, pipeline);
}

/* Appends a readable form of the userdata of the controller actions in
 * 'ofpacts' to 's': the opcode and, for the opcodes whose payload is
 * OpenFlow 1.5 actions, those actions. */
static void
decode_userdata(const struct ofpbuf *ofpacts, struct ds *s)
{
    const struct ofpact *a;
    OFPACT_FOR_EACH_FLATTENED (a, ofpacts->data, ofpacts->size) {
        if (a->type != OFPACT_CONTROLLER) {
            continue;
        }
        const struct ofpact_controller *oc = ofpact_get_CONTROLLER(a);
        if (oc->userdata_len < sizeof(struct action_header)) {
            continue;
        }
        const struct action_header *ah = (const void *) oc->userdata;
        uint32_t opcode = ntohl(ah->opcode);
        ds_put_format(s, "    userdata: opcode %"PRIu32, opcode);

        bool nested = (opcode == ACTION_OPCODE_ARP
                       || opcode == ACTION_OPCODE_ND_NA
                       || opcode == ACTION_OPCODE_ND_NS
                       || opcode == ACTION_OPCODE_ICMP
                       || opcode == ACTION_OPCODE_TCP_RESET
                       || opcode == ACTION_OPCODE_ND_NA_ROUTER
                       || opcode == ACTION_OPCODE_ICMP4_ERROR
                       || opcode == ACTION_OPCODE_ICMP6_ERROR
                       || opcode == ACTION_OPCODE_REJECT
                       || opcode == ACTION_OPCODE_SCTP_ABORT);
        if (nested) {
            struct ofpbuf payload;
            ofpbuf_use_const(&payload, ah + 1,
                             oc->userdata_len - sizeof *ah);
            struct ofpbuf inner;
            ofpbuf_init(&inner, 0);
            enum ofperr error = ofpacts_pull_openflow_actions(
                &payload, payload.size, OFP15_VERSION, NULL, NULL, &inner);
            ds_put_cstr(s, ", ");
            if (error) {
                ds_put_format(s, "bad actions (%s)", ofperr_to_string(error));
            } else {
                struct ofpact_format_params fp = { .s = s };
                ofpacts_format(inner.data, inner.size, &fp);
            }
            ofpbuf_uninit(&inner);
        }
        ds_put_char(s, '\n');
    }
}

/* Options of parse-actions. */
struct parse_options {
    enum ovnact_pipeline pipeline; /* Pipeline of the flows. */
    bool is_switch;             /* Switch or router. */
    int cur_ltable;             /* Logical table of the flows. */
    int n_tables;               /* Tables per pipeline. */
    bool decode_userdata;       /* Print nested controller actions. */
};

/* Parses, formats and encodes the actions in 'line', appending the result
 * lines to 'out'. */
static void
test_one_line(struct actions_env *env, const struct parse_options *opts,
              const char *line, struct ds *out)
{
    struct ovnact_parse_params pp;
    actions_env_parse_params(env, &pp);
    pp.pipeline = opts->pipeline;
    pp.n_tables = opts->n_tables;
    pp.cur_ltable = opts->cur_ltable;

    struct ofpbuf ovnacts;
    ofpbuf_init(&ovnacts, 0);
    struct expr *prereqs;
    char *error = ovnacts_parse_string(line, &pp, &ovnacts, &prereqs);
    if (error) {
        ds_put_format(out, "    %s\n", error);
        free(error);
        ofpbuf_uninit(&ovnacts);
        return;
    }

    struct ds formatted = DS_EMPTY_INITIALIZER;
    ovnacts_format(ovnacts.data, ovnacts.size, &formatted);
    if (strcmp(ds_cstr(&formatted), line)) {
        ds_put_format(out, "    formats as %s\n", ds_cstr(&formatted));
    }

    /* The canonical form must read back to itself. */
    struct ofpbuf again;
    ofpbuf_init(&again, 0);
    error = ovnacts_parse_string(ds_cstr(&formatted), &pp, &again, NULL);
    if (error) {
        ds_put_format(out, "    reparse error: %s\n", error);
        free(error);
    } else {
        struct ds reformatted = DS_EMPTY_INITIALIZER;
        ovnacts_format(again.data, again.size, &reformatted);
        if (strcmp(ds_cstr(&reformatted), ds_cstr(&formatted))) {
            ds_put_format(out, "    reformats as %s\n",
                          ds_cstr(&reformatted));
        }
        ds_destroy(&reformatted);
        ovnacts_free(again.data, again.size);
    }
    ofpbuf_uninit(&again);

    struct ovnact_encode_params ep;
    actions_env_encode_params(env, opts->pipeline, opts->is_switch, &ep);
    ep.is_switch = opts->is_switch;
    struct ofpbuf ofpacts;
    ofpbuf_init(&ofpacts, 0);
    ds_clear(&env->uses);
    ovnacts_encode(ovnacts.data, ovnacts.size, &ep, &ofpacts);

    struct ds encoded = DS_EMPTY_INITIALIZER;
    struct ofpact_format_params fp = { .s = &encoded };
    ofpacts_format(ofpacts.data, ofpacts.size, &fp);
    ds_put_format(out, "    encodes as %s\n", ds_cstr(&encoded));
    ds_put_cstr(out, ds_cstr(&env->uses));
    if (opts->decode_userdata) {
        decode_userdata(&ofpacts, out);
    }
    if (prereqs) {
        ds_put_cstr(out, "    has prereqs ");
        expr_format(prereqs, out);
        ds_put_char(out, '\n');
    }

    ds_destroy(&encoded);
    ds_destroy(&formatted);
    ofpbuf_uninit(&ofpacts);
    expr_destroy(prereqs);
    ovnacts_free(ovnacts.data, ovnacts.size);
    ofpbuf_uninit(&ovnacts);
}

/* "parse-actions [OPTION...]". */
static void
parse_actions(int argc, char *argv[])
{
    struct parse_options opts = {
        .pipeline = OVNACT_P_INGRESS,
        .is_switch = true,
        .cur_ltable = 10,
        .n_tables = 24,
        .decode_userdata = false,
    };
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        if (!strcmp(arg, "--egress")) {
            opts.pipeline = OVNACT_P_EGRESS;
        } else if (!strcmp(arg, "--router")) {
            opts.is_switch = false;
        } else if (!strncmp(arg, "--table=", 8)) {
            opts.cur_ltable = atoi(arg + 8);
        } else if (!strncmp(arg, "--n-tables=", 11)) {
            opts.n_tables = atoi(arg + 11);
        } else if (!strcmp(arg, "--decode-userdata")) {
            opts.decode_userdata = true;
        } else {
            ovs_fatal(0, "parse-actions: unknown option %s", arg);
        }
    }

    struct actions_env env;
    actions_env_init(&env);

    struct ds line = DS_EMPTY_INITIALIZER;
    struct ds out = DS_EMPTY_INITIALIZER;
    while (!ds_get_line(&line, stdin)) {
        const char *s = ds_cstr(&line);
        if (s[0] == ' ' || s[0] == '\t') {
            continue;
        }
        puts(s);
        if (!s[0] || s[0] == '#') {
            continue;
        }
        ds_clear(&out);
        test_one_line(&env, &opts, s, &out);
        fputs(ds_cstr(&out), stdout);
        fflush(stdout);
    }
    ds_destroy(&out);
    ds_destroy(&line);
    actions_env_destroy(&env);
}

/* "fuzz-actions-corpus [--mutate] FILE...": runs every line of each FILE
 * through the fuzzing step of tests/fuzz/actions-fuzz.c, in the normal
 * build.  With --mutate, also every prefix of each line and the line with
 * each one character deleted. */
void
test_ovn_fuzz_actions_corpus(int argc, char *argv[])
{
    struct actions_fuzz_env *env = actions_fuzz_env_create();
    unsigned long long n = 0;
    bool mutate = false;

    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--mutate")) {
            mutate = true;
            continue;
        }
        FILE *stream = fopen(argv[i], "r");
        if (!stream) {
            ovs_fatal(errno, "%s: open failed", argv[i]);
        }
        struct ds line = DS_EMPTY_INITIALIZER;
        while (!ds_get_line(&line, stream)) {
            const uint8_t *s = (const uint8_t *) ds_cstr(&line);
            size_t len = line.length;

            actions_fuzz_one_input(env, s, len);
            n++;
            if (mutate) {
                uint8_t *copy = xmalloc(len + 1);
                for (size_t j = 0; j < len; j++) {
                    actions_fuzz_one_input(env, s, j);
                    memcpy(copy, s, j);
                    memcpy(copy + j, s + j + 1, len - j);
                    actions_fuzz_one_input(env, copy, len - 1);
                    n += 2;
                }
                free(copy);
            }
        }
        ds_destroy(&line);
        fclose(stream);
    }
    printf("Ran %llu inputs.\n", n);
    actions_fuzz_env_destroy(env);
}

/* "dump-dhcp-opts" and "dump-dhcpv6-opts": print the built-in option
 * definitions the way the conformance kit shows the Southbound
 * DHCP_Options and DHCPv6_Options tables. */
static void
dump_opt_defs(const struct gen_opt_def *defs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        printf("code=%u name=\"%s\" type=\"%s\"\n",
               defs[i].code, defs[i].name, defs[i].type);
    }
}

/* Runs the action subcommand 'command', if it is one, and returns true;
 * otherwise returns false. */
bool
test_ovn_actions_command(const char *command, int argc, char *argv[])
{
    if (!strcmp(command, "parse-actions")) {
        parse_actions(argc, argv);
    } else if (!strcmp(command, "kit-actions")) {
        test_ovn_kit_actions(argc, argv);
    } else if (!strcmp(command, "fuzz-actions-corpus")) {
        test_ovn_fuzz_actions_corpus(argc, argv);
    } else if (!strcmp(command, "dump-dhcp-opts")) {
        dump_opt_defs(ovn_dhcpv4_opt_defs, ovn_n_dhcpv4_opt_defs);
    } else if (!strcmp(command, "dump-dhcpv6-opts")) {
        dump_opt_defs(ovn_dhcpv6_opt_defs, ovn_n_dhcpv6_opt_defs);
    } else {
        return false;
    }
    return true;
}
