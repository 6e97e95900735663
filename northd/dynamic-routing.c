/* dynamic-routing.c: the dynamic routing and EVPN settings of the logical
 * network (see dynamic-routing.h). */

#include <config.h>

#include "northd/dynamic-routing.h"

#include <string.h>

#include "lib/ovn-nb-idl.h"
#include "northd/northd.h"
#include "openvswitch/vlog.h"
#include "smap.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(dynamic_routing);

/* The largest VXLAN network identifier (24 bits). */
#define EVPN_MAX_VNI ((1u << 24) - 1)

/* Whether router 'od' exchanges routes with the routing daemons of its
 * chassis. */
bool
lr_has_dynamic_routing(const struct ovn_datapath *od)
{
    return od->nbr && smap_get_bool(&od->nbr->options, "dynamic-routing",
                                    false);
}

/* Parses 'value', a comma-separated list of route kinds, naming 'owner'
 * in the warning about a kind it does not know. */
static unsigned int
parse_drr_mode(const char *value, const char *owner)
{
    static const struct {
        const char *name;           /* As the option spells it. */
        enum drr_mode mode;         /* What it means. */
    } kinds[] = {
        { "connected", DRR_CONNECTED },
        { "connected-as-host", DRR_CONNECTED_AS_HOST },
        { "static", DRR_STATIC },
        { "nat", DRR_NAT },
        { "lb", DRR_LB },
    };
    unsigned int mode = 0;
    char *copy = xstrdup(value);
    char *save_ptr = NULL;
    for (char *token = strtok_r(copy, ",", &save_ptr); token;
         token = strtok_r(NULL, ",", &save_ptr)) {
        size_t i;
        for (i = 0; i < ARRAY_SIZE(kinds); i++) {
            if (!strcmp(token, kinds[i].name)) {
                mode |= kinds[i].mode;
                break;
            }
        }
        if (i == ARRAY_SIZE(kinds)) {
            static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 5);
            VLOG_WARN_RL(&rl, "unknown dynamic-routing-redistribute option "
                         "'%s' on %s", token, owner);
        }
    }
    free(copy);
    return mode;
}

/* Returns the kinds of route (DRR_* bits) that router port 'op' (or the
 * distributed gateway port of chassis-redirect port 'op') advertises: its
 * own options:dynamic-routing-redistribute if set, otherwise its
 * router's.  None if its router does not do dynamic routing. */
unsigned int
lrp_redistribute_mode(const struct ovn_port *op)
{
    if (!op->nbrp || !lr_has_dynamic_routing(op->od)) {
        return 0;
    }
    const char *value = smap_get(&op->nbrp->options,
                                 "dynamic-routing-redistribute");
    if (value) {
        return parse_drr_mode(value, op->nbrp->name);
    }
    value = smap_get(&op->od->nbr->options, "dynamic-routing-redistribute");
    return value ? parse_drr_mode(value, op->od->nbr->name) : 0;
}

/* Whether routes learned through router port 'op' are to be ignored
 * (options:dynamic-routing-no-learning of the port or of its router). */
bool
lrp_has_no_learning(const struct ovn_port *op)
{
    return (op->nbrp
            && (smap_get_bool(&op->nbrp->options,
                              "dynamic-routing-no-learning", false)
                || smap_get_bool(&op->od->nbr->options,
                                 "dynamic-routing-no-learning", false)));
}

/* Whether 'op' is the router port whose binding a chassis claims, where
 * ovn-controller exchanges routes: the chassis-redirect port of a
 * distributed gateway port, or a port of a gateway router. */
static bool
lrp_is_bound_to_chassis(const struct ovn_port *op)
{
    return (op->is_chassisredirect
            || (op->nbrp && smap_get(&op->od->nbr->options, "chassis")));
}

/* Adds to 'options' what the Port_Binding of router port 'op' carries for
 * dynamic routing, when its router does dynamic routing and a chassis
 * claims the port. */
void
lrp_dynamic_routing_sb_options(const struct ovn_port *op,
                               struct smap *options)
{
    if (!op->nbrp || !lr_has_dynamic_routing(op->od)
        || !lrp_is_bound_to_chassis(op)) {
        return;
    }
    const struct smap *lrp_options = &op->nbrp->options;

    smap_replace(options, "dynamic-routing", "true");
    if (smap_get_bool(lrp_options, "dynamic-routing-maintain-vrf", false)) {
        smap_replace(options, "dynamic-routing-maintain-vrf", "true");
    }
    if (lrp_has_no_learning(op)) {
        smap_replace(options, "dynamic-routing-no-learning", "true");
    }
    const char *port_name = smap_get(lrp_options,
                                     "dynamic-routing-port-name");
    if (port_name) {
        smap_replace(options, "dynamic-routing-port-name", port_name);
    }
}

/* Whether switch 'od' is extended over EVPN: its
 * other_config:dynamic-routing-vni is a valid VXLAN network identifier. */
bool
ls_has_evpn(const struct ovn_datapath *od)
{
    if (!od->nbs) {
        return false;
    }
    const char *value = smap_get(&od->nbs->other_config,
                                 "dynamic-routing-vni");
    unsigned long long int vni;
    return (value && str_to_ullong(value, 10, &vni)
            && vni <= EVPN_MAX_VNI);
}

/* Returns what EVPN switch 'od' has its chassis advertise
 * (EVPN_REDISTRIBUTE_* bits), none if it is not an EVPN switch. */
unsigned int
ls_evpn_redistribute(const struct ovn_datapath *od)
{
    if (!ls_has_evpn(od)) {
        return 0;
    }
    const char *value = smap_get(&od->nbs->other_config,
                                 "dynamic-routing-redistribute");
    if (!value) {
        return 0;
    }
    unsigned int mode = 0;
    char *copy = xstrdup(value);
    char *save_ptr = NULL;
    for (char *token = strtok_r(copy, ",", &save_ptr); token;
         token = strtok_r(NULL, ",", &save_ptr)) {
        if (!strcmp(token, "fdb")) {
            mode |= EVPN_REDISTRIBUTE_FDB;
        } else if (!strcmp(token, "ip")) {
            mode |= EVPN_REDISTRIBUTE_IP;
        } else {
            static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 5);
            VLOG_WARN_RL(&rl, "unknown dynamic-routing-redistribute option "
                         "'%s' on %s", token, od->nbs->name);
        }
    }
    free(copy);
    return mode;
}
