/* tunnel-ids.h: sets of tunnel keys and their allocation.
 *
 * This module owns the bookkeeping of tunnel keys (datapath keys, and port
 * keys within a datapath): which are taken, and which to hand out next.
 * A new key is the first free one after the last key handed out, wrapping
 * around, so that keys of deleted objects are not reused at once. */

#ifndef NORTHD_TUNNEL_IDS_H
#define NORTHD_TUNNEL_IDS_H 1

#include <stdbool.h>
#include <stdint.h>

#include "openvswitch/hmap.h"

/* A set of tunnel keys. */
struct tnlid_set {
    struct hmap keys;       /* Contains "struct tnlid_node"s. */
};

void tnlid_set_init(struct tnlid_set *);
void tnlid_set_destroy(struct tnlid_set *);
void tnlid_set_clear(struct tnlid_set *);
bool tnlid_set_add(struct tnlid_set *, uint32_t key);
bool tnlid_set_contains(const struct tnlid_set *, uint32_t key);
void tnlid_set_remove(struct tnlid_set *, uint32_t key);
uint32_t tnlid_set_allocate(struct tnlid_set *, const char *what,
                            uint32_t min, uint32_t max, uint32_t *hint);

#endif /* northd/tunnel-ids.h */
