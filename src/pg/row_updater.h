// Updates and deletes rows of one table found by their TID, the way an
// UPDATE or DELETE statement's executor does for each row, without a
// statement per batch: the new version is written with table_tuple_update,
// index entries are added when the update is not HOT, stored generated
// columns are recomputed, and CHECK and NOT NULL constraints and unique
// indexes are enforced. Used where hrlake read the rows itself moments
// before and knows exactly which ones change, so the statement's join
// (one index probe per row) would be pure overhead.
//
// A row changed by another transaction since it was read raises a
// serialization failure (40001): the caller's decision was made on the old
// version, so the whole job must run again (hrlake's jobs retry 40001).
//
// Not every table can be written this way: with UPDATE or DELETE triggers
// (including foreign keys that reference it) or row-level security,
// in_place() is false and each change is made by an UPDATE or DELETE
// statement on the row's ctid instead, which honours them (and raises the
// same serialization failure when the row moved). The caller's privileges
// are checked as the statement would check them.
//
// Every PostgreSQL call goes through pg_call. After an error the updater is
// unusable; the transaction aborts and releases what it held.
#pragma once

#include "pg/catalog.h"
#include "pg/error_bridge.h"

namespace hrlake::pg {

class RowUpdater {
 public:
  // `columns`: the columns update() sets, in the order of its values.
  RowUpdater(const char *schema, const char *table, const std::vector<std::string> &columns);
  // The columns `anums` of a declared table (catalog.h); update_row()
  // takes a whole row of it, indexed by attribute number - 1.
  RowUpdater(const catalog::Table &table, std::vector<int> anums);
  ~RowUpdater();
  RowUpdater(const RowUpdater &) = delete;
  RowUpdater &operator=(const RowUpdater &) = delete;

  // True when rows are changed in place; false when through statements
  // (see above).
  bool usable() const { return usable_; }
  // Where the caller builds a row's by-reference values: update() resets it.
  MemoryContext row_context() const { return row_context_; }
  // Gives the row at `tid` the values of the constructor's columns.
  void update(ItemPointerData tid, const Datum *values, const bool *nulls);
  void update_row(ItemPointerData tid, const Datum *values, const bool *nulls);
  void remove(ItemPointerData tid);
  // Closes the table. Must be called once all rows are changed.
  void finish();

  struct State;  // the PostgreSQL side (row_updater.cpp)

 private:
  void check_result(int result, const char *what);
  void update_with_sql(ItemPointerData tid, const Datum *values, const bool *nulls);
  void remove_with_sql(ItemPointerData tid);

  std::unique_ptr<State> state_;
  std::vector<int> anums_;  // update_row(): the updated attributes, 0-based
  std::vector<Datum> packed_values_;
  MemoryContext row_context_ = nullptr;
  bool usable_ = false;
  bool finished_ = false;
};

}  // namespace hrlake::pg
