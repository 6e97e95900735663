# utilities/automake.mk: the command-line tools (ovn-appctl, ovn-nbctl,
# ovn-sbctl, ...) and the ovn-ctl start-up script.

bin_PROGRAMS += utilities/ovn-appctl
utilities_ovn_appctl_SOURCES = utilities/ovn-appctl.c
utilities_ovn_appctl_LDADD = $(OVN_LIBS)

# The framework that ovn-nbctl and ovn-sbctl share.
OVN_DBCTL_SOURCES = \
	utilities/ovn-dbctl.c \
	utilities/ovn-dbctl.h \
	utilities/ovn-dbctl-daemon.c \
	utilities/ovn-dbctl-private.h \
	utilities/ovn-dbctl-remote.c \
	utilities/ovn-dbctl-remote.h \
	utilities/ovn-dbctl-row.c \
	utilities/ovn-dbctl-row.h

# ovn-nbctl: one file per command group (see utilities/nbctl-commands.h).
bin_PROGRAMS += utilities/ovn-nbctl
utilities_ovn_nbctl_SOURCES = \
	$(OVN_DBCTL_SOURCES) \
	utilities/ovn-nbctl.c \
	utilities/nbctl-commands.h \
	utilities/nbctl-lookup.c \
	utilities/nbctl-lookup.h \
	utilities/nbctl-general.c \
	utilities/nbctl-datapath.c \
	utilities/nbctl-port.c \
	utilities/nbctl-port.h \
	utilities/nbctl-switch-port.c \
	utilities/nbctl-lsp-health-check.c \
	utilities/nbctl-fwd-group.c \
	utilities/nbctl-lsp-addresses.c \
	utilities/nbctl-lsp-addresses.h \
	utilities/nbctl-args.c \
	utilities/nbctl-args.h \
	utilities/nbctl-ip.c \
	utilities/nbctl-ip.h \
	utilities/nbctl-router-port.c \
	utilities/nbctl-route.c \
	utilities/nbctl-policy.c \
	utilities/nbctl-nat.c \
	utilities/nbctl-lb-table.c \
	utilities/nbctl-lb-table.h \
	utilities/nbctl-acl.c \
	utilities/nbctl-qos.c \
	utilities/nbctl-meter.c \
	utilities/nbctl-mirror.c \
	utilities/nbctl-port-group.c \
	utilities/nbctl-lb.c \
	utilities/nbctl-lb-attach.c \
	utilities/nbctl-lb-vip.c \
	utilities/nbctl-lb-vip.h \
	utilities/nbctl-dhcp.c \
	utilities/nbctl-copp.c \
	utilities/nbctl-nf.c \
	utilities/nbctl-ha-chassis-group.c \
	utilities/nbctl-static-mac-binding.c
utilities_ovn_nbctl_LDADD = $(OVN_LIBS)

# ovn-sbctl: one file per command group (see utilities/sbctl-commands.h).
bin_PROGRAMS += utilities/ovn-sbctl
utilities_ovn_sbctl_SOURCES = \
	$(OVN_DBCTL_SOURCES) \
	utilities/ovn-sbctl.c \
	utilities/sbctl-commands.h \
	utilities/sbctl-chassis.c \
	utilities/sbctl-ip-mcast.c \
	utilities/sbctl-lflow.c \
	utilities/sbctl-openflow.c \
	utilities/sbctl-openflow.h \
	utilities/sbctl-vflows.c \
	utilities/sbctl-vflows.h
utilities_ovn_sbctl_LDADD = $(OVN_LIBS)

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
