/* acl-ids.c: IDs of ACLs whose connections persist.
 *
 * This module owns the Southbound ACL_ID table.  An ACL with
 * options:persist-established=true commits the connections it allows with
 * ct_mark.allow_established set and its ID in ct_label.acl_id, so that
 * their packets keep passing whatever ACLs come later, until the ACL goes
 * (ovn-controller then flushes the connections with that ID).  Each such
 * ACL has an ID of its own, 1 to 32767, recorded in an ACL_ID row whose
 * UUID is the ACL's: the IDs survive restarts of ovn-northd. */

#include <config.h>

#include "northd/acl-ids.h"

#include <string.h>

#include "bitmap.h"
#include "lib/ovn-nb-idl.h"
#include "lib/ovn-sb-idl.h"
#include "smap.h"
#include "util.h"
#include "uuid.h"

/* The largest ID. */
#define ACL_ID_MAX 32767

/* The ID of one ACL. */
struct acl_id_entry {
    struct hmap_node node;      /* In acl_ids 'entries'. */
    struct uuid acl_uuid;       /* The ACL (and its ACL_ID row). */
    int64_t id;                 /* Its ID. */
};

/* Initializes 'ids' as empty. */
void
acl_ids_init(struct acl_ids *ids)
{
    hmap_init(&ids->entries);
    ids->used = bitmap_allocate(ACL_ID_MAX + 1);
    bitmap_set1(ids->used, 0);
}

/* Forgets every ID. */
static void
acl_ids_clear(struct acl_ids *ids)
{
    struct acl_id_entry *e;
    HMAP_FOR_EACH_POP (e, node, &ids->entries) {
        free(e);
    }
    memset(ids->used, 0, bitmap_n_bytes(ACL_ID_MAX + 1));
    bitmap_set1(ids->used, 0);
}

/* Frees 'ids''s contents. */
void
acl_ids_destroy(struct acl_ids *ids)
{
    acl_ids_clear(ids);
    hmap_destroy(&ids->entries);
    free(ids->used);
}

/* Returns the entry of the ACL with UUID 'uuid', or NULL. */
static struct acl_id_entry *
acl_ids_lookup(const struct acl_ids *ids, const struct uuid *uuid)
{
    struct acl_id_entry *e;
    HMAP_FOR_EACH_WITH_HASH (e, node, uuid_hash(uuid), &ids->entries) {
        if (uuid_equals(&e->acl_uuid, uuid)) {
            return e;
        }
    }
    return NULL;
}

/* Returns the ID of 'acl', or 0 if it has none. */
int64_t
acl_ids_find(const struct acl_ids *ids, const struct nbrec_acl *acl)
{
    const struct acl_id_entry *e = acl_ids_lookup(ids, &acl->header_.uuid);
    return e ? e->id : 0;
}

/* Whether 'acl' needs an ID. */
static bool
acl_wants_id(const struct nbrec_acl *acl)
{
    return smap_get_bool(&acl->options, "persist-established", false);
}

/* Records that the ACL with UUID 'uuid' has ID 'id'. */
static void
acl_ids_add(struct acl_ids *ids, const struct uuid *uuid, int64_t id)
{
    struct acl_id_entry *e = xmalloc(sizeof *e);
    e->acl_uuid = *uuid;
    e->id = id;
    hmap_insert(&ids->entries, &e->node, uuid_hash(uuid));
    bitmap_set1(ids->used, id);
}

/* Gives 'acl' the lowest free ID and its ACL_ID row. */
static void
acl_ids_allocate(struct acl_ids *ids, const struct nbrec_acl *acl,
                 struct ovsdb_idl *sb_idl, struct ovsdb_idl_txn *txn)
{
    size_t id = bitmap_scan(ids->used, false, 1, ACL_ID_MAX + 1);
    if (id > ACL_ID_MAX) {
        return;
    }
    acl_ids_add(ids, &acl->header_.uuid, id);
    const struct sbrec_acl_id *row
        = sbrec_acl_id_get_for_uuid(sb_idl, &acl->header_.uuid);
    if (!row) {
        row = sbrec_acl_id_insert_persist_uuid(txn, &acl->header_.uuid);
    }
    sbrec_acl_id_set_id(row, id);
}

/* Takes the ID of the ACL with UUID 'uuid' away, with its row. */
static void
acl_ids_release(struct acl_ids *ids, const struct uuid *uuid,
                struct ovsdb_idl *sb_idl)
{
    struct acl_id_entry *e = acl_ids_lookup(ids, uuid);
    if (e) {
        bitmap_set0(ids->used, e->id);
        hmap_remove(&ids->entries, &e->node);
        free(e);
    }
    const struct sbrec_acl_id *row = sbrec_acl_id_get_for_uuid(sb_idl, uuid);
    if (row) {
        sbrec_acl_id_delete(row);
    }
}

/* Gives every ACL that needs one an ID, keeping those that the database
 * has, and makes the ACL_ID table match. */
void
acl_ids_sync_all(struct acl_ids *ids, struct ovsdb_idl *nb_idl,
                 struct ovsdb_idl *sb_idl, struct ovsdb_idl_txn *txn)
{
    acl_ids_clear(ids);

    const struct sbrec_acl_id *row;
    SBREC_ACL_ID_FOR_EACH_SAFE (row, sb_idl) {
        const struct nbrec_acl *acl
            = nbrec_acl_get_for_uuid(nb_idl, &row->header_.uuid);
        if (!acl || !acl_wants_id(acl)) {
            sbrec_acl_id_delete(row);
        } else if (row->id >= 1 && row->id <= ACL_ID_MAX
                   && !bitmap_is_set(ids->used, row->id)) {
            acl_ids_add(ids, &row->header_.uuid, row->id);
        }
        /* (A row with an ID that cannot be kept gets a new one below.) */
    }

    const struct nbrec_acl *acl;
    NBREC_ACL_FOR_EACH (acl, nb_idl) {
        if (acl_wants_id(acl) && !acl_ids_lookup(ids, &acl->header_.uuid)) {
            acl_ids_allocate(ids, acl, sb_idl, txn);
        }
    }
}

/* Gives new and changed ACLs the ID they need, or takes it away, and takes
 * those of deleted ACLs away. */
void
acl_ids_handle_acls(struct acl_ids *ids, struct ovsdb_idl *nb_idl,
                    struct ovsdb_idl *sb_idl, struct ovsdb_idl_txn *txn)
{
    const struct nbrec_acl *acl;
    NBREC_ACL_FOR_EACH_TRACKED (acl, nb_idl) {
        bool has = acl_ids_lookup(ids, &acl->header_.uuid) != NULL;
        bool wants = !nbrec_acl_is_deleted(acl) && acl_wants_id(acl);
        if (has && !wants) {
            acl_ids_release(ids, &acl->header_.uuid, sb_idl);
        } else if (wants && !has) {
            acl_ids_allocate(ids, acl, sb_idl, txn);
        }
    }
}
