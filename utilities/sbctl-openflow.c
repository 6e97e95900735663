/* sbctl-openflow.c: fetches and prints the OpenFlow flows behind
 * Southbound records for ovn-sbctl's "--ovs" option.  See
 * sbctl-openflow.h. */

#include <config.h>

#include "sbctl-openflow.h"

#include <inttypes.h>
#include <stdlib.h>

#include "byte-order.h"
#include "dirs.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/match.h"
#include "openvswitch/ofp-actions.h"
#include "openvswitch/ofp-flow.h"
#include "openvswitch/ofp-protocol.h"
#include "openvswitch/ofp-util.h"
#include "openvswitch/shash.h"
#include "openvswitch/vconn.h"
#include "openvswitch/vlog.h"
#include "util.h"
#include "uuid.h"

VLOG_DEFINE_THIS_MODULE(sbctl_openflow);

/* Opens the connection that "--ovs[=REMOTE]" asks for.  OpenFlow 1.5 can
 * express every field that ovn-controller matches on. */
struct vconn *
sbctl_openflow_open(const struct shash *options)
{
    const struct shash_node *ovs = shash_find(options, "--ovs");
    if (!ovs) {
        return NULL;
    }

    char *remote = (ovs->data
                    ? xstrdup(ovs->data)
                    : xasprintf("unix:%s/br-int.mgmt", ovs_rundir()));
    struct vconn *vconn;
    int error = vconn_open_block(remote, 1u << OFP15_VERSION, 0, -1,
                                 &vconn);
    if (error) {
        VLOG_WARN("%s: connection failed (%s)", remote,
                  ovs_strerror(error));
        vconn = NULL;
    }
    free(remote);
    return vconn;
}

/* One flow, formatted, with what it sorts by. */
struct formatted_flow {
    uint8_t table_id;           /* OpenFlow table. */
    uint16_t priority;          /* Flow priority. */
    char *text;                 /* The line to print, without indent. */
};

/* qsort() comparison of two struct formatted_flow: by table, then by
 * decreasing priority, then by text, so that the output does not depend
 * on the order in which the switch reports its flows. */
static int
compare_formatted_flows(const void *a_, const void *b_)
{
    const struct formatted_flow *a = a_;
    const struct formatted_flow *b = b_;

    if (a->table_id != b->table_id) {
        return a->table_id < b->table_id ? -1 : 1;
    }
    if (a->priority != b->priority) {
        return a->priority > b->priority ? -1 : 1;
    }
    return strcmp(a->text, b->text);
}

/* Returns 'fs' as one line of text (to free): in full with 'stats',
 * otherwise as "table=N MATCH actions=ACTIONS". */
static char *
format_flow(const struct ofputil_flow_stats *fs, bool stats)
{
    struct ds s = DS_EMPTY_INITIALIZER;

    if (stats) {
        ofputil_flow_stats_format(&s, fs, NULL, NULL, true);
    } else {
        ds_put_format(&s, "table=%"PRIu8" ", fs->table_id);
        match_format(&fs->match, NULL, &s, fs->priority);
        if (ds_last(&s) != ' ') {
            ds_put_char(&s, ' ');
        }
        ds_put_cstr(&s, "actions=");
        struct ofpact_format_params fp = { .s = &s };
        ofpacts_format(fs->ofpacts, fs->ofpacts_len, &fp);
    }
    return ds_steal_cstr(&s);
}

/* Prints the flows whose cookie matches 'uuid'. */
void
sbctl_openflow_dump(struct vconn *vconn, const struct uuid *uuid,
                    bool stats, struct ds *s)
{
    struct ofputil_flow_stats_request fsr = {
        .cookie = htonll(uuid->parts[0]),
        .cookie_mask = OVS_BE64_MAX,
        .out_port = OFPP_ANY,
        .out_group = OFPG_ANY,
        .table_id = OFPTT_ALL,
    };
    match_init_catchall(&fsr.match);

    struct ofputil_flow_stats *fses;
    size_t n_fses;
    int error = vconn_dump_flows(vconn, &fsr, OFPUTIL_P_OF15_OXM, &fses,
                                 &n_fses);
    if (error) {
        VLOG_WARN("%s: error obtaining flow stats (%s)",
                  vconn_get_name(vconn), ovs_strerror(error));
        return;
    }

    struct formatted_flow *flows = xmalloc((n_fses + 1) * sizeof *flows);
    for (size_t i = 0; i < n_fses; i++) {
        flows[i] = (struct formatted_flow) {
            .table_id = fses[i].table_id,
            .priority = fses[i].priority,
            .text = format_flow(&fses[i], stats),
        };
        free(CONST_CAST(struct ofpact *, fses[i].ofpacts));
    }
    free(fses);

    qsort(flows, n_fses, sizeof *flows, compare_formatted_flows);
    for (size_t i = 0; i < n_fses; i++) {
        ds_put_format(s, "    %s\n", flows[i].text);
        free(flows[i].text);
    }
    free(flows);
}
