# Documentation/automake.mk: the project's documentation.

EXTRA_DIST += \
	Documentation/testing.rst \
	Documentation/benchmarks.rst
