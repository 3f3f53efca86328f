// One ingest's valid rows of a source, sorted by a text key (byte order)
// and then by arrival (batch, line), so that the rows of one key come
// together. PostgreSQL's tuplesort does it: memory is bounded by work_mem
// and the rest spills to temporary files, whatever the size of the input.
#pragma once

#include "core/intake_rules.h"
#include "pg/error_bridge.h"

namespace hrlake::pg {

class SortedRows {
 public:
  SortedRows();
  ~SortedRows();
  SortedRows(const SortedRows &) = delete;
  SortedRows &operator=(const SortedRows &) = delete;

  // A row: its key, where it arrived, and what the caller keeps of it.
  void add(std::string_view key, const core::Position &at, std::string_view payload);
  // Done adding: sorts.
  void sort();
  // The next row in order, or false at the end. The views hold until the
  // next call.
  bool next(std::string_view &key, core::Position &at, std::string_view &payload);
  bool empty() const { return rows_ == 0; }

 private:
  Tuplesortstate *sort_ = nullptr;
  TupleTableSlot *slot_ = nullptr;
  MemoryContext context_ = nullptr;
  uint64_t rows_ = 0;
};

}  // namespace hrlake::pg
