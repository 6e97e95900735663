/* nbctl-args.c: parsers for arguments shared by ovn-nbctl command groups.
 * See nbctl-args.h. */

#include <config.h>

#include "nbctl-args.h"

#include <inttypes.h>
#include <string.h>

#include "smap.h"
#include "util.h"

/* Parses a direction.  ovn-nbctl has always looked at the first letter
 * only, so "to", "t" and "to-lport" are all "to-lport". */
char *
nbctl_parse_direction(const char *arg, const char **directionp)
{
    if (arg[0] == 't') {
        *directionp = "to-lport";
    } else if (arg[0] == 'f') {
        *directionp = "from-lport";
    } else {
        *directionp = NULL;
        return xasprintf("%s: direction must be \"to-lport\" or "
                         "\"from-lport\"", arg);
    }
    return NULL;
}

/* Parses a rule priority, which must be in 0...32767.  On error,
 * '*priorityp' is 0. */
char *
nbctl_parse_priority(const char *arg, int64_t *priorityp)
{
    int64_t priority;

    if (!ovs_scan(arg, "%"SCNd64, &priority)
        || priority < 0 || priority > 32767) {
        *priorityp = 0;
        return xasprintf("%s: priority must in range 0...32767", arg);
    }
    *priorityp = priority;
    return NULL;
}

/* Adds each "KEY=VALUE" of 'args' to 'map'; an argument without "=" is
 * ignored. */
void
nbctl_parse_key_values(char *args[], int n_args, struct smap *map)
{
    for (int i = 0; i < n_args; i++) {
        const char *equals = strchr(args[i], '=');
        if (equals) {
            char *key = xmemdup0(args[i], equals - args[i]);
            smap_replace(map, key, equals + 1);
            free(key);
        }
    }
}
