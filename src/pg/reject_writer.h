// Rows that could not be loaded, into hrlake.rejected_row (SPEC §2.1): the
// raw text, its exact bytes when they are not valid text (invalid UTF-8 or
// NUL, escaped in the text), the source, batch, line and reason.
#pragma once

#include "core/intake_rules.h"
#include "pg/bulk_insert.h"

namespace hrlake::pg {

class RejectWriter {
 public:
  explicit RejectWriter(std::string source);
  // `stage`: "load" for what the file reader refused, "ingest" for what
  // the row rules refused.
  void add(const core::Position &at, std::string_view raw, const std::string &reason, const char *stage);
  void finish();

 private:
  std::string source_;
  std::unique_ptr<BulkInsert> writer_;  // opened with the first reject
};

}  // namespace hrlake::pg
