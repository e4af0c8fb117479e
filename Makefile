# envlint — build, test and demo.
#   make          build build/envlint
#   make deps     install what is missing (Debian packages, pinned grammar from npm)
#   make demo     build and lint examples/
#   make check    every test, in a normal build and again under ASan + UBSan
# Third-party grammar sources are fetched into grammars/node_modules (never committed).

CC      ?= cc
PKGS    := yaml-0.1 tree-sitter libpcre2-8
CSTD    := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter
OPT     ?= -O2
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CMOCKA_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)

GRAMMAR_DIR := grammars/node_modules/tree-sitter-bash/src
GRAMMAR_SRC := $(GRAMMAR_DIR)/parser.c $(GRAMMAR_DIR)/scanner.c

# Every C file under linter/ is part of the program; main.c is the only one the unit
# tests leave out, and linter/kb/kbgen.c (a build-time tool with its own main) is not
# part of the program at all.
LINTER_SRC := $(shell find linter -name '*.c' | sort)
LIB_SRC    := $(filter-out linter/main.c linter/kb/kbgen.c,$(LINTER_SRC))
UNIT_SRC   := $(sort $(wildcard tests/unit/test_*.c))
KB_FILES   := $(sort $(wildcard rules/*.yaml))

# The built-in KB: KB_EMBED=tables (default) compiles the loaded tables in (build/kbgen
# writes them as C); KB_EMBED=yaml embeds the YAML text and parses it at start-up (kept
# to measure against; it builds into build/kbyaml unless BUILD is given).
KB_EMBED ?= tables
ifeq ($(KB_EMBED),yaml)
  BUILD ?= build/kbyaml
  KB_GEN := kb_embed
else
  KB_GEN := kb_tables
endif

# Two build flavours share these rules: BUILD=build (release) and BUILD=build/asan.
BUILD   ?= build
# Quiet by default (one "CC file" line each); V=1 shows the commands.
ifeq ($(V),1)
  Q :=
else
  Q := @
endif
ifeq ($(BUILD),build/asan)
  OPT      := -O1 -g -fno-omit-frame-pointer
  SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=undefined
endif
CFLAGS_ALL := $(CSTD) $(WARN) $(OPT) $(SANITIZE) -Ilinter -I$(BUILD)/gen -I$(GRAMMAR_DIR) $(PKG_CFLAGS) $(CFLAGS)
LDFLAGS_ALL := $(SANITIZE) $(LDFLAGS)

LIB_OBJ     := $(patsubst %.c,$(BUILD)/obj/%.o,$(LIB_SRC)) $(BUILD)/obj/gen/$(KB_GEN).o \
	       $(BUILD)/obj/gen/rule_text.o $(BUILD)/obj/gen/profiles_embed.o
GRAMMAR_OBJ := $(BUILD)/obj/grammar/parser.o $(BUILD)/obj/grammar/scanner.o
MAIN_OBJ    := $(BUILD)/obj/linter/main.o
UNIT_BIN    := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))

.PHONY: FORCE all deps test-deps test-bins demo check install uninstall rule-docs valgrind test unit fixtures corpus asan clean fixtures-update format checksrc bench bench-deps fuzz

all: $(BUILD)/envlint

$(BUILD)/envlint: $(MAIN_OBJ) $(LIB_OBJ) $(GRAMMAR_OBJ) $(BUILD)/gen/kb_mode
	@echo "  LD      $@"
	$(Q)$(CC) $(LDFLAGS_ALL) -o $@ $(filter %.o,$^) $(PKG_LIBS)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CFLAGS_ALL) -MMD -MP -c -o $@ $<

# The grammar is generated code: compile it without our warning set.
$(BUILD)/obj/grammar/%.o: $(GRAMMAR_DIR)/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $< (grammar)"
	$(Q)$(CC) -std=c11 -O2 -w $(SANITIZE) -I$(GRAMMAR_DIR) -c -o $@ $<

$(GRAMMAR_SRC):
	$(MAKE) deps

# The knowledge base. Default: build/kbgen loads rules/ through kb_load_dir (the --kb DIR
# loader, same validation; an invalid KB fails the build with EL009 diagnostics) and
# writes the tables as C, so start-up parses no YAML. kbgen is a host tool: it is built
# once, with the release flags, for every BUILD flavour.
KBGEN_SRC := linter/kb/kbgen.c $(filter-out linter/kb/kb_builtin.c,$(wildcard linter/kb/*.c)) \
	$(wildcard linter/util/*.c) linter/version.c linter/diag.c linter/source.c \
	linter/rule.c $(wildcard linter/report/*.c)
KBGEN_OBJ := $(patsubst %.c,build/kbgen-obj/%.o,$(sort $(KBGEN_SRC)))

build/kbgen: $(KBGEN_OBJ)
	@echo "  LD      $@"
	$(Q)$(CC) -o $@ $^ $(PKG_LIBS)

build/kbgen-obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $< (kbgen)"
	$(Q)$(CC) $(CSTD) $(WARN) -O2 -Ilinter $(PKG_CFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/gen/kb_tables.c: $(KB_FILES) build/kbgen
	@mkdir -p $(dir $@)
	@echo "  KBGEN   $@"
	$(Q)build/kbgen rules > $@.tmp && mv $@.tmp $@ || { rm -f $@.tmp; exit 1; }

# The KB_EMBED of the last link in this BUILD, rewritten only when it changes, so that
# switching modes in one build directory relinks instead of keeping the other KB.
$(BUILD)/gen/kb_mode: FORCE
	@mkdir -p $(dir $@)
	@echo $(KB_EMBED) | cmp -s - $@ || echo $(KB_EMBED) > $@
FORCE:

# Each rule's explanation, from docs/rules.md (envlint explain prints it; make rule-docs
# writes docs/rules/ID.md from that output; make test fails when they are stale).
$(BUILD)/gen/rule_text.c: docs/rules.md tools/rule-text.sh
	@mkdir -p $(dir $@)
	@echo "  GEN     $@"
	$(Q)sh tools/rule-text.sh docs/rules.md > $@.tmp && mv $@.tmp $@

rule-docs: $(BUILD)/envlint
	@sh tests/check-rule-docs.sh $(BUILD)/envlint --write

# KB_EMBED=yaml: the YAML embedded as data (jq's builtin.jq model) and parsed at start-up
# through the same kb_load path as --kb DIR.
$(BUILD)/gen/kb_embed.c: $(KB_FILES) linter/kb/embed.sh
	@mkdir -p $(dir $@)
	sh linter/kb/embed.sh $(KB_FILES) > $@.tmp && mv $@.tmp $@

# The built-in profiles: embedded YAML, read through linter/profile_yaml.c at run time.
$(BUILD)/gen/profiles_embed.c: profiles/builtin.yaml linter/profile_embed.sh
	@mkdir -p $(dir $@)
	@echo "  EMBED   $@"
	$(Q)sh linter/profile_embed.sh profiles/builtin.yaml > $@.tmp && mv $@.tmp $@

$(BUILD)/obj/gen/%.o: $(BUILD)/gen/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(LIB_OBJ) $(GRAMMAR_OBJ) $(BUILD)/gen/kb_mode
	@mkdir -p $(dir $@)
	@echo "  TEST    $@"
	$(Q)$(CC) $(CFLAGS_ALL) -Itests/unit -o $@ $< $(LIB_OBJ) $(GRAMMAR_OBJ) $(LDFLAGS_ALL) $(PKG_LIBS) $(CMOCKA_LIBS)

# The fuzz targets without libFuzzer (fuzz/replay.c), built like the unit tests: make
# test replays saved crash inputs and the corpus through each, under the sanitizers.
# The fuzz targets (fuzz/): the three readers through fuzz_reader.c, and one file each.
FUZZ_TARGETS := requirements conda dockerfile config e2e profile nvidia_smi
REPLAY_BIN := $(patsubst %,$(BUILD)/tests/replay_%,$(FUZZ_TARGETS))
$(BUILD)/tests/replay_%: fuzz/replay.c $(wildcard fuzz/fuzz_*.c) $(LIB_OBJ) $(GRAMMAR_OBJ)
	@mkdir -p $(dir $@)
	@echo "  REPLAY  $@"
	$(Q)case $* in config|e2e|profile|nvidia_smi) src=fuzz/fuzz_$*.c; def= ;; *) src=fuzz/fuzz_reader.c; def=-DFUZZ_READER=read_$* ;; esac; \
	  $(CC) $(CFLAGS_ALL) $$def -o $@ fuzz/replay.c $$src $(LIB_OBJ) $(GRAMMAR_OBJ) $(LDFLAGS_ALL) $(PKG_LIBS)

-include $(shell find $(BUILD)/obj build/kbgen-obj -name '*.d' 2>/dev/null)

# ---------------------------------------------------------------------------
# Dependencies: Debian packages and the pinned grammar. Idempotent and quiet when
# everything is present.
# What building needs; what `make check` needs besides (the SARIF schema validator and
# the real pre-commit for the hook test, Graphviz's dot for `envlint stack --format dot`).
DEB_PKGS := libyaml-dev libtree-sitter-dev libpcre2-dev libcmocka-dev pkg-config
DEB_TEST_PKGS := python3-jsonschema pre-commit graphviz

test-deps: DEB_PKGS += $(DEB_TEST_PKGS)
test-deps: deps

deps:
	@missing=""; for p in $(DEB_PKGS); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi
	@if [ ! -f $(GRAMMAR_DIR)/parser.c ]; then \
	  command -v npm >/dev/null || { echo "npm is needed to fetch the pinned grammar"; exit 1; }; \
	  cd grammars && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error; \
	fi

demo: deps
	$(MAKE) all
	@echo '$$ build/envlint --gpu "TITAN Xp" --driver 470.82.01 examples/'
	@build/envlint --gpu "TITAN Xp" --driver 470.82.01 examples/; \
	  echo "(envlint exit status $$?: 0 clean, 1 findings at or above --fail-on, 2 usage or unreadable file)"

# ---------------------------------------------------------------------------
# Tests. `make check` runs everything twice: release build, then ASan + UBSan.
# Each runner appends "name passed failed" to $(COUNTS); the closing line sums both builds.
COUNTS := $(CURDIR)/build/check-counts
# Compile both builds with every core, then run the two test sets at once: each runs its
# suites one after another on one core, into a log of its own that is printed in order.
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
check: test-deps
	@mkdir -p build && : > $(COUNTS)
	$(MAKE) -j$(JOBS) test-bins BUILD=build
	$(MAKE) -j$(JOBS) test-bins BUILD=build/asan
	@{ COUNTS=$(COUNTS) $(MAKE) --no-print-directory test BUILD=build > build/check-release.log 2>&1; \
	   echo $$? > build/check-release.rc; } & \
	 { COUNTS=$(COUNTS) $(MAKE) --no-print-directory test BUILD=build/asan > build/check-asan.log 2>&1; \
	   echo $$? > build/check-asan.rc; } ; wait; \
	 echo "== release build"; cat build/check-release.log; echo "== ASan + UBSan build"; cat build/check-asan.log; \
	 [ "$$(cat build/check-release.rc)" = 0 ] && [ "$$(cat build/check-asan.rc)" = 0 ]
	@echo "make check: unit cases, fixtures, hostile inputs, corpus files and the no-facts grep, release and ASan+UBSan builds"
	@awk '{p += $$2; f += $$3} END {printf "check: %d passed, %d failed\n", p, f}' $(COUNTS)

# What `test` runs against, built without running it.
test-bins: $(BUILD)/envlint $(UNIT_BIN) $(REPLAY_BIN)

test: $(BUILD)/envlint $(UNIT_BIN) $(REPLAY_BIN)
	@sh tests/check-no-facts.sh
	@sh tests/check-standalone.sh
	@sh tests/check-layers.sh
	@sh tests/check-limits.sh
	@$(MAKE) --no-print-directory checksrc
	@sh tests/run-unit.sh $(UNIT_BIN)
	@sh tests/run-fixtures.sh $(BUILD)/envlint
	@sh tests/run-fix.sh $(BUILD)/envlint
	@sh tests/run-hostile.sh $(BUILD)/envlint
	@sh tests/run-corpus.sh $(BUILD)/envlint tests/corpus
	@sh tests/run-sarif.sh $(BUILD)/envlint
	@sh tests/run-cli.sh $(BUILD)/envlint
	@sh tests/run-stack.sh $(BUILD)/envlint
	@sh tests/run-precommit.sh $(BUILD)/envlint
	@sh tests/run-install.sh $(BUILD)
	@sh tests/check-rule-docs.sh $(BUILD)/envlint
	@sh tests/run-fuzz-replay.sh $(BUILD)
	@sh tests/run-audit.sh $(BUILD)/envlint

unit: $(UNIT_BIN)
	@sh tests/run-unit.sh $(UNIT_BIN)

fixtures: $(BUILD)/envlint
	@sh tests/run-fixtures.sh $(BUILD)/envlint

fixtures-update: $(BUILD)/envlint
	@UPDATE=1 sh tests/run-fixtures.sh $(BUILD)/envlint

corpus: $(BUILD)/envlint
	@sh tests/run-corpus.sh $(BUILD)/envlint tests/corpus

asan:
	$(MAKE) BUILD=build/asan

# Coverage-guided fuzzing, one libFuzzer target per reader (clang). Seeds: the corpus.
FUZZ_SECONDS ?= 60
FUZZ_CFLAGS  := $(CSTD) -g -O1 -fsanitize=fuzzer-no-link,address,undefined -Ilinter -Ibuild/gen -I$(GRAMMAR_DIR) -w
fuzz: $(GRAMMAR_SRC) build/gen/kb_tables.c build/gen/rule_text.c build/gen/profiles_embed.c
	@mkdir -p build/fuzz
	@[ -f build/fuzz/grammar.o ] || { clang -std=c11 -O2 -w -I$(GRAMMAR_DIR) -c -o build/fuzz/parser.o $(GRAMMAR_DIR)/parser.c && \
	  clang -std=c11 -O2 -w -I$(GRAMMAR_DIR) -c -o build/fuzz/scanner.o $(GRAMMAR_DIR)/scanner.c && \
	  ld -r -o build/fuzz/grammar.o build/fuzz/parser.o build/fuzz/scanner.o; }
	@for t in $(FUZZ_TARGETS); do \
	  echo "  FUZZ    build/fuzz/fuzz_$$t"; \
	  case $$t in config|e2e|profile|nvidia_smi) src=fuzz/fuzz_$$t.c; def= ;; *) src=fuzz/fuzz_reader.c; def=-DFUZZ_READER=read_$$t ;; esac; \
	  clang $(FUZZ_CFLAGS) -fsanitize=fuzzer $$def -o build/fuzz/fuzz_$$t $$src \
	    $(LIB_SRC) build/gen/kb_tables.c build/gen/rule_text.c build/gen/profiles_embed.c build/fuzz/grammar.o $(PKG_LIBS) || exit 1; done
	@for t in $(FUZZ_TARGETS); do \
	  case $$t in requirements) seeds=tests/corpus/pip ;; conda) seeds=tests/corpus/conda ;; \
	    config) seeds=tests/fuzz-regressions/config ;; e2e) seeds=tests/corpus/pip ;; \
	    profile) seeds=tests/fuzz-regressions/profile ;; nvidia_smi) seeds=tests/nvidia-smi ;; \
	    *) seeds=tests/corpus/docker ;; esac; \
	  mkdir -p build/fuzz/corpus-$$t; \
	  echo "fuzz_$$t: $(FUZZ_SECONDS) s"; \
	  build/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=5 \
	    build/fuzz/corpus-$$t $$seeds 2>&1 | tail -n 3 || exit 1; done

# Figures, not assertions (no test asserts a time): bench/run.sh replicates tests/corpus
# into 1x, 10x, 30x and 100x as many repositories under build/bench/ and prints one table:
# the floor (bench/floor.c: read every byte, libyaml events over the YAML files),
# envlint, yamllint on the YAML files, their ratios, peak RSS, the pre-commit run on one
# repository and the scaling. bench may install what it measures against (Debian's
# yamllint and GNU time, as `make deps` does); the tests never need either.
BENCH_DEB_PKGS := yamllint time hyperfine

build/floor: bench/floor.c
	@mkdir -p build
	@echo "  CC      $<"
	$(Q)$(CC) $(CSTD) $(WARN) -O2 $(shell pkg-config --cflags yaml-0.1 2>/dev/null) -o $@ $< \
	  $(shell pkg-config --libs yaml-0.1 2>/dev/null || echo -lyaml)

bench-deps:
	@missing=""; for p in $(BENCH_DEB_PKGS); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing \
	    || echo "bench: could not install$$missing; those columns are left out"; \
	fi

bench: $(BUILD)/envlint build/floor
	@$(MAKE) --no-print-directory bench-deps
	@sh bench/run.sh $(BUILD)/envlint build/floor

# Install the binary and its man page (written by the binary from the same option and
# command tables as --help). PREFIX and DESTDIR as GNU packagers expect.
PREFIX ?= /usr/local
DESTDIR ?=
$(BUILD)/envlint.1: $(BUILD)/envlint
	$(Q)$(BUILD)/envlint --man > $@.tmp && mv $@.tmp $@

install: $(BUILD)/envlint $(BUILD)/envlint.1
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BUILD)/envlint $(DESTDIR)$(PREFIX)/bin/envlint
	install -m 644 $(BUILD)/envlint.1 $(DESTDIR)$(PREFIX)/share/man/man1/envlint.1

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/envlint $(DESTDIR)$(PREFIX)/share/man/man1/envlint.1

# Every fixture run under valgrind (memcheck): an error or a definite leak makes that
# run exit 99, which its expected "exit: N" line then refuses. Logs in build/valgrind/.
valgrind: $(BUILD)/envlint
	@command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)"; exit 1; }
	@rm -rf build/valgrind && mkdir -p build/valgrind
	@WRAP="valgrind -q --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=99 --log-file=$(CURDIR)/build/valgrind/%p.log" \
	  sh tests/run-fixtures.sh $(BUILD)/envlint

# Banned functions (curl's checksrc idea).
checksrc:
	@echo "checksrc: banned functions (STYLE.md 8)"
	@! grep -nE '\b(strcpy|strcat|sprintf|atoi|strtok|gets)\s*\(' $(LINTER_SRC) $(shell find linter -name '*.h') \
	  || { echo "banned function used (see STYLE.md 8)"; exit 1; }

format:
	clang-format -i $(LINTER_SRC) $(shell find linter -name '*.h')

clean:
	rm -rf build
