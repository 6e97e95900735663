/* en-global-config.c: the "global_config" engine node (see
 * en-global-config.h). */

#include <config.h>

#include "northd/en-global-config.h"

#include <inttypes.h>
#include <string.h>

#include "lib/ovn-nb-idl.h"
#include "lib/ovn-sb-idl.h"
#include "northd/inc-proc-northd.h"
#include "northd/northd.h"
#include "openvswitch/vlog.h"
#include "ovn-util.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(en_global_config);

/* Number of logical actions and the minor version of the flow format
 * that ovn-northd and ovn-controller must agree on; they make up
 * northd_internal_version with the package and SB schema versions. */
#define N_OVN_ACTIONS 82
#define OVN_INTERNAL_MINOR_VER 14

/* Returns the malloc'd "northd_internal_version" string: ovn-controller
 * compares it with its own to detect a northd of another build. */
char *
northd_internal_version(void)
{
    return xasprintf("%s-%s-%d.%d", OVN_PACKAGE_VERSION,
                     sbrec_get_db_version(), N_OVN_ACTIONS,
                     OVN_INTERNAL_MINOR_VER);
}

/* Parses the MAC 'name' of 'options' into 'ea' and 's'; when it is missing
 * or bad, makes up a random one and writes it into 'options'. */
static void
config_get_or_make_mac(struct smap *options, const char *name,
                       struct eth_addr *ea, char s[ETH_ADDR_STRLEN + 1])
{
    const char *value = smap_get(options, name);
    if (!value || !eth_addr_from_string(value, ea)) {
        eth_addr_random(ea);
        snprintf(s, ETH_ADDR_STRLEN + 1, ETH_ADDR_FMT, ETH_ADDR_ARGS(*ea));
        smap_replace(options, name, s);
    } else {
        snprintf(s, ETH_ADDR_STRLEN + 1, ETH_ADDR_FMT, ETH_ADDR_ARGS(*ea));
    }
}

/* Parses "mac_prefix" of 'options' into 'prefix'; when it is missing, bad
 * or all zeros, makes up a random one and writes it into 'options'. */
static void
config_get_or_make_mac_prefix(struct smap *options, struct eth_addr *prefix)
{
    const char *value = smap_get(options, "mac_prefix");
    *prefix = eth_addr_zero;
    if (value && ovs_scan(value, "%"SCNx8":%"SCNx8":%"SCNx8,
                          &prefix->ea[0], &prefix->ea[1], &prefix->ea[2])
        && !eth_addr_is_zero(*prefix)) {
        return;
    }
    eth_addr_random(prefix);
    memset(&prefix->ea[3], 0, 3);
    smap_replace_nocopy(options, "mac_prefix",
                        xasprintf("%02"PRIx8":%02"PRIx8":%02"PRIx8,
                                  prefix->ea[0], prefix->ea[1],
                                  prefix->ea[2]));
}

/* Whether some chassis tunnels with VXLAN. */
static bool
config_is_vxlan_mode(struct ovsdb_idl *sb_idl)
{
    const struct sbrec_chassis *chassis;
    SBREC_CHASSIS_FOR_EACH (chassis, sb_idl) {
        for (size_t i = 0; i < chassis->n_encaps; i++) {
            if (!strcmp(chassis->encaps[i]->type, "vxlan")) {
                return true;
            }
        }
    }
    return false;
}

/* The optional chassis features: the member of struct chassis_features,
 * the name that debug/chassis-features-list prints (in its order) and the
 * Chassis other_config key that advertises it. */
static const struct {
    size_t offset;
    const char *name;
    const char *key;
} feature_keys[] = {
#define FEATURE(MEMBER, KEY) \
    { offsetof(struct chassis_features, MEMBER), #MEMBER, KEY }
    FEATURE(ct_no_masked_label, "ct-no-masked-label"),
    FEATURE(ct_lb_related, "ovn-ct-lb-related"),
    FEATURE(mac_binding_timestamp, "mac-binding-timestamp"),
    FEATURE(fdb_timestamp, "fdb-timestamp"),
    FEATURE(ls_dpg_column, "ls-dpg-column"),
    FEATURE(ct_commit_nat_v2, "ct-commit-nat-v2"),
    FEATURE(ct_commit_to_zone, "ct-commit-to-zone"),
    FEATURE(sample_with_reg, "ovn-sample-with-registers"),
    FEATURE(ct_next_zone, "ct-next-zone"),
    FEATURE(ct_label_flush, "ct-label-flush"),
    FEATURE(ct_state_save, "ct-state-save"),
    FEATURE(port_up_notif, "port-up-notif"),
#undef FEATURE
};

/* The value of feature 'i' of feature_keys[] in 'features'. */
static bool *
feature_value(struct chassis_features *features, size_t i)
{
    return (bool *) ((char *) features + feature_keys[i].offset);
}

/* Computes what every (local) chassis supports into 'features'. */
static void
config_get_features(struct ovsdb_idl *sb_idl,
                    struct chassis_features *features)
{
    for (size_t i = 0; i < ARRAY_SIZE(feature_keys); i++) {
        *feature_value(features, i) = true;
    }

    const struct sbrec_chassis *chassis;
    SBREC_CHASSIS_FOR_EACH (chassis, sb_idl) {
        if (smap_get_bool(&chassis->other_config, "is-remote", false)) {
            continue;
        }
        for (size_t i = 0; i < ARRAY_SIZE(feature_keys); i++) {
            if (!smap_get_bool(&chassis->other_config, feature_keys[i].key,
                               false)) {
                *feature_value(features, i) = false;
            }
        }
    }
}

/* Writes 'cfg' into SB_Global, creating the row if needed. */
static void
config_sync_sb_global(const struct global_config *cfg,
                      const struct northd_engine_context *ctx)
{
    if (!ctx->ovnsb_txn) {
        return;
    }
    const struct sbrec_sb_global *sb = sbrec_sb_global_first(ctx->sb_idl);
    if (!sb) {
        sb = sbrec_sb_global_insert(ctx->ovnsb_txn);
    }

    /* ovn-controller learns from these flags that this northd writes flows
     * that rely on them. */
    struct smap options = SMAP_INITIALIZER(&options);
    smap_clone(&options, &cfg->nb_options);
    smap_replace(&options, "arp_ns_explicit_output", "true");
    smap_replace(&options, "register_consolidation", "true");
    if (!smap_equal(&sb->options, &options)) {
        sbrec_sb_global_set_options(sb, &options);
    }
    smap_destroy(&options);

    if (sb->ipsec != cfg->ipsec) {
        sbrec_sb_global_set_ipsec(sb, cfg->ipsec);
    }
}

/* Recomputes 'cfg' from the databases, writing back what ovn-northd
 * completes in NB_Global and SB_Global.  What depends on the chassis
 * (VXLAN mode, features) is recomputed only if 'chassis_changed', since
 * there may be many.  Returns true if anything that other nodes depend on
 * changed. */
static bool
config_compute(struct global_config *cfg,
               const struct northd_engine_context *ctx, bool chassis_changed)
{
    const struct nbrec_nb_global *nb = nbrec_nb_global_first(ctx->nb_idl);
    if (!nb && ctx->ovnnb_txn) {
        nb = nbrec_nb_global_insert(ctx->ovnnb_txn);
    }

    struct global_config new = { .ipsec = nb ? nb->ipsec : false };
    smap_init(&new.nb_options);
    if (nb) {
        smap_clone(&new.nb_options, &nb->options);
    }

    if (chassis_changed) {
        new.chassis_vxlan = config_is_vxlan_mode(ctx->sb_idl);
        config_get_features(ctx->sb_idl, &new.features);
    } else {
        new.chassis_vxlan = cfg->chassis_vxlan;
        new.features = cfg->features;
    }
    new.vxlan_mode = (new.chassis_vxlan
                      && !smap_get_bool(&new.nb_options, "disable_vxlan_mode",
                                        false));
    new.max_dp_tunnel_key = (new.vxlan_mode ? OVN_MAX_DP_VXLAN_KEY_LOCAL
                             : OVN_MAX_DP_KEY_LOCAL);

    config_get_or_make_mac_prefix(&new.nb_options, &new.mac_prefix);
    config_get_or_make_mac(&new.nb_options, "svc_monitor_mac",
                           &new.svc_monitor_mac_ea, new.svc_monitor_mac);
    config_get_or_make_mac(&new.nb_options, "svc_monitor_mac_dst",
                           &new.svc_monitor_mac_dst_ea,
                           new.svc_monitor_mac_dst);
    smap_replace_nocopy(&new.nb_options, "max_tunid",
                        xasprintf("%"PRIu32, new.max_dp_tunnel_key));
    smap_replace_nocopy(&new.nb_options, "northd_internal_version",
                        northd_internal_version());
    new.ignore_lsp_down = smap_get_bool(&new.nb_options, "ignore_lsp_down",
                                        true);

    if (nb && ctx->ovnnb_txn && !smap_equal(&nb->options, &new.nb_options)) {
        nbrec_nb_global_verify_options(nb);
        nbrec_nb_global_set_options(nb, &new.nb_options);
    }
    config_sync_sb_global(&new, ctx);

    bool changed = (!smap_equal(&cfg->nb_options, &new.nb_options)
                    || cfg->ipsec != new.ipsec
                    || !eth_addr_equals(cfg->mac_prefix, new.mac_prefix)
                    || cfg->vxlan_mode != new.vxlan_mode
                    || cfg->ignore_lsp_down != new.ignore_lsp_down
                    || memcmp(&cfg->features, &new.features,
                              sizeof new.features));
    smap_destroy(&cfg->nb_options);
    *cfg = new;
    return changed;
}

/* Allocates the node's data. */
static void *
en_global_config_init(struct engine_node *node OVS_UNUSED,
                      void *arg OVS_UNUSED)
{
    struct global_config *cfg = xzalloc(sizeof *cfg);
    smap_init(&cfg->nb_options);
    return cfg;
}

/* Frees the node's data. */
static void
en_global_config_cleanup(void *cfg_)
{
    struct global_config *cfg = cfg_;
    smap_destroy(&cfg->nb_options);
    free(cfg);
}

/* Recomputes the node.  The first run always counts as a change. */
static enum engine_node_state
en_global_config_run(struct engine_node *node, void *cfg_)
{
    struct global_config *cfg = cfg_;
    bool first = smap_is_empty(&cfg->nb_options);
    bool changed = config_compute(cfg, engine_get_context(node), true);
    return changed || first ? EN_UPDATED : EN_UNCHANGED;
}

/* Every input is handled the same way: recompute the (small) settings and
 * report whether they changed. */
static enum engine_input_handler_result
global_config_refresh(struct engine_node *node, void *cfg,
                      bool chassis_changed)
{
    return (config_compute(cfg, engine_get_context(node), chassis_changed)
            ? EN_HANDLED_UPDATED : EN_HANDLED_UNCHANGED);
}

/* NB_Global changed (often just nb_cfg, or ovn-northd's own writes). */
enum engine_input_handler_result
global_config_nb_global_handler(struct engine_node *node, void *cfg)
{
    return global_config_refresh(node, cfg, false);
}

/* SB_Global changed: put back what ovn-northd owns there. */
enum engine_input_handler_result
global_config_sb_global_handler(struct engine_node *node, void *cfg)
{
    return global_config_refresh(node, cfg, false);
}

/* A chassis changed: VXLAN mode or supported features may have. */
enum engine_input_handler_result
global_config_sb_chassis_handler(struct engine_node *node, void *cfg)
{
    return global_config_refresh(node, cfg, true);
}

/* What the node does. */
static const struct engine_node_ops en_global_config_ops = {
    .init = en_global_config_init,
    .cleanup = en_global_config_cleanup,
    .run = en_global_config_run,
};

/* Adds the "global_config" node to 'engine'; the caller adds its
 * inputs. */
struct engine_node *
en_global_config_create(struct engine *engine)
{
    return engine_add_node(engine, "global_config", &en_global_config_ops);
}

/* Appends to 'ds' a line "name: true" or "name: false" for each optional
 * chassis feature in 'features', values aligned (the output of
 * debug/chassis-features-list). */
void
chassis_features_format(const struct chassis_features *features,
                        struct ds *ds)
{
    struct chassis_features copy = *features;
    for (size_t i = 0; i < ARRAY_SIZE(feature_keys); i++) {
        bool value = *feature_value(&copy, i);
        ds_put_format(ds, "%s:", feature_keys[i].name);
        ds_put_char_multiple(ds, ' ',
                             MAX(1, 23 - (int) strlen(feature_keys[i].name)));
        ds_put_format(ds, "%s\n", value ? "true" : "false");
    }
}
