/* ovn-util.c: program banner and default database locations. */

#include <config.h>

#include "ovn-util.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "ovn-dirs.h"
#include "sset.h"

/* Prints the --version banner: the program and OVN's version, the Open
 * vSwitch library's version, the OpenFlow versions that the program speaks
 * when 'min_ofp' or 'max_ofp' is nonzero, and the schema version of the
 * database it uses when 'db_version' is nonnull. */
void
ovn_print_version(uint8_t min_ofp, uint8_t max_ofp, const char *db_version)
{
    ovs_print_version(min_ofp, max_ofp);
    if (db_version) {
        printf("DB Schema %s\n", db_version);
    }
}

/* Returns the database remote named by environment variable 'var', or the
 * Unix socket 'sock_name' in OVN's run directory.  The string is computed
 * once and kept for the life of the process. */
static const char *
default_db(const char *var, const char *sock_name, char **cache)
{
    if (!*cache) {
        const char *env = getenv(var);
        *cache = (env && env[0]
                  ? xstrdup(env)
                  : xasprintf("unix:%s/%s", ovn_rundir(), sock_name));
    }
    return *cache;
}

/* The Northbound database remote: $OVN_NB_DB or
 * unix:$OVN_RUNDIR/ovnnb_db.sock. */
const char *
default_nb_db(void)
{
    static char *def;
    return default_db("OVN_NB_DB", "ovnnb_db.sock", &def);
}

/* The Southbound database remote: $OVN_SB_DB or
 * unix:$OVN_RUNDIR/ovnsb_db.sock. */
const char *
default_sb_db(void)
{
    static char *def;
    return default_db("OVN_SB_DB", "ovnsb_db.sock", &def);
}

/* The interconnection Northbound database remote: $OVN_IC_NB_DB or
 * unix:$OVN_RUNDIR/ovn_ic_nb_db.sock. */
const char *
default_ic_nb_db(void)
{
    static char *def;
    return default_db("OVN_IC_NB_DB", "ovn_ic_nb_db.sock", &def);
}

/* The interconnection Southbound database remote: $OVN_IC_SB_DB or
 * unix:$OVN_RUNDIR/ovn_ic_sb_db.sock. */
const char *
default_ic_sb_db(void)
{
    static char *def;
    return default_db("OVN_IC_SB_DB", "ovn_ic_sb_db.sock", &def);
}

/* Returns a malloc'd absolute path for a daemon's control socket:
 * 'path' itself if it is absolute, 'path' under OVN's run directory if it
 * is relative, and "<rundir>/<program>.<pid>.ctl" if it is NULL, which is
 * where ovn-appctl looks for a daemon named by its pidfile. */
char *
get_abs_unix_ctl_path(const char *path)
{
    if (!path) {
        return xasprintf("%s/%s.%ld.ctl", ovn_rundir(), program_name,
                         (long int) getpid());
    }
    return abs_file_name(ovn_rundir(), path);
}

/* Whether the 'n' distinct strings of 'array' are exactly the members of
 * 'set', in any order: what a database column of a set of strings holds
 * against what it should. */
bool
sset_equals_array(const struct sset *set, char *const *array, size_t n)
{
    if (n != sset_count(set)) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        if (!sset_contains(set, array[i])) {
            return false;
        }
    }
    return true;
}
