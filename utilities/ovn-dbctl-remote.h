/* ovn-dbctl-remote.h: the connection and SSL commands that ovn-nbctl and
 * ovn-sbctl share: get-connection, del-connection, set-connection,
 * get-ssl, del-ssl, set-ssl.
 *
 * Both databases have a Connection table and an SSL table, which an
 * ovsdb-server serving the database may use for its remotes and its SSL
 * settings, and a global row (NB_Global, SB_Global) whose "connections"
 * and "ssl" columns refer to them.  The commands work on either database
 * through the description of these tables that the tool gives in
 * ovn_dbctl_options' 'remote_schema'.  Southbound connections also have a
 * role and may be read-only (for ovn-controller's RBAC): set-connection
 * and get-connection then handle those too. */

#ifndef OVN_DBCTL_REMOTE_H
#define OVN_DBCTL_REMOTE_H 1

#include "db-ctl-base.h"

struct ovsdb_idl_column;
struct ovsdb_idl_table_class;

/* The tables and columns that the commands use in one database. */
struct ovn_dbctl_remote_schema {
    /* The global row and its references to the other two tables. */
    const struct ovsdb_idl_table_class *global;
    const struct ovsdb_idl_column *global_connections;
    const struct ovsdb_idl_column *global_ssl;

    /* The Connection table.  'connection_read_only' and 'connection_role'
     * are NULL for a database whose connections have no such columns. */
    const struct ovsdb_idl_table_class *connection;
    const struct ovsdb_idl_column *connection_target;
    const struct ovsdb_idl_column *connection_inactivity_probe;
    const struct ovsdb_idl_column *connection_read_only;
    const struct ovsdb_idl_column *connection_role;

    /* The SSL table. */
    const struct ovsdb_idl_table_class *ssl;
    const struct ovsdb_idl_column *ssl_private_key;
    const struct ovsdb_idl_column *ssl_certificate;
    const struct ovsdb_idl_column *ssl_ca_cert;
    const struct ovsdb_idl_column *ssl_bootstrap_ca_cert;
    const struct ovsdb_idl_column *ssl_protocols;
    const struct ovsdb_idl_column *ssl_ciphers;
    const struct ovsdb_idl_column *ssl_ciphersuites;
};

/* The commands, as a command group of the tool, and their --help
 * section. */
extern const struct ctl_command_syntax ovn_dbctl_remote_commands[];
extern const char ovn_dbctl_remote_help[];

#endif /* ovn-dbctl-remote.h */
