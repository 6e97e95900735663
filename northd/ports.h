/* ports.h: logical ports and their Southbound Port_Binding rows.
 *
 * See ports.c.  'struct ovn_port' itself is in northd.h. */

#ifndef NORTHD_PORTS_H
#define NORTHD_PORTS_H 1

#include <stdbool.h>

#include "northd/northd.h"

struct uuidset;

struct ovn_port *ovn_port_create(struct northd_data *, const char *key,
                                 struct ovn_datapath *,
                                 const struct nbrec_logical_switch_port *,
                                 const struct nbrec_logical_router_port *);
void ovn_port_remove(struct northd_data *, struct ovn_port *);
void ovn_port_destroy(struct ovn_port *);
void ovn_port_parse_lsp_addresses(struct ovn_port *);
void ovn_port_refresh_lsp(struct ovn_port *);
bool lsp_is_simple_vif(const struct nbrec_logical_switch_port *);

uint32_t ovn_port_requested_key(const struct ovn_port *);
bool ovn_port_allocate_key(struct ovn_port *,
                           const struct northd_context *);
void ovn_port_sync_sb(struct ovn_port *, const struct northd_context *);
void ovn_port_delete_sb(struct ovn_port *, const struct northd_context *);

bool ports_always_redirect_changed(const struct northd_data *);

void ovn_ports_destroy_all(struct northd_data *);
void ovn_ports_build(struct northd_data *, const struct northd_context *);

#endif /* northd/ports.h */
