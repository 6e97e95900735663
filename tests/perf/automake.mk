# tests/perf/automake.mk: "make bench", the benchmark of ovn-northd on large
# generated Northbound databases (see Documentation/benchmarks.rst).  Kept
# out of "make check" and CI: it takes minutes.

# The northd-bench tool of the conformance kit; override with
# make bench BENCH_TOOL=/path/to/northd-bench.
BENCH_TOOL = $(abs_top_srcdir)/../shared/bench/northd-bench
# Runs per topology, and extra arguments for ovn-northd.
BENCH_RUNS = 3
BENCH_NORTHD_ARGS =
# The topologies, as northd-bench arguments separated by semicolons.
BENCH_TOPOLOGIES = k8s-density 100 50 1000; openstack 100 10

bench: all
	@test -x '$(BENCH_TOOL)' || { \
	  echo "northd-bench not found at $(BENCH_TOOL);" \
	       "set BENCH_TOOL=/path/to/northd-bench" >&2; exit 1; }
	@echo '$(BENCH_TOPOLOGIES)' | tr ';' '\n' | while read -r topo; do \
	  test -n "$$topo" || continue; \
	  echo "== $$topo"; \
	  OVN_SCHEMA_DIR='$(abs_top_srcdir)/ovsdb-schemas' \
	  '$(BENCH_TOOL)' -n $(BENCH_RUNS) \
	    --northd-args='$(BENCH_NORTHD_ARGS)' $$topo \
	    -- '$(abs_top_builddir)/northd/ovn-northd' || exit 1; \
	done
.PHONY: bench
EXTRA_DIST += tests/perf/automake.mk
