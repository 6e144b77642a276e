# Kyodo build. `make` builds build/kyodo; `make run` sets up and serves the demo;
# `make test` installs, builds and runs every test. See README.md.
CC      ?= cc
PKGS    := libmicrohttpd sqlite3 libpq jansson libsodium xlsxwriter libcurl
OPT     ?= -O2 -g
CFLAGS  := $(OPT) -std=c11 -D_GNU_SOURCE -Wall -Wextra -Wshadow -Wno-unused-parameter \
           -Wno-missing-field-initializers -Isrc -Ibuild/gen \
           $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
ifeq ($(CI),true)
CFLAGS  += -Werror
endif
ifeq ($(WERROR),1)
CFLAGS  += -Werror
endif
LDLIBS  += $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv -lpthread -lm
B       ?= build
TOKENS  := node_modules/@digital-go-jp/design-tokens/dist/tokens.css

LIB_SRC := $(sort $(wildcard src/util/*.c src/store/*.c src/domain/*.c src/io/*.c \
                              src/http/*.c src/auth/*.c src/html/*.c src/cli/*.c))
LIB_OBJ := $(LIB_SRC:%.c=$(B)/%.o) $(B)/gen/embed.o
UNIT    := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN:= $(UNIT:tests/unit/%.c=$(B)/tests/%)
EMBED   := $(sort $(wildcard sql/*.sql sql/pg/*.sql static/* demo/*.csv) po/ja.po po/en.po)

.PHONY: FORCE all run test test-unit test-integration asan asan-all asan-unit asan-integration deps clean
all: $(B)/kyodo

$(B)/kyodo: $(B)/src/main.o $(LIB_OBJ)
	@echo "  LINK    $@"
	@$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) -MMD -MP -c -o $@ $<

$(B)/embed-tool: tools/embed.c
	@mkdir -p $(B)
	$(CC) -O1 -o $@ $<

$(TOKENS):
	KYODO_SKIP_APT=1 ./scripts/install-deps

# The list of embedded files, rewritten only when it changes: a migration renamed or removed
# (whose mtime does not move) still rebuilds embed.c.
$(B)/gen/embed.list: FORCE
	@mkdir -p $(B)/gen
	@echo '$(EMBED)' | cmp -s - $@ || echo '$(EMBED)' > $@

$(B)/gen/embed.c: $(B)/embed-tool $(EMBED) $(TOKENS) $(B)/gen/embed.list
	@mkdir -p $(B)/gen
	$(B)/embed-tool $@ $(foreach f,$(EMBED),$(f)=$(f)) static/tokens.css=$(TOKENS)

$(B)/gen/embed.o: $(B)/gen/embed.c
	$(CC) $(CFLAGS) -Wno-overlength-strings -c -o $@ $<

# tests/common: what the unit and integration tests share (a fresh database per test on
# the backend KYODO_TEST_DB names: tests/common/testdb.h).
TESTCOMMON := tests/common/testdb.c

$(B)/tests/%: tests/unit/%.c $(TESTCOMMON) $(LIB_OBJ)
	@mkdir -p $(B)/tests
	@echo "  LINK    $@"
	@$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS) -lcmocka

ITEST    := $(sort $(wildcard tests/integration/test_*.c))
ITEST_BIN:= $(ITEST:tests/integration/%.c=$(B)/itests/%)
$(B)/itests/%: tests/integration/%.c tests/integration/harness.c tests/integration/smtp_sink.c $(TESTCOMMON) $(LIB_OBJ)
	@mkdir -p $(B)/itests
	@echo "  LINK    $@"
	@$(CC) $(CFLAGS) -Itests/integration -o $@ $^ $(LDLIBS) -lcmocka

deps:
	./scripts/install-deps

run: deps all
	./scripts/run-demo

test: deps
	./scripts/test-all

test-unit: $(UNIT_BIN)
	@./scripts/run-tests unit $(UNIT_BIN)

test-integration: $(B)/kyodo $(ITEST_BIN)
	@KYODO_BIN=$(B)/kyodo ./scripts/run-tests integration $(ITEST_BIN)

# The same C suites under AddressSanitizer + UndefinedBehaviorSanitizer, in build/asan.
ASAN_FLAGS := OPT="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
              B=build/asan WERROR=1
asan-all:
	$(MAKE) $(ASAN_FLAGS) all
asan-unit:
	$(MAKE) $(ASAN_FLAGS) test-unit
asan-integration:
	$(MAKE) $(ASAN_FLAGS) test-integration
asan: asan-unit asan-integration

clean:
	rm -rf build

# The kyodo_bigram tokenizer as an extension for the sqlite3 shell (bench, inspection):
#   sqlite3 kyodo.db '.load build/kyodo_bigram' "SELECT … WHERE org_fts MATCH '\"福祉\"'"
$(B)/kyodo_bigram.so: tools/fts_bigram_ext.c src/store/fts_bigram.c src/util/jtext.c src/util/arena.c
	@mkdir -p $(B)
	@echo "  SHLIB   $@"
	@$(CC) $(CFLAGS) -fPIC -shared -o $@ tools/fts_bigram_ext.c src/util/jtext.c src/util/arena.c

-include $(shell find $(B) -name '*.d' 2>/dev/null)

FORCE:
