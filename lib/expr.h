/* expr.h: OVN's logical match expressions.
 *
 * A match such as "ip4.src == 10.0.0.0/8 && tcp.dst == {80, 443}" goes
 * through these stages, each a separate module:
 *
 *   - expr_parse_string() / expr_parse() (lib/expr-parse.c): text to a
 *     tree of comparisons, ANDs, ORs, constants and conditions.  Symbols
 *     come from a symbol table (lib/expr-symtab.c, filled for OVN by
 *     ovn_init_symtab() in lib/logical-fields.c); "$set" and "@group"
 *     come from caller-supplied maps.  Negations are pushed down to the
 *     leaves while parsing, so the tree has no NOT nodes.
 *
 *   - expr_annotate() (lib/expr-annotate.c): replaces subfields by their
 *     parent fields and predicates by their expansions, and adds every
 *     symbol's prerequisites.  Afterward only real fields remain.
 *
 *   - expr_evaluate_condition(): replaces is_chassis_resident() by its
 *     value, through a caller callback.
 *
 *   - expr_simplify() and expr_normalize() (lib/expr-normalize.c): turn
 *     != and the ordering relations into equality tests, then bring the
 *     tree to disjunctive normal form, keeping ORs of one symbol inside
 *     ANDs (they become conjunctive-match clauses) unless the symbol must
 *     be crossproducted.
 *
 *   - expr_to_matches() (lib/expr-matches.c): OpenFlow matches, using
 *     conjunction(id, k/n) for ANDs of several such ORs.
 *
 *   - expr_evaluate() (lib/expr-evaluate.c): the truth of an expression
 *     for a concrete packet, for tests and tracing.
 *
 * The action language reuses the lexer (lib/lex.h), the symbol table, the
 * field syntax (expr_field_parse()), constants and expr_type_check() from
 * here. */

#ifndef OVN_EXPR_H
#define OVN_EXPR_H 1

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "lex.h"
#include "openvswitch/hmap.h"
#include "openvswitch/list.h"
#include "openvswitch/match.h"
#include "openvswitch/meta-flow.h"

struct ds;
struct expr;
struct flow;
struct ovn_field;
struct shash;
struct smap;
struct sset;

/* Level of measurement of a symbol (see ovn-sb(5)). */
enum expr_level {
    EXPR_L_NOMINAL,             /* Only == (positively) makes sense. */
    EXPR_L_BOOLEAN,             /* Predicates that are not nominal. */
    EXPR_L_ORDINAL,             /* Bits may be tested individually. */
};

const char *expr_level_to_string(enum expr_level);

/* Where an action may write a field. */
enum expr_write_scope {
    WR_DEFAULT = 1 << 0,        /* In ordinary actions. */
    WR_CT_COMMIT = 1 << 1,      /* Inside ct_commit { ... }. */
};

/* A symbol: a field, a subfield, a predicate, a string field (logical
 * port names), or an OVN field (set only through controller actions). */
struct expr_symbol {
    char *name;                 /* The name, e.g. "ip4.src". */
    int width;                  /* Bits; 0 for string fields. */

    /* The OpenFlow field, for fields and string fields; also set for
     * subfields, to their ultimate parent's field.  NULL otherwise. */
    const struct mf_field *field;

    /* The OVN field, for symbols added by expr_symtab_add_ovn_field(). */
    const struct ovn_field *ovn_field;

    const struct expr_symbol *parent; /* Subfields: the field they are part
                                       * of; NULL otherwise. */
    int parent_ofs;             /* Subfields: offset within 'parent'. */

    char *predicate;            /* Predicates: the expansion text. */

    enum expr_level level;      /* Level of measurement. */

    char *prereqs;              /* Prerequisite expression text, or NULL. */

    /* Whether ORs of this symbol inside an AND must be distributed rather
     * than kept as conjunctive clauses: true for fields that other
     * fields' OpenFlow prerequisites test (eth.type, ip.proto, ...). */
    bool must_crossproduct;

    enum expr_write_scope rw;   /* Where actions may write it; 0 if
                                 * read-only. */
};

void expr_symbol_format(const struct expr_symbol *, struct ds *);

/* A symbol table maps names to "struct expr_symbol *" in a "struct
 * shash".  The symbols are owned by the table. */
struct expr_symbol *expr_symtab_add_field(struct shash *symtab,
                                          const char *name, enum mf_field_id,
                                          const char *prereqs,
                                          bool must_crossproduct);
struct expr_symbol *expr_symtab_add_field_scoped(struct shash *symtab,
                                                 const char *name,
                                                 enum mf_field_id,
                                                 const char *prereqs,
                                                 bool must_crossproduct,
                                                 enum expr_write_scope);
struct expr_symbol *expr_symtab_add_subfield(struct shash *symtab,
                                             const char *name,
                                             const char *prereqs,
                                             const char *subfield);
struct expr_symbol *expr_symtab_add_subfield_scoped(struct shash *symtab,
                                                    const char *name,
                                                    const char *prereqs,
                                                    const char *subfield,
                                                    enum expr_write_scope);
struct expr_symbol *expr_symtab_add_string(struct shash *symtab,
                                           const char *name,
                                           enum mf_field_id,
                                           const char *prereqs);
struct expr_symbol *expr_symtab_add_predicate(struct shash *symtab,
                                              const char *name,
                                              const char *expansion);
struct expr_symbol *expr_symtab_add_ovn_field(struct shash *symtab,
                                              const struct ovn_field *,
                                              const char *prereqs);
void expr_symtab_destroy(struct shash *symtab);

/* A reference to a field or to some of its bits: "ip4.src",
 * "reg0[3..5]", "inport". */
struct expr_field {
    const struct expr_symbol *symbol; /* The symbol as written. */
    int ofs;                          /* First bit, within 'symbol'. */
    int n_bits;                       /* Number of bits; 0 for strings. */
};

bool expr_field_parse(struct lexer *, const struct shash *symtab,
                      struct expr_field *, struct expr **prereqsp);
void expr_field_format(const struct expr_field *, struct ds *);
struct mf_subfield expr_resolve_field(const struct expr_field *);
char *expr_type_check(const struct expr_field *, int n_bits, bool rw,
                      enum expr_write_scope)
    OVS_WARN_UNUSED_RESULT;

/* Constants. */
enum expr_constant_type {
    EXPR_C_INTEGER,
    EXPR_C_STRING,
};

/* An integer or string constant. */
struct expr_constant {
    /* The address set this value came from, for callers that track which
     * flows an address set produced; NULL otherwise.  Not owned. */
    const char *as_name;

    union {
        struct {
            union mf_subvalue value;  /* The value, right-justified. */
            union mf_subvalue mask;   /* Valid only if 'masked'. */
            bool masked;              /* Whether written value/mask. */
            enum lex_format format;   /* How it was written. */
        };
        char *string;           /* EXPR_C_STRING: the string. */
    };
};

/* A set of constants of one type, as in "{80, 443}" or "$set". */
struct expr_constant_set {
    struct expr_constant *values; /* The constants. */
    size_t n_values;              /* Number of 'values'. */
    enum expr_constant_type type; /* Type of all 'values'. */
    bool in_curlies;              /* Written inside { }. */
};

bool expr_constant_parse(struct lexer *, const struct expr_field *,
                         struct expr_constant *);
void expr_constant_format(const struct expr_constant *,
                          enum expr_constant_type, struct ds *);
void expr_constant_destroy(const struct expr_constant *,
                           enum expr_constant_type);
bool expr_constant_set_parse(struct lexer *, struct expr_constant_set *);
void expr_constant_set_format(const struct expr_constant_set *,
                              struct ds *);
void expr_constant_set_destroy(struct expr_constant_set *);
int expr_constant_width(const struct expr_constant *);

/* Maps of named constant sets ("struct shash" of "struct
 * expr_constant_set *"): address sets ("$name") and port groups
 * ("@name"). */
void expr_const_sets_add_integers(struct shash *const_sets,
                                  const char *name,
                                  const char *const *values,
                                  size_t n_values);
void expr_const_sets_add_strings(struct shash *const_sets, const char *name,
                                 const char *const *values, size_t n_values,
                                 const struct sset *filter);
void expr_const_sets_remove(struct shash *const_sets, const char *name);
void expr_const_sets_destroy(struct shash *const_sets);
void expr_port_group_sb_name(const char *name, int64_t dp_key,
                             struct ds *sb_name);

/* Relational operators. */
enum expr_relop {
    EXPR_R_EQ,                  /* == */
    EXPR_R_NE,                  /* != */
    EXPR_R_LT,                  /* < */
    EXPR_R_LE,                  /* <= */
    EXPR_R_GT,                  /* > */
    EXPR_R_GE,                  /* >= */
};

const char *expr_relop_to_string(enum expr_relop);
bool expr_relop_from_token(enum lex_type, enum expr_relop *);
enum expr_relop expr_relop_invert(enum expr_relop);
enum expr_relop expr_relop_turn(enum expr_relop);

/* Expression node types. */
enum expr_type {
    EXPR_T_CMP,                 /* Compare a symbol with a constant. */
    EXPR_T_AND,                 /* All the subexpressions hold. */
    EXPR_T_OR,                  /* At least one subexpression holds. */
    EXPR_T_BOOLEAN,             /* True or false. */
    EXPR_T_CONDITION,           /* A condition evaluated on the chassis. */
};

/* Conditions. */
enum expr_cond_type {
    EXPR_COND_CHASSIS_RESIDENT, /* is_chassis_resident("port"). */
};

/* An expression node. */
struct expr {
    struct ovs_list node;       /* In the parent's 'andor' list. */
    enum expr_type type;        /* Node type. */

    /* EXPR_T_OR (and the comparisons in it) made from an address set: its
     * name.  Owned. */
    char *as_name;

    union {
        /* EXPR_T_CMP. */
        struct {
            const struct expr_symbol *symbol;
            enum expr_relop relop;

            union {
                char *string;   /* String symbols (width 0). */
                struct {
                    union mf_subvalue value; /* Bits to compare... */
                    union mf_subvalue mask;  /* ...under this mask. */
                };
            };
        } cmp;

        /* EXPR_T_AND, EXPR_T_OR: the subexpressions. */
        struct ovs_list andor;

        /* EXPR_T_BOOLEAN. */
        bool boolean;

        /* EXPR_T_CONDITION. */
        struct {
            enum expr_cond_type type;
            bool not;           /* Negated. */
            char *string;       /* Port name. */
        } cond;
    };
};

/* Construction and destruction. */
struct expr *expr_create_boolean(bool b);
struct expr *expr_create_andor(enum expr_type);
struct expr *expr_combine(enum expr_type, struct expr *a, struct expr *b);
void expr_insert_andor(struct expr *andor, struct expr *before,
                       struct expr *new);
struct expr *expr_clone(const struct expr *);
void expr_destroy(struct expr *);
void expr_not(struct expr *);
struct expr *expr_fix(struct expr *);

/* Returns the "struct expr" that contains list node 'node'. */
static inline struct expr *
expr_from_node(const struct ovs_list *node)
{
    return CONTAINER_OF(node, struct expr, node);
}

/* Printing. */
void expr_format(const struct expr *, struct ds *);
void expr_print(const struct expr *);

/* Properties. */
bool expr_equal(const struct expr *, const struct expr *);
bool expr_honors_invariants(const struct expr *);
bool expr_is_simplified(const struct expr *);
bool expr_is_normalized(const struct expr *);
enum expr_level expr_get_level(const struct expr *);
const struct expr_symbol *expr_get_unique_symbol(const struct expr *);

/* Parsing. */
struct expr *expr_parse(struct lexer *, const struct shash *symtab,
                        const struct shash *addr_sets,
                        const struct shash *port_groups,
                        struct sset *addr_sets_ref,
                        struct sset *port_groups_ref,
                        int64_t dp_key);
struct expr *expr_parse_string(const char *, const struct shash *symtab,
                               const struct shash *addr_sets,
                               const struct shash *port_groups,
                               struct sset *addr_sets_ref,
                               struct sset *port_groups_ref,
                               int64_t dp_key,
                               char **errorp);

/* Annotation. */
struct expr *expr_annotate(struct expr *, const struct shash *symtab,
                           char **errorp);

/* Conditions. */
struct expr *expr_evaluate_condition(
    struct expr *,
    bool (*is_chassis_resident)(const void *c_aux, const char *port_name),
    const void *c_aux);

/* Simplification and normalization. */
struct expr *expr_simplify(struct expr *);
struct expr *expr_normalize(struct expr *);

/* Evaluation against a packet.  Conditions must have been evaluated. */
bool expr_evaluate(const struct expr *, const struct flow *uflow,
                   bool (*lookup_port)(const void *aux,
                                       const char *port_name,
                                       unsigned int *portp),
                   const void *aux);

/* Conversion to OpenFlow matches. */

/* One conjunction(id, clause/n_clauses) action.  'clause' counts from 0;
 * OpenFlow prints it counting from 1. */
struct cls_conjunction {
    uint32_t id;                /* Conjunction id. */
    uint8_t clause;             /* This flow's clause, 0-based. */
    uint8_t n_clauses;          /* Number of clauses. */
};

/* An OpenFlow match produced by expr_to_matches().  A match with no
 * conjunctions carries the flow's actions; one with conjunctions carries
 * only conjunction actions.  A match whose 'match' tests conj_id is the
 * flow that runs the actions once all clauses of that id matched. */
struct expr_match {
    struct hmap_node hmap_node; /* In the 'matches' map. */
    struct match match;         /* The match. */
    struct cls_conjunction *conjunctions; /* Conjunction actions. */
    size_t n;                   /* Number of 'conjunctions'. */
    size_t allocated;           /* Capacity of 'conjunctions'. */
};

uint32_t expr_to_matches(const struct expr *,
                         bool (*lookup_port)(const void *aux,
                                             const char *port_name,
                                             unsigned int *portp),
                         const void *aux,
                         struct hmap *matches);
void expr_matches_prepare(struct hmap *matches, uint32_t conj_id_ofs);
void expr_matches_destroy(struct hmap *matches);
void expr_matches_print(const struct hmap *matches, FILE *);
void expr_matches_format(const struct hmap *matches, struct ds *);

#endif /* expr.h */
