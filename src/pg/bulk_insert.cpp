// BulkInsert: COPY FROM's write path (src/backend/commands/copyfrom.c in
// PostgreSQL 15) for rows built in C++.
#include "pg/bulk_insert.h"

#include "core/error.h"
#include "pg/target_table.h"

namespace hrlake::pg {
namespace {

// As COPY: flush after this many rows or bytes, whichever comes first.
constexpr int kMaxBufferedRows = 1000;
constexpr size_t kMaxBufferedBytes = 64 * 1024;

}  // namespace

// Only PostgreSQL pointers: nothing here needs a destructor.
struct BulkInsert::State {
  TargetTable table;
  TransitionCaptureState *transitions = nullptr;
  BulkInsertState bistate = nullptr;
  CommandId cid = 0;
  bool one_at_a_time = false;
  bool before_row_triggers = false;
  std::vector<ExprState *> default_exprs;
  std::vector<AttrNumber> default_attnos;
  std::vector<TupleTableSlot *> slots;  // created on first use
  int used = 0;
  size_t buffered_bytes = 0;
};

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
    s.before_row_triggers = triggers && triggers->trig_insert_before_row;
    // Like COPY: rows one at a time when a BEFORE ROW trigger or a volatile
    // default might look at the rows written so far.
    s.one_at_a_time = s.before_row_triggers || volatile_defaults;
    s.cid = GetCurrentCommandId(true);
    // As COPY: a ring of buffers, so that a big load does not push
    // everything else out of shared_buffers (measured: no slower here).
    s.bistate = GetBulkInsertState();

    AfterTriggerBeginQuery();
    s.transitions = MakeTransitionCaptureState(triggers, RelationGetRelid(rel), CMD_INSERT);
    ExecBSInsertTriggers(estate, s.table.rri);
    row_context_ = AllocSetContextCreate(estate->es_query_cxt, "hrlake bulk insert row",
                                         ALLOCSET_DEFAULT_SIZES);
    MemoryContextSwitchTo(caller);
  });
  s.slots.assign(kMaxBufferedRows, nullptr);
}

namespace {
std::vector<std::string> declared_names(const catalog::Table &table, const std::vector<int> &anums) {
  std::vector<std::string> names;
  for (int a : anums) names.emplace_back(table.columns.at(a - 1));
  return names;
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
  pg_call([&] {
    // Slots (and the rows they hold) live as long as the writer.
    if (!s.slots[s.used]) s.slots[s.used] = s.table.make_slot();
    TupleTableSlot *slot = s.slots[s.used];
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
    ExprContext *econtext = GetPerTupleExprContext(s.table.estate);
    MemoryContext old = MemoryContextSwitchTo(GetPerTupleMemoryContext(s.table.estate));
    for (size_t d = 0; d < s.default_exprs.size(); ++d)
      slot->tts_values[s.default_attnos[d]] =
          ExecEvalExpr(s.default_exprs[d], econtext, &slot->tts_isnull[s.default_attnos[d]]);
    MemoryContextSwitchTo(old);
    ExecStoreVirtualTuple(slot);
    slot->tts_tableOid = RelationGetRelid(s.table.rel);

    // A BEFORE ROW trigger may skip the row (or change it).
    const bool keep = !s.before_row_triggers || ExecBRInsertTriggers(s.table.estate, s.table.rri, slot);
    if (keep) {
      s.table.compute_generated(slot, CMD_INSERT);
      if (s.table.constraints) ExecConstraints(s.table.rri, slot, s.table.estate);
      // The row's values now live in the slot's own tuple: the caller's may go.
      ExecMaterializeSlot(slot);
      s.buffered_bytes += ExecFetchSlotHeapTuple(slot, false, NULL)->t_len;
      ++s.used;
      ++rows_;
    }
    ResetPerTupleExprContext(s.table.estate);
    MemoryContextReset(row_context_);
  });
  if (s.used > 0 && (s.one_at_a_time || s.used == kMaxBufferedRows || s.buffered_bytes >= kMaxBufferedBytes))
    flush();
}

void BulkInsert::flush() {
  State &s = *state_;
  pg_call([&] {
    MemoryContext old = MemoryContextSwitchTo(GetPerTupleMemoryContext(s.table.estate));
    if (s.used == 1)
      table_tuple_insert(s.table.rel, s.slots[0], s.cid, 0, s.bistate);
    else
      table_multi_insert(s.table.rel, s.slots.data(), s.used, s.cid, 0, s.bistate);
    MemoryContextSwitchTo(old);
    for (int i = 0; i < s.used; ++i) {
      List *recheck = NIL;
      if (s.table.rri->ri_NumIndices > 0)
        recheck = ExecInsertIndexTuples(s.table.rri, s.slots[i], s.table.estate, false, false, NULL, NIL);
      ExecARInsertTriggers(s.table.estate, s.table.rri, s.slots[i], recheck, s.transitions);
      list_free(recheck);
      ExecClearTuple(s.slots[i]);
    }
    ResetPerTupleExprContext(s.table.estate);
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
    table_finish_bulk_insert(s.table.rel, 0);
    ExecASInsertTriggers(s.table.estate, s.table.rri, s.transitions);
    AfterTriggerEndQuery(s.table.estate);
    s.table.close();
  });
  row_context_ = nullptr;
  finished_ = true;
}

}  // namespace hrlake::pg
