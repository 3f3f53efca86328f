// RowUpdater: ExecUpdate's and ExecDelete's per-row work
// (src/backend/executor/nodeModifyTable.c in PostgreSQL 15) for rows the
// caller located by TID.
#include "pg/row_updater.h"

namespace hrlake::pg {
namespace {

// Raises the error for a row that could not be changed. A plain C function
// body: it may leave through ereport, so it holds no C++ objects.
void raise_if_not_changed(TM_Result result, const TM_FailureData &tmfd, CommandId cid,
                          Relation rel, ItemPointerData tid, const char *what) {
  switch (result) {
    case TM_Ok:
      return;
    case TM_Updated:
    case TM_Deleted:
      ereport(ERROR, (errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
                      errmsg("could not serialize access due to concurrent %s",
                             result == TM_Updated ? "update" : "delete"),
                      errdetail("Row (%u,%u) of \"%s\" was changed by another transaction after it was read.",
                                ItemPointerGetBlockNumber(&tid), ItemPointerGetOffsetNumber(&tid),
                                RelationGetRelationName(rel)),
                      errhint("Run the job again.")));
      break;
    case TM_SelfModified:
      elog(ERROR, "row (%u,%u) of \"%s\" to %s was already changed in this transaction (command %u, now %u)",
           ItemPointerGetBlockNumber(&tid), ItemPointerGetOffsetNumber(&tid), RelationGetRelationName(rel),
           what, tmfd.cmax, cid);
      break;
    default:
      elog(ERROR, "unexpected result %d of a row %s in \"%s\"", static_cast<int>(result), what,
           RelationGetRelationName(rel));
  }
}

bool has_update_or_delete_triggers(const TriggerDesc *t) {
  return t && (t->trig_update_before_row || t->trig_update_after_row || t->trig_update_instead_row ||
               t->trig_update_before_statement || t->trig_update_after_statement ||
               t->trig_update_old_table || t->trig_update_new_table || t->trig_delete_before_row ||
               t->trig_delete_after_row || t->trig_delete_instead_row ||
               t->trig_delete_before_statement || t->trig_delete_after_statement ||
               t->trig_delete_old_table);
}

}  // namespace

// Only PostgreSQL pointers: nothing here needs a destructor.
struct RowUpdater::State {
  Relation rel = nullptr;
  EState *estate = nullptr;
  ResultRelInfo *rri = nullptr;
  CommandId cid = 0;
  bool constraints = false;
  bool generated = false;
  bool delete_checked = false;
  std::vector<AttrNumber> column_attnos;  // 0-based attribute index per column
  TupleTableSlot *old_slot = nullptr;
  TupleTableSlot *new_slot = nullptr;
};

RowUpdater::RowUpdater(const char *schema, const char *table, const std::vector<std::string> &columns)
    : state_(std::make_unique<State>()) {
  State &s = *state_;
  pg_call([&] {
    MemoryContext caller = MemoryContextSwitchTo(CurTransactionContext);
    Oid relid = RangeVarGetRelid(makeRangeVar(const_cast<char *>(schema), const_cast<char *>(table), -1),
                                 RowExclusiveLock, false);
    s.rel = table_open(relid, NoLock);
    if (s.rel->rd_rel->relkind != RELKIND_RELATION)
      ereport(ERROR, (errcode(ERRCODE_WRONG_OBJECT_TYPE),
                      errmsg("\"%s.%s\" is not a plain table", schema, table)));
    Bitmapset *updated = nullptr;
    for (const std::string &name : columns) {
      AttrNumber attno = attnameAttNum(s.rel, name.c_str(), false);
      if (attno == InvalidAttrNumber)
        ereport(ERROR, (errcode(ERRCODE_UNDEFINED_COLUMN),
                        errmsg("column \"%s\" of \"%s.%s\" does not exist", name.c_str(), schema, table)));
      s.column_attnos.push_back(attno - 1);
      updated = bms_add_member(updated, attno - FirstLowInvalidHeapAttributeNumber);
    }

    RangeTblEntry *rte = makeNode(RangeTblEntry);
    rte->rtekind = RTE_RELATION;
    rte->relid = relid;
    rte->relkind = s.rel->rd_rel->relkind;
    rte->rellockmode = RowExclusiveLock;
    rte->requiredPerms = ACL_UPDATE;
    rte->updatedCols = updated;
    // Every stored generated column is computed again (PostgreSQL 15 keeps
    // the finer choice, which ones depend on the updated columns, private).
    TupleDesc rel_desc = RelationGetDescr(s.rel);
    for (int i = 0; i < rel_desc->natts; ++i)
      if (TupleDescAttr(rel_desc, i)->attgenerated == ATTRIBUTE_GENERATED_STORED)
        rte->extraUpdatedCols = bms_add_member(rte->extraUpdatedCols, i + 1 - FirstLowInvalidHeapAttributeNumber);
    // The privileges an UPDATE of these columns needs.
    ExecCheckRTPerms(list_make1(rte), true);

    usable_ = !has_update_or_delete_triggers(s.rel->trigdesc) &&
              check_enable_rls(relid, InvalidOid, false) != RLS_ENABLED;
    if (!usable_) {
      table_close(s.rel, NoLock);
      s.rel = nullptr;
      MemoryContextSwitchTo(caller);
      return;
    }

    s.estate = CreateExecutorState();
    s.estate->es_snapshot = GetActiveSnapshot();
    ExecInitRangeTable(s.estate, list_make1(rte));
    s.rri = makeNode(ResultRelInfo);
    ExecInitResultRelation(s.estate, s.rri, 1);
    CheckValidResultRel(s.rri, CMD_UPDATE);
    ExecOpenIndices(s.rri, false);

    TupleDesc desc = RelationGetDescr(s.rel);
    s.constraints = desc->constr != nullptr;
    s.generated = desc->constr && desc->constr->has_generated_stored;
    // Slots over a descriptor that is not reference-counted (see BulkInsert).
    TupleDesc slot_desc = CreateTupleDescCopyConstr(desc);
    MemoryContext old = MemoryContextSwitchTo(s.estate->es_query_cxt);
    s.old_slot = ExecAllocTableSlot(&s.estate->es_tupleTable, slot_desc, table_slot_callbacks(s.rel));
    s.new_slot = ExecAllocTableSlot(&s.estate->es_tupleTable, slot_desc, table_slot_callbacks(s.rel));
    row_context_ = AllocSetContextCreate(s.estate->es_query_cxt, "hrlake row update",
                                         ALLOCSET_DEFAULT_SIZES);
    MemoryContextSwitchTo(old);
    MemoryContextSwitchTo(caller);
  });
}

RowUpdater::~RowUpdater() {
  // After finish() everything is released. Without it an error is on its
  // way and the transaction's abort releases the relation, the buffer pins
  // and the memory.
}

void RowUpdater::update(ItemPointerData tid, const Datum *values, const bool *nulls) {
  State &s = *state_;
  if (!usable_ || finished_) throw std::logic_error("RowUpdater::update on an unusable or finished updater");
  pg_call([&] {
    // The current command, not the one at construction: the caller's
    // statements in between may have written the row read now.
    s.cid = GetCurrentCommandId(true);
    TupleTableSlot *old_row = s.old_slot, *slot = s.new_slot;
    // Any version: if it is no longer the live one, the update below says so.
    if (!table_tuple_fetch_row_version(s.rel, &tid, SnapshotAny, old_row))
      raise_if_not_changed(TM_Deleted, TM_FailureData(), s.cid, s.rel, tid, "update");
    slot_getallattrs(old_row);
    ExecClearTuple(slot);
    const int natts = slot->tts_tupleDescriptor->natts;
    memcpy(slot->tts_values, old_row->tts_values, sizeof(Datum) * natts);
    memcpy(slot->tts_isnull, old_row->tts_isnull, sizeof(bool) * natts);
    for (size_t c = 0; c < s.column_attnos.size(); ++c) {
      slot->tts_values[s.column_attnos[c]] = values[c];
      slot->tts_isnull[s.column_attnos[c]] = nulls[c];
    }
    ExecStoreVirtualTuple(slot);
    slot->tts_tableOid = RelationGetRelid(s.rel);
    if (s.generated) ExecComputeStoredGenerated(s.rri, s.estate, slot, CMD_UPDATE);
    if (s.constraints) ExecConstraints(s.rri, slot, s.estate);

    TM_FailureData tmfd;
    LockTupleMode lockmode;
    bool update_indexes = false;
    TM_Result result = table_tuple_update(s.rel, &tid, slot, s.cid, s.estate->es_snapshot, InvalidSnapshot,
                                          true, &tmfd, &lockmode, &update_indexes);
    raise_if_not_changed(result, tmfd, s.cid, s.rel, tid, "update");
    // Not HOT: the new version needs its own index entries.
    if (update_indexes && s.rri->ri_NumIndices > 0)
      list_free(ExecInsertIndexTuples(s.rri, slot, s.estate, true, false, NULL, NIL));
    ExecClearTuple(old_row);
    ExecClearTuple(slot);
    ResetPerTupleExprContext(s.estate);
    MemoryContextReset(row_context_);
  });
}

void RowUpdater::remove(ItemPointerData tid) {
  State &s = *state_;
  if (!usable_ || finished_) throw std::logic_error("RowUpdater::remove on an unusable or finished updater");
  pg_call([&] {
    if (!s.delete_checked) {
      // The privilege a DELETE needs, checked once.
      AclResult acl = pg_class_aclcheck(RelationGetRelid(s.rel), GetUserId(), ACL_DELETE);
      if (acl != ACLCHECK_OK) aclcheck_error(acl, OBJECT_TABLE, RelationGetRelationName(s.rel));
      CheckValidResultRel(s.rri, CMD_DELETE);
      s.delete_checked = true;
    }
    s.cid = GetCurrentCommandId(true);
    TM_FailureData tmfd;
    TM_Result result = table_tuple_delete(s.rel, &tid, s.cid, s.estate->es_snapshot, InvalidSnapshot, true,
                                          &tmfd, false);
    raise_if_not_changed(result, tmfd, s.cid, s.rel, tid, "delete");
  });
}

void RowUpdater::finish() {
  State &s = *state_;
  if (finished_ || !usable_) {
    finished_ = true;
    return;
  }
  pg_call([&] {
    ExecResetTupleTable(s.estate->es_tupleTable, false);
    ExecCloseResultRelations(s.estate);
    ExecCloseRangeTableRelations(s.estate);
    table_close(s.rel, NoLock);
    FreeExecutorState(s.estate);
  });
  row_context_ = nullptr;
  finished_ = true;
}

}  // namespace hrlake::pg
