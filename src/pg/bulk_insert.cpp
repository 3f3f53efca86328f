// BulkInsert: COPY FROM's write path (src/backend/commands/copyfrom.c in
// PostgreSQL 15) for rows built in C++, partition routing included.
#include "pg/bulk_insert.h"

#include "core/error.h"
#include "pg/target_table.h"

namespace hrlake::pg {
namespace {

// As COPY: flush after this many rows or bytes, whichever comes first.
constexpr int kMaxBufferedRows = 1000;
constexpr size_t kMaxBufferedBytes = 64 * 1024;

}  // namespace

// Rows waiting for one table (a plain target, or one partition of a
// partitioned target), as COPY's CopyMultiInsertBuffer.
struct RowBuffer {
  ResultRelInfo *rri = nullptr;
  BulkInsertState bistate = nullptr;  // per table, as COPY: it pins a page of it
  std::vector<TupleTableSlot *> slots;  // created on first use
  int used = 0;
  bool before_row_triggers = false;
};

// Only PostgreSQL pointers: nothing here needs a destructor.
struct BulkInsert::State {
  TargetTable table;
  TransitionCaptureState *transitions = nullptr;
  CommandId cid = 0;
  bool one_at_a_time = false;
  std::vector<ExprState *> default_exprs;
  std::vector<AttrNumber> default_attnos;
  // A partitioned target: rows are routed to their partition (as COPY).
  ModifyTableState *mtstate = nullptr;
  PartitionTupleRouting *routing = nullptr;
  TupleTableSlot *root_slot = nullptr;  // the row as given, before routing
  std::vector<RowBuffer> buffers;       // the plain target's, or one per partition seen
  int used = 0;                         // rows buffered, all buffers
  size_t buffered_bytes = 0;

  RowBuffer &buffer_for(ResultRelInfo *rri);
};

RowBuffer &BulkInsert::State::buffer_for(ResultRelInfo *rri) {
  for (RowBuffer &b : buffers)
    if (b.rri == rri) return b;
  RowBuffer &b = buffers.emplace_back();
  b.rri = rri;
  // It lives as long as the writer, whatever context the caller is in.
  MemoryContext old = MemoryContextSwitchTo(table.estate->es_query_cxt);
  b.bistate = GetBulkInsertState();
  MemoryContextSwitchTo(old);
  b.slots.assign(kMaxBufferedRows, nullptr);
  b.before_row_triggers = rri->ri_TrigDesc && rri->ri_TrigDesc->trig_insert_before_row;
  if (rri->ri_FdwRoutine)
    ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                    errmsg("hrlake cannot write rows into the foreign table \"%s\"",
                           RelationGetRelationName(rri->ri_RelationDesc))));
  return b;
}

BulkInsert::BulkInsert(const char *schema, const char *table, const std::vector<std::string> &columns)
    : state_(std::make_unique<State>()) {
  State &s = *state_;
  pg_call([&] {
    s.table.open(schema, table, CMD_INSERT, columns);
    Relation rel = s.table.rel;
    EState *estate = s.table.estate;
    TupleDesc desc = RelationGetDescr(rel);
    std::vector<bool> given(desc->natts, false);
    for (AttrNumber attno : s.table.column_attnos) given[attno] = true;

    MemoryContext caller = MemoryContextSwitchTo(estate->es_query_cxt);
    bool volatile_defaults = false;
    for (int i = 0; i < desc->natts; ++i) {
      Form_pg_attribute att = TupleDescAttr(desc, i);
      if (att->attisdropped || given[i] || att->attgenerated) continue;
      Expr *expr = reinterpret_cast<Expr *>(build_column_default(rel, i + 1));
      if (!expr) continue;
      expr = expression_planner(expr);
      s.default_exprs.push_back(ExecInitExpr(expr, NULL));
      s.default_attnos.push_back(i);
      volatile_defaults = volatile_defaults || contain_volatile_functions_not_nextval(reinterpret_cast<Node *>(expr));
    }

    TriggerDesc *triggers = s.table.rri->ri_TrigDesc;
    const bool partitioned = rel->rd_rel->relkind == RELKIND_PARTITIONED_TABLE;
    // Like COPY: rows one at a time when a BEFORE ROW trigger or a volatile
    // default might look at the rows written so far (a partition's BEFORE
    // ROW triggers make its rows go one at a time, see add()).
    s.one_at_a_time = (!partitioned && triggers && triggers->trig_insert_before_row) || volatile_defaults;
    s.cid = GetCurrentCommandId(true);

    AfterTriggerBeginQuery();
    s.transitions = MakeTransitionCaptureState(triggers, RelationGetRelid(rel), CMD_INSERT);
    if (partitioned) {
      // As COPY: a ModifyTableState for routing's sake only.
      s.mtstate = makeNode(ModifyTableState);
      s.mtstate->ps.plan = NULL;
      s.mtstate->ps.state = estate;
      s.mtstate->operation = CMD_INSERT;
      s.mtstate->mt_nrels = 1;
      s.mtstate->resultRelInfo = s.table.rri;
      s.mtstate->rootResultRelInfo = s.table.rri;
      s.mtstate->mt_transition_capture = s.transitions;
      s.routing = ExecSetupPartitionTupleRouting(estate, rel);
      s.root_slot = s.table.make_slot();
    } else {
      // As COPY: a ring of buffers, so that a big load does not push
      // everything else out of shared_buffers (measured: no slower here).
      s.buffer_for(s.table.rri);
    }
    ExecBSInsertTriggers(estate, s.table.rri);
    row_context_ = AllocSetContextCreate(estate->es_query_cxt, "hrlake bulk insert row",
                                         ALLOCSET_DEFAULT_SIZES);
    MemoryContextSwitchTo(caller);
  });
}

namespace {
std::vector<std::string> declared_names(const catalog::Table &table, const std::vector<int> &anums) {
  std::vector<std::string> names;
  for (int a : anums) names.emplace_back(table.columns.at(a - 1));
  return names;
}

// A slot for `rri`'s table that lives as long as the executor state, over
// a copy of its descriptor (see TargetTable::slot_desc).
TupleTableSlot *table_slot(EState *estate, ResultRelInfo *rri) {
  Relation rel = rri->ri_RelationDesc;
  MemoryContext old = MemoryContextSwitchTo(estate->es_query_cxt);
  TupleTableSlot *slot = ExecAllocTableSlot(&estate->es_tupleTable, CreateTupleDescCopyConstr(RelationGetDescr(rel)),
                                            table_slot_callbacks(rel));
  MemoryContextSwitchTo(old);
  return slot;
}
}  // namespace

BulkInsert::BulkInsert(const catalog::Table &table, std::vector<int> anums)
    : BulkInsert(table.schema, table.name, declared_names(table, anums)) {
  pg_call([&] { state_->table.check_declared(table); });
  for (int a : anums) anums_.push_back(a - 1);
  packed_values_.resize(anums_.size());
}

void BulkInsert::add_row(const Datum *values, const bool *nulls) {
  bool packed_nulls[INDEX_MAX_KEYS * 2];
  if (anums_.size() > sizeof packed_nulls) throw std::logic_error("BulkInsert::add_row: too many columns");
  for (size_t c = 0; c < anums_.size(); ++c) {
    packed_values_[c] = values[anums_[c]];
    packed_nulls[c] = nulls[anums_[c]];
  }
  add(packed_values_.data(), packed_nulls);
}

int BulkInsert::buffered() const { return state_->used; }

BulkInsert::~BulkInsert() {
  // After finish() everything is released. Without it an error is on its
  // way and the transaction's abort releases the relation, the executor
  // state and the memory.
}

void BulkInsert::add(const Datum *values, const bool *nulls) {
  State &s = *state_;
  if (finished_) throw std::logic_error("BulkInsert::add after finish");
  bool single = s.one_at_a_time;
  pg_call([&] {
    EState *estate = s.table.estate;
    // The row as the target's columns: straight into the buffer's slot for
    // a plain table, into the root slot for a partitioned one.
    RowBuffer *buffer = s.routing ? nullptr : &s.buffers.front();
    TupleTableSlot *slot;
    if (buffer) {
      // Slots (and the rows they hold) live as long as the writer.
      if (!buffer->slots[buffer->used]) buffer->slots[buffer->used] = s.table.make_slot();
      slot = buffer->slots[buffer->used];
    } else {
      slot = s.root_slot;
    }
    ExecClearTuple(slot);
    const int natts = slot->tts_tupleDescriptor->natts;
    for (int i = 0; i < natts; ++i) {
      slot->tts_values[i] = (Datum)0;
      slot->tts_isnull[i] = true;
    }
    for (size_t c = 0; c < s.table.column_attnos.size(); ++c) {
      slot->tts_values[s.table.column_attnos[c]] = values[c];
      slot->tts_isnull[s.table.column_attnos[c]] = nulls[c];
    }
    ExprContext *econtext = GetPerTupleExprContext(estate);
    MemoryContext old = MemoryContextSwitchTo(GetPerTupleMemoryContext(estate));
    for (size_t d = 0; d < s.default_exprs.size(); ++d)
      slot->tts_values[s.default_attnos[d]] =
          ExecEvalExpr(s.default_exprs[d], econtext, &slot->tts_isnull[s.default_attnos[d]]);
    MemoryContextSwitchTo(old);
    ExecStoreVirtualTuple(slot);

    if (s.routing) {
      // The row's partition, and the row in that partition's layout (its
      // columns may lie elsewhere, after dropped columns).
      ResultRelInfo *leaf = ExecFindPartition(s.mtstate, s.table.rri, s.routing, slot, estate);
      buffer = &s.buffer_for(leaf);
      if (!buffer->slots[buffer->used]) buffer->slots[buffer->used] = table_slot(estate, leaf);
      TupleTableSlot *leaf_slot = buffer->slots[buffer->used];
      if (TupleConversionMap *map = leaf->ri_RootToPartitionMap)
        slot = execute_attr_map_slot(map->attrMap, slot, leaf_slot);
      else
        slot = ExecCopySlot(leaf_slot, slot);
      // Transition tables get the row converted back from the partition.
      if (s.transitions) s.transitions->tcs_original_insert_tuple = NULL;
      single = single || buffer->before_row_triggers;
    }
    ResultRelInfo *rri = buffer->rri;
    slot->tts_tableOid = RelationGetRelid(rri->ri_RelationDesc);

    // A BEFORE ROW trigger may skip the row (or change it).
    const bool keep = !buffer->before_row_triggers || ExecBRInsertTriggers(estate, rri, slot);
    if (keep) {
      TupleConstr *constr = rri->ri_RelationDesc->rd_att->constr;
      if (!s.routing)
        s.table.compute_generated(slot, CMD_INSERT);
      else if (constr && constr->has_generated_stored)
        ExecComputeStoredGenerated(rri, estate, slot, CMD_INSERT);
      if (constr) ExecConstraints(rri, slot, estate);
      // A trigger may have moved the row out of its partition.
      if (s.routing && buffer->before_row_triggers) ExecPartitionCheck(rri, slot, estate, true);
      // The row's values now live in the slot's own tuple: the caller's may go.
      ExecMaterializeSlot(slot);
      s.buffered_bytes += ExecFetchSlotHeapTuple(slot, false, NULL)->t_len;
      ++buffer->used;
      ++s.used;
      ++rows_;
    }
    ResetPerTupleExprContext(estate);
    MemoryContextReset(row_context_);
  });
  if (s.used > 0 && (single || s.used >= kMaxBufferedRows || s.buffered_bytes >= kMaxBufferedBytes)) flush();
}

void BulkInsert::flush() {
  State &s = *state_;
  pg_call([&] {
    EState *estate = s.table.estate;
    for (RowBuffer &b : s.buffers) {
      if (b.used == 0) continue;
      Relation rel = b.rri->ri_RelationDesc;
      MemoryContext old = MemoryContextSwitchTo(GetPerTupleMemoryContext(estate));
      if (b.used == 1)
        table_tuple_insert(rel, b.slots[0], s.cid, 0, b.bistate);
      else
        table_multi_insert(rel, b.slots.data(), b.used, s.cid, 0, b.bistate);
      MemoryContextSwitchTo(old);
      for (int i = 0; i < b.used; ++i) {
        List *recheck = NIL;
        if (b.rri->ri_NumIndices > 0)
          recheck = ExecInsertIndexTuples(b.rri, b.slots[i], estate, false, false, NULL, NIL);
        ExecARInsertTriggers(estate, b.rri, b.slots[i], recheck, s.transitions);
        list_free(recheck);
        ExecClearTuple(b.slots[i]);
      }
      ResetPerTupleExprContext(estate);
      b.used = 0;
      // As COPY: the page pinned for this table goes when another is written.
      if (s.buffers.size() > 1) ReleaseBulkInsertStatePin(b.bistate);
    }
  });
  s.used = 0;
  s.buffered_bytes = 0;
}

void BulkInsert::finish() {
  State &s = *state_;
  if (finished_) return;
  if (s.used > 0) flush();
  pg_call([&] {
    for (RowBuffer &b : s.buffers) {
      FreeBulkInsertState(b.bistate);
      table_finish_bulk_insert(b.rri->ri_RelationDesc, 0);
    }
    ExecASInsertTriggers(s.table.estate, s.table.rri, s.transitions);
    AfterTriggerEndQuery(s.table.estate);
    // After the queued triggers, which find the partitions' result
    // relations through the executor state.
    if (s.routing) ExecCleanupTupleRouting(s.mtstate, s.routing);
    s.table.close();
  });
  row_context_ = nullptr;
  finished_ = true;
}

}  // namespace hrlake::pg
