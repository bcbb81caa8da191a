# intercity - a multilingual knowledge base for international municipalism.
# SPDX-License-Identifier: MIT
#
#   make          build ./intercity
#   make run      install missing packages, build, create the demo store, serve
#   make test     build with ASan+UBSan and run every test
#   make valgrind the import path under valgrind (part of make test)
#   make clean

PKGS     = sqlite3 jansson libutf8proc libmicrohttpd libcmark pangocairo cairo-pdf zlib libgvc
CC      ?= cc
WARN     = -Wall -Wextra -Wshadow -Wconversion -Wno-sign-conversion \
           -Wmissing-prototypes -Wstrict-prototypes -Wpointer-arith \
           -Wformat=2 -Wundef -Wvla
# -Wno-sign-conversion: size_t/int mixing at library boundaries (SQLite,
# Jansson take int and size_t alike) would need a cast per call; real
# narrowing is still caught by -Wconversion.
CSTD     = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
# -isystem: warnings in library headers (glib, pango) are not ours to fix.
PKG_CFLAGS := $(patsubst -I%,-isystem %,$(shell pkg-config --cflags $(PKGS) 2>/dev/null))
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
LIBS     = $(PKG_LIBS) -lstemmer -lroaring -lm -lpthread
VERSION  = 0.1.0
LINGUAS  = ca en es fr it
MO       = $(patsubst %,build/locale/%.mo,$(LINGUAS))

DB      ?= var/intercity.db
LISTEN  ?= 127.0.0.1:8080

SRC      = $(wildcard src/*.c)
LIBSRC   = $(filter-out src/main.c src/cli_%.c,$(SRC))
HDR      = $(wildcard src/*.h)
UNIT     = $(patsubst tests/unit/%.c,%,$(wildcard tests/unit/test_*.c))

DIRS     = -DINTERCITY_DATADIR='"$(CURDIR)/data"' -DINTERCITY_WWWDIR='"$(CURDIR)/www"' \
           -DINTERCITY_LOCALEDIR='"$(CURDIR)/build/locale"'
REL_CFLAGS  = $(DIRS) $(CSTD) $(WARN) -O2 -g $(PKG_CFLAGS) -DINTERCITY_VERSION='"$(VERSION)"'
ASAN_CFLAGS = $(DIRS) $(CSTD) $(WARN) -O1 -g -fno-omit-frame-pointer \
              -fsanitize=address,undefined -fno-sanitize-recover=undefined \
              $(PKG_CFLAGS) -DINTERCITY_VERSION='"$(VERSION)"'

REL_OBJ  = $(patsubst src/%.c,build/rel/%.o,$(SRC))
ASAN_OBJ = $(patsubst src/%.c,build/asan/%.o,$(SRC))
ASAN_LIBOBJ = $(patsubst src/%.c,build/asan/%.o,$(LIBSRC))

.PHONY: all run test unit valgrind deps deps-test clean distclean check-warnings

all: intercity

intercity: build/rel/intercity $(MO)
	cp build/rel/intercity $@.tmp && mv -f $@.tmp $@

# ---- translations: po/LANG.po -> build/locale/LANG.mo ----------------------
# xgettext collects T(lang, "..."), TN(lang, "one", "many", n) and N_("...")
# into po/intercity.pot; make po merges it into every po/LANG.po.
POT     ?= po/intercity.pot
I18N_SRC = $(sort $(wildcard src/ui_*.c src/api_*.c src/form.c src/http_server.c))

build/locale/%.mo: po/%.po | build/locale
	msgfmt --check -o $@ $<

build/locale:
	mkdir -p $@

.PHONY: pot po
pot:
	xgettext --from-code=UTF-8 --language=C --keyword= --keyword=T:2 \
	    --keyword=TN:2,3 --keyword=N_ --add-comments=TRANSLATORS: \
	    --package-name=intercity --package-version=$(VERSION) \
	    --no-location --sort-output --no-wrap -o $(POT) $(I18N_SRC)

po: pot
	for l in $(LINGUAS); do msgmerge --quiet --update --backup=none --no-fuzzy-matching --no-wrap \
	    --no-location --sort-output po/$$l.po po/intercity.pot; done

build/rel/intercity: $(REL_OBJ)
	$(CC) $(REL_CFLAGS) -o $@ $(REL_OBJ) $(LIBS)

build/rel/%.o: src/%.c $(HDR) | build/rel
	$(CC) $(REL_CFLAGS) -c -o $@ $<

build/asan/intercity: $(ASAN_OBJ)
	$(CC) $(ASAN_CFLAGS) -o $@ $(ASAN_OBJ) $(LIBS)

build/asan/%.o: src/%.c $(HDR) | build/asan
	$(CC) $(ASAN_CFLAGS) -c -o $@ $<

build/asan/tests/%: tests/unit/%.c tests/unit/testutil.h $(ASAN_LIBOBJ) | build/asan/tests
	$(CC) $(ASAN_CFLAGS) -Isrc -Wno-missing-prototypes -o $@ $< $(ASAN_LIBOBJ) $(LIBS) -lcmocka

build/rel build/asan build/asan/tests var:
	mkdir -p $@

deps:
	@scripts/deps.sh

deps-test:
	@scripts/deps.sh --test

# The demo store is built beside the target and renamed into place, so an
# interrupted first start never leaves a half-made database behind.
$(DB): intercity data/countries.json data/topics.json $(wildcard data/demo/*.json) | var
	rm -f $@.tmp $@.tmp-wal $@.tmp-shm
	./intercity --db $@.tmp init --demo
	mv $@.tmp $@

run: deps
	$(MAKE) intercity
	@test -f $(DB) || $(MAKE) $(DB)
	./intercity --db $(DB) serve --listen $(LISTEN)

unit: $(addprefix build/asan/tests/,$(UNIT))

test: deps-test
	$(MAKE) build/asan/intercity build/rel/intercity unit $(MO)
	tests/run.sh

valgrind: build/rel/intercity
	tests/valgrind.sh

clean:
	rm -rf build intercity

distclean: clean
	rm -rf var node_modules

# Both compilers, every warning an error; prints TAP for tests/run.sh.
check-warnings:
	@n=0; for cc in gcc clang; do n=$$((n + 1)); \
	  if $$cc $(CSTD) $(WARN) -Werror -fsyntax-only $(PKG_CFLAGS) src/*.c 2>build/warnings-$$cc.log; \
	  then echo "ok $$n - $$cc builds without warnings"; \
	  else echo "not ok $$n - $$cc warnings:"; sed 's/^/# /' build/warnings-$$cc.log | head -20; fi; done; echo "1..$$n"

# ---- fuzzing: make fuzz, run by tests/fuzz/run.sh ------------------------
# libFuzzer targets for the parsers of untrusted input. clang only, with its
# own objects: the gcc objects carry no coverage instrumentation.
FUZZ_CC      = clang
FUZZ_CFLAGS  = $(CSTD) $(WARN) -g -O1 -fno-omit-frame-pointer \
               -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
               $(PKG_CFLAGS) -Isrc
FUZZ_LIBOBJ  = $(patsubst src/%.c,build/fuzz/%.o,$(LIBSRC))
FUZZ_TARGETS = $(patsubst tests/fuzz/%.c,build/fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))
# Kept between builds (make would delete them as intermediate files).
.SECONDARY: $(FUZZ_LIBOBJ)

.PHONY: fuzz
fuzz: $(FUZZ_TARGETS)

build/fuzz/%.o: src/%.c $(HDR) | build/fuzz
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(wildcard tests/fuzz/*.h) $(FUZZ_LIBOBJ) | build/fuzz
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $< $(FUZZ_LIBOBJ) $(LIBS)

build/fuzz:
	mkdir -p $@

# ---- benchmark: make bench, results in bench/RESULTS.md -------------------
# Issue 3: corpus generator, SQLite FTS5 baseline and our index on the same
# data (BENCH_DOCS=1000000 by default; see bench/run.sh for the knobs).
# Issue 4: wrk against the release server on the demo data and a generated
# corpus of 100,000 practices (bench/web.sh; make bench-web runs it alone).
.PHONY: bench bench-web
bench:
	@scripts/deps.sh --bench
	sh bench/run.sh
	sh bench/web.sh

bench-web:
	@scripts/deps.sh --bench
	sh bench/web.sh
