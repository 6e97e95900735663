/* memory-trim.c: giving freed heap memory back to the system once a
 * daemon has been idle for a while (see memory-trim.h). */

#include <config.h>

#include "lib/memory-trim.h"

#include <malloc.h>

#include "openvswitch/poll-loop.h"
#include "openvswitch/vlog.h"
#include "timeval.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(memory_trim);

/* A memory trimmer. */
struct memory_trimmer {
    uint32_t timeout_ms;        /* Idle time before trimming; 0: never. */
    long long int last_active;  /* When the daemon was last active. */
    bool trimmed;               /* Whether memory was trimmed since. */
};

/* Creates a trimmer that never trims until memory_trimmer_set(). */
struct memory_trimmer *
memory_trimmer_create(void)
{
    struct memory_trimmer *mt = xzalloc(sizeof *mt);
    mt->last_active = time_msec();
    return mt;
}

/* Frees 'mt'. */
void
memory_trimmer_destroy(struct memory_trimmer *mt)
{
    free(mt);
}

/* Makes 'mt' trim after 'timeout_ms' milliseconds without activity (never
 * if 'timeout_ms' is 0). */
void
memory_trimmer_set(struct memory_trimmer *mt, uint32_t timeout_ms)
{
    if (mt->timeout_ms != timeout_ms) {
        VLOG_DBG("memory trimming after %"PRIu32" ms of inactivity",
                 timeout_ms);
        mt->timeout_ms = timeout_ms;
    }
}

/* Notes that the daemon is doing something now. */
void
memory_trimmer_record_activity(struct memory_trimmer *mt)
{
    mt->last_active = time_msec();
    mt->trimmed = false;
}

/* Whether 'mt' is waiting for its timeout to trim. */
static bool
memory_trimmer_pending(const struct memory_trimmer *mt)
{
    return mt->timeout_ms && !mt->trimmed;
}

/* Trims memory if the daemon has been idle long enough since its last
 * activity and it was not trimmed since.  Returns true if it trimmed. */
bool
memory_trimmer_run(struct memory_trimmer *mt)
{
    if (!memory_trimmer_pending(mt)
        || time_msec() < mt->last_active + mt->timeout_ms) {
        return false;
    }
    malloc_trim(0);
    mt->trimmed = true;
    VLOG_DBG("trimmed memory after %"PRIu32" ms of inactivity",
             mt->timeout_ms);
    return true;
}

/* Makes poll_block() wake up when memory_trimmer_run() should trim. */
void
memory_trimmer_wait(const struct memory_trimmer *mt)
{
    if (memory_trimmer_pending(mt)) {
        poll_timer_wait_until(mt->last_active + mt->timeout_ms);
    }
}
