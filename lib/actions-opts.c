/* actions-opts.c: the responders that ovn-controller answers with
 * option lists: put_dhcp_opts(), put_dhcpv6_opts(), put_nd_ra_opts(), and
 * dns_lookup().
 *
 * This module owns the "NAME = VALUE" option syntax (shared with
 * trigger_event()) and the encoding of option values into the controller
 * action's userdata, in the wire formats of DHCPv4 (RFC 2132, with RFC
 * 3442 routes and RFC 1035 domain lists), DHCPv6 (RFC 8415) and IPv6
 * Router Advertisements (RFC 4861, with RFC 8106 DNS and RFC 4191 route
 * options).  The userdata starts with the field that receives the 1-bit
 * result (see action_put_result_field()). */

#include <config.h>

#include "actions-private.h"

#include <string.h>

#include "byte-order.h"
#include "lex.h"
#include "ovn-l7.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/hmap.h"
#include "openvswitch/ofpbuf.h"
#include "openvswitch/shash.h"
#include "packets.h"
#include "simap.h"
#include "util.h"

/* Fields of an IPv6 Router Advertisement. */
#define RA_ICMP6_TYPE 134
#define RA_CUR_HOP_LIMIT 255
#define RA_ROUTER_LIFETIME 0xffff
#define RA_FLAG_MANAGED 0x80
#define RA_FLAG_OTHER 0x40
#define RA_PREFIX_ON_LINK 0x80
#define RA_PREFIX_AUTONOMOUS 0x40
#define RA_INFINITE_LIFETIME 0xffffffff

/* Longest DNS name and label (RFC 1035). */
#define DNS_NAME_MAX 255
#define DNS_LABEL_MAX 63

/* Generic options. */

/* Returns true if options of 'type' take string values. */
static bool
type_is_string(const char *type)
{
    return (!strcmp(type, "str") || !strcmp(type, "domains")
            || !strcmp(type, "domain"));
}

/* Parses one "NAME = VALUE" into 'o', NAME being an option of 'gen_opts'
 * ('opts_type' names them in messages).  Returns false after recording an
 * error if it fails; 'o' then owns nothing. */
bool
action_parse_gen_opt(struct action_context *ctx, struct ovnact_gen_option *o,
                     const struct hmap *gen_opts, const char *opts_type)
{
    struct lexer *lexer = ctx->lexer;

    if (lexer->token.type != LEX_T_ID) {
        lexer_syntax_error(lexer, NULL);
        return false;
    }
    const struct gen_opts_map *option = (gen_opts
                                         ? gen_opts_find(gen_opts,
                                                         lexer->token.s)
                                         : NULL);
    if (!option) {
        lexer_syntax_error(lexer, "expecting %s option", opts_type);
        return false;
    }
    lexer_get(lexer);

    struct expr_constant_set cs;
    if (!lexer_force_match(lexer, LEX_T_EQUALS)
        || !expr_constant_set_parse(lexer, &cs)) {
        return false;
    }

    bool string = cs.n_values && cs.type == EXPR_C_STRING;
    if (!cs.n_values) {
        lexer_error(lexer, "%s option %s requires a value.", opts_type,
                    option->name);
    } else if (type_is_string(option->type) && !string) {
        lexer_error(lexer, "%s option %s requires string value.",
                    opts_type, option->name);
    } else if (!type_is_string(option->type) && string
               && strcmp(option->type, "host_id")) {
        lexer_error(lexer, "%s option %s requires numeric value.",
                    opts_type, option->name);
    }
    if (lexer->error) {
        expr_constant_set_destroy(&cs);
        return false;
    }
    o->option = option;
    o->value = cs;
    return true;
}

/* Appends "NAME = VALUE" to 's'. */
void
action_format_gen_opt(const struct ovnact_gen_option *o, struct ds *s)
{
    ds_put_format(s, "%s = ", o->option->name);
    expr_constant_set_format(&o->value, s);
}

/* Frees the 'n' options in 'options' and the array. */
void
action_free_gen_opts(struct ovnact_gen_option *options, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        expr_constant_set_destroy(&options[i].value);
    }
    free(options);
}

/* Parses "OPTION = VALUE, ...)" into 'po', with 'dst' as the result. */
static bool
parse_put_opts(struct action_context *ctx, const struct expr_field *dst,
               struct ovnact_put_opts *po, const struct hmap *gen_opts,
               const char *opts_type)
{
    struct lexer *lexer = ctx->lexer;
    size_t allocated = 0;

    memset(po, 0, sizeof *po);
    if (!action_check_result(ctx, dst, 1)) {
        return false;
    }
    po->dst = *dst;

    while (!lexer_match(lexer, LEX_T_RPAREN)) {
        if (po->n_options >= allocated) {
            po->options = x2nrealloc(po->options, &allocated,
                                     sizeof *po->options);
        }
        if (!action_parse_gen_opt(ctx, &po->options[po->n_options],
                                  gen_opts, opts_type)) {
            break;
        }
        po->n_options++;
        if (!lexer_match(lexer, LEX_T_COMMA)
            && lexer->token.type != LEX_T_RPAREN) {
            lexer_syntax_error(lexer, "expecting `,' or `)'");
            break;
        }
    }
    if (lexer->error) {
        action_free_gen_opts(po->options, po->n_options);
        return false;
    }
    return true;
}

/* Appends the parsed 'po' to the actions as 'type'. */
static void
put_opts_action(struct action_context *ctx, enum ovnact_type type,
                const struct ovnact_put_opts *po)
{
    struct ovnact_put_opts *p = ovnact_put(ctx->ovnacts, type,
                                           OVNACT_ALIGN(sizeof *p));
    p->dst = po->dst;
    p->options = po->options;
    p->n_options = po->n_options;
}

/* Parses the rest of "R = put_dhcp_opts(...)": offerip must come first. */
static void
parse_put_dhcp_opts(struct action_context *ctx, const struct expr_field *dst)
{
    struct ovnact_put_opts po;
    if (!parse_put_opts(ctx, dst, &po, ctx->pp->dhcp_opts, "DHCPv4")) {
        return;
    }
    if (!po.n_options
        || po.options[0].option->code != DHCP_OPT_OFFERIP_CODE) {
        lexer_error(ctx->lexer,
                    "put_dhcp_opts requires offerip as first parameter.");
        action_free_gen_opts(po.options, po.n_options);
        return;
    }
    put_opts_action(ctx, OVNACT_PUT_DHCPV4_OPTS, &po);
}

/* Parses the rest of "R = put_dhcpv6_opts(...)". */
static void
parse_put_dhcpv6_opts(struct action_context *ctx,
                      const struct expr_field *dst)
{
    struct ovnact_put_opts po;
    if (parse_put_opts(ctx, dst, &po, ctx->pp->dhcpv6_opts, "DHCPv6")) {
        put_opts_action(ctx, OVNACT_PUT_DHCPV6_OPTS, &po);
    }
}

/* Checks the value of one put_nd_ra_opts() option; records in the flags
 * what the whole list must contain. */
static bool
check_nd_ra_opt(const struct ovnact_gen_option *o, bool *stateful,
                bool *has_prefix, bool *has_slla)
{
    const struct expr_constant *c = o->value.values;
    if (o->value.n_values != 1) {
        return false;
    }

    switch (o->option->code) {
    case ND_RA_FLAG_ADDR_MODE:
        if (!strcmp(c->string, "dhcpv6_stateful")) {
            *stateful = true;
            return true;
        }
        return (!strcmp(c->string, "slaac")
                || !strcmp(c->string, "dhcpv6_stateless"));
    case ND_OPT_SOURCE_LINKADDR:
        *has_slla = true;
        return c->format == LEX_F_ETHERNET && !c->masked;
    case ND_OPT_PREFIX_INFORMATION:
        *has_prefix = true;
        return c->format == LEX_F_IPV6 && c->masked;
    case ND_OPT_MTU:
        return c->format == LEX_F_DECIMAL && !c->masked;
    case ND_OPT_RDNSS:
        return c->format == LEX_F_IPV6 && !c->masked;
    case ND_OPT_DNSSL:
    case ND_OPT_ROUTE_INFO_TYPE:
        return true;
    default:
        return false;
    }
}

/* Parses the rest of "R = put_nd_ra_opts(...)". */
static void
parse_put_nd_ra_opts(struct action_context *ctx,
                     const struct expr_field *dst)
{
    struct ovnact_put_opts po;
    if (!parse_put_opts(ctx, dst, &po, ctx->pp->nd_ra_opts, "IPv6 ND RA")) {
        return;
    }

    bool stateful = false, has_prefix = false, has_slla = false;
    for (size_t i = 0; i < po.n_options; i++) {
        const struct ovnact_gen_option *o = &po.options[i];
        if (!check_nd_ra_opt(o, &stateful, &has_prefix, &has_slla)) {
            lexer_error(ctx->lexer, "Invalid value for \"%s\" option",
                        o->option->name);
            goto error;
        }
    }
    if (!has_slla) {
        lexer_error(ctx->lexer, "slla option not present");
        goto error;
    }
    if (!stateful && !has_prefix) {
        lexer_error(ctx->lexer, "prefix option needs to be set when "
                    "address mode is slaac/dhcpv6_stateless.");
        goto error;
    }
    action_add_prerequisite(ctx, "ip6");
    put_opts_action(ctx, OVNACT_PUT_ND_RA_OPTS, &po);
    return;

error:
    action_free_gen_opts(po.options, po.n_options);
}

/* Formats "R = NAME(OPTION = VALUE, ...);". */
static void
format_put_opts(const struct ovnact *a, struct ds *s)
{
    const struct ovnact_put_opts *po
        = ALIGNED_CAST(const struct ovnact_put_opts *, a);
    expr_field_format(&po->dst, s);
    ds_put_format(s, " = %s(", (a->type == OVNACT_PUT_DHCPV4_OPTS
                                ? "put_dhcp_opts"
                                : a->type == OVNACT_PUT_DHCPV6_OPTS
                                ? "put_dhcpv6_opts" : "put_nd_ra_opts"));
    for (size_t i = 0; i < po->n_options; i++) {
        if (i) {
            ds_put_cstr(s, ", ");
        }
        action_format_gen_opt(&po->options[i], s);
    }
    ds_put_cstr(s, ");");
}

/* Frees the options. */
static void
free_put_opts(struct ovnact *a)
{
    struct ovnact_put_opts *po = ALIGNED_CAST(struct ovnact_put_opts *, a);
    action_free_gen_opts(po->options, po->n_options);
}

/* DHCPv4 encoding. */

/* Returns the right-justified 'n' low bytes of the value of 'c'. */
static const void *
value_bytes(const struct expr_constant *c, size_t n)
{
    return &c->value.u8[sizeof c->value - n];
}

/* Appends 'domains', a comma-separated list of domain names, to 'out' in
 * the wire format of RFC 1035 section 3.1, with the message compression
 * of section 4.1.4 relative to the start of 'out'.  Returns false if a
 * name is malformed. */
static bool
encode_domain_list(const char *domains, struct ofpbuf *out)
{
    struct simap suffixes = SIMAP_INITIALIZER(&suffixes);
    char *copy = xstrdup(domains);
    char *save = NULL;
    bool ok = true;

    for (char *name = strtok_r(copy, ", ", &save); name && ok;
         name = strtok_r(NULL, ", ", &save)) {
        if (strlen(name) > DNS_NAME_MAX) {
            ok = false;
            break;
        }
        const char *p = name;
        while (*p) {
            const struct simap_node *node = simap_find(&suffixes, p);
            if (node) {
                /* A suffix seen before: point to it and stop. */
                uint8_t ptr[2] = { 0xc0 | (node->data >> 8),
                                   node->data & 0xff };
                ofpbuf_put(out, ptr, 2);
                break;
            }
            if (out->size < 0x4000) {
                simap_put(&suffixes, p, out->size);
            }
            size_t len = strcspn(p, ".");
            if (!len || len > DNS_LABEL_MAX) {
                ok = false;
                break;
            }
            uint8_t len8 = len;
            ofpbuf_put(out, &len8, 1);
            ofpbuf_put(out, p, len);
            p += len;
            if (*p == '.') {
                p++;
            }
            if (!*p) {
                ofpbuf_put_zeros(out, 1);
            }
        }
    }
    free(copy);
    simap_destroy(&suffixes);
    return ok;
}

/* Appends the value of DHCPv4 option 'o' to 'out', without the code and
 * length. */
static void
encode_dhcpv4_value(const struct ovnact_gen_option *o, struct ofpbuf *out)
{
    const char *type = o->option->type;
    const struct expr_constant *c = o->value.values;
    size_t n = o->value.n_values;

    if (!strcmp(type, "bool") || !strcmp(type, "uint8")) {
        ofpbuf_put(out, value_bytes(c, 1), 1);
    } else if (!strcmp(type, "uint16")) {
        ofpbuf_put(out, value_bytes(c, 2), 2);
    } else if (!strcmp(type, "uint32")) {
        ofpbuf_put(out, value_bytes(c, 4), 4);
    } else if (!strcmp(type, "ipv4")) {
        for (size_t i = 0; i < n; i++) {
            ofpbuf_put(out, &c[i].value.ipv4, 4);
        }
    } else if (!strcmp(type, "static_routes")) {
        /* RFC 3442: each route is the prefix length, the significant
         * octets of the destination, then the router. */
        for (size_t i = 0; i + 1 < n; i += 2) {
            uint8_t plen = (c[i].masked
                            ? ip_count_cidr_bits(c[i].mask.ipv4) : 32);
            ofpbuf_put(out, &plen, 1);
            ofpbuf_put(out, &c[i].value.ipv4, DIV_ROUND_UP(plen, 8));
            ofpbuf_put(out, &c[i + 1].value.ipv4, 4);
        }
    } else if (!strcmp(type, "domains")) {
        encode_domain_list(c->string, out);
    } else if (!strcmp(type, "host_id") && o->value.type == EXPR_C_INTEGER) {
        ofpbuf_put(out, &c->value.ipv4, 4);
    } else {
        /* "str", "host_id" given as a name. */
        ofpbuf_put(out, c->string, strlen(c->string));
    }
}

/* Appends DHCPv4 option 'o' (code, length, value) to 'ofpacts'. */
static void
encode_dhcpv4_option(const struct ovnact_gen_option *o,
                     struct ofpbuf *ofpacts)
{
    struct ofpbuf value;
    ofpbuf_init(&value, 0);
    encode_dhcpv4_value(o, &value);
    uint8_t header[2] = { o->option->code, MIN(value.size, UINT8_MAX) };
    ofpbuf_put(ofpacts, header, 2);
    ofpbuf_put(ofpacts, value.data, header[1]);
    ofpbuf_uninit(&value);
}

/* Returns the first option with 'code' in 'po', or NULL. */
static const struct ovnact_gen_option *
find_opt(const struct ovnact_put_opts *po, size_t code)
{
    for (size_t i = 0; i < po->n_options; i++) {
        if (po->options[i].option->code == code) {
            return &po->options[i];
        }
    }
    return NULL;
}

/* Encodes put_dhcp_opts: a pausing controller action whose userdata
 * holds the result field, the offered address (4 bytes, not an option),
 * then the options.  pinctrl copies the options into the reply as they
 * come, so the boot file options, which PXE clients want early, come
 * first. */
static void
encode_put_dhcpv4_opts(const struct ovnact *a,
                       const struct ovnact_encode_params *ep,
                       struct ofpbuf *ofpacts)
{
    const struct ovnact_put_opts *po = ovnact_get_PUT_DHCPV4_OPTS(a);
    size_t ofs = action_start_controller_op(ACTION_OPCODE_PUT_DHCP_OPTS,
                                            true, ep->ctrl_meter_id,
                                            ofpacts);
    action_put_result_field(&po->dst, ofpacts);

    const struct ovnact_gen_option *offerip = find_opt(
        po, DHCP_OPT_OFFERIP_CODE);
    ofpbuf_put(ofpacts, &offerip->value.values[0].value.ipv4, 4);

    const struct ovnact_gen_option *boot = find_opt(po,
                                                    DHCP_OPT_BOOTFILE_CODE);
    const struct ovnact_gen_option *boot_alt = find_opt(
        po, DHCP_OPT_BOOTFILE_ALT_CODE);
    if (boot) {
        encode_dhcpv4_option(boot, ofpacts);
    }
    if (boot_alt) {
        encode_dhcpv4_option(boot_alt, ofpacts);
    }
    for (size_t i = 0; i < po->n_options; i++) {
        const struct ovnact_gen_option *o = &po->options[i];
        if (o != offerip && o != boot && o != boot_alt) {
            encode_dhcpv4_option(o, ofpacts);
        }
    }
    action_finish_controller_op(ofs, ofpacts);
}

/* DHCPv6 encoding. */

/* Appends DHCPv6 option 'o' (16-bit code, 16-bit length, value) to
 * 'ofpacts'. */
static void
encode_dhcpv6_option(const struct ovnact_gen_option *o,
                     struct ofpbuf *ofpacts)
{
    const char *type = o->option->type;
    const struct expr_constant *c = o->value.values;
    struct ofpbuf value;

    ofpbuf_init(&value, 0);
    if (!strcmp(type, "ipv6")) {
        for (size_t i = 0; i < o->value.n_values; i++) {
            ofpbuf_put(&value, &c[i].value.ipv6, sizeof c[i].value.ipv6);
        }
    } else if (!strcmp(type, "mac")) {
        ofpbuf_put(&value, &c->value.mac, sizeof c->value.mac);
    } else if (!strcmp(type, "domain")) {
        /* RFC 4704: a flags byte, then the name in DNS wire format. */
        ofpbuf_put_zeros(&value, 1);
        encode_domain_list(c->string, &value);
    } else {
        ofpbuf_put(&value, c->string, strlen(c->string));
    }

    ovs_be16 header[2] = { htons(o->option->code),
                           htons(MIN(value.size, UINT16_MAX)) };
    ofpbuf_put(ofpacts, header, sizeof header);
    ofpbuf_put(ofpacts, value.data, value.size);
    ofpbuf_uninit(&value);
}

/* Encodes put_dhcpv6_opts: a pausing controller action whose userdata
 * holds the result field, then the options in order. */
static void
encode_put_dhcpv6_opts(const struct ovnact *a,
                       const struct ovnact_encode_params *ep,
                       struct ofpbuf *ofpacts)
{
    const struct ovnact_put_opts *po = ovnact_get_PUT_DHCPV6_OPTS(a);
    size_t ofs = action_start_controller_op(ACTION_OPCODE_PUT_DHCPV6_OPTS,
                                            true, ep->ctrl_meter_id,
                                            ofpacts);
    action_put_result_field(&po->dst, ofpacts);
    for (size_t i = 0; i < po->n_options; i++) {
        encode_dhcpv6_option(&po->options[i], ofpacts);
    }
    action_finish_controller_op(ofs, ofpacts);
}

/* IPv6 RA encoding. */

/* Appends the options of an IPv6 route information option string, such
 * as "HIGH-fd10::/48,LOW-fd11::/64" (RFC 4191 section 2.3), to
 * 'ofpacts'.  Malformed entries are skipped. */
static void
encode_route_info(const char *routes, struct ofpbuf *ofpacts)
{
    char *copy = xstrdup(routes);
    char *save = NULL;

    for (char *route = strtok_r(copy, ",", &save); route;
         route = strtok_r(NULL, ",", &save)) {
        char *dash = strchr(route, '-');
        if (!dash) {
            continue;
        }
        *dash = '\0';
        uint8_t preference;
        if (!strcmp(route, "HIGH")) {
            preference = 1;
        } else if (!strcmp(route, "LOW")) {
            preference = 3;
        } else if (!strcmp(route, "MEDIUM")) {
            preference = 0;
        } else {
            continue;
        }

        struct in6_addr prefix;
        unsigned int plen;
        char *error = ipv6_parse_cidr(dash + 1, &prefix, &plen);
        if (error) {
            free(error);
            continue;
        }

        size_t prefix_bytes = plen > 64 ? 16 : plen > 0 ? 8 : 0;
        uint8_t header[4] = { ND_OPT_ROUTE_INFO_TYPE,
                              1 + prefix_bytes / 8, plen, preference << 3 };
        ovs_be32 lifetime = htonl(RA_INFINITE_LIFETIME);
        ofpbuf_put(ofpacts, header, sizeof header);
        ofpbuf_put(ofpacts, &lifetime, sizeof lifetime);
        ofpbuf_put(ofpacts, &prefix, prefix_bytes);
    }
    free(copy);
}

/* Appends RA option 'o' to 'ofpacts', in which the RA header is at offset
 * 'ra_ofs' (addr_mode sets its flags, which the prefix options read). */
static void
encode_nd_ra_option(const struct ovnact_gen_option *o,
                    struct ofpbuf *ofpacts, size_t ra_ofs)
{
    const struct expr_constant *c = o->value.values;
    uint8_t *flags = ofpbuf_at_assert(ofpacts, ra_ofs + 5, 1);

    switch (o->option->code) {
    case ND_RA_FLAG_ADDR_MODE:
        if (!strcmp(c->string, "dhcpv6_stateful")) {
            *flags = RA_FLAG_MANAGED;
        } else if (!strcmp(c->string, "dhcpv6_stateless")) {
            *flags = RA_FLAG_OTHER;
        }
        break;

    case ND_OPT_SOURCE_LINKADDR: {
        uint8_t header[2] = { ND_OPT_SOURCE_LINKADDR, 1 };
        ofpbuf_put(ofpacts, header, 2);
        ofpbuf_put(ofpacts, &c->value.mac, sizeof c->value.mac);
        break;
    }

    case ND_OPT_MTU: {
        uint8_t header[4] = { ND_OPT_MTU, 1, 0, 0 };
        ofpbuf_put(ofpacts, header, 4);
        ofpbuf_put(ofpacts, value_bytes(c, 4), 4);
        break;
    }

    case ND_OPT_PREFIX_INFORMATION:
        for (size_t i = 0; i < o->value.n_values; i++) {
            uint8_t prefix_flags = RA_PREFIX_ON_LINK;
            if (!(*flags & RA_FLAG_MANAGED)) {
                prefix_flags |= RA_PREFIX_AUTONOMOUS;
            }
            uint8_t header[4] = {
                ND_OPT_PREFIX_INFORMATION, 4,
                ipv6_count_cidr_bits(&c[i].mask.ipv6), prefix_flags,
            };
            ovs_be32 times[3] = { htonl(RA_INFINITE_LIFETIME),
                                  htonl(RA_INFINITE_LIFETIME), 0 };
            ofpbuf_put(ofpacts, header, sizeof header);
            ofpbuf_put(ofpacts, times, sizeof times);
            ofpbuf_put(ofpacts, &c[i].value.ipv6, sizeof c[i].value.ipv6);
            flags = ofpbuf_at_assert(ofpacts, ra_ofs + 5, 1);
        }
        break;

    case ND_OPT_RDNSS: {
        uint8_t header[4] = { ND_OPT_RDNSS, 1 + 2 * o->value.n_values, 0,
                              0 };
        ovs_be32 lifetime = htonl(RA_INFINITE_LIFETIME);
        ofpbuf_put(ofpacts, header, sizeof header);
        ofpbuf_put(ofpacts, &lifetime, sizeof lifetime);
        for (size_t i = 0; i < o->value.n_values; i++) {
            ofpbuf_put(ofpacts, &c[i].value.ipv6, sizeof c[i].value.ipv6);
        }
        break;
    }

    case ND_OPT_DNSSL: {
        /* Unlike a DHCP domain list, each name stands alone: no
         * compression. */
        struct ofpbuf names;
        ofpbuf_init(&names, 0);
        char *copy = xstrdup(c->string);
        char *save = NULL;
        for (char *name = strtok_r(copy, ",", &save); name;
             name = strtok_r(NULL, ",", &save)) {
            struct ofpbuf one;
            ofpbuf_init(&one, 0);
            if (encode_domain_list(name, &one)) {
                ofpbuf_put(&names, one.data, one.size);
            }
            ofpbuf_uninit(&one);
        }
        free(copy);

        size_t len = ROUND_UP(8 + names.size, 8);
        uint8_t header[4] = { ND_OPT_DNSSL, len / 8, 0, 0 };
        ovs_be32 lifetime = htonl(RA_INFINITE_LIFETIME);
        ofpbuf_put(ofpacts, header, sizeof header);
        ofpbuf_put(ofpacts, &lifetime, sizeof lifetime);
        ofpbuf_put(ofpacts, names.data, names.size);
        ofpbuf_put_zeros(ofpacts, len - 8 - names.size);
        ofpbuf_uninit(&names);
        break;
    }

    case ND_OPT_ROUTE_INFO_TYPE:
        encode_route_info(c->string, ofpacts);
        break;
    }
}

/* Encodes put_nd_ra_opts: a pausing controller action whose userdata
 * holds the result field, then the whole ICMPv6 Router Advertisement
 * (header and options) that pinctrl sends as the reply. */
static void
encode_put_nd_ra_opts(const struct ovnact *a,
                      const struct ovnact_encode_params *ep,
                      struct ofpbuf *ofpacts)
{
    const struct ovnact_put_opts *po = ovnact_get_PUT_ND_RA_OPTS(a);
    size_t ofs = action_start_controller_op(ACTION_OPCODE_PUT_ND_RA_OPTS,
                                            true, ep->ctrl_meter_id,
                                            ofpacts);
    action_put_result_field(&po->dst, ofpacts);

    /* Type, code, checksum, hop limit, flags, router lifetime, reachable
     * time, retransmission timer. */
    size_t ra_ofs = ofpacts->size;
    uint8_t *ra = ofpbuf_put_zeros(ofpacts, 16);
    ra[0] = RA_ICMP6_TYPE;
    ra[4] = RA_CUR_HOP_LIMIT;
    ra[6] = RA_ROUTER_LIFETIME >> 8;
    ra[7] = RA_ROUTER_LIFETIME & 0xff;

    for (size_t i = 0; i < po->n_options; i++) {
        encode_nd_ra_option(&po->options[i], ofpacts, ra_ofs);
    }
    action_finish_controller_op(ofs, ofpacts);
}

/* R = dns_lookup(). */

/* Parses ")" after "R = dns_lookup(". */
static void
parse_dns_lookup(struct action_context *ctx, const struct expr_field *dst)
{
    if (action_check_result(ctx, dst, 1) && action_parse_function_end(ctx)) {
        action_add_prerequisite(ctx, "udp");
        ovnact_put_DNS_LOOKUP(ctx->ovnacts)->dst = *dst;
    }
}

/* Formats "R = dns_lookup();". */
static void
format_dns_lookup(const struct ovnact *a, struct ds *s)
{
    expr_field_format(&ovnact_get_DNS_LOOKUP(a)->dst, s);
    ds_put_cstr(s, " = dns_lookup();");
}

/* Encodes dns_lookup: a pausing controller action whose userdata holds
 * the result field. */
static void
encode_dns_lookup(const struct ovnact *a,
                  const struct ovnact_encode_params *ep,
                  struct ofpbuf *ofpacts)
{
    size_t ofs = action_start_controller_op(ACTION_OPCODE_DNS_LOOKUP, true,
                                            ep->ctrl_meter_id, ofpacts);
    action_put_result_field(&ovnact_get_DNS_LOOKUP(a)->dst, ofpacts);
    action_finish_controller_op(ofs, ofpacts);
}

/* The family. */

static const struct ovnact_ops put_dhcpv4_opts_ops = {
    format_put_opts, encode_put_dhcpv4_opts, free_put_opts };
static const struct ovnact_ops put_dhcpv6_opts_ops = {
    format_put_opts, encode_put_dhcpv6_opts, free_put_opts };
static const struct ovnact_ops put_nd_ra_opts_ops = {
    format_put_opts, encode_put_nd_ra_opts, free_put_opts };
static const struct ovnact_ops dns_lookup_ops = {
    format_dns_lookup, encode_dns_lookup, NULL };

static const struct ovnact_type_ops opts_types[] = {
    { OVNACT_PUT_DHCPV4_OPTS, &put_dhcpv4_opts_ops },
    { OVNACT_PUT_DHCPV6_OPTS, &put_dhcpv6_opts_ops },
    { OVNACT_PUT_ND_RA_OPTS, &put_nd_ra_opts_ops },
    { OVNACT_DNS_LOOKUP, &dns_lookup_ops },
};

static const struct ovnact_function opts_functions[] = {
    { "put_dhcp_opts", parse_put_dhcp_opts },
    { "put_dhcpv6_opts", parse_put_dhcpv6_opts },
    { "put_nd_ra_opts", parse_put_nd_ra_opts },
    { "dns_lookup", parse_dns_lookup },
};

const struct ovnact_family ovnact_opts_family = {
    NULL, 0,
    opts_functions, ARRAY_SIZE(opts_functions),
    opts_types, ARRAY_SIZE(opts_types),
};
