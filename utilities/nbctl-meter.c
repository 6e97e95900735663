/* nbctl-meter.c: ovn-nbctl's meter commands: meter-add, meter-del,
 * meter-list.
 *
 * ACL logging and CoPP refer to meters by name.  meter-add creates a meter
 * with a single band; the other commands handle any number of bands.
 * Names that start with "__" belong to OVN itself. */

#include <config.h>

#include <inttypes.h>
#include <stdlib.h>

#include "lib/ovn-nb-idl.h"
#include "nbctl-commands.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/shash.h"
#include "util.h"

/* "[--fair] meter-add NAME ACTION RATE UNIT [BURST]". */
static void
nbctl_meter_add(struct ctl_context *ctx)
{
    const char *name = ctx->argv[1];
    const char *action = ctx->argv[2];
    const char *unit = ctx->argv[4];
    const struct nbrec_meter *meter;

    NBREC_METER_FOR_EACH (meter, ctx->idl) {
        if (!strcmp(meter->name, name)) {
            ctl_error(ctx, "meter with name \"%s\" already exists", name);
            return;
        }
    }
    if (!strncmp(name, "__", 2)) {
        ctl_error(ctx, "meter names that begin with \"__\" are reserved");
        return;
    }
    if (strcmp(action, "drop")) {
        ctl_error(ctx, "action must be \"drop\"");
        return;
    }

    int64_t rate;
    if (!ovs_scan(ctx->argv[3], "%"SCNd64, &rate)
        || rate < 1 || rate > UINT32_MAX) {
        ctl_error(ctx, "rate must be in the range 1...4294967295");
        return;
    }
    if (strcmp(unit, "kbps") && strcmp(unit, "pktps")) {
        ctl_error(ctx, "unit must be \"kbps\" or \"pktps\"");
        return;
    }

    int64_t burst = 0;
    if (ctx->argc > 5 && (!ovs_scan(ctx->argv[5], "%"SCNd64, &burst)
                          || burst < 0 || burst > UINT32_MAX)) {
        ctl_error(ctx, "burst must be in the range 0...4294967295");
        return;
    }

    struct nbrec_meter_band *band = nbrec_meter_band_insert(ctx->txn);
    nbrec_meter_band_set_action(band, action);
    nbrec_meter_band_set_rate(band, rate);
    nbrec_meter_band_set_burst_size(band, burst);

    struct nbrec_meter *new_meter = nbrec_meter_insert(ctx->txn);
    nbrec_meter_set_name(new_meter, name);
    nbrec_meter_set_unit(new_meter, unit);
    nbrec_meter_set_bands(new_meter, &band, 1);
    if (shash_find(&ctx->options, "--fair")) {
        bool fair = true;
        nbrec_meter_set_fair(new_meter, &fair, 1);
    }
}

/* "meter-del [NAME]": deletes the meter named NAME, if there is one, or
 * every meter. */
static void
nbctl_meter_del(struct ctl_context *ctx)
{
    const struct nbrec_meter *meter, *next;

    NBREC_METER_FOR_EACH_SAFE (meter, next, ctx->idl) {
        if (ctx->argc == 1 || !strcmp(ctx->argv[1], meter->name)) {
            nbrec_meter_delete(meter);
        }
    }
}

/* qsort() comparison function for meters: by name. */
static int
meter_cmp(const void *a_, const void *b_)
{
    const struct nbrec_meter *const *a = a_;
    const struct nbrec_meter *const *b = b_;

    return strcmp((*a)->name, (*b)->name);
}

/* "meter-list": each meter, sorted by name, with its bands. */
static void
nbctl_meter_list(struct ctl_context *ctx)
{
    const struct nbrec_meter **meters = NULL;
    const struct nbrec_meter *meter;
    size_t n_meters = 0, allocated = 0;

    NBREC_METER_FOR_EACH (meter, ctx->idl) {
        if (n_meters >= allocated) {
            meters = x2nrealloc(meters, &allocated, sizeof *meters);
        }
        meters[n_meters++] = meter;
    }
    if (n_meters) {
        qsort(meters, n_meters, sizeof *meters, meter_cmp);
    }

    struct ds *s = &ctx->output;
    for (size_t i = 0; i < n_meters; i++) {
        meter = meters[i];
        ds_put_format(s, "%s:", meter->name);
        if (meter->fair) {
            ds_put_format(s, " (%s)", *meter->fair ? "fair" : "shared");
        }
        ds_put_cstr(s, " bands:\n");

        for (size_t j = 0; j < meter->n_bands; j++) {
            const struct nbrec_meter_band *band = meter->bands[j];

            ds_put_format(s, "  %s: %"PRId64" %s", band->action, band->rate,
                          meter->unit);
            if (band->burst_size) {
                ds_put_format(s, ", %"PRId64" %s burst", band->burst_size,
                              !strcmp(meter->unit, "kbps")
                              ? "kb" : "packet");
            }
            ds_put_char(s, '\n');
        }
    }
    free(meters);
}

const struct ctl_command_syntax nbctl_meter_commands[] = {
    {"meter-add", 4, 5, "NAME ACTION RATE UNIT [BURST]", NULL,
     nbctl_meter_add, NULL, "--fair", RW},
    {"meter-del", 0, 1, "[NAME]", NULL, nbctl_meter_del, NULL, "", RW},
    {"meter-list", 0, 0, "", NULL, nbctl_meter_list, NULL, "", RO},
    {NULL, 0, 0, NULL, NULL, NULL, NULL, "", RO},
};

const char nbctl_meter_help[] =
    "Meter commands:\n"
    "  [--fair]\n"
    "  meter-add NAME ACTION RATE UNIT [BURST]\n"
    "                            add a meter\n"
    "  meter-del [NAME]          remove meters\n"
    "  meter-list                print meters\n";
