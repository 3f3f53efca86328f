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

# The install script is assembled from src/sql/ in file-name order.
SQL_PARTS = $(sort $(wildcard src/sql/*.sql))
DATA_built = $(EXTENSION)--$(EXTVERSION).sql
EXTRA_CLEAN = $(EXTENSION)--$(EXTVERSION).sql

# pg_regress tests: every sql/NAME.sql with expected/NAME.out.
REGRESS = $(sort $(patsubst sql/%.sql,%,$(wildcard sql/*.sql)))
REGRESS_OPTS = --inputdir=. --load-extension=hrlake

PG_CONFIG ?= pg_config
PG_CXXFLAGS = -std=c++17 -Wall -Wextra -Werror -Wno-unused-parameter -Wno-missing-field-initializers -Wno-register -Isrc -fno-omit-frame-pointer
PG_CPPFLAGS = -Isrc
SHLIB_LINK = -lcsv -lhs -lsimdjson -lstdc++ -pthread

# Must precede the include: PGXS decides on bitcode targets while reading.
override with_llvm := no
override autodepend := yes

PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

$(EXTENSION)--$(EXTVERSION).sql: $(SQL_PARTS)
	cat $^ > $@

# src/core must not include PostgreSQL headers; the CMake build enforces it
# by compiling without their include path, this check makes it visible here.
.PHONY: check-core-purity
check-core-purity:
	@! grep -nE '#\s*include\s*[<"](postgres|fmgr|utils/|executor/|access/|catalog/|nodes/|funcapi|miscadmin)' src/core/*.h src/core/*.cpp || { echo "src/core includes a PostgreSQL header" >&2; exit 1; }
