/* actions-nested.c: the actions that make ovn-controller build a packet.
 *
 * This family owns arp, nd_ns, nd_na, nd_na_router, icmp4, icmp4_error,
 * icmp6, icmp6_error, tcp_reset, sctp_abort and reject, each written
 * "NAME { action; ... }".  Each becomes a controller action whose
 * userdata carries the nested actions as OpenFlow 1.5 actions: pinctrl
 * turns the packet into an ARP request, ICMP error and so on, then sends
 * it back to the switch to run them.  The nested actions' prerequisites
 * concern the new packet, so only the action's own prerequisite applies
 * to the flow. */

#include <config.h>

#include "actions-private.h"

#include <string.h>

#include "lex.h"
#include "openvswitch/dynamic-string.h"
#include "util.h"

/* How each action of the family is written and encoded. */
struct nested_action {
    const char *name;           /* Keyword. */
    enum ovnact_type type;      /* Action type. */
    const char *prereq;         /* Prerequisite, or NULL to take the
                                 * nested actions' prerequisites. */
    enum action_opcode opcode;  /* Controller opcode. */
    bool pause;                 /* Whether the flow's actions continue
                                 * once pinctrl is done with the packet. */
};

static const struct nested_action nested_actions[] = {
    { "arp", OVNACT_ARP, "ip", ACTION_OPCODE_ARP, true },
    { "nd_ns", OVNACT_ND_NS, "ip", ACTION_OPCODE_ND_NS, true },
    { "nd_na", OVNACT_ND_NA, "nd_ns", ACTION_OPCODE_ND_NA, false },
    { "nd_na_router", OVNACT_ND_NA_ROUTER, "nd_ns",
      ACTION_OPCODE_ND_NA_ROUTER, false },
    { "icmp4", OVNACT_ICMP4, "ip4", ACTION_OPCODE_ICMP, false },
    { "icmp4_error", OVNACT_ICMP4_ERROR, "ip4", ACTION_OPCODE_ICMP4_ERROR,
      false },
    { "icmp6", OVNACT_ICMP6, "ip6", ACTION_OPCODE_ICMP, false },
    { "icmp6_error", OVNACT_ICMP6_ERROR, "ip6", ACTION_OPCODE_ICMP6_ERROR,
      false },
    { "tcp_reset", OVNACT_TCP_RESET, "tcp", ACTION_OPCODE_TCP_RESET, false },
    { "sctp_abort", OVNACT_SCTP_ABORT, "sctp", ACTION_OPCODE_SCTP_ABORT,
      false },
    { "reject", OVNACT_REJECT, NULL, ACTION_OPCODE_REJECT, false },
};

/* Returns the description of action type 'type', or NULL. */
static const struct nested_action *
find_by_type(enum ovnact_type type)
{
    for (size_t i = 0; i < ARRAY_SIZE(nested_actions); i++) {
        if (nested_actions[i].type == type) {
            return &nested_actions[i];
        }
    }
    return NULL;
}

/* Parses "{ ... }" after any keyword of the family. */
static void
parse_nested_action(struct action_context *ctx)
{
    for (size_t i = 0; i < ARRAY_SIZE(nested_actions); i++) {
        const struct nested_action *na = &nested_actions[i];
        if (!strcmp(ctx->keyword, na->name)) {
            action_parse_nested(ctx, na->type, na->prereq, WR_DEFAULT);
            return;
        }
    }
    OVS_NOT_REACHED();
}

/* Formats "NAME { ... };". */
static void
format_nested(const struct ovnact *a, struct ds *s)
{
    action_format_nested(ALIGNED_CAST(const struct ovnact_nest *, a),
                         find_by_type(a->type)->name, s);
}

/* Encodes the action as a controller action carrying its nested
 * actions. */
static void
encode_nested(const struct ovnact *a, const struct ovnact_encode_params *ep,
              struct ofpbuf *ofpacts)
{
    const struct nested_action *na = find_by_type(a->type);
    action_encode_nested(ALIGNED_CAST(const struct ovnact_nest *, a), ep,
                         na->opcode, na->pause, ofpacts);
}

/* Frees the nested actions. */
static void
free_nested(struct ovnact *a)
{
    struct ovnact_nest *on = ALIGNED_CAST(struct ovnact_nest *, a);
    ovnacts_free(on->nested, on->nested_len);
    free(on->nested);
}

static const struct ovnact_ops nested_ops = {
    format_nested, encode_nested, free_nested };

static const struct ovnact_type_ops nested_types[] = {
    { OVNACT_ARP, &nested_ops },
    { OVNACT_ND_NS, &nested_ops },
    { OVNACT_ND_NA, &nested_ops },
    { OVNACT_ND_NA_ROUTER, &nested_ops },
    { OVNACT_ICMP4, &nested_ops },
    { OVNACT_ICMP4_ERROR, &nested_ops },
    { OVNACT_ICMP6, &nested_ops },
    { OVNACT_ICMP6_ERROR, &nested_ops },
    { OVNACT_TCP_RESET, &nested_ops },
    { OVNACT_SCTP_ABORT, &nested_ops },
    { OVNACT_REJECT, &nested_ops },
};

static const struct ovnact_keyword nested_keywords[] = {
    { "arp", parse_nested_action },
    { "nd_ns", parse_nested_action },
    { "nd_na", parse_nested_action },
    { "nd_na_router", parse_nested_action },
    { "icmp4", parse_nested_action },
    { "icmp4_error", parse_nested_action },
    { "icmp6", parse_nested_action },
    { "icmp6_error", parse_nested_action },
    { "tcp_reset", parse_nested_action },
    { "sctp_abort", parse_nested_action },
    { "reject", parse_nested_action },
};

const struct ovnact_family ovnact_nested_family = {
    nested_keywords, ARRAY_SIZE(nested_keywords),
    NULL, 0,
    nested_types, ARRAY_SIZE(nested_types),
};
