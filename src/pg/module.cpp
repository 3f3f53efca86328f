// The hrlake shared library: module magic and settings (GUCs).
#include "pg/settings.h"

extern "C" {
PG_MODULE_MAGIC;
PGDLLEXPORT void _PG_init(void);
}

namespace hrlake::pg {
int max_field_size_kb = 4096;
char *inject_fault = nullptr;
int merge_chunk_employees = 5000;
}

void _PG_init(void) {
  DefineCustomIntVariable(
      "hrlake.max_field_size",
      "Longest value hrlake.load() accepts in one field; a longer one rejects its row.",
      NULL, &hrlake::pg::max_field_size_kb, 4096, 1, 512 * 1024, PGC_USERSET,
      GUC_UNIT_KB, NULL, NULL, NULL);
  DefineCustomStringVariable(
      "hrlake.inject_fault",
      "For tests: makes a job step fail, as 'job.step:SQLSTATE[:attempts]'.",
      NULL, &hrlake::pg::inject_fault, "", PGC_SUSET, GUC_NOT_IN_SAMPLE, NULL, NULL,
      NULL);
  // Small enough that each chunk's history fetch stays cheap: measured on
  // the bench, 27 s at 50,000 employees a chunk, 21 s at 10,000, 18 s at
  // 5,000 and at 2,000.
  DefineCustomIntVariable(
      "hrlake.merge_chunk_employees",
      "Employees scd2_merge() handles per chunk (memory and statement size).",
      NULL, &hrlake::pg::merge_chunk_employees, 5000, 1, 1000000, PGC_USERSET, 0, NULL, NULL,
      NULL);
  MarkGUCPrefixReserved("hrlake");
}
