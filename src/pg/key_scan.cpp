#include "pg/key_scan.h"

namespace hrlake::pg {

KeyScan::KeyScan(const char *schema, const char *table, const char *index) {
  pg_call([&] {
    Oid relid = RangeVarGetRelid(makeRangeVar(const_cast<char *>(schema), const_cast<char *>(table), -1),
                                 AccessShareLock, false);
    rel_ = table_open(relid, NoLock);
    AclResult acl = pg_class_aclcheck(relid, GetUserId(), ACL_SELECT);
    if (acl != ACLCHECK_OK) aclcheck_error(acl, OBJECT_TABLE, RelationGetRelationName(rel_));
    Oid indexid = RangeVarGetRelid(makeRangeVar(const_cast<char *>(schema), const_cast<char *>(index), -1),
                                   AccessShareLock, false);
    index_ = index_open(indexid, NoLock);
    if (index_->rd_index->indrelid != relid || index_->rd_rel->relam != BTREE_AM_OID)
      ereport(ERROR, (errcode(ERRCODE_WRONG_OBJECT_TYPE),
                      errmsg("\"%s.%s\" is not a B-tree index of \"%s.%s\"", schema, index, schema, table)));
    // The first column's equality, as the index's operator family has it.
    Oid type = index_->rd_opcintype[0];
    Oid op = get_opfamily_member(index_->rd_opfamily[0], type, type, BTEqualStrategyNumber);
    if (!OidIsValid(op)) elog(ERROR, "no equality operator for the first column of \"%s\"", index);
    equal_proc_ = get_opcode(op);
    const RegProcedure order = get_opfamily_proc(index_->rd_opfamily[0], type, type, BTORDER_PROC);
    if (!RegProcedureIsValid(order)) elog(ERROR, "no comparison for the first column of \"%s\"", index);
    // A slot over a descriptor that is not reference-counted (see BulkInsert).
    context_ = AllocSetContextCreate(CurTransactionContext, "hrlake key scan", ALLOCSET_SMALL_SIZES);
    MemoryContext old = MemoryContextSwitchTo(context_);
    slot_ = MakeSingleTupleTableSlot(CreateTupleDescCopyConstr(RelationGetDescr(rel_)),
                                     table_slot_callbacks(rel_));
    MemoryContextSwitchTo(old);
    fmgr_info_cxt(order, &order_proc_, context_);
  });
}

KeyScan::~KeyScan() {
  // After finish() everything is released; without it an error is on its
  // way and the transaction's abort releases the scan, buffers and locks.
}

AttrNumber KeyScan::column(const char *name) const {
  AttrNumber attno = pg_call([&] { return attnameAttNum(rel_, name, false); });
  if (attno == InvalidAttrNumber) throw std::logic_error(std::string("KeyScan: no column ") + name);
  return attno;
}

int KeyScan::index_column(const char *name) const {
  const AttrNumber attno = column(name);
  for (int i = 0; i < IndexRelationGetNumberOfKeyAttributes(index_); ++i)
    if (index_->rd_index->indkey.values[i] == attno) return i;
  throw std::logic_error(std::string("KeyScan: column ") + name + " is not a key column of the index");
}

void KeyScan::begin_batch() {
  end_batch();
  pg_call([&] {
    // As a statement: a new snapshot under READ COMMITTED, the
    // transaction's under REPEATABLE READ; this transaction's earlier
    // commands' changes visible.
    CommandCounterIncrement();
    snapshot_ = RegisterSnapshot(GetTransactionSnapshot());
    MemoryContext old = MemoryContextSwitchTo(context_);
    scan_ = index_beginscan(rel_, index_, snapshot_, 1, 0);
    MemoryContextSwitchTo(old);
    // The entries' keys, for `wanted` (B-tree returns them as index-only
    // scans get them).
    scan_->xs_want_itup = true;
  });
  release_bounds();
  bool any_low = false, any_high = false;
  const bool low = edge_value(ForwardScanDirection, low_, any_low);
  const bool high = edge_value(BackwardScanDirection, high_, any_high);
  bounded_ = low && high;
  empty_ = !any_low;
  if (!bounded_) release_bounds();
}

bool KeyScan::edge_value(ScanDirection direction, Datum &value, bool &any) {
  // A scan of its own, without keys (the lookups' scan has one). Entries
  // B-tree marked dead to every transaction are skipped; any other counts,
  // visible to the snapshot or not, so the bounds hold every visible row.
  return pg_call([&] {
    MemoryContext old = MemoryContextSwitchTo(context_);
    IndexScanDesc edge = index_beginscan(rel_, index_, snapshot_, 0, 0);
    edge->xs_want_itup = true;
    index_rescan(edge, NULL, 0, NULL, 0);
    any = index_getnext_tid(edge, direction);
    bool found = false;
    if (any) {
      Datum values[INDEX_MAX_KEYS];
      bool nulls[INDEX_MAX_KEYS];
      index_deform_tuple(edge->xs_itup, edge->xs_itupdesc, values, nulls);
      if (!nulls[0]) {
        const Form_pg_attribute att = TupleDescAttr(edge->xs_itupdesc, 0);
        value = datumCopy(values[0], att->attbyval, att->attlen);
        found = true;
      }
    }
    index_endscan(edge);
    MemoryContextSwitchTo(old);
    return found;
  });
}

void KeyScan::release_bounds() {
  const Form_pg_attribute att = TupleDescAttr(RelationGetDescr(index_), 0);
  if (!att->attbyval) {
    if (low_) pfree(DatumGetPointer(low_));
    if (high_) pfree(DatumGetPointer(high_));
  }
  low_ = high_ = 0;
  bounded_ = false;
}

bool KeyScan::outside_bounds(Datum key) {
  if (empty_) return true;
  if (!bounded_) return false;
  return pg_call([&] {
    const Oid collation = index_->rd_indcollation[0];
    return DatumGetInt32(FunctionCall2Coll(&order_proc_, collation, key, low_)) < 0 ||
           DatumGetInt32(FunctionCall2Coll(&order_proc_, collation, key, high_)) > 0;
  });
}

void KeyScan::scan_backward(Datum key, const EntryFn &wanted, const RowFn &on_row) {
  if (!scan_) throw std::logic_error("KeyScan::scan_backward outside a batch");
  if (outside_bounds(key)) return;
  pg_call([&] {
    ScanKeyData k;
    ScanKeyEntryInitialize(&k, 0, 1, BTEqualStrategyNumber, InvalidOid, index_->rd_indcollation[0],
                           equal_proc_, key);
    MemoryContext old = MemoryContextSwitchTo(context_);
    index_rescan(scan_, &k, 1, NULL, 0);
    MemoryContextSwitchTo(old);
  });
  // As index_getnext_slot, with a look at each entry before the table.
  // The snapshot is an MVCC one, so an entry's HOT chain holds at most
  // one version it sees: one fetch per entry.
  Datum values[INDEX_MAX_KEYS];
  bool nulls[INDEX_MAX_KEYS];
  for (;;) {
    const bool next = pg_call([&] {
      MemoryContext old = MemoryContextSwitchTo(context_);
      const bool more = index_getnext_tid(scan_, BackwardScanDirection);
      MemoryContextSwitchTo(old);
      if (!more) return false;
      index_deform_tuple(scan_->xs_itup, scan_->xs_itupdesc, values, nulls);
      return true;
    });
    if (!next || !wanted(values, nulls)) break;
    const bool found = pg_call([&] { return index_fetch_heap(scan_, slot_); });
    if (found && !on_row(slot_)) break;
  }
}

void KeyScan::end_batch() {
  if (!scan_) return;
  pg_call([&] {
    ExecClearTuple(slot_);
    index_endscan(scan_);
    UnregisterSnapshot(snapshot_);
  });
  scan_ = nullptr;
  snapshot_ = nullptr;
}

void KeyScan::finish() {
  if (finished_) return;
  end_batch();
  pg_call([&] {
    ExecDropSingleTupleTableSlot(slot_);
    index_close(index_, NoLock);
    table_close(rel_, NoLock);
    MemoryContextDelete(context_);
  });
  finished_ = true;
}

}  // namespace hrlake::pg
