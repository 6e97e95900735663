/* lex.c: tokenizer of the logical match and action languages.
 *
 * This module owns the token syntax (identifiers, strings, numbers in
 * every notation, sigil names, punctuation, comments), the printing of
 * tokens back to text, the "struct lexer" cursor with its error state, and
 * the expansion of ^template variables. */

#include <config.h>

#include "lex.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "byte-order.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/json.h"
#include "packets.h"
#include "smap.h"
#include "sset.h"
#include "util.h"

/* Returns true if 'c' may start an identifier. */
static bool
is_id_start(unsigned char c)
{
    return isalpha(c) || c == '_';
}

/* Returns true if 'c' may appear after the first character of an
 * identifier.  Dots let names like "ip4.src" be single identifiers. */
static bool
is_id_char(unsigned char c)
{
    return is_id_start(c) || isdigit(c) || c == '.';
}

/* Returns a printable name for 'format'. */
const char *
lex_format_to_string(enum lex_format format)
{
    switch (format) {
    case LEX_F_DECIMAL:
        return "decimal";
    case LEX_F_HEXADECIMAL:
        return "hexadecimal";
    case LEX_F_IPV4:
        return "IPv4";
    case LEX_F_IPV6:
        return "IPv6";
    case LEX_F_ETHERNET:
        return "Ethernet";
    }
    return "<unknown>";
}

/* Initializes 'token' as an end-of-input token with no data. */
void
lex_token_init(struct lex_token *token)
{
    memset(token, 0, sizeof *token);
    token->type = LEX_T_END;
}

/* Frees the data owned by 'token' and reinitializes it. */
void
lex_token_destroy(struct lex_token *token)
{
    free(token->s);
    lex_token_init(token);
}

/* Exchanges the contents of 'a' and 'b'. */
void
lex_token_swap(struct lex_token *a, struct lex_token *b)
{
    struct lex_token tmp = *a;
    *a = *b;
    *b = tmp;
}

/* Makes 'token' an error token with the formatted message. */
static void OVS_PRINTF_FORMAT(2, 3)
lex_error(struct lex_token *token, const char *message, ...)
{
    free(token->s);
    token->type = LEX_T_ERROR;

    va_list args;
    va_start(args, message);
    token->s = xvasprintf(message, args);
    va_end(args);
}

/* Appends 'value', written in 'format', to 's'. */
void
lex_value_format(const union mf_subvalue *value, enum lex_format format,
                 struct ds *s)
{
    switch (format) {
    case LEX_F_DECIMAL:
        ds_put_format(s, "%"PRIu64, ntohll(value->integer));
        break;

    case LEX_F_HEXADECIMAL:
        ds_put_hex(s, value, sizeof *value);
        break;

    case LEX_F_IPV4:
        ds_put_format(s, IP_FMT, IP_ARGS(value->ipv4));
        break;

    case LEX_F_IPV6:
        ipv6_format_addr(&value->ipv6, s);
        break;

    case LEX_F_ETHERNET:
        ds_put_format(s, ETH_ADDR_FMT, ETH_ADDR_ARGS(value->mac));
        break;
    }
}

/* Appends 'value'/'mask', written in 'format', to 's'.  Address masks that
 * are CIDR prefixes print as prefix lengths. */
void
lex_masked_value_format(const union mf_subvalue *value,
                        const union mf_subvalue *mask,
                        enum lex_format format, struct ds *s)
{
    lex_value_format(value, format, s);
    ds_put_char(s, '/');
    if (format == LEX_F_IPV4 && ip_is_cidr(mask->ipv4)) {
        ds_put_format(s, "%d", ip_count_cidr_bits(mask->ipv4));
    } else if (format == LEX_F_IPV6 && ipv6_is_cidr(&mask->ipv6)) {
        ds_put_format(s, "%d", ipv6_count_cidr_bits(&mask->ipv6));
    } else {
        lex_value_format(mask, format, s);
    }
}

/* Returns the text of a bare token type, or a description of a token type
 * with data. */
const char *
lex_type_to_string(enum lex_type type)
{
    switch (type) {
    case LEX_T_END:
        return "end of input";
    case LEX_T_ID:
        return "identifier";
    case LEX_T_STRING:
        return "string";
    case LEX_T_INTEGER:
        return "integer";
    case LEX_T_MASKED_INTEGER:
        return "masked integer";
    case LEX_T_MACRO:
        return "address set";
    case LEX_T_PORT_GROUP:
        return "port group";
    case LEX_T_TEMPLATE:
        return "template variable";
    case LEX_T_ERROR:
        return "error";
    case LEX_T_LPAREN:
        return "(";
    case LEX_T_RPAREN:
        return ")";
    case LEX_T_LCURLY:
        return "{";
    case LEX_T_RCURLY:
        return "}";
    case LEX_T_LSQUARE:
        return "[";
    case LEX_T_RSQUARE:
        return "]";
    case LEX_T_EQ:
        return "==";
    case LEX_T_NE:
        return "!=";
    case LEX_T_LT:
        return "<";
    case LEX_T_LE:
        return "<=";
    case LEX_T_GT:
        return ">";
    case LEX_T_GE:
        return ">=";
    case LEX_T_LOG_NOT:
        return "!";
    case LEX_T_LOG_AND:
        return "&&";
    case LEX_T_LOG_OR:
        return "||";
    case LEX_T_ELLIPSIS:
        return "..";
    case LEX_T_COMMA:
        return ",";
    case LEX_T_SEMICOLON:
        return ";";
    case LEX_T_EQUALS:
        return "=";
    case LEX_T_EXCHANGE:
        return "<->";
    case LEX_T_DECREMENT:
        return "--";
    case LEX_T_ARROW:
        return "->";
    case LEX_T_COLON:
        return ":";
    }
    return "<unknown>";
}

/* Appends the text of 'token' to 's', in a form that lexes back to an
 * equivalent token. */
void
lex_token_format(const struct lex_token *token, struct ds *s)
{
    switch (token->type) {
    case LEX_T_END:
        break;

    case LEX_T_ID:
        ds_put_cstr(s, token->s);
        break;

    case LEX_T_STRING:
        json_string_escape(token->s, s);
        break;

    case LEX_T_ERROR:
        ds_put_cstr(s, "error(");
        json_string_escape(token->s, s);
        ds_put_char(s, ')');
        break;

    case LEX_T_INTEGER:
        lex_value_format(&token->value, token->format, s);
        break;

    case LEX_T_MASKED_INTEGER:
        lex_masked_value_format(&token->value, &token->mask, token->format,
                                s);
        break;

    case LEX_T_MACRO:
        ds_put_format(s, "$%s", token->s);
        break;

    case LEX_T_PORT_GROUP:
        ds_put_format(s, "@%s", token->s);
        break;

    case LEX_T_TEMPLATE:
        ds_put_format(s, "^%s", token->s);
        break;

    case LEX_T_LPAREN:
    case LEX_T_RPAREN:
    case LEX_T_LCURLY:
    case LEX_T_RCURLY:
    case LEX_T_LSQUARE:
    case LEX_T_RSQUARE:
    case LEX_T_EQ:
    case LEX_T_NE:
    case LEX_T_LT:
    case LEX_T_LE:
    case LEX_T_GT:
    case LEX_T_GE:
    case LEX_T_LOG_NOT:
    case LEX_T_LOG_AND:
    case LEX_T_LOG_OR:
    case LEX_T_ELLIPSIS:
    case LEX_T_COMMA:
    case LEX_T_SEMICOLON:
    case LEX_T_EQUALS:
    case LEX_T_EXCHANGE:
    case LEX_T_DECREMENT:
    case LEX_T_ARROW:
    case LEX_T_COLON:
        ds_put_cstr(s, lex_type_to_string(token->type));
        break;
    }
}

/* Number lexing.
 *
 * A number's text is first delimited generously (letters, digits, colons,
 * and single dots), then interpreted as an Ethernet address, IPv6
 * address, IPv4 address, decimal or hexadecimal integer.  An IPv4 address
 * may be followed directly by ":port" (as in load balancer backends), so
 * it is delimited by digits and dots alone. */

/* Returns the end of the generous number text that starts at 'p'. */
static const char *
number_text_end(const char *p)
{
    while (isalnum((unsigned char) *p) || *p == ':'
           || (*p == '.' && p[1] != '.')) {
        p++;
    }
    return p;
}

/* Returns the end of the run of digits and single dots at 'p'. */
static const char *
dotted_text_end(const char *p)
{
    while (isdigit((unsigned char) *p) || (*p == '.' && p[1] != '.')) {
        p++;
    }
    return p;
}

/* Parses the 'len' bytes at 's' as an Ethernet address "xx:xx:xx:xx:xx:xx"
 * into '*mac'. */
static bool
parse_ethernet(const char *s, size_t len, struct eth_addr *mac)
{
    if (len != 17) {
        return false;
    }
    for (int i = 0; i < 6; i++) {
        const char *group = s + 3 * i;
        if (!isxdigit((unsigned char) group[0])
            || !isxdigit((unsigned char) group[1])
            || (i < 5 && group[2] != ':')) {
            return false;
        }
        mac->ea[i] = hexit_value(group[0]) * 16 + hexit_value(group[1]);
    }
    return true;
}

/* Copies the 'len' bytes at 's' into a null-terminated 'buf' of 'size'
 * bytes.  Returns false if they do not fit. */
static bool
copy_text(const char *s, size_t len, char *buf, size_t size)
{
    if (len >= size) {
        return false;
    }
    memcpy(buf, s, len);
    buf[len] = '\0';
    return true;
}

/* Parses the 'len' hex digits at 's' into 'token''s value. */
static void
parse_hex_digits(const char *s, size_t len, struct lex_token *token)
{
    uint8_t *bytes = token->value.u8;
    size_t n_bytes = sizeof token->value.u8;

    for (size_t i = 0; i < len; i++) {
        /* Digit 'i' counting from the least significant one. */
        int hexit = hexit_value(s[len - 1 - i]);
        if (hexit < 0) {
            lex_error(token, "Invalid syntax in hexadecimal constant.");
            return;
        }
        if (hexit && i / 2 >= n_bytes) {
            lex_error(token, "Hexadecimal constant requires more than "
                      "%"PRIuSIZE" bits.", 8 * n_bytes);
            return;
        }
        if (i / 2 < n_bytes) {
            bytes[n_bytes - 1 - i / 2] |= i % 2 ? hexit << 4 : hexit;
        }
    }
    token->type = LEX_T_INTEGER;
    token->format = LEX_F_HEXADECIMAL;
}

/* Parses the decimal digits at 's' (exactly 'len' of them) into 'token'. */
static void
parse_decimal_digits(const char *s, size_t len, struct lex_token *token)
{
    if (s[0] == '0' && len > 1) {
        lex_error(token, "Decimal constants must not have leading zeros.");
        return;
    }

    uint64_t value = 0;
    for (size_t i = 0; i < len; i++) {
        int digit = s[i] - '0';
        if (value > (UINT64_MAX - digit) / 10) {
            lex_error(token, "Decimal constants must be less than 2**64.");
            return;
        }
        value = value * 10 + digit;
    }
    token->type = LEX_T_INTEGER;
    token->format = LEX_F_DECIMAL;
    token->value.integer = htonll(value);
}

/* Parses one number without a mask at 'p' into 'token' (whose value must
 * be zeroed).  Returns the end of the text consumed. */
static const char *
parse_unmasked_number(const char *p, struct lex_token *token)
{
    const char *end = number_text_end(p);
    size_t len = end - p;
    char buf[INET6_ADDRSTRLEN + 1];
    struct eth_addr mac;

    if (!len) {
        lex_error(token, "Integer constant expected.");
        return p;
    }

    if (parse_ethernet(p, len, &mac)) {
        token->type = LEX_T_INTEGER;
        token->format = LEX_F_ETHERNET;
        token->value.mac = mac;
        return end;
    }

    if (memchr(p, ':', len) && copy_text(p, len, buf, sizeof buf)
        && ipv6_parse(buf, &token->value.ipv6)) {
        token->type = LEX_T_INTEGER;
        token->format = LEX_F_IPV6;
        return end;
    }

    const char *dotted_end = dotted_text_end(p);
    size_t dotted_len = dotted_end - p;
    if (memchr(p, '.', dotted_len)
        && copy_text(p, dotted_len, buf, sizeof buf)
        && ip_parse(buf, &token->value.ipv4)) {
        token->type = LEX_T_INTEGER;
        token->format = LEX_F_IPV4;
        return dotted_end;
    }

    if (strspn(p, "0123456789") >= len) {
        parse_decimal_digits(p, len, token);
    } else if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        if (len > 2) {
            parse_hex_digits(p + 2, len - 2, token);
        } else {
            lex_error(token, "Hex digits expected following 0x.");
        }
    } else {
        lex_error(token, "Invalid numeric constant.");
    }
    return end;
}

/* Returns true if every 1-bit of 'value' is also set in 'mask'. */
static bool
value_within_mask(const union mf_subvalue *value,
                  const union mf_subvalue *mask)
{
    for (size_t i = 0; i < ARRAY_SIZE(value->be64); i++) {
        if (value->be64[i] & ~mask->be64[i]) {
            return false;
        }
    }
    return true;
}

/* Combines the mask token 'mask' into the integer token 'token', making it
 * a LEX_T_MASKED_INTEGER, or an error if the two do not fit together. */
static void
apply_mask(struct lex_token *token, const struct lex_token *mask)
{
    uint64_t prefix = ntohll(mask->value.integer);
    bool decimal_mask = (mask->format == LEX_F_DECIMAL
                         && is_all_zeros(mask->value.u8,
                                         sizeof mask->value.u8 - 8));

    if (token->format == mask->format) {
        token->mask = mask->value;
    } else if (token->format == LEX_F_IPV4 && decimal_mask && prefix <= 32) {
        /* A CIDR prefix.  Host bits in the address ("10.0.0.1/24", as
         * router port networks are written) are dropped. */
        memset(&token->mask, 0, sizeof token->mask);
        token->mask.ipv4 = be32_prefix_mask(prefix);
        token->value.ipv4 &= token->mask.ipv4;
    } else if (token->format == LEX_F_IPV6 && decimal_mask
               && prefix <= 128) {
        memset(&token->mask, 0, sizeof token->mask);
        token->mask.ipv6 = ipv6_create_mask(prefix);
        token->value.ipv6 = ipv6_addr_bitand(&token->value.ipv6,
                                             &token->mask.ipv6);
    } else if (token->format == LEX_F_DECIMAL
               && mask->format == LEX_F_HEXADECIMAL
               && is_all_zeros(&token->value, sizeof token->value)) {
        /* "0/0x1234" reads naturally, so allow it. */
        token->format = LEX_F_HEXADECIMAL;
        token->mask = mask->value;
    } else {
        lex_error(token, "Value and mask have incompatible formats.");
        return;
    }

    if (!value_within_mask(&token->value, &token->mask)) {
        lex_error(token, "Value contains unmasked 1-bits.");
        return;
    }
    token->type = LEX_T_MASKED_INTEGER;
}

/* Parses a number, optionally followed by "/mask", at 'p' into 'token'.
 * Returns the end of the text consumed. */
static const char *
parse_number(const char *p, struct lex_token *token)
{
    memset(&token->value, 0, sizeof token->value);
    memset(&token->mask, 0, sizeof token->mask);
    p = parse_unmasked_number(p, token);
    if (token->type != LEX_T_INTEGER || *p != '/') {
        return p;
    }

    struct lex_token mask;
    lex_token_init(&mask);
    p = parse_unmasked_number(p + 1, &mask);
    if (mask.type == LEX_T_INTEGER) {
        apply_mask(token, &mask);
    } else {
        lex_token_swap(token, &mask);
    }
    lex_token_destroy(&mask);
    return p;
}

/* Returns true if the text at 'p', which starts with a letter, is an
 * IPv6 or Ethernet address rather than an identifier. */
static bool
letter_starts_number(const char *p)
{
    const char *end = number_text_end(p);
    size_t len = end - p;
    char buf[INET6_ADDRSTRLEN + 1];
    struct eth_addr mac;
    struct in6_addr ipv6;

    if (!memchr(p, ':', len)) {
        return false;
    }
    return (parse_ethernet(p, len, &mac)
            || (copy_text(p, len, buf, sizeof buf)
                && ipv6_parse(buf, &ipv6)));
}

/* Parses an identifier at 'p' into 'token' as type 'type'. */
static const char *
parse_id(const char *p, enum lex_type type, struct lex_token *token)
{
    const char *start = p;
    do {
        p++;
    } while (is_id_char(*p));

    token->type = type;
    token->s = xmemdup0(start, p - start);
    return p;
}

/* Parses a name that follows the sigil at 'p' ('$', '@' or '^'). */
static const char *
parse_sigil_name(const char *p, enum lex_type type, struct lex_token *token)
{
    char sigil = *p++;
    if (!is_id_start(*p)) {
        lex_error(token, "`%c' must be followed by a valid identifier.",
                  sigil);
        return p;
    }
    return parse_id(p, type, token);
}

/* Parses a quoted string whose opening quote is at 'p'. */
static const char *
parse_string(const char *p, struct lex_token *token)
{
    const char *start = ++p;
    for (;;) {
        if (*p == '\0') {
            lex_error(token, "Input ends inside quoted string.");
            return p;
        } else if (*p == '"') {
            char *result;
            if (json_string_unescape(start, p - start, &result)) {
                token->type = LEX_T_STRING;
            } else {
                token->type = LEX_T_ERROR;
            }
            token->s = result;
            return p + 1;
        } else if (*p == '\\') {
            p += p[1] ? 2 : 1;
        } else {
            p++;
        }
    }
}

/* Skips white space and comments at 'p'.  Returns the first byte of the
 * next token, or NULL after making 'token' an error for an unterminated
 * comment (with '*endp' set past the input). */
static const char *
skip_space(const char *p, struct lex_token *token, const char **endp)
{
    for (;;) {
        if (isspace((unsigned char) *p)) {
            p++;
        } else if (p[0] == '/' && p[1] == '/') {
            p += strcspn(p, "\n");
        } else if (p[0] == '/' && p[1] == '*') {
            const char *close = strstr(p + 2, "*/");
            if (!close) {
                lex_error(token, "`/*' without matching `*/'.");
                *endp = p + strlen(p);
                return NULL;
            }
            p = close + 2;
        } else {
            return p;
        }
    }
}

/* Makes 'token' the bare token 'type' spanning 'len' bytes at 'p'. */
static const char *
bare(const char *p, size_t len, enum lex_type type, struct lex_token *token)
{
    token->type = type;
    return p + len;
}

/* Parses the token at 'p' (after white space) into 'token'. */
static const char *
parse_token(const char *p, struct lex_token *token)
{
    switch (*p) {
    case '\0':
        return bare(p, 0, LEX_T_END, token);
    case '(':
        return bare(p, 1, LEX_T_LPAREN, token);
    case ')':
        return bare(p, 1, LEX_T_RPAREN, token);
    case '{':
        return bare(p, 1, LEX_T_LCURLY, token);
    case '}':
        return bare(p, 1, LEX_T_RCURLY, token);
    case '[':
        return bare(p, 1, LEX_T_LSQUARE, token);
    case ']':
        return bare(p, 1, LEX_T_RSQUARE, token);
    case ',':
        return bare(p, 1, LEX_T_COMMA, token);
    case ';':
        return bare(p, 1, LEX_T_SEMICOLON, token);

    case '=':
        return (p[1] == '=' ? bare(p, 2, LEX_T_EQ, token)
                : bare(p, 1, LEX_T_EQUALS, token));
    case '!':
        return (p[1] == '=' ? bare(p, 2, LEX_T_NE, token)
                : bare(p, 1, LEX_T_LOG_NOT, token));
    case '<':
        return (p[1] == '-' && p[2] == '>' ? bare(p, 3, LEX_T_EXCHANGE, token)
                : p[1] == '=' ? bare(p, 2, LEX_T_LE, token)
                : bare(p, 1, LEX_T_LT, token));
    case '>':
        return (p[1] == '=' ? bare(p, 2, LEX_T_GE, token)
                : bare(p, 1, LEX_T_GT, token));

    case '&':
        if (p[1] == '&') {
            return bare(p, 2, LEX_T_LOG_AND, token);
        }
        lex_error(token, "`&' is only valid as part of `&&'.");
        return p + 1;

    case '|':
        if (p[1] == '|') {
            return bare(p, 2, LEX_T_LOG_OR, token);
        }
        lex_error(token, "`|' is only valid as part of `||'.");
        return p + 1;

    case '-':
        if (p[1] == '-') {
            return bare(p, 2, LEX_T_DECREMENT, token);
        } else if (p[1] == '>') {
            return bare(p, 2, LEX_T_ARROW, token);
        }
        lex_error(token, "`-' is only valid as part of `--' or `->'.");
        return p + 1;

    case '.':
        if (p[1] == '.') {
            return bare(p, 2, LEX_T_ELLIPSIS, token);
        }
        lex_error(token, "`.' is only valid as part of `..' or a number.");
        return p + 1;

    case '/':
        lex_error(token, "`/' is only valid as part of `//' or `/*'.");
        return p + 1;

    case ':':
        if (p[1] == ':') {
            return parse_number(p, token);
        }
        return bare(p, 1, LEX_T_COLON, token);

    case '"':
        return parse_string(p, token);

    case '$':
        return parse_sigil_name(p, LEX_T_MACRO, token);
    case '@':
        return parse_sigil_name(p, LEX_T_PORT_GROUP, token);
    case '^':
        return parse_sigil_name(p, LEX_T_TEMPLATE, token);

    case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
        return parse_number(p, token);

    default:
        if (is_id_start(*p)) {
            return (isxdigit((unsigned char) *p) && letter_starts_number(p)
                    ? parse_number(p, token)
                    : parse_id(p, LEX_T_ID, token));
        }
        if (isprint((unsigned char) *p)) {
            lex_error(token, "Invalid character `%c' in input.", *p);
        } else {
            lex_error(token, "Invalid byte 0x%02x in input.",
                      (unsigned char) *p);
        }
        return p + 1;
    }
}

/* Initializes 'token' and parses one token from 'p' into it.  Stores the
 * start of the token's text into '*startp' and returns the position just
 * past it. */
const char *
lex_token_parse(struct lex_token *token, const char *p, const char **startp)
{
    lex_token_init(token);

    const char *end;
    const char *start = skip_space(p, token, &end);
    if (!start) {
        *startp = p;
        return end;
    }
    *startp = start;
    return parse_token(start, token);
}

/* Initializes 'lexer' to read 'input', which must outlive it.  The first
 * token is not read until lexer_get(). */
void
lexer_init(struct lexer *lexer, const char *input)
{
    lexer->input = input;
    lexer->start = NULL;
    lex_token_init(&lexer->token);
    lexer->error = NULL;
}

/* Frees the memory owned by 'lexer'. */
void
lexer_destroy(struct lexer *lexer)
{
    lex_token_destroy(&lexer->token);
    free(lexer->error);
    lexer->error = NULL;
}

/* Advances to the next token and returns its type. */
enum lex_type
lexer_get(struct lexer *lexer)
{
    lex_token_destroy(&lexer->token);
    lexer->input = lex_token_parse(&lexer->token, lexer->input,
                                   &lexer->start);
    return lexer->token.type;
}

/* Returns the type of the token after the current one, without moving. */
enum lex_type
lexer_lookahead(const struct lexer *lexer)
{
    struct lex_token next;
    const char *start;

    lex_token_parse(&next, lexer->input, &start);
    enum lex_type type = next.type;
    lex_token_destroy(&next);
    return type;
}

/* If the current token has type 'type', advances past it and returns true;
 * otherwise returns false. */
bool
lexer_match(struct lexer *lexer, enum lex_type type)
{
    if (lexer->token.type == type) {
        lexer_get(lexer);
        return true;
    }
    return false;
}

/* Like lexer_match(), but reports a syntax error on mismatch. */
bool
lexer_force_match(struct lexer *lexer, enum lex_type type)
{
    if (lexer_match(lexer, type)) {
        return true;
    }
    lexer_syntax_error(lexer, "expecting `%s'", lex_type_to_string(type));
    return false;
}

/* If the current token is the identifier 'id', advances past it and returns
 * true; otherwise returns false. */
bool
lexer_match_id(struct lexer *lexer, const char *id)
{
    if (lexer->token.type == LEX_T_ID && !strcmp(lexer->token.s, id)) {
        lexer_get(lexer);
        return true;
    }
    return false;
}

/* Returns true if the current token is a decimal integer that fits in an
 * "int". */
bool
lexer_is_int(const struct lexer *lexer)
{
    const struct lex_token *t = &lexer->token;
    return (t->type == LEX_T_INTEGER
            && t->format == LEX_F_DECIMAL
            && ntohll(t->value.integer) <= INT_MAX);
}

/* If the current token is a small decimal integer, stores it in '*value',
 * advances and returns true; otherwise stores 0 and returns false. */
bool
lexer_get_int(struct lexer *lexer, int *value)
{
    if (lexer_is_int(lexer)) {
        *value = ntohll(lexer->token.value.integer);
        lexer_get(lexer);
        return true;
    }
    *value = 0;
    return false;
}

/* Like lexer_get_int(), but reports a syntax error on failure. */
bool
lexer_force_int(struct lexer *lexer, int *value)
{
    if (lexer_get_int(lexer, value)) {
        return true;
    }
    lexer_syntax_error(lexer, "expecting small integer");
    return false;
}

/* Returns true if the input has been consumed, otherwise reports a syntax
 * error and returns false. */
bool
lexer_force_end(struct lexer *lexer)
{
    if (lexer->token.type == LEX_T_END) {
        return true;
    }
    lexer_syntax_error(lexer, "expecting end of input");
    return false;
}

/* Records the formatted 'message' as the lexer's error, unless an error
 * was already recorded. */
void
lexer_error(struct lexer *lexer, const char *message, ...)
{
    if (lexer->error) {
        return;
    }

    va_list args;
    va_start(args, message);
    lexer->error = xvasprintf(message, args);
    va_end(args);
}

/* Records a "Syntax error at `TOKEN' MESSAGE." error, unless an error was
 * already recorded.  'message' may be NULL.  If the current token is a
 * lexical error, its own message is recorded instead, since it explains
 * the problem better. */
void
lexer_syntax_error(struct lexer *lexer, const char *message, ...)
{
    if (lexer->error) {
        return;
    }
    if (lexer->token.type == LEX_T_ERROR) {
        lexer->error = xstrdup(lexer->token.s);
        return;
    }

    struct ds s = DS_EMPTY_INITIALIZER;
    ds_put_cstr(&s, "Syntax error");
    if (lexer->token.type == LEX_T_END) {
        ds_put_cstr(&s, " at end of input");
    } else if (lexer->start) {
        ds_put_format(&s, " at `%.*s'",
                      (int) (lexer->input - lexer->start), lexer->start);
    }
    if (message) {
        ds_put_char(&s, ' ');

        va_list args;
        va_start(args, message);
        ds_put_format_valist(&s, message, args);
        va_end(args);
    }
    ds_put_char(&s, '.');
    lexer->error = ds_steal_cstr(&s);
}

/* Returns the lexer's error, transferring ownership to the caller, and
 * clears it. */
char *
lexer_steal_error(struct lexer *lexer)
{
    char *error = lexer->error;
    lexer->error = NULL;
    return error;
}

/* Returns a copy of 'input' in which every ^NAME token that names a
 * variable in 'template_vars' is replaced by its value.  Unknown names are
 * left in place, so that parsing the result reports them.  Adds every
 * referenced name to 'template_vars_ref', if nonnull, so that callers can
 * reparse when a variable appears or changes.  Everything else, comments
 * and spacing included, is copied verbatim. */
char *
lexer_parse_template_string(const char *input,
                            const struct smap *template_vars,
                            struct sset *template_vars_ref)
{
    struct ds out = DS_EMPTY_INITIALIZER;
    const char *copied = input;
    const char *p = input;

    for (;;) {
        struct lex_token token;
        const char *start;
        const char *end = lex_token_parse(&token, p, &start);
        enum lex_type type = token.type;

        if (type == LEX_T_TEMPLATE) {
            const char *value = (template_vars
                                 ? smap_get(template_vars, token.s)
                                 : NULL);
            if (template_vars_ref) {
                sset_add(template_vars_ref, token.s);
            }
            if (value) {
                ds_put_buffer(&out, copied, start - copied);
                ds_put_cstr(&out, value);
                copied = end;
            }
        }
        lex_token_destroy(&token);
        if (type == LEX_T_END || end == p) {
            break;
        }
        p = end;
    }
    ds_put_cstr(&out, copied);
    return ds_steal_cstr(&out);
}
