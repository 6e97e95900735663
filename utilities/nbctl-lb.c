/* nbctl-lb.c: ovn-nbctl's load balancer commands: lb-add, lb-del,
 * lb-list.
 *
 * lb-add checks and normalizes the VIP and backends (nbctl-lb-vip.h);
 * lb-list prints the table that ls-lb-list and lr-lb-list also print
 * (nbctl-lb-table.h). */

#include <config.h>

#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>

#include "lib/ovn-nb-idl.h"
#include "nbctl-commands.h"
#include "nbctl-lb-table.h"
#include "nbctl-lb-vip.h"
#include "nbctl-lookup.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/shash.h"
#include "ovn-dbctl.h"
#include "smap.h"
#include "util.h"
#include "uuid.h"

/* What lb-add's options and optional arguments ask for. */
struct lb_add_args {
    const char *protocol;       /* "tcp", "udp" or "sctp". */
    bool protocol_given;        /* Was PROTOCOL given? */
    bool template;              /* --template. */
    int address_family;         /* AF_INET or AF_INET6. */
};

/* Parses lb-add's options and its optional PROTOCOL and ADDRESS_FAMILY
 * arguments into 'args'. */
static char * OVS_WARN_UNUSED_RESULT
parse_lb_add_args(struct ctl_context *ctx, struct lb_add_args *args)
{
    bool reject = shash_find(&ctx->options, "--reject") != NULL;
    bool event = shash_find(&ctx->options, "--event") != NULL;

    *args = (struct lb_add_args) {
        .protocol = "tcp",
        .template = shash_find(&ctx->options, "--template") != NULL,
        .address_family = AF_INET,
    };
    if (reject && event) {
        return xstrdup("--reject and --event can't specified at the same "
                       "time");
    }
    if (ctx->argc > 4) {
        const char *protocol = ctx->argv[4];
        if (strcmp(protocol, "tcp") && strcmp(protocol, "udp")
            && strcmp(protocol, "sctp")) {
            return xasprintf("%s: protocol must be one of \"tcp\", \"udp\", "
                             " or \"sctp\".", protocol);
        }
        args->protocol = protocol;
        args->protocol_given = true;
    }
    if (ctx->argc > 5) {
        const char *family = ctx->argv[5];
        if (!strcmp(family, "ipv6")) {
            args->address_family = AF_INET6;
        } else if (strcmp(family, "ipv4")) {
            return xasprintf("%s: address family must be one of \"ipv4\", "
                             "or \"ipv6\".", family);
        }
    }
    return NULL;
}

/* Creates load balancer 'name' with the single VIP 'vip' mapped to
 * 'backends', as 'args' and the options ask. */
static void
create_lb(struct ctl_context *ctx, const char *name, const char *vip,
          const char *backends, const struct lb_add_args *args)
{
    struct nbrec_load_balancer *lb = nbrec_load_balancer_insert(ctx->txn);
    const struct smap vips = SMAP_CONST1(&vips, vip, backends);
    struct smap options = SMAP_INITIALIZER(&options);

    nbrec_load_balancer_set_name(lb, name);
    nbrec_load_balancer_set_protocol(lb, args->protocol);
    nbrec_load_balancer_set_vips(lb, &vips);
    if (shash_find(&ctx->options, "--reject")) {
        smap_add(&options, "reject", "true");
    }
    if (shash_find(&ctx->options, "--event")) {
        smap_add(&options, "event", "true");
    }
    if (args->template) {
        smap_add(&options, "template", "true");
        smap_add(&options, "address-family",
                 args->address_family == AF_INET6 ? "ipv6" : "ipv4");
    }
    nbrec_load_balancer_set_options(lb, &options);
    smap_destroy(&options);
}

/* "[--may-exist | --add-duplicate | --reject | --event] [--template]
 * lb-add LB VIP[:PORT] IP[:PORT]... [PROTOCOL] [ADDRESS_FAMILY]": creates
 * load balancer LB, or adds the VIP to the existing LB (or, with
 * --may-exist, replaces the backends of the VIP that LB already has). */
static void
nbctl_lb_add(struct ctl_context *ctx)
{
    const char *name = ctx->argv[1];
    struct lb_add_args args;

    ctx->error = parse_lb_add_args(ctx, &args);
    if (ctx->error) {
        return;
    }

    struct nbctl_lb_vip vip;
    ctx->error = nbctl_lb_vip_parse(&vip, ctx->argv[2], ctx->argv[3],
                                    args.template, args.address_family);
    if (!ctx->error && !vip.port && args.protocol_given) {
        ctx->error = xstrdup("Protocol is unnecessary when no port of vip "
                             "is given.");
    }
    if (ctx->error) {
        nbctl_lb_vip_destroy(&vip);
        return;
    }

    struct ds key = DS_EMPTY_INITIALIZER;
    struct ds backends = DS_EMPTY_INITIALIZER;
    nbctl_lb_vip_format(&vip, &key);
    nbctl_lb_vip_format_backends(&vip, &backends);
    nbctl_lb_vip_destroy(&vip);

    const struct nbrec_load_balancer *lb = NULL;
    if (!shash_find(&ctx->options, "--add-duplicate")) {
        ctx->error = nbctl_lookup_lb(ctx, name, false, &lb);
    }
    if (ctx->error) {
        /* Nothing to do. */
    } else if (!lb) {
        create_lb(ctx, name, ds_cstr(&key), ds_cstr(&backends), &args);
    } else if (smap_get(&lb->vips, ds_cstr(&key))
               && !shash_find(&ctx->options, "--may-exist")) {
        ctl_error(ctx, "%s: a load balancer with this vip (%s) already "
                  "exists", name, ctx->argv[2]);
    } else {
        struct smap vips;
        smap_clone(&vips, &lb->vips);
        smap_replace(&vips, ds_cstr(&key), ds_cstr(&backends));
        nbrec_load_balancer_verify_vips(lb);
        nbrec_load_balancer_set_vips(lb, &vips);
        smap_destroy(&vips);
        if (args.protocol_given) {
            nbrec_load_balancer_verify_protocol(lb);
            nbrec_load_balancer_set_protocol(lb, args.protocol);
        }
    }
    ds_destroy(&key);
    ds_destroy(&backends);
}

/* Returns the key under which 'lb' stores VIP 'arg': 'arg' itself if it
 * is there, otherwise its canonical form, if it has one (to free). */
static char *
find_vip_key(const struct nbrec_load_balancer *lb, const char *arg)
{
    if (smap_get(&lb->vips, arg)) {
        return xstrdup(arg);
    }

    struct nbctl_lb_vip vip;
    char *error = nbctl_lb_vip_parse(&vip, arg, "",
                                     nbctl_lb_is_template(lb),
                                     nbctl_lb_address_family(lb));
    char *key = NULL;
    if (!error) {
        struct ds s = DS_EMPTY_INITIALIZER;
        nbctl_lb_vip_format(&vip, &s);
        key = ds_steal_cstr(&s);
    }
    free(error);
    nbctl_lb_vip_destroy(&vip);
    return key;
}

/* "[--if-exists] lb-del LB [VIP]": deletes LB or just its VIP.  A load
 * balancer that does not exist is not an error. */
static void
nbctl_lb_del(struct ctl_context *ctx)
{
    bool must_exist = !shash_find(&ctx->options, "--if-exists");
    const struct nbrec_load_balancer *lb;

    ctx->error = nbctl_lookup_lb(ctx, ctx->argv[1], false, &lb);
    if (ctx->error || !lb) {
        return;
    }
    if (ctx->argc == 2) {
        nbrec_load_balancer_delete(lb);
        return;
    }

    char *key = find_vip_key(lb, ctx->argv[2]);
    if (key && smap_get(&lb->vips, key)) {
        struct smap vips;
        smap_clone(&vips, &lb->vips);
        smap_remove(&vips, key);
        nbrec_load_balancer_verify_vips(lb);
        nbrec_load_balancer_set_vips(lb, &vips);
        smap_destroy(&vips);
    } else if (must_exist) {
        ctl_error(ctx, "vip %s is not part of the load balancer.",
                  ctx->argv[2]);
    }
    free(key);
}

/* "lb-list [LB]". */
static void
nbctl_lb_list(struct ctl_context *ctx)
{
    const struct nbrec_load_balancer **lbs = NULL;
    const struct nbrec_load_balancer *lb;
    size_t n_lbs = 0, allocated = 0;

    if (ctx->argc == 2) {
        ctx->error = nbctl_lookup_lb(ctx, ctx->argv[1], true, &lb);
        if (!ctx->error) {
            nbctl_lb_table_print(&ctx->output, &lb, 1);
        }
        return;
    }

    NBREC_LOAD_BALANCER_FOR_EACH (lb, ctx->idl) {
        if (n_lbs >= allocated) {
            lbs = x2nrealloc(lbs, &allocated, sizeof *lbs);
        }
        lbs[n_lbs++] = lb;
    }
    nbctl_lb_table_print(&ctx->output, lbs, n_lbs);
    free(lbs);
}

const struct ctl_command_syntax nbctl_lb_commands[] = {
    {"lb-add", 3, 5, "LB VIP[:PORT] IP[:PORT]... [PROTOCOL] [ADDRESS_FAMILY]",
     NULL, nbctl_lb_add, NULL,
     "--may-exist,--add-duplicate,--reject,--event,--template", RW},
    {"lb-del", 1, 2, "LB [VIP]", NULL, nbctl_lb_del, NULL, "--if-exists",
     RW},
    {"lb-list", 0, 1, "[LB]", NULL, nbctl_lb_list, NULL, "", RO},
    {NULL, 0, 0, NULL, NULL, NULL, NULL, "", RO},
};

/* The commands that attach load balancers to switches and routers
 * (nbctl-lb-attach.c) are listed here because --help groups all the load
 * balancer commands together. */
const char nbctl_lb_help[] =
    "Load balancer commands:\n"
    "  [--template] [--may-exist | --add-duplicate | --reject | --event]\n"
    "  lb-add LB VIP[:PORT] IP[:PORT]... [PROTOCOL] [ADDRESS_FAMILY]\n"
    "                            create a load-balancer or add a VIP to an\n"
    "                            existing load balancer\n"
    "  lb-del LB [VIP]           remove a load-balancer or just the VIP from\n"
    "                            the load balancer\n"
    "  lb-list [LB]              print load-balancers\n"
    "  lr-lb-add ROUTER LB       add load-balancer to ROUTER\n"
    "  lr-lb-del ROUTER [LB]     remove load-balancers from ROUTER\n"
    "  lr-lb-list ROUTER         print load-balancers\n"
    "  ls-lb-add SWITCH LB       add load-balancer to SWITCH\n"
    "  ls-lb-del SWITCH [LB]     remove load-balancers from SWITCH\n"
    "  ls-lb-list SWITCH         print load-balancers\n";
