// The streaming targets (intake.h): word lists and messages. Each valid
// row is written as it comes unless its key is there already (SPEC §2.8):
// a word equal to a stored one under case folding (core::word_key), a
// message whose delivery key was seen. Keys written but not yet where the
// probe looks are remembered until they are: a word's once the writer
// flushed it into the table's unique index; a message's once the writer's
// statement ended, which fires the trigger that adds it to message_key
// (the messages' partitions each have their own indexes: the keys are
// unique across them in that table).
#include <unordered_set>

#include "core/message_rules.h"
#include "core/word_matcher.h"
#include "core/word_rules.h"
#include "pg/bulk_insert.h"
#include "pg/convert.h"
#include "pg/intake_targets.h"
#include "pg/key_probe.h"

namespace hrlake::pg {
namespace {

using namespace catalog;

// Whether a key is there already: in the table, or among the keys written
// but not yet in it.
class SeenKeys {
 public:
  // `unique_index`: on the one text column `column`.
  SeenKeys(const Table &table, const char *unique_index, int column) : probe_(table, unique_index, {column}) {}
  bool seen(std::string_view key) {
    if (pending_.count(std::string(key))) return true;
    const Datum d = text_datum(key);
    const bool stored = probe_.exists(&d);
    pfree(DatumGetPointer(d));
    return stored;
  }
  // A row with this key was written; the probe may not see it yet.
  void written(std::string_view key) { pending_.emplace(key); }
  // Every key written so far is where the probe looks.
  void settled() { pending_.clear(); }
  size_t pending() const { return pending_.size(); }
  void finish() { probe_.finish(); }

 private:
  KeyProbe probe_;
  std::unordered_set<std::string> pending_;
};

class WordTarget : public IntakeTarget {
 public:
  explicit WordTarget(bool marked)
      : table_(marked ? kMarkedWord : kVocabulary),
        writer_(table_, {Anum_word_word, Anum_word_batch_id}),
        seen_(table_, marked ? "marked_word_word_key_key" : "vocabulary_word_key_key", Anum_word_word_key) {}

  bool add(const core::Position &at, const core::FieldValues &v, std::string &problem) override {
    auto row = core::parse_word(v[0], problem);
    if (!row) return false;
    const std::string key = core::word_key(row->word);
    if (seen_.seen(key)) return true;
    Datum values[Natts_word] = {};
    bool nulls[Natts_word] = {};
    MemoryContext old = MemoryContextSwitchTo(writer_.row_context());
    values[Anum_word_word - 1] = text_datum(row->word);
    values[Anum_word_batch_id - 1] = Int64GetDatum(at.batch_id);
    MemoryContextSwitchTo(old);
    writer_.add_row(values, nulls);
    seen_.written(key);
    if (writer_.buffered() == 0) seen_.settled();  // flushed into the unique index
    loaded(at.batch_id);
    return true;
  }

  void finish() override {
    writer_.finish();
    seen_.finish();
  }

 private:
  const Table &table_;
  BulkInsert writer_;
  SeenKeys seen_;
};

class MessageTarget : public IntakeTarget {
 public:
  MessageTarget() : writer_(new_writer()), seen_(kMessageKey, "message_key_pkey", Anum_message_key_key) {}

  bool add(const core::Position &at, const core::FieldValues &v, std::string &problem) override {
    auto row = core::parse_message(v[0], v[1], v[2], v[3], v[4], problem);
    if (!row) return false;
    // A key identifies a delivery among keyed messages only.
    if (row->key && seen_.seen(*row->key)) return true;
    Datum values[Natts_message] = {};
    bool nulls[Natts_message] = {};
    MemoryContext old = MemoryContextSwitchTo(writer_->row_context());
    nulls[Anum_message_key - 1] = !row->key;
    if (row->key) values[Anum_message_key - 1] = text_datum(*row->key);
    values[Anum_message_sender - 1] = text_datum(row->sender);
    values[Anum_message_receiver - 1] = text_datum(row->receiver);
    values[Anum_message_message - 1] = text_datum(row->message);
    // The message's own time; its arrival time when it has none.
    values[Anum_message_sent_at - 1] = TimestampTzGetDatum(
        row->sent_at ? to_pg_timestamp(*row->sent_at) : GetCurrentTransactionStartTimestamp());
    values[Anum_message_batch_id - 1] = Int64GetDatum(at.batch_id);
    MemoryContextSwitchTo(old);
    writer_->add_row(values, nulls);
    if (row->key) {
      seen_.written(*row->key);
      // The keys reach message_key when the writer's statement ends: a new
      // statement now and then bounds the keys kept in memory.
      if (seen_.pending() >= kMaxPendingKeys) {
        writer_->finish();
        writer_ = new_writer();
        seen_.settled();
      }
    }
    loaded(at.batch_id);
    return true;
  }

  void finish() override {
    writer_->finish();
    seen_.finish();
  }

 private:
  static constexpr size_t kMaxPendingKeys = 100000;
  static std::unique_ptr<BulkInsert> new_writer() {
    return std::make_unique<BulkInsert>(kMessage, std::vector<int>{Anum_message_key, Anum_message_sender,
                                                                   Anum_message_receiver, Anum_message_message,
                                                                   Anum_message_sent_at, Anum_message_batch_id});
  }

  std::unique_ptr<BulkInsert> writer_;
  SeenKeys seen_;
};

}  // namespace

std::unique_ptr<IntakeTarget> word_target(bool marked) { return std::make_unique<WordTarget>(marked); }
std::unique_ptr<IntakeTarget> message_target() { return std::make_unique<MessageTarget>(); }

std::unique_ptr<IntakeTarget> make_target(const core::SourceSpec &spec) {
  const std::string &s = spec.name;
  if (s == "employee") return employee_target();
  if (s == "leave") return leave_target();
  if (s == "leave_quota") return leave_quota_target();
  if (s == "leave_calendar") return leave_calendar_target();
  if (s == "vocabulary") return word_target(false);
  if (s == "marked_word") return word_target(true);
  if (s == "message") return message_target();
  if (s == "timeframe") return timeframe_target();
  throw std::logic_error("no ingest target for source " + s);
}

}  // namespace hrlake::pg
