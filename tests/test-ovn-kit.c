/* test-ovn-kit.c: "ovstest test-ovn kit-flows", which converts the logical
 * flows of a conformance kit scenario to OpenFlow matches.
 *
 * Usage: kit-flows SCENARIO_DIR [--simple-actions] [--action-prereqs]
 *                  [--lflows] [-t NAME=VALUE]... [--resident PORT]...
 *
 * Reads SCENARIO_DIR/expected/{Datapath_Binding,Port_Binding,
 * Multicast_Group,Address_Set,Port_Group,Logical_Flow}.txt, parses and
 * converts the match of every logical flow the way ovn-controller does
 * (annotate, evaluate is_chassis_resident, simplify, normalize, convert),
 * and prints each OpenFlow match as the kit's expected-of/flows.txt shows
 * it, without actions:
 *
 *     table=T, priority=P,MATCH
 *
 * with metadata, reg14 and reg15 shown as <dp:NAME> and <port:NAME>,
 * conj_id as <conj>, and " conjunction(<conj>,K/N)" appended to clause
 * flows.  Logical ingress table N is OpenFlow table 8+N, egress 48+N.
 * Logical flows that fail to parse print "ERROR: LFLOW: MESSAGE".
 *
 * --simple-actions keeps only logical flows whose actions cannot add
 * prerequisites to the match (next, output, drop, assignments of
 * constants or registers to registers, flags and Ethernet addresses), so
 * that the matches must appear verbatim in flows.txt.  --action-prereqs
 * instead ANDs in the prerequisites that the actions probably add (those
 * of the fields they use and of conntrack, ICMP and similar actions), as
 * a rough stand-in for an action parser.  --lflows prints
 * each logical flow's match before its OpenFlow matches.  -t defines a
 * template variable.
 *
 * Ports count as resident on the chassis if they are VIFs, as for
 * chassis hv1 in the kit, or named with --resident. */

#include <config.h>

#include <ctype.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "byte-order.h"
#include "expr.h"
#include "logical-fields.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/ofp-flow.h"
#include "openvswitch/shash.h"
#include "simap.h"
#include "smap.h"
#include "sset.h"
#include "svec.h"
#include "test-ovn.h"
#include "util.h"

/* A logical datapath of the scenario. */
struct kit_datapath {
    char *name;                 /* external_ids:name. */
    int64_t key;                /* Tunnel key we assign. */
    struct simap ports;         /* Port and multicast group name to key. */
    struct sset resident;       /* Ports resident on the chassis. */
};

/* Patterns of the actions that add no prerequisites to a match: next,
 * output, drop, and assignments of constants or registers to ports,
 * registers, flags and Ethernet addresses. */
static const char *const simple_action_patterns[] = {
    "next(\\([a-z=0-9, ]*\\))?",
    "output",
    "drop",
    "(inport|outport) = \"[^\"]*\"",
    "(x?x?reg[0-9]+|flags(\\.[a-z_]+)?|eth\\.(src|dst))(\\[[0-9.]+\\])?"
    " = (\"[^\"]*\"|[0-9a-fx:./]+|x?x?reg[0-9]+(\\[[0-9.]+\\])?"
    "|eth\\.(src|dst)|flags(\\.[a-z_]+)?)",
};
#define N_SIMPLE_ACTION_PATTERNS ARRAY_SIZE(simple_action_patterns)

/* A scenario. */
struct kit {
    struct shash datapaths;     /* Name to "struct kit_datapath *". */
    struct shash addr_sets;     /* Address sets. */
    struct shash port_groups;   /* Port groups, by SB name. */
    struct smap template_vars;  /* Template variables from -t options. */
    struct sset resident;       /* Extra resident ports (--resident). */
    /* simple_action_patterns[], compiled. */
    regex_t simple_actions[N_SIMPLE_ACTION_PATTERNS];
};

/* Reads 'file' in 'dir' into 'lines'. */
static void
read_lines(const char *dir, const char *file, struct svec *lines)
{
    char *name = xasprintf("%s/expected/%s", dir, file);
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

/* Returns the end of the value that starts at 'p': a quoted string, a
 * bracketed list or map, or a bare word. */
static const char *
value_end(const char *p)
{
    int depth = 0;
    bool quoted = false;
    for (; *p; p++) {
        if (quoted) {
            if (*p == '\\' && p[1]) {
                p++;
            } else if (*p == '"') {
                quoted = false;
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
    return p;
}

/* Returns a copy of the raw value of column 'key' in 'line', or NULL. */
static char *
find_column(const char *line, const char *key)
{
    size_t key_len = strlen(key);
    for (const char *p = line; *p; p = value_end(p)) {
        while (*p == ' ') {
            p++;
        }
        if (!strncmp(p, key, key_len) && p[key_len] == '=') {
            const char *start = p + key_len + 1;
            return xmemdup0(start, value_end(start) - start);
        }
        const char *eq = strchr(p, '=');
        if (!eq) {
            break;
        }
        p = eq + 1;
    }
    return NULL;
}

/* Adds every quoted string in 'raw' to 'strings', unescaped. */
static void
quoted_strings(const char *raw, struct svec *strings)
{
    for (const char *p = raw; *p; p++) {
        if (*p != '"') {
            continue;
        }
        struct ds s = DS_EMPTY_INITIALIZER;
        for (p++; *p && *p != '"'; p++) {
            if (*p == '\\' && p[1]) {
                p++;
            }
            ds_put_char(&s, *p);
        }
        svec_add(strings, ds_cstr(&s));
        ds_destroy(&s);
        if (!*p) {
            break;
        }
    }
}

/* Returns the first quoted string of column 'key' in 'line', or NULL. */
static char *
find_string(const char *line, const char *key)
{
    char *raw = find_column(line, key);
    if (!raw) {
        return NULL;
    }
    struct svec strings = SVEC_EMPTY_INITIALIZER;
    quoted_strings(raw, &strings);
    char *result = strings.n ? xstrdup(strings.names[0]) : NULL;
    svec_destroy(&strings);
    free(raw);
    return result;
}

/* Returns the datapath called 'name'. */
static struct kit_datapath *
find_datapath(struct kit *kit, const char *name)
{
    return shash_find_data(&kit->datapaths, name);
}

/* Reads the datapaths; keys are assigned later. */
static void
load_datapaths(struct kit *kit, const char *dir)
{
    struct svec lines;
    read_lines(dir, "Datapath_Binding.txt", &lines);
    for (size_t i = 0; i < lines.n; i++) {
        char *ids = find_column(lines.names[i], "external_ids");
        struct svec strings = SVEC_EMPTY_INITIALIZER;
        quoted_strings(ids ? ids : "", &strings);
        for (size_t j = 0; j + 1 < strings.n; j += 2) {
            if (!strcmp(strings.names[j], "name")) {
                struct kit_datapath *dp = xzalloc(sizeof *dp);
                dp->name = xstrdup(strings.names[j + 1]);
                simap_init(&dp->ports);
                sset_init(&dp->resident);
                shash_add(&kit->datapaths, dp->name, dp);
            }
        }
        svec_destroy(&strings);
        free(ids);
    }
    svec_destroy(&lines);
}

/* Reads the port bindings and multicast groups. */
static void
load_ports(struct kit *kit, const char *dir)
{
    struct svec lines;
    read_lines(dir, "Port_Binding.txt", &lines);
    for (size_t i = 0; i < lines.n; i++) {
        char *dp_name = find_column(lines.names[i], "datapath");
        char *port = find_string(lines.names[i], "logical_port");
        char *type = find_string(lines.names[i], "type");
        struct kit_datapath *dp = dp_name ? find_datapath(kit, dp_name)
                                          : NULL;
        if (dp && port) {
            simap_put(&dp->ports, port, simap_count(&dp->ports) + 1);
            if (!type || !type[0] || sset_contains(&kit->resident, port)) {
                sset_add(&dp->resident, port);
            }
        }
        free(dp_name);
        free(port);
        free(type);
    }
    svec_destroy(&lines);

    read_lines(dir, "Multicast_Group.txt", &lines);
    for (size_t i = 0; i < lines.n; i++) {
        char *dp_name = find_column(lines.names[i], "datapath");
        char *name = find_string(lines.names[i], "name");
        char *key = find_column(lines.names[i], "tunnel_key");
        struct kit_datapath *dp = dp_name ? find_datapath(kit, dp_name)
                                          : NULL;
        if (dp && name && key) {
            simap_put(&dp->ports, name, atoi(key));
        }
        free(dp_name);
        free(name);
        free(key);
    }
    svec_destroy(&lines);
}

/* Reads the address sets. */
static void
load_addr_sets(struct kit *kit, const char *dir)
{
    struct svec lines;
    read_lines(dir, "Address_Set.txt", &lines);
    for (size_t i = 0; i < lines.n; i++) {
        char *name = find_string(lines.names[i], "name");
        char *raw = find_column(lines.names[i], "addresses");
        struct svec addresses = SVEC_EMPTY_INITIALIZER;
        quoted_strings(raw ? raw : "", &addresses);
        if (name) {
            expr_const_sets_add_integers(&kit->addr_sets, name,
                                         (const char *const *)
                                         addresses.names, addresses.n);
        }
        svec_destroy(&addresses);
        free(raw);
        free(name);
    }
    svec_destroy(&lines);
}

/* Reads the port groups, whose names are "<datapath key>_<name>", and
 * gives each datapath the key its port groups use. */
static void
load_port_groups(struct kit *kit, const char *dir)
{
    struct svec lines;
    read_lines(dir, "Port_Group.txt", &lines);
    for (size_t i = 0; i < lines.n; i++) {
        char *name = find_string(lines.names[i], "name");
        char *raw = find_column(lines.names[i], "ports");
        struct svec ports = SVEC_EMPTY_INITIALIZER;
        quoted_strings(raw ? raw : "", &ports);
        if (name) {
            expr_const_sets_add_strings(&kit->port_groups, name,
                                        (const char *const *) ports.names,
                                        ports.n, NULL);

            /* The datapath that has the first port gets the key. */
            long long int key = atoll(name);
            struct shash_node *node;
            SHASH_FOR_EACH (node, &kit->datapaths) {
                struct kit_datapath *dp = node->data;
                if (ports.n && simap_contains(&dp->ports, ports.names[0])) {
                    dp->key = key;
                }
            }
        }
        svec_destroy(&ports);
        free(raw);
        free(name);
    }
    svec_destroy(&lines);

    /* Other datapaths get keys not yet in use. */
    int64_t next_key = 1;
    const struct shash_node **nodes = shash_sort(&kit->datapaths);
    for (size_t i = 0; i < shash_count(&kit->datapaths); i++) {
        struct kit_datapath *dp = nodes[i]->data;
        while (!dp->key) {
            bool used = false;
            struct shash_node *node;
            SHASH_FOR_EACH (node, &kit->datapaths) {
                struct kit_datapath *other = node->data;
                used |= other->key == next_key;
            }
            if (!used) {
                dp->key = next_key;
            }
            next_key++;
        }
    }
    free(nodes);
}

/* lookup_port callback over a datapath's ports.  As in ovn-controller,
 * "none" is key 0. */
static bool
lookup_port_cb(const void *dp_, const char *port_name, unsigned int *portp)
{
    const struct kit_datapath *dp = dp_;
    if (!strcmp(port_name, "none")) {
        *portp = 0;
        return true;
    }
    const struct simap_node *node = simap_find(&dp->ports, port_name);
    if (node) {
        *portp = node->data;
    }
    return node != NULL;
}

/* is_chassis_resident callback over a datapath's resident ports. */
static bool
is_resident_cb(const void *dp_, const char *port_name)
{
    const struct kit_datapath *dp = dp_;
    return sset_contains(&dp->resident, port_name);
}

/* Returns the name of the port with key 'key' in 'dp', or "?". */
static const char *
port_name_of(const struct kit_datapath *dp, unsigned long long key)
{
    const struct simap_node *node;
    SIMAP_FOR_EACH (node, &dp->ports) {
        if (node->data == key) {
            return node->name;
        }
    }
    return "?";
}

/* Rewrites 'text' (a formatted match) the way the kit normalizes flows:
 * metadata, reg14 and reg15 as names, conj_id masked. */
static void
normalize_text(const char *text, const struct kit_datapath *dp,
               struct ds *out)
{
    const char *p = text;
    while (*p) {
        unsigned long long value;
        int n = 0;
        if ((p == text || p[-1] == ',')
            && sscanf(p, "metadata=0x%llx%n", &value, &n) == 1) {
            ds_put_format(out, "metadata=<dp:%s>", dp->name);
        } else if ((p == text || p[-1] == ',')
                   && (!strncmp(p, "reg14=", 6) || !strncmp(p, "reg15=", 6))
                   && sscanf(p + 6, "0x%llx%n", &value, &n) == 1) {
            ds_put_format(out, "%.6s<port:%s>", p, port_name_of(dp, value));
            n += 6;
        } else if ((p == text || p[-1] == ',')
                   && sscanf(p, "conj_id=%llu%n", &value, &n) == 1) {
            ds_put_cstr(out, "conj_id=<conj>");
        } else {
            ds_put_char(out, *p);
            n = 1;
        }
        p += n;
    }
}

/* Compiles simple_action_patterns[] into 'regexes', anchored. */
static void
compile_simple_actions(regex_t regexes[N_SIMPLE_ACTION_PATTERNS])
{
    for (size_t i = 0; i < N_SIMPLE_ACTION_PATTERNS; i++) {
        char *anchored = xasprintf("^ *%s *$", simple_action_patterns[i]);
        ovs_assert(!regcomp(&regexes[i], anchored, REG_EXTENDED));
        free(anchored);
    }
}

/* Returns true if every action in 'actions' matches one of 'regexes'
 * (see simple_action_patterns[]), so that none adds prerequisites. */
static bool
actions_are_simple(const char *actions,
                   const regex_t regexes[N_SIMPLE_ACTION_PATTERNS])
{
    char *copy = xstrdup(actions);
    char *save = NULL;
    bool simple = true;
    for (char *action = strtok_r(copy, ";", &save); action && simple;
         action = strtok_r(NULL, ";", &save)) {
        if (strspn(action, " ") == strlen(action)) {
            continue;
        }
        simple = false;
        for (size_t i = 0; i < N_SIMPLE_ACTION_PATTERNS && !simple; i++) {
            simple = !regexec(&regexes[i], action, 0, NULL, 0);
        }
    }
    free(copy);
    return simple;
}

/* Returns the prerequisites that 'actions' add to a flow's match, as
 * well as this test can tell without an action parser: those of every
 * field the actions read or write, and those of the actions that need
 * IP (conntrack), ICMP or TCP packets, ignoring actions nested in
 * braces.  Returns NULL if there are none. */
static struct expr *
action_prereqs(const char *actions, const struct shash *symtab)
{
    static const struct {
        const char *name;       /* Action name. */
        const char *prereqs;    /* Its prerequisites. */
    } keyword_prereqs[] = {
        { "ct_next", "ip" }, { "ct_commit", "ip" },
        { "ct_commit_nat", "ip" }, { "ct_dnat", "ip" }, { "ct_snat", "ip" },
        { "ct_lb", "ip" }, { "ct_lb_mark", "ip" },
        { "ct_dnat_in_czone", "ip" }, { "ct_snat_in_czone", "ip" },
        { "icmp4", "ip4" }, { "icmp4_error", "ip4" }, { "icmp6", "ip6" },
        { "icmp6_error", "ip6" }, { "arp", "ip4" }, { "nd_ns", "ip6" },
        { "nd_na", "nd_ns" }, { "nd_na_router", "nd_ns" },
        { "tcp_reset", "tcp" }, { "sctp_abort", "sctp" },
    };
    struct expr *prereqs = NULL;
    struct lexer lexer;

    lexer_init(&lexer, actions);
    enum lex_type prev = LEX_T_SEMICOLON;
    int depth = 0;
    lexer_get(&lexer);
    while (lexer.token.type != LEX_T_END && lexer.token.type != LEX_T_ERROR) {
        /* Actions nested in { } act on another packet: skip them. */
        if (lexer.token.type == LEX_T_LCURLY) {
            depth++;
        } else if (lexer.token.type == LEX_T_RCURLY) {
            depth--;
        } else if (lexer.token.type == LEX_T_ID && !depth) {
            const char *id = lexer.token.s;
            enum lex_type next = lexer_lookahead(&lexer);
            const char *text = NULL;
            if (prev == LEX_T_SEMICOLON || prev == LEX_T_LCURLY) {
                for (size_t i = 0; i < ARRAY_SIZE(keyword_prereqs); i++) {
                    if (!strcmp(id, keyword_prereqs[i].name)
                        && next != LEX_T_EQUALS) {
                        text = keyword_prereqs[i].prereqs;
                    }
                }
            }
            if (!text && next != LEX_T_LPAREN
                && (next == LEX_T_EQUALS || next == LEX_T_EXCHANGE
                    || next == LEX_T_DECREMENT || next == LEX_T_LSQUARE
                    || prev == LEX_T_EQUALS || prev == LEX_T_EXCHANGE)) {
                const struct expr_symbol *symbol = shash_find_data(symtab,
                                                                   id);
                for (; symbol; symbol = symbol->parent) {
                    if (symbol->prereqs) {
                        char *error;
                        struct expr *e = expr_parse_string(
                            symbol->prereqs, symtab, NULL, NULL, NULL, NULL,
                            0, &error);
                        free(error);
                        prereqs = expr_combine(EXPR_T_AND, prereqs, e);
                    }
                }
            }
            if (text) {
                char *error;
                struct expr *e = expr_parse_string(text, symtab, NULL, NULL,
                                                   NULL, NULL, 0, &error);
                free(error);
                prereqs = expr_combine(EXPR_T_AND, prereqs, e);
            }
        }
        prev = lexer.token.type;
        lexer_get(&lexer);
    }
    lexer_destroy(&lexer);
    return prereqs;
}

/* Converts one line of Logical_Flow.txt. */
static void
convert_lflow(struct kit *kit, const struct shash *symtab, const char *line,
              bool simple_only, bool with_prereqs, bool show_lflows)
{
    char dp_name[64], pipeline[16];
    int table, priority;
    if (sscanf(line, "%63s %15s table=%d(%*[^)]) priority=%d",
               dp_name, pipeline, &table, &priority) != 4) {
        printf("ERROR: %s: cannot parse logical flow\n", line);
        return;
    }

    const char *match_start = strstr(line, " match=(");
    const char *match_end = match_start ? strstr(match_start, ") action=(")
                                        : NULL;
    struct kit_datapath *dp = find_datapath(kit, dp_name);
    if (!match_end || !dp) {
        printf("ERROR: %s: cannot parse logical flow\n", line);
        return;
    }
    char *match = xmemdup0(match_start + 8, match_end - (match_start + 8));
    char *actions = xstrdup(match_end + 10);
    char *last_paren = strrchr(actions, ')');
    if (last_paren) {
        /* The actions end at the last ')' before any desc= or tags=. */
        const char *desc = strstr(actions, ") desc=");
        const char *tags = strstr(actions, ") tags=");
        const char *end = desc ? desc : tags ? tags : last_paren;
        actions[end - actions] = '\0';
    }

    if (simple_only && !actions_are_simple(actions, kit->simple_actions)) {
        goto exit;
    }
    if (show_lflows) {
        printf("# %s %s table=%d priority=%d match=(%s)\n", dp_name,
               pipeline, table, priority, match);
    }

    char *expanded = lexer_parse_template_string(match, &kit->template_vars,
                                                 NULL);
    char *error;
    struct expr *e = expr_parse_string(expanded, symtab, &kit->addr_sets,
                                       &kit->port_groups, NULL, NULL,
                                       dp->key, &error);
    free(expanded);
    if (e && with_prereqs) {
        e = expr_combine(EXPR_T_AND, e, action_prereqs(actions, symtab));
    }
    if (e) {
        e = expr_annotate(e, symtab, &error);
    }
    if (!e) {
        printf("ERROR: %s: %s\n", line, error);
        free(error);
        goto exit;
    }
    e = expr_simplify(e);
    e = expr_evaluate_condition(e, is_resident_cb, dp);
    e = expr_normalize(e);

    struct hmap matches;
    expr_to_matches(e, lookup_port_cb, dp, &matches);
    int of_table = table + (!strcmp(pipeline, "ingress") ? 8 : 48);

    struct expr_match *m;
    HMAP_FOR_EACH (m, hmap_node, &matches) {
        match_set_metadata(&m->match, htonll(dp->key));

        struct ds raw = DS_EMPTY_INITIALIZER;
        match_format(&m->match, NULL, &raw, priority);
        struct ds text = DS_EMPTY_INITIALIZER;
        ds_put_format(&text, "table=%d, ", of_table);
        normalize_text(ds_cstr(&raw), dp, &text);
        for (size_t i = 0; i < m->n; i++) {
            ds_put_format(&text, " conjunction(<conj>,%d/%d)",
                          m->conjunctions[i].clause + 1,
                          m->conjunctions[i].n_clauses);
        }
        puts(ds_cstr(&text));
        ds_destroy(&raw);
        ds_destroy(&text);
    }
    expr_matches_destroy(&matches);
    expr_destroy(e);

exit:
    free(match);
    free(actions);
}

void
test_ovn_kit_flows(int argc, char *argv[])
{
    struct kit kit;
    shash_init(&kit.datapaths);
    shash_init(&kit.addr_sets);
    shash_init(&kit.port_groups);
    smap_init(&kit.template_vars);
    sset_init(&kit.resident);
    compile_simple_actions(kit.simple_actions);

    const char *dir = NULL;
    bool simple_only = false;
    bool with_prereqs = false;
    bool show_lflows = false;

    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--simple-actions")) {
            simple_only = true;
        } else if (!strcmp(argv[i], "--action-prereqs")) {
            with_prereqs = true;
        } else if (!strcmp(argv[i], "--lflows")) {
            show_lflows = true;
        } else if (!strcmp(argv[i], "--resident") && i + 1 < argc) {
            sset_add(&kit.resident, argv[++i]);
        } else if (!strcmp(argv[i], "-t") && i + 1 < argc) {
            char *var = xstrdup(argv[++i]);
            char *eq = strchr(var, '=');
            if (eq) {
                *eq = '\0';
                smap_replace(&kit.template_vars, var, eq + 1);
            }
            free(var);
        } else if (!dir) {
            dir = argv[i];
        } else {
            ovs_fatal(0, "kit-flows: unknown argument %s", argv[i]);
        }
    }
    if (!dir) {
        ovs_fatal(0, "usage: kit-flows SCENARIO_DIR [--simple-actions] "
                  "[--action-prereqs] [--lflows] [-t NAME=VALUE]... "
                  "[--resident PORT]...");
    }

    struct shash symtab;
    ovn_init_symtab(&symtab);

    load_datapaths(&kit, dir);
    load_ports(&kit, dir);
    load_addr_sets(&kit, dir);
    load_port_groups(&kit, dir);

    struct svec lflows;
    read_lines(dir, "Logical_Flow.txt", &lflows);
    for (size_t i = 0; i < lflows.n; i++) {
        convert_lflow(&kit, &symtab, lflows.names[i], simple_only,
                      with_prereqs, show_lflows);
    }
    svec_destroy(&lflows);

    struct shash_node *node;
    SHASH_FOR_EACH_SAFE (node, &kit.datapaths) {
        struct kit_datapath *dp = node->data;
        simap_destroy(&dp->ports);
        sset_destroy(&dp->resident);
        free(dp->name);
        free(dp);
    }
    shash_destroy(&kit.datapaths);
    expr_const_sets_destroy(&kit.addr_sets);
    expr_const_sets_destroy(&kit.port_groups);
    smap_destroy(&kit.template_vars);
    sset_destroy(&kit.resident);
    for (size_t i = 0; i < N_SIMPLE_ACTION_PATTERNS; i++) {
        regfree(&kit.simple_actions[i]);
    }
    expr_symtab_destroy(&symtab);
}
