/* sbctl-lflow.c: ovn-sbctl's logical flow commands: "lflow-list", its
 * alias "dump-flows", and "count-flows".
 *
 * Flows are grouped by datapath (sorted by name) and pipeline (ingress
 * first), then sorted by table, decreasing priority, match and actions,
 * so that the output does not depend on the order of the database.  A flow
 * that applies to a group of datapaths counts under each of them.
 *
 * lflow-list's --ovs option also prints, under each logical flow, the
 * OpenFlow flows made of it (sbctl-openflow.h); --vflows lists the other
 * records that ovn-controller makes OpenFlow flows of (sbctl-vflows.h). */

#include <config.h>

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "lib/ovn-sb-idl.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/shash.h"
#include "openvswitch/vconn.h"
#include "sbctl-commands.h"
#include "sbctl-openflow.h"
#include "sbctl-vflows.h"
#include "smap.h"
#include "util.h"
#include "uuid.h"

/* One flow to print, on one of its datapaths. */
struct lflow_on_dp {
    const struct sbrec_logical_flow *lflow;  /* The flow. */
    const struct sbrec_datapath_binding *dp; /* One of its datapaths. */
};

/* Returns the sort rank of a pipeline name: ingress before egress. */
static int
pipeline_rank(const char *pipeline)
{
    return !strcmp(pipeline, "ingress") ? 0 : 1;
}

/* Returns the name by which flows are grouped for 'dp'. */
static const char *
datapath_sort_name(const struct sbrec_datapath_binding *dp)
{
    return smap_get_def(&dp->external_ids, "name", "");
}

/* qsort() comparison of two struct lflow_on_dp. */
static int
compare_lflows(const void *a_, const void *b_)
{
    const struct lflow_on_dp *a = a_;
    const struct lflow_on_dp *b = b_;
    int cmp;

    cmp = strcmp(datapath_sort_name(a->dp), datapath_sort_name(b->dp));
    if (cmp) {
        return cmp;
    }
    cmp = uuid_compare_3way(&a->dp->header_.uuid, &b->dp->header_.uuid);
    if (cmp) {
        return cmp;
    }

    int a_rank = pipeline_rank(a->lflow->pipeline);
    int b_rank = pipeline_rank(b->lflow->pipeline);
    if (a_rank != b_rank) {
        return a_rank < b_rank ? -1 : 1;
    }
    if (a->lflow->table_id != b->lflow->table_id) {
        return a->lflow->table_id < b->lflow->table_id ? -1 : 1;
    }
    if (a->lflow->priority != b->lflow->priority) {
        return a->lflow->priority > b->lflow->priority ? -1 : 1;
    }
    cmp = strcmp(a->lflow->match, b->lflow->match);
    return cmp ? cmp : strcmp(a->lflow->actions, b->lflow->actions);
}

/* Returns 's' without its leading zeros. */
static const char *
strip_leading_zeros(const char *s)
{
    return s + strspn(s, "0");
}

/* If 's' is a UUID or the beginning of one, possibly after "0x" (as
 * "ovs-ofctl dump-flows" prints flow cookies), returns that UUID part of
 * 's'.  Otherwise returns NULL. */
static const char *
parse_partial_uuid(const char *s)
{
    if (uuid_is_partial_string(s) == strlen(s)) {
        return s;
    }
    if (s[0] == '0' && s[1] == 'x'
        && uuid_is_partial_string(s + 2) == strlen(s + 2)) {
        return s + 2;
    }
    return NULL;
}

/* Returns true if 'uuid' starts with 'prefix', leading zeros aside (flow
 * cookies are printed without them). */
static bool
uuid_matches_prefix(const struct uuid *uuid, const char *prefix)
{
    char uuid_s[UUID_LEN + 1];
    snprintf(uuid_s, sizeof uuid_s, UUID_FMT, UUID_ARGS(uuid));

    const char *s1 = strip_leading_zeros(uuid_s);
    const char *s2 = strip_leading_zeros(prefix);
    return !strncmp(s1, s2, strlen(s2));
}

/* Returns true if 'lflow' is to be printed: if 'n_prefixes' is zero, or if
 * its UUID starts with one of 'prefixes'. */
static bool
lflow_is_selected(const struct sbrec_logical_flow *lflow,
                  const char **prefixes, size_t n_prefixes)
{
    if (!n_prefixes) {
        return true;
    }
    for (size_t i = 0; i < n_prefixes; i++) {
        if (uuid_matches_prefix(&lflow->header_.uuid, prefixes[i])) {
            return true;
        }
    }
    return false;
}

/* Appends 'dp''s name (and alias) to 's', as in "Datapath:" lines. */
static void
put_datapath_name(const struct sbrec_datapath_binding *dp, struct ds *s)
{
    const char *name = smap_get(&dp->external_ids, "name");
    const char *name2 = smap_get(&dp->external_ids, "name2");

    if (name && name2) {
        ds_put_format(s, "\"%s\" aka \"%s\"", name, name2);
    } else if (name || name2) {
        ds_put_format(s, "\"%s\"", name ? name : name2);
    }
}

/* The logical flows that a command selected, each on each of its
 * datapaths, sorted. */
struct lflow_selection {
    struct lflow_on_dp *flows;  /* The flows. */
    size_t n, allocated;        /* Number of flows, room for them. */
};

/* Adds 'lflow' on 'dp' to 'sel' unless 'only_dp' excludes it. */
static void
add_lflow(struct lflow_selection *sel,
          const struct sbrec_logical_flow *lflow,
          const struct sbrec_datapath_binding *dp,
          const struct sbrec_datapath_binding *only_dp)
{
    if (!dp || (only_dp && only_dp != dp)) {
        return;
    }
    if (sel->n >= sel->allocated) {
        sel->flows = x2nrealloc(sel->flows, &sel->allocated,
                                sizeof *sel->flows);
    }
    sel->flows[sel->n++] = (struct lflow_on_dp) { .lflow = lflow, .dp = dp };
}

/* Fills 'sel' with the flows on 'only_dp' (or on every datapath, if it is
 * NULL) whose UUIDs start with one of the 'n_prefixes' 'prefixes' (or all
 * of them, if there are none), sorted. */
static void
select_lflows(struct ovsdb_idl *idl,
              const struct sbrec_datapath_binding *only_dp,
              const char **prefixes, size_t n_prefixes,
              struct lflow_selection *sel)
{
    *sel = (struct lflow_selection) { .flows = NULL };

    const struct sbrec_logical_flow *lflow;
    SBREC_LOGICAL_FLOW_FOR_EACH (lflow, idl) {
        if (!lflow_is_selected(lflow, prefixes, n_prefixes)) {
            continue;
        }
        if (lflow->logical_datapath) {
            add_lflow(sel, lflow, lflow->logical_datapath, only_dp);
        } else if (lflow->logical_dp_group) {
            const struct sbrec_logical_dp_group *group
                = lflow->logical_dp_group;
            for (size_t i = 0; i < group->n_datapaths; i++) {
                add_lflow(sel, lflow, group->datapaths[i], only_dp);
            }
        }
    }
    if (sel->n) {
        qsort(sel->flows, sel->n, sizeof *sel->flows, compare_lflows);
    }
}

/* Returns true if 'cur' starts another "Datapath:" group than 'prev'. */
static bool
starts_group(const struct lflow_on_dp *prev, const struct lflow_on_dp *cur)
{
    return (!prev || prev->dp != cur->dp
            || strcmp(prev->lflow->pipeline, cur->lflow->pipeline));
}

/* Appends the "Datapath:" line of the group that 'f' starts to 's'. */
static void
put_group_heading(const struct lflow_on_dp *f, struct ds *s)
{
    ds_put_cstr(s, "Datapath: ");
    put_datapath_name(f->dp, s);
    ds_put_format(s, " ("UUID_FMT")  Pipeline: %s\n",
                  UUID_ARGS(&f->dp->header_.uuid), f->lflow->pipeline);
}

/* Returns the stage name of 'lflow', "" if it has none. */
static const char *
stage_name(const struct sbrec_logical_flow *lflow)
{
    return smap_get_def(&lflow->external_ids, "stage-name", "");
}

/* Looks up optional DATAPATH argument 'arg' by UUID or name.  Returns the
 * datapath, or NULL (with ctx->error set if there was an error, or unset
 * if 'arg' names none and 'must_exist' is false). */
static const struct sbrec_datapath_binding *
lookup_datapath(struct ctl_context *ctx, const char *arg, bool must_exist)
{
    const struct ovsdb_idl_row *row;

    ctx->error = ctl_get_row(ctx, &sbrec_table_datapath_binding, arg,
                             must_exist, &row);
    return (ctx->error || !row
            ? NULL
            : CONTAINER_OF(row, struct sbrec_datapath_binding, header_));
}

/* "[--uuid] [--ovs[=REMOTE]] [--stats] [--vflows] lflow-list [DATAPATH]
 * [LFLOW...]".  An argument that names no datapath is taken as the first
 * of the LFLOWs. */
static void
sbctl_lflow_list(struct ctl_context *ctx)
{
    const struct sbrec_datapath_binding *only_dp = NULL;
    int first_prefix = 1;

    if (ctx->argc > 1) {
        only_dp = lookup_datapath(ctx, ctx->argv[1], false);
        if (ctx->error) {
            return;
        }
        if (only_dp) {
            first_prefix = 2;
        }
    }

    size_t n_prefixes = ctx->argc - first_prefix;
    const char **prefixes = xmalloc((n_prefixes + 1) * sizeof *prefixes);
    for (size_t i = 0; i < n_prefixes; i++) {
        const char *arg = ctx->argv[first_prefix + i];
        prefixes[i] = parse_partial_uuid(arg);
        if (!prefixes[i]) {
            ctl_error(ctx, "%s is not a UUID or the beginning of a UUID",
                      arg);
            free(prefixes);
            return;
        }
    }

    struct lflow_selection sel;
    select_lflows(ctx->idl, only_dp, prefixes, n_prefixes, &sel);

    bool print_uuid = shash_find(&ctx->options, "--uuid") != NULL;
    bool stats = shash_find(&ctx->options, "--stats") != NULL;
    struct vconn *vconn = sbctl_openflow_open(&ctx->options);
    struct ds *s = &ctx->output;
    for (size_t i = 0; i < sel.n; i++) {
        const struct lflow_on_dp *cur = &sel.flows[i];

        if (starts_group(i ? &sel.flows[i - 1] : NULL, cur)) {
            put_group_heading(cur, s);
        }

        ds_put_cstr(s, "  ");
        if (print_uuid) {
            ds_put_format(s, "uuid=0x%08"PRIx32", ",
                          cur->lflow->header_.uuid.parts[0]);
        }
        ds_put_format(s, "table=%-2"PRId64"(%-19s), priority=%-5"PRId64
                      ", match=(%s), action=(%s)\n",
                      cur->lflow->table_id, stage_name(cur->lflow),
                      cur->lflow->priority, cur->lflow->match,
                      cur->lflow->actions);
        if (vconn) {
            sbctl_openflow_dump(vconn, &cur->lflow->header_.uuid, stats, s);
        }
    }

    if (shash_find(&ctx->options, "--vflows")) {
        sbctl_vflows_print(ctx, only_dp, vconn, stats, print_uuid);
    }

    vconn_close(vconn);
    free(sel.flows);
    free(prefixes);
}

/* Appends the count line of the table of flow 'f' to 's'. */
static void
put_table_count(const struct lflow_on_dp *f, long int count, struct ds *s)
{
    ds_put_format(s, "  table=%-2"PRId64"(%-19s) lflows=%ld\n",
                  f->lflow->table_id, stage_name(f->lflow), count);
}

/* Appends the count line that ends a datapath's group to 's'. */
static void
put_group_count(long int count, struct ds *s)
{
    ds_put_format(s, "Total number of logical flows in the datapath = "
                  "%ld\n\n", count);
}

/* "count-flows [DATAPATH]": the number of logical flows in all, then, for
 * each datapath and pipeline, in each table and in the pipeline. */
static void
sbctl_count_flows(struct ctl_context *ctx)
{
    const struct sbrec_datapath_binding *only_dp = NULL;
    if (ctx->argc > 1) {
        only_dp = lookup_datapath(ctx, ctx->argv[1], true);
        if (!only_dp) {
            return;
        }
    }

    struct lflow_selection sel;
    select_lflows(ctx->idl, only_dp, NULL, 0, &sel);

    struct ds *s = &ctx->output;
    ds_put_format(s, "Total number of logical flows = %"PRIuSIZE"\n",
                  sel.n);

    long int in_table = 0, in_group = 0;
    for (size_t i = 0; i < sel.n; i++) {
        const struct lflow_on_dp *prev = i ? &sel.flows[i - 1] : NULL;
        const struct lflow_on_dp *cur = &sel.flows[i];
        bool new_group = starts_group(prev, cur);

        if (prev && (new_group
                     || prev->lflow->table_id != cur->lflow->table_id)) {
            put_table_count(prev, in_table, s);
            in_table = 0;
        }
        if (new_group) {
            if (prev) {
                put_group_count(in_group, s);
            }
            in_group = 0;
            put_group_heading(cur, s);
        }
        in_table++;
        in_group++;
    }
    if (sel.n) {
        put_table_count(&sel.flows[sel.n - 1], in_table, s);
        put_group_count(in_group, s);
    }
    free(sel.flows);
}

const struct ctl_command_syntax sbctl_lflow_commands[] = {
    {"lflow-list", 0, INT_MAX, "[DATAPATH] [LFLOW...]", NULL,
     sbctl_lflow_list, NULL, "--uuid,--ovs?,--stats,--vflows", RO},
    /* A friendlier name for lflow-list. */
    {"dump-flows", 0, INT_MAX, "[DATAPATH] [LFLOW...]", NULL,
     sbctl_lflow_list, NULL, "--uuid,--ovs?,--stats,--vflows", RO},
    {"count-flows", 0, 1, "[DATAPATH]", NULL, sbctl_count_flows, NULL, "",
     RO},
    {NULL, 0, 0, NULL, NULL, NULL, NULL, "", RO},
};

const char sbctl_lflow_help[] =
    "Logical flow commands:\n"
    "  [--uuid] lflow-list  [DATAPATH] [LFLOW...] List logical flows for "
    "DATAPATH\n"
    "  [--uuid] dump-flows  [DATAPATH] [LFLOW...] Alias for lflow-list\n"
    "  count-flows  [DATAPATH]     Print count of logical flows for "
    "DATAPATH\n";
