# PGXS build of the hrlake extension (C++17). See STYLE.md for the traps this
# file avoids: no LLVM bitcode (it would not get our C++ flags), header
# dependency tracking on, libstdc++ linked.

EXTENSION = hrlake
EXTVERSION = $(shell sed -n "s/^default_version = '\(.*\)'/\1/p" hrlake.control)

MODULE_big = hrlake
# Object names must differ between src/core and src/pg: PGXS keeps one
# dependency file per stem in .deps/.
CORE_SRCS = $(sort $(wildcard src/core/*.cpp))
PG_SRCS = $(sort $(wildcard src/pg/*.cpp))
OBJS = $(CORE_SRCS:.cpp=.o) $(PG_SRCS:.cpp=.o)

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
EXTRA_CLEAN = $(DATA_built)

# pg_regress tests: every test/sql/NAME.sql with test/expected/NAME.out.
REGRESS = $(sort $(patsubst test/sql/%.sql,%,$(wildcard test/sql/*.sql)))
REGRESS_OPTS = --inputdir=test --outputdir=test --load-extension=hrlake

PG_CONFIG ?= pg_config
PG_CXXFLAGS = -std=c++17 -Wall -Wextra -Werror -Wno-unused-parameter -Wno-missing-field-initializers -Wno-register -Isrc -fno-omit-frame-pointer
PG_CPPFLAGS = -Isrc
SHLIB_LINK = -lcsv -lhs -lstdc++ -pthread

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
	cat $(shell ls sql/updates/*--*.sql | sort -V | sed -n '\#/$*--#,$$p') $(API_PARTS) > $@

# src/core must not include PostgreSQL headers; the CMake build enforces it
# by compiling without their include path, this check makes it visible here.
.PHONY: check-core-purity
check-core-purity:
	@! grep -nE '#\s*include\s*[<"](postgres|fmgr|utils/|executor/|access/|catalog/|nodes/|funcapi|miscadmin)' src/core/*.h src/core/*.cpp || { echo "src/core includes a PostgreSQL header" >&2; exit 1; }
