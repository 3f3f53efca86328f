// Whether a table holds a row with a given key, as its unique index sees
// it: committed rows and this transaction's own, those written by the
// current command included (SnapshotSelf). The ingest asks before it
// writes a row that must not be there twice (a message key, a word), so a
// duplicate is counted instead of failing the unique index.
#pragma once

#include "pg/catalog.h"
#include "pg/error_bridge.h"

namespace hrlake::pg {

class KeyProbe {
 public:
  // `index`: a unique B-tree index of the table, in its schema, whose key
  // is the columns `key_anums` in that order (checked: a key of other
  // columns or order would compare values of the wrong types).
  KeyProbe(const catalog::Table &table, const char *index, std::vector<int> key_anums);
  ~KeyProbe();
  KeyProbe(const KeyProbe &) = delete;
  KeyProbe &operator=(const KeyProbe &) = delete;

  // True when a row has these key values (in the order of key_anums); a
  // null matches a null (for NULLS NOT DISTINCT indexes).
  bool exists(const Datum *keys, const bool *nulls = nullptr);
  void finish();

 private:
  Relation rel_ = nullptr;
  Relation index_ = nullptr;
  IndexScanDesc scan_ = nullptr;
  MemoryContext context_ = nullptr;  // for the index AM's allocations (see KeyScan)
  TupleTableSlot *slot_ = nullptr;
  int nkeys_ = 0;
  std::vector<RegProcedure> equal_procs_;
  bool finished_ = false;
};

}  // namespace hrlake::pg
