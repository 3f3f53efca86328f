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
// (including foreign keys that reference it) or row-level security, usable()
// is false and the caller must use SQL, which honours them. The caller's
// privileges are checked as the statement would check them.
//
// Every PostgreSQL call goes through pg_call. After an error the updater is
// unusable; the transaction aborts and releases what it held.
#pragma once

#include "pg/error_bridge.h"

namespace hrlake::pg {

class RowUpdater {
 public:
  // `columns`: the columns update() sets, in the order of its values.
  RowUpdater(const char *schema, const char *table, const std::vector<std::string> &columns);
  ~RowUpdater();
  RowUpdater(const RowUpdater &) = delete;
  RowUpdater &operator=(const RowUpdater &) = delete;

  // False when the table needs an SQL statement (see above); then update()
  // and remove() must not be called.
  bool usable() const { return usable_; }
  // Where the caller builds a row's by-reference values: update() resets it.
  MemoryContext row_context() const { return row_context_; }
  // Gives the row at `tid` the values of the constructor's columns.
  void update(ItemPointerData tid, const Datum *values, const bool *nulls);
  void remove(ItemPointerData tid);
  // Closes the table. Must be called once all rows are changed.
  void finish();

 private:
  struct State;
  void check_result(int result, const char *what);

  std::unique_ptr<State> state_;
  MemoryContext row_context_ = nullptr;
  bool usable_ = false;
  bool finished_ = false;
};

}  // namespace hrlake::pg
