/* nbctl-dhcp.c: ovn-nbctl's DHCP options commands: dhcp-options-create,
 * dhcp-options-del, dhcp-options-list, dhcp-options-set-options,
 * dhcp-options-get-options.
 *
 * A DHCP_Options row holds the DHCPv4 or DHCPv6 options that ovn-controller
 * answers with for the ports whose dhcpv4_options or dhcpv6_options refer
 * to it (lsp-set-dhcpv4-options, ...).  Rows have no name: commands take
 * their UUID. */

#include <config.h>

#include <limits.h>
#include <stdlib.h>

#include "lib/ovn-nb-idl.h"
#include "nbctl-args.h"
#include "nbctl-commands.h"
#include "nbctl-lookup.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/shash.h"
#include "packets.h"
#include "smap.h"
#include "util.h"
#include "uuid.h"

/* Returns true if 'cidr' is an IPv4 or IPv6 CIDR. */
static bool
is_valid_cidr(const char *cidr)
{
    struct in6_addr ip6;
    unsigned int plen;
    ovs_be32 ip;

    char *error = ip_parse_cidr(cidr, &ip, &plen);
    if (error) {
        free(error);
        error = ipv6_parse_cidr(cidr, &ip6, &plen);
        if (error) {
            free(error);
            return false;
        }
    }
    return true;
}

/* "dhcp-options-create CIDR [KEY=VALUE]...": the KEY=VALUE pairs become
 * the row's external_ids.  Prints nothing: "create" does that. */
static void
nbctl_dhcp_options_create(struct ctl_context *ctx)
{
    const char *cidr = ctx->argv[1];

    if (!is_valid_cidr(cidr)) {
        ctl_error(ctx, "Invalid cidr format '%s'", cidr);
        return;
    }

    struct nbrec_dhcp_options *opts = nbrec_dhcp_options_insert(ctx->txn);
    nbrec_dhcp_options_set_cidr(opts, cidr);

    struct smap external_ids = SMAP_INITIALIZER(&external_ids);
    nbctl_parse_key_values(ctx->argv + 2, ctx->argc - 2, &external_ids);
    nbrec_dhcp_options_set_external_ids(opts, &external_ids);
    smap_destroy(&external_ids);
}

/* "[--if-exists] dhcp-options-del DHCP_OPTIONS_UUID". */
static void
nbctl_dhcp_options_del(struct ctl_context *ctx)
{
    bool must_exist = !shash_find(&ctx->options, "--if-exists");
    const struct nbrec_dhcp_options *opts;

    ctx->error = nbctl_lookup_dhcp_options(ctx, ctx->argv[1], must_exist,
                                           &opts);
    if (!ctx->error && opts) {
        nbrec_dhcp_options_delete(opts);
    }
}

/* "dhcp-options-list": the UUIDs of all the rows, sorted by CIDR. */
static void
nbctl_dhcp_options_list(struct ctl_context *ctx)
{
    struct smap rows = SMAP_INITIALIZER(&rows);
    const struct nbrec_dhcp_options *opts;

    NBREC_DHCP_OPTIONS_FOR_EACH (opts, ctx->idl) {
        smap_add_format(&rows, opts->cidr, UUID_FMT,
                        UUID_ARGS(&opts->header_.uuid));
    }

    const struct smap_node **nodes = smap_sort(&rows);
    for (size_t i = 0; i < smap_count(&rows); i++) {
        ds_put_format(&ctx->output, "%s\n", nodes[i]->value);
    }
    free(nodes);
    smap_destroy(&rows);
}

/* "dhcp-options-set-options DHCP_OPTIONS_UUID [KEY=VALUE]...": replaces
 * all the options. */
static void
nbctl_dhcp_options_set_options(struct ctl_context *ctx)
{
    const struct nbrec_dhcp_options *opts;

    ctx->error = nbctl_lookup_dhcp_options(ctx, ctx->argv[1], true, &opts);
    if (ctx->error) {
        return;
    }

    struct smap options = SMAP_INITIALIZER(&options);
    nbctl_parse_key_values(ctx->argv + 2, ctx->argc - 2, &options);
    nbrec_dhcp_options_set_options(opts, &options);
    smap_destroy(&options);
}

/* "dhcp-options-get-options DHCP_OPTIONS_UUID": one KEY=VALUE per line,
 * sorted by key. */
static void
nbctl_dhcp_options_get_options(struct ctl_context *ctx)
{
    const struct nbrec_dhcp_options *opts;

    ctx->error = nbctl_lookup_dhcp_options(ctx, ctx->argv[1], true, &opts);
    if (ctx->error) {
        return;
    }

    const struct smap_node **nodes = smap_sort(&opts->options);
    for (size_t i = 0; i < smap_count(&opts->options); i++) {
        ds_put_format(&ctx->output, "%s=%s\n", nodes[i]->key,
                      nodes[i]->value);
    }
    free(nodes);
}

const struct ctl_command_syntax nbctl_dhcp_commands[] = {
    {"dhcp-options-create", 1, INT_MAX, "CIDR [EXTERNAL:IDS]", NULL,
     nbctl_dhcp_options_create, NULL, "", RW},
    {"dhcp-options-del", 1, 1, "DHCP_OPT_UUID", NULL,
     nbctl_dhcp_options_del, NULL, "--if-exists", RW},
    {"dhcp-options-list", 0, 0, "", NULL, nbctl_dhcp_options_list, NULL, "",
     RO},
    {"dhcp-options-set-options", 1, INT_MAX, "DHCP_OPT_UUID KEY=VALUE "
     "[KEY=VALUE]...", NULL, nbctl_dhcp_options_set_options, NULL, "", RW},
    {"dhcp-options-get-options", 1, 1, "DHCP_OPT_UUID", NULL,
     nbctl_dhcp_options_get_options, NULL, "", RO},
    {NULL, 0, 0, NULL, NULL, NULL, NULL, "", RO},
};

const char nbctl_dhcp_help[] =
    "DHCP Options commands:\n"
    "  dhcp-options-create CIDR [EXTERNAL_IDS]\n"
    "                           create a DHCP options row with CIDR\n"
    "  dhcp-options-del DHCP_OPTIONS_UUID\n"
    "                           delete DHCP_OPTIONS_UUID\n"
    "  dhcp-options-list        \n"
    "                           lists the DHCP_Options rows\n"
    "  dhcp-options-set-options DHCP_OPTIONS_UUID  KEY=VALUE [KEY=VALUE]...\n"
    "                           set DHCP options for DHCP_OPTIONS_UUID\n"
    "  dhcp-options-get-options DHCO_OPTIONS_UUID \n"
    "                           displays the DHCP options for "
    "DHCP_OPTIONS_UUID\n";
