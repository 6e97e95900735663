/* actions-fuzz.c: runs one arbitrary input through the action parser,
 * formatter and encoder, in each pipeline and for switches and routers,
 * checking what they promise: a parse error comes with a message; the
 * canonical form parses back to itself; the OpenFlow actions convert to
 * OpenFlow 1.5.  Any crash, sanitizer report or failed assertion is a
 * bug. */

#include <config.h>

#include "actions-fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "actions.h"
#include "expr.h"
#include "flow.h"
#include "logical-fields.h"
#include "ovn-l7.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/ofp-actions.h"
#include "openvswitch/ofpbuf.h"
#include "openvswitch/shash.h"
#include "lex.h"
#include "smap.h"
#include "util.h"

/* What fuzzed actions may refer to. */
struct actions_fuzz_env {
    struct shash symtab;        /* OVN's symbols. */
    struct hmap dhcp_opts;      /* DHCPv4 options. */
    struct hmap dhcpv6_opts;    /* DHCPv6 options. */
    struct hmap nd_ra_opts;     /* RA options. */
    struct controller_event_options event_opts; /* Event options. */
    struct smap template_vars;  /* "^vip", "^port", "^backends". */
    uint32_t next_id;           /* Next group or meter id. */
};

/* Returns a new environment for actions_fuzz_one_input(). */
struct actions_fuzz_env *
actions_fuzz_env_create(void)
{
    struct actions_fuzz_env *env = xzalloc(sizeof *env);
    ovn_init_symtab(&env->symtab);
    dhcp_opts_init_defaults(&env->dhcp_opts, &env->dhcpv6_opts);
    nd_ra_opts_init(&env->nd_ra_opts);
    controller_event_opts_init(&env->event_opts);
    smap_init(&env->template_vars);
    smap_add(&env->template_vars, "vip", "10.0.0.10");
    smap_add(&env->template_vars, "port", "80");
    smap_add(&env->template_vars, "backends", "10.0.0.11:80,10.0.0.12:80");
    env->next_id = 1;
    return env;
}

/* Frees 'env'. */
void
actions_fuzz_env_destroy(struct actions_fuzz_env *env)
{
    if (env) {
        expr_symtab_destroy(&env->symtab);
        gen_opts_destroy(&env->dhcp_opts);
        gen_opts_destroy(&env->dhcpv6_opts);
        gen_opts_destroy(&env->nd_ra_opts);
        controller_event_opts_destroy(&env->event_opts);
        smap_destroy(&env->template_vars);
        free(env);
    }
}

/* lookup_port callback: "p1" and "p2" exist. */
static bool
lookup_port(const void *aux OVS_UNUSED, const char *name, unsigned int *portp)
{
    if (!strcmp(name, "p1") || !strcmp(name, "p2")) {
        *portp = name[1] - '0';
        return true;
    }
    return false;
}

/* tunnel_ofport callback: "p1" is behind tunnel port 10. */
static bool
tunnel_ofport(const void *aux OVS_UNUSED, const char *name,
              ofp_port_t *ofportp)
{
    if (!strcmp(name, "p1")) {
        *ofportp = u16_to_ofp(10);
        return true;
    }
    return false;
}

/* group_id and meter_id callback: a new id each time, none after 100. */
static uint32_t
next_id(const void *env_, const char *name OVS_UNUSED,
        const struct uuid *lflow_uuid OVS_UNUSED)
{
    struct actions_fuzz_env *env = CONST_CAST(struct actions_fuzz_env *,
                                              env_);
    return env->next_id < 100 ? env->next_id++ : UINT32_MAX;
}

/* Parses, formats, reparses and encodes 'input' in one context. */
static void
fuzz_actions(struct actions_fuzz_env *env, const char *input,
             enum ovnact_pipeline pipeline, bool is_switch)
{
    struct ovnact_parse_params pp = {
        .symtab = &env->symtab,
        .dhcp_opts = &env->dhcp_opts,
        .dhcpv6_opts = &env->dhcpv6_opts,
        .nd_ra_opts = &env->nd_ra_opts,
        .controller_event_opts = &env->event_opts,
        .pipeline = pipeline,
        .n_tables = 24,
        .cur_ltable = 10,
    };

    struct ofpbuf ovnacts;
    ofpbuf_init(&ovnacts, 0);
    struct expr *prereqs;
    char *error = ovnacts_parse_string(input, &pp, &ovnacts, &prereqs);
    if (error) {
        ovs_assert(!ovnacts.size && !prereqs);
        free(error);
        ofpbuf_uninit(&ovnacts);
        return;
    }

    /* The canonical form must parse back to itself. */
    struct ds s = DS_EMPTY_INITIALIZER;
    ovnacts_format(ovnacts.data, ovnacts.size, &s);
    struct ofpbuf again;
    ofpbuf_init(&again, 0);
    error = ovnacts_parse_string(ds_cstr(&s), &pp, &again, NULL);
    if (error) {
        ovs_fatal(0, "\"%s\" formats as \"%s\", which fails to parse: %s",
                  input, ds_cstr(&s), error);
    }
    struct ds s2 = DS_EMPTY_INITIALIZER;
    ovnacts_format(again.data, again.size, &s2);
    if (strcmp(ds_cstr(&s), ds_cstr(&s2))) {
        ovs_fatal(0, "\"%s\" formats as \"%s\", which formats as \"%s\"",
                  input, ds_cstr(&s), ds_cstr(&s2));
    }
    ds_destroy(&s2);
    ovnacts_free(again.data, again.size);
    ofpbuf_uninit(&again);
    ds_destroy(&s);

    /* Encoding must produce OpenFlow actions that OpenFlow 1.5 can
     * carry. */
    struct ovnact_encode_params ep = {
        .lookup_port = lookup_port,
        .tunnel_ofport = tunnel_ofport,
        .group_id = next_id,
        .meter_id = next_id,
        .aux = env,
        .is_switch = is_switch,
        .dp_key = 7,
        .ctrl_meter_id = NX_CTLR_NO_METER,
        .common_nat_ct_zone = MFF_LOG_DNAT_ZONE,
    };
    ovnact_encode_params_init_tables(&ep, pipeline);
    struct ofpbuf ofpacts;
    ofpbuf_init(&ofpacts, 0);
    ovnacts_encode(ovnacts.data, ovnacts.size, &ep, &ofpacts);

    struct ofpbuf openflow;
    ofpbuf_init(&openflow, 0);
    ofpacts_put_openflow_actions(ofpacts.data, ofpacts.size, &openflow,
                                 OFP15_VERSION);
    ofpbuf_uninit(&openflow);

    struct ds of = DS_EMPTY_INITIALIZER;
    struct ofpact_format_params fp = { .s = &of };
    ofpacts_format(ofpacts.data, ofpacts.size, &fp);
    ds_destroy(&of);

    ofpbuf_uninit(&ofpacts);
    expr_destroy(prereqs);
    ovnacts_free(ovnacts.data, ovnacts.size);
    ofpbuf_uninit(&ovnacts);
}

/* Runs the 'size' bytes at 'data' (up to the first null byte) through
 * template expansion and the action language, in both pipelines, for a
 * switch and for a router. */
void
actions_fuzz_one_input(struct actions_fuzz_env *env, const uint8_t *data,
                       size_t size)
{
    char *input = xmemdup0((const char *) data, size);
    char *expanded = lexer_parse_template_string(input, &env->template_vars,
                                                 NULL);
    fuzz_actions(env, expanded, OVNACT_P_INGRESS, true);
    fuzz_actions(env, expanded, OVNACT_P_EGRESS, false);
    free(expanded);
    free(input);
}
