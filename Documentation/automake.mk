# Documentation/automake.mk: the project's documentation.

EXTRA_DIST += \
	Documentation/developing.rst \
	Documentation/northd.rst \
	Documentation/testing.rst \
	Documentation/ovn-ctl.rst \
	Documentation/benchmarks.rst
