/* nbctl-lb-table.c: prints the load balancer table of lb-list, ls-lb-list
 * and lr-lb-list.  See nbctl-lb-table.h. */

#include <config.h>

#include "nbctl-lb-table.h"

#include <inttypes.h>
#include <stdlib.h>

#include "lib/ovn-nb-idl.h"
#include "openvswitch/dynamic-string.h"
#include "packets.h"
#include "smap.h"
#include "util.h"
#include "uuid.h"

/* Returns true if 'vip' is a plain IPv4 or IPv6 address without a port.
 * Template VIPs ("^vip:^vport") count as having a port. */
static bool
vip_lacks_port(const char *vip)
{
    ovs_be32 ip4;
    struct in6_addr ip6;

    if (ip_parse(vip, &ip4) || ipv6_parse(vip, &ip6)) {
        return true;
    }

    size_t len = strlen(vip);
    if (vip[0] == '[' && len > 2 && vip[len - 1] == ']') {
        char *inner = xmemdup0(vip + 1, len - 2);
        bool is_ip6 = ipv6_parse(inner, &ip6);
        free(inner);
        return is_ip6;
    }
    return false;
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
        const char *protocol = (vip_lacks_port(vip->key) || !lb->protocol
                                ? "" : lb->protocol);
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
