/* ovn-dirs.h: where OVN keeps its run-time files.
 *
 * Each directory has a compiled-in default, derived from configure's
 * --prefix, --localstatedir and --sysconfdir, which an environment variable
 * overrides: OVN_RUNDIR, OVN_LOGDIR, OVN_DBDIR, OVN_SYSCONFDIR,
 * OVN_PKGDATADIR, OVN_BINDIR.  Tests and sandboxes use the variables to run
 * everything in a private directory. */

#ifndef OVN_DIRS_H
#define OVN_DIRS_H 1

const char *ovn_sysconfdir(void); /* /usr/local/etc */
const char *ovn_pkgdatadir(void); /* /usr/local/share/ovn */
const char *ovn_rundir(void);     /* /usr/local/var/run/ovn */
const char *ovn_logdir(void);     /* /usr/local/var/log/ovn */
const char *ovn_dbdir(void);      /* /usr/local/etc/ovn */
const char *ovn_bindir(void);     /* /usr/local/bin */

#endif /* ovn-dirs.h */
