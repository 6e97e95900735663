/* sbctl-vflows.c: lists the port bindings, MAC bindings, multicast groups
 * and chassis behind OpenFlow flows for "lflow-list --vflows".  See
 * sbctl-vflows.h.
 *
 * Within a section, records are sorted by their line of text, so that
 * the output does not depend on the order of the database. */

#include <config.h>

#include "sbctl-vflows.h"

#include <inttypes.h>
#include <stdlib.h>

#include "db-ctl-base.h"
#include "lib/ovn-sb-idl.h"
#include "openvswitch/dynamic-string.h"
#include "sbctl-openflow.h"
#include "smap.h"
#include "util.h"
#include "uuid.h"

/* One record to list. */
struct vflow_record {
    char *line;                 /* What describes it, without indent. */
    struct uuid uuid;           /* Its UUID, which gives its flow cookie. */
};

/* The records of one section. */
struct vflow_section {
    const char *title;          /* E.g. "Port Bindings". */
    struct vflow_record *records; /* The records. */
    size_t n, allocated;        /* Number of records, room for them. */
};

/* Adds to 'section' the record with 'uuid' described by 'line' (which the
 * section takes over). */
static void
add_record(struct vflow_section *section, const struct uuid *uuid,
           char *line)
{
    if (section->n >= section->allocated) {
        section->records = x2nrealloc(section->records, &section->allocated,
                                      sizeof *section->records);
    }
    section->records[section->n++] = (struct vflow_record) {
        .line = line, .uuid = *uuid,
    };
}

/* qsort() comparison of two struct vflow_record, by line, then UUID. */
static int
compare_records(const void *a_, const void *b_)
{
    const struct vflow_record *a = a_;
    const struct vflow_record *b = b_;
    int cmp = strcmp(a->line, b->line);

    return cmp ? cmp : uuid_compare_3way(&a->uuid, &b->uuid);
}

/* Appends 'section', if it has records, to 's', and frees its records. */
static void
print_section(struct vflow_section *section, struct vconn *vconn,
              bool stats, bool print_uuid, struct ds *s)
{
    if (!section->n) {
        return;
    }

    qsort(section->records, section->n, sizeof *section->records,
          compare_records);
    ds_put_format(s, "\n%s:\n", section->title);
    for (size_t i = 0; i < section->n; i++) {
        const struct vflow_record *r = &section->records[i];

        ds_put_cstr(s, "  ");
        if (print_uuid) {
            ds_put_format(s, "uuid=0x%08"PRIx32", ", r->uuid.parts[0]);
        }
        ds_put_format(s, "%s\n", r->line);
        if (vconn) {
            sbctl_openflow_dump(vconn, &r->uuid, stats, s);
        }
        free(r->line);
    }
    free(section->records);
}

/* Returns the name by which 'dp' is shown: its "name" external-id, or its
 * UUID if it has none. */
static char *
datapath_label(const struct sbrec_datapath_binding *dp)
{
    if (!dp) {
        return xstrdup("\"\"");
    }

    const char *name = smap_get(&dp->external_ids, "name");
    return (name
            ? xasprintf("\"%s\"", name)
            : xasprintf(UUID_FMT, UUID_ARGS(&dp->header_.uuid)));
}

/* Returns true if a record of datapath 'dp' is to be listed. */
static bool
datapath_selected(const struct sbrec_datapath_binding *dp,
                  const struct sbrec_datapath_binding *only_dp)
{
    return !only_dp || dp == only_dp;
}

/* Lists the sections. */
void
sbctl_vflows_print(struct ctl_context *ctx,
                   const struct sbrec_datapath_binding *only_dp,
                   struct vconn *vconn, bool stats, bool print_uuid)
{
    struct vflow_section pbs = { .title = "Port Bindings" };
    const struct sbrec_port_binding *pb;
    SBREC_PORT_BINDING_FOR_EACH (pb, ctx->idl) {
        if (datapath_selected(pb->datapath, only_dp)) {
            add_record(&pbs, &pb->header_.uuid,
                       xasprintf("logical_port=%s, tunnel_key=%"PRId64,
                                 pb->logical_port, pb->tunnel_key));
        }
    }

    struct vflow_section mbs = { .title = "MAC Bindings" };
    const struct sbrec_mac_binding *mb;
    SBREC_MAC_BINDING_FOR_EACH (mb, ctx->idl) {
        if (datapath_selected(mb->datapath, only_dp)) {
            add_record(&mbs, &mb->header_.uuid,
                       xasprintf("logical_port=%s, ip=%s, mac=%s",
                                 mb->logical_port, mb->ip, mb->mac));
        }
    }

    struct vflow_section mcs = { .title = "Multicast Groups" };
    const struct sbrec_multicast_group *mc;
    SBREC_MULTICAST_GROUP_FOR_EACH (mc, ctx->idl) {
        if (datapath_selected(mc->datapath, only_dp)) {
            char *dp = datapath_label(mc->datapath);
            add_record(&mcs, &mc->header_.uuid,
                       xasprintf("datapath=%s, name=%s, tunnel_key=%"
                                 PRId64, dp, mc->name, mc->tunnel_key));
            free(dp);
        }
    }

    struct vflow_section chassis = { .title = "Chassis" };
    const struct sbrec_chassis *ch;
    SBREC_CHASSIS_FOR_EACH (ch, ctx->idl) {
        add_record(&chassis, &ch->header_.uuid,
                   xasprintf("name=%s", ch->name));
    }

    struct vflow_section *sections[] = { &pbs, &mbs, &mcs, &chassis };
    for (size_t i = 0; i < ARRAY_SIZE(sections); i++) {
        print_section(sections[i], vconn, stats, print_uuid, &ctx->output);
    }
}
