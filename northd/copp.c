/* copp.c: control plane protection meters (see copp.h). */

#include <config.h>

#include "northd/copp.h"

#include <string.h>

#include "lib/ovn-nb-idl.h"
#include "smap.h"

/* Returns the name of the meter that 'copp' (which may be NULL) puts on
 * 'proto' packets sent to ovn-controller, or NULL if it puts none or names
 * a meter that does not exist. */
const char *
copp_meter_get(const struct nbrec_copp *copp, const char *proto,
               struct ovsdb_idl *nb_idl)
{
    if (!copp) {
        return NULL;
    }
    const char *name = smap_get(&copp->meters, proto);
    if (!name) {
        return NULL;
    }
    /* Copp rows are rare and small: a scan of the meters is fine. */
    const struct nbrec_meter *meter;
    NBREC_METER_FOR_EACH (meter, nb_idl) {
        if (!strcmp(meter->name, name)) {
            return name;
        }
    }
    return NULL;
}
