// hrlake's settings (GUCs), defined in module.cpp.
#pragma once

#include "pg/pg_includes.h"

namespace hrlake::pg {
extern int max_field_size_kb;  // hrlake.max_field_size
extern char *inject_fault;      // hrlake.inject_fault (tests only)
extern int merge_chunk_employees;  // hrlake.merge_chunk_employees
}
