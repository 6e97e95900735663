/* nbctl-lb-vip.h: parsing and normalizing load balancer VIPs for
 * ovn-nbctl.
 *
 * A load balancer's "vips" column maps a VIP ("IP" or "IP:PORT", IPv6
 * addresses in brackets when a port follows) to its backends
 * ("IP[:PORT],IP[:PORT],...").  A template load balancer's VIP and
 * backends may instead name chassis template variables ("^NAME") whose
 * values each chassis supplies.  ovn-nbctl checks what the user gives and
 * stores it in a canonical form; lb-list needs to know whether a VIP has a
 * port. */

#ifndef NBCTL_LB_VIP_H
#define NBCTL_LB_VIP_H 1

#include <stdbool.h>
#include <stddef.h>

#include "compiler.h"

struct ds;
struct nbrec_load_balancer;

/* One backend of a VIP. */
struct nbctl_lb_backend {
    char *ip;                   /* Canonical IP, or a template "^NAME". */
    char *port;                 /* Port number or template, or NULL. */
};

/* A parsed VIP and its backends. */
struct nbctl_lb_vip {
    bool template;              /* From a template load balancer? */
    int address_family;         /* AF_INET or AF_INET6. */
    char *ip;                   /* Canonical IP, or a template "^NAME". */
    char *port;                 /* Port number or template, or NULL. */
    struct nbctl_lb_backend *backends; /* The backends, in order. */
    size_t n_backends;                 /* Number of 'backends'. */
};

/* Parses VIP 'key' and backends 'value'.  For a template load balancer
 * ('template' true), explicit IPs must be of 'address_family' (AF_INET or
 * AF_INET6); otherwise the VIP's family rules.  Returns NULL on success,
 * otherwise an error message to free; either way 'vip' must later be
 * destroyed. */
char *nbctl_lb_vip_parse(struct nbctl_lb_vip *vip, const char *key,
                         const char *value, bool template,
                         int address_family)
    OVS_WARN_UNUSED_RESULT;
void nbctl_lb_vip_destroy(struct nbctl_lb_vip *);

/* Whether 'lb' is a template load balancer and the address family of the
 * explicit IPs of one, as nbctl_lb_vip_parse() takes them. */
bool nbctl_lb_is_template(const struct nbrec_load_balancer *);
int nbctl_lb_address_family(const struct nbrec_load_balancer *);

/* Appends the canonical forms of the VIP and of its backends to 's'. */
void nbctl_lb_vip_format(const struct nbctl_lb_vip *, struct ds *s);
void nbctl_lb_vip_format_backends(const struct nbctl_lb_vip *,
                                  struct ds *s);

#endif /* nbctl-lb-vip.h */
