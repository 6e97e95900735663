# lib/automake.mk: libovn, the code that OVN's programs share, and the
# database clients that ovsdb-idlc generates from our schemas.

noinst_LTLIBRARIES += lib/libovn.la
lib_libovn_la_LIBADD = $(OVS_LIBS)
lib_libovn_la_SOURCES = \
	lib/actions.c \
	lib/actions.h \
	lib/actions-controller.c \
	lib/actions-core.c \
	lib/actions-ct.c \
	lib/actions-group.c \
	lib/actions-learn.c \
	lib/actions-lookup.c \
	lib/actions-nested.c \
	lib/actions-opts.c \
	lib/actions-private.h \
	lib/ovn-l7.c \
	lib/ovn-l7.h \
	lib/expr.c \
	lib/expr.h \
	lib/expr-annotate.c \
	lib/expr-constant.c \
	lib/expr-evaluate.c \
	lib/expr-format.c \
	lib/expr-matches.c \
	lib/expr-normalize.c \
	lib/expr-parse.c \
	lib/expr-symtab.c \
	lib/lex.c \
	lib/lex.h \
	lib/memory-trim.c \
	lib/memory-trim.h \
	lib/logical-fields.c \
	lib/logical-fields.h \
	lib/inc-proc-eng.c \
	lib/inc-proc-eng.h \
	lib/lport-addresses.c \
	lib/lport-addresses.h \
	lib/ovn-dirs.h \
	lib/ovn-util.c \
	lib/ovn-util.h
nodist_lib_libovn_la_SOURCES = \
	lib/ovn-dirs.c \
	lib/ovn-nb-idl.c \
	lib/ovn-nb-idl.h \
	lib/ovn-sb-idl.c \
	lib/ovn-sb-idl.h \
	lib/ovn-ic-nb-idl.c \
	lib/ovn-ic-nb-idl.h \
	lib/ovn-ic-sb-idl.c \
	lib/ovn-ic-sb-idl.h

OVN_IDLS = lib/ovn-nb-idl lib/ovn-sb-idl lib/ovn-ic-nb-idl lib/ovn-ic-sb-idl
OVN_IDL_FILES = \
	$(OVN_IDLS:=.c) $(OVN_IDLS:=.h) $(OVN_IDLS:=.ovsidl)
BUILT_SOURCES += $(OVN_IDLS:=.h) lib/ovn-dirs.c
CLEANFILES += $(OVN_IDL_FILES) lib/ovn-dirs.c
EXTRA_DIST += $(OVN_IDLS:=.ann) lib/ovn-dirs.c.in

# ovsdb-idlc annotates each schema, then writes a C source and header.
lib/ovn-%-idl.ovsidl: $(srcdir)/ovsdb-schemas/ovn-%.ovsschema \
		$(srcdir)/lib/ovn-%-idl.ann
	$(AM_V_GEN)$(OVSDB_IDLC) annotate $^ > $@.tmp && mv $@.tmp $@
lib/ovn-%-idl.c: lib/ovn-%-idl.ovsidl
	$(AM_V_GEN)$(OVSDB_IDLC) c-idl-source $< > $@.tmp && mv $@.tmp $@
lib/ovn-%-idl.h: lib/ovn-%-idl.ovsidl
	$(AM_V_GEN)$(OVSDB_IDLC) c-idl-header $< > $@.tmp && mv $@.tmp $@

lib/ovn-dirs.c: lib/ovn-dirs.c.in Makefile
	$(AM_V_GEN)$(MKDIR_P) lib && $(do_subst) < $(srcdir)/lib/ovn-dirs.c.in \
		> $@.tmp && mv $@.tmp $@
.PRECIOUS: $(OVN_IDLS:=.ovsidl)
