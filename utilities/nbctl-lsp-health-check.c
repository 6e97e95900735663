/* nbctl-lsp-health-check.c: ovn-nbctl's logical switch port health check
 * commands: lsp-hc-add, lsp-hc-del, lsp-hc-list.
 *
 * A logical switch port's "health_checks" column refers to rows of the
 * Logical_Switch_Port_Health_Check table.  Each asks ovn-controller to
 * probe the port (at 'address', one of its IPs, or at all of them when
 * empty) with TCP or UDP packets to 'port', or with ICMP echo requests,
 * sent from 'src_ip'; ovn-northd reports the outcome in 'status'.  The
 * probe intervals and thresholds are 'options' ("interval", "timeout",
 * "success_count", "failure_count"). */

#include <config.h>

#include <inttypes.h>
#include <stdlib.h>

#include "lib/ovn-nb-idl.h"
#include "nbctl-args.h"
#include "nbctl-commands.h"
#include "nbctl-ip.h"
#include "nbctl-lookup.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/shash.h"
#include "ovn-dbctl.h"
#include "smap.h"
#include "util.h"
#include "uuid.h"

/* What lsp-hc-add asks for. */
struct hc_spec {
    const char *protocol;       /* "tcp", "udp" or "icmp". */
    char *src_ip;               /* Canonical source IP. */
    int64_t port;               /* Destination port, 0 for ICMP. */
    char *address;              /* Canonical port IP, "" for all. */
    struct smap options;        /* KEY=VALUE arguments. */
};

/* Frees what 'spec' owns. */
static void
hc_spec_destroy(struct hc_spec *spec)
{
    free(spec->src_ip);
    free(spec->address);
    smap_destroy(&spec->options);
}

/* Returns true if 'ip' (canonical) is an IPv6 address. */
static bool
is_ipv6(const char *ip)
{
    return strchr(ip, ':') != NULL;
}

/* Parses the arguments of lsp-hc-add after PORT into 'spec', which must
 * be destroyed afterward in any case.  Returns NULL or an error message
 * for the caller to free. */
static char *
hc_spec_parse(int argc, char *argv[], struct hc_spec *spec)
{
    *spec = (struct hc_spec) { .protocol = NULL };
    smap_init(&spec->options);

    /* KEY=VALUE arguments come last. */
    int n_positional = argc;
    while (n_positional > 0 && strchr(argv[n_positional - 1], '=')) {
        n_positional--;
    }
    nbctl_parse_key_values(&argv[n_positional], argc - n_positional,
                           &spec->options);
    if (n_positional < 2) {
        return xstrdup("lsp-hc-add requires a protocol and a source IP");
    }

    const char *protocol = argv[0];
    if (!strcmp(protocol, "tcp") || !strcmp(protocol, "udp")) {
        spec->protocol = !strcmp(protocol, "tcp") ? "tcp" : "udp";
    } else if (!strcmp(protocol, "icmp")) {
        spec->protocol = "icmp";
    } else {
        return xasprintf("%s: protocol must be \"tcp\", \"udp\" or "
                         "\"icmp\"", protocol);
    }

    spec->src_ip = nbctl_normalize_addr(argv[1]);
    if (!spec->src_ip) {
        return xasprintf("%s: invalid source IP address", argv[1]);
    }

    int next = 2;
    if (strcmp(spec->protocol, "icmp")) {
        if (next >= n_positional) {
            return xasprintf("%s health checks require a destination port",
                             spec->protocol);
        }
        const char *port = argv[next++];
        long long int value;
        if (!str_to_llong(port, 10, &value) || value < 1 || value > 65535) {
            return xasprintf("%s: port must be in range 1...65535", port);
        }
        spec->port = value;
    }

    if (next < n_positional) {
        const char *address = argv[next++];
        spec->address = nbctl_normalize_addr(address);
        if (!spec->address) {
            return xasprintf("%s: invalid IP address", address);
        }
        if (is_ipv6(spec->address) != is_ipv6(spec->src_ip)) {
            return xasprintf("%s and %s: IP address families differ",
                             argv[1], address);
        }
    } else {
        spec->address = xstrdup("");
    }

    if (next < n_positional) {
        return xasprintf("%s: unexpected argument", argv[next]);
    }
    return NULL;
}

/* Returns true if 'hc' checks what 'spec' describes, options aside. */
static bool
hc_matches_spec(const struct nbrec_logical_switch_port_health_check *hc,
                const struct hc_spec *spec)
{
    return (!strcmp(hc->protocol, spec->protocol)
            && !strcmp(hc->src_ip, spec->src_ip)
            && hc->port == spec->port
            && !strcmp(hc->address, spec->address));
}

/* "[--may-exist] lsp-hc-add PORT PROTOCOL SRC_IP [DST_PORT] [ADDRESS]
 * [KEY=VALUE]...": DST_PORT is required for "tcp" and "udp" and absent for
 * "icmp".  With --may-exist, an existing health check of the same
 * protocol, source, port and address gets the options given. */
static void
nbctl_lsp_hc_add(struct ctl_context *ctx)
{
    bool may_exist = shash_find(&ctx->options, "--may-exist") != NULL;
    const struct nbrec_logical_switch_port *lsp;

    ctx->error = nbctl_lookup_lsp(ctx, ctx->argv[1], true, &lsp);
    if (ctx->error) {
        return;
    }

    struct hc_spec spec;
    ctx->error = hc_spec_parse(ctx->argc - 2, &ctx->argv[2], &spec);
    if (ctx->error) {
        hc_spec_destroy(&spec);
        return;
    }

    for (size_t i = 0; i < lsp->n_health_checks; i++) {
        const struct nbrec_logical_switch_port_health_check *hc
            = lsp->health_checks[i];
        if (hc_matches_spec(hc, &spec)) {
            if (!may_exist) {
                ctl_error(ctx, "%s: port already has this health check",
                          lsp->name);
            } else if (!smap_is_empty(&spec.options)) {
                nbrec_logical_switch_port_health_check_set_options(
                    hc, &spec.options);
            }
            hc_spec_destroy(&spec);
            return;
        }
    }

    struct nbrec_logical_switch_port_health_check *hc
        = nbrec_logical_switch_port_health_check_insert(ctx->txn);
    nbrec_logical_switch_port_health_check_set_protocol(hc, spec.protocol);
    nbrec_logical_switch_port_health_check_set_src_ip(hc, spec.src_ip);
    nbrec_logical_switch_port_health_check_set_port(hc, spec.port);
    nbrec_logical_switch_port_health_check_set_address(hc, spec.address);
    nbrec_logical_switch_port_health_check_set_options(hc, &spec.options);
    ovn_dbctl_add_ref(&lsp->header_,
                      &nbrec_logical_switch_port_col_health_checks,
                      &hc->header_);
    hc_spec_destroy(&spec);
}

/* Detaches 'hc' from 'lsp' and deletes it. */
static void
delete_health_check(
    const struct nbrec_logical_switch_port *lsp,
    const struct nbrec_logical_switch_port_health_check *hc)
{
    ovn_dbctl_remove_ref(&lsp->header_,
                         &nbrec_logical_switch_port_col_health_checks,
                         &hc->header_);
    nbrec_logical_switch_port_health_check_delete(hc);
}

/* "[--if-exists] lsp-hc-del PORT [HEALTH_CHECK]": without HEALTH_CHECK
 * (a UUID, possibly abbreviated), deletes all the port's health checks. */
static void
nbctl_lsp_hc_del(struct ctl_context *ctx)
{
    const struct nbrec_logical_switch_port *lsp;

    ctx->error = nbctl_lookup_lsp(ctx, ctx->argv[1], true, &lsp);
    if (ctx->error) {
        return;
    }

    if (ctx->argc < 3) {
        /* Copied, since deleting changes the column. */
        size_t n = lsp->n_health_checks;
        struct nbrec_logical_switch_port_health_check **hcs
            = xmemdup(lsp->health_checks, n * sizeof *hcs);
        for (size_t i = 0; i < n; i++) {
            delete_health_check(lsp, hcs[i]);
        }
        free(hcs);
        return;
    }

    const char *id = ctx->argv[2];
    const struct ovsdb_idl_row *row;
    ctx->error = ctl_get_row(ctx,
                             &nbrec_table_logical_switch_port_health_check,
                             id, false, &row);
    if (ctx->error) {
        return;
    }
    for (size_t i = 0; row && i < lsp->n_health_checks; i++) {
        if (&lsp->health_checks[i]->header_ == row) {
            delete_health_check(lsp, lsp->health_checks[i]);
            return;
        }
    }
    if (!shash_find(&ctx->options, "--if-exists")) {
        ctl_error(ctx, "%s: no health check %s on port", lsp->name, id);
    }
}

/* qsort() comparison of health checks by protocol, address, port, source
 * and UUID. */
static int
compare_health_checks(const void *a_, const void *b_)
{
    const struct nbrec_logical_switch_port_health_check *const *ap = a_;
    const struct nbrec_logical_switch_port_health_check *const *bp = b_;
    const struct nbrec_logical_switch_port_health_check *a = *ap, *b = *bp;
    int cmp;

    cmp = strcmp(a->protocol, b->protocol);
    if (cmp) {
        return cmp;
    }
    cmp = strcmp(a->address, b->address);
    if (cmp) {
        return cmp;
    }
    if (a->port != b->port) {
        return a->port < b->port ? -1 : 1;
    }
    cmp = strcmp(a->src_ip, b->src_ip);
    return cmp ? cmp : uuid_compare_3way(&a->header_.uuid, &b->header_.uuid);
}

/* "lsp-hc-list PORT": a table of the port's health checks, nothing at all
 * if it has none. */
static void
nbctl_lsp_hc_list(struct ctl_context *ctx)
{
    const struct nbrec_logical_switch_port *lsp;

    ctx->error = nbctl_lookup_lsp(ctx, ctx->argv[1], true, &lsp);
    if (ctx->error || !lsp->n_health_checks) {
        return;
    }

    size_t n = lsp->n_health_checks;
    struct nbrec_logical_switch_port_health_check **hcs
        = xmemdup(lsp->health_checks, n * sizeof *hcs);
    qsort(hcs, n, sizeof *hcs, compare_health_checks);

    struct ds *s = &ctx->output;
    ds_put_format(s, "%-40s%-10s%-20s%-20s%-7s%s\n",
                  "UUID", "PROTOCOL", "SRC_IP", "ADDRESS", "PORT", "STATUS");
    for (size_t i = 0; i < n; i++) {
        const struct nbrec_logical_switch_port_health_check *hc = hcs[i];
        char *port = hc->port ? xasprintf("%"PRId64, hc->port) : xstrdup("");

        ds_put_format(s, UUID_FMT "    %-10s%-20s%-20s%-7s%s",
                      UUID_ARGS(&hc->header_.uuid), hc->protocol,
                      hc->src_ip, hc->address, port,
                      hc->status ? hc->status : "");
        while (ds_chomp(s, ' ')) {
            continue;
        }
        ds_put_char(s, '\n');
        free(port);
    }
    free(hcs);
}

const struct ctl_command_syntax nbctl_lsp_health_check_commands[] = {
    {"lsp-hc-add", 3, INT_MAX,
     "PORT PROTOCOL SRC_IP [DST_PORT] [ADDRESS] [KEY=VALUE]...", NULL,
     nbctl_lsp_hc_add, NULL, "--may-exist", RW},
    {"lsp-hc-del", 1, 2, "PORT [HEALTH_CHECK]", NULL, nbctl_lsp_hc_del, NULL,
     "--if-exists", RW},
    {"lsp-hc-list", 1, 1, "PORT", NULL, nbctl_lsp_hc_list, NULL, "", RO},
    {NULL, 0, 0, NULL, NULL, NULL, NULL, "", RO},
};

const char nbctl_lsp_health_check_help[] =
    "Logical switch port health check commands:\n"
    "  [--may-exist]\n"
    "  lsp-hc-add PORT PROTOCOL SRC_IP [DST_PORT] [ADDRESS] [KEY=VALUE]...\n"
    "                            add a health check of PORT with PROTOCOL\n"
    "                            ('tcp', 'udp' with DST_PORT, or 'icmp')\n"
    "                            from SRC_IP to ADDRESS (default: all its\n"
    "                            IPs), with options KEY=VALUE\n"
    "  [--if-exists]\n"
    "  lsp-hc-del PORT [HEALTH_CHECK]\n"
    "                            remove a health check (or all) from PORT\n"
    "  lsp-hc-list PORT          print the health checks of PORT\n";
