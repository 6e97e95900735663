/* acl-ids.h: IDs of ACLs whose connections persist (see acl-ids.c). */

#ifndef NORTHD_ACL_IDS_H
#define NORTHD_ACL_IDS_H 1

#include <stdint.h>

#include "openvswitch/hmap.h"

struct nbrec_acl;
struct ovsdb_idl;
struct ovsdb_idl_txn;

/* The IDs given out. */
struct acl_ids {
    struct hmap entries;        /* "struct acl_id_entry"s, by ACL UUID. */
    unsigned long *used;        /* IDs in use. */
};

void acl_ids_init(struct acl_ids *);
void acl_ids_destroy(struct acl_ids *);
void acl_ids_sync_all(struct acl_ids *, struct ovsdb_idl *nb_idl,
                      struct ovsdb_idl *sb_idl, struct ovsdb_idl_txn *);
void acl_ids_handle_acls(struct acl_ids *, struct ovsdb_idl *nb_idl,
                         struct ovsdb_idl *sb_idl, struct ovsdb_idl_txn *);
int64_t acl_ids_find(const struct acl_ids *, const struct nbrec_acl *);

#endif /* northd/acl-ids.h */
