#include "pg/sorted_rows.h"

#include "pg/convert.h"

namespace hrlake::pg {

namespace {
enum { kKey = 1, kBatch, kLine, kPayload, kColumns = kPayload };
}

SortedRows::SortedRows() {
  pg_call([&] {
    context_ = AllocSetContextCreate(CurrentMemoryContext, "hrlake sorted rows", ALLOCSET_DEFAULT_SIZES);
    MemoryContext old = MemoryContextSwitchTo(context_);
    TupleDesc desc = CreateTemplateTupleDesc(kColumns);
    TupleDescInitEntry(desc, kKey, "key", TEXTOID, -1, 0);
    TupleDescInitEntry(desc, kBatch, "batch_id", INT8OID, -1, 0);
    TupleDescInitEntry(desc, kLine, "line_no", INT8OID, -1, 0);
    TupleDescInitEntry(desc, kPayload, "payload", BYTEAOID, -1, 0);
    AttrNumber columns[3] = {kKey, kBatch, kLine};
    Oid operators[3] = {lookup_type_cache(TEXTOID, TYPECACHE_LT_OPR)->lt_opr,
                        lookup_type_cache(INT8OID, TYPECACHE_LT_OPR)->lt_opr,
                        lookup_type_cache(INT8OID, TYPECACHE_LT_OPR)->lt_opr};
    Oid collations[3] = {C_COLLATION_OID, InvalidOid, InvalidOid};
    bool nulls_first[3] = {false, false, false};
    sort_ = tuplesort_begin_heap(desc, 3, columns, operators, collations, nulls_first, work_mem, NULL,
                                 TUPLESORT_NONE);
    slot_ = MakeSingleTupleTableSlot(desc, &TTSOpsMinimalTuple);
    MemoryContextSwitchTo(old);
  });
}

SortedRows::~SortedRows() {
  if (std::uncaught_exceptions()) return;  // the transaction's abort releases it all
  tuplesort_end(sort_);
  ExecDropSingleTupleTableSlot(slot_);
  MemoryContextDelete(context_);
}

void SortedRows::add(std::string_view key, const core::Position &at, std::string_view payload) {
  pg_call([&] {
    MemoryContext old = MemoryContextSwitchTo(context_);
    Datum values[kColumns] = {text_datum(key), Int64GetDatum(at.batch_id), Int64GetDatum(at.line_no),
                              bytea_datum(payload.data(), payload.size())};
    bool nulls[kColumns] = {false, false, false, false};
    MinimalTuple tuple = heap_form_minimal_tuple(slot_->tts_tupleDescriptor, values, nulls);
    ExecStoreMinimalTuple(tuple, slot_, true);
    tuplesort_puttupleslot(sort_, slot_);
    ExecClearTuple(slot_);
    pfree(DatumGetPointer(values[0]));
    pfree(DatumGetPointer(values[3]));
    MemoryContextSwitchTo(old);
    CHECK_FOR_INTERRUPTS();
  });
  ++rows_;
}

void SortedRows::sort() {
  pg_call([&] { tuplesort_performsort(sort_); });
}

bool SortedRows::next(std::string_view &key, core::Position &at, std::string_view &payload) {
  const bool found = pg_call([&] { return tuplesort_gettupleslot(sort_, true, false, slot_, NULL); });
  if (!found) return false;
  pg_call([&] { slot_getallattrs(slot_); });
  key = text_view(slot_->tts_values[kKey - 1]);
  at.batch_id = DatumGetInt64(slot_->tts_values[kBatch - 1]);
  at.line_no = DatumGetInt64(slot_->tts_values[kLine - 1]);
  payload = text_view(slot_->tts_values[kPayload - 1]);
  return true;
}

}  // namespace hrlake::pg
