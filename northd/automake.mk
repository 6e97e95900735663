# northd/automake.mk: ovn-northd, the compiler from the Northbound to the
# Southbound database.

bin_PROGRAMS += northd/ovn-northd
northd_ovn_northd_SOURCES = \
	northd/datapaths.c \
	northd/datapaths.h \
	northd/en-address-sets.c \
	northd/en-address-sets.h \
	northd/en-global-config.c \
	northd/en-global-config.h \
	northd/en-lflow.c \
	northd/en-lflow.h \
	northd/en-meters.c \
	northd/en-meters.h \
	northd/en-northd.c \
	northd/en-northd.h \
	northd/en-port-groups.c \
	northd/en-port-groups.h \
	northd/en-sb-static.c \
	northd/en-sb-static.h \
	northd/en-sync-from-sb.c \
	northd/en-sync-from-sb.h \
	northd/ha-chassis-groups.c \
	northd/ha-chassis-groups.h \
	northd/inc-proc-northd.c \
	northd/inc-proc-northd.h \
	northd/lflow-build.c \
	northd/lflow-build.h \
	northd/lflow-mgr.c \
	northd/lflow-mgr.h \
	northd/lflow-stages.c \
	northd/lflow-stages.h \
	northd/mirrors.c \
	northd/mirrors.h \
	northd/multicast-groups.c \
	northd/multicast-groups.h \
	northd/northd.c \
	northd/northd.h \
	northd/ovn-northd.c \
	northd/ports.c \
	northd/ports.h \
	northd/tunnel-ids.c \
	northd/tunnel-ids.h \
	northd/ls-acl.c \
	northd/ls-arp-nd.c \
	northd/ls-dhcp-dns.c \
	northd/ls-fdb.c \
	northd/ls-l2.c \
	northd/ls-lb.c \
	northd/ls-mirror.c \
	northd/ls-network-function.c \
	northd/ls-port-security.c \
	northd/ls-qos.c \
	northd/ls-stateful.c
northd_ovn_northd_LDADD = $(OVN_LIBS) $(SSL_LIBS) $(CAPNG_LDADD)
