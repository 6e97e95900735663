/* actions-group.c: actions built on OpenFlow groups, meters and sampling.
 *
 * This family owns select() (a select group that picks a value for a
 * field), fwd_group() (a select group over logical ports), set_meter()
 * (a meter described by its rate) and sample() (IPFIX sampling).  Group
 * and meter ids come from the caller (struct ovnact_encode_params), which
 * keeps the groups' descriptions and the meters' names to install them. */

#include <config.h>

#include "actions-private.h"

#include <string.h>

#include "byte-order.h"
#include "flow.h"
#include "lex.h"
#include "logical-fields.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/json.h"
#include "openvswitch/ofp-actions.h"
#include "openvswitch/ofpbuf.h"
#include "util.h"

/* Weight of a select() choice written without one. */
#define SELECT_DEFAULT_WEIGHT 100

/* Returns the group id for 'desc', or UINT32_MAX. */
static uint32_t
get_group_id(const struct ovnact_encode_params *ep, const char *desc)
{
    return (ep->group_id ? ep->group_id(ep->aux, desc, &ep->lflow_uuid)
                         : UINT32_MAX);
}

/* R = select(...). */

/* Parses an unsigned decimal integer in [min, max] into '*value'. */
static bool
parse_uint16(struct lexer *lexer, int min, int max, const char *what,
             uint16_t *value)
{
    int n;
    if (!lexer_is_int(lexer)) {
        lexer_syntax_error(lexer, "expecting %s", what);
        return false;
    }
    lexer_get_int(lexer, &n);
    if (n < min || n > max) {
        lexer_error(lexer, "%s %d is not in range %d to %d.", what, n, min,
                    max);
        return false;
    }
    *value = n;
    return true;
}

/* Parses "N[=W], ..." up to (not including) ';' or ')' into 'dsts'. */
static bool
parse_select_dsts(struct lexer *lexer, struct ovnact_select_dst **dsts,
                  size_t *n_dsts)
{
    size_t allocated = 0;
    while (lexer->token.type != LEX_T_RPAREN
           && lexer->token.type != LEX_T_SEMICOLON) {
        struct ovnact_select_dst dst = { .weight = SELECT_DEFAULT_WEIGHT };
        if (!parse_uint16(lexer, 0, UINT16_MAX, "member", &dst.id)) {
            return false;
        }
        if (lexer_match(lexer, LEX_T_EQUALS)
            && !parse_uint16(lexer, 1, UINT16_MAX, "weight", &dst.weight)) {
            return false;
        }
        if (*n_dsts >= allocated) {
            *dsts = x2nrealloc(*dsts, &allocated, sizeof **dsts);
        }
        (*dsts)[(*n_dsts)++] = dst;
        if (!lexer_match(lexer, LEX_T_COMMA)
            && lexer->token.type != LEX_T_RPAREN
            && lexer->token.type != LEX_T_SEMICOLON) {
            lexer_syntax_error(lexer, "expecting `,' or `)'");
            return false;
        }
    }
    return true;
}

/* Parses the rest of "R = select(N[=W], ...)" or "R =
 * select(values=(N[=W], ...); hash_fields="...")". */
static void
parse_select(struct action_context *ctx, const struct expr_field *dst)
{
    struct lexer *lexer = ctx->lexer;
    struct ovnact_select_dst *dsts = NULL;
    size_t n_dsts = 0;
    char *hash_fields = NULL;
    uint8_t ltable;

    if (!action_check_result(ctx, dst, dst->n_bits)
        || !action_next_table(ctx, "select", &ltable)) {
        return;
    }

    if (lexer_match_id(lexer, "values")) {
        if (!lexer_force_match(lexer, LEX_T_EQUALS)
            || !lexer_force_match(lexer, LEX_T_LPAREN)
            || !parse_select_dsts(lexer, &dsts, &n_dsts)
            || !lexer_force_match(lexer, LEX_T_RPAREN)) {
            goto error;
        }
        if (lexer_match(lexer, LEX_T_SEMICOLON)) {
            if (!lexer_match_id(lexer, "hash_fields")
                || !lexer_force_match(lexer, LEX_T_EQUALS)
                || lexer->token.type != LEX_T_STRING) {
                lexer_syntax_error(lexer, "expecting hash_fields");
                goto error;
            }
            hash_fields = xstrdup(lexer->token.s);
            lexer_get(lexer);
        }
    } else if (!parse_select_dsts(lexer, &dsts, &n_dsts)) {
        goto error;
    }
    if (!lexer_force_match(lexer, LEX_T_RPAREN)) {
        goto error;
    }

    if (n_dsts < 2) {
        lexer_error(lexer, "select() needs at least 2 members.");
        goto error;
    }
    for (size_t i = 0; i < n_dsts; i++) {
        if (dst->n_bits < 16 && dsts[i].id >> dst->n_bits) {
            lexer_error(lexer, "select() member %"PRIu16" does not fit in "
                        "%d-bit field.", dsts[i].id, dst->n_bits);
            goto error;
        }
    }

    struct ovnact_select *select = ovnact_put_SELECT(ctx->ovnacts);
    select->dsts = dsts;
    select->n_dsts = n_dsts;
    select->ltable = ltable;
    select->res_field = *dst;
    select->hash_fields = hash_fields;
    return;

error:
    free(dsts);
    free(hash_fields);
}

/* Formats "R = select(N=W, ...);" or the "values=" form. */
static void
format_select(const struct ovnact *a, struct ds *s)
{
    const struct ovnact_select *select = ovnact_get_SELECT(a);
    expr_field_format(&select->res_field, s);
    ds_put_cstr(s, " = select(");
    if (select->hash_fields) {
        ds_put_cstr(s, "values=(");
    }
    for (size_t i = 0; i < select->n_dsts; i++) {
        if (i) {
            ds_put_cstr(s, ", ");
        }
        ds_put_format(s, "%"PRIu16"=%"PRIu16, select->dsts[i].id,
                      select->dsts[i].weight);
    }
    if (select->hash_fields) {
        ds_put_format(s, "); hash_fields=\"%s\"", select->hash_fields);
    }
    ds_put_cstr(s, ");");
}

/* Encodes select: a select group with one bucket per member, each
 * loading the member into R and continuing in the next table. */
static void
encode_select(const struct ovnact *a, const struct ovnact_encode_params *ep,
              struct ofpbuf *ofpacts)
{
    const struct ovnact_select *select = ovnact_get_SELECT(a);
    struct mf_subfield sf = expr_resolve_field(&select->res_field);
    uint8_t table = action_first_ptable(ep, ep->pipeline) + select->ltable;

    struct ds ds = DS_EMPTY_INITIALIZER;
    ds_put_format(&ds, "type=select,selection_method=%s",
                  select->hash_fields ? "hash" : "dp_hash");
    if (select->hash_fields) {
        ds_put_format(&ds, ",fields(%s)", select->hash_fields);
    }
    for (size_t i = 0; i < select->n_dsts; i++) {
        ds_put_format(&ds, ",bucket=bucket_id=%"PRIuSIZE",weight:%"PRIu16
                      ",actions=load:%"PRIu16"->%s[%d..%d],resubmit(,%d)",
                      i, select->dsts[i].weight, select->dsts[i].id,
                      sf.field->name, sf.ofs, sf.ofs + sf.n_bits - 1,
                      table);
    }

    uint32_t group_id = get_group_id(ep, ds_cstr(&ds));
    ds_destroy(&ds);
    if (group_id != UINT32_MAX) {
        ofpact_put_GROUP(ofpacts)->group_id = group_id;
    }
}

/* Frees the members and hash fields of select. */
static void
free_select(struct ovnact *a)
{
    struct ovnact_select *select = ovnact_get_SELECT(a);
    free(select->dsts);
    free(select->hash_fields);
}

/* fwd_group(liveness=BOOL, childports="P", ...). */

/* Parses "fwd_group(...)". */
static void
parse_fwd_group(struct action_context *ctx)
{
    struct lexer *lexer = ctx->lexer;
    bool liveness = false;
    char **ports = NULL;
    size_t n_ports = 0, allocated = 0;

    if (!lexer_force_match(lexer, LEX_T_LPAREN)) {
        return;
    }
    if (lexer_match_id(lexer, "liveness")) {
        if (!lexer_force_match(lexer, LEX_T_EQUALS)) {
            return;
        }
        const char *value = (lexer->token.type == LEX_T_ID
                             || lexer->token.type == LEX_T_STRING
                             ? lexer->token.s : "");
        if (!strcmp(value, "true") || !strcmp(value, "false")) {
            liveness = !strcmp(value, "true");
            lexer_get(lexer);
        } else {
            lexer_syntax_error(lexer, "expecting true or false");
            return;
        }
        if (!lexer_force_match(lexer, LEX_T_COMMA)) {
            return;
        }
    }
    if (!lexer_match_id(lexer, "childports")) {
        lexer_syntax_error(lexer, "expecting `childports'");
        return;
    }
    if (!lexer_force_match(lexer, LEX_T_EQUALS)) {
        return;
    }
    while (!lexer_match(lexer, LEX_T_RPAREN)) {
        if (lexer->token.type != LEX_T_STRING) {
            lexer_syntax_error(lexer, "expecting logical switch port");
            goto error;
        }
        if (n_ports >= allocated) {
            ports = x2nrealloc(ports, &allocated, sizeof *ports);
        }
        ports[n_ports++] = xstrdup(lexer->token.s);
        lexer_get(lexer);
        if (!lexer_match(lexer, LEX_T_COMMA)
            && lexer->token.type != LEX_T_RPAREN) {
            lexer_syntax_error(lexer, "expecting `,' or `)'");
            goto error;
        }
    }
    if (!n_ports) {
        lexer_error(lexer, "fwd_group needs at least one child port.");
        goto error;
    }

    struct ovnact_fwd_group *fg = ovnact_put_FWD_GROUP(ctx->ovnacts);
    fg->liveness = liveness;
    fg->child_ports = ports;
    fg->n_child_ports = n_ports;
    return;

error:
    for (size_t i = 0; i < n_ports; i++) {
        free(ports[i]);
    }
    free(ports);
}

/* Formats "fwd_group([liveness=true, ]childports="P", ...);". */
static void
format_fwd_group(const struct ovnact *a, struct ds *s)
{
    const struct ovnact_fwd_group *fg = ovnact_get_FWD_GROUP(a);
    ds_put_cstr(s, "fwd_group(");
    if (fg->liveness) {
        ds_put_cstr(s, "liveness=true, ");
    }
    ds_put_cstr(s, "childports=");
    for (size_t i = 0; i < fg->n_child_ports; i++) {
        if (i) {
            ds_put_cstr(s, ", ");
        }
        json_string_escape(fg->child_ports[i], s);
    }
    ds_put_cstr(s, ");");
}

/* Encodes fwd_group: a select group with one bucket per child port that
 * sets the logical output port and outputs, watching the tunnel to the
 * port's chassis if liveness is asked for.  Any unknown port makes the
 * whole action encode to nothing.  (The key is printed in decimal after
 * "0x", as OVN 26.03 does, which matters only for keys above 9.) */
static void
encode_fwd_group(const struct ovnact *a,
                 const struct ovnact_encode_params *ep,
                 struct ofpbuf *ofpacts)
{
    const struct ovnact_fwd_group *fg = ovnact_get_FWD_GROUP(a);
    struct ds ds = DS_EMPTY_INITIALIZER;

    ds_put_cstr(&ds, "type=select,selection_method=dp_hash");
    for (size_t i = 0; i < fg->n_child_ports; i++) {
        unsigned int key;
        if (!ep->lookup_port
            || !ep->lookup_port(ep->aux, fg->child_ports[i], &key)) {
            goto exit;
        }
        ds_put_cstr(&ds, ",bucket=");
        if (fg->liveness) {
            ofp_port_t ofport;
            if (!ep->tunnel_ofport
                || !ep->tunnel_ofport(ep->aux, fg->child_ports[i],
                                      &ofport)) {
                goto exit;
            }
            ds_put_format(&ds, "watch_port:%"PRIu32",",
                          ofp_to_u16(ofport));
        }
        ds_put_format(&ds, "load=0x%u->NXM_NX_REG%d[0..15]", key,
                      MFF_LOG_OUTPORT - MFF_REG0);
        ds_put_format(&ds, ",resubmit(,%d)", ep->output_ptable);
    }

    uint32_t group_id = get_group_id(ep, ds_cstr(&ds));
    if (group_id != UINT32_MAX) {
        ofpact_put_GROUP(ofpacts)->group_id = group_id;
    }

exit:
    ds_destroy(&ds);
}

/* Frees the child ports of fwd_group. */
static void
free_fwd_group(struct ovnact *a)
{
    struct ovnact_fwd_group *fg = ovnact_get_FWD_GROUP(a);
    for (size_t i = 0; i < fg->n_child_ports; i++) {
        free(fg->child_ports[i]);
    }
    free(fg->child_ports);
}

/* set_meter(RATE[, BURST]). */

/* Parses a decimal integer into '*value', or reports 'what' expected. */
static bool
parse_u64(struct lexer *lexer, const char *what, uint64_t *value)
{
    const struct lex_token *t = &lexer->token;
    if (t->type != LEX_T_INTEGER || t->format != LEX_F_DECIMAL
        || !is_all_zeros(&t->value, sizeof t->value - 8)) {
        lexer_syntax_error(lexer, "expecting %s", what);
        return false;
    }
    *value = ntohll(t->value.integer);
    lexer_get(lexer);
    return true;
}

/* Parses "set_meter(RATE[, BURST])". */
static void
parse_set_meter(struct action_context *ctx)
{
    struct lexer *lexer = ctx->lexer;
    uint64_t rate, burst = 0;

    if (!lexer_force_match(lexer, LEX_T_LPAREN)
        || !parse_u64(lexer, "rate", &rate)) {
        return;
    }
    if (lexer_match(lexer, LEX_T_COMMA)
        && !parse_u64(lexer, "burst", &burst)) {
        return;
    }
    if (!lexer_force_match(lexer, LEX_T_RPAREN)) {
        return;
    }
    if (!rate) {
        lexer_error(lexer, "Rate %"PRIu64" for set_meter is not valid.",
                    rate);
        return;
    }
    struct ovnact_set_meter *sm = ovnact_put_SET_METER(ctx->ovnacts);
    sm->rate = rate;
    sm->burst = burst;
}

/* Formats "set_meter(RATE[, BURST]);". */
static void
format_set_meter(const struct ovnact *a, struct ds *s)
{
    const struct ovnact_set_meter *sm = ovnact_get_SET_METER(a);
    ds_put_format(s, "set_meter(%"PRIu64, sm->rate);
    if (sm->burst) {
        ds_put_format(s, ", %"PRIu64, sm->burst);
    }
    ds_put_cstr(s, ");");
}

/* Encodes set_meter as a meter whose name, starting "__string: ", is its
 * own description in ovs-ofctl syntax, so that the caller can create it
 * without a Meter row. */
static void
encode_set_meter(const struct ovnact *a,
                 const struct ovnact_encode_params *ep,
                 struct ofpbuf *ofpacts)
{
    const struct ovnact_set_meter *sm = ovnact_get_SET_METER(a);
    char *name;
    if (sm->burst) {
        name = xasprintf("__string: kbps burst stats bands=type=drop "
                         "rate=%"PRIu64" burst_size=%"PRIu64,
                         sm->rate, sm->burst);
    } else {
        name = xasprintf("__string: kbps stats bands=type=drop "
                         "rate=%"PRIu64, sm->rate);
    }
    uint32_t meter_id = (ep->meter_id
                         ? ep->meter_id(ep->aux, name, &ep->lflow_uuid)
                         : UINT32_MAX);
    free(name);
    if (meter_id != UINT32_MAX) {
        ofpact_put_METER(ofpacts)->meter_id = meter_id;
    }
}

/* sample(...). */

/* Parses "= N" with N a decimal integer no larger than 'max'. */
static bool
parse_sample_value(struct lexer *lexer, const char *what, uint64_t max,
                   uint64_t *value)
{
    if (!lexer_force_match(lexer, LEX_T_EQUALS)
        || !parse_u64(lexer, what, value)) {
        return false;
    }
    if (*value > max) {
        lexer_error(lexer, "%s %"PRIu64" is out of range 0 to %"PRIu64".",
                    what, *value, max);
        return false;
    }
    return true;
}

/* Parses "sample(probability=N, collector_set=N, obs_domain=N,
 * obs_point=N|@cookie)". */
static void
parse_sample(struct action_context *ctx)
{
    struct lexer *lexer = ctx->lexer;
    uint64_t probability = 0, collector_set = 0, obs_domain = 0;
    uint64_t obs_point = 0;
    bool use_cookie = false;

    if (!lexer_force_match(lexer, LEX_T_LPAREN)) {
        return;
    }
    while (!lexer_match(lexer, LEX_T_RPAREN)) {
        if (lexer_match_id(lexer, "probability")) {
            if (!parse_sample_value(lexer, "probability", UINT16_MAX,
                                    &probability)) {
                return;
            }
        } else if (lexer_match_id(lexer, "collector_set")) {
            if (!parse_sample_value(lexer, "collector_set", UINT32_MAX,
                                    &collector_set)) {
                return;
            }
        } else if (lexer_match_id(lexer, "obs_domain")) {
            if (!parse_sample_value(lexer, "obs_domain", UINT8_MAX,
                                    &obs_domain)) {
                return;
            }
        } else if (lexer_match_id(lexer, "obs_point")) {
            if (!lexer_force_match(lexer, LEX_T_EQUALS)) {
                return;
            }
            if (lexer->token.type == LEX_T_PORT_GROUP
                && !strcmp(lexer->token.s, "cookie")) {
                use_cookie = true;
                lexer_get(lexer);
            } else if (!parse_u64(lexer, "obs_point", &obs_point)
                       || obs_point > UINT32_MAX) {
                lexer_error(lexer, "obs_point must be a 32-bit integer or "
                            "@cookie.");
                return;
            }
        } else {
            lexer_syntax_error(lexer, "expecting probability, "
                               "collector_set, obs_domain or obs_point");
            return;
        }
        if (!lexer_match(lexer, LEX_T_COMMA)
            && lexer->token.type != LEX_T_RPAREN) {
            lexer_syntax_error(lexer, "expecting `,' or `)'");
            return;
        }
    }
    if (!probability) {
        lexer_error(lexer, "sample: probability must be greater than 0.");
        return;
    }

    struct ovnact_sample *sample = ovnact_put_SAMPLE(ctx->ovnacts);
    sample->probability = probability;
    sample->collector_set_id = collector_set;
    sample->obs_domain_id = obs_domain;
    sample->obs_point_id = obs_point;
    sample->use_cookie = use_cookie;
}

/* Formats "sample(probability=N,collector_set=N,obs_domain=N,
 * obs_point=N);". */
static void
format_sample(const struct ovnact *a, struct ds *s)
{
    const struct ovnact_sample *sample = ovnact_get_SAMPLE(a);
    ds_put_format(s, "sample(probability=%"PRIu16",collector_set=%"PRIu32
                  ",obs_domain=%"PRIu8, sample->probability,
                  sample->collector_set_id, sample->obs_domain_id);
    if (sample->use_cookie) {
        ds_put_cstr(s, ",obs_point=@cookie");
    } else {
        ds_put_format(s, ",obs_point=%"PRIu32, sample->obs_point_id);
    }
    ds_put_cstr(s, ");");
}

/* Encodes sample: the observation domain is the action's 8-bit domain
 * above the datapath's 24-bit key. */
static void
encode_sample(const struct ovnact *a, const struct ovnact_encode_params *ep,
              struct ofpbuf *ofpacts)
{
    const struct ovnact_sample *sample = ovnact_get_SAMPLE(a);
    struct ofpact_sample *os = ofpact_put_SAMPLE(ofpacts);
    os->probability = sample->probability;
    os->collector_set_id = sample->collector_set_id;
    os->obs_domain_id = ((uint32_t) sample->obs_domain_id << 24
                         | (ep->dp_key & 0xffffff));
    os->obs_point_id = (sample->use_cookie ? ep->lflow_uuid.parts[0]
                                           : sample->obs_point_id);
    os->sampling_port = OFPP_NONE;
}

/* The family. */

static const struct ovnact_ops select_ops = {
    format_select, encode_select, free_select };
static const struct ovnact_ops fwd_group_ops = {
    format_fwd_group, encode_fwd_group, free_fwd_group };
static const struct ovnact_ops set_meter_ops = {
    format_set_meter, encode_set_meter, NULL };
static const struct ovnact_ops sample_ops = {
    format_sample, encode_sample, NULL };

static const struct ovnact_type_ops group_types[] = {
    { OVNACT_SELECT, &select_ops },
    { OVNACT_FWD_GROUP, &fwd_group_ops },
    { OVNACT_SET_METER, &set_meter_ops },
    { OVNACT_SAMPLE, &sample_ops },
};

static const struct ovnact_keyword group_keywords[] = {
    { "fwd_group", parse_fwd_group },
    { "set_meter", parse_set_meter },
    { "sample", parse_sample },
};

static const struct ovnact_function group_functions[] = {
    { "select", parse_select },
};

const struct ovnact_family ovnact_group_family = {
    group_keywords, ARRAY_SIZE(group_keywords),
    group_functions, ARRAY_SIZE(group_functions),
    group_types, ARRAY_SIZE(group_types),
};
