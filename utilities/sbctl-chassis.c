/* sbctl-chassis.c: ovn-sbctl's chassis and port binding commands:
 * chassis-add, chassis-del, lsp-bind, lsp-unbind.
 *
 * ovn-controller normally maintains these rows itself; the commands are
 * for testing and for setups without ovn-controller. */

#include <config.h>

#include <stdlib.h>

#include "lib/ovn-sb-idl.h"
#include "openvswitch/shash.h"
#include "smap.h"
#include "sbctl-commands.h"
#include "sset.h"
#include "util.h"

/* Returns the chassis named 'name', or NULL.  If 'must_exist' and there is
 * none, sets ctx->error. */
static const struct sbrec_chassis *
find_chassis(struct ctl_context *ctx, const char *name, bool must_exist)
{
    const struct sbrec_chassis *ch;

    SBREC_CHASSIS_FOR_EACH (ch, ctx->idl) {
        if (!strcmp(ch->name, name)) {
            return ch;
        }
    }
    if (must_exist) {
        ctl_error(ctx, "no chassis named %s", name);
    }
    return NULL;
}

/* Returns the port binding of logical port 'name', or NULL.  If
 * 'must_exist' and there is none, sets ctx->error. */
static const struct sbrec_port_binding *
find_port_binding(struct ctl_context *ctx, const char *name,
                  bool must_exist)
{
    const struct sbrec_port_binding *pb;

    SBREC_PORT_BINDING_FOR_EACH (pb, ctx->idl) {
        if (!strcmp(pb->logical_port, name)) {
            return pb;
        }
    }
    if (must_exist) {
        ctl_error(ctx, "no port_binding for logical port %s", name);
    }
    return NULL;
}

/* "[--may-exist] chassis-add CHASSIS ENCAP-TYPE[,ENCAP-TYPE...] ENCAP-IP":
 * a chassis with one encapsulation of each type on ENCAP-IP. */
static void
sbctl_chassis_add(struct ctl_context *ctx)
{
    bool may_exist = shash_find(&ctx->options, "--may-exist") != NULL;
    const char *name = ctx->argv[1];
    const char *encap_ip = ctx->argv[3];

    if (find_chassis(ctx, name, false)) {
        if (!may_exist) {
            ctl_error(ctx, "cannot create a chassis named %s because a "
                      "chassis named %s already exists", name, name);
        }
        return;
    }

    struct sset types;
    sset_from_delimited_string(&types, ctx->argv[2], ",");

    const struct smap options = SMAP_CONST1(&options, "csum", "true");
    struct sbrec_encap **encaps = xmalloc(sset_count(&types)
                                          * sizeof *encaps);
    size_t n_encaps = 0;
    const char *type;
    SSET_FOR_EACH (type, &types) {
        struct sbrec_encap *encap = sbrec_encap_insert(ctx->txn);
        sbrec_encap_set_type(encap, type);
        sbrec_encap_set_ip(encap, encap_ip);
        sbrec_encap_set_options(encap, &options);
        sbrec_encap_set_chassis_name(encap, name);
        encaps[n_encaps++] = encap;
    }
    sset_destroy(&types);

    struct sbrec_chassis *ch = sbrec_chassis_insert(ctx->txn);
    sbrec_chassis_set_name(ch, name);
    sbrec_chassis_set_encaps(ch, encaps, n_encaps);
    free(encaps);
}

/* "[--if-exists] chassis-del CHASSIS": the chassis, its encapsulations
 * and its private row. */
static void
sbctl_chassis_del(struct ctl_context *ctx)
{
    bool must_exist = !shash_find(&ctx->options, "--if-exists");
    const struct sbrec_chassis *ch = find_chassis(ctx, ctx->argv[1],
                                                  must_exist);
    if (!ch) {
        return;
    }

    for (size_t i = 0; i < ch->n_encaps; i++) {
        sbrec_encap_delete(ch->encaps[i]);
    }

    const struct sbrec_chassis_private *priv;
    SBREC_CHASSIS_PRIVATE_FOR_EACH_SAFE (priv, ctx->idl) {
        if (!strcmp(priv->name, ch->name)) {
            sbrec_chassis_private_delete(priv);
        }
    }
    sbrec_chassis_delete(ch);
}

/* "[--may-exist] lsp-bind PORT CHASSIS". */
static void
sbctl_lsp_bind(struct ctl_context *ctx)
{
    bool may_exist = shash_find(&ctx->options, "--may-exist") != NULL;
    const char *port_name = ctx->argv[1];

    const struct sbrec_port_binding *pb = find_port_binding(ctx, port_name,
                                                            true);
    if (!pb) {
        return;
    }
    const struct sbrec_chassis *ch = find_chassis(ctx, ctx->argv[2], true);
    if (!ch) {
        return;
    }

    if (pb->chassis) {
        if (!may_exist || pb->chassis != ch) {
            ctl_error(ctx, "lport (%s) has already been binded to chassis "
                      "(%s)", port_name, pb->chassis->name);
        }
        return;
    }
    sbrec_port_binding_set_chassis(pb, ch);
}

/* "[--if-exists] lsp-unbind PORT". */
static void
sbctl_lsp_unbind(struct ctl_context *ctx)
{
    bool must_exist = !shash_find(&ctx->options, "--if-exists");
    const struct sbrec_port_binding *pb = find_port_binding(ctx,
                                                            ctx->argv[1],
                                                            must_exist);
    if (pb) {
        sbrec_port_binding_set_chassis(pb, NULL);
    }
}

const struct ctl_command_syntax sbctl_chassis_commands[] = {
    {"chassis-add", 3, 3, "CHASSIS ENCAP-TYPE ENCAP-IP", NULL,
     sbctl_chassis_add, NULL, "--may-exist", RW},
    {"chassis-del", 1, 1, "CHASSIS", NULL, sbctl_chassis_del, NULL,
     "--if-exists", RW},
    {"lsp-bind", 2, 2, "PORT CHASSIS", NULL, sbctl_lsp_bind, NULL,
     "--may-exist", RW},
    {"lsp-unbind", 1, 1, "PORT", NULL, sbctl_lsp_unbind, NULL,
     "--if-exists", RW},
    {NULL, 0, 0, NULL, NULL, NULL, NULL, "", RO},
};

const char sbctl_chassis_help[] =
    "Chassis commands:\n"
    "  chassis-add CHASSIS ENCAP-TYPE ENCAP-IP  create a new chassis named\n"
    "                                           CHASSIS with ENCAP-TYPE "
    "tunnels\n"
    "                                           and ENCAP-IP\n"
    "  chassis-del CHASSIS         delete CHASSIS and all of its encaps\n"
    "                              and gateway_ports\n"
    "\n"
    "Port binding commands:\n"
    "  lsp-bind PORT CHASSIS       bind logical port PORT to CHASSIS\n"
    "  lsp-unbind PORT             reset the port binding of logical port "
    "PORT\n";
