/* tunnel-ids.c: sets of tunnel keys (see tunnel-ids.h). */

#include <config.h>

#include "northd/tunnel-ids.h"

#include "hash.h"
#include "openvswitch/vlog.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(tunnel_ids);

/* One key in a set. */
struct tnlid_node {
    struct hmap_node hmap_node;     /* In tnlid_set 'keys'. */
    uint32_t key;                   /* The key. */
};

/* Initializes 'set' as empty. */
void
tnlid_set_init(struct tnlid_set *set)
{
    hmap_init(&set->keys);
}

/* Removes every key from 'set'. */
void
tnlid_set_clear(struct tnlid_set *set)
{
    struct tnlid_node *node;
    HMAP_FOR_EACH_POP (node, hmap_node, &set->keys) {
        free(node);
    }
}

/* Frees 'set''s contents. */
void
tnlid_set_destroy(struct tnlid_set *set)
{
    tnlid_set_clear(set);
    hmap_destroy(&set->keys);
}

/* Returns the node for 'key' in 'set', or NULL. */
static struct tnlid_node *
tnlid_set_find(const struct tnlid_set *set, uint32_t key)
{
    struct tnlid_node *node;
    HMAP_FOR_EACH_WITH_HASH (node, hmap_node, hash_int(key, 0), &set->keys) {
        if (node->key == key) {
            return node;
        }
    }
    return NULL;
}

/* Whether 'key' is in 'set'. */
bool
tnlid_set_contains(const struct tnlid_set *set, uint32_t key)
{
    return tnlid_set_find(set, key) != NULL;
}

/* Adds 'key' to 'set'.  Returns false if it was there already. */
bool
tnlid_set_add(struct tnlid_set *set, uint32_t key)
{
    if (tnlid_set_contains(set, key)) {
        return false;
    }
    struct tnlid_node *node = xmalloc(sizeof *node);
    node->key = key;
    hmap_insert(&set->keys, &node->hmap_node, hash_int(key, 0));
    return true;
}

/* Removes 'key' from 'set', if it is there. */
void
tnlid_set_remove(struct tnlid_set *set, uint32_t key)
{
    struct tnlid_node *node = tnlid_set_find(set, key);
    if (node) {
        hmap_remove(&set->keys, &node->hmap_node);
        free(node);
    }
}

/* Takes the first key in [min, max] after '*hint' (wrapping around) that
 * 'set' does not hold, adds it to 'set', stores it in '*hint' and returns
 * it.  Returns 0, with a warning that names 'what', if every key is
 * taken. */
uint32_t
tnlid_set_allocate(struct tnlid_set *set, const char *what,
                   uint32_t min, uint32_t max, uint32_t *hint)
{
    uint64_t n_keys = (uint64_t) max - min + 1;
    uint32_t key = *hint;
    for (uint64_t i = 0; i < n_keys; i++) {
        key = (key < min || key >= max) ? min : key + 1;
        if (tnlid_set_add(set, key)) {
            *hint = key;
            return key;
        }
    }

    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 1);
    VLOG_WARN_RL(&rl, "all %s tunnel ids exhausted", what);
    return 0;
}
