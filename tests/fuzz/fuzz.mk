# Fuzzing: libFuzzer targets over the engine, included by the top-level
# Makefile (which provides B, CPPFLAGS, WARN and ENGINE_SRC). The engine is
# compiled a second time with clang's fuzzer, address and undefined-behaviour
# instrumentation into $(B)/fuzz/obj, so the fuzz build never mixes with the
# ordinary objects; the targets link the engine alone, without curses or
# SQLite. tests/fuzz/run.sh does the running.
#
#   make fuzz        every target for FUZZ_SECONDS seconds (default 600),
#                    FUZZ_PARALLEL at a time (default 1)
#   make test-fuzz   every target for FUZZ_SMOKE_SECONDS (default 3) over its
#                    seeds; one "N passed, N failed" line, and RESULTS
#
# New corpus entries go to $(B)/fuzz/corpus, crashes to $(B)/fuzz/artifacts,
# logs to $(B)/fuzz/logs; the seeds in tests/fuzz/seeds are only read.

FUZZ_CC            ?= clang
FUZZ_SECONDS       ?= 600
FUZZ_SMOKE_SECONDS ?= 3
FUZZ_PARALLEL      ?= 1

FUZZ_TARGETS = decode sanitize fold layout search phrase
FUZZ_DIR     = $(B)/fuzz
FUZZ_BIN     = $(FUZZ_TARGETS:%=$(FUZZ_DIR)/fuzz_%)
FUZZ_OBJ     = $(ENGINE_SRC:src/%.c=$(FUZZ_DIR)/obj/%.o)
FUZZ_FLAGS   = -std=c11 -g -O1 -pthread -fno-omit-frame-pointer \
               -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined $(WARN)
FUZZ_ENGINE_FLAGS = $(FUZZ_FLAGS)
# index_build walks every Unicode code point twice to number the characters;
# comparison tracing there would make each build cost tens of milliseconds
# and teaches the fuzzer nothing, so index.c keeps only edge coverage.
$(FUZZ_DIR)/obj/index.o: FUZZ_ENGINE_FLAGS += -fno-sanitize-coverage=trace-cmp
FUZZ_LIBS    = $(shell pkg-config --libs icu-uc icu-i18n 2>/dev/null) -lunistring -lpthread -lm
FUZZ_ENV     = FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_SMOKE_SECONDS=$(FUZZ_SMOKE_SECONDS) \
               FUZZ_PARALLEL=$(FUZZ_PARALLEL)

.PHONY: fuzz fuzz-build test-fuzz

fuzz-build: $(FUZZ_BIN)

fuzz: $(FUZZ_BIN)
	@$(FUZZ_ENV) bash tests/fuzz/run.sh fuzz $(FUZZ_DIR) $(FUZZ_TARGETS)

test-fuzz: $(FUZZ_BIN)
	@$(FUZZ_ENV) bash tests/fuzz/run.sh smoke $(FUZZ_DIR) $(FUZZ_TARGETS)

$(FUZZ_DIR)/obj/%.o: src/%.c | $(FUZZ_DIR)/obj
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_ENGINE_FLAGS) -MMD -MP -c $< -o $@

# Named here, the objects are not intermediate files make would delete.
$(FUZZ_BIN): $(FUZZ_OBJ)

$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_OBJ)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_FLAGS) -MMD -MP -o $@ $< $(FUZZ_OBJ) $(FUZZ_LIBS)

$(FUZZ_DIR)/obj:
	mkdir -p $@

-include $(wildcard $(FUZZ_DIR)/obj/*.d $(FUZZ_DIR)/*.d)
