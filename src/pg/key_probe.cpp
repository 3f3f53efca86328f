#include "pg/key_probe.h"

namespace hrlake::pg {

KeyProbe::KeyProbe(const catalog::Table &table, const char *index, std::vector<int> key_anums) {
  pg_call([&] {
    Oid relid = RangeVarGetRelid(makeRangeVar(const_cast<char *>(table.schema), const_cast<char *>(table.name), -1),
                                 AccessShareLock, false);
    rel_ = table_open(relid, NoLock);
    AclResult acl = pg_class_aclcheck(relid, GetUserId(), ACL_SELECT);
    if (acl != ACLCHECK_OK) aclcheck_error(acl, OBJECT_TABLE, RelationGetRelationName(rel_));
    Oid indexid = RangeVarGetRelid(makeRangeVar(const_cast<char *>(table.schema), const_cast<char *>(index), -1),
                                   AccessShareLock, false);
    index_ = index_open(indexid, NoLock);
    if (index_->rd_index->indrelid != relid || index_->rd_rel->relam != BTREE_AM_OID ||
        !index_->rd_index->indisunique)
      ereport(ERROR, (errcode(ERRCODE_WRONG_OBJECT_TYPE),
                      errmsg("\"%s\" is not a unique B-tree index of \"%s.%s\"", index, table.schema, table.name)));
    nkeys_ = IndexRelationGetNumberOfKeyAttributes(index_);
    bool as_declared = nkeys_ == static_cast<int>(key_anums.size());
    for (int i = 0; as_declared && i < nkeys_; ++i) as_declared = index_->rd_index->indkey.values[i] == key_anums[i];
    if (!as_declared)
      ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                      errmsg("the key of index \"%s\" is not the one hrlake's library expects", index),
                      errhint("The extension's tables and its library differ in version: ALTER EXTENSION hrlake UPDATE.")));
    for (int i = 0; i < nkeys_; ++i) {
      Oid type = index_->rd_opcintype[i];
      Oid op = get_opfamily_member(index_->rd_opfamily[i], type, type, BTEqualStrategyNumber);
      if (!OidIsValid(op)) elog(ERROR, "no equality operator for column %d of \"%s\"", i + 1, index);
      equal_procs_.push_back(get_opcode(op));
    }
    context_ = AllocSetContextCreate(CurTransactionContext, "hrlake key probe", ALLOCSET_SMALL_SIZES);
    MemoryContext old = MemoryContextSwitchTo(context_);
    slot_ = MakeSingleTupleTableSlot(CreateTupleDescCopyConstr(RelationGetDescr(rel_)), table_slot_callbacks(rel_));
    scan_ = index_beginscan(rel_, index_, SnapshotSelf, nkeys_, 0);
    MemoryContextSwitchTo(old);
  });
}

KeyProbe::~KeyProbe() {
  // After finish() everything is released; without it an error is on its
  // way and the transaction's abort releases the scan and the locks.
}

bool KeyProbe::exists(const Datum *keys, const bool *nulls) {
  return pg_call([&] {
    ScanKeyData k[INDEX_MAX_KEYS];
    for (int i = 0; i < nkeys_; ++i) {
      if (nulls && nulls[i])
        ScanKeyEntryInitialize(&k[i], SK_ISNULL | SK_SEARCHNULL, i + 1, InvalidStrategy, InvalidOid, InvalidOid,
                               InvalidOid, (Datum)0);
      else
        ScanKeyEntryInitialize(&k[i], 0, i + 1, BTEqualStrategyNumber, InvalidOid, index_->rd_indcollation[i],
                               equal_procs_[i], keys[i]);
    }
    MemoryContext old = MemoryContextSwitchTo(context_);
    index_rescan(scan_, k, nkeys_, NULL, 0);
    const bool found = index_getnext_slot(scan_, ForwardScanDirection, slot_);
    ExecClearTuple(slot_);
    MemoryContextSwitchTo(old);
    return found;
  });
}

void KeyProbe::finish() {
  if (finished_) return;
  pg_call([&] {
    index_endscan(scan_);
    ExecDropSingleTupleTableSlot(slot_);
    index_close(index_, NoLock);
    table_close(rel_, NoLock);
    MemoryContextDelete(context_);
  });
  finished_ = true;
}

}  // namespace hrlake::pg
