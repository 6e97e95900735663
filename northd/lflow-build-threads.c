/* lflow-build-threads.c: a full build of the logical flows on several
 * threads (ovn-northd --n-threads).
 *
 * This module owns the builder threads of one full build.  The build is
 * split into an ordered plan of jobs (lflow_build_plan_init()).  The
 * builder threads take jobs in order, skipping the ones taken already, and
 * each job adds to a batch of its own (lflow_table_create_batch()), which
 * needs no lock because the builders change nothing but the table they are
 * given.  Meanwhile the calling thread walks the plan in order: it builds
 * each job that no builder thread has taken straight into the table, and
 * adds the batch of each other job once it is complete.  So the table ends
 * up exactly as after a single-threaded build: the same flows, and, for a
 * flow that several builders add, the same first source location and
 * Northbound hint.
 *
 * The threads live for one build: full builds are rare (incremental
 * changes rebuild a few owners on the main thread), and a build of any
 * size takes far longer than starting a thread. */

#include <config.h>

#include "northd/lflow-build.h"

#include "coverage.h"
#include "northd/lflow-mgr.h"
#include "northd/northd.h"
#include "openvswitch/vlog.h"
#include "ovs-atomic.h"
#include "ovs-thread.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(lflow_build_threads);

COVERAGE_DEFINE(lflow_build_threaded);

/* Items (datapaths, ports, ACLs, load balancers) per job: small enough
 * for the threads to share the work evenly, large enough that handing out
 * jobs costs nothing noticeable. */
#define JOB_SIZE 64

/* What the threads of one build share. */
struct build_threads {
    const struct lflow_build_input *input;  /* What the builders read. */
    const struct lflow_build_plan *plan;    /* The jobs. */
    struct lflow_table **batches;   /* The batch of each job that a builder
                                     * thread ran, or NULL. */
    atomic_count next_job;          /* Index of the next job for a builder
                                     * thread to try. */
    atomic_flag *taken;             /* Whether a thread has taken each
                                     * job. */

    struct ovs_mutex mutex;         /* Protects 'done'. */
    pthread_cond_t job_done;        /* Signalled when a job completes. */
    bool *done;                     /* Whether each job has completed. */
};

/* Takes job 'job' of 'bt' if no thread has taken it yet. */
static bool
take_job(struct build_threads *bt, size_t job)
{
    return !atomic_flag_test_and_set(&bt->taken[job]);
}

/* Runs job 'job' of 'bt' into a new batch, then tells the calling thread
 * that the batch is ready. */
static void
run_job_in_batch(struct build_threads *bt, size_t job)
{
    struct lflow_table *batch
        = lflow_table_create_batch(bt->input->datapaths->n);
    lflow_build_run_job(bt->plan, &bt->plan->jobs[job], bt->input, batch);

    ovs_mutex_lock(&bt->mutex);
    bt->batches[job] = batch;
    bt->done[job] = true;
    xpthread_cond_signal(&bt->job_done);
    ovs_mutex_unlock(&bt->mutex);
}

/* A builder thread: runs jobs until none is left. */
static void *
builder_thread_main(void *bt_)
{
    struct build_threads *bt = bt_;
    for (;;) {
        size_t job = atomic_count_inc(&bt->next_job);
        if (job >= bt->plan->n_jobs) {
            return NULL;
        }
        if (take_job(bt, job)) {
            run_job_in_batch(bt, job);
        }
    }
}

/* Waits until job 'job' of 'bt' has completed. */
static void
wait_for_job(struct build_threads *bt, size_t job)
{
    ovs_mutex_lock(&bt->mutex);
    while (!bt->done[job]) {
        ovs_mutex_cond_wait(&bt->job_done, &bt->mutex);
    }
    ovs_mutex_unlock(&bt->mutex);
}

/* Adds every flow of every datapath, port, ACL and load balancer to
 * 'lflows' (not a batch) with 'n_threads' threads, the calling one
 * included: the same result as lflow_build_all() on one thread. */
void
lflow_build_all_threaded(const struct lflow_build_input *input,
                         struct lflow_table *lflows, size_t n_threads)
{
    struct lflow_build_plan plan;
    lflow_build_plan_init(&plan, input, JOB_SIZE);

    struct build_threads bt = {
        .input = input,
        .plan = &plan,
        .batches = xcalloc(plan.n_jobs, sizeof *bt.batches),
        .done = xcalloc(plan.n_jobs, sizeof *bt.done),
        .taken = xmalloc(plan.n_jobs * sizeof *bt.taken),
    };
    for (size_t i = 0; i < plan.n_jobs; i++) {
        atomic_flag_clear(&bt.taken[i]);
    }
    atomic_count_init(&bt.next_job, 0);
    ovs_mutex_init(&bt.mutex);
    xpthread_cond_init(&bt.job_done, NULL);

    size_t n_workers = MIN(n_threads - 1, plan.n_jobs);
    pthread_t *workers = xmalloc(n_workers * sizeof *workers);
    for (size_t i = 0; i < n_workers; i++) {
        workers[i] = ovs_thread_create("lflow_build", builder_thread_main,
                                       &bt);
    }
    COVERAGE_INC(lflow_build_threaded);

    /* Add the jobs' flows in plan order: each job is either built here,
     * straight into the table, if no builder thread has taken it yet, or
     * added from its batch once its thread is done with it. */
    for (size_t job = 0; job < plan.n_jobs; job++) {
        if (take_job(&bt, job)) {
            lflow_build_run_job(&plan, &plan.jobs[job], input, lflows);
        } else {
            wait_for_job(&bt, job);
            lflow_table_add_batch(lflows, bt.batches[job]);
            lflow_table_destroy(bt.batches[job]);
        }
    }

    for (size_t i = 0; i < n_workers; i++) {
        xpthread_join(workers[i], NULL);
    }
    VLOG_DBG("built %"PRIuSIZE" jobs of logical flows with %"PRIuSIZE
             " threads", plan.n_jobs, n_workers + 1);

    free(workers);
    xpthread_cond_destroy(&bt.job_done);
    ovs_mutex_destroy(&bt.mutex);
    free(bt.done);
    free(bt.taken);
    free(bt.batches);
    lflow_build_plan_destroy(&plan);
}
