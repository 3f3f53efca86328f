# PGXS build of the hrlake extension (C++17): src/pg compiled here and linked
# with src/core, which CMake builds once as a static library (CMakeLists.txt).
# The traps it avoids: no LLVM bitcode (it would not get our C++ flags),
# header dependency tracking on, libstdc++ linked.

EXTENSION = hrlake
EXTVERSION = $(shell sed -n "s/^default_version = '\(.*\)'/\1/p" hrlake.control)

MODULE_big = hrlake
CORE_LIB = build/core/libhrlake_core.a
OBJS = $(patsubst %.cpp,%.o,$(sort $(wildcard src/pg/*.cpp)))
# The self-tests (test/selftest/) are entry points for the regression tests
# only: they are linked in with SELFTEST=1 (scripts/test.sh), never in the
# build users install.
VARIANT = $(if $(filter 1,$(SELFTEST)),selftest,production)
ifeq ($(VARIANT),selftest)
OBJS += $(patsubst %.cpp,%.o,$(sort $(wildcard test/selftest/*.cpp)))
endif

# Install and update scripts (CONTRIBUTING.md, "A schema change"):
#   hrlake--<version>.sql         sql/install/*.sql (tables) + sql/api/*.sql
#   hrlake--<old>--<version>.sql  sql/updates/ from <old> on + sql/api/*.sql
# Released install scripts stay as they were shipped (sql/hrlake--<old>.sql).
API_PARTS = $(sort $(wildcard sql/api/*.sql))
INSTALL_PARTS = $(sort $(wildcard sql/install/*.sql))
UPDATES = $(shell ls sql/updates/*--*.sql | sort -V)
OLD_VERSIONS = $(patsubst sql/updates/%,%,$(foreach u,$(UPDATES),$(firstword $(subst --, ,$(u)))))
UPDATE_SCRIPTS = $(foreach v,$(OLD_VERSIONS),$(EXTENSION)--$(v)--$(EXTVERSION).sql)
DATA_built = $(EXTENSION)--$(EXTVERSION).sql $(UPDATE_SCRIPTS)
DATA = $(wildcard sql/$(EXTENSION)--*.sql)
EXTRA_CLEAN = $(DATA_built) build test/selftest/*.o

# pg_regress tests: every test/sql/NAME.sql with test/expected/NAME.out.
REGRESS = $(sort $(patsubst test/sql/%.sql,%,$(wildcard test/sql/*.sql)))
REGRESS_OPTS = --inputdir=test --outputdir=test --load-extension=hrlake
# Isolation tests (isolationtester, concurrent sessions in a fixed
# interleaving): every test/specs/NAME.spec with test/expected/NAME.out.
# Each spec installs hrlake afresh in its setup.
ISOLATION = $(sort $(patsubst test/specs/%.spec,%,$(wildcard test/specs/*.spec)))
ISOLATION_OPTS = --inputdir=test --outputdir=test

PG_CONFIG ?= pg_config
PG_CXXFLAGS = -std=c++17 -Wall -Wextra -Werror -Wno-unused-parameter -Wno-missing-field-initializers -Wno-register -Isrc -fno-omit-frame-pointer
PG_CPPFLAGS = -Isrc
SHLIB_LINK = $(CORE_LIB) -lcsv -lhs -lsimdjson -lstdc++ -pthread

# Must precede the include: PGXS decides on bitcode targets while reading.
override with_llvm := no
override autodepend := yes

PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

$(EXTENSION)--$(EXTVERSION).sql: $(INSTALL_PARTS) $(API_PARTS)
	cat $^ > $@

# From an old version: every update file from that version on, in version
# order, then the current functions, views and privileges.
$(EXTENSION)--%--$(EXTVERSION).sql: $(UPDATES) $(API_PARTS)
	cat $$(ls sql/updates/*--*.sql | sort -V | sed -n '\#/$*--#,$$p') $(API_PARTS) > $@

# The core library, built by CMake (a no-op when it is up to date).
$(CORE_LIB): FORCE
	@cmake -S . -B build/core -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build build/core --target hrlake_core >/dev/null
$(shlib): $(CORE_LIB) build/variant

# Which objects the library holds; rewritten only when that changes, so
# switching SELFTEST relinks and nothing else does.
build/variant: FORCE
	@mkdir -p build
	@echo $(VARIANT) | cmp -s - $@ || echo $(VARIANT) > $@
.PHONY: FORCE
