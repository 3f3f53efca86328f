// Writes many rows into one table the way COPY FROM does: buffered
// table_multi_insert (one WAL record per page instead of one per row),
// then the index entries, constraints and triggers of every row. Used where
// hrlake writes millions of rows and an INSERT of arrays through SPI would
// cost more than the work that produced them.
//
// It behaves like an INSERT of the named columns: the other columns get
// their defaults (identity included), stored generated columns are
// computed, CHECK and NOT NULL constraints and unique indexes are enforced,
// and the table's triggers fire (statement triggers once, row triggers per
// row; with BEFORE ROW triggers or volatile defaults rows are inserted one
// at a time, as COPY does). A partitioned table's rows are routed to their
// partitions as COPY routes them (a buffer per partition; a partition's
// own BEFORE ROW triggers make its rows go one at a time).
//
// Every PostgreSQL call goes through pg_call. After an error the writer is
// unusable; the transaction aborts and releases what it held.
#pragma once

#include "pg/catalog.h"
#include "pg/error_bridge.h"

namespace hrlake::pg {

class BulkInsert {
 public:
  BulkInsert(const char *schema, const char *table, const std::vector<std::string> &columns);
  // The columns `anums` of a declared table (catalog.h); add_row() takes a
  // whole row of it, indexed by attribute number - 1.
  BulkInsert(const catalog::Table &table, std::vector<int> anums);
  ~BulkInsert();
  BulkInsert(const BulkInsert &) = delete;
  BulkInsert &operator=(const BulkInsert &) = delete;

  // Where the caller builds a row's by-reference values: add() copies the
  // row, then resets this context.
  MemoryContext row_context() const { return row_context_; }
  // Adds one row: values and nulls in the order of the constructor's
  // columns. Rows reach the table in batches; finish() writes the last one.
  void add(const Datum *values, const bool *nulls);
  void add_row(const Datum *values, const bool *nulls);
  // Rows added and not yet in the table (0 right after a batch is written).
  int buffered() const;
  // Writes buffered rows, fires statement-level AFTER triggers and the
  // queued row triggers. Must be called once all rows are added.
  void finish();
  uint64_t rows() const { return rows_; }

 private:
  struct State;
  void flush();

  std::unique_ptr<State> state_;
  MemoryContext row_context_ = nullptr;
  std::vector<int> anums_;  // add_row(): the written attributes, 0-based
  std::vector<Datum> packed_values_;
  uint64_t rows_ = 0;
  bool finished_ = false;
};

}  // namespace hrlake::pg
