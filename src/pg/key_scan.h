// Reads the rows of a table that have one value in the first column of one
// of its B-tree indexes, in index order from the last entry back, through
// the index access method directly: one descent of the index per value and
// no statement. Used where hrlake reads a few rows for each of thousands
// of keys and needs only the latest of them (an employee's history from
// the newest record back). The caller sees each index entry's key before
// its row is fetched, so the entry that ends the scan costs no table read.
//
// Each batch of lookups runs under one snapshot (begin_batch), taken as a
// statement would take it. begin_batch also notes the lowest and highest
// first-column values the index holds (live or dead entries alike): a key
// outside them has no entry, and its lookup ends without a descent (the
// common case of a load of new keys, or of a first load). The caller needs SELECT on the table. Every
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

  // An index entry's key columns, in the index's column order.
  using EntryFn = std::function<bool(const Datum *values, const bool *nulls)>;
  using RowFn = std::function<bool(TupleTableSlot *)>;

  // The table's attribute number of a column (for the slot's values).
  AttrNumber column(const char *name) const;
  // The 0-based position of a table column among the index's key columns
  // (for the values EntryFn sees).
  int index_column(const char *name) const;
  // Starts a batch of lookups under a snapshot taken now; ends the last.
  void begin_batch();
  // Walks the entries whose first index column equals `key` (a value of
  // that column's type), last in index order first. `wanted` sees each
  // entry's key; false ends the walk before its row is read (entries
  // further back sort at or below it). Otherwise the row is fetched and,
  // when the snapshot sees it, handed to on_row; false from on_row ends
  // the walk too. The slot is valid only during the call.
  void scan_backward(Datum key, const EntryFn &wanted, const RowFn &on_row);
  // Whether `key` lies outside the batch's bounds (see above): no row
  // the snapshot sees has it.
  bool outside_bounds(Datum key);
  // Ends the batch and closes the table and the index.
  void finish();

 private:
  void end_batch();
  // The first-column value (copied) of the first entry in `direction`;
  // false when the index is empty (`any` false) or that entry's first
  // column is null.
  bool edge_value(ScanDirection direction, Datum &value, bool &any);
  void release_bounds();

  Relation rel_ = nullptr;
  Relation index_ = nullptr;
  IndexScanDesc scan_ = nullptr;
  Snapshot snapshot_ = nullptr;
  // The index AM allocates at rescans (B-tree: its tuple buffers) in the
  // current memory context: this one outlives the scan, whatever the
  // caller's context is then.
  MemoryContext context_ = nullptr;
  TupleTableSlot *slot_ = nullptr;
  RegProcedure equal_proc_ = InvalidOid;
  FmgrInfo order_proc_;  // the first column's B-tree comparison
  bool bounded_ = false;  // low_ and high_ hold the batch's bounds
  bool empty_ = false;    // the index had no entry at all
  Datum low_ = 0, high_ = 0;
  bool finished_ = false;
};

}  // namespace hrlake::pg
