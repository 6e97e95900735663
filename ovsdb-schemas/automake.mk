# ovsdb-schemas/automake.mk: the OVN database schemas, installed under
# $(pkgdatadir) where ovn-ctl and the daemons look for them.

OVN_SCHEMAS = \
	ovsdb-schemas/ovn-nb.ovsschema \
	ovsdb-schemas/ovn-sb.ovsschema \
	ovsdb-schemas/ovn-ic-nb.ovsschema \
	ovsdb-schemas/ovn-ic-sb.ovsschema \
	ovsdb-schemas/ovn-br.ovsschema
pkgdata_DATA += $(OVN_SCHEMAS)
EXTRA_DIST += $(OVN_SCHEMAS)
