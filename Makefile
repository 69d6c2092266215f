# plainsafe — build, test and install. See README.md.
#   make            build build/plainsafe
#   make demo       set up, build and lint examples/assessment.md
#   make check      set up, build and run every test, also under ASan+UBSan
PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   ?= build
CC      ?= cc
PKGS     = libpcre2-8 hunspell yaml-0.1

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# LINK=static (the default) links the three libraries from the static
# archives their Debian -dev packages ship, with hunspell's C++ runtime, so
# that a run does not pay for loading and relocating five shared libraries
# (about 1.5 ms, most of a short run's start-up). LINK=dynamic links the
# shared libraries instead.
LINK    ?= static
ifeq ($(LINK),static)
PKG_LIBS   := -Wl,-Bstatic $(shell pkg-config --static --libs $(PKGS) 2>/dev/null) -lstdc++ -Wl,-Bdynamic \
	          -static-libgcc
else
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
endif
WARN     = -Wall -Wextra -Wpedantic -Werror
OPT     ?= -O2 -g
SAN     ?=
CFLAGS_ALL = -std=c11 -D_DEFAULT_SOURCE -D_FILE_OFFSET_BITS=64 $(OPT) $(WARN) $(SAN) \
	         -Isrc -I$(BUILD) $(PKG_CFLAGS) $(CFLAGS)
LDLIBS_ALL = $(PKG_LIBS) -lpthread -lm $(LDLIBS)

SRCS     := $(filter-out src/main.c,$(wildcard src/*.c))
LIBOBJS  := $(SRCS:src/%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/spell_images.o
OBJS     := $(LIBOBJS) $(BUILD)/obj/embedded.o
EMBED    := $(sort $(wildcard rules/*.yml) $(wildcard dictionaries/*.yml) $(wildcard dictionaries/*.txt) $(wildcard dictionaries/*.tsv))
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: FORCE deps-test all check test unit golden demo deps install clean bless valgrind asan-check bench
all: $(BUILD)/plainsafe

$(BUILD)/obj/%.o: src/%.c $(wildcard src/*.h) | $(BUILD)/obj
	$(CC) $(CFLAGS_ALL) -c $< -o $@

$(BUILD)/obj $(BUILD)/tests:
	mkdir -p $@

$(BUILD)/embed: tools/embed.c | $(BUILD)/obj
	$(CC) -std=c11 -O1 -Wall -Wextra -Werror $< -o $@

# The list of embedded files is itself a dependency, so adding or removing a
# pack rebuilds embedded.c even when the new file is older than it.
$(BUILD)/embed.list: FORCE | $(BUILD)/obj
	@echo '$(EMBED)' | cmp -s - $@ || echo '$(EMBED)' > $@

# The embedded data in two steps: embed writes the files' bytes; precompute,
# the library linked with those, writes embedded.c: the bytes and what the
# library computes from them (parsed trees).
$(BUILD)/embedded-files.c: $(BUILD)/embed $(BUILD)/embed.list $(EMBED)
	$(BUILD)/embed $(EMBED) > $@.tmp && mv $@.tmp $@

$(BUILD)/precompute: tools/precompute.c $(LIBOBJS) $(BUILD)/obj/embedded-files.o
	$(CC) $(CFLAGS_ALL) $^ $(LDLIBS_ALL) -o $@

$(BUILD)/embedded.c: $(BUILD)/precompute
	$(BUILD)/precompute > $@.tmp && mv $@.tmp $@

$(BUILD)/obj/embedded-files.o $(BUILD)/obj/embedded.o: $(BUILD)/obj/%.o: $(BUILD)/%.c $(wildcard src/*.h)
	$(CC) $(CFLAGS_ALL) -c $< -o $@

# Word images for spelling (src/spellimg.h): made once from the installed
# hunspell dictionaries and verified against hunspell by tools/spellimage
# (needs unmunch, from hunspell-tools), shared by every BUILD (the ASan build
# too), embedded by src/spell_images.S. A missing dictionary gives an empty image.
SPELLDIR   ?= build/spell
HUNDIR     ?= /usr/share/hunspell
SPELLLANGS  = en_GB en_US en_AU

$(SPELLDIR):
	mkdir -p $@

$(SPELLDIR)/spellimage: tools/spellimage.c src/spellimg.c src/spellimg.h | $(SPELLDIR)
	$(CC) -std=c11 -D_DEFAULT_SOURCE -O2 -Wall -Wextra -Wpedantic -Werror -Isrc \
	    $$(pkg-config --cflags hunspell) tools/spellimage.c src/spellimg.c $$(pkg-config --libs hunspell) -o $@

$(SPELLDIR)/%.img: $(SPELLDIR)/spellimage
	$(SPELLDIR)/spellimage $* $(HUNDIR) $@.tmp && mv $@.tmp $@

$(foreach l,$(SPELLLANGS),$(eval $(SPELLDIR)/$(l).img: $(wildcard $(HUNDIR)/$(l).aff $(HUNDIR)/$(l).dic)))

$(SPELLDIR)/images.bin: $(SPELLLANGS:%=$(SPELLDIR)/%.img)
	cat $^ > $@

$(BUILD)/obj/spell_images.o: src/spell_images.S $(SPELLDIR)/images.bin | $(BUILD)/obj
	$(CC) -c -DSPELL_IMAGES='"$(SPELLDIR)/images.bin"' $< -o $@

$(BUILD)/libplainsafe.a: $(OBJS)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/plainsafe: src/main.c $(BUILD)/libplainsafe.a
	$(CC) $(CFLAGS_ALL) $< $(BUILD)/libplainsafe.a $(LDLIBS_ALL) -o $@

$(BUILD)/tests/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(BUILD)/libplainsafe.a | $(BUILD)/tests
	$(CC) $(CFLAGS_ALL) -Itests/unit $< $(BUILD)/libplainsafe.a $(LDLIBS_ALL) -o $@

# The test suite: unit tests, golden CLI tests, self-test of every rule's
# examples, pathological inputs — in the normal build, then under sanitizers.
test: $(BUILD)/plainsafe $(UNIT_BIN)
	@tests/run-all $(BUILD)

check: deps-test
	$(MAKE) --no-print-directory test
	$(MAKE) --no-print-directory test BUILD=build/asan OPT="-O1 -g -fno-omit-frame-pointer" \
	    SAN="-fsanitize=address,undefined -fno-sanitize-recover=all"

unit: $(UNIT_BIN)
	@tests/run-all $(BUILD) unit

golden: $(BUILD)/plainsafe
	@tests/run-all $(BUILD) golden

bless: $(BUILD)/plainsafe
	@tests/golden/run $(BUILD)/plainsafe --bless

demo: deps
	$(MAKE) --no-print-directory all
	@echo '$$ plainsafe examples/assessment.md'
	@$(BUILD)/plainsafe examples/assessment.md; test $$? -le 1

deps:
	@tools/deps

deps-test:
	@tools/deps test

valgrind: $(BUILD)/plainsafe $(UNIT_BIN)
	@tests/run-valgrind $(BUILD)

bench: $(BUILD)/plainsafe
	bench/run

install: $(BUILD)/plainsafe
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/plainsafe
	install -m 755 $(BUILD)/plainsafe $(DESTDIR)$(PREFIX)/bin/plainsafe
	install -m 644 docs/plainsafe.1 $(DESTDIR)$(PREFIX)/share/man/man1/plainsafe.1
	cp -R rules dictionaries $(DESTDIR)$(PREFIX)/share/plainsafe/

clean:
	rm -rf build
