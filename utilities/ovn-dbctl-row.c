/* ovn-dbctl-row.c: reading and writing columns of IDL rows through the
 * IDL's generic interface.  See ovn-dbctl-row.h. */

#include <config.h>

#include "ovn-dbctl-row.h"

#include <stdlib.h>

#include "openvswitch/json.h"
#include "ovsdb-data.h"
#include "ovsdb-idl.h"
#include "ovsdb-idl-provider.h"
#include "smap.h"
#include "util.h"

/* Writes to 'column' of 'row' its current value with 'ref' added (if 'add')
 * or removed.
 *
 * ovsdb_datum_find_key() searches the datum by bisection, so it must be
 * sorted.  It is, even after earlier changes in the same transaction: the
 * datum appended to here is unsorted, but ovsdb_idl_txn_write() sorts what
 * it writes, and that is what ovsdb_idl_read() returns next time. */
static void
update_ref(const struct ovsdb_idl_row *row,
           const struct ovsdb_idl_column *column,
           const struct ovsdb_idl_row *ref, bool add)
{
    const struct ovsdb_type *type = &column->type;
    union ovsdb_atom atom = { .uuid = ref->uuid };
    struct ovsdb_datum datum;
    unsigned int pos;

    ovs_assert(type->key.type == OVSDB_TYPE_UUID
               && type->value.type == OVSDB_TYPE_VOID);

    ovsdb_datum_clone(&datum, ovsdb_idl_read(row, column));
    bool present = ovsdb_datum_find_key(&datum, &atom, OVSDB_TYPE_UUID,
                                        &pos);
    if (add == present) {
        ovsdb_datum_destroy(&datum, type);
        return;
    }
    if (add) {
        ovsdb_datum_add_unsafe(&datum, &atom, NULL, type, NULL);
    } else {
        ovsdb_datum_remove_unsafe(&datum, pos, type);
    }
    ovsdb_idl_txn_verify(row, column);
    ovsdb_idl_txn_write(row, column, &datum);
}

/* Adds 'ref' to the references in 'column' of 'row'. */
void
ovn_dbctl_add_ref(const struct ovsdb_idl_row *row,
                  const struct ovsdb_idl_column *column,
                  const struct ovsdb_idl_row *ref)
{
    update_ref(row, column, ref, true);
}

/* Removes 'ref' from the references in 'column' of 'row'. */
void
ovn_dbctl_remove_ref(const struct ovsdb_idl_row *row,
                     const struct ovsdb_idl_column *column,
                     const struct ovsdb_idl_row *ref)
{
    update_ref(row, column, ref, false);
}

/* Returns the value of string column 'column' of 'row'. */
const char *
ovn_dbctl_read_string(const struct ovsdb_idl_row *row,
                      const struct ovsdb_idl_column *column)
{
    const struct ovsdb_datum *datum = ovsdb_idl_read(row, column);
    return datum->n ? json_string(datum->keys[0].s) : "";
}

/* Returns the value of Boolean column 'column' of 'row'. */
bool
ovn_dbctl_read_bool(const struct ovsdb_idl_row *row,
                    const struct ovsdb_idl_column *column)
{
    const struct ovsdb_datum *datum = ovsdb_idl_read(row, column);
    return datum->n && datum->keys[0].boolean;
}

/* Reads the map in 'column' of 'row' into 'map'. */
void
ovn_dbctl_read_smap(const struct ovsdb_idl_row *row,
                    const struct ovsdb_idl_column *column, struct smap *map)
{
    const struct ovsdb_datum *datum = ovsdb_idl_read(row, column);

    smap_init(map);
    for (size_t i = 0; i < datum->n; i++) {
        smap_add(map, json_string(datum->keys[i].s),
                 json_string(datum->values[i].s));
    }
}

/* Writes the 'n' 'atoms', of the column's key type, to 'column' of
 * 'row'. */
static void
write_atoms(const struct ovsdb_idl_row *row,
            const struct ovsdb_idl_column *column,
            const union ovsdb_atom *atoms, size_t n)
{
    struct ovsdb_datum datum;

    ovsdb_datum_init_empty(&datum);
    for (size_t i = 0; i < n; i++) {
        ovsdb_datum_add_unsafe(&datum, &atoms[i], NULL, &column->type,
                               NULL);
    }
    ovsdb_idl_txn_write(row, column, &datum);
}

/* Writes string 's' to 'column' of 'row'. */
void
ovn_dbctl_write_string(const struct ovsdb_idl_row *row,
                       const struct ovsdb_idl_column *column, const char *s)
{
    union ovsdb_atom atom = { .s = ovsdb_atom_string_create(s) };
    write_atoms(row, column, &atom, 1);
    json_destroy(atom.s);
}

/* Writes 'b' to Boolean column 'column' of 'row'. */
void
ovn_dbctl_write_bool(const struct ovsdb_idl_row *row,
                     const struct ovsdb_idl_column *column, bool b)
{
    union ovsdb_atom atom = { .boolean = b };
    write_atoms(row, column, &atom, 1);
}

/* Writes 'value' to integer column 'column' of 'row'. */
void
ovn_dbctl_write_integer(const struct ovsdb_idl_row *row,
                        const struct ovsdb_idl_column *column, int64_t value)
{
    union ovsdb_atom atom = { .integer = value };
    write_atoms(row, column, &atom, 1);
}

/* Writes 'map' to string-to-string map column 'column' of 'row'. */
void
ovn_dbctl_write_smap(const struct ovsdb_idl_row *row,
                     const struct ovsdb_idl_column *column,
                     const struct smap *map)
{
    struct ovsdb_datum datum;

    ovsdb_datum_from_smap(&datum, map);
    ovsdb_idl_txn_write(row, column, &datum);
}

/* Writes references to the 'n' 'refs' to 'column' of 'row'. */
void
ovn_dbctl_write_refs(const struct ovsdb_idl_row *row,
                     const struct ovsdb_idl_column *column,
                     const struct ovsdb_idl_row **refs, size_t n)
{
    union ovsdb_atom *atoms = xmalloc((n + 1) * sizeof *atoms);
    for (size_t i = 0; i < n; i++) {
        atoms[i].uuid = refs[i]->uuid;
    }
    write_atoms(row, column, atoms, n);
    free(atoms);
}

/* Empties 'column' of 'row'. */
void
ovn_dbctl_clear(const struct ovsdb_idl_row *row,
                const struct ovsdb_idl_column *column)
{
    write_atoms(row, column, NULL, 0);
}
