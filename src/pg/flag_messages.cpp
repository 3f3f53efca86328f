// hrlake.flag_messages(): every message scanned exactly once (SPEC §2.8).
//
// One pass in C++: messages are read from the scan position with a
// QueryCursor (straight from the executor's slot into a batch), matched
// against the marked words with Hyperscan (src/core/word_matcher) on a
// second thread while the next batch is read (src/core/background_matcher),
// and the flagged rows, each with the strike it gave its sender, are
// written with BulkInsert (COPY's multi-row write path) and returned: a
// round of them at a time, in slices between reads, so that the thread
// always has a batch to match.
// The matcher's thread numbers senders and receivers; their strike counts
// are read once per name into a vector by that number, and the new counts
// and the timeframe records closed by a 10th strike are written at the end
// of the call. The thread also counts every message read per employee and month
// (sent, received, flagged or not), written at the end of the call into
// message_month: the totals that outlive the messages' months. Every
// statement takes a fresh snapshot (SPI read_only off): a call that waited
// for another's position lock must see what that call committed.
//
// Order (SPEC §2.8): strikes are applied in message order, message time
// then msg_id (arrival), among the flagged messages of a round (up to
// kRoundFlagged of them, so memory stays bounded: about 45 minutes of
// messages at 5 million a day). Rounds follow the read:
// a call that scans everything there is reads the month partitions one
// after the other in time order (the planner's order of partitions, the
// default partition last), so rounds follow message time from month to
// month; a call limited to max_messages reads in msg_id order, the
// primary key's (neither the table's storage order nor synchronized scans
// nor an UPDATE that moves a row can change which messages it reads). A
// message that arrives after later-timed ones were flagged counts when it
// arrives.
//
// Position: every message up to _matcher_state.scanned_msg has been read,
// and a scan may only pass messages that are final (committed or rolled
// back). Writers of messages hold, until they commit, a shared advisory
// lock whose key is the msg_id sequence's last value when their statement
// began (50_messages.sql): every msg_id they draw is higher. A scan reads
// the sequence's last value first, then the writers' keys in pg_locks; it
// passes at most to the lowest key, and at most to that last value. So it
// never waits for a writer and never makes one wait (a writer in a long
// transaction only holds the scan back, below its key), and a message
// committed late is never passed over. The scan reads with a snapshot
// taken after that: it must run at READ COMMITTED (the jobs do), and
// refuses REPEATABLE READ and SERIALIZABLE, whose older snapshot could miss
// a message it passes. The position row is locked for the scan, so two
// sessions never scan the same messages.
//
// The compiled matcher is cached for the life of the backend, under a key
// that changes with every committed change of the marked-word list and
// cannot repeat after a rollback, a reinstall or in another database.
#include <algorithm>

#include "core/background_matcher.h"
#include "core/byte_arena.h"
#include "core/error.h"
#include "core/strike_rules.h"
#include "core/word_matcher.h"
#include "pg/bulk_insert.h"
#include "pg/client_text.h"
#include "pg/convert.h"
#include "pg/datum_arrays.h"
#include "pg/key_probe.h"
#include "pg/progress.h"
#include "pg/query_cursor.h"
#include "pg/result_rows.h"
#include "pg/spi.h"
#include "pg/timeframe_merge.h"

namespace hrlake::pg {
namespace {

constexpr long kChunkMessages = 20000;
// A round is written while the next is collected: two of them, about 20 MB
// in all (rounds of 500,000 made the call peak at 330 MB against 180 MB,
// and were no faster).
constexpr size_t kRoundFlagged = 100000;
// The advisory lock class of message writers (two-key form: this, and the
// sequence's last value modulo 2^31).
constexpr int32_t kWriterLockClass = 1752329323;

// What identifies a compiled word list: the database, the list's table
// (a reinstall makes another), and the version row as the transaction that
// last moved it wrote it (its xmin: a version a rolled-back transaction
// wrote is never seen again).
struct MatcherKey {
  Oid database = InvalidOid;
  Oid table = InvalidOid;
  int64_t version = -1;
  int64_t xmin = -1;
  bool operator==(const MatcherKey &o) const {
    return database == o.database && table == o.table && version == o.version && xmin == o.xmin;
  }
};
struct CachedMatcher {
  MatcherKey key;
  std::shared_ptr<const core::WordMatcher> matcher;
};
CachedMatcher cache;

// The matcher for the current list, compiled (cancellably) when the key moved.
const core::WordMatcher &matcher_for(SpiSession &spi, const MatcherKey &key) {
  if (cache.matcher && cache.key == key) return *cache.matcher;
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
  cache.matcher = core::WordMatcher::compile(std::move(words));
  cache.key = key;
  // A word that cannot be matched (inserted around the checks) is skipped,
  // never a reason to stop flagging.
  for (const core::SkippedWord &w : cache.matcher->skipped()) {
    const std::string text = for_client(w.message());
    pg_call([&] { ereport(WARNING, (errmsg_internal("hrlake: %s", text.c_str()))); });
  }
  return *cache.matcher;
}

struct Flagged {
  int64_t msg_id = 0;
  Datum sender = 0, receiver = 0;  // text, in the round's memory
  Datum words = 0;                 // text[] of the marked words found
  TimestampTz sent_at = 0;
  std::optional<int> strikes;
  uint32_t sender_id = 0;  // index into FlagScan::senders_
};

// The flagged messages of a round, the memory of their values (senders,
// receivers, arrays of several words; kept from round to round), and how
// many of them are written.
struct Round {
  std::vector<Flagged> rows;
  size_t written = 0;
  core::ByteArena values;
};

struct SenderState {
  int strikes = 0;
  bool stored = false;  // has a row in employee_strike
  bool changed = false;
  std::optional<int64_t> deactivated_at;  // TimestampTz of the 10th strike
};

// One fetch of messages: their texts, senders, receivers and days for the
// matcher's thread, and what a flagged row needs from the others, copied
// out of the executor's slots.
struct ReadBatch {
  core::MessageBatch messages;
  std::vector<int64_t> msg_ids;
  std::vector<TimestampTz> sent_at;

  void clear() {
    messages.clear();
    msg_ids.clear();
    sent_at.clear();
  }
};

class FlagScan {
 public:
  FlagScan(SpiSession &spi, ResultRows &result) : spi_(spi), result_(result) {
    pg_call([&] {
      chunk_context_ = AllocSetContextCreate(CurrentMemoryContext, "hrlake flag chunk", ALLOCSET_DEFAULT_SIZES);
    });
  }
  ~FlagScan() {
    if (std::uncaught_exceptions()) return;
    MemoryContextDelete(chunk_context_);
  }
  void run(std::optional<int32_t> max_messages);

 private:
  int64_t settled_upto();
  void on_message(TupleTableSlot *slot);
  void collect_flagged(const ReadBatch &batch);
  void load_senders(const ReadBatch &batch);
  void finish_round(BulkInsert &flagged);
  void write_rows(BulkInsert &flagged, size_t max_rows);
  void apply_strikes(Round &round);
  size_t word_array_size(const uint32_t *ids, size_t n) const;
  size_t write_word_array(const uint32_t *ids, size_t n, char *dest) const;
  Datum single_word_array(uint32_t id);
  void write_strike_counts();
  void write_activity(const core::MessageActivity &activity);
  void close_active_records(const std::vector<std::optional<std::string>> &emp_ids, const std::vector<int32_t> &days);

  SpiSession &spi_;
  ResultRows &result_;
  Progress progress_{core::progress::Operation::kFlag};
  int64_t read_ = 0;  // messages read, for progress_
  const core::WordMatcher *matcher_ = nullptr;
  std::shared_ptr<const core::WordMatcher> matcher_hold_;  // the cache may move on meanwhile
  std::vector<Datum> word_texts_;  // the marked words as text, by matcher id
  std::vector<Datum> single_word_arrays_;  // {word} by matcher id, once built, in call_context_
  MemoryContext call_context_ = CurrentMemoryContext;  // lives as long as the call
  MemoryContext chunk_context_ = nullptr;  // a chunk's detoasted messages
  ReadBatch *reading_ = nullptr;   // where on_message puts what it reads
  int64_t last_read_ = 0;
  // The round whose flagged messages are collected, and the one before,
  // whose rows are written a slice at a time while the thread matches.
  Round rounds_[2];
  Round *collecting_ = &rounds_[0];
  Round *writing_ = &rounds_[1];
  // By the numbers the matcher's thread gives names (MessageBatch::hit_sender).
  std::vector<SenderState> senders_;
  std::vector<std::string> sender_names_;
  std::vector<uint32_t> changed_;  // senders whose count this call changed
};

// The highest msg_id below which every message is final (see the top).
int64_t FlagScan::settled_upto() {
  // First the sequence: a writer that starts after this draws higher ids.
  const int64_t last = spi_.int8_value(
      "SELECT coalesce(pg_sequence_last_value('hrlake.message_msg_id_seq'), 0) "
      "FROM pg_sequence WHERE seqrelid = 'hrlake.message_msg_id_seq'::regclass AND seqcache = 1").value_or(-1);
  if (last < 0)
    throw core::Error("55000", "message ids must be drawn one at a time",
                      "The sequence hrlake.message_msg_id_seq has a cache: sessions would hand out ids out of order.",
                      "ALTER SEQUENCE hrlake.message_msg_id_seq CACHE 1;");
  // Then the writers busy now, each with the sequence's value when it
  // began; not this transaction, whose own messages it sees already. A
  // prepared transaction (two-phase commit) holds its locks with no pid:
  // it is a writer too, until COMMIT or ROLLBACK PREPARED.
  const uint64 n = spi_.execute(
      "SELECT objid::int8 FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 2 AND classid = $1::oid "
      "AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
      "AND pid IS DISTINCT FROM pg_backend_pid()",
      SpiParams().int8(kWriterLockClass));
  int64_t upto = last;
  pg_call([&] {
    for (uint64 r = 0; r < n; ++r) {
      bool is_null;
      const int64_t low = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 1, &is_null));
      // The key holds the value modulo 2^31: the writer's value is the
      // highest one at or below `last` with those low bits.
      constexpr int64_t kModulus = int64_t{1} << 31;
      const int64_t began = last - (((last - low) % kModulus) + kModulus) % kModulus;
      upto = std::min(upto, began);
    }
  });
  return upto;
}

void FlagScan::run(std::optional<int32_t> max_messages) {
  if (IsolationUsesXactSnapshot())
    throw core::Error("0A000", "hrlake.flag_messages() must run at READ COMMITTED",
                      "At REPEATABLE READ or SERIALIZABLE its snapshot can be older than messages it would pass "
                      "over for good.",
                      "SET TRANSACTION ISOLATION LEVEL READ COMMITTED before it, or let hrlake.run_stream() call it "
                      "(the jobs run at READ COMMITTED).");
  spi_.execute("INSERT INTO hrlake._matcher_state DEFAULT VALUES ON CONFLICT DO NOTHING");
  spi_.execute("INSERT INTO hrlake._marked_word_version DEFAULT VALUES ON CONFLICT DO NOTHING");
  // The version is read before the list (matcher_for): a change committed
  // in between is compiled in, and only costs a compile more next time.
  spi_.execute("SELECT v.version, p.scanned_msg, v.xmin::text::int8, 'hrlake.marked_word'::regclass::oid::int8 "
               "FROM hrlake._matcher_state p, hrlake._marked_word_version v FOR UPDATE OF p");
  int64_t after = 0;
  MatcherKey key;
  key.database = MyDatabaseId;
  pg_call([&] {
    bool is_null;
    HeapTuple t = SPI_tuptable->vals[0];
    key.version = DatumGetInt64(SPI_getbinval(t, SPI_tuptable->tupdesc, 1, &is_null));
    after = DatumGetInt64(SPI_getbinval(t, SPI_tuptable->tupdesc, 2, &is_null));
    key.xmin = DatumGetInt64(SPI_getbinval(t, SPI_tuptable->tupdesc, 3, &is_null));
    key.table = static_cast<Oid>(DatumGetInt64(SPI_getbinval(t, SPI_tuptable->tupdesc, 4, &is_null)));
  });
  const int64_t upto = settled_upto();
  if ((max_messages && *max_messages == 0) || upto <= after) return;
  // At most this many: msg_ids have gaps where writers rolled back.
  progress_.rows_total(max_messages ? std::min<int64_t>(*max_messages, upto - after) : upto - after);
  progress_.phase(core::progress::Phase::kScanning);
  // Strike counts are read once and written at the end: no cooldown may
  // change them in between (58_strikes.sql).
  spi_.execute("SELECT pg_advisory_xact_lock(hashtext('hrlake.strikes'))");
  matcher_ = &matcher_for(spi_, key);
  matcher_hold_ = cache.matcher;
  pg_call([&] {
    for (uint32_t id = 0; id < matcher_->size(); ++id) {
      const std::string &w = matcher_->word(id);
      word_texts_.push_back(PointerGetDatum(cstring_to_text_with_len(w.data(), static_cast<int>(w.size()))));
    }
    single_word_arrays_.assign(word_texts_.size(), 0);
  });

  SpiParams params;
  params.int8(after).int8(upto);
  const bool limited = max_messages.has_value();
  if (limited) params.int4(*max_messages);
  // A limited scan stops at a msg_id, so it reads in msg_id order (a Merge
  // Append of the month partitions' keys). An unlimited one reads every
  // message up to `upto` in any order: month partition after month
  // partition (the planner's order), each by a sequential scan or its key,
  // as is cheaper (10M messages: 2.3 s against 4.6 s in msg_id order).
  QueryCursor messages(limited ? "SELECT msg_id, message, sender, receiver, sent_at FROM hrlake.message "
                                 "WHERE msg_id > $1 AND msg_id <= $2 ORDER BY msg_id LIMIT $3"
                               : "SELECT msg_id, message, sender, receiver, sent_at FROM hrlake.message "
                                 "WHERE msg_id > $1 AND msg_id <= $2",
                       std::move(params));
  BulkInsert flagged(catalog::kFlaggedMessage,
                     {catalog::Anum_flagged_message_msg_id, catalog::Anum_flagged_message_sender,
                      catalog::Anum_flagged_message_receiver, catalog::Anum_flagged_message_matched_words,
                      catalog::Anum_flagged_message_flagged_at, catalog::Anum_flagged_message_strikes,
                      catalog::Anum_flagged_message_sent_at});
  const QueryCursor::RowFn on_row = [this](TupleTableSlot *slot) { on_message(slot); };
  last_read_ = after;

  // Two batches take turns: while the thread matches one, this thread
  // reads the next and collects the one matched before. The batches
  // outlive the matcher, which waits for its batch when it is destroyed.
  ReadBatch batches[2];
  core::BackgroundMatcher background(*matcher_);
  ReadBatch *in_flight = &batches[0], *next = &batches[1];
  reading_ = in_flight;
  uint64 n = messages.fetch(kChunkMessages, on_row);
  if (n > 0) background.start(in_flight->messages);
  progress_.rows(read_ += static_cast<int64_t>(n));
  while (n > 0) {
    next->clear();
    reading_ = next;
    n = messages.fetch(kChunkMessages, on_row);
    progress_.rows(read_ += static_cast<int64_t>(n));
    background.wait();
    if (n > 0) background.start(next->messages);
    collect_flagged(*in_flight);
    load_senders(*in_flight);
    // As many rows as messages read: the round before is out before this
    // one is full (a round written at once left the thread idle meanwhile).
    write_rows(flagged, kChunkMessages);
    if (collecting_->rows.size() >= kRoundFlagged) finish_round(flagged);
    std::swap(in_flight, next);
    MemoryContextReset(chunk_context_);
  }
  finish_round(flagged);
  write_rows(flagged, SIZE_MAX);
  // Also when nothing was read: the writer's trigger bookkeeping must close.
  flagged.finish();
  progress_.phase(core::progress::Phase::kStrikes);
  write_strike_counts();
  write_activity(background.activity());
  // An unlimited scan read everything up to the settled position.
  const int64_t position = limited ? last_read_ : upto;
  if (position != after)
    spi_.execute("UPDATE hrlake._matcher_state SET scanned_msg = $1", SpiParams().int8(position));
}

// The collected round's flagged messages in message order, with their
// strikes: the round to write next (once the round before is written).
void FlagScan::finish_round(BulkInsert &flagged) {
  write_rows(flagged, SIZE_MAX);
  Round &round = *collecting_;
  if (round.rows.empty()) return;
  const auto in_message_order = [](const Flagged &a, const Flagged &b) {
    return a.sent_at != b.sent_at ? a.sent_at < b.sent_at : a.msg_id < b.msg_id;
  };
  // Messages mostly arrive in time order: then there is nothing to sort.
  if (!std::is_sorted(round.rows.begin(), round.rows.end(), in_message_order))
    std::sort(round.rows.begin(), round.rows.end(), in_message_order);
  apply_strikes(round);
  std::swap(collecting_, writing_);
  collecting_->rows.clear();
  collecting_->written = 0;
  collecting_->values.clear();
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
  const TimestampTz sent_at = DatumGetTimestampTz(slot_getattr(slot, 5, &is_null));
  batch.messages.add(text_view(message), text_view(slot_getattr(slot, 3, &is_null)),
                     text_view(slot_getattr(slot, 4, &is_null)), utc_date(sent_at));
  if (detoast) pfree(DatumGetPointer(message));
  batch.msg_ids.push_back(msg_id);
  batch.sent_at.push_back(sent_at);
}

// The matched batch's flagged messages, added to the round: their values
// made in the round's memory (the batch is reused for the next read).
void FlagScan::collect_flagged(const ReadBatch &batch) {
  std::vector<Flagged> &rows = collecting_->rows;
  const size_t first_new = rows.size();
  const size_t hits = batch.messages.hit_count();
  rows.resize(first_new + hits);
  const std::vector<uint32_t> &words = batch.messages.word_ids();
  // The arrays of several words (at MAXALIGN offsets) and the senders and
  // receivers (at INTALIGN ones), each kind in one zeroed allocation: the
  // alignment padding is zero, as palloc0 leaves it.
  size_t array_bytes = 0, text_bytes = 0;
  for (size_t h = 0; h < hits; ++h) {
    const size_t i = batch.messages.hit_message(h);
    const auto [first, last] = batch.messages.hit_word_range(h);
    if (last - first > 1) array_bytes += word_array_size(words.data() + first, last - first);
    text_bytes += INTALIGN(VARHDRSZ + batch.messages.sender(i).size()) +
                  INTALIGN(VARHDRSZ + batch.messages.receiver(i).size());
  }
  char *arrays = collecting_->values.allocate(array_bytes);
  char *texts = collecting_->values.allocate(text_bytes);
  std::memset(arrays, 0, array_bytes);
  std::memset(texts, 0, text_bytes);
  auto to_text = [&texts](std::string_view s) {
    auto *t = reinterpret_cast<text *>(texts);
    SET_VARSIZE(t, VARHDRSZ + s.size());
    memcpy(VARDATA(t), s.data(), s.size());
    texts += INTALIGN(VARHDRSZ + s.size());
    return PointerGetDatum(t);
  };
  for (size_t h = 0; h < hits; ++h) {
    const size_t i = batch.messages.hit_message(h);
    const auto [first, last] = batch.messages.hit_word_range(h);
    Flagged &f = rows[first_new + h];
    f.msg_id = batch.msg_ids[i];
    f.sent_at = batch.sent_at[i];
    f.sender = to_text(batch.messages.sender(i));
    f.receiver = to_text(batch.messages.receiver(i));
    if (last - first == 1) {
      f.words = single_word_array(words[first]);
    } else {
      f.words = PointerGetDatum(arrays);
      arrays += write_word_array(words.data() + first, last - first, arrays);
    }
    f.sender_id = batch.messages.hit_sender(h);
  }
}

// The bytes of the text[] of these marked words (MAXALIGNed).
size_t FlagScan::word_array_size(const uint32_t *ids, size_t n) const {
  size_t size = ARR_OVERHEAD_NONULLS(1);
  for (size_t k = 0; k < n; ++k) size += INTALIGN(VARSIZE(DatumGetPointer(word_texts_[ids[k]])));
  return MAXALIGN(size);
}

// Lays out the text[] of these marked words at `dest` (zeroed) as
// construct_array would; returns its MAXALIGNed size.
size_t FlagScan::write_word_array(const uint32_t *ids, size_t n, char *dest) const {
  const size_t size = word_array_size(ids, n);
  auto *array = reinterpret_cast<ArrayType *>(dest);
  size_t used = ARR_OVERHEAD_NONULLS(1);
  char *p = dest + used;
  for (size_t k = 0; k < n; ++k) {
    const char *word = DatumGetPointer(word_texts_[ids[k]]);
    memcpy(p, word, VARSIZE(word));
    p += INTALIGN(VARSIZE(word));
    used += INTALIGN(VARSIZE(word));
  }
  SET_VARSIZE(array, used);
  array->ndim = 1;
  array->dataoffset = 0;
  array->elemtype = TEXTOID;
  ARR_DIMS(array)[0] = static_cast<int>(n);
  ARR_LBOUND(array)[0] = 1;
  return size;
}

// Reads the strike counts of the names (senders and receivers) first seen
// in this batch.
void FlagScan::load_senders(const ReadBatch &batch) {
  const auto &fresh = batch.messages.new_names();
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

// The round's strikes, in message order (core/strike_rules).
void FlagScan::apply_strikes(Round &round) {
  for (auto &f : round.rows) {
    SenderState &s = senders_[f.sender_id];
    const std::optional<int> after = core::strikes_after_flag(s.strikes);
    if (!after) continue;  // deactivated: the message is recorded, gives no strike
    f.strikes = s.strikes = *after;
    if (!s.changed) changed_.push_back(f.sender_id);
    s.changed = true;
    if (core::is_deactivated(s.strikes)) s.deactivated_at = f.sent_at;
  }
}

// The next rows (at most max_rows) of the round being written go to
// flagged_message and to the result (msg_id, sender, receiver,
// matched_words, strikes).
void FlagScan::write_rows(BulkInsert &flagged, size_t max_rows) {
  using namespace catalog;
  Round &round = *writing_;
  const size_t end = round.written + std::min(max_rows, round.rows.size() - round.written);
  if (round.written == end) return;
  const Datum flagged_at = TimestampTzGetDatum(GetCurrentTransactionStartTimestamp());
  Datum row[Natts_flagged_message];
  bool row_nulls[Natts_flagged_message] = {};
  for (; round.written < end; ++round.written) {
    const Flagged &f = round.rows[round.written];
    row[Anum_flagged_message_msg_id - 1] = Int64GetDatum(f.msg_id);
    row[Anum_flagged_message_sender - 1] = f.sender;
    row[Anum_flagged_message_receiver - 1] = f.receiver;
    row[Anum_flagged_message_matched_words - 1] = f.words;
    row[Anum_flagged_message_flagged_at - 1] = flagged_at;
    row[Anum_flagged_message_strikes - 1] = Int32GetDatum(f.strikes.value_or(0));
    row_nulls[Anum_flagged_message_strikes - 1] = !f.strikes;
    row[Anum_flagged_message_sent_at - 1] = TimestampTzGetDatum(f.sent_at);
    const Datum result[5] = {row[Anum_flagged_message_msg_id - 1], f.sender, f.receiver, f.words,
                             row[Anum_flagged_message_strikes - 1]};
    const bool result_nulls[5] = {false, false, false, false, !f.strikes};
    result_.add(result, result_nulls);
    flagged.add_row(row, row_nulls);
  }
}

// The text[] of these marked words, built in `context`.

// Most flagged messages hold one marked word: their arrays are built once.
Datum FlagScan::single_word_array(uint32_t id) {
  if (single_word_arrays_[id] == 0) {
    char *array = pg_call([&] {
      return static_cast<char *>(MemoryContextAllocZero(call_context_, word_array_size(&id, 1)));
    });
    write_word_array(&id, 1, array);
    single_word_arrays_[id] = PointerGetDatum(array);
  }
  return single_word_arrays_[id];
}

// Adds what this call read to the totals per employee and month: the
// totals already kept (found by their key) are added to in one UPDATE,
// the others are new rows written in bulk, in key order. Only this
// function writes the totals, under the position lock, so none appears in
// between. (An upsert of every row, INSERT ... ON CONFLICT, took 11 us a
// row: 4.5 s of a 10M-message call; an UPDATE of every row joined to
// arrays 0.6 s when hardly any was kept yet, as after a backlog.)
void FlagScan::write_activity(const core::MessageActivity &activity) {
  if (activity.empty()) return;
  using namespace catalog;
  const std::vector<core::MessageActivity::Row> rows = activity.rows();
  std::vector<Datum> emp_ids(rows.size()), months(rows.size());
  std::vector<bool> kept(rows.size());
  size_t n_kept = 0;
  MemoryContext texts = pg_call([&] {
    return AllocSetContextCreate(CurrentMemoryContext, "hrlake message totals", ALLOCSET_DEFAULT_SIZES);
  });
  {
    KeyProbe probe(kMessageMonth, "message_month_pkey", {Anum_message_month_month, Anum_message_month_emp_id});
    for (size_t i = 0; i < rows.size(); ++i) {
      MemoryContext old = MemoryContextSwitchTo(texts);
      emp_ids[i] = text_datum(rows[i].emp_id);
      MemoryContextSwitchTo(old);
      months[i] = DateADTGetDatum(to_pg_date(rows[i].month));
      const Datum key[2] = {months[i], emp_ids[i]};
      kept[i] = probe.exists(key);
      n_kept += kept[i];
    }
    probe.finish();
  }
  if (n_kept > 0) {
    std::vector<Datum> kept_ids, kept_months;
    std::vector<int64_t> sent, received, flagged_sent, flagged_received;
    for (size_t i = 0; i < rows.size(); ++i) {
      if (!kept[i]) continue;
      kept_ids.push_back(emp_ids[i]);
      kept_months.push_back(months[i]);
      sent.push_back(rows[i].counts.sent);
      received.push_back(rows[i].counts.received);
      flagged_sent.push_back(rows[i].counts.flagged_sent);
      flagged_received.push_back(rows[i].counts.flagged_received);
    }
    const std::vector<bool> no_nulls(kept_ids.size(), false);
    SpiParams p;
    p.add(TEXTARRAYOID, datum_array(kept_ids, no_nulls, TEXTOID));
    p.add(DATEARRAYOID, datum_array(kept_months, no_nulls, DATEOID));
    p.add(INT8ARRAYOID, int8_array(sent));
    p.add(INT8ARRAYOID, int8_array(received));
    p.add(INT8ARRAYOID, int8_array(flagged_sent));
    p.add(INT8ARRAYOID, int8_array(flagged_received));
    spi_.execute(
        "UPDATE hrlake.message_month AS m SET sent = m.sent + u.sent, received = m.received + u.received, "
        "  flagged_sent = m.flagged_sent + u.flagged_sent, flagged_received = m.flagged_received + u.flagged_received "
        "FROM unnest($1::text[], $2::date[], $3::int8[], $4::int8[], $5::int8[], $6::int8[]) "
        "  AS u(emp_id, month, sent, received, flagged_sent, flagged_received) "
        "WHERE m.emp_id = u.emp_id AND m.month = u.month",
        std::move(p));
  }
  if (n_kept < rows.size()) {
    BulkInsert inserts(kMessageMonth, {Anum_message_month_emp_id, Anum_message_month_month, Anum_message_month_sent,
                                       Anum_message_month_received, Anum_message_month_flagged_sent,
                                       Anum_message_month_flagged_received});
    Datum row[Natts_message_month];
    const bool nulls[Natts_message_month] = {};
    for (size_t i = 0; i < rows.size(); ++i) {
      if (kept[i]) continue;
      row[Anum_message_month_emp_id - 1] = emp_ids[i];
      row[Anum_message_month_month - 1] = months[i];
      row[Anum_message_month_sent - 1] = Int64GetDatum(rows[i].counts.sent);
      row[Anum_message_month_received - 1] = Int64GetDatum(rows[i].counts.received);
      row[Anum_message_month_flagged_sent - 1] = Int64GetDatum(rows[i].counts.flagged_sent);
      row[Anum_message_month_flagged_received - 1] = Int64GetDatum(rows[i].counts.flagged_received);
      inserts.add_row(row, nulls);
    }
    inserts.finish();
  }
  MemoryContextDelete(texts);
}

// A 10th strike closes the employee's ACTIVE timeframe record on the
// message's date (never before its start): the close arrives as a
// timeframe row with that given end (SPEC §2.3), in a batch of its own
// (origin 'strike'), and those employees' history is derived again. A
// re-sent row can then never reopen the record. The timeframe's ingest
// lock makes a merge in progress finish first; a merge that comes after
// (its rows may open a record again) reads the deactivation this call
// wrote and ends that record too (timeframe_merge.h).
void FlagScan::close_active_records(const std::vector<std::optional<std::string>> &emp_ids,
                                    const std::vector<int32_t> &days) {
  progress_.phase(core::progress::Phase::kClosingRecords);
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
  TimeframeMerge merge(spi_, changes);
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
    const int32_t day = s.deactivated_at ? to_pg_date(utc_date(*s.deactivated_at)) : 0;
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
      MemoryContext old = MemoryContextSwitchTo(inserts.row_context());
      values[0] = text_datum(emp);
      MemoryContextSwitchTo(old);
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
