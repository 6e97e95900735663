/* datapaths.h: building logical datapaths and their Southbound bindings.
 *
 * See datapaths.c.  'struct ovn_datapath' itself is in northd.h, since
 * every part of ovn-northd uses it. */

#ifndef NORTHD_DATAPATHS_H
#define NORTHD_DATAPATHS_H 1

#include "northd/northd.h"
#include "uuidset.h"

void ovn_datapaths_init(struct ovn_datapaths *);
void ovn_datapaths_clear(struct ovn_datapaths *);
void ovn_datapaths_destroy(struct ovn_datapaths *);
void ovn_datapaths_build(struct ovn_datapaths *,
                         const struct northd_context *,
                         struct uuidset *deleted);

#endif /* northd/datapaths.h */
