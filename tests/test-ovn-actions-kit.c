/* test-ovn-actions-kit.c: "ovstest test-ovn kit-actions", which turns the
 * logical flows of a conformance kit scenario into OpenFlow flows the way
 * ovn-controller does, actions included, so that they can be compared
 * with the scenario's expected-of/flows.txt and groups.txt.
 *
 * Usage: kit-actions SCENARIO_DIR SB_JSON [--var NAME=VALUE]...
 *                    [--resident PORT]...
 *
 * SB_JSON is the reply of "ovsdb-tool query" on the scenario's
 * sb-after.db selecting Datapath_Binding, Port_Binding and
 * Multicast_Group (in that order), the input that the kit's ofnorm.py
 * also takes: it supplies the real tunnel keys, which controller actions
 * carry in their userdata.  --var defines a chassis template variable.
 * VIFs and gateway router ports count as resident on the chassis (for
 * is_chassis_resident()); --resident adds a port, such as a
 * chassisredirect port whose gateway the kit's chassis is.
 *
 * For each logical flow of a datapath that has flows in flows.txt, prints
 * the OpenFlow flows as "ovs-ofctl dump-flows" would show them, with
 * actions converted to OpenFlow 1.5 (as ovn-controller sends them) and
 * back through OpenFlow 1.0 (as the kit's dump read them), before the
 * kit's normalization (ofnorm.py does that).  Each select group prints as
 * "GROUP: " and the group as "dump-groups" shows it.  A logical flow that
 * fails prints "ERROR: LFLOW: MESSAGE". */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actions.h"
#include "byte-order.h"
#include "expr.h"
#include "lex.h"
#include "logical-fields.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/json.h"
#include "openvswitch/list.h"
#include "openvswitch/ofp-actions.h"
#include "openvswitch/ofp-flow.h"
#include "openvswitch/ofp-group.h"
#include "openvswitch/ofp-msgs.h"
#include "openvswitch/ofp-protocol.h"
#include "openvswitch/ofpbuf.h"
#include "openvswitch/shash.h"
#include "simap.h"
#include "smap.h"
#include "sset.h"
#include "svec.h"
#include "test-ovn-actions.h"
#include "util.h"

/* A logical datapath of the scenario. */
struct kit_dp {
    char *name;                 /* external_ids:name. */
    char *uuid;                 /* Row UUID, to resolve references. */
    bool is_switch;             /* Logical switch or router. */
    int64_t key;                /* Tunnel key. */
    struct simap ports;         /* Port and multicast group name to key. */
};

/* What the scenario's flows refer to. */
struct kit {
    struct shash dps;           /* Name to "struct kit_dp *". */
    struct shash addr_sets;     /* Address sets. */
    struct shash port_groups;   /* Port groups, by SB name. */
    struct sset local_dps;      /* Datapaths with flows in flows.txt. */
    struct smap vars;           /* Template variables. */
    struct sset resident;       /* Ports resident on the chassis: VIFs and
                                 * gateway router ports, of any
                                 * datapath. */
    struct sset localports;     /* Ports of type "localport". */
};

/* Returns the number of elements of JSON array 'j'. */
static size_t
array_size(const struct json *j)
{
    return json_array(j)->n;
}

/* Returns element 'i' of JSON array 'j'. */
static const struct json *
array_at(const struct json *j, size_t i)
{
    return json_array(j)->elems[i];
}

/* Returns the string member 'name' of JSON object 'row', or "". */
static const char *
row_string(const struct json *row, const char *name)
{
    const struct json *j = shash_find_data(json_object(row), name);
    return j && j->type == JSON_STRING ? json_string(j) : "";
}

/* Returns the integer member 'name' of JSON object 'row', or 0. */
static int64_t
row_integer(const struct json *row, const char *name)
{
    const struct json *j = shash_find_data(json_object(row), name);
    return j && j->type == JSON_INTEGER ? json_integer(j) : 0;
}

/* Returns the UUID string of reference member 'name' ("["uuid", S]"). */
static const char *
row_uuid(const struct json *row, const char *name)
{
    const struct json *j = shash_find_data(json_object(row), name);
    if (j && j->type == JSON_ARRAY && array_size(j) == 2
        && array_at(j, 1)->type == JSON_STRING) {
        return json_string(array_at(j, 1));
    }
    return "";
}

/* Returns the value of key 'key' in map member 'name', or NULL. */
static const char *
row_map_get(const struct json *row, const char *name, const char *key)
{
    const struct json *j = shash_find_data(json_object(row), name);
    if (!j || j->type != JSON_ARRAY || array_size(j) != 2) {
        return NULL;
    }
    const struct json *pairs = array_at(j, 1);
    for (size_t i = 0; i < array_size(pairs); i++) {
        const struct json *pair = array_at(pairs, i);
        if (array_size(pair) == 2
            && !strcmp(json_string(array_at(pair, 0)), key)) {
            return json_string(array_at(pair, 1));
        }
    }
    return NULL;
}

/* Returns the datapath with row UUID 'uuid', or NULL. */
static struct kit_dp *
dp_by_uuid(const struct kit *kit, const char *uuid)
{
    struct shash_node *node;
    SHASH_FOR_EACH (node, &kit->dps) {
        struct kit_dp *dp = node->data;
        if (!strcmp(dp->uuid, uuid)) {
            return dp;
        }
    }
    return NULL;
}

/* Returns the rows of result 'i' of the query reply 'reply'. */
static const struct json *
reply_rows(const struct json *reply, size_t i)
{
    if (reply->type != JSON_ARRAY || array_size(reply) <= i) {
        ovs_fatal(0, "SB JSON: missing result %"PRIuSIZE, i);
    }
    const struct json *rows = shash_find_data(
        json_object(array_at(reply, i)), "rows");
    if (!rows || rows->type != JSON_ARRAY) {
        ovs_fatal(0, "SB JSON: result %"PRIuSIZE" has no rows", i);
    }
    return rows;
}

/* Loads datapaths, ports and multicast groups from 'file'. */
static void
load_sb_json(struct kit *kit, const char *file)
{
    struct json *reply = json_from_file(file);
    if (reply->type == JSON_STRING) {
        ovs_fatal(0, "%s: %s", file, json_string(reply));
    }

    const struct json *dps = reply_rows(reply, 0);
    for (size_t i = 0; i < array_size(dps); i++) {
        const struct json *row = array_at(dps, i);
        const char *name = row_map_get(row, "external_ids", "name");
        if (!name) {
            continue;
        }
        struct kit_dp *dp = xzalloc(sizeof *dp);
        dp->name = xstrdup(name);
        dp->uuid = xstrdup(row_uuid(row, "_uuid"));
        dp->key = row_integer(row, "tunnel_key");
        dp->is_switch = (!strcmp(row_string(row, "type"), "logical-switch")
                         || row_map_get(row, "external_ids",
                                        "logical-switch"));
        simap_init(&dp->ports);
        shash_add(&kit->dps, dp->name, dp);
    }

    for (size_t t = 1; t <= 2; t++) {
        const struct json *rows = reply_rows(reply, t);
        for (size_t i = 0; i < array_size(rows); i++) {
            const struct json *row = array_at(rows, i);
            struct kit_dp *dp = dp_by_uuid(kit, row_uuid(row, "datapath"));
            const char *name = row_string(row, t == 1 ? "logical_port"
                                                      : "name");
            if (!dp || !name[0]) {
                continue;
            }
            simap_put(&dp->ports, name, row_integer(row, "tunnel_key"));
            /* The kit's chassis hosts every VIF and gateway router. */
            const char *type = t == 1 ? row_string(row, "type") : "-";
            if (!type[0] || !strcmp(type, "l3gateway")) {
                sset_add(&kit->resident, name);
            } else if (!strcmp(type, "localport")) {
                sset_add(&kit->localports, name);
            }
        }
    }
    json_destroy(reply);
}

/* Reads 'file' of the scenario's 'subdir' into 'lines'. */
static void
read_lines(const char *dir, const char *subdir, const char *file,
           struct svec *lines)
{
    char *name = xasprintf("%s/%s/%s", dir, subdir, file);
    FILE *stream = fopen(name, "r");
    svec_init(lines);
    if (stream) {
        struct ds line = DS_EMPTY_INITIALIZER;
        while (!ds_get_line(&line, stream)) {
            svec_add(lines, ds_cstr(&line));
        }
        ds_destroy(&line);
        fclose(stream);
    }
    free(name);
}

/* Returns a copy of the quoted strings in the value of column 'key' of
 * 'line' (a line of an expected/ table dump), in 'strings'; returns false
 * if there is no such column. */
static bool
column_strings(const char *line, const char *key, struct svec *strings)
{
    char *pattern = xasprintf("%s=", key);
    const char *p = strstr(line, pattern);
    while (p && p != line && p[-1] != ' ') {
        p = strstr(p + 1, pattern);
    }
    free(pattern);
    if (!p) {
        return false;
    }
    p += strlen(key) + 1;

    /* The value ends at the first space outside quotes and brackets. */
    int depth = 0;
    bool quoted = false;
    struct ds s = DS_EMPTY_INITIALIZER;
    for (; *p; p++) {
        if (quoted) {
            if (*p == '\\' && p[1]) {
                ds_put_char(&s, *++p);
            } else if (*p == '"') {
                svec_add(strings, ds_cstr(&s));
                ds_clear(&s);
                quoted = false;
            } else {
                ds_put_char(&s, *p);
            }
        } else if (*p == '"') {
            quoted = true;
        } else if (*p == '[' || *p == '{') {
            depth++;
        } else if (*p == ']' || *p == '}') {
            depth--;
        } else if (*p == ' ' && !depth) {
            break;
        }
    }
    ds_destroy(&s);
    return true;
}

/* Loads the address sets and port groups of the scenario. */
static void
load_sets(struct kit *kit, const char *dir)
{
    static const char *const files[] = { "Address_Set.txt",
                                         "Port_Group.txt" };
    for (size_t f = 0; f < ARRAY_SIZE(files); f++) {
        struct svec lines;
        read_lines(dir, "expected", files[f], &lines);
        for (size_t i = 0; i < lines.n; i++) {
            struct svec name = SVEC_EMPTY_INITIALIZER;
            struct svec values = SVEC_EMPTY_INITIALIZER;
            column_strings(lines.names[i], "name", &name);
            column_strings(lines.names[i], f ? "ports" : "addresses",
                           &values);
            if (name.n) {
                if (f) {
                    expr_const_sets_add_strings(&kit->port_groups,
                                                name.names[0],
                                                (const char *const *)
                                                values.names, values.n,
                                                NULL);
                } else {
                    expr_const_sets_add_integers(&kit->addr_sets,
                                                 name.names[0],
                                                 (const char *const *)
                                                 values.names, values.n);
                }
            }
            svec_destroy(&name);
            svec_destroy(&values);
        }
        svec_destroy(&lines);
    }
}

/* Notes every datapath that flows.txt mentions. */
static void
load_local_dps(struct kit *kit, const char *dir)
{
    struct svec lines;
    read_lines(dir, "expected-of", "flows.txt", &lines);
    for (size_t i = 0; i < lines.n; i++) {
        const char *p = strstr(lines.names[i], "metadata=<dp:");
        if (p) {
            p += strlen("metadata=<dp:");
            size_t len = strcspn(p, ">");
            char *name = xmemdup0(p, len);
            sset_add(&kit->local_dps, name);
            free(name);
        }
    }
    svec_destroy(&lines);
}

/* lookup_port callback over a datapath's ports. */
static bool
lookup_port_cb(const void *dp_, const char *name, unsigned int *portp)
{
    const struct kit_dp *dp = dp_;
    if (!strcmp(name, "none")) {
        *portp = 0;
        return true;
    }
    const struct simap_node *node = simap_find(&dp->ports, name);
    if (node) {
        *portp = node->data;
    }
    return node != NULL;
}

/* is_chassis_resident callback over a "struct kit". */
static bool
is_resident_cb(const void *kit_, const char *name)
{
    const struct kit *kit = kit_;
    return sset_contains(&kit->resident, name);
}

/* What the encoder's callbacks see for one logical flow. */
struct kit_flow_aux {
    const struct kit_dp *dp;    /* The flow's datapath. */
    struct svec groups;         /* Descriptions of the groups it uses. */
};

/* lookup_port callback for the encoder. */
static bool
encode_lookup_port_cb(const void *aux_, const char *name,
                      unsigned int *portp)
{
    const struct kit_flow_aux *aux = aux_;
    return lookup_port_cb(aux->dp, name, portp);
}

/* group_id callback: records the description; every group is id 1 (the
 * kit masks group ids). */
static uint32_t
group_id_cb(const void *aux_, const char *desc,
            const struct uuid *lflow_uuid OVS_UNUSED)
{
    struct kit_flow_aux *aux = CONST_CAST(struct kit_flow_aux *, aux_);
    svec_add(&aux->groups, desc);
    return 1;
}

/* meter_id callback: the kit's only meter, the ACL log meter, is 1. */
static uint32_t
meter_id_cb(const void *aux OVS_UNUSED, const char *name OVS_UNUSED,
            const struct uuid *lflow_uuid OVS_UNUSED)
{
    return 1;
}

/* Converts 'ofpacts' the way the kit's flows went: to OpenFlow 1.5 and
 * back (ovn-controller to ovs-vswitchd), then to OpenFlow 1.0 and back
 * (ovs-vswitchd to "ovs-ofctl dump-flows"), and formats the result. */
static void
format_as_dumped(const struct ofpbuf *ofpacts, struct ds *s)
{
    static const enum ofp_version versions[] = { OFP15_VERSION,
                                                 OFP10_VERSION };
    struct ofpbuf current;
    ofpbuf_init(&current, 0);
    ofpbuf_put(&current, ofpacts->data, ofpacts->size);

    for (size_t i = 0; i < ARRAY_SIZE(versions) && current.size; i++) {
        struct ofpbuf openflow;
        ofpbuf_init(&openflow, 0);
        ofpacts_put_openflow_actions(current.data, current.size, &openflow,
                                     versions[i]);
        struct ofpbuf decoded;
        ofpbuf_init(&decoded, 0);
        enum ofperr error = ofpacts_pull_openflow_actions(
            &openflow, openflow.size, versions[i], NULL, NULL, &decoded);
        if (error) {
            ds_put_format(s, "<error: %s>", ofperr_to_string(error));
            ofpbuf_uninit(&decoded);
            ofpbuf_uninit(&openflow);
            ofpbuf_uninit(&current);
            return;
        }
        ofpbuf_uninit(&openflow);
        ofpbuf_uninit(&current);
        current = decoded;
    }

    struct ofpact_format_params fp = { .s = s };
    ofpacts_format(current.data, current.size, &fp);
    ofpbuf_uninit(&current);
}

/* Prints group 'desc' as "ovs-ofctl -O OpenFlow15 dump-groups" shows it,
 * with the group id masked, after "GROUP: ". */
static void
print_group(const char *desc)
{
    char *s = xasprintf("group_id=1,%s", desc);
    struct ofputil_group_mod gm;
    enum ofputil_protocol usable;
    char *error = parse_ofp_group_mod_str(&gm, OFPGC15_ADD, s, NULL, NULL,
                                          &usable);
    free(s);
    if (error) {
        printf("GROUP: <error: %s>\n", error);
        free(error);
        return;
    }

    struct ofputil_group_desc gd = {
        .type = gm.type,
        .group_id = gm.group_id,
        .props = gm.props,
    };
    ovs_list_init(&gd.buckets);
    struct ofpbuf *request = ofputil_encode_group_desc_request(
        OFP15_VERSION, OFPG_ALL);
    struct ovs_list replies;
    ofpmp_init(&replies, request->data);
    ofputil_append_group_desc_reply(&gd, &gm.buckets, &replies);
    ofpbuf_delete(request);

    struct ofpbuf *reply = ofpbuf_from_list(ovs_list_front(&replies));
    ofpmsg_update_length(reply);
    struct ds ds = DS_EMPTY_INITIALIZER;
    ofputil_group_desc_format(&ds, reply->data, NULL, NULL);
    ofpbuf_list_delete(&replies);
    ofputil_uninit_group_mod(&gm);

    /* Keep only the group, masking its id. */
    const char *p = strstr(ds_cstr(&ds), "group_id=1,");
    if (p) {
        char *line = xstrdup(p + strlen("group_id=1,"));
        line[strcspn(line, "\n")] = '\0';
        printf("GROUP: group_id=<group>,%s\n", line);
        free(line);
    } else {
        printf("GROUP: <unexpected: %s>\n", ds_cstr(&ds));
    }
    ds_destroy(&ds);
}

/* Extracts the datapath, pipeline, table, priority, match and actions of
 * logical flow 'line'.  Returns false if it does not look like one. */
static bool
split_lflow(const char *line, char **dp_name, bool *ingress, int *table,
            int *priority, char **match, char **actions)
{
    char dp[64], pipeline[16];
    if (sscanf(line, "%63s %15s table=%d(%*[^)]) priority=%d", dp, pipeline,
               table, priority) != 4) {
        return false;
    }
    const char *m = strstr(line, " match=(");
    const char *a = m ? strstr(m, ") action=(") : NULL;
    if (!a) {
        return false;
    }
    *dp_name = xstrdup(dp);
    *ingress = !strcmp(pipeline, "ingress");
    *match = xmemdup0(m + 8, a - (m + 8));

    /* The actions end at the last ")" before any desc= or tags=. */
    const char *start = a + 10;
    const char *end = start + strlen(start);
    const char *desc = strstr(start, ") desc=");
    const char *tags = strstr(start, ") tags=");
    if (desc || tags) {
        end = desc && (!tags || desc < tags) ? desc : tags;
    } else {
        end = strrchr(start, ')');
    }
    *actions = xmemdup0(start, end - start);
    return true;
}

/* Converts and prints one logical flow. */
static void
convert_lflow(struct kit *kit, const struct actions_env *env,
              const char *line)
{
    char *dp_name, *match, *actions;
    bool ingress;
    int table, priority;
    if (!split_lflow(line, &dp_name, &ingress, &table, &priority, &match,
                     &actions)) {
        printf("ERROR: %s: cannot parse logical flow\n", line);
        return;
    }
    struct kit_dp *dp = shash_find_data(&kit->dps, dp_name);
    if (!dp || !sset_contains(&kit->local_dps, dp_name)) {
        goto exit;
    }

    /* ovn-controller skips flows tagged with a port that is not related to
     * the chassis; in the kit, that is only ever a localport. */
    struct svec tag = SVEC_EMPTY_INITIALIZER;
    const char *tags = strstr(line, ") tags={");
    if (tags && column_strings(tags + 2, "tags", &tag) && tag.n == 2
        && !strcmp(tag.names[0], "in_out_port")
        && sset_contains(&kit->localports, tag.names[1])) {
        svec_destroy(&tag);
        goto exit;
    }
    svec_destroy(&tag);

    /* Templates, as ovn-controller expands them. */
    char *exp_match = lexer_parse_template_string(match, &kit->vars, NULL);
    char *exp_actions = lexer_parse_template_string(actions, &kit->vars,
                                                    NULL);

    struct ovnact_parse_params pp;
    actions_env_parse_params(env, &pp);
    pp.pipeline = ingress ? OVNACT_P_INGRESS : OVNACT_P_EGRESS;
    pp.n_tables = 40;
    pp.cur_ltable = table;

    struct ofpbuf ovnacts;
    ofpbuf_init(&ovnacts, 0);
    struct expr *prereqs = NULL;
    char *error = ovnacts_parse_string(exp_actions, &pp, &ovnacts, &prereqs);
    struct expr *e = NULL;
    if (!error) {
        e = expr_parse_string(exp_match, &env->symtab, &kit->addr_sets,
                              &kit->port_groups, NULL, NULL, dp->key,
                              &error);
    }
    if (e) {
        e = expr_combine(EXPR_T_AND, e, prereqs);
        prereqs = NULL;
        e = expr_annotate(e, &env->symtab, &error);
    }
    if (error) {
        printf("ERROR: %s: %s\n", line, error);
        free(error);
        goto exit_parsed;
    }
    e = expr_simplify(e);
    e = expr_evaluate_condition(e, is_resident_cb, kit);
    e = expr_normalize(e);

    struct kit_flow_aux aux = { .dp = dp,
                                .groups = SVEC_EMPTY_INITIALIZER };
    struct ovnact_encode_params ep;
    actions_env_encode_params(env, pp.pipeline, dp->is_switch, &ep);
    ep.lookup_port = encode_lookup_port_cb;
    ep.tunnel_ofport = NULL;
    ep.group_id = group_id_cb;
    ep.meter_id = meter_id_cb;
    ep.aux = &aux;
    ep.dp_key = dp->key;
    struct ofpbuf ofpacts;
    ofpbuf_init(&ofpacts, 0);
    ovnacts_encode(ovnacts.data, ovnacts.size, &ep, &ofpacts);

    struct ds acts = DS_EMPTY_INITIALIZER;
    format_as_dumped(&ofpacts, &acts);

    struct hmap matches;
    expr_to_matches(e, lookup_port_cb, dp, &matches);
    struct expr_match *m;
    HMAP_FOR_EACH (m, hmap_node, &matches) {
        match_set_metadata(&m->match, htonll(dp->key));
        struct ds s = DS_EMPTY_INITIALIZER;
        ds_put_format(&s, "table=%d, ",
                      table + (ingress ? ep.ingress_ptable
                                       : ep.egress_ptable));
        match_format(&m->match, NULL, &s, priority);
        ds_put_cstr(&s, " actions=");
        if (m->n) {
            for (size_t i = 0; i < m->n; i++) {
                ds_put_format(&s, "%sconjunction(1,%d/%d)", i ? "," : "",
                              m->conjunctions[i].clause + 1,
                              m->conjunctions[i].n_clauses);
            }
        } else {
            ds_put_cstr(&s, ds_cstr(&acts));
        }
        puts(ds_cstr(&s));
        ds_destroy(&s);
    }
    for (size_t i = 0; i < aux.groups.n && !hmap_is_empty(&matches); i++) {
        print_group(aux.groups.names[i]);
    }
    expr_matches_destroy(&matches);
    svec_destroy(&aux.groups);
    ds_destroy(&acts);
    ofpbuf_uninit(&ofpacts);

exit_parsed:
    expr_destroy(e);
    expr_destroy(prereqs);
    ovnacts_free(ovnacts.data, ovnacts.size);
    ofpbuf_uninit(&ovnacts);
    free(exp_match);
    free(exp_actions);
exit:
    free(dp_name);
    free(match);
    free(actions);
}

/* "kit-actions SCENARIO_DIR SB_JSON [--var NAME=VALUE]...". */
void
test_ovn_kit_actions(int argc, char *argv[])
{
    const char *dir = NULL, *sb_json = NULL;
    struct kit kit;

    shash_init(&kit.dps);
    shash_init(&kit.addr_sets);
    shash_init(&kit.port_groups);
    sset_init(&kit.local_dps);
    sset_init(&kit.resident);
    sset_init(&kit.localports);
    smap_init(&kit.vars);
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--var") && i + 1 < argc) {
            char *var = xstrdup(argv[++i]);
            char *eq = strchr(var, '=');
            if (!eq) {
                ovs_fatal(0, "--var requires NAME=VALUE");
            }
            *eq = '\0';
            smap_replace(&kit.vars, var, eq + 1);
            free(var);
        } else if (!strcmp(argv[i], "--resident") && i + 1 < argc) {
            sset_add(&kit.resident, argv[++i]);
        } else if (!dir) {
            dir = argv[i];
        } else if (!sb_json) {
            sb_json = argv[i];
        } else {
            ovs_fatal(0, "kit-actions: unknown argument %s", argv[i]);
        }
    }
    if (!sb_json) {
        ovs_fatal(0, "usage: kit-actions SCENARIO_DIR SB_JSON "
                  "[--var NAME=VALUE]...");
    }

    load_sb_json(&kit, sb_json);
    load_sets(&kit, dir);
    load_local_dps(&kit, dir);

    struct actions_env env;
    actions_env_init(&env);

    struct svec lflows;
    read_lines(dir, "expected", "Logical_Flow.txt", &lflows);
    for (size_t i = 0; i < lflows.n; i++) {
        convert_lflow(&kit, &env, lflows.names[i]);
    }
    svec_destroy(&lflows);

    actions_env_destroy(&env);
    struct shash_node *node;
    SHASH_FOR_EACH_SAFE (node, &kit.dps) {
        struct kit_dp *dp = node->data;
        simap_destroy(&dp->ports);
        free(dp->name);
        free(dp->uuid);
        free(dp);
    }
    shash_destroy(&kit.dps);
    expr_const_sets_destroy(&kit.addr_sets);
    expr_const_sets_destroy(&kit.port_groups);
    sset_destroy(&kit.local_dps);
    sset_destroy(&kit.resident);
    sset_destroy(&kit.localports);
    smap_destroy(&kit.vars);
}
