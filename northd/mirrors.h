/* mirrors.h: Southbound mirrors (see mirrors.c). */

#ifndef NORTHD_MIRRORS_H
#define NORTHD_MIRRORS_H 1

#include <stddef.h>

struct nbrec_mirror;
struct northd_context;
struct sbrec_mirror;

void mirrors_sync(const struct northd_context *);
const struct sbrec_mirror *mirror_lookup(const struct northd_context *,
                                         const char *name);

#endif /* northd/mirrors.h */
