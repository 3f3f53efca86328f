#include "pg/target_table.h"

namespace hrlake::pg {

void TargetTable::open(const char *schema, const char *table, CmdType cmd,
                       const std::vector<std::string> &columns) {
  // The writer's state lives until close() or the end of the
  // (sub)transaction, whatever context the caller is in.
  MemoryContext caller = MemoryContextSwitchTo(CurTransactionContext);
  Oid relid = RangeVarGetRelid(makeRangeVar(const_cast<char *>(schema), const_cast<char *>(table), -1),
                               RowExclusiveLock, false);
  rel = table_open(relid, NoLock);
  // Rows are inserted into a partitioned table by routing each to its
  // partition (BulkInsert); updated in place only in a plain table.
  const bool insertable = rel->rd_rel->relkind == RELKIND_RELATION ||
                          (cmd == CMD_INSERT && rel->rd_rel->relkind == RELKIND_PARTITIONED_TABLE);
  if (!insertable)
    ereport(ERROR, (errcode(ERRCODE_WRONG_OBJECT_TYPE),
                    errmsg("\"%s.%s\" is not a plain table", schema, table),
                    errdetail("hrlake writes its rows in bulk, which needs a plain or (for inserts) a partitioned table.")));
  TupleDesc desc = RelationGetDescr(rel);
  Bitmapset *written = nullptr;
  for (const std::string &name : columns) {
    AttrNumber attno = attnameAttNum(rel, name.c_str(), false);
    if (attno == InvalidAttrNumber)
      ereport(ERROR, (errcode(ERRCODE_UNDEFINED_COLUMN),
                      errmsg("column \"%s\" of \"%s.%s\" does not exist", name.c_str(), schema, table)));
    column_attnos.push_back(attno - 1);
    written = bms_add_member(written, attno - FirstLowInvalidHeapAttributeNumber);
  }

  RangeTblEntry *rte = makeNode(RangeTblEntry);
  rte->rtekind = RTE_RELATION;
  rte->relid = relid;
  rte->relkind = rel->rd_rel->relkind;
  rte->rellockmode = RowExclusiveLock;
  if (cmd == CMD_INSERT) {
    rte->requiredPerms = ACL_INSERT;
    rte->insertedCols = written;
  } else {
    rte->requiredPerms = ACL_UPDATE;
    rte->updatedCols = written;
    // Every stored generated column is computed again (PostgreSQL 15 keeps
    // the finer choice, which ones depend on the updated columns, private).
    for (int i = 0; i < desc->natts; ++i)
      if (TupleDescAttr(desc, i)->attgenerated == ATTRIBUTE_GENERATED_STORED)
        rte->extraUpdatedCols =
            bms_add_member(rte->extraUpdatedCols, i + 1 - FirstLowInvalidHeapAttributeNumber);
  }
  // The privileges the statement would need.
  ExecCheckRTPerms(list_make1(rte), true);

  estate = CreateExecutorState();
  estate->es_snapshot = GetActiveSnapshot();
  ExecInitRangeTable(estate, list_make1(rte));
  rri = makeNode(ResultRelInfo);
  ExecInitResultRelation(estate, rri, 1);
  CheckValidResultRel(rri, cmd);
  ExecOpenIndices(rri, false);

  slot_desc = CreateTupleDescCopyConstr(desc);
  constraints = desc->constr != nullptr;
  generated = desc->constr && desc->constr->has_generated_stored;
  MemoryContextSwitchTo(caller);
}

void TargetTable::check_declared(const catalog::Table &declared) const {
  TupleDesc desc = RelationGetDescr(rel);
  for (size_t i = 0; i < declared.columns.size(); ++i) {
    const bool same = static_cast<int>(i) < desc->natts && !TupleDescAttr(desc, i)->attisdropped &&
                      strcmp(NameStr(TupleDescAttr(desc, i)->attname), declared.columns[i]) == 0;
    if (!same)
      ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                      errmsg("table \"%s.%s\" is not the one this hrlake library writes", declared.schema,
                             declared.name),
                      errdetail("Column %d should be \"%s\".", static_cast<int>(i) + 1, declared.columns[i]),
                      errhint("The extension's SQL objects and its library are of different versions: "
                              "run ALTER EXTENSION hrlake UPDATE.")));
  }
}

TupleTableSlot *TargetTable::make_slot() {
  MemoryContext old = MemoryContextSwitchTo(estate->es_query_cxt);
  TupleTableSlot *slot = ExecAllocTableSlot(&estate->es_tupleTable, slot_desc, table_slot_callbacks(rel));
  MemoryContextSwitchTo(old);
  return slot;
}

// As ExecComputeStoredGenerated, less its copy of every value and its
// materialization of the row (4.5% of scd2_merge): the writers form the
// row from the slot right after, which copies what it needs.
void TargetTable::compute_generated(TupleTableSlot *slot, CmdType cmd) {
  if (!generated) return;
  // A BEFORE ROW trigger that returned a row of its own left a slot that is
  // not virtual: PostgreSQL's way, which copies the values first.
  if (!TTS_IS_VIRTUAL(slot)) {
    ExecComputeStoredGenerated(rri, estate, slot, cmd);
    return;
  }
  if (!rri->ri_GeneratedExprs) ExecInitStoredGenerated(rri, estate, cmd);
  if (rri->ri_NumGeneratedNeeded == 0) return;
  ExprContext *econtext = GetPerTupleExprContext(estate);
  MemoryContext old = MemoryContextSwitchTo(GetPerTupleMemoryContext(estate));
  econtext->ecxt_scantuple = slot;
  const int natts = slot->tts_tupleDescriptor->natts;
  for (int i = 0; i < natts; ++i)
    if (rri->ri_GeneratedExprs[i])
      slot->tts_values[i] = ExecEvalExpr(rri->ri_GeneratedExprs[i], econtext, &slot->tts_isnull[i]);
  MemoryContextSwitchTo(old);
}

void TargetTable::close() {
  ExecResetTupleTable(estate->es_tupleTable, false);
  ExecCloseResultRelations(estate);
  ExecCloseRangeTableRelations(estate);
  // The range table opened its own reference; this drops ours.
  table_close(rel, NoLock);
  FreeExecutorState(estate);
  rel = nullptr;
  estate = nullptr;
  rri = nullptr;
}

}  // namespace hrlake::pg
