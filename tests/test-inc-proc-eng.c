/* test-inc-proc-eng.c: unit tests of lib/inc-proc-eng.c.
 *
 * "ovstest test-inc-proc-eng STEP..." builds this graph:
 *
 *     a   b        (leaves; "change a" makes a report a change)
 *      \ /
 *       m          (handler for a; no handler for b: b means recompute)
 *       |
 *       r          (root; handler for m)
 *
 * and runs the STEPs in order: "change a", "change b", "fail" (m's handler
 * for a gives up once), "run", "run-norecompute", "force", "stats" (prints
 * every node's counters), "clear". */

#include <config.h>

#include <stdio.h>
#include <string.h>

#include "inc-proc-eng.h"
#include "openvswitch/dynamic-string.h"
#include "ovstest.h"
#include "util.h"

/* Data of a leaf. */
struct leaf {
    bool changed;           /* Report a change in the next run. */
};

/* Data of 'm'. */
struct middle {
    int value;              /* Incremented by handlers, reset by runs. */
    bool fail_next;         /* The handler for 'a' gives up next time. */
};

/* A leaf reports what the test told it. */
static enum engine_node_state
leaf_run(struct engine_node *node OVS_UNUSED, void *data)
{
    struct leaf *leaf = data;
    bool changed = leaf->changed;
    leaf->changed = false;
    return changed ? EN_UPDATED : EN_UNCHANGED;
}

/* Recompute of 'm'. */
static enum engine_node_state
middle_run(struct engine_node *node OVS_UNUSED, void *data)
{
    struct middle *m = data;
    m->value = 0;
    printf("m: recompute\n");
    return EN_UPDATED;
}

/* 'm''s handler for 'a'. */
static enum engine_input_handler_result
middle_a_handler(struct engine_node *node OVS_UNUSED, void *data)
{
    struct middle *m = data;
    if (m->fail_next) {
        m->fail_next = false;
        printf("m: handler for a gives up\n");
        return EN_UNHANDLED;
    }
    m->value++;
    printf("m: handled a\n");
    return EN_HANDLED_UPDATED;
}

/* Recompute of 'r'. */
static enum engine_node_state
root_run(struct engine_node *node OVS_UNUSED, void *data OVS_UNUSED)
{
    printf("r: recompute\n");
    return EN_UPDATED;
}

/* 'r''s handler for 'm'. */
static enum engine_input_handler_result
root_m_handler(struct engine_node *node, void *data OVS_UNUSED)
{
    const struct middle *m = engine_get_input_data("m", node);
    printf("r: handled m (value %d)\n", m->value);
    return EN_HANDLED_UNCHANGED;
}

/* Dispatches the steps. */
static void
test_inc_proc_eng_main(struct ovs_cmdl_context *ctx)
{
    static const struct engine_node_ops leaf_ops = { .run = leaf_run };
    static const struct engine_node_ops middle_ops = { .run = middle_run };
    static const struct engine_node_ops root_ops = { .run = root_run };
    struct leaf a_data = { .changed = false }, b_data = { .changed = false };
    struct middle m_data = { 0, false };

    struct engine *e = engine_create();
    struct engine_node *a = engine_add_node(e, "a", &leaf_ops);
    struct engine_node *b = engine_add_node(e, "b", &leaf_ops);
    struct engine_node *m = engine_add_node(e, "m", &middle_ops);
    struct engine_node *r = engine_add_node(e, "r", &root_ops);
    a->data = &a_data;
    b->data = &b_data;
    m->data = &m_data;
    engine_add_input(m, a, middle_a_handler);
    engine_add_input(m, b, NULL);
    engine_add_input(r, m, root_m_handler);
    engine_init(e, r, NULL);

    for (int i = 1; i < ctx->argc; i++) {
        const char *step = ctx->argv[i];
        printf("-- %s\n", step);
        if (!strcmp(step, "change a")) {
            a_data.changed = true;
        } else if (!strcmp(step, "change b")) {
            b_data.changed = true;
        } else if (!strcmp(step, "fail")) {
            m_data.fail_next = true;
        } else if (!strcmp(step, "run") || !strcmp(step, "run-norecompute")) {
            engine_run(e, !strcmp(step, "run"));
            printf("has run: %s, canceled: %s, root updated: %s\n",
                   engine_has_run(e) ? "yes" : "no",
                   engine_canceled(e) ? "yes" : "no",
                   engine_has_updated(e) ? "yes" : "no");
        } else if (!strcmp(step, "force")) {
            engine_set_force_recompute(e);
        } else if (!strcmp(step, "clear")) {
            engine_clear_stats(e);
        } else if (!strcmp(step, "stats")) {
            struct ds s = DS_EMPTY_INITIALIZER;
            engine_format_stats(e, NULL, NULL, &s);
            printf("%s", ds_cstr(&s));
            ds_destroy(&s);
        } else {
            ovs_fatal(0, "unknown step %s", step);
        }
    }
    engine_destroy(e);
}

OVSTEST_REGISTER("test-inc-proc-eng", test_inc_proc_eng_main);
