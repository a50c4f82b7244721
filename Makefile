# lectern — a terminal reader for corpora of Chinese speeches.
#
#   make run     install what is missing, build, open the bundled corpus
#   make check   install what is missing, build, run every test
#
# Other targets: all, deps, deps-test, install, test-unit, test-san, test-cli, test-valgrind, test-e2e,
# test-fuzz, fuzz, bench, check-layering, clean. WERROR=0 relaxes warnings.

CC       ?= cc
WERROR   ?= 1
OPT      ?= -O2 -g
PREFIX   ?= /usr/local

PKGS      = ncursesw icu-uc icu-i18n sqlite3
# Debian packages that provide what the build uses, and what only the tests
# add: reading needs none of the second list.
DEB_PKGS  = pkg-config libncurses-dev libicu-dev libsqlite3-dev libunistring-dev
TEST_PKGS = libcriterion-dev tmux python3 valgrind clang libclang-rt-14-dev

WARN      = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wpointer-arith -Wwrite-strings -Wformat=2 -Wundef -Wcast-qual \
            -Wvla -Wnull-dereference
ifeq ($(WERROR),1)
WARN     += -Werror
endif

PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CRIT_LIBS  = $(shell pkg-config --libs criterion 2>/dev/null)

# ncursesw's flags define _XOPEN_SOURCE; we add only the POSIX level.
CPPFLAGS  = -Iinclude -D_POSIX_C_SOURCE=200809L $(PKG_CFLAGS) \
            -DLECTERN_DATADIR='"$(PREFIX)/share/lectern"'
CFLAGS    = -std=c11 $(OPT) -pthread $(WARN)
LDLIBS    = $(PKG_LIBS) -lunistring -lpthread -lm

B         = build
SAN_FLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

# The layers: the engine never sees curses or SQLite; the store module
# (store.c, store_records.c and their private store_db.h) is the only SQLite
# user; ui*.c the only curses users; main.c, cli.c and msg.c tie them.
UI_SRC     = $(wildcard src/ui*.c)
STORE_SRC  = src/store.c src/store_records.c
APP_SRC    = src/main.c src/cli.c src/msg.c
ENGINE_SRC = $(filter-out $(UI_SRC) $(STORE_SRC) $(APP_SRC),$(wildcard src/*.c))

ENGINE_OBJ = $(ENGINE_SRC:src/%.c=$(B)/obj/%.o)
STORE_OBJ  = $(STORE_SRC:src/%.c=$(B)/obj/%.o)
UI_OBJ     = $(UI_SRC:src/%.c=$(B)/obj/%.o)
APP_OBJ    = $(APP_SRC:src/%.c=$(B)/obj/%.o)

SENGINE_OBJ = $(ENGINE_SRC:src/%.c=$(B)/san/%.o)
SSTORE_OBJ  = $(STORE_SRC:src/%.c=$(B)/san/%.o)

UNIT_SRC   = $(wildcard tests/unit/test_*.c)
UNIT_BIN   = $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
SUNIT_BIN  = $(UNIT_SRC:tests/unit/%.c=$(B)/san-tests/%)

.PHONY: all run check deps deps-test install test-unit test-san test-cli test-valgrind test-e2e check-layering clean

all: $(B)/lectern

# The build runs in a second make, after deps: pkg-config's answers are
# read when a make starts, and on a fresh machine pkg-config arrives in deps.
run: deps
	@$(MAKE) --no-print-directory all
	./$(B)/lectern assets/corpus

# Every suite runs even when one fails; the last line adds them all up.
check: deps-test
	@$(MAKE) --no-print-directory check-layering
	@$(MAKE) --no-print-directory all $(UNIT_BIN) $(SUNIT_BIN)
	@rm -rf $(B)/results && mkdir -p $(B)/results; st=0; \
	for s in unit san cli valgrind e2e fuzz; do \
	    echo "== $$s"; \
	    RESULTS=$(CURDIR)/$(B)/results/$$s $(MAKE) --no-print-directory test-$$s || st=1; \
	done; \
	cat $(B)/results/* 2>/dev/null | \
	    awk '{ p += $$1; f += $$2 } END { printf "check: %d passed, %d failed\n", p, f }'; \
	exit $$st

# ---------------------------------------------------------------- packages
# Installs the Debian packages a recipe put in $$missing: through sudo when
# not root; without apt-get, it names them and fails. deps, deps-test and
# bench-deps share it.
INSTALL_MISSING = \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if ! command -v apt-get >/dev/null 2>&1; then \
	    echo "lectern needs these packages (Debian names):$$missing"; \
	    echo "install the equivalents with your system's package manager, then run make again."; \
	    exit 1; \
	fi; \
	if [ "$$(id -u)" -eq 0 ]; then SUDO=""; \
	elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; \
	else echo "lectern needs:$$missing -- run as root or install sudo"; exit 1; fi; \
	echo "installing:$$missing"; \
	$$SUDO apt-get update -qq && \
	DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing

# The Debian packages of $(1) not installed yet, into $$missing.
FIND_MISSING = missing=""; \
	for p in $(1); do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done

deps:
	@$(call FIND_MISSING,$(DEB_PKGS)); \
	$(INSTALL_MISSING)

deps-test:
	@$(call FIND_MISSING,$(DEB_PKGS) $(TEST_PKGS)); \
	$(INSTALL_MISSING)

# ------------------------------------------------------------------- build
$(B)/obj/%.o: src/%.c | $(B)/obj
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

$(B)/san/%.o: src/%.c | $(B)/san
	$(CC) $(CPPFLAGS) $(CFLAGS) $(SAN_FLAGS) -MMD -MP -c $< -o $@

$(B)/libengine.a: $(ENGINE_OBJ)
	rm -f $@ && ar rcs $@ $^

$(B)/libengine-san.a: $(SENGINE_OBJ)
	rm -f $@ && ar rcs $@ $^

$(B)/lectern: $(APP_OBJ) $(UI_OBJ) $(STORE_OBJ) $(B)/libengine.a
	$(CC) $(CFLAGS) -o $@ $(APP_OBJ) $(UI_OBJ) $(STORE_OBJ) $(B)/libengine.a $(LDLIBS)

# Unit tests link the engine (and the store) but never ncursesw: a curses
# call in the engine does not even link here.
TEST_LIBS = $(filter-out -lncursesw -ltinfo,$(LDLIBS)) $(CRIT_LIBS)

$(B)/tests/%: tests/unit/%.c $(B)/libengine.a $(STORE_OBJ) | $(B)/tests
	$(CC) $(CPPFLAGS) $(CFLAGS) -Wno-missing-prototypes -o $@ $< $(STORE_OBJ) $(B)/libengine.a $(TEST_LIBS)

$(B)/san-tests/%: tests/unit/%.c $(B)/libengine-san.a $(SSTORE_OBJ) | $(B)/san-tests
	$(CC) $(CPPFLAGS) $(CFLAGS) $(SAN_FLAGS) -Wno-missing-prototypes -o $@ $< $(SSTORE_OBJ) $(B)/libengine-san.a $(TEST_LIBS)

$(B)/obj $(B)/san $(B)/tests $(B)/san-tests:
	mkdir -p $@

-include $(wildcard $(B)/obj/*.d $(B)/san/*.d)

# ------------------------------------------------------------------- tests
check-layering:
	@bad=$$(grep -lE '#include *[<"](ncursesw/)?n?curses\.h' $(ENGINE_SRC) $(STORE_SRC) include/*.h 2>/dev/null | grep -v '^include/ui'); \
	bad="$$bad $$(grep -lE '#include *[<"](sqlite3|store_db)\.h' $(ENGINE_SRC) $(UI_SRC) $(APP_SRC) include/*.h 2>/dev/null)"; \
	if [ -n "$$(echo $$bad)" ]; then echo "layering violated by:$$bad"; exit 1; fi; \
	echo "layering: engine is free of curses and SQLite"

test-unit: $(UNIT_BIN)
	@tests/run-unit.sh $(UNIT_BIN)

test-san: $(SUNIT_BIN)
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	    tests/run-unit.sh $(SUNIT_BIN)

test-cli: $(B)/lectern
	@bash tests/cli/run.sh $(B)/lectern

test-valgrind: $(B)/lectern
	@bash tests/cli/valgrind.sh $(B)/lectern

# test_progress reads a corpus generated by the benchmark's generator.
test-e2e: $(B)/lectern $(B)/bench/gen_corpus
	@bash tests/e2e/run.sh $(B)/lectern

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/lectern/corpus
	install -m 0755 $(B)/lectern $(DESTDIR)$(PREFIX)/bin/lectern
	install -m 0644 assets/corpus/*.txt $(DESTDIR)$(PREFIX)/share/lectern/corpus/

clean:
	rm -rf $(B)

# Fuzz targets (make fuzz, test-fuzz) and the benchmark (make bench).
-include tests/fuzz/fuzz.mk
-include tests/bench/bench.mk
