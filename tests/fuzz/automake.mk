# tests/fuzz/automake.mk: libFuzzer targets, built only by
# "make fuzz-targets" (they need clang's -fsanitize=fuzzer).  The
# libraries they test are compiled in directly, instrumented; Open
# vSwitch's library is linked as built.

FUZZ_CC = clang
FUZZ_CFLAGS = -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address

# The logical match language: lexer, templates, parser and everything
# up to OpenFlow matches.
FUZZ_EXPR_FILES = \
	tests/fuzz/expr-parse-fuzzer.c \
	tests/fuzz/expr-fuzz.c \
	lib/expr.c \
	lib/expr-annotate.c \
	lib/expr-constant.c \
	lib/expr-evaluate.c \
	lib/expr-format.c \
	lib/expr-matches.c \
	lib/expr-normalize.c \
	lib/expr-parse.c \
	lib/expr-symtab.c \
	lib/lex.c \
	lib/logical-fields.c

EXTRA_DIST += \
	tests/fuzz/expr-parse-fuzzer.c \
	tests/fuzz/expr-seeds.txt \
	tests/fuzz/expr-malformed.txt

tests/fuzz/expr-parse-fuzzer: $(FUZZ_EXPR_FILES:%=$(srcdir)/%) config.h
	$(AM_V_GEN)$(MKDIR_P) tests/fuzz && \
	$(LIBTOOL) --quiet --tag=CC --mode=link $(FUZZ_CC) $(FUZZ_CFLAGS) \
		$(DEFS) $(AM_CPPFLAGS) $(CPPFLAGS) -I$(srcdir)/tests/fuzz \
		-o $@ $(FUZZ_EXPR_FILES:%=$(srcdir)/%) \
		$(OVS_LIBDIR)/libopenvswitch.la $(LIBS)

# The logical action language: parser, formatter and encoder, on top of
# the match language's lexer and symbol table.
FUZZ_ACTIONS_FILES = \
	tests/fuzz/actions-parse-fuzzer.c \
	tests/fuzz/actions-fuzz.c \
	lib/actions.c \
	lib/actions-controller.c \
	lib/actions-core.c \
	lib/actions-ct.c \
	lib/actions-group.c \
	lib/actions-learn.c \
	lib/actions-lookup.c \
	lib/actions-nested.c \
	lib/actions-opts.c \
	lib/ovn-l7.c \
	$(filter lib/%,$(FUZZ_EXPR_FILES))

EXTRA_DIST += \
	tests/fuzz/actions-parse-fuzzer.c \
	tests/fuzz/actions-seeds.txt \
	tests/fuzz/actions-malformed.txt

tests/fuzz/actions-parse-fuzzer: $(FUZZ_ACTIONS_FILES:%=$(srcdir)/%) config.h
	$(AM_V_GEN)$(MKDIR_P) tests/fuzz && \
	$(LIBTOOL) --quiet --tag=CC --mode=link $(FUZZ_CC) $(FUZZ_CFLAGS) \
		$(DEFS) $(AM_CPPFLAGS) $(CPPFLAGS) -I$(srcdir)/tests/fuzz \
		-o $@ $(FUZZ_ACTIONS_FILES:%=$(srcdir)/%) \
		$(OVS_LIBDIR)/libopenvswitch.la $(LIBS)

fuzz-targets: tests/fuzz/expr-parse-fuzzer tests/fuzz/actions-parse-fuzzer
.PHONY: fuzz-targets
CLEANFILES += tests/fuzz/expr-parse-fuzzer tests/fuzz/actions-parse-fuzzer
