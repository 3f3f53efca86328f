// RowUpdater: ExecUpdate's and ExecDelete's per-row work
// (src/backend/executor/nodeModifyTable.c in PostgreSQL 15) for rows the
// caller located by TID.
#include "pg/row_updater.h"

#include "pg/target_table.h"

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
  TargetTable table;
  // Statements on the row's ctid, for a table that is not changed in place.
  SPIPlanPtr update_plan = nullptr;
  SPIPlanPtr delete_plan = nullptr;
  int columns = 0;
  const char *relname = nullptr;
  CommandId cid = 0;
  bool delete_checked = false;
  TupleTableSlot *old_slot = nullptr;
  TupleTableSlot *new_slot = nullptr;
};

namespace {

// The UPDATE and DELETE on a row's ctid used where rows cannot be changed
// in place: identifiers quoted, values as parameters ($1 the ctid).
void prepare_statements(RowUpdater::State &s, const char *schema, const char *table,
                        const std::vector<std::string> &columns) {
  const std::string target = std::string(quote_identifier(schema)) + "." + quote_identifier(table);
  std::string sets;
  std::vector<Oid> types{TIDOID};
  TupleDesc desc = RelationGetDescr(s.table.rel);
  for (size_t c = 0; c < columns.size(); ++c) {
    sets += std::string(c ? ", " : "") + quote_identifier(columns[c].c_str()) + " = $" + std::to_string(c + 2);
    types.push_back(TupleDescAttr(desc, s.table.column_attnos[c])->atttypid);
  }
  MemoryContext old = MemoryContextSwitchTo(CurTransactionContext);
  s.update_plan = SPI_prepare(("UPDATE " + target + " SET " + sets + " WHERE ctid = $1").c_str(),
                              static_cast<int>(types.size()), types.data());
  s.delete_plan = SPI_prepare(("DELETE FROM " + target + " WHERE ctid = $1").c_str(), 1, types.data());
  if (!s.update_plan || !s.delete_plan) elog(ERROR, "could not prepare the row statements of %s", target.c_str());
  s.columns = static_cast<int>(columns.size());
  s.relname = pstrdup(table);
  MemoryContextSwitchTo(old);
}

// The serialization failure of a row another transaction changed meanwhile.
void row_moved(const char *table, ItemPointerData tid) {
  ereport(ERROR, (errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
                  errmsg("could not serialize access due to concurrent update"),
                  errdetail("Row (%u,%u) of \"%s\" was changed by another transaction after it was read.",
                            ItemPointerGetBlockNumber(&tid), ItemPointerGetOffsetNumber(&tid), table),
                  errhint("Run the job again.")));
}

}  // namespace

RowUpdater::RowUpdater(const catalog::Table &table, std::vector<int> anums)
    : RowUpdater(table.schema, table.name, [&] {
        std::vector<std::string> names;
        for (int a : anums) names.emplace_back(table.columns.at(a - 1));
        return names;
      }()) {
  if (usable_) pg_call([&] { state_->table.check_declared(table); });
  for (int a : anums) anums_.push_back(a - 1);
  packed_values_.resize(anums_.size());
}

void RowUpdater::update_row(ItemPointerData tid, const Datum *values, const bool *nulls) {
  bool packed_nulls[INDEX_MAX_KEYS * 2];
  if (anums_.size() > sizeof packed_nulls) throw std::logic_error("RowUpdater::update_row: too many columns");
  for (size_t c = 0; c < anums_.size(); ++c) {
    packed_values_[c] = values[anums_[c]];
    packed_nulls[c] = nulls[anums_[c]];
  }
  update(tid, packed_values_.data(), packed_nulls);
}

void RowUpdater::update_with_sql(ItemPointerData tid, const Datum *values, const bool *nulls) {
  State &s = *state_;
  pg_call([&] {
    std::vector<Datum> params{PointerGetDatum(&tid)};
    std::vector<char> param_nulls{' '};
    for (int c = 0; c < s.columns; ++c) {
      params.push_back(values[c]);
      param_nulls.push_back(nulls[c] ? 'n' : ' ');
    }
    const int rc = SPI_execute_plan(s.update_plan, params.data(), param_nulls.data(), false, 0);
    if (rc != SPI_OK_UPDATE) elog(ERROR, "row update failed (%d)", rc);
    if (SPI_processed != 1) row_moved(s.relname, tid);
  });
}

void RowUpdater::remove_with_sql(ItemPointerData tid) {
  State &s = *state_;
  pg_call([&] {
    Datum param = PointerGetDatum(&tid);
    const int rc = SPI_execute_plan(s.delete_plan, &param, " ", false, 0);
    if (rc != SPI_OK_DELETE) elog(ERROR, "row delete failed (%d)", rc);
    if (SPI_processed != 1) row_moved(s.relname, tid);
  });
}

RowUpdater::RowUpdater(const char *schema, const char *table, const std::vector<std::string> &columns)
    : state_(std::make_unique<State>()) {
  State &s = *state_;
  pg_call([&] {
    s.table.open(schema, table, CMD_UPDATE, columns);
    Relation rel = s.table.rel;
    usable_ = !has_update_or_delete_triggers(rel->trigdesc) &&
              check_enable_rls(RelationGetRelid(rel), InvalidOid, false) != RLS_ENABLED;
    if (!usable_) {
      prepare_statements(s, schema, table, columns);
      s.table.close();
      row_context_ = AllocSetContextCreate(CurTransactionContext, "hrlake row update", ALLOCSET_DEFAULT_SIZES);
      return;
    }
    s.old_slot = s.table.make_slot();
    s.new_slot = s.table.make_slot();
    row_context_ = AllocSetContextCreate(s.table.estate->es_query_cxt, "hrlake row update",
                                         ALLOCSET_DEFAULT_SIZES);
  });
}

RowUpdater::~RowUpdater() {
  // After finish() everything is released. Without it an error is on its
  // way and the transaction's abort releases the relation, the buffer pins
  // and the memory.
}

void RowUpdater::update(ItemPointerData tid, const Datum *values, const bool *nulls) {
  State &s = *state_;
  if (finished_) throw std::logic_error("RowUpdater::update on a finished updater");
  if (!usable_) return update_with_sql(tid, values, nulls);
  pg_call([&] {
    // The current command, not the one at construction: the caller's
    // statements in between may have written the row read now.
    s.cid = GetCurrentCommandId(true);
    TupleTableSlot *old_row = s.old_slot, *slot = s.new_slot;
    // Any version: if it is no longer the live one, the update below says so.
    if (!table_tuple_fetch_row_version(s.table.rel, &tid, SnapshotAny, old_row))
      raise_if_not_changed(TM_Deleted, TM_FailureData(), s.cid, s.table.rel, tid, "update");
    slot_getallattrs(old_row);
    ExecClearTuple(slot);
    const int natts = slot->tts_tupleDescriptor->natts;
    memcpy(slot->tts_values, old_row->tts_values, sizeof(Datum) * natts);
    memcpy(slot->tts_isnull, old_row->tts_isnull, sizeof(bool) * natts);
    for (size_t c = 0; c < s.table.column_attnos.size(); ++c) {
      slot->tts_values[s.table.column_attnos[c]] = values[c];
      slot->tts_isnull[s.table.column_attnos[c]] = nulls[c];
    }
    ExecStoreVirtualTuple(slot);
    slot->tts_tableOid = RelationGetRelid(s.table.rel);
    s.table.compute_generated(slot, CMD_UPDATE);
    if (s.table.constraints) ExecConstraints(s.table.rri, slot, s.table.estate);

    TM_FailureData tmfd;
    LockTupleMode lockmode;
    bool update_indexes = false;
    TM_Result result = table_tuple_update(s.table.rel, &tid, slot, s.cid, s.table.estate->es_snapshot,
                                          InvalidSnapshot, true, &tmfd, &lockmode, &update_indexes);
    raise_if_not_changed(result, tmfd, s.cid, s.table.rel, tid, "update");
    // Not HOT: the new version needs its own index entries.
    if (update_indexes && s.table.rri->ri_NumIndices > 0)
      list_free(ExecInsertIndexTuples(s.table.rri, slot, s.table.estate, true, false, NULL, NIL));
    ExecClearTuple(old_row);
    ExecClearTuple(slot);
    ResetPerTupleExprContext(s.table.estate);
    MemoryContextReset(row_context_);
  });
}

void RowUpdater::remove(ItemPointerData tid) {
  State &s = *state_;
  if (finished_) throw std::logic_error("RowUpdater::remove on a finished updater");
  if (!usable_) return remove_with_sql(tid);
  pg_call([&] {
    if (!s.delete_checked) {
      // The privilege a DELETE needs, checked once.
      AclResult acl = pg_class_aclcheck(RelationGetRelid(s.table.rel), GetUserId(), ACL_DELETE);
      if (acl != ACLCHECK_OK) aclcheck_error(acl, OBJECT_TABLE, RelationGetRelationName(s.table.rel));
      CheckValidResultRel(s.table.rri, CMD_DELETE);
      s.delete_checked = true;
    }
    s.cid = GetCurrentCommandId(true);
    TM_FailureData tmfd;
    TM_Result result = table_tuple_delete(s.table.rel, &tid, s.cid, s.table.estate->es_snapshot,
                                          InvalidSnapshot, true, &tmfd, false);
    raise_if_not_changed(result, tmfd, s.cid, s.table.rel, tid, "delete");
  });
}

void RowUpdater::finish() {
  State &s = *state_;
  if (finished_ || !usable_) {
    finished_ = true;
    return;
  }
  pg_call([&] {
    s.table.close();
  });
  row_context_ = nullptr;
  finished_ = true;
}

}  // namespace hrlake::pg
