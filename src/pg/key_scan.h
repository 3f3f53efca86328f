// Reads the rows of a table that have one value in the first column of one
// of its B-tree indexes, in index order from the last entry back, through
// the index access method directly: one descent of the index per value and
// no statement. Used where hrlake reads a few rows for each of thousands
// of keys and needs only the latest of them (an employee's history from
// the newest record back).
//
// Each batch of lookups runs under one snapshot (begin_batch), taken as a
// statement would take it. The caller needs SELECT on the table. Every
// PostgreSQL call goes through pg_call.
#pragma once

#include "pg/error_bridge.h"

namespace hrlake::pg {

class KeyScan {
 public:
  KeyScan(const char *schema, const char *table, const char *index);
  ~KeyScan();
  KeyScan(const KeyScan &) = delete;
  KeyScan &operator=(const KeyScan &) = delete;

  // The table's attribute number of a column (for the slot's values).
  AttrNumber column(const char *name) const;
  // Starts a batch of lookups under a snapshot taken now; ends the last.
  void begin_batch();
  // Calls on_row with each row whose first index column equals `key`
  // (a value of that column's type), last in index order first, until it
  // returns false. The slot is valid only during the call.
  void scan_backward(Datum key, const std::function<bool(TupleTableSlot *)> &on_row);
  // Ends the batch and closes the table and the index.
  void finish();

 private:
  void end_batch();

  Relation rel_ = nullptr;
  Relation index_ = nullptr;
  IndexScanDesc scan_ = nullptr;
  Snapshot snapshot_ = nullptr;
  TupleTableSlot *slot_ = nullptr;
  RegProcedure equal_proc_ = InvalidOid;
  bool finished_ = false;
};

}  // namespace hrlake::pg
