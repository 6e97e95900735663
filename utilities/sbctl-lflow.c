/* sbctl-lflow.c: ovn-sbctl's logical flow listing: "lflow-list" and its
 * alias "dump-flows".
 *
 * Flows are printed grouped by datapath (sorted by name) and pipeline
 * (ingress first), then by table, decreasing priority, match and actions,
 * so that the output does not depend on the order of the database.  A flow
 * that applies to a group of datapaths is printed under each of them. */

#include <config.h>

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "lib/ovn-sb-idl.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/shash.h"
#include "smap.h"
#include "sbctl-commands.h"
#include "util.h"
#include "uuid.h"

/* One flow to print, on one of its datapaths. */
struct lflow_on_dp {
    const struct sbrec_logical_flow *lflow;
    const struct sbrec_datapath_binding *dp;
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

/* Adds 'lflow' on 'dp' to 'flows' unless 'only_dp' excludes it. */
static void
add_lflow(struct lflow_on_dp **flows, size_t *n, size_t *allocated,
          const struct sbrec_logical_flow *lflow,
          const struct sbrec_datapath_binding *dp,
          const struct sbrec_datapath_binding *only_dp)
{
    if (only_dp && only_dp != dp) {
        return;
    }
    if (*n >= *allocated) {
        *flows = x2nrealloc(*flows, allocated, sizeof **flows);
    }
    (*flows)[(*n)++] = (struct lflow_on_dp) { .lflow = lflow, .dp = dp };
}

/* "[--uuid] lflow-list [DATAPATH] [LFLOW...]". */
static void
sbctl_lflow_list(struct ctl_context *ctx)
{
    const struct sbrec_datapath_binding *only_dp = NULL;
    int first_prefix = 1;

    if (ctx->argc > 1) {
        const struct ovsdb_idl_row *row;
        ctx->error = ctl_get_row(ctx, &sbrec_table_datapath_binding,
                                 ctx->argv[1], false, &row);
        if (ctx->error) {
            return;
        }
        if (row) {
            only_dp = CONTAINER_OF(row, struct sbrec_datapath_binding,
                                   header_);
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

    struct lflow_on_dp *flows = NULL;
    size_t n_flows = 0, allocated = 0;
    const struct sbrec_logical_flow *lflow;
    SBREC_LOGICAL_FLOW_FOR_EACH (lflow, ctx->idl) {
        if (!lflow_is_selected(lflow, prefixes, n_prefixes)) {
            continue;
        }
        if (lflow->logical_datapath) {
            add_lflow(&flows, &n_flows, &allocated, lflow,
                      lflow->logical_datapath, only_dp);
        } else if (lflow->logical_dp_group) {
            const struct sbrec_logical_dp_group *group
                = lflow->logical_dp_group;
            for (size_t i = 0; i < group->n_datapaths; i++) {
                add_lflow(&flows, &n_flows, &allocated, lflow,
                          group->datapaths[i], only_dp);
            }
        }
    }
    if (n_flows) {
        qsort(flows, n_flows, sizeof *flows, compare_lflows);
    }

    bool print_uuid = shash_find(&ctx->options, "--uuid") != NULL;
    const struct lflow_on_dp *prev = NULL;
    for (size_t i = 0; i < n_flows; i++) {
        const struct lflow_on_dp *cur = &flows[i];
        struct ds *s = &ctx->output;

        if (!prev || prev->dp != cur->dp
            || strcmp(prev->lflow->pipeline, cur->lflow->pipeline)) {
            ds_put_cstr(s, "Datapath: ");
            put_datapath_name(cur->dp, s);
            ds_put_format(s, " ("UUID_FMT")  Pipeline: %s\n",
                          UUID_ARGS(&cur->dp->header_.uuid),
                          cur->lflow->pipeline);
        }

        ds_put_cstr(s, "  ");
        if (print_uuid) {
            ds_put_format(s, "uuid=0x%08"PRIx32", ",
                          cur->lflow->header_.uuid.parts[0]);
        }
        ds_put_format(s, "table=%-2"PRId64"(%-19s), priority=%-5"PRId64
                      ", match=(%s), action=(%s)\n",
                      cur->lflow->table_id,
                      smap_get_def(&cur->lflow->external_ids, "stage-name",
                                   ""),
                      cur->lflow->priority, cur->lflow->match,
                      cur->lflow->actions);
        prev = cur;
    }
    free(flows);
    free(prefixes);
}

const struct ctl_command_syntax sbctl_lflow_commands[] = {
    {"lflow-list", 0, INT_MAX, "[DATAPATH] [LFLOW...]", NULL,
     sbctl_lflow_list, NULL, "--uuid", RO},
    /* A friendlier name for lflow-list. */
    {"dump-flows", 0, INT_MAX, "[DATAPATH] [LFLOW...]", NULL,
     sbctl_lflow_list, NULL, "--uuid", RO},
    {NULL, 0, 0, NULL, NULL, NULL, NULL, "", RO},
};

const char sbctl_lflow_help[] =
    "Logical flow commands:\n"
    "  lflow-list [DATAPATH] [LFLOW...] List logical flows for DATAPATH\n"
    "  dump-flows [DATAPATH] [LFLOW...] Alias for lflow-list\n";
