/* lb.c: Northbound load balancers as ovn-northd understands them (see
 * lb.h). */

#include <config.h>

#include "northd/lb.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <string.h>
#include <sys/socket.h>

#include "bitmap.h"
#include "lib/ovn-nb-idl.h"
#include "northd/en-svc-monitors.h"
#include "northd/lflow-mgr.h"
#include "northd/northd.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/vlog.h"
#include "packets.h"
#include "smap.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(northd_lb);

/* Whether 's' refers to a template variable. */
static bool
is_template_ref(const char *s)
{
    return s[0] == '^' && s[1];
}

/* Parses 'host' (no brackets) as an IPv4 or IPv6 address into '*ip'
 * (IPv4-mapped for IPv4) and '*family'.  Returns false if it is neither. */
static bool
parse_ip(const char *host, struct in6_addr *ip, int *family)
{
    ovs_be32 ip4;
    if (ip_parse(host, &ip4)) {
        *ip = in6_addr_mapped_ipv4(ip4);
        *family = AF_INET;
        return true;
    }
    if (ipv6_parse(host, ip)) {
        *family = AF_INET6;
        return true;
    }
    return false;
}

/* Formats 'ip' (IPv4-mapped or IPv6) as a string without brackets. */
static char *
format_ip(const struct in6_addr *ip)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    ipv6_format_mapped(ip, &s);
    return ds_steal_cstr(&s);
}

/* Parses a decimal port 1..65535. */
static bool
parse_port(const char *s, uint16_t *port)
{
    if (!s[0] || strlen(s) > 5) {
        return false;
    }
    unsigned int value = 0;
    for (const char *p = s; *p; p++) {
        if (!isdigit((unsigned char) *p)) {
            return false;
        }
        value = value * 10 + (*p - '0');
    }
    if (!value || value > 65535) {
        return false;
    }
    *port = value;
    return true;
}

/* Splits 'endpoint' ("IP", "IP:PORT", "IPv6", "[IPv6]" or "[IPv6]:PORT")
 * into a host and an optional port, both pointing into 'endpoint', which
 * is modified.  Returns false on a syntax error. */
static bool
split_endpoint(char *endpoint, char **host, char **port)
{
    *port = NULL;
    if (endpoint[0] == '[') {
        char *end = strchr(endpoint, ']');
        if (!end) {
            return false;
        }
        *end = '\0';
        *host = endpoint + 1;
        if (end[1] == ':') {
            *port = end + 2;
        } else if (end[1]) {
            return false;
        }
        return true;
    }

    char *colon = strchr(endpoint, ':');
    if (colon && !strchr(colon + 1, ':')) {
        /* One colon: IPv4 (or a template) with a port. */
        *colon = '\0';
        *port = colon + 1;
    }
    /* No colon, or several: a bare IPv6 address. */
    *host = endpoint;
    return true;
}

/* Removes leading and trailing white space from 's' in place. */
static char *
trim(char *s)
{
    while (isspace((unsigned char) *s)) {
        s++;
    }
    size_t n = strlen(s);
    while (n && isspace((unsigned char) s[n - 1])) {
        s[--n] = '\0';
    }
    return s;
}

/* Parses 's', one endpoint of a load balancer that is not a template,
 * into an address, its text, and an optional port.  Returns false if it
 * does not parse. */
static bool
parse_explicit_endpoint(const char *s, struct in6_addr *ip, char **ip_str,
                        int *family, char **port_str, uint16_t *port)
{
    char *copy = xstrdup(s);
    char *host, *port_s;
    bool ok = split_endpoint(trim(copy), &host, &port_s);
    if (ok) {
        ok = parse_ip(host, ip, family);
    }
    if (ok && port_s) {
        ok = parse_port(port_s, port);
    }
    if (ok) {
        *ip_str = format_ip(ip);
        *port_str = port_s ? xasprintf("%"PRIu16, *port) : NULL;
        if (!port_s) {
            *port = 0;
        }
    }
    free(copy);
    return ok;
}

/* Parses 's', an endpoint of a template load balancer ("^ip[:^port]",
 * "^ip:port" or an explicit address).  Returns false if it does not
 * parse. */
static bool
parse_template_endpoint(const char *s, int family, struct in6_addr *ip,
                        char **ip_str, char **port_str, uint16_t *port)
{
    char *copy = xstrdup(s);
    char *host, *port_s;
    bool ok = split_endpoint(trim(copy), &host, &port_s);
    if (ok && port_s && !is_template_ref(port_s)) {
        ok = parse_port(port_s, port);
    } else {
        *port = 0;
    }
    if (ok) {
        int host_family;
        memset(ip, 0, sizeof *ip);
        if (is_template_ref(host)) {
            *ip_str = xstrdup(host);
        } else if (parse_ip(host, ip, &host_family)
                   && host_family == family) {
            *ip_str = format_ip(ip);
        } else {
            ok = false;
        }
    }
    if (ok) {
        *port_str = port_s ? xstrdup(port_s) : NULL;
    }
    free(copy);
    return ok;
}

/* Frees the contents of 'b'. */
static void
backend_destroy(struct northd_lb_backend *b)
{
    free(b->ip_str);
    free(b->port_str);
    free(b->svc_mon_lport);
    free(b->svc_mon_src_ip);
    free(b->svc_mon_az);
}

/* Frees the contents of 'vip'. */
static void
vip_destroy(struct northd_lb_vip *vip)
{
    for (size_t i = 0; i < vip->n_backends; i++) {
        backend_destroy(&vip->backends[i]);
    }
    free(vip->backends);
    free(vip->key);
    free(vip->backends_str);
    free(vip->vip_str);
    free(vip->port_str);
}

/* Parses the comma-separated backends 'value' of 'vip'.  A backend of an
 * explicit VIP has a port if and only if the VIP has one.  Returns an
 * error message naming the backends that did not parse, or NULL. */
static char *
vip_parse_backends(struct northd_lb_vip *vip, const char *value,
                   bool template)
{
    struct ds errors = DS_EMPTY_INITIALIZER;
    size_t allocated = 0;
    char *tokens = xstrdup(value);
    char *save_ptr = NULL;

    for (char *token = strtok_r(tokens, ",", &save_ptr); token;
         token = strtok_r(NULL, ",", &save_ptr)) {
        if (!trim(token)[0]) {
            continue;
        }
        if (vip->n_backends >= allocated) {
            vip->backends = x2nrealloc(vip->backends, &allocated,
                                       sizeof *vip->backends);
        }
        struct northd_lb_backend *b = &vip->backends[vip->n_backends];
        memset(b, 0, sizeof *b);

        bool ok;
        if (template) {
            ok = parse_template_endpoint(token, vip->address_family, &b->ip,
                                         &b->ip_str, &b->port_str, &b->port);
        } else {
            int family;
            ok = (parse_explicit_endpoint(token, &b->ip, &b->ip_str, &family,
                                          &b->port_str, &b->port)
                  && family == vip->address_family
                  && !vip->port_str == !b->port_str);
        }
        if (!ok) {
            backend_destroy(b);
            ds_put_format(&errors, "%s, ", trim(token));
            continue;
        }
        vip->n_backends++;
    }
    free(tokens);

    if (!errors.length) {
        ds_destroy(&errors);
        return NULL;
    }
    ds_chomp(&errors, ' ');
    ds_chomp(&errors, ',');
    ds_put_format(&errors, ": invalid backend(s) for VIP %s, expecting an "
                  "IP address of the VIP's family, with a port if and only "
                  "if the VIP has one", vip->key);
    return ds_steal_cstr(&errors);
}

/* Parses VIP 'key' with backends 'value' into 'vip'.  Returns an error
 * message, or NULL on success. */
static char *
vip_parse(struct northd_lb_vip *vip, const char *key, const char *value,
          bool template, int template_family)
{
    memset(vip, 0, sizeof *vip);
    vip->key = xstrdup(key);
    vip->backends_str = xstrdup(value);

    bool ok;
    if (template) {
        vip->address_family = template_family;
        ok = parse_template_endpoint(key, template_family, &vip->vip,
                                     &vip->vip_str, &vip->port_str,
                                     &vip->port);
        ok = ok && is_template_ref(vip->vip_str);
    } else {
        ok = parse_explicit_endpoint(key, &vip->vip, &vip->vip_str,
                                     &vip->address_family, &vip->port_str,
                                     &vip->port);
    }
    if (!ok) {
        return xasprintf("%s: should be an IP address (or a template "
                         "reference) and an optional port number with : as "
                         "a separator", key);
    }
    return vip_parse_backends(vip, value, template);
}

/* Finds the health check of VIP 'key' in 'nlb'. */
static const struct nbrec_load_balancer_health_check *
find_health_check(const struct nbrec_load_balancer *nlb, const char *key)
{
    for (size_t i = 0; i < nlb->n_health_check; i++) {
        if (nlb->health_check[i]->vip
            && !strcmp(nlb->health_check[i]->vip, key)) {
            return nlb->health_check[i];
        }
    }
    return NULL;
}

/* Reads how to probe backend 'b' from 'nlb''s ip_port_mappings:
 * "PORT:SRC_IP[:AZ]" (IPv4) or "PORT:[SRC_IP][:AZ]" (IPv6), under the
 * key "IP" or "[IP]". */
static void
backend_parse_mapping(const struct nbrec_load_balancer *nlb,
                      struct northd_lb_backend *b, int family)
{
    char *key = (family == AF_INET6
                 ? xasprintf("[%s]", b->ip_str) : xstrdup(b->ip_str));
    const char *mapping = smap_get(&nlb->ip_port_mappings, key);
    if (!mapping && family == AF_INET6) {
        mapping = smap_get(&nlb->ip_port_mappings, b->ip_str);
    }
    free(key);
    if (!mapping) {
        return;
    }

    char *copy = xstrdup(mapping);
    char *colon = strchr(copy, ':');
    if (!colon || colon == copy) {
        free(copy);
        return;
    }
    *colon = '\0';
    char *src = colon + 1;
    char *az = NULL;
    if (src[0] == '[') {
        char *end = strchr(src, ']');
        if (end) {
            *end = '\0';
            if (end[1] == ':') {
                az = end + 2;
            }
        }
        src++;
    } else if (family == AF_INET) {
        char *sep = strchr(src, ':');
        if (sep) {
            *sep = '\0';
            az = sep + 1;
        }
    }

    struct in6_addr src_ip;
    int src_family;
    if (!parse_ip(src, &src_ip, &src_family) || src_family != family) {
        static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 1);
        VLOG_WARN_RL(&rl, "Invalid svc mon src IP %s", src);
        free(copy);
        return;
    }
    b->health_check = true;
    b->svc_mon_lport = xstrdup(copy);
    b->svc_mon_src_ip = format_ip(&src_ip);
    b->svc_mon_az = az && az[0] ? xstrdup(az) : NULL;
    free(copy);
}

/* Translates 'nlb''s selection_fields into ct_lb_mark's hash_fields: the
 * transport port fields name the load balancer's protocol. */
static char *
build_hash_fields(const struct nbrec_load_balancer *nlb, const char *proto)
{
    if (!nlb->n_selection_fields) {
        return NULL;
    }
    struct ds s = DS_EMPTY_INITIALIZER;
    for (size_t i = 0; i < nlb->n_selection_fields; i++) {
        const char *field = nlb->selection_fields[i];
        if (!strcmp(field, "tp_src")) {
            ds_put_format(&s, "%s_src,", proto);
        } else if (!strcmp(field, "tp_dst")) {
            ds_put_format(&s, "%s_dst,", proto);
        } else {
            ds_put_format(&s, "%s,", field);
        }
    }
    ds_chomp(&s, ',');
    return ds_steal_cstr(&s);
}

/* Returns the affinity timeout of 'nlb' (options:affinity_timeout) in
 * seconds: 0 (no affinity) if unset or not an unsigned int, at most
 * UINT16_MAX.  Warns about values that are not used as written. */
static uint16_t
parse_affinity_timeout(const struct nbrec_load_balancer *nlb)
{
    static struct vlog_rate_limit bad_rl = VLOG_RATE_LIMIT_INIT(5, 1);
    static struct vlog_rate_limit max_rl = VLOG_RATE_LIMIT_INIT(5, 1);
    const char *s = smap_get(&nlb->options, "affinity_timeout");
    long long int timeout;

    if (!s) {
        return 0;
    }
    if (!str_to_llong(s, 10, &timeout) || timeout < 0
        || timeout > UINT_MAX) {
        VLOG_WARN_RL(&bad_rl, "load balancer "UUID_FMT": bad "
                     "affinity_timeout \"%s\", no affinity",
                     UUID_ARGS(&nlb->header_.uuid), s);
        return 0;
    }
    if (timeout > UINT16_MAX) {
        VLOG_WARN_RL(&max_rl, "load balancer "UUID_FMT": affinity_timeout "
                     "%lld is above the maximum, %u",
                     UUID_ARGS(&nlb->header_.uuid), timeout, UINT16_MAX);
        return UINT16_MAX;
    }
    return timeout;
}

/* Fills 'lb' from its Northbound row 'lb->nlb'. */
static void
northd_lb_parse(struct northd_lb *lb)
{
    const struct nbrec_load_balancer *nlb = lb->nlb;
    const struct smap *options = &nlb->options;

    lb->proto = "tcp";
    lb->ip_proto = 6;
    if (nlb->protocol && !strcmp(nlb->protocol, "udp")) {
        lb->proto = "udp";
        lb->ip_proto = 17;
    } else if (nlb->protocol && !strcmp(nlb->protocol, "sctp")) {
        lb->proto = "sctp";
        lb->ip_proto = 132;
    }

    lb->is_template = smap_get_bool(options, "template", false);
    const char *family = smap_get(options, "address-family");
    lb->address_family = (family && !strcmp(family, "ipv6")
                          ? AF_INET6 : AF_INET);

    lb->affinity_timeout = parse_affinity_timeout(nlb);
    lb->reject = smap_get_bool(options, "reject", false);
    lb->controller_event = smap_get_bool(options, "event", false);
    lb->skip_snat = smap_get_bool(options, "skip_snat", false);
    lb->add_route = smap_get_bool(options, "add_route", false);
    lb->neighbor_responder = smap_get(options, "neighbor_responder");
    if (lb->neighbor_responder
        && strcmp(lb->neighbor_responder, "all")
        && strcmp(lb->neighbor_responder, "none")
        && strcmp(lb->neighbor_responder, "reachable")) {
        static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 1);
        VLOG_WARN_RL(&rl, "load balancer "UUID_FMT": unknown "
                     "neighbor_responder \"%s\", using the default",
                     UUID_ARGS(&nlb->header_.uuid), lb->neighbor_responder);
    }
    lb->hairpin_snat_ip = smap_get(options, "hairpin_snat_ip");
    lb->hash_fields = build_hash_fields(nlb, lb->proto);

    lb->vips = xcalloc(smap_count(&nlb->vips), sizeof *lb->vips);
    lb->n_vips = 0;
    lb->has_health_check = false;

    const struct smap_node **nodes = smap_sort(&nlb->vips);
    for (size_t i = 0; i < smap_count(&nlb->vips); i++) {
        struct northd_lb_vip *vip = &lb->vips[lb->n_vips];
        char *error = vip_parse(vip, nodes[i]->key, nodes[i]->value,
                                lb->is_template, lb->address_family);
        if (error) {
            static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 1);
            VLOG_WARN_RL(&rl, "Failed to initialize LB VIP: %s", error);
            free(error);
            vip_destroy(vip);
            continue;
        }
        lb->n_vips++;

        /* Health checks need a real VIP with a port. */
        if (lb->is_template || !vip->port_str) {
            continue;
        }
        vip->health_check = find_health_check(nlb, vip->key);
        if (!vip->health_check) {
            continue;
        }
        if (lb->ip_proto == 132) {
            /* Service monitors cannot probe SCTP. */
            static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 1);
            VLOG_WARN_RL(&rl, "SCTP load balancers do not currently support "
                         "health checks. Not creating health checks for "
                         "load balancer " UUID_FMT,
                         UUID_ARGS(&nlb->header_.uuid));
            vip->health_check = NULL;
            continue;
        }
        lb->has_health_check = true;
        for (size_t j = 0; j < vip->n_backends; j++) {
            backend_parse_mapping(nlb, &vip->backends[j],
                                  vip->address_family);
        }
    }
    free(nodes);
}

/* Frees what northd_lb_parse() allocated. */
static void
northd_lb_unparse(struct northd_lb *lb)
{
    for (size_t i = 0; i < lb->n_vips; i++) {
        vip_destroy(&lb->vips[i]);
    }
    free(lb->vips);
    lb->vips = NULL;
    lb->n_vips = 0;
    free(lb->hash_fields);
    lb->hash_fields = NULL;
}

/* Creates the parsed form of 'nlb' (which applies nowhere yet). */
struct northd_lb *
northd_lb_create(const struct nbrec_load_balancer *nlb)
{
    struct northd_lb *lb = xzalloc(sizeof *lb);
    lb->uuid = nlb->header_.uuid;
    lb->nlb = nlb;
    lb->lflow_ref = lflow_ref_create();
    northd_lb_parse(lb);
    return lb;
}

/* Parses 'lb''s Northbound row again, after it changed.  Where it applies
 * and its flow owner stay. */
void
northd_lb_reparse(struct northd_lb *lb)
{
    northd_lb_unparse(lb);
    northd_lb_parse(lb);
}

/* Frees 'lb'.  Its flows must have been withdrawn or the table reset. */
void
northd_lb_destroy(struct northd_lb *lb)
{
    if (lb) {
        northd_lb_unparse(lb);
        free(lb->ls_direct);
        free(lb->lr_direct);
        free(lb->ls_map);
        free(lb->lr_map);
        free(lb->groups);
        lflow_ref_destroy(lb->lflow_ref);
        free(lb);
    }
}

/* Returns the load balancer in 'lbs' whose Northbound UUID is 'uuid'. */
struct northd_lb *
northd_lb_find(const struct hmap *lbs, const struct uuid *uuid)
{
    struct northd_lb *lb;
    HMAP_FOR_EACH_WITH_HASH (lb, hmap_node, uuid_hash(uuid), lbs) {
        if (uuid_equals(&lb->uuid, uuid)) {
            return lb;
        }
    }
    return NULL;
}

/* Returns the group in 'groups' whose Northbound UUID is 'uuid'. */
struct northd_lb_group *
northd_lb_group_find(const struct hmap *groups, const struct uuid *uuid)
{
    struct northd_lb_group *lbg;
    HMAP_FOR_EACH_WITH_HASH (lbg, hmap_node, uuid_hash(uuid), groups) {
        if (uuid_equals(&lbg->uuid, uuid)) {
            return lbg;
        }
    }
    return NULL;
}

/* Whether 'nlb' has some VIP at all. */
bool
lb_has_vip(const struct nbrec_load_balancer *nlb)
{
    return !smap_is_empty(&nlb->vips);
}

/* Whether switch 'od' has a load balancer with a VIP, directly or through
 * a load balancer group: then all its IP traffic goes through conntrack
 * (which also makes the switch stateful for ACL purposes). */
bool
ls_has_lb_vip(const struct ovn_datapath *od)
{
    if (!od->nbs) {
        return false;
    }
    for (size_t i = 0; i < od->nbs->n_load_balancer; i++) {
        if (lb_has_vip(od->nbs->load_balancer[i])) {
            return true;
        }
    }
    for (size_t i = 0; i < od->nbs->n_load_balancer_group; i++) {
        const struct nbrec_load_balancer_group *lbg
            = od->nbs->load_balancer_group[i];
        for (size_t j = 0; j < lbg->n_load_balancer; j++) {
            if (lb_has_vip(lbg->load_balancer[j])) {
                return true;
            }
        }
    }
    return false;
}

/* Appends 'vip' as "IP", "IP:PORT" or "[IPv6]:PORT" to 's'. */
void
northd_lb_vip_format(const struct northd_lb_vip *vip, struct ds *s)
{
    bool brackets = vip->address_family == AF_INET6 && vip->port_str;
    ds_put_format(s, "%s%s%s", brackets ? "[" : "", vip->vip_str,
                  brackets ? "]" : "");
    if (vip->port_str) {
        ds_put_format(s, ":%s", vip->port_str);
    }
}

/* Appends backend 'b' of 'vip' as "IP", "IP:PORT" or "[IPv6]:PORT" to
 * 's'. */
void
northd_lb_backend_format(const struct northd_lb_vip *vip,
                         const struct northd_lb_backend *b, struct ds *s)
{
    bool brackets = vip->address_family == AF_INET6 && b->port_str;
    ds_put_format(s, "%s%s%s", brackets ? "[" : "", b->ip_str,
                  brackets ? "]" : "");
    if (b->port_str) {
        ds_put_format(s, ":%s", b->port_str);
    }
}

/* Puts in 'match' and 'actions' the session affinity learning flow of
 * backend 'b' of 'vip' of 'lb': a new connection to the VIP (whose
 * address is in register 'reg_vip', its port in 'reg_port') that went to
 * 'b' is remembered for lb->affinity_timeout seconds. */
void
northd_lb_aff_learn_flow(const struct northd_lb *lb,
                         const struct northd_lb_vip *vip,
                         const struct northd_lb_backend *b,
                         const char *reg_vip, const char *reg_port,
                         struct ds *match, struct ds *actions)
{
    const char *ip = vip->address_family == AF_INET ? "ip4" : "ip6";

    ds_clear(match);
    ds_put_format(match, REGBIT_KNOWN_LB_SESSION " == 0 && ct.new && "
                  "%s && %s == %s", ip, reg_vip, vip->vip_str);
    if (vip->port_str) {
        ds_put_format(match, " && %s == %s", reg_port, vip->port_str);
    }
    ds_put_format(match, " && %s.dst == %s", ip, b->ip_str);
    if (b->port_str) {
        ds_put_format(match, " && %s.dst == %s", lb->proto, b->port_str);
    }

    ds_clear(actions);
    ds_put_cstr(actions, "commit_lb_aff(vip = \"");
    northd_lb_vip_format(vip, actions);
    ds_put_cstr(actions, "\", backend = \"");
    northd_lb_backend_format(vip, b, actions);
    ds_put_char(actions, '"');
    if (vip->port_str) {
        ds_put_format(actions, ", proto = %s", lb->proto);
    }
    ds_put_format(actions, ", timeout = %"PRIu16"); /* drop */",
                  lb->affinity_timeout);
}

/* If packets to 'vip' of 'lb' are to be reported to ovn-controller as an
 * "empty_lb_backends" event (the VIP has no backend, the load balancer
 * does not reject, and events are enabled by the load balancer or by
 * NB_Global 'nb_options'), puts the match and actions of that flow in
 * 'match' and 'actions' and returns true. */
bool
northd_lb_empty_event_flow(const struct northd_lb *lb,
                           const struct northd_lb_vip *vip,
                           const struct smap *nb_options,
                           struct ds *match, struct ds *actions)
{
    bool enabled = (lb->controller_event
                    || smap_get_bool(nb_options, "controller_event", false));
    if (!enabled || vip->n_backends || lb->reject) {
        return false;
    }

    ds_clear(match);
    ds_put_format(match, "%s.dst == %s && %s",
                  vip->address_family == AF_INET ? "ip4" : "ip6",
                  vip->vip_str, lb->proto);
    if (vip->port_str) {
        ds_put_format(match, " && %s.dst == %s", lb->proto, vip->port_str);
    }
    ds_clear(actions);
    ds_put_cstr(actions, "trigger_event(event = \"empty_lb_backends\", "
                "vip = \"");
    northd_lb_vip_format(vip, actions);
    ds_put_format(actions, "\", protocol = \"%s\", load_balancer = \""
                  UUID_FMT "\");", lb->proto, UUID_ARGS(&lb->uuid));
    return true;
}

/* Whether backend 'b' of a VIP with a health check may get traffic: it is
 * monitored, and its service monitor is not known to be down ("online" or
 * no status yet). */
bool
northd_lb_backend_is_active(const struct northd_lb *lb,
                            const struct northd_lb_backend *b,
                            const struct svc_monitors *svc)
{
    if (!b->health_check || !svc) {
        return false;
    }
    const char *status;
    if (!svc_monitors_find(svc, b->ip_str, b->svc_mon_lport, b->port,
                           lb->proto, &status)) {
        return false;
    }
    return !status || !strcmp(status, "online");
}

/* Appends to 's' the backends of 'vip' that ct_lb_mark(backends=...) takes:
 * all of them as written, or with a health check only those that are
 * active.  Returns false if there is none to send traffic to. */
bool
northd_lb_vip_put_backends(const struct northd_lb *lb,
                           const struct northd_lb_vip *vip,
                           const struct svc_monitors *svc, struct ds *s)
{
    if (!vip->health_check) {
        ds_put_cstr(s, vip->backends_str);
        return vip->n_backends > 0;
    }

    size_t n_active = 0;
    for (size_t i = 0; i < vip->n_backends; i++) {
        const struct northd_lb_backend *b = &vip->backends[i];
        if (northd_lb_backend_is_active(lb, b, svc)) {
            if (n_active++) {
                ds_put_char(s, ',');
            }
            northd_lb_backend_format(vip, b, s);
        }
    }
    return n_active > 0;
}
