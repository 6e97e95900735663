/* ls-acl-data.c: which ACLs apply to which logical switches (see
 * ls-acl-data.h). */

#include <config.h>

#include "northd/ls-acl-data.h"

#include <string.h>

#include "bitmap.h"
#include "lib/ovn-nb-idl.h"
#include "northd/en-port-groups.h"
#include "northd/lb.h"
#include "northd/lflow-mgr.h"
#include "northd/northd.h"
#include "smap.h"
#include "util.h"
#include "uuid.h"

/* The stage where 'acl' is evaluated. */
enum acl_eval_stage
acl_get_eval_stage(const struct nbrec_acl *acl)
{
    if (!strcmp(acl->direction, "from-lport")) {
        return (smap_get_bool(&acl->options, "apply-after-lb", false)
                ? ACL_EVAL_IN_AFTER_LB : ACL_EVAL_IN);
    }
    return ACL_EVAL_OUT;
}

/* Adds ACLs 'acls' to summary 's'. */
static void
summary_add_acls(struct ls_acl_summary *s, struct nbrec_acl **acls,
                 size_t n_acls)
{
    for (size_t i = 0; i < n_acls; i++) {
        const struct nbrec_acl *acl = acls[i];
        s->has_acls = true;
        if (!strcmp(acl->action, "allow-related")) {
            s->has_stateful_acl = true;
        }
        enum acl_eval_stage stage = acl_get_eval_stage(acl);
        if (acl->tier > s->max_tier[stage]) {
            s->max_tier[stage] = acl->tier;
        }
    }
}

/* Computes into 's' what the ACLs of switch 'ls' add up to. */
static void
ls_compute_summary(const struct ls_acl_info *ls, struct ls_acl_summary *s)
{
    memset(s, 0, sizeof *s);
    summary_add_acls(s, ls->od->nbs->acls, ls->od->nbs->n_acls);
    struct hmapx_node *hn;
    HMAPX_FOR_EACH (hn, &ls->port_groups) {
        const struct acl_port_group *pg = hn->data;
        summary_add_acls(s, pg->nb->acls, pg->nb->n_acls);
    }
    s->has_lb_vip = ls_has_lb_vip(ls->od);
}

/* Whether two summaries are the same. */
static bool
summary_equal(const struct ls_acl_summary *a, const struct ls_acl_summary *b)
{
    if (a->has_acls != b->has_acls
        || a->has_stateful_acl != b->has_stateful_acl
        || a->has_lb_vip != b->has_lb_vip) {
        return false;
    }
    for (size_t i = 0; i < ACL_EVAL_N_STAGES; i++) {
        if (a->max_tier[i] != b->max_tier[i]) {
            return false;
        }
    }
    return true;
}

/* Owners. */

/* Creates the owner of 'acl' in the container 'ls' or 'pg'. */
static struct acl_owner *
owner_create(struct ls_acl_data *data, const struct nbrec_acl *acl,
             struct ls_acl_info *ls, struct acl_port_group *pg)
{
    struct acl_owner *owner = xzalloc(sizeof *owner);
    owner->acl = acl;
    owner->ls = ls;
    owner->pg = pg;
    owner->lflow_ref = lflow_ref_create();
    hmap_insert(&data->owners, &owner->node, uuid_hash(&acl->header_.uuid));
    ovs_list_push_back(ls ? &ls->owners : &pg->owners,
                       &owner->container_node);
    return owner;
}

/* Takes 'owner' out of 'data' (not freeing it). */
static void
owner_detach(struct ls_acl_data *data, struct acl_owner *owner)
{
    hmap_remove(&data->owners, &owner->node);
    ovs_list_remove(&owner->container_node);
    owner->ls = NULL;
    owner->pg = NULL;
}

/* Frees detached 'owner'. */
static void
owner_destroy(struct acl_owner *owner)
{
    lflow_ref_destroy(owner->lflow_ref);
    free(owner);
}

/* Returns the owner of 'acl' in container 'ls' or 'pg', or NULL. */
static struct acl_owner *
owner_find(const struct ls_acl_data *data, const struct nbrec_acl *acl,
           const struct ls_acl_info *ls, const struct acl_port_group *pg)
{
    struct acl_owner *owner;
    HMAP_FOR_EACH_WITH_HASH (owner, node, uuid_hash(&acl->header_.uuid),
                             &data->owners) {
        if (owner->acl == acl && owner->ls == ls && owner->pg == pg) {
            return owner;
        }
    }
    return NULL;
}

/* Records that 'owner''s flows must be built again (unless it is new
 * anyway). */
static void
owner_mark_updated(struct ls_acl_data *data, struct acl_owner *owner)
{
    if (!hmapx_contains(&data->tracked.created, owner)) {
        hmapx_add(&data->tracked.updated, owner);
    }
}

/* Removes 'owner' from 'data', keeping it in the tracked data so that its
 * flows can be withdrawn. */
static void
owner_delete_tracked(struct ls_acl_data *data, struct acl_owner *owner)
{
    owner_detach(data, owner);
    hmapx_find_and_delete(&data->tracked.created, owner);
    hmapx_find_and_delete(&data->tracked.updated, owner);
    hmapx_add(&data->tracked.deleted, owner);
}

/* Makes the owners of container 'ls' or 'pg' (whose list is 'owners') be
 * those of 'acls', recording the ones created and deleted. */
static void
container_sync_owners(struct ls_acl_data *data, struct ovs_list *owners,
                      struct nbrec_acl **acls, size_t n_acls,
                      struct ls_acl_info *ls, struct acl_port_group *pg)
{
    struct acl_owner *owner;
    LIST_FOR_EACH (owner, container_node, owners) {
        owner->seen = false;
    }
    for (size_t i = 0; i < n_acls; i++) {
        owner = owner_find(data, acls[i], ls, pg);
        if (!owner) {
            owner = owner_create(data, acls[i], ls, pg);
            hmapx_add(&data->tracked.created, owner);
        }
        owner->seen = true;
    }
    LIST_FOR_EACH_SAFE (owner, container_node, owners) {
        if (!owner->seen) {
            owner_delete_tracked(data, owner);
        }
    }
}

/* Port groups. */

/* Returns the record of Northbound port group 'nb', or NULL. */
static struct acl_port_group *
port_group_find(const struct ls_acl_data *data,
                const struct nbrec_port_group *nb)
{
    struct acl_port_group *pg;
    HMAP_FOR_EACH_WITH_HASH (pg, node, uuid_hash(&nb->header_.uuid),
                             &data->port_groups) {
        if (pg->nb == nb) {
            return pg;
        }
    }
    return NULL;
}

/* Computes into 'dps' (of 'n_bits' bits, zeroed) the switches on which
 * 'nb' has ports; returns how many. */
static size_t
port_group_compute_dps(const struct nbrec_port_group *nb,
                       const struct northd_data *nd, unsigned long *dps,
                       size_t n_bits)
{
    size_t n = 0;
    for (size_t i = 0; i < nb->n_ports; i++) {
        const struct ovn_port *op = ovn_port_find(&nd->ports,
                                                  nb->ports[i]->name);
        if (!op || op->nbsp != nb->ports[i] || op->od->index >= n_bits) {
            continue;
        }
        if (!bitmap_is_set(dps, op->od->index)) {
            bitmap_set1(dps, op->od->index);
            n++;
        }
    }
    return n;
}

/* Adds 'pg' to, or removes it from, the port group sets of the switches in
 * its 'dps'. */
static void
port_group_link_switches(struct ls_acl_data *data, struct acl_port_group *pg,
                         bool add)
{
    size_t idx;
    BITMAP_FOR_EACH_1 (idx, data->n_switches, pg->dps) {
        struct ls_acl_info *ls = &data->switches[idx];
        if (!ls->od) {
            continue;
        }
        if (add) {
            hmapx_add(&ls->port_groups, pg);
        } else {
            hmapx_find_and_delete(&ls->port_groups, pg);
        }
    }
}

/* Creates the record of port group 'nb' (without owners). */
static struct acl_port_group *
port_group_create(struct ls_acl_data *data, const struct nbrec_port_group *nb,
                  const struct northd_data *nd)
{
    struct acl_port_group *pg = xzalloc(sizeof *pg);
    pg->nb = nb;
    pg->dps = bitmap_allocate(data->n_switches);
    pg->n_dps = port_group_compute_dps(nb, nd, pg->dps, data->n_switches);
    ovs_list_init(&pg->owners);
    hmap_insert(&data->port_groups, &pg->node, uuid_hash(&nb->header_.uuid));
    port_group_link_switches(data, pg, true);
    return pg;
}

/* Frees 'pg', which has no owners left. */
static void
port_group_destroy(struct ls_acl_data *data, struct acl_port_group *pg)
{
    port_group_link_switches(data, pg, false);
    hmap_remove(&data->port_groups, &pg->node);
    free(pg->dps);
    free(pg);
}

/* The whole data. */

/* Initializes 'data' as empty. */
void
ls_acl_data_init(struct ls_acl_data *data)
{
    memset(data, 0, sizeof *data);
    hmap_init(&data->port_groups);
    hmap_init(&data->owners);
    hmapx_init(&data->tracked.created);
    hmapx_init(&data->tracked.updated);
    hmapx_init(&data->tracked.deleted);
    acl_ids_init(&data->ids);
}

/* Forgets what the last incremental change tracked, freeing the owners it
 * deleted. */
void
ls_acl_data_clear_tracked(struct ls_acl_data *data)
{
    struct hmapx_node *hn;
    HMAPX_FOR_EACH (hn, &data->tracked.deleted) {
        owner_destroy(hn->data);
    }
    hmapx_clear(&data->tracked.created);
    hmapx_clear(&data->tracked.updated);
    hmapx_clear(&data->tracked.deleted);
    data->has_tracked_data = false;
}

/* Frees everything 'data' holds but its tracked data. */
static void
ls_acl_data_clear(struct ls_acl_data *data)
{
    struct acl_owner *owner;
    HMAP_FOR_EACH_SAFE (owner, node, &data->owners) {
        owner_detach(data, owner);
        owner_destroy(owner);
    }
    struct acl_port_group *pg;
    HMAP_FOR_EACH_SAFE (pg, node, &data->port_groups) {
        port_group_destroy(data, pg);
    }
    for (size_t i = 0; i < data->n_switches; i++) {
        hmapx_destroy(&data->switches[i].port_groups);
    }
    free(data->switches);
    data->switches = NULL;
    data->n_switches = 0;
}

/* Frees 'data''s contents. */
void
ls_acl_data_destroy(struct ls_acl_data *data)
{
    ls_acl_data_clear_tracked(data);
    ls_acl_data_clear(data);
    hmap_destroy(&data->port_groups);
    hmap_destroy(&data->owners);
    hmapx_destroy(&data->tracked.created);
    hmapx_destroy(&data->tracked.updated);
    hmapx_destroy(&data->tracked.deleted);
    acl_ids_destroy(&data->ids);
}

/* Forgets the flows every owner built, for when the flow table they are in
 * is about to be reset. */
void
ls_acl_data_clear_lflow_refs(struct ls_acl_data *data)
{
    struct acl_owner *owner;
    HMAP_FOR_EACH (owner, node, &data->owners) {
        lflow_ref_clear(owner->lflow_ref);
    }
}

/* Rebuilds 'data' from the datapaths and ports of 'nd' and the Northbound
 * database. */
void
ls_acl_data_build(struct ls_acl_data *data, const struct northd_data *nd,
                  struct ovsdb_idl *nb_idl)
{
    ls_acl_data_clear_tracked(data);
    ls_acl_data_clear(data);

    data->n_switches = nd->datapaths.n;
    data->switches = xcalloc(MAX(data->n_switches, 1),
                             sizeof *data->switches);
    for (size_t i = 0; i < data->n_switches; i++) {
        struct ls_acl_info *ls = &data->switches[i];
        const struct ovn_datapath *od = nd->datapaths.array[i];
        hmapx_init(&ls->port_groups);
        ovs_list_init(&ls->owners);
        if (od->nbs) {
            ls->od = od;
        }
    }

    const struct nbrec_port_group *nb_pg;
    NBREC_PORT_GROUP_FOR_EACH (nb_pg, nb_idl) {
        struct acl_port_group *pg = port_group_create(data, nb_pg, nd);
        for (size_t i = 0; i < nb_pg->n_acls; i++) {
            owner_create(data, nb_pg->acls[i], NULL, pg);
        }
    }

    for (size_t i = 0; i < data->n_switches; i++) {
        struct ls_acl_info *ls = &data->switches[i];
        if (!ls->od) {
            continue;
        }
        for (size_t j = 0; j < ls->od->nbs->n_acls; j++) {
            owner_create(data, ls->od->nbs->acls[j], ls, NULL);
        }
        ls_compute_summary(ls, &ls->summary);
    }
}

/* Returns the record of switch 'od', or NULL. */
const struct ls_acl_info *
ls_acl_data_find(const struct ls_acl_data *data,
                 const struct ovn_datapath *od)
{
    if (!data || od->index >= data->n_switches
        || data->switches[od->index].od != od) {
        return NULL;
    }
    return &data->switches[od->index];
}

/* Incremental changes. */

/* Adds to 'affected' the switches of container 'ls' or 'pg'. */
static void
container_add_switches(struct ls_acl_data *data, struct ls_acl_info *ls,
                       const struct acl_port_group *pg,
                       struct hmapx *affected)
{
    if (ls) {
        hmapx_add(affected, ls);
    } else if (pg) {
        size_t idx;
        BITMAP_FOR_EACH_1 (idx, data->n_switches, pg->dps) {
            if (data->switches[idx].od) {
                hmapx_add(affected, &data->switches[idx]);
            }
        }
    }
}

/* Recomputes the summaries of the switches in 'affected'.  Returns false if
 * one of them changed (the change cannot be handled incrementally). */
static bool
summaries_unchanged(const struct hmapx *affected)
{
    struct hmapx_node *hn;
    HMAPX_FOR_EACH (hn, affected) {
        const struct ls_acl_info *ls = hn->data;
        struct ls_acl_summary s;
        ls_compute_summary(ls, &s);
        if (!summary_equal(&s, &ls->summary)) {
            return false;
        }
    }
    return true;
}

/* Applies changes to the ACL lists of existing switches.  Returns false if
 * a full build is needed. */
bool
ls_acl_data_handle_switches(struct ls_acl_data *data,
                            const struct northd_data *nd,
                            struct ovsdb_idl *nb_idl)
{
    struct hmapx affected = HMAPX_INITIALIZER(&affected);
    bool ok = false;

    const struct nbrec_logical_switch *nbs;
    NBREC_LOGICAL_SWITCH_FOR_EACH_TRACKED (nbs, nb_idl) {
        if (nbrec_logical_switch_is_new(nbs)
            || nbrec_logical_switch_is_deleted(nbs)
            || nbrec_logical_switch_is_updated(
                   nbs, NBREC_LOGICAL_SWITCH_COL_QOS_RULES)) {
            goto out;
        }
        if (!nbrec_logical_switch_is_updated(nbs,
                                             NBREC_LOGICAL_SWITCH_COL_ACLS)) {
            continue;
        }
        const struct ovn_datapath *od = ovn_datapath_find(&nd->datapaths,
                                                          &nbs->header_.uuid);
        struct ls_acl_info *ls = (od && od->index < data->n_switches
                                  ? &data->switches[od->index] : NULL);
        if (!ls || ls->od != od) {
            goto out;
        }
        container_sync_owners(data, &ls->owners, nbs->acls, nbs->n_acls,
                              ls, NULL);
        hmapx_add(&affected, ls);
    }
    ok = summaries_unchanged(&affected);
    data->has_tracked_data = true;

out:
    hmapx_destroy(&affected);
    return ok;
}

/* Applies changes to port groups: new and deleted groups, their ACL lists
 * and their members.  Returns false if a full build is needed. */
bool
ls_acl_data_handle_port_groups(struct ls_acl_data *data,
                               const struct northd_data *nd,
                               struct ovsdb_idl *nb_idl)
{
    struct hmapx affected = HMAPX_INITIALIZER(&affected);
    unsigned long *dps = bitmap_allocate(data->n_switches);
    bool ports_deleted = nb_switch_port_deleted(nb_idl);
    bool ok = false;

    const struct nbrec_port_group *nb;
    NBREC_PORT_GROUP_FOR_EACH_TRACKED (nb, nb_idl) {
        struct acl_port_group *pg = port_group_find(data, nb);
        if (nbrec_port_group_is_deleted(nb)) {
            if (pg) {
                container_add_switches(data, NULL, pg, &affected);
                struct acl_owner *owner;
                LIST_FOR_EACH_SAFE (owner, container_node, &pg->owners) {
                    owner_delete_tracked(data, owner);
                }
                port_group_destroy(data, pg);
            }
            continue;
        }
        if (!pg) {
            if (!nbrec_port_group_is_new(nb)) {
                goto out;
            }
            pg = port_group_create(data, nb, nd);
            container_sync_owners(data, &pg->owners, nb->acls, nb->n_acls,
                                  NULL, pg);
            container_add_switches(data, NULL, pg, &affected);
            continue;
        }

        if (port_group_members_may_differ(nb, ports_deleted)) {
            memset(dps, 0, bitmap_n_bytes(data->n_switches));
            size_t n_dps = port_group_compute_dps(nb, nd, dps,
                                                  data->n_switches);
            if (n_dps != pg->n_dps
                || !bitmap_equal(dps, pg->dps, data->n_switches)) {
                /* The group's ACLs now apply to other switches. */
                container_add_switches(data, NULL, pg, &affected);
                port_group_link_switches(data, pg, false);
                memcpy(pg->dps, dps, bitmap_n_bytes(data->n_switches));
                pg->n_dps = n_dps;
                port_group_link_switches(data, pg, true);
                container_add_switches(data, NULL, pg, &affected);
                struct acl_owner *owner;
                LIST_FOR_EACH (owner, container_node, &pg->owners) {
                    owner_mark_updated(data, owner);
                }
            }
        }
        if (nbrec_port_group_is_updated(nb, NBREC_PORT_GROUP_COL_ACLS)) {
            container_sync_owners(data, &pg->owners, nb->acls, nb->n_acls,
                                  NULL, pg);
            container_add_switches(data, NULL, pg, &affected);
        }
    }
    ok = summaries_unchanged(&affected);
    data->has_tracked_data = true;

out:
    free(dps);
    hmapx_destroy(&affected);
    return ok;
}

/* Applies changes to existing ACLs (new and deleted ones come with a change
 * of their container's list).  Returns false if a full build is
 * needed. */
bool
ls_acl_data_handle_acls(struct ls_acl_data *data, struct ovsdb_idl *nb_idl)
{
    struct hmapx affected = HMAPX_INITIALIZER(&affected);

    const struct nbrec_acl *acl;
    NBREC_ACL_FOR_EACH_TRACKED (acl, nb_idl) {
        if (nbrec_acl_is_new(acl) || nbrec_acl_is_deleted(acl)) {
            continue;
        }
        struct acl_owner *owner;
        HMAP_FOR_EACH_WITH_HASH (owner, node, uuid_hash(&acl->header_.uuid),
                                 &data->owners) {
            if (owner->acl == acl) {
                owner_mark_updated(data, owner);
                container_add_switches(data, owner->ls, owner->pg,
                                       &affected);
            }
        }
    }
    bool ok = summaries_unchanged(&affected);
    data->has_tracked_data = true;
    hmapx_destroy(&affected);
    return ok;
}

