/* en-mac-binding-aging.c: the "mac_binding_aging" engine node and its
 * waker.
 *
 * This module owns the removal of Southbound MAC_Binding rows that routers
 * learned too long ago.  A router's options:mac_binding_age_threshold is a
 * number of seconds ("300"), or per-network thresholds with an optional
 * default ("10.0.0.0/8:300;fd00::/64:600;1200", the longest matching
 * prefix wins); 0, or no match, keeps bindings forever.  A binding whose
 * timestamp (the time ovn-controller last saw it used) is older than its
 * threshold is deleted; NB_Global options:mac_binding_removal_limit caps
 * how many go in one transaction, the rest 5 s later.  Timestamps exist
 * only if every chassis writes them (feature "mac-binding-timestamp").
 *
 * The "mac_binding_aging_waker" node is a leaf that reports a change when
 * the next binding is due, and asks the main loop to wake up for it. */

#include <config.h>

#include "northd/en-mac-binding-aging.h"

#include <string.h>

#include "lib/ovn-nb-idl.h"
#include "lib/ovn-sb-idl.h"
#include "northd/en-global-config.h"
#include "northd/en-northd.h"
#include "northd/inc-proc-northd.h"
#include "northd/northd.h"
#include "openvswitch/poll-loop.h"
#include "openvswitch/vlog.h"
#include "packets.h"
#include "smap.h"
#include "timeval.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(mac_binding_aging);

/* Delay before the next removals when the removal limit was hit. */
#define MAC_BINDING_BULK_REMOVAL_DELAY_MSEC 5000

/* Data of the waker: when the next binding is due, LLONG_MAX if none. */
struct mac_binding_aging_waker {
    long long next_wake_msec;   /* Wall clock time, in ms. */
};

/* One threshold of a router. */
struct age_threshold {
    struct in6_addr prefix;     /* Network (IPv4 mapped). */
    unsigned int plen;          /* Its length, over 128 bits. */
    uint64_t seconds;           /* Threshold. */
};

/* The thresholds of a router. */
struct age_thresholds {
    uint64_t default_seconds;       /* For addresses no prefix matches. */
    struct age_threshold *entries;  /* Per-network thresholds. */
    size_t n;                       /* Number of 'entries'. */
};

/* Parses 'config', a router's options:mac_binding_age_threshold, into
 * 'at'. */
static void
age_thresholds_parse(const char *config, const char *router,
                     struct age_thresholds *at)
{
    memset(at, 0, sizeof *at);
    if (!config) {
        return;
    }
    char *copy = xstrdup(config);
    char *save_ptr = NULL;
    size_t allocated = 0;
    for (char *token = strtok_r(copy, ";", &save_ptr); token;
         token = strtok_r(NULL, ";", &save_ptr)) {
        char *colon = strrchr(token, ':');
        char *value = colon ? colon + 1 : token;
        unsigned long long seconds;
        if (!str_to_ullong(value, 10, &seconds)
            || seconds > UINT32_MAX) {
            goto bad;
        }
        if (!colon) {
            at->default_seconds = seconds;
            continue;
        }
        *colon = '\0';

        struct age_threshold t = { .seconds = seconds };
        ovs_be32 ip4;
        unsigned int plen;
        char *error = ip_parse_cidr(token, &ip4, &plen);
        if (!error) {
            t.prefix = in6_addr_mapped_ipv4(ip4);
            t.plen = plen + 96;
        } else {
            free(error);
            struct in6_addr ip6;
            error = ipv6_parse_cidr(token, &ip6, &plen);
            if (error) {
                free(error);
                goto bad;
            }
            t.prefix = ip6;
            t.plen = plen;
        }
        struct in6_addr mask = ipv6_create_mask(t.plen);
        t.prefix = ipv6_addr_bitand(&t.prefix, &mask);
        if (at->n >= allocated) {
            at->entries = x2nrealloc(at->entries, &allocated,
                                     sizeof *at->entries);
        }
        at->entries[at->n++] = t;
        continue;

    bad:
        {
            static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 1);
            VLOG_WARN_RL(&rl, "Invalid MAC binding age threshold \"%s\" of "
                         "router %s", config, router);
        }
        memset(at->entries, 0, at->n * sizeof *at->entries);
        at->n = 0;
        at->default_seconds = 0;
        break;
    }
    free(copy);
}

/* Returns the threshold, in seconds, of 'ip' (text) in 'at', 0 for
 * none. */
static uint64_t
age_thresholds_lookup(const struct age_thresholds *at, const char *ip)
{
    struct in6_addr addr;
    ovs_be32 ip4;
    if (ip_parse(ip, &ip4)) {
        addr = in6_addr_mapped_ipv4(ip4);
    } else if (!ipv6_parse(ip, &addr)) {
        return 0;
    }

    const struct age_threshold *best = NULL;
    for (size_t i = 0; i < at->n; i++) {
        const struct age_threshold *t = &at->entries[i];
        struct in6_addr mask = ipv6_create_mask(t->plen);
        struct in6_addr net = ipv6_addr_bitand(&addr, &mask);
        if (ipv6_addr_equals(&net, &t->prefix)
            && (!best || t->plen > best->plen)) {
            best = t;
        }
    }
    return best ? best->seconds : at->default_seconds;
}

/* Returns the smallest nonzero threshold, in seconds, of 'config' (a
 * router's options:mac_binding_age_threshold, may be NULL), 0 if it has
 * none or is invalid.  ovn-controller refreshes the timestamps of the
 * router's bindings that often, which SB Datapath_Binding
 * external_ids:mac_binding_age_threshold tells it. */
uint64_t
mac_binding_age_min_threshold(const char *config, const char *router)
{
    struct age_thresholds at;
    age_thresholds_parse(config, router, &at);
    uint64_t min = at.default_seconds;
    for (size_t i = 0; i < at.n; i++) {
        uint64_t s = at.entries[i].seconds;
        if (s && (!min || s < min)) {
            min = s;
        }
    }
    free(at.entries);
    return min;
}

/* Waker: allocates its data. */
static void *
en_waker_init(struct engine_node *node OVS_UNUSED, void *arg OVS_UNUSED)
{
    struct mac_binding_aging_waker *waker = xzalloc(sizeof *waker);
    waker->next_wake_msec = LLONG_MAX;
    return waker;
}

/* Waker: reports a change once the next binding is due, and otherwise
 * makes sure the main loop wakes up then. */
static enum engine_node_state
en_waker_run(struct engine_node *node OVS_UNUSED, void *data)
{
    struct mac_binding_aging_waker *waker = data;
    if (waker->next_wake_msec == LLONG_MAX) {
        return EN_UNCHANGED;
    }
    if (time_wall_msec() >= waker->next_wake_msec) {
        waker->next_wake_msec = LLONG_MAX;
        return EN_UPDATED;
    }
    poll_timer_wait_until(time_msec()
                          + (waker->next_wake_msec - time_wall_msec()));
    return EN_UNCHANGED;
}

/* What the waker does. */
static const struct engine_node_ops en_waker_ops = {
    .init = en_waker_init,
    .run = en_waker_run,
};

/* Deletes the bindings that are due and schedules the next check. */
static enum engine_node_state
en_mac_binding_aging_run(struct engine_node *node, void *data OVS_UNUSED)
{
    const struct northd_engine_context *ctx = engine_get_context(node);
    const struct northd_data *nd
        = en_northd_get_data(engine_get_input("northd", node));
    const struct global_config *cfg = engine_get_input_data("global_config",
                                                            node);
    struct mac_binding_aging_waker *waker
        = engine_get_input_data("mac_binding_aging_waker", node);

    waker->next_wake_msec = LLONG_MAX;
    if (!ctx->ovnsb_txn || !cfg->features.mac_binding_timestamp) {
        return EN_UNCHANGED;
    }

    /* Thresholds of the routers that age their bindings, by index. */
    const struct ovn_datapaths *dps = &nd->datapaths;
    struct age_thresholds *thresholds = xcalloc(MAX(dps->n, 1),
                                                sizeof *thresholds);
    bool any = false;
    for (size_t i = 0; i < dps->n; i++) {
        const struct ovn_datapath *od = dps->array[i];
        if (od->nbr) {
            age_thresholds_parse(smap_get(&od->nbr->options,
                                          "mac_binding_age_threshold"),
                                 od->nbr->name, &thresholds[i]);
            any = any || thresholds[i].n || thresholds[i].default_seconds;
        }
    }

    if (any) {
        uint32_t limit = smap_get_uint(&cfg->nb_options,
                                       "mac_binding_removal_limit", 0);
        long long now = time_wall_msec();
        uint32_t removed = 0;
        const struct sbrec_mac_binding *mb;
        SBREC_MAC_BINDING_FOR_EACH_SAFE (mb, ctx->sb_idl) {
            const struct ovn_datapath *od = (mb->datapath
                ? ovn_datapath_find_by_sb(dps, &mb->datapath->header_.uuid)
                : NULL);
            if (!od || !od->nbr) {
                continue;
            }
            uint64_t seconds = age_thresholds_lookup(&thresholds[od->index],
                                                     mb->ip);
            if (!seconds) {
                continue;
            }
            long long expires = mb->timestamp + seconds * 1000;
            if (now < expires) {
                waker->next_wake_msec = MIN(waker->next_wake_msec, expires);
            } else if (limit && removed >= limit) {
                waker->next_wake_msec = MIN(
                    waker->next_wake_msec,
                    now + MAC_BINDING_BULK_REMOVAL_DELAY_MSEC);
            } else {
                sbrec_mac_binding_delete(mb);
                removed++;
            }
        }
    }

    for (size_t i = 0; i < dps->n; i++) {
        free(thresholds[i].entries);
    }
    free(thresholds);
    return EN_UNCHANGED;
}

/* What the node does. */
static const struct engine_node_ops en_mac_binding_aging_ops = {
    .run = en_mac_binding_aging_run,
};

/* Adds the "mac_binding_aging" node, its waker and their inputs to
 * 'engine'. */
struct engine_node *
en_mac_binding_aging_create(struct engine *engine,
                            const struct mac_binding_aging_inputs *in)
{
    struct engine_node *waker = engine_add_node(engine,
                                                "mac_binding_aging_waker",
                                                &en_waker_ops);
    struct engine_node *node = engine_add_node(engine, "mac_binding_aging",
                                               &en_mac_binding_aging_ops);
    engine_add_input(node, waker, NULL);
    engine_add_input(node, in->northd, NULL);
    engine_add_input(node, in->global_config, NULL);
    engine_add_input(node, in->sb_mac_binding, NULL);
    return node;
}
