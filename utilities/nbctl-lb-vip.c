/* nbctl-lb-vip.c: parsing and normalizing load balancer VIPs for
 * ovn-nbctl.  See nbctl-lb-vip.h. */

#include <config.h>

#include "nbctl-lb-vip.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "lib/ovn-nb-idl.h"
#include "openvswitch/dynamic-string.h"
#include "packets.h"
#include "smap.h"
#include "util.h"

/* Splits 's', of the form HOST[:PORT], in place into '*hostp' and
 * '*portp' ('*portp' is NULL without a port).  Brackets around either are
 * removed.  Like Open vSwitch's socket code, a string with more than one
 * colon outside brackets is an IPv6 address without a port. */
static void
split_host_port(char *s, char **hostp, char **portp)
{
    char *colon = NULL;
    bool in_brackets = false;
    int n_colons = 0;

    for (char *p = s; *p; p++) {
        if (*p == '[') {
            in_brackets = true;
        } else if (*p == ']') {
            in_brackets = false;
        } else if (*p == ':' && !in_brackets) {
            n_colons++;
            colon = p;
        }
    }

    *portp = NULL;
    if (n_colons > 1) {
        *hostp = s;
        return;
    }
    if (colon) {
        *colon = '\0';
        *portp = colon + 1;
    }

    /* Remove brackets. */
    char **tokens[2] = { hostp, portp };
    *hostp = s;
    for (size_t i = 0; i < ARRAY_SIZE(tokens); i++) {
        char *token = *tokens[i];
        if (token && token[0] == '[') {
            token++;
            size_t len = strlen(token);
            if (len && token[len - 1] == ']') {
                token[len - 1] = '\0';
            }
            *tokens[i] = token;
        }
    }
}

/* Parses 'host', an IPv4 or IPv6 address (IPv6 with an optional
 * "%SCOPE"), into the canonical text form '*ipp' (to free) and its family
 * '*familyp'. */
static bool
parse_ip(const char *host, char **ipp, int *familyp)
{
    char buf[INET6_ADDRSTRLEN];

    if (strchr(host, ':')) {
        char *addr = xstrdup(host);
        struct in6_addr ip6;

        addr[strcspn(addr, "%")] = '\0';
        bool ok = addr[0] && ipv6_parse(addr, &ip6);
        free(addr);
        if (!ok) {
            return false;
        }
        inet_ntop(AF_INET6, &ip6, buf, sizeof buf);
        *familyp = AF_INET6;
    } else {
        ovs_be32 ip;

        if (!ip_parse(host, &ip)) {
            return false;
        }
        inet_ntop(AF_INET, &ip, buf, sizeof buf);
        *familyp = AF_INET;
    }
    *ipp = xstrdup(buf);
    return true;
}

/* Parses 'port', which may be NULL or empty for no port, into the
 * canonical '*portp' (NULL for none or for port 0). */
static bool
parse_port(const char *port, char **portp)
{
    int value;

    *portp = NULL;
    if (!port || !port[0]) {
        return true;
    }
    if (!str_to_int(port, 10, &value) || value < 0 || value > 65535) {
        return false;
    }
    if (value) {
        *portp = xasprintf("%d", value);
    }
    return true;
}

/* Parses explicit endpoint 's' ("IP[:PORT]") into '*ipp', '*portp' and
 * '*familyp'. */
static bool
parse_endpoint(const char *s, char **ipp, char **portp, int *familyp)
{
    char *copy = xstrdup(s);
    char *host, *port;

    split_host_port(copy, &host, &port);
    *ipp = NULL;
    *portp = NULL;
    bool ok = parse_port(port, portp) && parse_ip(host, ipp, familyp);
    if (!ok) {
        free(*ipp);
        free(*portp);
        *ipp = *portp = NULL;
    }
    free(copy);
    return ok;
}

/* Returns true if 's' is a template variable reference "^NAME". */
static bool
is_template_ref(const char *s)
{
    if (s[0] != '^' || !(isalpha((unsigned char) s[1]) || s[1] == '_'
                         || s[1] == '.')) {
        return false;
    }
    for (s += 2; *s; s++) {
        if (!isalnum((unsigned char) *s) && *s != '_' && *s != '.') {
            return false;
        }
    }
    return true;
}

/* Parses 's', an endpoint of a template load balancer, in which the IP
 * and the port may each be a template reference; an explicit IP must be of
 * 'address_family'. */
static bool
parse_template_endpoint(const char *s, int address_family, char **ipp,
                        char **portp)
{
    char *copy = xstrdup(s);
    char *host, *port;
    bool ok;

    /* Templates do not bracket an IPv6 address followed by a port; the
     * port then can only be a template. */
    char *last_colon = strrchr(copy, ':');
    if (last_colon && last_colon[1] == '^' && copy[0] != '[') {
        *last_colon = '\0';
        host = copy;
        port = last_colon + 1;
    } else {
        split_host_port(copy, &host, &port);
    }
    *ipp = NULL;
    *portp = NULL;
    if (port && is_template_ref(port)) {
        *portp = xstrdup(port);
        ok = true;
    } else {
        ok = parse_port(port, portp);
    }
    if (ok) {
        int family;
        if (is_template_ref(host)) {
            *ipp = xstrdup(host);
        } else {
            ok = parse_ip(host, ipp, &family) && family == address_family;
        }
    }
    if (!ok) {
        free(*ipp);
        free(*portp);
        *ipp = *portp = NULL;
    }
    free(copy);
    return ok;
}

/* Adds a backend to 'vip'. */
static void
add_backend(struct nbctl_lb_vip *vip, char *ip, char *port)
{
    vip->backends = xrealloc(vip->backends,
                             (vip->n_backends + 1) * sizeof *vip->backends);
    vip->backends[vip->n_backends++] = (struct nbctl_lb_backend) {
        .ip = ip, .port = port,
    };
}

/* Parses the backends 'value' of explicit VIP 'vip'.  Every bad backend
 * adds to the error. */
static char *
parse_backends(struct nbctl_lb_vip *vip, const char *value)
{
    struct ds errors = DS_EMPTY_INITIALIZER;
    char *tokens = xstrdup(value);
    char *save_ptr = NULL;

    for (char *token = strtok_r(tokens, ",", &save_ptr); token;
         token = strtok_r(NULL, ",", &save_ptr)) {
        char *ip, *port;
        int family;

        if (!parse_endpoint(token, &ip, &port, &family)) {
            if (vip->port) {
                ds_put_format(&errors, "%s: should be an IP address and a "
                              "port number with : as a separator, ", token);
            } else {
                ds_put_format(&errors, "%s: should be an IP address, ",
                              token);
            }
        } else if (family != vip->address_family) {
            ds_put_format(&errors, "%s: IP address family is different "
                          "from VIP %s, ", token, vip->ip);
        } else if (vip->port && !port) {
            ds_put_format(&errors, "%s: should be an IP address and a port "
                          "number with : as a separator, ", token);
        } else if (!vip->port && port) {
            ds_put_format(&errors, "%s: should be an IP address, ", token);
        } else {
            add_backend(vip, ip, port);
            continue;
        }
        free(ip);
        free(port);
    }
    free(tokens);

    if (!errors.length) {
        ds_destroy(&errors);
        return NULL;
    }
    ds_chomp(&errors, ' ');
    ds_chomp(&errors, ',');
    ds_put_char(&errors, '.');
    return ds_steal_cstr(&errors);
}

/* Parses a template load balancer's VIP and backends. */
static char *
parse_template(struct nbctl_lb_vip *vip, const char *key, const char *value,
               int address_family)
{
    vip->address_family = address_family;
    if (!parse_template_endpoint(key, address_family, &vip->ip,
                                 &vip->port)) {
        return xasprintf("%s: should be a template of the form: "
                         "'^vip_variable[:^port_variable|:port]'.", key);
    }

    char *tokens = xstrdup(value);
    char *save_ptr = NULL;
    char *error = NULL;
    for (char *token = strtok_r(tokens, ",", &save_ptr); token;
         token = strtok_r(NULL, ",", &save_ptr)) {
        char *ip, *port;

        if (!parse_template_endpoint(token, address_family, &ip, &port)) {
            error = xasprintf("%s: should be a template of the form: "
                              "'^backendip_variable1[:^port_variable1|:port]"
                              "', ...", value);
            break;
        }
        add_backend(vip, ip, port);
    }
    free(tokens);
    return error;
}

/* Parses a VIP and its backends.  See nbctl-lb-vip.h. */
char *
nbctl_lb_vip_parse(struct nbctl_lb_vip *vip, const char *key,
                   const char *value, bool template, int address_family)
{
    *vip = (struct nbctl_lb_vip) { .template = template };

    if (template) {
        return parse_template(vip, key, value, address_family);
    }
    if (!parse_endpoint(key, &vip->ip, &vip->port, &vip->address_family)) {
        return xasprintf("%s: should be an IP address (or an IP address "
                         "and a port number with : as a separator).", key);
    }
    return parse_backends(vip, value);
}

/* Returns true if 'lb' is a template load balancer. */
bool
nbctl_lb_is_template(const struct nbrec_load_balancer *lb)
{
    return smap_get_bool(&lb->options, "template", false);
}

/* Returns the address family of the explicit IPs of template load
 * balancer 'lb'. */
int
nbctl_lb_address_family(const struct nbrec_load_balancer *lb)
{
    const char *family = smap_get_def(&lb->options, "address-family",
                                      "ipv4");
    return !strcmp(family, "ipv6") ? AF_INET6 : AF_INET;
}

/* Frees what 'vip' owns. */
void
nbctl_lb_vip_destroy(struct nbctl_lb_vip *vip)
{
    free(vip->ip);
    free(vip->port);
    for (size_t i = 0; i < vip->n_backends; i++) {
        free(vip->backends[i].ip);
        free(vip->backends[i].port);
    }
    free(vip->backends);
}

/* Appends IP[:PORT] to 's', with brackets around an IPv6 'ip' if
 * 'brackets'. */
static void
format_endpoint(struct ds *s, const char *ip, const char *port,
                bool brackets)
{
    ds_put_format(s, brackets ? "[%s]" : "%s", ip);
    if (port) {
        ds_put_format(s, ":%s", port);
    }
}

/* Appends the canonical VIP to 's'.  Only an explicit IPv6 address
 * followed by a port has brackets. */
void
nbctl_lb_vip_format(const struct nbctl_lb_vip *vip, struct ds *s)
{
    format_endpoint(s, vip->ip, vip->port,
                    vip->address_family == AF_INET6 && vip->port
                    && !vip->template);
}

/* Appends the canonical backends to 's', separated by commas. */
void
nbctl_lb_vip_format_backends(const struct nbctl_lb_vip *vip, struct ds *s)
{
    bool brackets = (vip->address_family == AF_INET6 && vip->port
                     && !vip->template);

    for (size_t i = 0; i < vip->n_backends; i++) {
        if (i) {
            ds_put_char(s, ',');
        }
        format_endpoint(s, vip->backends[i].ip, vip->backends[i].port,
                        brackets);
    }
}
