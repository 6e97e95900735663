/* ovn-dbctl-row.h: reading and writing columns of IDL rows, for commands
 * that serve more than one table or database.
 *
 * The IDL generates typed accessors for each table (nbrec_*, sbrec_*).
 * Commands that do the same to several tables -- switches and routers,
 * switch ports and router ports, the Connection and SSL tables of both
 * databases -- use these instead, with the table's column descriptions.
 *
 * Writes go through the IDL's transaction, so that later commands of the
 * same invocation see them.  The column must have the type that the
 * function's name says: a string, a Boolean, an integer or a set of
 * references, each with at most one value unless said otherwise. */

#ifndef OVN_DBCTL_ROW_H
#define OVN_DBCTL_ROW_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ovsdb_idl_column;
struct ovsdb_idl_row;
struct smap;

/* Adds 'ref' to, or removes it from, the set of references in 'column' of
 * 'row', e.g. a port to a switch's "ports".  Commands should use these
 * rather than the IDL's update_*_addvalue() and update_*_delvalue()
 * functions, whose partial updates the IDL does not show until the
 * transaction commits: later commands of the same invocation ("lsp-add sw0
 * p0 -- lsp-set-addresses p0 ...") must see the change.  The column is
 * verified, so that a concurrent change to it makes the transaction
 * retry. */
void ovn_dbctl_add_ref(const struct ovsdb_idl_row *row,
                       const struct ovsdb_idl_column *column,
                       const struct ovsdb_idl_row *ref);
void ovn_dbctl_remove_ref(const struct ovsdb_idl_row *row,
                          const struct ovsdb_idl_column *column,
                          const struct ovsdb_idl_row *ref);

/* Reading: "" and false for an empty optional column. */
const char *ovn_dbctl_read_string(const struct ovsdb_idl_row *,
                                  const struct ovsdb_idl_column *);
bool ovn_dbctl_read_bool(const struct ovsdb_idl_row *,
                         const struct ovsdb_idl_column *);

/* Initializes 'map' with the string-to-string map in 'column' of 'row',
 * built the way the IDL builds the typed rows' maps, so that iterating
 * over it gives the same order as over those. */
void ovn_dbctl_read_smap(const struct ovsdb_idl_row *,
                         const struct ovsdb_idl_column *, struct smap *map);

/* Writing.  ovn_dbctl_write_refs() writes the 'n' references in 'refs'
 * (any number that the column allows); ovn_dbctl_clear() empties an
 * optional column or a set. */
void ovn_dbctl_write_string(const struct ovsdb_idl_row *,
                            const struct ovsdb_idl_column *, const char *);
void ovn_dbctl_write_bool(const struct ovsdb_idl_row *,
                          const struct ovsdb_idl_column *, bool);
void ovn_dbctl_write_integer(const struct ovsdb_idl_row *,
                             const struct ovsdb_idl_column *, int64_t);
void ovn_dbctl_write_smap(const struct ovsdb_idl_row *,
                          const struct ovsdb_idl_column *,
                          const struct smap *);
void ovn_dbctl_write_refs(const struct ovsdb_idl_row *,
                          const struct ovsdb_idl_column *,
                          const struct ovsdb_idl_row **refs, size_t n);
void ovn_dbctl_clear(const struct ovsdb_idl_row *,
                     const struct ovsdb_idl_column *);

#endif /* ovn-dbctl-row.h */
