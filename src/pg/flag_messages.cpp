// hrlake.flag_messages(): every message scanned exactly once (SPEC §2.8).
//
// One pass in C++: messages are read from the scan position with a
// QueryCursor (straight from the executor's slot into a batch), matched
// against the marked words with Hyperscan (src/core/word_matcher) on a
// second thread while the next batch is read (src/core/background_matcher),
// and each batch's flagged rows, each with the strike it gave its sender,
// are written with BulkInsert (COPY's multi-row write path) and returned.
// The matcher's thread numbers the senders; their strike counts are read
// once per sender into a vector by that number, and the new counts and the
// timeframe records closed by a 10th strike are written at the end of the
// call. Every statement takes a fresh snapshot (SPI read_only off): a call
// that waited for another's position lock must see what that call
// committed.
//
// Order: strikes count in msg_id order. A call limited to max_messages
// reads the lowest msg_ids in order (an index scan); an unlimited call
// reads everything up to the settled position in storage order, which is
// cheaper for a backlog, and sorts each chunk by msg_id. Storage order is
// msg_id order for rows one session wrote; rows written at the same time
// by concurrent sessions may interleave across a chunk boundary.
//
// Position: every message up to _matcher_state.scanned_msg has been read.
// A scan first waits until no transaction is inserting messages (writers
// hold a shared lock, 50_messages.sql) and notes the highest msg_id then
// visible: a message inserted later gets a higher msg_id, because its writer
// takes the lock before drawing one, so nothing that commits late is
// skipped. The position row is locked for the scan, so two sessions never
// scan the same messages.
//
// The compiled matcher is cached for the life of the backend and rebuilt
// only when the marked-word list's version moves.
#include <algorithm>

#include "core/background_matcher.h"
#include "core/error.h"
#include "core/word_matcher.h"
#include "pg/bulk_insert.h"
#include "pg/datum_arrays.h"
#include "pg/query_cursor.h"
#include "pg/result_rows.h"
#include "pg/spi.h"
#include "pg/timeframe_merge.h"

namespace hrlake::pg {
namespace {

constexpr long kChunkMessages = 20000;
constexpr int kMaxStrikes = 10;

struct CachedMatcher {
  Oid database = InvalidOid;
  int64_t version = -1;
  std::unique_ptr<core::WordMatcher> matcher;
};
CachedMatcher cache;

// The matcher for the current list, compiled if the version moved.
core::WordMatcher &matcher_for(SpiSession &spi, int64_t version) {
  if (cache.matcher && cache.database == MyDatabaseId && cache.version == version)
    return *cache.matcher;
  const uint64 n = spi.execute("SELECT word FROM hrlake.marked_word ORDER BY word");
  std::vector<std::string> words;
  pg_call([&] {
    for (uint64 i = 0; i < n; ++i) {
      bool is_null;
      text *t = DatumGetTextPP(SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1, &is_null));
      words.emplace_back(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));
    }
  });
  cache.matcher.reset();
  cache.matcher = std::make_unique<core::WordMatcher>(words);
  cache.database = MyDatabaseId;
  cache.version = version;
  return *cache.matcher;
}

// The UTC date (days since 2000-01-01, as DateADT) of a timestamptz.
int32_t utc_date(TimestampTz t) {
  return static_cast<int32_t>(t >= 0 ? t / USECS_PER_DAY : -((-t - 1) / USECS_PER_DAY) - 1);
}

std::string_view text_view(Datum d) {
  auto *v = reinterpret_cast<text *>(DatumGetPointer(d));
  return std::string_view(VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v));
}

struct Flagged {
  int64_t msg_id = 0;
  Datum sender = 0, receiver = 0;  // text, in the chunk's memory
  TimestampTz sent_at = 0;
  uint32_t first_word = 0, word_count = 0;  // in FlagScan::chunk_words_
  std::optional<int> strikes;
  uint32_t sender_id = 0;  // index into FlagScan::senders_
};

struct SenderState {
  int strikes = 0;
  bool stored = false;  // has a row in employee_strike
  bool changed = false;
  std::optional<int64_t> deactivated_at;  // TimestampTz of the 10th strike
};

// One fetch of messages: their texts for the matcher, and what a flagged
// row needs from the others, copied out of the executor's slots.
struct ReadBatch {
  core::MessageBatch messages;
  std::vector<int64_t> msg_ids;
  std::vector<TimestampTz> sent_at;
  std::string receivers;             // back to back
  std::vector<size_t> receiver_ends;

  void clear() {
    messages.clear();
    msg_ids.clear();
    sent_at.clear();
    receivers.clear();
    receiver_ends.clear();
  }
  std::string_view receiver(size_t i) const {
    const size_t begin = i == 0 ? 0 : receiver_ends[i - 1];
    return std::string_view(receivers).substr(begin, receiver_ends[i] - begin);
  }
};

class FlagScan {
 public:
  FlagScan(SpiSession &spi, ResultRows &result) : spi_(spi), result_(result) {
    chunk_context_ = pg_call([] {
      return AllocSetContextCreate(CurrentMemoryContext, "hrlake flag chunk", ALLOCSET_DEFAULT_SIZES);
    });
  }
  ~FlagScan() { MemoryContextDelete(chunk_context_); }
  void run(std::optional<int32_t> max_messages);

 private:
  void on_message(TupleTableSlot *slot);
  void collect_flagged(const ReadBatch &batch);
  void load_senders(const ReadBatch &batch);
  void apply_strikes();
  void write_rows(BulkInsert &flagged);
  Datum word_array(const uint32_t *ids, uint32_t n, MemoryContext context) const;
  Datum single_word_array(uint32_t id);
  void write_strike_counts();
  void close_active_records(const std::vector<std::optional<std::string>> &emp_ids, const std::vector<int32_t> &days);

  SpiSession &spi_;
  ResultRows &result_;
  const core::WordMatcher *matcher_ = nullptr;
  std::vector<Datum> word_texts_;  // the marked words as text, by matcher id
  std::vector<Datum> single_word_arrays_;  // {word} by matcher id, once built, in call_context_
  MemoryContext call_context_ = CurrentMemoryContext;  // lives as long as the call
  MemoryContext chunk_context_;    // the chunk's values and statement parameters
  ReadBatch *reading_ = nullptr;   // where on_message puts what it reads
  int64_t last_read_ = 0;
  std::vector<Flagged> chunk_;
  const std::vector<uint32_t> *chunk_words_ = nullptr;  // word ids of chunk_ (Flagged::first_word)
  // By the ids the matcher's thread gives senders (MessageBatch::hit_sender).
  std::vector<SenderState> senders_;
  std::vector<std::string> sender_names_;
  std::vector<uint32_t> changed_;  // senders whose count this call changed
};

void FlagScan::run(std::optional<int32_t> max_messages) {
  spi_.execute("INSERT INTO hrlake._matcher_state DEFAULT VALUES ON CONFLICT DO NOTHING");
  spi_.execute("SELECT version, scanned_msg, hrlake._settled_msg_id() FROM hrlake._matcher_state FOR UPDATE");
  int64_t version = 0, after = 0, upto = 0;
  pg_call([&] {
    bool is_null;
    HeapTuple t = SPI_tuptable->vals[0];
    version = DatumGetInt64(SPI_getbinval(t, SPI_tuptable->tupdesc, 1, &is_null));
    after = DatumGetInt64(SPI_getbinval(t, SPI_tuptable->tupdesc, 2, &is_null));
    upto = DatumGetInt64(SPI_getbinval(t, SPI_tuptable->tupdesc, 3, &is_null));
  });
  if ((max_messages && *max_messages == 0) || upto <= after) return;
  // Strike counts are read once and written at the end: no cooldown may
  // change them in between (58_strikes.sql).
  spi_.execute("SELECT pg_advisory_xact_lock(hashtext('hrlake.strikes'))");
  matcher_ = &matcher_for(spi_, version);
  pg_call([&] {
    for (uint32_t id = 0; id < matcher_->size(); ++id) {
      const std::string &w = matcher_->word(id);
      word_texts_.push_back(PointerGetDatum(cstring_to_text_with_len(w.data(), static_cast<int>(w.size()))));
    }
    single_word_arrays_.assign(word_texts_.size(), 0);
  });

  SpiParams params;
  params.int8(after).int8(upto);
  const bool ordered = max_messages.has_value();
  if (ordered) params.int4(*max_messages);
  QueryCursor messages(ordered ? "SELECT msg_id, message, sender, receiver, sent_at FROM hrlake.message "
                                 "WHERE msg_id > $1 AND msg_id <= $2 ORDER BY msg_id LIMIT $3"
                               : "SELECT msg_id, message, sender, receiver, sent_at FROM hrlake.message "
                                 "WHERE msg_id > $1 AND msg_id <= $2",
                       std::move(params));
  BulkInsert flagged("hrlake", "flagged_message",
                     {"msg_id", "sender", "receiver", "matched_words", "flagged_at", "strikes"});
  const QueryCursor::RowFn on_row = [this](TupleTableSlot *slot) { on_message(slot); };
  last_read_ = after;

  // Two batches take turns: while the thread matches one, this thread
  // reads the next and writes the one matched before. The batches outlive
  // the matcher, which waits for its batch when it is destroyed.
  ReadBatch batches[2];
  core::BackgroundMatcher background(*matcher_);
  ReadBatch *in_flight = &batches[0], *next = &batches[1];
  reading_ = in_flight;
  uint64 n = messages.fetch(kChunkMessages, on_row);
  if (n > 0) background.start(in_flight->messages);
  while (n > 0) {
    next->clear();
    reading_ = next;
    n = messages.fetch(kChunkMessages, on_row);
    background.wait();
    if (n > 0) background.start(next->messages);
    collect_flagged(*in_flight);
    if (!chunk_.empty()) {
      if (!ordered)
        std::sort(chunk_.begin(), chunk_.end(),
                  [](const Flagged &a, const Flagged &b) { return a.msg_id < b.msg_id; });
      MemoryContext old = MemoryContextSwitchTo(chunk_context_);
      load_senders(*in_flight);
      apply_strikes();
      write_rows(flagged);
      MemoryContextSwitchTo(old);
    }
    MemoryContextReset(chunk_context_);
    std::swap(in_flight, next);
  }
  // Also when nothing was read: the writer's trigger bookkeeping must close.
  flagged.finish();
  write_strike_counts();
  // An unlimited scan read everything up to the settled position.
  const int64_t position = ordered ? last_read_ : upto;
  if (position != after)
    spi_.execute("UPDATE hrlake._matcher_state SET scanned_msg = $1", SpiParams().int8(position));
}

// Called by the executor for each message read (see QueryCursor): copies
// what is needed later out of the slot.
void FlagScan::on_message(TupleTableSlot *slot) {
  bool is_null;
  // Deforming a heap tuple cannot fail.
  const int64_t msg_id = DatumGetInt64(slot_getattr(slot, 1, &is_null));
  Datum message = slot_getattr(slot, 2, &is_null);
  last_read_ = std::max(last_read_, msg_id);
  auto *raw = reinterpret_cast<varlena *>(DatumGetPointer(message));
  const bool detoast = VARATT_IS_COMPRESSED(raw) || VARATT_IS_EXTERNAL(raw);
  if (detoast)
    pg_call([&] {
      MemoryContext old = MemoryContextSwitchTo(chunk_context_);
      message = PointerGetDatum(pg_detoast_datum_packed(raw));
      MemoryContextSwitchTo(old);
    });
  ReadBatch &batch = *reading_;
  batch.messages.add(text_view(message), text_view(slot_getattr(slot, 3, &is_null)));
  if (detoast) pfree(DatumGetPointer(message));
  batch.msg_ids.push_back(msg_id);
  batch.sent_at.push_back(DatumGetTimestampTz(slot_getattr(slot, 5, &is_null)));
  batch.receivers.append(text_view(slot_getattr(slot, 4, &is_null)));
  batch.receiver_ends.push_back(batch.receivers.size());
}

// The matched batch's flagged messages, as chunk_.
void FlagScan::collect_flagged(const ReadBatch &batch) {
  chunk_.clear();
  chunk_.resize(batch.messages.hit_count());
  chunk_words_ = &batch.messages.word_ids();
  // Senders and receivers as text values, all in one allocation.
  size_t bytes = 0;
  for (size_t h = 0; h < chunk_.size(); ++h) {
    const size_t i = batch.messages.hit_message(h);
    bytes += INTALIGN(VARHDRSZ + batch.messages.sender(i).size()) + INTALIGN(VARHDRSZ + batch.receiver(i).size());
  }
  char *block = pg_call([&] { return static_cast<char *>(MemoryContextAlloc(chunk_context_, bytes + 1)); });
  auto to_text = [&block](std::string_view s) {
    auto *t = reinterpret_cast<text *>(block);
    SET_VARSIZE(t, VARHDRSZ + s.size());
    memcpy(VARDATA(t), s.data(), s.size());
    block += INTALIGN(VARHDRSZ + s.size());
    return PointerGetDatum(t);
  };
  for (size_t h = 0; h < chunk_.size(); ++h) {
    const size_t i = batch.messages.hit_message(h);
    const auto [first, last] = batch.messages.hit_word_range(h);
    Flagged &f = chunk_[h];
    f.msg_id = batch.msg_ids[i];
    f.sent_at = batch.sent_at[i];
    f.sender = to_text(batch.messages.sender(i));
    f.receiver = to_text(batch.receiver(i));
    f.first_word = static_cast<uint32_t>(first);
    f.word_count = static_cast<uint32_t>(last - first);
    f.sender_id = batch.messages.hit_sender(h);
  }
}

// Reads the strike counts of the senders first seen in this batch.
void FlagScan::load_senders(const ReadBatch &batch) {
  const auto &fresh = batch.messages.new_senders();
  if (fresh.empty()) return;
  std::vector<std::optional<std::string>> names;
  for (const auto &[id, name] : fresh) {
    if (id != senders_.size()) throw std::logic_error("sender ids out of order");
    senders_.emplace_back();
    sender_names_.push_back(name);
    names.emplace_back(name);
  }
  SpiParams p;
  p.add(TEXTARRAYOID, text_array(names));
  const uint64 n = spi_.execute(
      "SELECT u.i, s.no_of_strikes FROM unnest($1::text[]) WITH ORDINALITY AS u(emp_id, i) "
      "JOIN hrlake.employee_strike s USING (emp_id)",
      std::move(p));
  const uint32_t first = fresh.front().first;
  pg_call([&] {
    for (uint64 r = 0; r < n; ++r) {
      bool is_null;
      HeapTuple t = SPI_tuptable->vals[r];
      const int64 i = DatumGetInt64(SPI_getbinval(t, SPI_tuptable->tupdesc, 1, &is_null));
      SenderState &state = senders_[first + i - 1];
      state.strikes = DatumGetInt32(SPI_getbinval(t, SPI_tuptable->tupdesc, 2, &is_null));
      state.stored = true;
    }
  });
}

void FlagScan::apply_strikes() {
  for (auto &f : chunk_) {
    SenderState &s = senders_[f.sender_id];
    if (s.strikes >= kMaxStrikes) continue;  // deactivated: recorded, no strike
    f.strikes = ++s.strikes;
    if (!s.changed) changed_.push_back(f.sender_id);
    s.changed = true;
    if (s.strikes == kMaxStrikes) s.deactivated_at = f.sent_at;
  }
}

// Each flagged row goes to flagged_message and to the result.
void FlagScan::write_rows(BulkInsert &flagged) {
  const Datum flagged_at = TimestampTzGetDatum(GetCurrentTransactionStartTimestamp());
  for (const auto &f : chunk_) {
    Datum values[6];
    const bool nulls[6] = {false, false, false, false, false, !f.strikes};
    const uint32_t *ids = chunk_words_->data() + f.first_word;
    pg_call([&] {
      values[0] = Int64GetDatum(f.msg_id);
      values[1] = f.sender;
      values[2] = f.receiver;
      values[3] = f.word_count == 1 ? single_word_array(ids[0]) : word_array(ids, f.word_count, flagged.row_context());
      values[4] = Int32GetDatum(f.strikes.value_or(0));
    });
    const bool result_nulls[5] = {false, false, false, false, !f.strikes};
    result_.add(values, result_nulls);
    values[5] = values[4];
    values[4] = flagged_at;
    flagged.add(values, nulls);
  }
}

// The text[] of these marked words, built in `context`.
Datum FlagScan::word_array(const uint32_t *ids, uint32_t n, MemoryContext context) const {
  MemoryContext old = MemoryContextSwitchTo(context);
  Datum *words = static_cast<Datum *>(palloc(sizeof(Datum) * n));
  for (uint32_t k = 0; k < n; ++k) words[k] = word_texts_[ids[k]];
  ArrayType *array = construct_array(words, static_cast<int>(n), TEXTOID, -1, false, TYPALIGN_INT);
  MemoryContextSwitchTo(old);
  return PointerGetDatum(array);
}

// Most flagged messages hold one marked word: their arrays are built once.
Datum FlagScan::single_word_array(uint32_t id) {
  if (single_word_arrays_[id] == 0) single_word_arrays_[id] = word_array(&id, 1, call_context_);
  return single_word_arrays_[id];
}

// A 10th strike closes the employee's ACTIVE timeframe record on the
// message's date (never before its start): the close arrives as a
// timeframe row with that given end (SPEC §2.3), in a batch of its own
// (origin 'strike'), and those employees' history is derived again. A
// re-sent row can then never reopen the record. The timeframe's ingest
// lock makes a merge in progress finish first.
void FlagScan::close_active_records(const std::vector<std::optional<std::string>> &emp_ids,
                                    const std::vector<int32_t> &days) {
  spi_.execute("SELECT pg_advisory_xact_lock(hashtext('hrlake.ingest'), hashtext('timeframe'))");
  const int64_t batch = *spi_.int8_value(
      "INSERT INTO hrlake.batch (source, origin, loaded_by) VALUES ('timeframe', 'strike', session_user) "
      "RETURNING batch_id");
  SpiParams p;
  p.int8(batch).add(TEXTARRAYOID, text_array(emp_ids));
  p.add(INT4ARRAYOID, int4_array(days));
  const uint64 rows = spi_.execute(
      "INSERT INTO hrlake.timeframe_row (emp_id, start_date, end_date, salary, designation, batch_id, line_no) "
      "SELECT t.emp_id, t.start_date, greatest(t.start_date, DATE '2000-01-01' + d.day), t.salary, t.designation, "
      "       $1, d.n "
      "FROM unnest($2::text[], $3::int4[]) WITH ORDINALITY AS d(emp_id, day, n) "
      "JOIN hrlake.employee_timeframe t ON t.emp_id = d.emp_id AND t.end_date IS NULL "
      "ON CONFLICT DO NOTHING",
      std::move(p));
  BatchTally tally;
  tally.records = tally.loaded = static_cast<int64_t>(rows);
  ledger::finish(spi_, batch, tally, "staged");
  ResultRows changes = ResultRows::counted();
  TimeframeMerge merge(changes);
  merge.merge_batches({batch});
  merge.finish();
  ledger::mark_merged(spi_, {batch});
}

// The new strike counts of the senders this call changed, and the
// timeframe records a 10th strike closed.
void FlagScan::write_strike_counts() {
  // Senders without a row get one (in bulk: after a backlog that can be
  // every employee); the others are updated.
  BulkInsert inserts("hrlake", "employee_strike", {"emp_id", "no_of_strikes", "deactivated_on"});
  std::vector<std::optional<std::string>> updated, closed;
  std::vector<int32_t> updated_counts, updated_days, closed_days;
  for (uint32_t id : changed_) {
    SenderState &s = senders_[id];
    const std::string &emp = sender_names_[id];
    // The 10th strike deactivates on the message's UTC date.
    const int32_t day = s.deactivated_at ? utc_date(*s.deactivated_at) : 0;
    if (s.deactivated_at) {
      closed.emplace_back(emp);
      closed_days.push_back(day);
    }
    if (s.stored) {
      updated.emplace_back(emp);
      updated_counts.push_back(s.strikes);
      updated_days.push_back(day);
    } else {
      Datum values[3];
      const bool nulls[3] = {false, false, !s.deactivated_at};
      pg_call([&] {
        MemoryContext old = MemoryContextSwitchTo(inserts.row_context());
        values[0] = PointerGetDatum(cstring_to_text_with_len(emp.data(), static_cast<int>(emp.size())));
        MemoryContextSwitchTo(old);
      });
      values[1] = Int32GetDatum(s.strikes);
      values[2] = DateADTGetDatum(day);
      inserts.add(values, nulls);
      s.stored = true;
    }
    s.deactivated_at.reset();
    s.changed = false;
  }
  changed_.clear();
  inserts.finish();
  if (!updated.empty()) {
    SpiParams p;
    p.add(TEXTARRAYOID, text_array(updated));
    p.add(INT4ARRAYOID, int4_array(updated_counts));
    p.add(INT4ARRAYOID, int4_array(updated_days));
    spi_.execute(
        "UPDATE hrlake.employee_strike s SET no_of_strikes = u.n, updated_at = now(), "
        "  deactivated_on = CASE WHEN u.n = 10 THEN DATE '2000-01-01' + u.day END "
        "FROM unnest($1::text[], $2::int4[], $3::int4[]) AS u(emp_id, n, day) WHERE s.emp_id = u.emp_id",
        std::move(p));
  }
  if (!closed.empty()) close_active_records(closed, closed_days);
}

}  // namespace
}  // namespace hrlake::pg

using namespace hrlake;

namespace {

// The optional limit on messages scanned, checked.
std::optional<int32_t> max_messages_arg(FunctionCallInfo fcinfo) {
  if (PG_ARGISNULL(0)) return std::nullopt;
  const int32_t max_messages = PG_GETARG_INT32(0);
  if (max_messages < 0)
    throw core::Error(core::sqlstate::kInvalidParameterValue, "max_messages must not be negative");
  return max_messages;
}

void flag_into(pg::ResultRows &result, std::optional<int32_t> max_messages) {
  pg::SpiSession spi;
  pg::FlagScan scan(spi, result);
  scan.run(max_messages);
}

}  // namespace

// hrlake.flag_messages(max_messages): every flagged message, as rows.
HRLAKE_FUNCTION(hrlake_flag_messages) {
  const std::optional<int32_t> max_messages = max_messages_arg(fcinfo);
  pg::ResultRows result = pg::ResultRows::of_call(fcinfo);
  flag_into(result, max_messages);
  return (Datum)0;
}

// hrlake._flag_messages_count(max_messages): the same scan for the stream
// job, which records only how many messages were flagged.
HRLAKE_FUNCTION(hrlake_flag_messages_count) {
  const std::optional<int32_t> max_messages = max_messages_arg(fcinfo);
  pg::ResultRows result = pg::ResultRows::counted();
  flag_into(result, max_messages);
  return Int64GetDatum(static_cast<int64_t>(result.count()));
}
