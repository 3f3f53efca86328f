#include "pg/sorted_rows.h"

#include <algorithm>

#include "core/error.h"
#include "core/interrupts.h"
#include "pg/convert.h"

namespace hrlake::pg {

namespace {
enum { kKey = 1, kBatch, kLine, kPayload, kColumns = kPayload };

// A kept row's header: the lengths of its key and payload.
struct KeptHeader {
  uint32_t key_size, payload_size;
  int64_t batch_id, line_no;
};

// Byte order of the keys, then arrival: the order of the tuplesort.
bool in_order(std::string_view last_key, const core::Position &last, std::string_view key, const core::Position &at) {
  const int c = last_key.compare(key);  // char_traits<char>: as unsigned bytes, like memcmp
  if (c != 0) return c < 0;
  return last.batch_id < at.batch_id || (last.batch_id == at.batch_id && last.line_no < at.line_no);
}
}  // namespace

SortedRows::SortedRows() {
  context_ = pg_call(
      [] { return AllocSetContextCreate(CurrentMemoryContext, "hrlake sorted rows", ALLOCSET_DEFAULT_SIZES); });
}

SortedRows::~SortedRows() {
  if (std::uncaught_exceptions()) return;  // the transaction's abort releases it all
  if (sort_) tuplesort_end(sort_);
  if (slot_) ExecDropSingleTupleTableSlot(slot_);
  if (file_) BufFileClose(file_);
  MemoryContextDelete(context_);
}

void SortedRows::add(std::string_view key, const core::Position &at, std::string_view payload) {
  if (!sort_ && (rows_ == 0 || in_order(last_key_, last_at_, key, at))) {
    keep_in_order(key, at, payload);
  } else {
    if (!sort_) start_sort();
    put_sorted(key, at, payload);
  }
  ++rows_;
}

void SortedRows::keep_in_order(std::string_view key, const core::Position &at, std::string_view payload) {
  const KeptHeader h{static_cast<uint32_t>(key.size()), static_cast<uint32_t>(payload.size()), at.batch_id,
                     at.line_no};
  const size_t size = sizeof h + key.size() + payload.size();
  if (blocks_.empty() || blocks_.back().size() + size > blocks_.back().capacity()) {
    blocks_.emplace_back();
    blocks_.back().reserve(std::max(kBlockBytes, size));
  }
  std::string &block = blocks_.back();
  block.append(reinterpret_cast<const char *>(&h), sizeof h);
  block.append(key);
  block.append(payload);
  kept_bytes_ += size;
  last_key_.assign(key);
  last_at_ = at;
  if (kept_bytes_ >= static_cast<size_t>(work_mem) * 1024) spill();
}

void SortedRows::spill() {
  pg_call([&] {
    if (!file_) {
      MemoryContext old = MemoryContextSwitchTo(context_);
      file_ = BufFileCreateTemp(false);
      MemoryContextSwitchTo(old);
    }
    for (std::string &block : blocks_) BufFileWrite(file_, block.data(), block.size());
  });
  blocks_.clear();
  kept_bytes_ = 0;
}

void SortedRows::start_sort() {
  pg_call([&] {
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
  // What was kept, in its order, then the buffer is free.
  if (file_) {
    spill();
    pg_call([&] {
      if (BufFileSeek(file_, 0, 0, SEEK_SET) != 0) elog(ERROR, "could not rewind the intake's temporary file");
    });
    reading_file_ = true;
  }
  read_block_ = read_offset_ = 0;
  std::string_view key, payload;
  core::Position at;
  uint64_t n = 0;
  while (next_kept(key, at, payload)) {
    put_sorted(key, at, payload);
    if ((++n & 4095) == 0) core::check_for_interrupts();
  }
  blocks_.clear();
  kept_bytes_ = 0;
  last_key_.clear();
  if (file_) {
    pg_call([&] { BufFileClose(file_); });
    file_ = nullptr;
  }
}

void SortedRows::put_sorted(std::string_view key, const core::Position &at, std::string_view payload) {
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
}

void SortedRows::sort() {
  if (sort_) {
    pg_call([&] { tuplesort_performsort(sort_); });
    return;
  }
  // Kept in order: read back from the start, the file first.
  if (file_) {
    spill();
    pg_call([&] {
      if (BufFileSeek(file_, 0, 0, SEEK_SET) != 0) elog(ERROR, "could not rewind the intake's temporary file");
    });
    reading_file_ = true;
  }
  read_block_ = read_offset_ = 0;
}

bool SortedRows::read_kept(void *into, size_t n) {
  return pg_call([&] { return BufFileRead(file_, into, n); }) == n;
}

bool SortedRows::next_kept(std::string_view &key, core::Position &at, std::string_view &payload) {
  KeptHeader h;
  const char *body;
  if (reading_file_) {
    if (!read_kept(&h, sizeof h)) {
      reading_file_ = false;  // the file is done: what follows is in blocks_ (none once spilled)
      return next_kept(key, at, payload);
    }
    record_.resize(h.key_size + h.payload_size);
    if (!read_kept(record_.data(), record_.size()))
      throw core::Error(core::sqlstate::kInternalError, "the intake's temporary file ended within a row");
    body = record_.data();
  } else {
    while (read_block_ < blocks_.size() && read_offset_ >= blocks_[read_block_].size()) {
      ++read_block_;
      read_offset_ = 0;
    }
    if (read_block_ >= blocks_.size()) return false;
    const std::string &block = blocks_[read_block_];
    memcpy(&h, block.data() + read_offset_, sizeof h);
    body = block.data() + read_offset_ + sizeof h;
    read_offset_ += sizeof h + h.key_size + h.payload_size;
  }
  key = std::string_view(body, h.key_size);
  payload = std::string_view(body + h.key_size, h.payload_size);
  at = {h.batch_id, h.line_no};
  return true;
}

bool SortedRows::next(std::string_view &key, core::Position &at, std::string_view &payload) {
  if (!sort_) return next_kept(key, at, payload);
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
