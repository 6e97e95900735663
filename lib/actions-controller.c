/* actions-controller.c: actions that hand the packet to ovn-controller
 * without building a new one.
 *
 * This family owns igmp, put_arp, put_nd, put_fdb, bind_vport,
 * handle_svc_check, handle_dhcpv6_reply, handle_bfd_msg,
 * dhcp_relay_req_chk(), dhcp_relay_resp_chk(), log and trigger_event.
 * Each becomes a controller action with its opcode; arguments travel
 * either in the fixed registers that pinctrl reads (put_arp's IP in reg0,
 * ...) or in the userdata. */

#include <config.h>

#include "actions-private.h"

#include <string.h>

#include "byte-order.h"
#include "lex.h"
#include "logical-fields.h"
#include "ovn-l7.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/json.h"
#include "openvswitch/ofp-actions.h"
#include "openvswitch/ofpbuf.h"
#include "packets.h"
#include "util.h"
#include "uuid.h"

/* Syslog severities of log(). */
enum {
    SEVERITY_ALERT = 1,
    SEVERITY_WARNING = 4,
    SEVERITY_NOTICE = 5,
    SEVERITY_INFO = 6,
    SEVERITY_DEBUG = 7,
};

/* igmp, handle_dhcpv6_reply, handle_bfd_msg(): no operands. */

/* Parses "igmp". */
static void
parse_igmp(struct action_context *ctx)
{
    ovnact_put_IGMP(ctx->ovnacts);
}

/* Parses "handle_dhcpv6_reply". */
static void
parse_handle_dhcpv6_reply(struct action_context *ctx)
{
    ovnact_put_DHCP6_REPLY(ctx->ovnacts);
}

/* Parses "handle_bfd_msg()". */
static void
parse_handle_bfd_msg(struct action_context *ctx)
{
    if (lexer_force_match(ctx->lexer, LEX_T_LPAREN)
        && lexer_force_match(ctx->lexer, LEX_T_RPAREN)) {
        ovnact_put_BFD_MSG(ctx->ovnacts);
    }
}

/* Formats an action with no operands. */
static void
format_null_op(const struct ovnact *a, struct ds *s)
{
    ds_put_cstr(s, (a->type == OVNACT_IGMP ? "igmp;"
                    : a->type == OVNACT_DHCP6_REPLY ? "handle_dhcpv6_reply;"
                    : "handle_bfd_msg();"));
}

/* Encodes an action with no operands as a bare controller action. */
static void
encode_null_op(const struct ovnact *a, const struct ovnact_encode_params *ep,
               struct ofpbuf *ofpacts)
{
    action_put_controller_op((a->type == OVNACT_IGMP ? ACTION_OPCODE_IGMP
                              : a->type == OVNACT_DHCP6_REPLY
                              ? ACTION_OPCODE_DHCP6_SERVER
                              : ACTION_OPCODE_BFD_MSG),
                             ep->ctrl_meter_id, ofpacts);
}

/* put_arp(P, A, E) and put_nd(P, A, E). */

/* Parses "(P, A, E)" with an IP address of 'ip_width' bits. */
static void
parse_put_mac_bind(struct action_context *ctx, enum ovnact_type type,
                   int ip_width)
{
    struct lexer *lexer = ctx->lexer;
    struct ovnact_put_mac_bind pmb;

    if (lexer_force_match(lexer, LEX_T_LPAREN)
        && action_parse_field(ctx, 0, false, &pmb.port)
        && lexer_force_match(lexer, LEX_T_COMMA)
        && action_parse_field(ctx, ip_width, false, &pmb.ip)
        && lexer_force_match(lexer, LEX_T_COMMA)
        && action_parse_field(ctx, 48, false, &pmb.mac)
        && lexer_force_match(lexer, LEX_T_RPAREN)) {
        struct ovnact_put_mac_bind *p = ovnact_put(ctx->ovnacts, type,
                                                   OVNACT_ALIGN(sizeof *p));
        p->port = pmb.port;
        p->ip = pmb.ip;
        p->mac = pmb.mac;
    }
}

/* Parses "put_arp(...)". */
static void
parse_put_arp(struct action_context *ctx)
{
    parse_put_mac_bind(ctx, OVNACT_PUT_ARP, 32);
}

/* Parses "put_nd(...)". */
static void
parse_put_nd(struct action_context *ctx)
{
    parse_put_mac_bind(ctx, OVNACT_PUT_ND, 128);
}

/* Formats "put_arp(P, A, E);" or "put_nd(P, A, E);". */
static void
format_put_mac_bind(const struct ovnact *a, struct ds *s)
{
    const struct ovnact_put_mac_bind *pmb
        = ALIGNED_CAST(const struct ovnact_put_mac_bind *, a);
    ds_put_cstr(s, a->type == OVNACT_PUT_ARP ? "put_arp(" : "put_nd(");
    expr_field_format(&pmb->port, s);
    ds_put_cstr(s, ", ");
    expr_field_format(&pmb->ip, s);
    ds_put_cstr(s, ", ");
    expr_field_format(&pmb->mac, s);
    ds_put_cstr(s, ");");
}

/* Encodes put_arp or put_nd: pinctrl finds the port in the logical input
 * port register, the IP in reg0 (IPv4) or xxreg0 (IPv6) and the MAC in
 * eth.src. */
static void
encode_put_mac_bind(const struct ovnact *a,
                    const struct ovnact_encode_params *ep,
                    struct ofpbuf *ofpacts)
{
    const struct ovnact_put_mac_bind *pmb
        = ALIGNED_CAST(const struct ovnact_put_mac_bind *, a);
    bool arp = a->type == OVNACT_PUT_ARP;
    const struct action_arg args[] = {
        { expr_resolve_field(&pmb->port), MFF_LOG_INPORT },
        { expr_resolve_field(&pmb->ip), arp ? MFF_REG0 : MFF_XXREG0 },
        { expr_resolve_field(&pmb->mac), MFF_ETH_SRC },
    };
    action_setup_args(args, ARRAY_SIZE(args), ofpacts);
    action_put_controller_op(arp ? ACTION_OPCODE_PUT_ARP
                                 : ACTION_OPCODE_PUT_ND,
                             ep->ctrl_meter_id, ofpacts);
    action_restore_args(args, ARRAY_SIZE(args), ofpacts);
}

/* put_fdb(P, A). */

/* Parses "put_fdb(P, A)". */
static void
parse_put_fdb(struct action_context *ctx)
{
    struct lexer *lexer = ctx->lexer;
    struct expr_field port, mac;

    if (lexer_force_match(lexer, LEX_T_LPAREN)
        && action_parse_field(ctx, 0, false, &port)
        && lexer_force_match(lexer, LEX_T_COMMA)
        && action_parse_field(ctx, 48, false, &mac)
        && lexer_force_match(lexer, LEX_T_RPAREN)) {
        struct ovnact_put_fdb *pf = ovnact_put_PUT_FDB(ctx->ovnacts);
        pf->port = port;
        pf->mac = mac;
    }
}

/* Formats "put_fdb(P, A);". */
static void
format_put_fdb(const struct ovnact *a, struct ds *s)
{
    const struct ovnact_put_fdb *pf = ovnact_get_PUT_FDB(a);
    ds_put_cstr(s, "put_fdb(");
    expr_field_format(&pf->port, s);
    ds_put_cstr(s, ", ");
    expr_field_format(&pf->mac, s);
    ds_put_cstr(s, ");");
}

/* Encodes put_fdb: the port in the logical input port register, the MAC
 * in eth.src. */
static void
encode_put_fdb(const struct ovnact *a, const struct ovnact_encode_params *ep,
               struct ofpbuf *ofpacts)
{
    const struct ovnact_put_fdb *pf = ovnact_get_PUT_FDB(a);
    const struct action_arg args[] = {
        { expr_resolve_field(&pf->port), MFF_LOG_INPORT },
        { expr_resolve_field(&pf->mac), MFF_ETH_SRC },
    };
    action_setup_args(args, ARRAY_SIZE(args), ofpacts);
    action_put_controller_op(ACTION_OPCODE_PUT_FDB, ep->ctrl_meter_id,
                             ofpacts);
    action_restore_args(args, ARRAY_SIZE(args), ofpacts);
}

/* bind_vport(V, P). */

/* Parses "bind_vport(V, P)", V a port name, P a string field. */
static void
parse_bind_vport(struct action_context *ctx)
{
    struct lexer *lexer = ctx->lexer;

    if (!lexer_force_match(lexer, LEX_T_LPAREN)) {
        return;
    }
    if (lexer->token.type != LEX_T_STRING) {
        lexer_syntax_error(lexer, "expecting port name string");
        return;
    }
    char *vport = xstrdup(lexer->token.s);
    lexer_get(lexer);

    struct expr_field parent;
    if (lexer_force_match(lexer, LEX_T_COMMA)
        && action_parse_field(ctx, 0, false, &parent)
        && lexer_force_match(lexer, LEX_T_RPAREN)) {
        struct ovnact_bind_vport *bv = ovnact_put_BIND_VPORT(ctx->ovnacts);
        bv->vport = vport;
        bv->vport_parent = parent;
        return;
    }
    free(vport);
}

/* Formats "bind_vport("V", P);". */
static void
format_bind_vport(const struct ovnact *a, struct ds *s)
{
    const struct ovnact_bind_vport *bv = ovnact_get_BIND_VPORT(a);
    ds_put_cstr(s, "bind_vport(");
    json_string_escape(bv->vport, s);
    ds_put_cstr(s, ", ");
    expr_field_format(&bv->vport_parent, s);
    ds_put_cstr(s, ");");
}

/* Encodes bind_vport: the parent port in the logical input port register,
 * the virtual port's tunnel key in the userdata.  A virtual port that this
 * chassis does not know encodes to nothing. */
static void
encode_bind_vport(const struct ovnact *a,
                  const struct ovnact_encode_params *ep,
                  struct ofpbuf *ofpacts)
{
    const struct ovnact_bind_vport *bv = ovnact_get_BIND_VPORT(a);
    unsigned int vport_key;
    if (!ep->lookup_port || !ep->lookup_port(ep->aux, bv->vport,
                                             &vport_key)) {
        return;
    }

    const struct action_arg args[] = {
        { expr_resolve_field(&bv->vport_parent), MFF_LOG_INPORT },
    };
    action_setup_args(args, ARRAY_SIZE(args), ofpacts);
    size_t ofs = action_start_controller_op(ACTION_OPCODE_BIND_VPORT, false,
                                            ep->ctrl_meter_id, ofpacts);
    ovs_be32 key = htonl(vport_key);
    ofpbuf_put(ofpacts, &key, sizeof key);
    action_finish_controller_op(ofs, ofpacts);
    action_restore_args(args, ARRAY_SIZE(args), ofpacts);
}

/* Frees the port name of bind_vport. */
static void
free_bind_vport(struct ovnact *a)
{
    free(ovnact_get_BIND_VPORT(a)->vport);
}

/* handle_svc_check(P). */

/* Parses "handle_svc_check(P)". */
static void
parse_handle_svc_check(struct action_context *ctx)
{
    struct expr_field port;
    if (lexer_force_match(ctx->lexer, LEX_T_LPAREN)
        && action_parse_field(ctx, 0, false, &port)
        && lexer_force_match(ctx->lexer, LEX_T_RPAREN)) {
        ovnact_put_HANDLE_SVC_CHECK(ctx->ovnacts)->port = port;
    }
}

/* Formats "handle_svc_check(P);". */
static void
format_handle_svc_check(const struct ovnact *a, struct ds *s)
{
    ds_put_cstr(s, "handle_svc_check(");
    expr_field_format(&ovnact_get_HANDLE_SVC_CHECK(a)->port, s);
    ds_put_cstr(s, ");");
}

/* Encodes handle_svc_check: the port in the logical input port
 * register. */
static void
encode_handle_svc_check(const struct ovnact *a,
                        const struct ovnact_encode_params *ep,
                        struct ofpbuf *ofpacts)
{
    const struct action_arg args[] = {
        { expr_resolve_field(&ovnact_get_HANDLE_SVC_CHECK(a)->port),
          MFF_LOG_INPORT },
    };
    action_setup_args(args, ARRAY_SIZE(args), ofpacts);
    action_put_controller_op(ACTION_OPCODE_HANDLE_SVC_CHECK,
                             ep->ctrl_meter_id, ofpacts);
    action_restore_args(args, ARRAY_SIZE(args), ofpacts);
}

/* R = dhcp_relay_req_chk(RELAY, SERVER) and dhcp_relay_resp_chk(). */

/* Parses an IPv4 address argument into '*ip'. */
static bool
parse_ipv4_arg(struct lexer *lexer, ovs_be32 *ip)
{
    if (lexer->token.type != LEX_T_INTEGER
        || lexer->token.format != LEX_F_IPV4) {
        lexer_syntax_error(lexer, "expecting IPv4 address");
        return false;
    }
    *ip = lexer->token.value.ipv4;
    lexer_get(lexer);
    return true;
}

/* Parses "RELAY, SERVER)" after "R = dhcp_relay_..._chk(". */
static void
parse_dhcp_relay(struct action_context *ctx, const struct expr_field *dst,
                 enum ovnact_type type)
{
    struct lexer *lexer = ctx->lexer;
    ovs_be32 relay, server;

    if (action_check_result(ctx, dst, 1)
        && parse_ipv4_arg(lexer, &relay)
        && lexer_force_match(lexer, LEX_T_COMMA)
        && parse_ipv4_arg(lexer, &server)
        && lexer_force_match(lexer, LEX_T_RPAREN)) {
        struct ovnact_dhcp_relay *dr = ovnact_put(ctx->ovnacts, type,
                                                  OVNACT_ALIGN(sizeof *dr));
        dr->dst = *dst;
        dr->relay_ipv4 = relay;
        dr->server_ipv4 = server;
    }
}

/* Parses the rest of "R = dhcp_relay_req_chk(...)". */
static void
parse_dhcp_relay_req_chk(struct action_context *ctx,
                         const struct expr_field *dst)
{
    parse_dhcp_relay(ctx, dst, OVNACT_DHCP_RELAY_REQ_CHK);
}

/* Parses the rest of "R = dhcp_relay_resp_chk(...)". */
static void
parse_dhcp_relay_resp_chk(struct action_context *ctx,
                          const struct expr_field *dst)
{
    parse_dhcp_relay(ctx, dst, OVNACT_DHCP_RELAY_RESP_CHK);
}

/* Formats "R = dhcp_relay_..._chk(RELAY, SERVER);". */
static void
format_dhcp_relay(const struct ovnact *a, struct ds *s)
{
    const struct ovnact_dhcp_relay *dr
        = ALIGNED_CAST(const struct ovnact_dhcp_relay *, a);
    expr_field_format(&dr->dst, s);
    ds_put_format(s, " = %s("IP_FMT", "IP_FMT");",
                  (a->type == OVNACT_DHCP_RELAY_REQ_CHK
                   ? "dhcp_relay_req_chk" : "dhcp_relay_resp_chk"),
                  IP_ARGS(dr->relay_ipv4), IP_ARGS(dr->server_ipv4));
}

/* Encodes a DHCP relay check: a pausing controller action whose userdata
 * holds the result field, then the relay and server addresses. */
static void
encode_dhcp_relay(const struct ovnact *a,
                  const struct ovnact_encode_params *ep,
                  struct ofpbuf *ofpacts)
{
    const struct ovnact_dhcp_relay *dr
        = ALIGNED_CAST(const struct ovnact_dhcp_relay *, a);
    size_t ofs = action_start_controller_op(
        (a->type == OVNACT_DHCP_RELAY_REQ_CHK
         ? ACTION_OPCODE_DHCP_RELAY_REQ_CHK
         : ACTION_OPCODE_DHCP_RELAY_RESP_CHK),
        true, ep->ctrl_meter_id, ofpacts);
    action_put_result_field(&dr->dst, ofpacts);
    ofpbuf_put(ofpacts, &dr->relay_ipv4, sizeof dr->relay_ipv4);
    ofpbuf_put(ofpacts, &dr->server_ipv4, sizeof dr->server_ipv4);
    action_finish_controller_op(ofs, ofpacts);
}

/* log(...). */

/* Returns the name of log verdict 'verdict'. */
const char *
log_verdict_to_string(uint8_t verdict)
{
    return (verdict == LOG_VERDICT_ALLOW ? "allow"
            : verdict == LOG_VERDICT_DROP ? "drop"
            : verdict == LOG_VERDICT_REJECT ? "reject"
            : "<unknown>");
}

/* Returns the name of syslog severity 'severity'. */
const char *
log_severity_to_string(uint8_t severity)
{
    switch (severity) {
    case SEVERITY_ALERT: return "alert";
    case SEVERITY_WARNING: return "warning";
    case SEVERITY_NOTICE: return "notice";
    case SEVERITY_INFO: return "info";
    case SEVERITY_DEBUG: return "debug";
    default: return "<unknown>";
    }
}

/* Returns the syslog severity called 'name', or UINT8_MAX. */
uint8_t
log_severity_from_string(const char *name)
{
    static const uint8_t severities[] = {
        SEVERITY_ALERT, SEVERITY_WARNING, SEVERITY_NOTICE, SEVERITY_INFO,
        SEVERITY_DEBUG,
    };
    for (size_t i = 0; i < ARRAY_SIZE(severities); i++) {
        if (!strcmp(name, log_severity_to_string(severities[i]))) {
            return severities[i];
        }
    }
    return UINT8_MAX;
}

/* Parses a string argument, "= STRING", into '*sp'. */
static bool
parse_string_arg(struct lexer *lexer, char **sp)
{
    if (!lexer_force_match(lexer, LEX_T_EQUALS)) {
        return false;
    }
    if (lexer->token.type != LEX_T_STRING) {
        lexer_syntax_error(lexer, "expecting string");
        return false;
    }
    free(*sp);
    *sp = xstrdup(lexer->token.s);
    lexer_get(lexer);
    return true;
}

/* Parses "log" or "log(KEY=VALUE, ...)". */
static void
parse_log(struct action_context *ctx)
{
    struct lexer *lexer = ctx->lexer;
    char *name = NULL, *meter = NULL;
    uint8_t verdict = LOG_VERDICT_UNKNOWN;
    uint8_t severity = SEVERITY_INFO;

    if (lexer_match(lexer, LEX_T_LPAREN)) {
        while (!lexer_match(lexer, LEX_T_RPAREN)) {
            if (lexer_match_id(lexer, "verdict")) {
                if (!lexer_force_match(lexer, LEX_T_EQUALS)) {
                    goto error;
                }
                if (lexer_match_id(lexer, "drop")) {
                    verdict = LOG_VERDICT_DROP;
                } else if (lexer_match_id(lexer, "reject")) {
                    verdict = LOG_VERDICT_REJECT;
                } else if (lexer_match_id(lexer, "allow")) {
                    verdict = LOG_VERDICT_ALLOW;
                } else {
                    lexer_syntax_error(lexer, "unknown verdict");
                    goto error;
                }
            } else if (lexer_match_id(lexer, "name")) {
                if (!parse_string_arg(lexer, &name)) {
                    goto error;
                }
            } else if (lexer_match_id(lexer, "severity")) {
                if (!lexer_force_match(lexer, LEX_T_EQUALS)) {
                    goto error;
                }
                if (lexer->token.type == LEX_T_ID) {
                    severity = log_severity_from_string(lexer->token.s);
                }
                if (lexer->token.type != LEX_T_ID || severity == UINT8_MAX) {
                    lexer_syntax_error(lexer, "expecting severity");
                    goto error;
                }
                lexer_get(lexer);
            } else if (lexer_match_id(lexer, "meter")) {
                if (!parse_string_arg(lexer, &meter)) {
                    goto error;
                }
            } else {
                lexer_syntax_error(lexer, NULL);
                goto error;
            }
            if (!lexer_match(lexer, LEX_T_COMMA)
                && lexer->token.type != LEX_T_RPAREN) {
                lexer_syntax_error(lexer, "expecting `,' or `)'");
                goto error;
            }
        }
    }

    struct ovnact_log *log = ovnact_put_LOG(ctx->ovnacts);
    log->verdict = verdict;
    log->severity = severity;
    log->name = name;
    log->meter = meter;
    return;

error:
    free(name);
    free(meter);
}

/* Formats "log(name="N", verdict=V, severity=S, meter="M");". */
static void
format_log(const struct ovnact *a, struct ds *s)
{
    const struct ovnact_log *log = ovnact_get_LOG(a);
    ds_put_cstr(s, "log(");
    if (log->name) {
        ds_put_cstr(s, "name=");
        json_string_escape(log->name, s);
        ds_put_cstr(s, ", ");
    }
    if (log->verdict != LOG_VERDICT_UNKNOWN) {
        ds_put_format(s, "verdict=%s, ", log_verdict_to_string(log->verdict));
    }
    ds_put_format(s, "severity=%s", log_severity_to_string(log->severity));
    if (log->meter) {
        ds_put_cstr(s, ", meter=");
        json_string_escape(log->meter, s);
    }
    ds_put_cstr(s, ");");
}

/* Encodes log: a controller action, through the log's meter if it has
 * one, whose userdata holds the verdict, the severity and the name. */
static void
encode_log(const struct ovnact *a, const struct ovnact_encode_params *ep,
           struct ofpbuf *ofpacts)
{
    const struct ovnact_log *log = ovnact_get_LOG(a);
    uint32_t meter_id = NX_CTLR_NO_METER;

    if (log->meter) {
        meter_id = (ep->meter_id
                    ? ep->meter_id(ep->aux, log->meter, &ep->lflow_uuid)
                    : UINT32_MAX);
        if (meter_id == UINT32_MAX) {
            return;
        }
    }

    size_t ofs = action_start_controller_op(ACTION_OPCODE_LOG, false,
                                            meter_id, ofpacts);
    struct log_pin_header lph = {
        .verdict = log->verdict,
        .severity = log->severity,
    };
    ofpbuf_put(ofpacts, &lph, sizeof lph);
    if (log->name) {
        ofpbuf_put(ofpacts, log->name, strlen(log->name));
    }
    action_finish_controller_op(ofs, ofpacts);
}

/* Frees the name and meter of log. */
static void
free_log(struct ovnact *a)
{
    struct ovnact_log *log = ovnact_get_LOG(a);
    free(log->name);
    free(log->meter);
}

/* trigger_event(...). */

/* Returns the value of option 'name' among 'options', or NULL. */
static const char *
find_event_option(const struct ovnact_gen_option *options, size_t n,
                  const char *name)
{
    for (size_t i = 0; i < n; i++) {
        if (!strcmp(options[i].option->name, name)
            && options[i].value.n_values
            && options[i].value.type == EXPR_C_STRING) {
            return options[i].value.values[0].string;
        }
    }
    return NULL;
}

/* Checks the options of an empty_lb_backends event. */
static void
validate_empty_lb_backends(struct action_context *ctx,
                           const struct ovnact_gen_option *options, size_t n)
{
    const char *vip = find_event_option(options, n, "vip");
    const char *protocol = find_event_option(options, n, "protocol");
    const char *lb = find_event_option(options, n, "load_balancer");
    struct in6_addr ip;
    uint16_t port;
    struct uuid uuid;

    if (!vip || !protocol || !lb) {
        lexer_error(ctx->lexer, "Event empty_lb_backends requires vip, "
                    "protocol and load_balancer options.");
    } else if (action_parse_ip_port(vip, &ip, &port) == AF_UNSPEC) {
        lexer_error(ctx->lexer, "Invalid load balancer VIP '%s'", vip);
    } else if (strcmp(protocol, "tcp") && strcmp(protocol, "udp")
               && strcmp(protocol, "sctp")) {
        lexer_error(ctx->lexer, "Load balancer protocol '%s' is not 'tcp', "
                    "'udp', or 'sctp'", protocol);
    } else if (!uuid_from_string(&uuid, lb)) {
        lexer_error(ctx->lexer, "Load balancer '%s' is not a UUID", lb);
    }
}

/* Parses "trigger_event(event = "NAME", meter = "M", OPTION = VALUE,
 * ...)". */
static void
parse_trigger_event(struct action_context *ctx)
{
    struct lexer *lexer = ctx->lexer;

    if (!lexer_force_match(lexer, LEX_T_LPAREN)) {
        return;
    }
    if (!lexer_match_id(lexer, "event")) {
        lexer_syntax_error(lexer, "expecting `event'");
        return;
    }
    if (!lexer_force_match(lexer, LEX_T_EQUALS)) {
        return;
    }
    int event = (lexer->token.type == LEX_T_STRING
                 ? ovn_event_from_string(lexer->token.s) : -1);
    if (event < 0) {
        lexer_syntax_error(lexer, "unknown event");
        return;
    }
    lexer_get(lexer);

    const struct hmap *opts = (ctx->pp->controller_event_opts
                               ? &ctx->pp->controller_event_opts
                                  ->event_opts[event]
                               : NULL);
    struct ovnact_gen_option *options = NULL;
    size_t n_options = 0, allocated = 0;
    char *meter = NULL;
    while (!lexer_match(lexer, LEX_T_RPAREN)) {
        if (!lexer_force_match(lexer, LEX_T_COMMA)) {
            goto error;
        }
        if (lexer_match_id(lexer, "meter")) {
            if (!parse_string_arg(lexer, &meter)) {
                goto error;
            }
            continue;
        }
        if (n_options >= allocated) {
            options = x2nrealloc(options, &allocated, sizeof *options);
        }
        if (!action_parse_gen_opt(ctx, &options[n_options], opts,
                                  "controller event")) {
            goto error;
        }
        n_options++;
    }

    if (event == OVN_EVENT_EMPTY_LB_BACKENDS) {
        validate_empty_lb_backends(ctx, options, n_options);
        if (lexer->error) {
            goto error;
        }
    }

    struct ovnact_controller_event *ce
        = ovnact_put_TRIGGER_EVENT(ctx->ovnacts);
    ce->event_type = event;
    ce->meter = meter;
    ce->options = options;
    ce->n_options = n_options;
    return;

error:
    action_free_gen_opts(options, n_options);
    free(meter);
}

/* Formats "trigger_event(event = "NAME", ...);". */
static void
format_trigger_event(const struct ovnact *a, struct ds *s)
{
    const struct ovnact_controller_event *ce = ovnact_get_TRIGGER_EVENT(a);
    ds_put_format(s, "trigger_event(event = \"%s\"",
                  ovn_event_to_string(ce->event_type));
    if (ce->meter) {
        ds_put_cstr(s, ", meter = ");
        json_string_escape(ce->meter, s);
    }
    for (size_t i = 0; i < ce->n_options; i++) {
        ds_put_cstr(s, ", ");
        action_format_gen_opt(&ce->options[i], s);
    }
    ds_put_cstr(s, ");");
}

/* Encodes trigger_event: a controller action, through the event's meter
 * if it names one, whose userdata holds the event type and the options as
 * (code, length, value) records. */
static void
encode_trigger_event(const struct ovnact *a,
                     const struct ovnact_encode_params *ep,
                     struct ofpbuf *ofpacts)
{
    const struct ovnact_controller_event *ce = ovnact_get_TRIGGER_EVENT(a);
    uint32_t meter_id = NX_CTLR_NO_METER;

    if (ce->meter && ce->meter[0]) {
        meter_id = (ep->meter_id
                    ? ep->meter_id(ep->aux, ce->meter, &ep->lflow_uuid)
                    : UINT32_MAX);
        if (meter_id == UINT32_MAX) {
            return;
        }
    }

    size_t ofs = action_start_controller_op(ACTION_OPCODE_EVENT, false,
                                            meter_id, ofpacts);
    ovs_be32 event = htonl(ce->event_type);
    ofpbuf_put(ofpacts, &event, sizeof event);
    for (size_t i = 0; i < ce->n_options; i++) {
        const struct ovnact_gen_option *o = &ce->options[i];
        const char *value = o->value.values[0].string;
        struct controller_event_opt_header hdr = {
            .code = htons(o->option->code),
            .size = htons(strlen(value)),
        };
        ofpbuf_put(ofpacts, &hdr, sizeof hdr);
        ofpbuf_put(ofpacts, value, strlen(value));
    }
    action_finish_controller_op(ofs, ofpacts);
}

/* Frees the meter and options of trigger_event. */
static void
free_trigger_event(struct ovnact *a)
{
    struct ovnact_controller_event *ce = ovnact_get_TRIGGER_EVENT(a);
    free(ce->meter);
    action_free_gen_opts(ce->options, ce->n_options);
}

/* The family. */

static const struct ovnact_ops null_op_ops = {
    format_null_op, encode_null_op, NULL };
static const struct ovnact_ops put_mac_bind_ops = {
    format_put_mac_bind, encode_put_mac_bind, NULL };
static const struct ovnact_ops put_fdb_ops = {
    format_put_fdb, encode_put_fdb, NULL };
static const struct ovnact_ops bind_vport_ops = {
    format_bind_vport, encode_bind_vport, free_bind_vport };
static const struct ovnact_ops handle_svc_check_ops = {
    format_handle_svc_check, encode_handle_svc_check, NULL };
static const struct ovnact_ops dhcp_relay_ops = {
    format_dhcp_relay, encode_dhcp_relay, NULL };
static const struct ovnact_ops log_ops = { format_log, encode_log, free_log };
static const struct ovnact_ops trigger_event_ops = {
    format_trigger_event, encode_trigger_event, free_trigger_event };

static const struct ovnact_type_ops controller_types[] = {
    { OVNACT_IGMP, &null_op_ops },
    { OVNACT_DHCP6_REPLY, &null_op_ops },
    { OVNACT_BFD_MSG, &null_op_ops },
    { OVNACT_PUT_ARP, &put_mac_bind_ops },
    { OVNACT_PUT_ND, &put_mac_bind_ops },
    { OVNACT_PUT_FDB, &put_fdb_ops },
    { OVNACT_BIND_VPORT, &bind_vport_ops },
    { OVNACT_HANDLE_SVC_CHECK, &handle_svc_check_ops },
    { OVNACT_DHCP_RELAY_REQ_CHK, &dhcp_relay_ops },
    { OVNACT_DHCP_RELAY_RESP_CHK, &dhcp_relay_ops },
    { OVNACT_LOG, &log_ops },
    { OVNACT_TRIGGER_EVENT, &trigger_event_ops },
};

static const struct ovnact_keyword controller_keywords[] = {
    { "igmp", parse_igmp },
    { "handle_dhcpv6_reply", parse_handle_dhcpv6_reply },
    { "handle_bfd_msg", parse_handle_bfd_msg },
    { "put_arp", parse_put_arp },
    { "put_nd", parse_put_nd },
    { "put_fdb", parse_put_fdb },
    { "bind_vport", parse_bind_vport },
    { "handle_svc_check", parse_handle_svc_check },
    { "log", parse_log },
    { "trigger_event", parse_trigger_event },
};

static const struct ovnact_function controller_functions[] = {
    { "dhcp_relay_req_chk", parse_dhcp_relay_req_chk },
    { "dhcp_relay_resp_chk", parse_dhcp_relay_resp_chk },
};

const struct ovnact_family ovnact_controller_family = {
    controller_keywords, ARRAY_SIZE(controller_keywords),
    controller_functions, ARRAY_SIZE(controller_functions),
    controller_types, ARRAY_SIZE(controller_types),
};
