/* nbctl-copp.c: ovn-nbctl's control plane protection (CoPP) commands:
 * copp-add, copp-del, copp-list, and attaching policies to logical
 * switches (ls-copp-*) and routers (lr-copp-*).
 *
 * A CoPP policy is a named Copp row that maps control protocols ("arp",
 * "dns", ...) to the meters that rate-limit the packets that OVN sends to
 * ovn-controller for them.  A switch or router uses at most one policy. */

#include <config.h>

#include <stdlib.h>

#include "lib/ovn-nb-idl.h"
#include "nbctl-commands.h"
#include "nbctl-lookup.h"
#include "openvswitch/dynamic-string.h"
#include "smap.h"
#include "util.h"

/* The control protocols that a policy may meter, in the order in which
 * error messages list them. */
static const char *const copp_protocols[] = {
    "arp", "arp-resolve", "dhcpv4-opts", "dhcpv6-opts", "dns", "event-elb",
    "icmp4-error", "icmp6-error", "igmp", "nd-na", "nd-ns", "nd-ns-resolve",
    "nd-ra-opts", "tcp-reset", "reject", "svc-monitor", "bfd",
};

/* Checks that 'protocol' is a control protocol. */
static char * OVS_WARN_UNUSED_RESULT
check_protocol(const char *protocol)
{
    for (size_t i = 0; i < ARRAY_SIZE(copp_protocols); i++) {
        if (!strcmp(protocol, copp_protocols[i])) {
            return NULL;
        }
    }

    struct ds s = DS_EMPTY_INITIALIZER;
    ds_put_cstr(&s, "Invalid control protocol. Allowed values: ");
    for (size_t i = 0; i < ARRAY_SIZE(copp_protocols); i++) {
        ds_put_format(&s, "%s%s", i ? ", " : "", copp_protocols[i]);
    }
    ds_put_char(&s, '.');
    return ds_steal_cstr(&s);
}

/* Appends "PROTOCOL: METER" for each of 'meters', sorted, to 's'. */
static void
put_meters(struct ds *s, const struct smap *meters)
{
    const struct smap_node **nodes = smap_sort(meters);
    for (size_t i = 0; i < smap_count(meters); i++) {
        ds_put_format(s, "%s: %s\n", nodes[i]->key, nodes[i]->value);
    }
    free(nodes);
}

/* "copp-add NAME PROTO METER": creates policy NAME if needed and makes it
 * meter PROTO with METER. */
static void
nbctl_copp_add(struct ctl_context *ctx)
{
    const char *name = ctx->argv[1];
    const char *protocol = ctx->argv[2];
    const char *meter = ctx->argv[3];
    const struct nbrec_copp *copp;

    ctx->error = check_protocol(protocol);
    if (!ctx->error) {
        ctx->error = nbctl_lookup_copp(ctx, name, false, &copp);
    }
    if (ctx->error) {
        return;
    }

    struct smap meters = SMAP_INITIALIZER(&meters);
    if (!copp) {
        struct nbrec_copp *new_copp = nbrec_copp_insert(ctx->txn);
        nbrec_copp_set_name(new_copp, name);
        copp = new_copp;
    } else {
        nbrec_copp_verify_meters(copp);
        smap_clone(&meters, &copp->meters);
    }
    smap_replace(&meters, protocol, meter);
    nbrec_copp_set_meters(copp, &meters);
    smap_destroy(&meters);
}

/* "copp-del NAME [PROTO]": deletes policy NAME or just its meter for
 * PROTO. */
static void
nbctl_copp_del(struct ctl_context *ctx)
{
    const struct nbrec_copp *copp;

    ctx->error = nbctl_lookup_copp(ctx, ctx->argv[1], true, &copp);
    if (ctx->error) {
        return;
    }
    if (ctx->argc == 2) {
        nbrec_copp_delete(copp);
        return;
    }

    const char *protocol = ctx->argv[2];
    ctx->error = check_protocol(protocol);
    if (!ctx->error && smap_get(&copp->meters, protocol)) {
        struct smap meters;
        smap_clone(&meters, &copp->meters);
        smap_remove(&meters, protocol);
        nbrec_copp_verify_meters(copp);
        nbrec_copp_set_meters(copp, &meters);
        smap_destroy(&meters);
    }
}

/* "copp-list NAME". */
static void
nbctl_copp_list(struct ctl_context *ctx)
{
    const struct nbrec_copp *copp;

    ctx->error = nbctl_lookup_copp(ctx, ctx->argv[1], true, &copp);
    if (!ctx->error) {
        put_meters(&ctx->output, &copp->meters);
    }
}

/* "ls-copp-add NAME SWITCH": SWITCH uses policy NAME. */
static void
nbctl_ls_copp_add(struct ctl_context *ctx)
{
    const struct nbrec_logical_switch *ls;
    const struct nbrec_copp *copp;

    ctx->error = nbctl_lookup_copp(ctx, ctx->argv[1], true, &copp);
    if (!ctx->error) {
        ctx->error = nbctl_lookup_switch(ctx, ctx->argv[2], true, &ls);
    }
    if (!ctx->error) {
        nbrec_logical_switch_set_copp(ls, copp);
    }
}

/* "ls-copp-del SWITCH": the switch no longer uses a policy. */
static void
nbctl_ls_copp_del(struct ctl_context *ctx)
{
    const struct nbrec_logical_switch *ls;

    ctx->error = nbctl_lookup_switch(ctx, ctx->argv[1], true, &ls);
    if (!ctx->error) {
        nbrec_logical_switch_set_copp(ls, NULL);
    }
}

/* "ls-copp-list SWITCH": the meters of the switch's policy. */
static void
nbctl_ls_copp_list(struct ctl_context *ctx)
{
    const struct nbrec_logical_switch *ls;

    ctx->error = nbctl_lookup_switch(ctx, ctx->argv[1], true, &ls);
    if (!ctx->error && ls->copp) {
        put_meters(&ctx->output, &ls->copp->meters);
    }
}

/* "lr-copp-add NAME ROUTER": ROUTER uses policy NAME. */
static void
nbctl_lr_copp_add(struct ctl_context *ctx)
{
    const struct nbrec_logical_router *lr;
    const struct nbrec_copp *copp;

    ctx->error = nbctl_lookup_copp(ctx, ctx->argv[1], true, &copp);
    if (!ctx->error) {
        ctx->error = nbctl_lookup_router(ctx, ctx->argv[2], true, &lr);
    }
    if (!ctx->error) {
        nbrec_logical_router_set_copp(lr, copp);
    }
}

/* "lr-copp-del ROUTER": the router no longer uses a policy. */
static void
nbctl_lr_copp_del(struct ctl_context *ctx)
{
    const struct nbrec_logical_router *lr;

    ctx->error = nbctl_lookup_router(ctx, ctx->argv[1], true, &lr);
    if (!ctx->error) {
        nbrec_logical_router_set_copp(lr, NULL);
    }
}

/* "lr-copp-list ROUTER": the meters of the router's policy. */
static void
nbctl_lr_copp_list(struct ctl_context *ctx)
{
    const struct nbrec_logical_router *lr;

    ctx->error = nbctl_lookup_router(ctx, ctx->argv[1], true, &lr);
    if (!ctx->error && lr->copp) {
        put_meters(&ctx->output, &lr->copp->meters);
    }
}

const struct ctl_command_syntax nbctl_copp_commands[] = {
    {"copp-add", 3, 3, "NAME PROTO METER", NULL, nbctl_copp_add, NULL, "",
     RW},
    {"copp-del", 1, 2, "NAME [PROTO]", NULL, nbctl_copp_del, NULL, "", RW},
    {"copp-list", 1, 1, "NAME", NULL, nbctl_copp_list, NULL, "", RO},
    {"ls-copp-add", 2, 2, "NAME SWITCH", NULL, nbctl_ls_copp_add, NULL, "",
     RW},
    {"ls-copp-del", 1, 1, "SWITCH", NULL, nbctl_ls_copp_del, NULL, "", RW},
    {"ls-copp-list", 1, 1, "SWITCH", NULL, nbctl_ls_copp_list, NULL, "",
     RO},
    {"lr-copp-add", 2, 2, "NAME ROUTER", NULL, nbctl_lr_copp_add, NULL, "",
     RW},
    {"lr-copp-del", 1, 1, "ROUTER", NULL, nbctl_lr_copp_del, NULL, "", RW},
    {"lr-copp-list", 1, 1, "ROUTER", NULL, nbctl_lr_copp_list, NULL, "",
     RO},
    {NULL, 0, 0, NULL, NULL, NULL, NULL, "", RO},
};

const char nbctl_copp_help[] =
    "Control Plane Protection Policy commands:\n"
    "  copp-add NAME PROTO METER\n"
    "                            Add a copp policy for PROTO packets on NAME\n"
    "                            based on an existing METER.\n"
    "  copp-del NAME [PROTO]\n"
    "                            Delete the copp policy for PROTO packets on\n"
    "                            NAME or delete all copp policies on NAME\n"
    "  copp-list NAME            List all copp policies defined for control\n"
    "                            protocols on NAME.\n"
    "  ls-copp-add NAME SWITCH   Add a copp policy to SWITCH\n"
    "  ls-copp-del SWITCH        Delete the copp policy from SWITCH\n"
    "  ls-copp-list SWITCH       List the copp policy of SWITCH\n"
    "  lr-copp-add NAME ROUTER   Add a copp policy to ROUTER\n"
    "  lr-copp-del ROUTER        Delete the copp policy from ROUTER\n"
    "  lr-copp-list ROUTER       List the copp policy of ROUTER\n";
