/* actions-private.h: what the action families (lib/actions-*.c) share
 * with the driver (lib/actions.c): the parsing context, the operations
 * each family implements for its action types, and the parsing and
 * encoding helpers they have in common.  Not for use outside lib/. */

#ifndef OVN_ACTIONS_PRIVATE_H
#define OVN_ACTIONS_PRIVATE_H 1

#include "actions.h"
#include "expr.h"
#include "openvswitch/meta-flow.h"

struct ds;
struct lexer;
struct ofpbuf;

/* State of a parse. */
struct action_context {
    const struct ovnact_parse_params *pp; /* Caller's parameters. */
    struct lexer *lexer;        /* Source of tokens and sink of errors. */
    struct ofpbuf *ovnacts;     /* Actions parsed so far. */
    struct expr *prereqs;       /* Prerequisites found so far, or NULL. */
    enum expr_write_scope scope; /* Where assignments may write. */
    const char *keyword;        /* Keyword of the action being parsed. */
};

/* What a family does with one of its action types.  'free' releases what
 * the action owns (not the action itself) and may be NULL. */
struct ovnact_ops {
    /* Appends the action's canonical text, with its ";", to the ds. */
    void (*format)(const struct ovnact *, struct ds *);

    /* Appends the action's OpenFlow actions to 'ofpacts'. */
    void (*encode)(const struct ovnact *, const struct ovnact_encode_params *,
                   struct ofpbuf *ofpacts);

    /* Frees what the action owns, or NULL if it owns nothing. */
    void (*free)(struct ovnact *);
};

/* An action keyword that starts an action: "next", "ct_commit", ... The
 * parser has consumed the keyword when 'parse' runs. */
struct ovnact_keyword {
    const char *name;                           /* The keyword. */
    void (*parse)(struct action_context *);     /* Its parser. */
};

/* A function whose result an assignment stores, as in "reg0[0] =
 * lookup_arp(...)".  The parser has consumed the name and the "(" when
 * 'parse' runs; 'dst' is the destination. */
struct ovnact_function {
    const char *name;                           /* The function. */
    void (*parse)(struct action_context *, const struct expr_field *dst);
};

/* The operations on one action type. */
struct ovnact_type_ops {
    enum ovnact_type type;                      /* The type. */
    const struct ovnact_ops *ops;               /* Its operations. */
};

/* A family of actions: its keywords, its functions and its types. */
struct ovnact_family {
    const struct ovnact_keyword *keywords;      /* Keywords... */
    size_t n_keywords;                          /* ...and how many. */
    const struct ovnact_function *functions;    /* Functions... */
    size_t n_functions;                         /* ...and how many. */
    const struct ovnact_type_ops *types;        /* Types... */
    size_t n_types;                             /* ...and how many. */
};

extern const struct ovnact_family ovnact_core_family;
extern const struct ovnact_family ovnact_ct_family;
extern const struct ovnact_family ovnact_nested_family;
extern const struct ovnact_family ovnact_controller_family;
extern const struct ovnact_family ovnact_lookup_family;
extern const struct ovnact_family ovnact_opts_family;
extern const struct ovnact_family ovnact_learn_family;
extern const struct ovnact_family ovnact_group_family;

/* Parsing helpers (lib/actions.c). */
void action_parse_actions(struct action_context *, enum lex_type sentinel);
void action_add_prerequisite(struct action_context *, const char *prereq);
bool action_parse_field(struct action_context *, int n_bits, bool rw,
                        struct expr_field *);
bool action_check_result(struct action_context *, const struct expr_field *,
                         int n_bits);
void action_parse_nested(struct action_context *, enum ovnact_type,
                         const char *prereq, enum expr_write_scope);
bool action_next_table(struct action_context *, const char *name,
                       uint8_t *ltable);
bool action_parse_function_end(struct action_context *);
bool action_match_hyphen(struct lexer *);
int action_parse_ip_port(const char *, struct in6_addr *ip, uint16_t *port);
void action_parse_set_action(struct action_context *);
bool action_parse_function(struct action_context *,
                           const struct expr_field *dst);

/* Options of put_dhcp_opts() and friends (lib/actions-opts.c). */
bool action_parse_gen_opt(struct action_context *, struct ovnact_gen_option *,
                          const struct hmap *gen_opts, const char *opts_type);
void action_format_gen_opt(const struct ovnact_gen_option *, struct ds *);
void action_free_gen_opts(struct ovnact_gen_option *, size_t n);

/* Formatting helpers. */
void action_format_nested(const struct ovnact_nest *, const char *name,
                          struct ds *);

/* Encoding helpers. */
uint8_t action_first_ptable(const struct ovnact_encode_params *,
                            enum ovnact_pipeline);
void action_emit_resubmit(struct ofpbuf *ofpacts, uint8_t ptable);
void action_put_load(uint64_t value, enum mf_field_id, int ofs, int n_bits,
                     struct ofpbuf *ofpacts);
size_t action_start_controller_op(enum action_opcode, bool pause,
                                  uint32_t meter_id, struct ofpbuf *ofpacts);
void action_finish_controller_op(size_t ofs, struct ofpbuf *ofpacts);
void action_put_controller_op(enum action_opcode, uint32_t meter_id,
                              struct ofpbuf *ofpacts);
void action_put_result_field(const struct expr_field *,
                             struct ofpbuf *ofpacts);
void action_encode_nested(const struct ovnact_nest *,
                          const struct ovnact_encode_params *,
                          enum action_opcode, bool pause,
                          struct ofpbuf *ofpacts);

/* An argument passed to an OpenFlow table or to ovn-controller in a fixed
 * register: 'src' is copied into field 'dst' around the lookup. */
struct action_arg {
    struct mf_subfield src;     /* Where the value is. */
    enum mf_field_id dst;       /* Where the lookup expects it. */
};

void action_setup_args(const struct action_arg[], size_t n_args,
                       struct ofpbuf *ofpacts);
void action_restore_args(const struct action_arg[], size_t n_args,
                         struct ofpbuf *ofpacts);

#endif /* actions-private.h */
