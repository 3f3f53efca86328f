// One ingest's valid rows of a source, sorted by a text key (byte order)
// and then by arrival (batch, line), so that the rows of one key come
// together. Memory is bounded by work_mem whatever the size of the input.
//
// Files often arrive in that order already (an employee's rows together,
// dates ascending). While they do, the rows are kept as they come, back
// to back in a buffer that spills to a temporary file past work_mem, and
// read back in the same order: no comparisons, no runs to merge. The
// first row out of order hands everything kept so far to PostgreSQL's
// tuplesort, which sorts the lot (spilling as it needs); the order of the
// rows given back is the same either way.
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
  // In order so far: appends to the buffer (spilling it past work_mem).
  void keep_in_order(std::string_view key, const core::Position &at, std::string_view payload);
  void spill();
  // The first row out of order: the rows kept so far go to a tuplesort.
  void start_sort();
  void put_sorted(std::string_view key, const core::Position &at, std::string_view payload);
  // Reading back the rows kept in order.
  bool next_kept(std::string_view &key, core::Position &at, std::string_view &payload);
  bool read_kept(void *into, size_t n);

  // In order: the last row's key and position, the rows kept.
  std::string last_key_;
  core::Position last_at_{};
  // Rows back to back (header, key, payload) in blocks of about
  // kBlockBytes, so that growing never copies what is kept.
  static constexpr size_t kBlockBytes = 1 << 20;
  std::vector<std::string> blocks_;
  size_t kept_bytes_ = 0;       // in blocks_
  BufFile *file_ = nullptr;     // what spilled out of blocks_
  size_t read_block_ = 0, read_offset_ = 0;  // reading blocks_ back
  std::string record_;          // the row read from file_
  bool reading_file_ = false;

  Tuplesortstate *sort_ = nullptr;
  TupleTableSlot *slot_ = nullptr;
  MemoryContext context_ = nullptr;
  uint64_t rows_ = 0;
};

}  // namespace hrlake::pg
