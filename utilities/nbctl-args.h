/* nbctl-args.h: arguments that several ovn-nbctl command groups parse.
 *
 * ACL, QoS and mirror rule commands all take a DIRECTION ("from-lport" or
 * "to-lport") and a PRIORITY (0 to 32767) with the same rules and error
 * messages; so do a few others.  Each parser returns NULL on success,
 * otherwise an error message for the caller to free (typically by storing
 * it into ctx->error). */

#ifndef NBCTL_ARGS_H
#define NBCTL_ARGS_H 1

#include <stdint.h>

#include "compiler.h"

struct smap;

char *nbctl_parse_direction(const char *arg, const char **directionp)
    OVS_WARN_UNUSED_RESULT;
char *nbctl_parse_priority(const char *arg, int64_t *priorityp)
    OVS_WARN_UNUSED_RESULT;

/* Parses "KEY=VALUE" arguments into 'map', ignoring those without "=",
 * the way ovn-nbctl's *-set-options commands do. */
void nbctl_parse_key_values(char *args[], int n_args, struct smap *map);

#endif /* nbctl-args.h */
