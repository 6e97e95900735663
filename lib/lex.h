/* lex.h: the lexer shared by OVN's logical match and action languages.
 *
 * A "struct lexer" walks a string and holds the current token.  Parsers
 * (lib/expr-parse.c for matches, the action parser) pull tokens with
 * lexer_get(), test them with lexer_match() and friends, and report the
 * first problem they find with lexer_error() or lexer_syntax_error(); the
 * message lands in 'lexer->error' and later errors are ignored, so a
 * parser may keep unwinding without checking at every step.
 *
 * Lexical problems (a bad number, an unterminated string) do not stop the
 * lexer: they become LEX_T_ERROR tokens whose text is the message, and a
 * parser that meets one reports exactly that message. */

#ifndef OVN_LEX_H
#define OVN_LEX_H 1

#include <stdbool.h>
#include <stddef.h>
#include "compiler.h"
#include "openvswitch/meta-flow.h"

struct ds;
struct smap;
struct sset;

/* Token types. */
enum lex_type {
    LEX_T_END,                  /* End of input. */

    /* Tokens with auxiliary data. */
    LEX_T_ID,                   /* foo */
    LEX_T_STRING,               /* "foo" */
    LEX_T_INTEGER,              /* 12345, 1.2.3.4, ::1, 01:02:03:04:05:06 */
    LEX_T_MASKED_INTEGER,       /* 12345/10, 1.2.0.0/16, ::2/127, ... */
    LEX_T_MACRO,                /* $NAME: an address set. */
    LEX_T_PORT_GROUP,           /* @NAME: a port group. */
    LEX_T_TEMPLATE,             /* ^NAME: a template variable. */
    LEX_T_ERROR,                /* Invalid input; 's' holds the message. */

    /* Bare tokens. */
    LEX_T_LPAREN,               /* ( */
    LEX_T_RPAREN,               /* ) */
    LEX_T_LCURLY,               /* { */
    LEX_T_RCURLY,               /* } */
    LEX_T_LSQUARE,              /* [ */
    LEX_T_RSQUARE,              /* ] */
    LEX_T_EQ,                   /* == */
    LEX_T_NE,                   /* != */
    LEX_T_LT,                   /* < */
    LEX_T_LE,                   /* <= */
    LEX_T_GT,                   /* > */
    LEX_T_GE,                   /* >= */
    LEX_T_LOG_NOT,              /* ! */
    LEX_T_LOG_AND,              /* && */
    LEX_T_LOG_OR,               /* || */
    LEX_T_ELLIPSIS,             /* .. */
    LEX_T_COMMA,                /* , */
    LEX_T_SEMICOLON,            /* ; */
    LEX_T_EQUALS,               /* = */
    LEX_T_EXCHANGE,             /* <-> */
    LEX_T_DECREMENT,            /* -- */
    LEX_T_ARROW,                /* -> */
    LEX_T_COLON,                /* : */
};

/* The textual form an integer token was written in.  Parsers keep it so
 * that constants print back the way they were written. */
enum lex_format {
    LEX_F_DECIMAL,              /* 1234 */
    LEX_F_HEXADECIMAL,          /* 0x4d2 */
    LEX_F_IPV4,                 /* 1.2.3.4 */
    LEX_F_IPV6,                 /* ::1 */
    LEX_F_ETHERNET,             /* 01:02:03:04:05:06 */
};

const char *lex_format_to_string(enum lex_format);

/* One token. */
struct lex_token {
    enum lex_type type;         /* What kind of token this is. */

    /* The name (LEX_T_ID, LEX_T_MACRO, LEX_T_PORT_GROUP, LEX_T_TEMPLATE,
     * without the sigil), the unescaped contents (LEX_T_STRING) or the
     * message (LEX_T_ERROR); NULL for other types.  Owned by the token. */
    char *s;

    /* LEX_T_INTEGER and LEX_T_MASKED_INTEGER only.  Values are stored
     * right-justified, as in "union mf_subvalue": an IPv4 address is in
     * 'value.ipv4', a 64-bit integer in 'value.integer', and so on. */
    enum lex_format format;     /* How the value was written. */
    union mf_subvalue value;    /* The value. */
    union mf_subvalue mask;     /* The mask, LEX_T_MASKED_INTEGER only. */
};

void lex_token_init(struct lex_token *);
void lex_token_destroy(struct lex_token *);
void lex_token_swap(struct lex_token *, struct lex_token *);
void lex_token_format(const struct lex_token *, struct ds *);
const char *lex_token_parse(struct lex_token *, const char *input,
                            const char **startp);
void lex_value_format(const union mf_subvalue *, enum lex_format,
                      struct ds *);
void lex_masked_value_format(const union mf_subvalue *value,
                             const union mf_subvalue *mask,
                             enum lex_format, struct ds *);

/* A lexer: a cursor over an input string plus the current token and the
 * first error found by whoever is parsing. */
struct lexer {
    const char *input;          /* Remaining input (not owned). */
    const char *start;          /* Start of the current token's text. */
    struct lex_token token;     /* The current token. */
    char *error;                /* First error message, or NULL. */
};

void lexer_init(struct lexer *, const char *input);
void lexer_destroy(struct lexer *);

enum lex_type lexer_get(struct lexer *);
enum lex_type lexer_lookahead(const struct lexer *);
bool lexer_match(struct lexer *, enum lex_type);
bool lexer_force_match(struct lexer *, enum lex_type);
bool lexer_match_id(struct lexer *, const char *id);
bool lexer_is_int(const struct lexer *);
bool lexer_get_int(struct lexer *, int *value);
bool lexer_force_int(struct lexer *, int *value);
bool lexer_force_end(struct lexer *);

void lexer_error(struct lexer *, const char *message, ...)
    OVS_PRINTF_FORMAT(2, 3);
void lexer_syntax_error(struct lexer *, const char *message, ...)
    OVS_PRINTF_FORMAT(2, 3);
char *lexer_steal_error(struct lexer *);

const char *lex_type_to_string(enum lex_type);

/* Template variables (^NAME), replaced by their values before parsing. */
char *lexer_parse_template_string(const char *input,
                                  const struct smap *template_vars,
                                  struct sset *template_vars_ref);

#endif /* lex.h */
