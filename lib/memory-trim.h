/* memory-trim.h: giving freed heap memory back to the system once a
 * daemon has been idle for a while.
 *
 * A daemon that builds large transient structures (a full compute) keeps
 * the freed memory in its allocator's free lists.  A memory trimmer tells
 * the allocator to return it (malloc_trim()) once the daemon has had no
 * activity for a configured time, and then not again until after the next
 * activity. */

#ifndef OVN_MEMORY_TRIM_H
#define OVN_MEMORY_TRIM_H 1

#include <stdbool.h>
#include <stdint.h>

struct memory_trimmer;

struct memory_trimmer *memory_trimmer_create(void);
void memory_trimmer_destroy(struct memory_trimmer *);
void memory_trimmer_set(struct memory_trimmer *, uint32_t timeout_ms);
void memory_trimmer_record_activity(struct memory_trimmer *);
bool memory_trimmer_run(struct memory_trimmer *);
void memory_trimmer_wait(const struct memory_trimmer *);

#endif /* lib/memory-trim.h */
