// The table a hrlake writer (BulkInsert, RowUpdater) changes rows of,
// opened the way the executor opens an INSERT's or UPDATE's result
// relation: RowExclusiveLock, a plain table, the caller's privileges on
// the written columns checked as the statement would check them, an
// executor state with the table's indexes open.
//
// All functions may raise PostgreSQL errors: call them inside pg_call.
// Everything lives in CurTransactionContext or the executor state, so an
// error needs no cleanup here: the transaction's abort releases it.
#pragma once

#include "pg/catalog.h"
#include "pg/pg_includes.h"

namespace hrlake::pg {

struct TargetTable {
  Relation rel = nullptr;
  EState *estate = nullptr;
  ResultRelInfo *rri = nullptr;
  // The table's descriptor, copied: a slot over the relation's own
  // descriptor pins it in the resource owner, which keeps pins in an
  // open-addressed array; a thousand pins of one descriptor make every
  // other pin and unpin of it in the transaction (a unique check makes one
  // per index entry) walk past all of them.
  TupleDesc slot_desc = nullptr;
  std::vector<AttrNumber> column_attnos;  // 0-based attribute index per written column
  bool constraints = false;               // CHECK or NOT NULL to enforce
  bool generated = false;                 // stored generated columns to compute

  // Opens schema.table for `cmd` (CMD_INSERT or CMD_UPDATE) of `columns`.
  void open(const char *schema, const char *table, CmdType cmd, const std::vector<std::string> &columns);
  // Raises an error unless the table's columns are the declared ones (the
  // library and the installed SQL objects are of one version).
  void check_declared(const catalog::Table &declared) const;
  // A slot over slot_desc that lives as long as the executor state.
  TupleTableSlot *make_slot();
  // Evaluates the stored generated columns of the row in `slot` (a virtual
  // slot holding every column) into it, for `cmd`. Values made here live
  // in the per-tuple context: the caller forms the row before resetting it.
  void compute_generated(TupleTableSlot *slot, CmdType cmd);
  // Releases the executor state and the relation (the lock stays until
  // the end of the transaction).
  void close();
};

}  // namespace hrlake::pg
