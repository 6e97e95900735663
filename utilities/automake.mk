# utilities/automake.mk: the command-line tools (ovn-appctl, ovn-nbctl,
# ovn-sbctl, ...) and the ovn-ctl start-up script.

bin_PROGRAMS += utilities/ovn-appctl
utilities_ovn_appctl_SOURCES = utilities/ovn-appctl.c
utilities_ovn_appctl_LDADD = $(OVN_LIBS)

# ovn-ctl starts, stops and reports on OVN's databases and daemons; ovn-lib
# holds the shell functions it is built from.
ovnscriptsdir = $(pkgdatadir)/scripts
ovnscripts_SCRIPTS = utilities/ovn-ctl
ovnscripts_DATA = utilities/ovn-lib
CLEANFILES += utilities/ovn-ctl utilities/ovn-lib
EXTRA_DIST += utilities/ovn-ctl.in utilities/ovn-lib.in
utilities/ovn-ctl: utilities/ovn-ctl.in Makefile
	$(AM_V_GEN)$(MKDIR_P) utilities && $(do_subst) \
		< $(srcdir)/utilities/ovn-ctl.in > $@.tmp \
		&& chmod +x $@.tmp && mv $@.tmp $@
utilities/ovn-lib: utilities/ovn-lib.in Makefile
	$(AM_V_GEN)$(MKDIR_P) utilities && $(do_subst) \
		< $(srcdir)/utilities/ovn-lib.in > $@.tmp && mv $@.tmp $@
