// BulkInsert: COPY FROM's write path (src/backend/commands/copyfrom.c in
// PostgreSQL 15) for rows built in C++.
#include "pg/bulk_insert.h"

#include "core/error.h"

namespace hrlake::pg {
namespace {

// As COPY: flush after this many rows or bytes, whichever comes first.
constexpr int kMaxBufferedRows = 1000;
constexpr size_t kMaxBufferedBytes = 64 * 1024;

}  // namespace

// Only PostgreSQL pointers: nothing here needs a destructor.
struct BulkInsert::State {
  Relation rel = nullptr;
  EState *estate = nullptr;
  ResultRelInfo *rri = nullptr;
  TransitionCaptureState *transitions = nullptr;
  BulkInsertState bistate = nullptr;
  CommandId cid = 0;
  bool one_at_a_time = false;
  bool before_row_triggers = false;
  bool constraints = false;
  bool generated = false;
  std::vector<AttrNumber> column_attnos;  // 0-based attribute index per column
  std::vector<ExprState *> default_exprs;
  std::vector<AttrNumber> default_attnos;
  TupleDesc slot_desc = nullptr;  // the table's, not reference-counted
  std::vector<TupleTableSlot *> slots;  // created on first use
  int used = 0;
  size_t buffered_bytes = 0;
};

BulkInsert::BulkInsert(const char *schema, const char *table, const std::vector<std::string> &columns)
    : state_(std::make_unique<State>()) {
  State &s = *state_;
  std::vector<bool> given;
  pg_call([&] {
    // The writer's state lives until finish() or the end of the
    // (sub)transaction, whatever context the caller is in.
    MemoryContext caller = MemoryContextSwitchTo(CurTransactionContext);
    Oid relid = RangeVarGetRelid(makeRangeVar(const_cast<char *>(schema), const_cast<char *>(table), -1),
                                 RowExclusiveLock, false);
    s.rel = table_open(relid, NoLock);
    if (s.rel->rd_rel->relkind != RELKIND_RELATION)
      ereport(ERROR, (errcode(ERRCODE_WRONG_OBJECT_TYPE),
                      errmsg("\"%s.%s\" is not a plain table", schema, table),
                      errdetail("hrlake writes its rows in bulk, which needs a plain table.")));
    TupleDesc desc = RelationGetDescr(s.rel);
    // The buffered slots use a copy of the table's descriptor that is not
    // reference-counted. A slot over the relation's own descriptor pins it
    // in the resource owner, which keeps pins in an open-addressed array:
    // a thousand pins of one descriptor make every other pin and unpin of
    // it in the transaction (a unique check makes one per index entry)
    // walk past all of them.
    s.slot_desc = CreateTupleDescCopyConstr(desc);
    given.assign(desc->natts, false);
    for (const std::string &name : columns) {
      AttrNumber attno = attnameAttNum(s.rel, name.c_str(), false);
      if (attno == InvalidAttrNumber)
        ereport(ERROR, (errcode(ERRCODE_UNDEFINED_COLUMN),
                        errmsg("column \"%s\" of \"%s.%s\" does not exist", name.c_str(), schema, table)));
      s.column_attnos.push_back(attno - 1);
      given[attno - 1] = true;
    }

    s.estate = CreateExecutorState();
    RangeTblEntry *rte = makeNode(RangeTblEntry);
    rte->rtekind = RTE_RELATION;
    rte->relid = relid;
    rte->relkind = s.rel->rd_rel->relkind;
    rte->rellockmode = RowExclusiveLock;
    rte->requiredPerms = ACL_INSERT;
    for (AttrNumber attno : s.column_attnos)
      rte->insertedCols = bms_add_member(rte->insertedCols, attno + 1 - FirstLowInvalidHeapAttributeNumber);
    // The privileges an INSERT of these columns needs.
    ExecCheckRTPerms(list_make1(rte), true);
    ExecInitRangeTable(s.estate, list_make1(rte));
    s.rri = makeNode(ResultRelInfo);
    ExecInitResultRelation(s.estate, s.rri, 1);
    CheckValidResultRel(s.rri, CMD_INSERT);
    ExecOpenIndices(s.rri, false);

    MemoryContext old = MemoryContextSwitchTo(s.estate->es_query_cxt);
    bool volatile_defaults = false;
    for (int i = 0; i < desc->natts; ++i) {
      Form_pg_attribute att = TupleDescAttr(desc, i);
      if (att->attisdropped || given[i] || att->attgenerated) continue;
      Expr *expr = reinterpret_cast<Expr *>(build_column_default(s.rel, i + 1));
      if (!expr) continue;
      expr = expression_planner(expr);
      s.default_exprs.push_back(ExecInitExpr(expr, NULL));
      s.default_attnos.push_back(i);
      volatile_defaults = volatile_defaults || contain_volatile_functions_not_nextval(reinterpret_cast<Node *>(expr));
    }
    MemoryContextSwitchTo(old);

    TriggerDesc *triggers = s.rri->ri_TrigDesc;
    s.before_row_triggers = triggers && triggers->trig_insert_before_row;
    // Like COPY: rows one at a time when a BEFORE ROW trigger or a volatile
    // default might look at the rows written so far.
    s.one_at_a_time = s.before_row_triggers || volatile_defaults;
    s.constraints = desc->constr != nullptr;
    s.generated = desc->constr && desc->constr->has_generated_stored;
    s.cid = GetCurrentCommandId(true);
    // As COPY: a ring of buffers, so that a big load does not push
    // everything else out of shared_buffers (measured: no slower here).
    s.bistate = GetBulkInsertState();

    AfterTriggerBeginQuery();
    s.transitions = MakeTransitionCaptureState(triggers, relid, CMD_INSERT);
    ExecBSInsertTriggers(s.estate, s.rri);
    row_context_ = AllocSetContextCreate(s.estate->es_query_cxt, "hrlake bulk insert row",
                                         ALLOCSET_DEFAULT_SIZES);
    MemoryContextSwitchTo(caller);
  });
  s.slots.assign(kMaxBufferedRows, nullptr);
}

BulkInsert::~BulkInsert() {
  // After finish() everything is released. Without it an error is on its
  // way and the transaction's abort releases the relation, the executor
  // state and the memory.
}

void BulkInsert::add(const Datum *values, const bool *nulls) {
  State &s = *state_;
  if (finished_) throw std::logic_error("BulkInsert::add after finish");
  pg_call([&] {
    if (!s.slots[s.used]) {
      // Slots (and the rows they hold) live as long as the writer, not in
      // whatever context the caller happens to be in.
      MemoryContext old = MemoryContextSwitchTo(s.estate->es_query_cxt);
      s.slots[s.used] = ExecAllocTableSlot(&s.estate->es_tupleTable, s.slot_desc,
                                           table_slot_callbacks(s.rel));
      MemoryContextSwitchTo(old);
    }
    TupleTableSlot *slot = s.slots[s.used];
    ExecClearTuple(slot);
    const int natts = slot->tts_tupleDescriptor->natts;
    for (int i = 0; i < natts; ++i) {
      slot->tts_values[i] = (Datum)0;
      slot->tts_isnull[i] = true;
    }
    for (size_t c = 0; c < s.column_attnos.size(); ++c) {
      slot->tts_values[s.column_attnos[c]] = values[c];
      slot->tts_isnull[s.column_attnos[c]] = nulls[c];
    }
    ExprContext *econtext = GetPerTupleExprContext(s.estate);
    MemoryContext old = MemoryContextSwitchTo(GetPerTupleMemoryContext(s.estate));
    for (size_t d = 0; d < s.default_exprs.size(); ++d)
      slot->tts_values[s.default_attnos[d]] =
          ExecEvalExpr(s.default_exprs[d], econtext, &slot->tts_isnull[s.default_attnos[d]]);
    MemoryContextSwitchTo(old);
    ExecStoreVirtualTuple(slot);
    slot->tts_tableOid = RelationGetRelid(s.rel);

    // A BEFORE ROW trigger may skip the row (or change it).
    const bool keep = !s.before_row_triggers || ExecBRInsertTriggers(s.estate, s.rri, slot);
    if (keep) {
      if (s.generated) ExecComputeStoredGenerated(s.rri, s.estate, slot, CMD_INSERT);
      if (s.constraints) ExecConstraints(s.rri, slot, s.estate);
      // The row's values now live in the slot's own tuple: the caller's may go.
      ExecMaterializeSlot(slot);
      s.buffered_bytes += ExecFetchSlotHeapTuple(slot, false, NULL)->t_len;
      ++s.used;
      ++rows_;
    }
    ResetPerTupleExprContext(s.estate);
    MemoryContextReset(row_context_);
  });
  if (s.used > 0 && (s.one_at_a_time || s.used == kMaxBufferedRows || s.buffered_bytes >= kMaxBufferedBytes))
    flush();
}

void BulkInsert::flush() {
  State &s = *state_;
  pg_call([&] {
    MemoryContext old = MemoryContextSwitchTo(GetPerTupleMemoryContext(s.estate));
    if (s.used == 1)
      table_tuple_insert(s.rel, s.slots[0], s.cid, 0, s.bistate);
    else
      table_multi_insert(s.rel, s.slots.data(), s.used, s.cid, 0, s.bistate);
    MemoryContextSwitchTo(old);
    for (int i = 0; i < s.used; ++i) {
      List *recheck = NIL;
      if (s.rri->ri_NumIndices > 0)
        recheck = ExecInsertIndexTuples(s.rri, s.slots[i], s.estate, false, false, NULL, NIL);
      ExecARInsertTriggers(s.estate, s.rri, s.slots[i], recheck, s.transitions);
      list_free(recheck);
      ExecClearTuple(s.slots[i]);
    }
    ResetPerTupleExprContext(s.estate);
  });
  s.used = 0;
  s.buffered_bytes = 0;
}

void BulkInsert::finish() {
  State &s = *state_;
  if (finished_) return;
  if (s.used > 0) flush();
  pg_call([&] {
    FreeBulkInsertState(s.bistate);
    table_finish_bulk_insert(s.rel, 0);
    ExecASInsertTriggers(s.estate, s.rri, s.transitions);
    AfterTriggerEndQuery(s.estate);
    ExecResetTupleTable(s.estate->es_tupleTable, false);
    ExecCloseResultRelations(s.estate);
    ExecCloseRangeTableRelations(s.estate);
    // The range table opened its own reference; this drops ours (the lock
    // stays until the end of the transaction).
    table_close(s.rel, NoLock);
    FreeExecutorState(s.estate);
  });
  row_context_ = nullptr;
  finished_ = true;
}

}  // namespace hrlake::pg
