/* ovn-util.h: helpers shared by every OVN program.
 *
 * This module owns what all of OVN's daemons and tools have in common:
 * their program name and version banner, and the default locations of the
 * OVN databases. */

#ifndef OVN_UTIL_H
#define OVN_UTIL_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* The OVN package version, for example "26.03.0". */
#define OVN_PACKAGE_VERSION PACKAGE_VERSION

/* Sets the program name from argv[0] and the version that --version and
 * log messages show: OVN's, followed by Open vSwitch library's. */
#define ovn_set_program_name(NAME) \
    ovs_set_program_name(NAME, OVN_PACKAGE_VERSION)

void ovn_print_version(uint8_t min_ofp, uint8_t max_ofp,
                       const char *db_version);

const char *default_nb_db(void);
const char *default_sb_db(void);
const char *default_ic_nb_db(void);
const char *default_ic_sb_db(void);

char *get_abs_unix_ctl_path(const char *path);

struct sset;
bool sset_equals_array(const struct sset *, char *const *array, size_t n);

#endif /* ovn-util.h */
