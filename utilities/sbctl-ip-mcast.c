/* sbctl-ip-mcast.c: ovn-sbctl's IP multicast command, ip-multicast-flush.
 *
 * ovn-controller flushes the multicast groups that it learned by IGMP or
 * MLD snooping on a logical switch when the seq_no of the switch's
 * IP_Multicast row changes; the command bumps it. */

#include <config.h>

#include "lib/ovn-sb-idl.h"
#include "sbctl-commands.h"
#include "util.h"

/* Makes ovn-controller flush what it learned for 'ip_mcast'. */
static void
bump_seq_no(const struct sbrec_ip_multicast *ip_mcast)
{
    sbrec_ip_multicast_verify_seq_no(ip_mcast);
    sbrec_ip_multicast_set_seq_no(ip_mcast, ip_mcast->seq_no + 1);
}

/* "ip-multicast-flush [SWITCH]": SWITCH is a datapath, by UUID or name;
 * without it, every switch's learned groups are flushed. */
static void
sbctl_ip_multicast_flush(struct ctl_context *ctx)
{
    const struct sbrec_ip_multicast *ip_mcast;

    if (ctx->argc < 2) {
        SBREC_IP_MULTICAST_FOR_EACH (ip_mcast, ctx->idl) {
            bump_seq_no(ip_mcast);
        }
        return;
    }

    const struct ovsdb_idl_row *row;
    ctx->error = ctl_get_row(ctx, &sbrec_table_datapath_binding,
                             ctx->argv[1], true, &row);
    if (ctx->error) {
        return;
    }
    SBREC_IP_MULTICAST_FOR_EACH (ip_mcast, ctx->idl) {
        if (ip_mcast->datapath && &ip_mcast->datapath->header_ == row) {
            bump_seq_no(ip_mcast);
            return;
        }
    }
    ctl_error(ctx, "%s: datapath has no IP multicast configuration",
              ctx->argv[1]);
}

const struct ctl_command_syntax sbctl_ip_mcast_commands[] = {
    {"ip-multicast-flush", 0, 1, "[SWITCH]", NULL, sbctl_ip_multicast_flush,
     NULL, "", RW},
    {NULL, 0, 0, NULL, NULL, NULL, NULL, "", RO},
};
