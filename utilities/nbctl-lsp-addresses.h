/* nbctl-lsp-addresses.h: checks of the addresses given to
 * "ovn-nbctl lsp-set-addresses".
 *
 * A logical switch port's address is "unknown", "router", "dynamic",
 * "dynamic IP", or an Ethernet address followed by IP addresses (or by
 * "dynamic").  This module tells whether an argument has one of those
 * forms and whether its IP addresses are already used by another port of
 * the same switch, with ovn-nbctl's error messages. */

#ifndef NBCTL_LSP_ADDRESSES_H
#define NBCTL_LSP_ADDRESSES_H 1

#include <stdbool.h>

#include "compiler.h"

struct nbrec_logical_switch;
struct nbrec_logical_switch_port;

bool nbctl_lsp_address_is_valid(const char *address);
char *nbctl_lsp_address_find_duplicate(
    const struct nbrec_logical_switch *,
    const struct nbrec_logical_switch_port *,
    const char *address) OVS_WARN_UNUSED_RESULT;

#endif /* nbctl-lsp-addresses.h */
