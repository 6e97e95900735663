/* en-sb-static.c: the "sb_static_tables" engine node.
 *
 * This module owns the Southbound rows whose content is fixed by the OVN
 * version rather than by the configuration: the role-based access control
 * that limits what an ovn-controller may write (RBAC_Role
 * "ovn-controller" and its RBAC_Permission rows), and the DHCPv4 and
 * DHCPv6 option code tables (DHCP_Options, DHCPv6_Options) that
 * ovn-controller encodes options with, as lib/ovn-l7.c defines them.
 * Whenever one of these tables changes, the node puts back what is
 * missing, wrong or extra. */

#include <config.h>

#include "northd/en-sb-static.h"

#include <string.h>

#include "lib/ovn-l7.h"
#include "lib/ovn-sb-idl.h"
#include "northd/inc-proc-northd.h"
#include "openvswitch/shash.h"
#include "sset.h"
#include "util.h"

/* One RBAC permission of the "ovn-controller" role. */
struct rbac_perm_def {
    const char *table;              /* Table it applies to. */
    const char *authorization;      /* Column that must name the chassis,
                                     * or "" for any row. */
    bool insert_delete;             /* May insert and delete rows. */
    const char *update[8];          /* Columns it may update. */
};

/* The permissions of OVN 26.03's ovn-controller. */
static const struct rbac_perm_def rbac_perms[] = {
    { "BFD", "chassis_name", false, { "status" } },
    { "Chassis", "name", true,
      { "encaps", "external_ids", "nb_cfg", "other_config",
        "transport_zones", "vtep_logical_switches" } },
    { "Chassis_Private", "name", true,
      { "chassis", "external_ids", "nb_cfg", "nb_cfg_timestamp" } },
    { "Controller_Event", "", true,
      { "chassis", "event_info", "event_type", "seq_num" } },
    { "Encap", "chassis_name", true, { "ip", "options", "type" } },
    { "FDB", "", true, { "dp_key", "mac", "port_key", "timestamp" } },
    { "IGMP_Group", "chassis_name", true,
      { "address", "chassis", "datapath", "ports", "protocol" } },
    { "Learned_Route", "", true,
      { "datapath", "external_ids", "ip_prefix", "logical_port",
        "nexthop" } },
    { "MAC_Binding", "", true,
      { "datapath", "ip", "logical_port", "mac", "timestamp" } },
    { "Port_Binding", "", false,
      { "additional_chassis", "additional_encap", "chassis", "encap",
        "options", "up", "virtual_parent" } },
    { "Service_Monitor", "chassis_name", false, { "status" } },
};

/* The name of the role. */
#define RBAC_ROLE "ovn-controller"

/* Whether 'row' is exactly 'def'. */
static bool
rbac_perm_matches(const struct sbrec_rbac_permission *row,
                  const struct rbac_perm_def *def)
{
    if (strcmp(row->table, def->table)
        || row->insert_delete != def->insert_delete
        || row->n_authorization != 1
        || strcmp(row->authorization[0], def->authorization)) {
        return false;
    }
    size_t n_update = 0;
    while (n_update < ARRAY_SIZE(def->update) && def->update[n_update]) {
        n_update++;
    }
    if (row->n_update != n_update) {
        return false;
    }
    struct sset columns = SSET_INITIALIZER(&columns);
    for (size_t i = 0; i < row->n_update; i++) {
        sset_add(&columns, row->update[i]);
    }
    bool same = sset_count(&columns) == n_update;
    for (size_t i = 0; same && i < n_update; i++) {
        same = sset_contains(&columns, def->update[i]);
    }
    sset_destroy(&columns);
    return same;
}

/* Makes the RBAC tables hold exactly the "ovn-controller" role. */
static void
sync_rbac(struct ovsdb_idl *sb_idl, struct ovsdb_idl_txn *txn)
{
    const struct sbrec_rbac_role *role = NULL;
    const struct sbrec_rbac_role *r;
    SBREC_RBAC_ROLE_FOR_EACH_SAFE (r, sb_idl) {
        if (!role && !strcmp(r->name, RBAC_ROLE)) {
            role = r;
        } else {
            sbrec_rbac_role_delete(r);
        }
    }

    /* Keep each permission that is right and is the role's, once. */
    const struct sbrec_rbac_permission *kept[ARRAY_SIZE(rbac_perms)];
    memset(kept, 0, sizeof kept);
    const struct sbrec_rbac_permission *perm;
    SBREC_RBAC_PERMISSION_FOR_EACH_SAFE (perm, sb_idl) {
        bool keep = false;
        for (size_t i = 0; i < ARRAY_SIZE(rbac_perms); i++) {
            if (!kept[i] && rbac_perm_matches(perm, &rbac_perms[i])) {
                kept[i] = perm;
                keep = true;
                break;
            }
        }
        if (!keep) {
            sbrec_rbac_permission_delete(perm);
        }
    }

    const char *keys[ARRAY_SIZE(rbac_perms)];
    struct sbrec_rbac_permission *values[ARRAY_SIZE(rbac_perms)];
    for (size_t i = 0; i < ARRAY_SIZE(rbac_perms); i++) {
        const struct rbac_perm_def *def = &rbac_perms[i];
        if (!kept[i]) {
            struct sbrec_rbac_permission *new = sbrec_rbac_permission_insert(
                txn);
            size_t n_update = 0;
            while (n_update < ARRAY_SIZE(def->update)
                   && def->update[n_update]) {
                n_update++;
            }
            sbrec_rbac_permission_set_table(new, def->table);
            sbrec_rbac_permission_set_authorization(
                new, CONST_CAST(const char **, &def->authorization), 1);
            sbrec_rbac_permission_set_insert_delete(new, def->insert_delete);
            sbrec_rbac_permission_set_update(
                new, CONST_CAST(const char **, def->update), n_update);
            kept[i] = new;
        }
        keys[i] = def->table;
        values[i] = CONST_CAST(struct sbrec_rbac_permission *, kept[i]);
    }

    if (!role) {
        role = sbrec_rbac_role_insert(txn);
        sbrec_rbac_role_set_name(role, RBAC_ROLE);
    }
    bool same = role->n_permissions == ARRAY_SIZE(rbac_perms);
    for (size_t i = 0; same && i < role->n_permissions; i++) {
        same = false;
        for (size_t j = 0; j < ARRAY_SIZE(rbac_perms); j++) {
            if (!strcmp(role->key_permissions[i], keys[j])) {
                same = role->value_permissions[i] == values[j];
                break;
            }
        }
    }
    if (!same) {
        sbrec_rbac_role_set_permissions(role, keys, values,
                                        ARRAY_SIZE(rbac_perms));
    }
}

/* Makes DHCP_Options (when 'v6' is false) or DHCPv6_Options hold exactly
 * 'defs'. */
static void
sync_dhcp_codes(struct ovsdb_idl *sb_idl, struct ovsdb_idl_txn *txn,
                const struct gen_opt_def *defs, size_t n_defs, bool v6)
{
    bool *present = xcalloc(n_defs, sizeof *present);

    if (!v6) {
        const struct sbrec_dhcp_options *row;
        SBREC_DHCP_OPTIONS_FOR_EACH_SAFE (row, sb_idl) {
            bool keep = false;
            for (size_t i = 0; i < n_defs; i++) {
                if (!present[i] && !strcmp(row->name, defs[i].name)
                    && row->code == defs[i].code
                    && !strcmp(row->type, defs[i].type)) {
                    present[i] = keep = true;
                    break;
                }
            }
            if (!keep) {
                sbrec_dhcp_options_delete(row);
            }
        }
        for (size_t i = 0; i < n_defs; i++) {
            if (!present[i]) {
                struct sbrec_dhcp_options *new
                    = sbrec_dhcp_options_insert(txn);
                sbrec_dhcp_options_set_name(new, defs[i].name);
                sbrec_dhcp_options_set_code(new, defs[i].code);
                sbrec_dhcp_options_set_type(new, defs[i].type);
            }
        }
    } else {
        const struct sbrec_dhcpv6_options *row;
        SBREC_DHCPV6_OPTIONS_FOR_EACH_SAFE (row, sb_idl) {
            bool keep = false;
            for (size_t i = 0; i < n_defs; i++) {
                if (!present[i] && !strcmp(row->name, defs[i].name)
                    && row->code == defs[i].code
                    && !strcmp(row->type, defs[i].type)) {
                    present[i] = keep = true;
                    break;
                }
            }
            if (!keep) {
                sbrec_dhcpv6_options_delete(row);
            }
        }
        for (size_t i = 0; i < n_defs; i++) {
            if (!present[i]) {
                struct sbrec_dhcpv6_options *new
                    = sbrec_dhcpv6_options_insert(txn);
                sbrec_dhcpv6_options_set_name(new, defs[i].name);
                sbrec_dhcpv6_options_set_code(new, defs[i].code);
                sbrec_dhcpv6_options_set_type(new, defs[i].type);
            }
        }
    }
    free(present);
}

/* Puts the static tables right.  Nothing depends on them in ovn-northd. */
static enum engine_node_state
en_sb_static_run(struct engine_node *node, void *data OVS_UNUSED)
{
    const struct northd_engine_context *ctx = engine_get_context(node);
    sync_rbac(ctx->sb_idl, ctx->ovnsb_txn);
    sync_dhcp_codes(ctx->sb_idl, ctx->ovnsb_txn, ovn_dhcpv4_opt_defs,
                    ovn_n_dhcpv4_opt_defs, false);
    sync_dhcp_codes(ctx->sb_idl, ctx->ovnsb_txn, ovn_dhcpv6_opt_defs,
                    ovn_n_dhcpv6_opt_defs, true);
    return EN_UNCHANGED;
}

/* What the node does. */
static const struct engine_node_ops en_sb_static_ops = {
    .run = en_sb_static_run,
};

/* Adds the "sb_static_tables" node to 'engine', with the tables it keeps
 * as inputs. */
struct engine_node *
en_sb_static_create(struct engine *engine, struct engine_node *rbac_role,
                    struct engine_node *rbac_permission,
                    struct engine_node *dhcp_options,
                    struct engine_node *dhcpv6_options)
{
    struct engine_node *node = engine_add_node(engine, "sb_static_tables",
                                               &en_sb_static_ops);
    engine_add_input(node, rbac_role, NULL);
    engine_add_input(node, rbac_permission, NULL);
    engine_add_input(node, dhcp_options, NULL);
    engine_add_input(node, dhcpv6_options, NULL);
    return node;
}
