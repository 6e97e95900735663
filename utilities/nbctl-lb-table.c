/* nbctl-lb-table.c: prints the load balancer table of lb-list, ls-lb-list
 * and lr-lb-list.  See nbctl-lb-table.h. */

#include <config.h>

#include "nbctl-lb-table.h"

#include <inttypes.h>
#include <stdlib.h>

#include "lib/ovn-nb-idl.h"
#include "nbctl-lb-vip.h"
#include "openvswitch/dynamic-string.h"
#include "smap.h"
#include "util.h"
#include "uuid.h"

/* Returns true if 'key', a VIP of 'lb', has a port.  A VIP that does not
 * parse counts as having one. */
static bool
vip_has_port(const struct nbrec_load_balancer *lb, const char *key)
{
    struct nbctl_lb_vip vip;
    char *error = nbctl_lb_vip_parse(&vip, key, "", nbctl_lb_is_template(lb),
                                     nbctl_lb_address_family(lb));
    bool has_port = error || vip.port;

    free(error);
    nbctl_lb_vip_destroy(&vip);
    return has_port;
}

/* Adds to 'rows' the lines of 'lb', keyed by its name. */
static void
add_lb_rows(const struct nbrec_load_balancer *lb, int vip_width,
            struct smap *rows)
{
    const struct smap_node **vips = smap_sort(&lb->vips);
    if (!vips) {
        return;
    }

    struct ds row = DS_EMPTY_INITIALIZER;
    for (size_t i = 0; i < smap_count(&lb->vips); i++) {
        const struct smap_node *vip = vips[i];
        const char *protocol = (lb->protocol && vip_has_port(lb, vip->key)
                                ? lb->protocol : "");
        if (!i) {
            ds_put_format(&row, UUID_FMT "    %-20.16s",
                          UUID_ARGS(&lb->header_.uuid), lb->name);
        } else {
            ds_put_format(&row, "\n%60s", "");
        }
        ds_put_format(&row, "%-11.7s%-*.*s%s", protocol, vip_width + 4,
                      vip_width, vip->key, vip->value);
    }
    smap_add_nocopy(rows, xstrdup(lb->name), ds_steal_cstr(&row));
    free(vips);
}

/* Prints the table of the 'n_lbs' load balancers in 'lbs' to 'output'. */
void
nbctl_lb_table_print(struct ds *output,
                     const struct nbrec_load_balancer *const *lbs,
                     size_t n_lbs)
{
    int vip_width = 0;
    for (size_t i = 0; i < n_lbs; i++) {
        const struct smap_node *vip;
        SMAP_FOR_EACH (vip, &lbs[i]->vips) {
            vip_width = MAX(vip_width, strlen(vip->key));
        }
    }

    struct smap rows = SMAP_INITIALIZER(&rows);
    for (size_t i = 0; i < n_lbs; i++) {
        add_lb_rows(lbs[i], vip_width, &rows);
    }

    const struct smap_node **nodes = smap_sort(&rows);
    if (nodes) {
        ds_put_format(output, "%-40.36s%-20.16s%-11.7s%-*.*s%s\n",
                      "UUID", "LB", "PROTO", vip_width + 4, vip_width,
                      "VIP", "IPs");
        for (size_t i = 0; i < smap_count(&rows); i++) {
            ds_put_format(output, "%s\n", nodes[i]->value);
        }
        free(nodes);
    }
    smap_destroy(&rows);
}
