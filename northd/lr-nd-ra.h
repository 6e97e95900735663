/* lr-nd-ra.h: IPv6 router advertisements and prefix delegation of logical
 * router ports (see lr-nd-ra.c). */

#ifndef NORTHD_LR_ND_RA_H
#define NORTHD_LR_ND_RA_H 1

struct ovn_port;
struct ovsdb_idl;
struct ovsdb_idl_txn;
struct sbrec_port_binding;
struct smap;

void lrp_add_ipv6_sb_options(const struct ovn_port *,
                             const struct sbrec_port_binding *,
                             struct smap *options);
void lrp_sync_ipv6_prefix(const struct ovn_port *, struct ovsdb_idl *sb_idl,
                          struct ovsdb_idl_txn *ovnnb_txn);

#endif /* northd/lr-nd-ra.h */
