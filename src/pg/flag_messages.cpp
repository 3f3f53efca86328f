// hrlake.flag_messages(): every message scanned exactly once (SPEC §2.8).
//
// One pass in C++: messages are read in msg_id order from the scan
// position, matched against the marked words with Hyperscan
// (src/core/word_matcher), and each fetched chunk's results are written with
// one statement per table taking whole arrays: the flagged rows, the strike
// events, the senders' strike counts, and the timeframe records closed by a
// 10th strike. Strike counts of the chunk's senders are read once per chunk
// and kept in a hash map, so a sender already at 10 costs a lookup.
// Strikes count in scan (arrival) order. Every statement takes a fresh
// snapshot (SPI read_only off): a call that waited for another's position
// lock must see what that call committed.
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
#include <unordered_map>

#include "core/error.h"
#include "core/word_matcher.h"
#include "pg/datum_arrays.h"
#include "pg/spi.h"

namespace hrlake::pg {
namespace {

constexpr long kFetchRows = 20000;
constexpr int kMaxStrikes = 10;

struct CachedMatcher {
  Oid database = InvalidOid;
  int64_t version = -1;
  std::unique_ptr<core::WordMatcher> matcher;
  std::unique_ptr<core::WordMatcher::Scratch> scratch;
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
  cache.scratch.reset();
  cache.matcher.reset();
  cache.matcher = std::make_unique<core::WordMatcher>(words);
  cache.scratch = std::make_unique<core::WordMatcher::Scratch>(*cache.matcher);
  cache.database = MyDatabaseId;
  cache.version = version;
  return *cache.matcher;
}

std::string text_of(HeapTuple t, TupleDesc desc, int col) {
  bool is_null;
  Datum d = SPI_getbinval(t, desc, col, &is_null);
  if (is_null) return {};
  text *v = DatumGetTextPP(d);
  return std::string(VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v));
}

struct Flagged {
  int64_t msg_id;
  std::string sender, receiver;
  int64_t sent_at;  // TimestampTz
  std::string words;  // space-separated (marked words hold no space)
  std::optional<int> strikes;
};

struct SenderState {
  int strikes = 0;
  bool changed = false;
  std::optional<int64_t> deactivated_at;  // TimestampTz of the 10th strike
};

class FlagScan {
 public:
  FlagScan(SpiSession &spi, ReturnSetInfo *rsinfo) : spi_(spi), rsinfo_(rsinfo) {
    chunk_context_ = pg_call([] {
      return AllocSetContextCreate(CurrentMemoryContext, "hrlake flag chunk", ALLOCSET_DEFAULT_SIZES);
    });
  }
  ~FlagScan() { MemoryContextDelete(chunk_context_); }
  void run(std::optional<int32_t> max_messages);

 private:
  void load_senders();
  void apply_strikes();
  void write_chunk();
  void emit_chunk();

  SpiSession &spi_;
  ReturnSetInfo *rsinfo_;
  MemoryContext chunk_context_;  // statement parameters of one chunk
  std::vector<Flagged> chunk_;
  std::unordered_map<std::string, SenderState> senders_;
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
  if (max_messages && *max_messages == 0) return;
  core::WordMatcher &matcher = matcher_for(spi_, version);
  core::WordMatcher::Scratch &scratch = *cache.scratch;

  Portal portal = pg_call([&] {
    Oid types[3] = {INT8OID, INT8OID, INT4OID};
    Datum values[3] = {Int64GetDatum(after), Int64GetDatum(upto), Int32GetDatum(max_messages.value_or(0))};
    const char nulls[3] = {' ', ' ', max_messages ? ' ' : 'n'};
    Portal p = SPI_cursor_open_with_args(
        NULL,
        "SELECT msg_id, message, sender, receiver, sent_at FROM hrlake.message "
        "WHERE msg_id > $1 AND msg_id <= $2 ORDER BY msg_id LIMIT $3",
        3, types, values, nulls, false, 0);
    if (!p) elog(ERROR, "could not open cursor over messages");
    return p;
  });
  std::vector<uint32_t> ids;
  int64_t last = after;
  for (;;) {
    pg_call([&] { SPI_cursor_fetch(portal, true, kFetchRows); });
    const uint64 n = SPI_processed;
    SPITupleTable *table = SPI_tuptable;
    chunk_.clear();
    for (uint64 i = 0; i < n; ++i) {
      HeapTuple tuple = table->vals[i];
      std::string_view message;
      pg_call([&] {
        bool is_null;
        last = DatumGetInt64(SPI_getbinval(tuple, table->tupdesc, 1, &is_null));
        text *t = DatumGetTextPP(SPI_getbinval(tuple, table->tupdesc, 2, &is_null));
        message = std::string_view(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));
      });
      matcher.match(message, ids, scratch);
      if (ids.empty()) continue;
      Flagged f;
      f.msg_id = last;
      pg_call([&] {
        bool is_null;
        f.sender = text_of(tuple, table->tupdesc, 3);
        f.receiver = text_of(tuple, table->tupdesc, 4);
        f.sent_at = DatumGetTimestampTz(SPI_getbinval(tuple, table->tupdesc, 5, &is_null));
      });
      for (uint32_t id : ids) {
        if (!f.words.empty()) f.words.push_back(' ');
        f.words += matcher.word(id);
      }
      chunk_.push_back(std::move(f));
    }
    pg_call([&] {
      SPI_freetuptable(table);
      CHECK_FOR_INTERRUPTS();
    });
    if (!chunk_.empty()) {
      // Parameter arrays are built in the chunk's context, freed after it.
      MemoryContext old = MemoryContextSwitchTo(chunk_context_);
      load_senders();
      apply_strikes();
      write_chunk();
      MemoryContextSwitchTo(old);
      MemoryContextReset(chunk_context_);
      emit_chunk();
    }
    if (n == 0) break;
  }
  pg_call([&] { SPI_cursor_close(portal); });
  if (last != after)
    spi_.execute("UPDATE hrlake._matcher_state SET scanned_msg = $1", SpiParams().int8(last));
}

// Reads the strike counts of the chunk's senders not seen yet.
void FlagScan::load_senders() {
  std::vector<std::optional<std::string>> unknown;
  for (const auto &f : chunk_)
    if (senders_.try_emplace(f.sender).second) unknown.emplace_back(f.sender);
  if (unknown.empty()) return;
  SpiParams p;
  p.add(TEXTARRAYOID, text_array(unknown));
  const uint64 n = spi_.execute(
      "SELECT emp_id, no_of_strikes FROM hrlake.employee_strike WHERE emp_id = ANY ($1)",
      std::move(p));
  pg_call([&] {
    for (uint64 i = 0; i < n; ++i) {
      bool is_null;
      HeapTuple t = SPI_tuptable->vals[i];
      senders_[text_of(t, SPI_tuptable->tupdesc, 1)].strikes =
          DatumGetInt32(SPI_getbinval(t, SPI_tuptable->tupdesc, 2, &is_null));
    }
  });
}

void FlagScan::apply_strikes() {
  for (auto &f : chunk_) {
    SenderState &s = senders_[f.sender];
    if (s.strikes >= kMaxStrikes) continue;  // deactivated: recorded, no strike
    f.strikes = ++s.strikes;
    s.changed = true;
    if (s.strikes == kMaxStrikes) s.deactivated_at = f.sent_at;
  }
}

void FlagScan::write_chunk() {
  std::vector<int64_t> msg_ids, sent_at, strike_msgs;
  std::vector<std::optional<std::string>> senders, receivers, words, strike_emps;
  std::vector<int32_t> strikes_after;
  for (const auto &f : chunk_) {
    msg_ids.push_back(f.msg_id);
    senders.emplace_back(f.sender);
    receivers.emplace_back(f.receiver);
    words.emplace_back(f.words);
    if (f.strikes) {
      strike_msgs.push_back(f.msg_id);
      strike_emps.emplace_back(f.sender);
      strikes_after.push_back(*f.strikes);
    }
  }
  SpiParams p;
  p.add(INT8ARRAYOID, int8_array(msg_ids));
  p.add(TEXTARRAYOID, text_array(senders));
  p.add(TEXTARRAYOID, text_array(receivers));
  p.add(TEXTARRAYOID, text_array(words));
  spi_.execute(
      "INSERT INTO hrlake.flagged_message (msg_id, sender, receiver, matched_words) "
      "SELECT u.msg_id, u.sender, u.receiver, string_to_array(u.words, ' ') "
      "FROM unnest($1::int8[], $2::text[], $3::text[], $4::text[]) AS u(msg_id, sender, receiver, words)",
      std::move(p));
  if (strike_msgs.empty()) return;

  SpiParams e;
  e.add(INT8ARRAYOID, int8_array(strike_msgs));
  e.add(TEXTARRAYOID, text_array(strike_emps));
  e.add(INT4ARRAYOID, int4_array(strikes_after));
  spi_.execute(
      "INSERT INTO hrlake.strike_event (emp_id, kind, msg_id, strikes_before, strikes_after) "
      "SELECT u.emp_id, 'strike', u.msg_id, u.after - 1, u.after "
      "FROM unnest($1::int8[], $2::text[], $3::int4[]) AS u(msg_id, emp_id, after)",
      std::move(e));

  std::vector<std::optional<std::string>> emps, deactivated;
  std::vector<int32_t> counts;
  std::vector<std::optional<std::string>> closed_emps;
  std::vector<int64_t> closed_at;
  for (auto &[emp, s] : senders_) {
    if (!s.changed) continue;
    emps.emplace_back(emp);
    counts.push_back(s.strikes);
    if (s.deactivated_at) {
      closed_emps.emplace_back(emp);
      closed_at.push_back(*s.deactivated_at);
    }
    s.changed = false;
  }
  SpiParams c;
  c.add(TEXTARRAYOID, text_array(emps));
  c.add(INT4ARRAYOID, int4_array(counts));
  c.add(TEXTARRAYOID, text_array(closed_emps));
  c.add(INT8ARRAYOID, int8_array(closed_at));
  // The 10th strike: deactivated on the message's UTC date; the ACTIVE
  // timeframe record is closed then (never before its start).
  spi_.execute(
      "WITH deact AS (SELECT d.emp_id, ((timestamptz 'epoch' + (d.at + 946684800000000) * interval '1 microsecond')"
      "                                  AT TIME ZONE 'UTC')::date AS on_date "
      "               FROM unnest($3::text[], $4::int8[]) AS d(emp_id, at)), "
      "upserted AS ("
      "  INSERT INTO hrlake.employee_strike AS s (emp_id, no_of_strikes, deactivated_on, updated_at) "
      "  SELECT u.emp_id, u.n, d.on_date, now() FROM unnest($1::text[], $2::int4[]) AS u(emp_id, n) "
      "  LEFT JOIN deact d USING (emp_id) "
      "  ON CONFLICT (emp_id) DO UPDATE SET no_of_strikes = EXCLUDED.no_of_strikes, "
      "    deactivated_on = EXCLUDED.deactivated_on, updated_at = now()) "
      "UPDATE hrlake.employee_timeframe t SET end_date = greatest(t.start_date, d.on_date), "
      "  end_date_given = true, updated_at = now() "
      "FROM deact d WHERE t.emp_id = d.emp_id AND t.end_date IS NULL",
      std::move(c));
  for (auto &[emp, s] : senders_) s.deactivated_at.reset();
}

void FlagScan::emit_chunk() {
  MemoryContext rows = pg_call([] {
    return AllocSetContextCreate(CurrentMemoryContext, "hrlake flag rows", ALLOCSET_DEFAULT_SIZES);
  });
  for (const auto &f : chunk_) {
    std::vector<std::string_view> words;
    for (size_t start = 0; start <= f.words.size();) {
      size_t end = f.words.find(' ', start);
      if (end == std::string::npos) end = f.words.size();
      words.emplace_back(std::string_view(f.words).substr(start, end - start));
      start = end + 1;
    }
    pg_call([&] {
      MemoryContext old = MemoryContextSwitchTo(rows);
      Datum *items = static_cast<Datum *>(palloc(sizeof(Datum) * words.size()));
      for (size_t k = 0; k < words.size(); ++k)
        items[k] = PointerGetDatum(cstring_to_text_with_len(words[k].data(), static_cast<int>(words[k].size())));
      Datum values[5];
      bool nulls[5] = {false, false, false, false, !f.strikes};
      values[0] = Int64GetDatum(f.msg_id);
      values[1] = PointerGetDatum(cstring_to_text_with_len(f.sender.data(), static_cast<int>(f.sender.size())));
      values[2] = PointerGetDatum(cstring_to_text_with_len(f.receiver.data(), static_cast<int>(f.receiver.size())));
      values[3] = PointerGetDatum(construct_array(items, static_cast<int>(words.size()), TEXTOID, -1, false, TYPALIGN_INT));
      values[4] = Int32GetDatum(f.strikes.value_or(0));
      MemoryContextSwitchTo(old);
      tuplestore_putvalues(rsinfo_->setResult, rsinfo_->setDesc, values, nulls);
      MemoryContextReset(rows);
    });
  }
  pg_call([&] { MemoryContextDelete(rows); });
}

}  // namespace
}  // namespace hrlake::pg

using namespace hrlake;

HRLAKE_FUNCTION(hrlake_flag_messages) {
  std::optional<int32_t> max_messages;
  if (!PG_ARGISNULL(0)) {
    max_messages = PG_GETARG_INT32(0);
    if (*max_messages < 0)
      throw core::Error(core::sqlstate::kInvalidParameterValue, "max_messages must not be negative");
  }
  pg::pg_call([&] { InitMaterializedSRF(fcinfo, 0); });
  auto *rsinfo = reinterpret_cast<ReturnSetInfo *>(fcinfo->resultinfo);
  pg::SpiSession spi;
  pg::FlagScan scan(spi, rsinfo);
  scan.run(max_messages);
  return (Datum)0;
}
