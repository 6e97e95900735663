# tests/automake.mk: the autotest suites ("make check", "make
# check-system") and ovstest, the binary that holds unit-test commands.

TESTSUITE_AT = \
	tests/testsuite.at \
	tests/ovn-macros.at \
	tests/ovsdb-schemas.at \
	tests/ovn-util.at \
	tests/ovn-appctl.at \
	tests/sandbox.at \
	tests/ovn-ctl.at \
	tests/inc-proc-eng.at \
	tests/lport-addresses.at \
	tests/ovn-northd.at \
	tests/northd-incremental.at \
	tests/northd-lb.at \
	tests/northd-acl.at \
	tests/northd-qos.at \
	tests/northd-nat.at \
	tests/northd-conformance.at \
	tests/northd-lr.at \
	tests/northd-ipam.at \
	tests/northd-dhcp-dns.at \
	tests/northd-port-types.at \
	tests/northd-mcast.at \
	tests/northd-dynamic-routing.at \
	tests/northd-churn.at \
	tests/ovn-expr.at \
	tests/ovn-actions.at \
	tests/ovn-nbctl.at \
	tests/ovn-nbctl-macros.at \
	tests/ovn-nbctl-acl.at \
	tests/ovn-nbctl-qos.at \
	tests/ovn-nbctl-meter.at \
	tests/ovn-nbctl-mirror.at \
	tests/ovn-nbctl-port-group.at \
	tests/ovn-nbctl-lb.at \
	tests/ovn-nbctl-dhcp.at \
	tests/ovn-nbctl-copp.at \
	tests/ovn-nbctl-nf.at \
	tests/ovn-nbctl-db.at \
	tests/ovn-nbctl-router.at \
	tests/ovn-nbctl-router-port.at \
	tests/ovn-nbctl-route.at \
	tests/ovn-nbctl-policy.at \
	tests/ovn-nbctl-nat.at \
	tests/ovn-nbctl-router-lb.at \
	tests/ovn-nbctl-ha-chassis-group.at \
	tests/ovn-nbctl-static-mac-binding.at \
	tests/ovn-nbctl-fwd-group.at \
	tests/ovn-nbctl-lsp-health-check.at \
	tests/ovn-sbctl.at \
	tests/cli-help.at \
	tests/cli-conformance.at \
	tests/nbctl-replay.at
SYSTEM_TESTSUITE_AT = \
	tests/system-testsuite.at \
	tests/system-ovn-macros.at \
	tests/system-sandbox.at
EXTRA_DIST += \
	$(TESTSUITE_AT) \
	tests/ovn-actions-kit.sh \
	tests/ovn-actions/controller.txt \
	tests/ovn-actions/core.txt \
	tests/ovn-actions/ct.txt \
	tests/ovn-actions/ct-router.txt \
	tests/ovn-actions/group.txt \
	tests/ovn-actions/learn.txt \
	tests/ovn-actions/lookup.txt \
	tests/ovn-actions/nested.txt \
	tests/ovn-actions/opts.txt \
	$(SYSTEM_TESTSUITE_AT) \
	tests/atlocal.in \
	tests/uuidfilt.py \
	tests/sbnormalize.py \
	tests/northd-churn.py \
	tests/dbcompare.py \
	tests/schema-equiv.py

TESTSUITE = tests/testsuite
SYSTEM_TESTSUITE = tests/system-testsuite
CLEANFILES += $(TESTSUITE) $(SYSTEM_TESTSUITE) tests/package.m4
DISTCLEANFILES += tests/atconfig tests/atlocal

# Where the suites find our programs, ahead of anything installed.
AUTOTEST_PATH = utilities:northd:controller:controller-vtep:ic:tests

# Open vSwitch's test macros are read from its source tree.
AUTOTEST = $(AUTOM4TE) -l autotest -I tests -I '$(srcdir)' \
	-I '$(OVS_SRCDIR)'

$(TESTSUITE): $(TESTSUITE_AT) tests/package.m4
	$(AM_V_GEN)$(AUTOTEST) -o $@.tmp $(srcdir)/tests/testsuite.at \
		&& mv $@.tmp $@
$(SYSTEM_TESTSUITE): $(SYSTEM_TESTSUITE_AT) tests/ovn-macros.at \
		tests/package.m4
	$(AM_V_GEN)$(AUTOTEST) -o $@.tmp \
		$(srcdir)/tests/system-testsuite.at && mv $@.tmp $@

tests/package.m4: $(top_srcdir)/configure.ac
	$(AM_V_GEN)$(MKDIR_P) tests && { \
	  echo '# Signature of the current package.'; \
	  echo 'm4_define([AT_PACKAGE_NAME],      [$(PACKAGE_NAME)])'; \
	  echo 'm4_define([AT_PACKAGE_TARNAME],   [$(PACKAGE_TARNAME)])'; \
	  echo 'm4_define([AT_PACKAGE_VERSION],   [$(PACKAGE_VERSION)])'; \
	  echo 'm4_define([AT_PACKAGE_STRING],    [$(PACKAGE_STRING)])'; \
	  echo 'm4_define([AT_PACKAGE_BUGREPORT], [$(PACKAGE_BUGREPORT)])'; \
	} > $@.tmp && mv $@.tmp $@

check-local: tests/atconfig tests/atlocal $(TESTSUITE) $(check_PROGRAMS)
	$(SHELL) '$(TESTSUITE)' -C tests AUTOTEST_PATH='$(AUTOTEST_PATH)' \
		$(TESTSUITEFLAGS)

# System tests use network namespaces and veth pairs: they need root.
check-system: all tests/atconfig tests/atlocal $(SYSTEM_TESTSUITE) \
		$(check_PROGRAMS)
	$(SHELL) '$(SYSTEM_TESTSUITE)' -C tests \
		AUTOTEST_PATH='$(AUTOTEST_PATH)' $(TESTSUITEFLAGS)

clean-local:
	test ! -f '$(TESTSUITE)' || $(SHELL) '$(TESTSUITE)' -C tests --clean
	test ! -f '$(SYSTEM_TESTSUITE)' || \
		$(SHELL) '$(SYSTEM_TESTSUITE)' -C tests --clean

# ovstest: "ovstest COMMAND [ARG...]" runs one of the unit-test commands
# that the test-*.c files register.
noinst_PROGRAMS += tests/ovstest
tests_ovstest_SOURCES = \
	tests/ovstest.c \
	tests/ovstest.h \
	tests/test-ovn.c \
	tests/test-ovn.h \
	tests/test-ovn-actions.c \
	tests/test-ovn-actions.h \
	tests/test-ovn-actions-kit.c \
	tests/fuzz/actions-fuzz.c \
	tests/fuzz/actions-fuzz.h \
	tests/test-ovn-exhaustive.c \
	tests/test-ovn-kit.c \
	tests/test-inc-proc-eng.c \
	tests/test-lport-addresses.c \
	tests/test-ovn-util.c \
	tests/fuzz/expr-fuzz.c \
	tests/fuzz/expr-fuzz.h
tests_ovstest_LDADD = $(OVN_LIBS)

include tests/fuzz/automake.mk
