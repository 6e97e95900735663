/* nbctl-lb-table.h: the table of load balancers that ovn-nbctl's lb-list,
 * ls-lb-list and lr-lb-list print.
 *
 * The table has a header line "UUID LB PROTO VIP IPs" and one line per
 * VIP, load balancers sorted by name and each one's VIPs sorted; the VIP
 * column is as wide as the longest VIP of the listed load balancers.
 * Nothing at all is printed for no load balancers. */

#ifndef NBCTL_LB_TABLE_H
#define NBCTL_LB_TABLE_H 1

#include <stddef.h>

struct ds;
struct nbrec_load_balancer;

void nbctl_lb_table_print(struct ds *output,
                          const struct nbrec_load_balancer *const *lbs,
                          size_t n_lbs);

#endif /* nbctl-lb-table.h */
