# `make bench`: lectern against ripgrep and SQLite FTS5 on synthetic corpora
# of 10 and 100 MB (BENCH_SIZES="10 100 1000" adds 1 GB), one Markdown table
# on stdout (tests/bench/bench.sh says what is measured). Included by the
# top-level Makefile, whose variables and engine library it uses; the two
# helpers are built like the unit tests, against the engine without curses.

BENCH_SIZES ?= 10 100
# What bench.sh runs besides lectern: command and Debian package, in pairs.
BENCH_TOOLS = rg:ripgrep sqlite3:sqlite3
BENCH_LIBS = $(filter-out -lncursesw -ltinfo -lsqlite3,$(LDLIBS))

bench: deps bench-deps $(B)/lectern $(B)/libengine.a $(B)/bench/gen_corpus $(B)/bench/latency
	BENCH_SIZES="$(BENCH_SIZES)" B=$(B) bash tests/bench/bench.sh

# Like `deps` (and through the same INSTALL_MISSING), but what counts is
# the commands, however they were installed.
bench-deps:
	@missing=""; \
	for t in $(BENCH_TOOLS); do \
	    command -v $${t%%:*} >/dev/null 2>&1 || missing="$$missing $${t#*:}"; \
	done; \
	$(INSTALL_MISSING)

$(B)/bench/gen_corpus: tests/bench/gen_corpus.c | $(B)/bench
	$(CC) $(CFLAGS) -D_POSIX_C_SOURCE=200809L -o $@ $< -lm

$(B)/bench/latency: tests/bench/latency.c $(B)/libengine.a | $(B)/bench
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $< $(B)/libengine.a $(BENCH_LIBS)

$(B)/bench:
	mkdir -p $@

.PHONY: bench bench-deps
