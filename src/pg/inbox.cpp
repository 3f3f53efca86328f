// The inbox (issue 19, core/inbox.h): the SQL functions a pass of
// hrlake._inbox_pass (sql/api/15_inbox.sql) calls, one file at a time:
//   _inbox_scan(sources, check_layout)  what is there: files to take (in
//                                       order), files still being written,
//                                       entries no pass takes
//   _inbox_take(source, name)           loads one file (hrlake.load's path)
//                                       and remembers what became of it
//   COMMIT                              (the procedure)
//   _inbox_finish()                     moves the file taken: to processed/
//                                       when its content is in the ledger,
//                                       to failed/ with a reason when refused
// A file is moved only after the transaction that loaded it committed and
// its commit is on disk; a crash in between leaves it in place, and the
// next pass finds its content in the ledger and only moves it. What the
// take found is kept in this backend's memory, never taken from the
// caller: a caller cannot have a file moved that was not loaded.
#include <algorithm>

#include "core/error.h"
#include "core/inbox.h"
#include "core/source_spec.h"
#include "pg/batch_ledger.h"
#include "pg/convert.h"
#include "pg/load.h"
#include "pg/result_rows.h"
#include "pg/settings.h"
#include "pg/spi.h"

namespace hrlake::pg {
namespace {

namespace inbox = core::inbox;
constexpr int64_t kNsPerSecond = 1000000000;

inbox::Dir inbox_root() {
  if (!inbox_directory || !*inbox_directory)
    throw core::Error("55000", "hrlake.inbox_directory is not set", {},
                      "A superuser sets it, e.g. ALTER DATABASE ... SET hrlake.inbox_directory = '/srv/hrlake/inbox'.");
  return inbox::Dir::open_root(inbox_directory);
}

std::vector<std::string> all_source_names() {
  std::vector<std::string> names;
  for (const auto &s : core::all_sources()) names.push_back(s.name);
  return names;
}

// A file is refused (moved to failed/) when the error is about the file:
// it cannot be read as its source's format (SQLSTATE class 22) or is not a
// regular file (42809). Anything else (a cancel, a lock timeout, an I/O
// error) leaves it in place and stops the pass.
bool is_refusal(const std::string &sqlstate) {
  return sqlstate.compare(0, 2, "22") == 0 || sqlstate == core::sqlstate::kWrongObjectType;
}

std::string error_text(const core::Error &e) {
  std::string s = std::string(e.what()) + " (SQLSTATE " + e.sqlstate() + ")";
  if (!e.detail().empty()) s += "\ndetail: " + e.detail();
  if (!e.hint().empty()) s += "\nhint: " + e.hint();
  return s;
}

// What _inbox_take found, for _inbox_finish.
struct Taken {
  enum class Outcome {
    kUndecided,  // the load raised an error that is not about the file
    kLoaded,     // a new batch
    kDuplicate,  // its content was loaded before
    kRefused,    // not loadable: to failed/
    kWaiting,    // it changed while it was read: left for a later pass
  };
  std::string source, name;
  inbox::Entry seen;  // the file as it was read: it is moved only if still the same
  Outcome outcome = Outcome::kUndecided;
  int64_t batch_id = 0;
  std::string digest;
  std::string reason;  // kRefused: why, for the .reason file
  LocalTransactionId taken_in = InvalidLocalTransactionId;
};
std::optional<Taken> taken;

std::string inbox_path(const std::string &source, const std::string &name) {
  return std::string(inbox_directory) + "/" + source + "/" + name;
}

// One row of a result: text columns (nullopt = NULL) and a bigint.
class Row {
 public:
  Row &text(const std::optional<std::string> &v) {
    nulls_.push_back(!v);
    values_.push_back(v ? text_datum(*v) : Datum(0));
    return *this;
  }
  Row &int8(std::optional<int64_t> v) {
    nulls_.push_back(!v);
    values_.push_back(v ? Int64GetDatum(*v) : Datum(0));
    return *this;
  }
  void add_to(ResultRows &rows) {
    std::unique_ptr<bool[]> nulls(new bool[nulls_.size()]);
    for (size_t i = 0; i < nulls_.size(); ++i) nulls[i] = nulls_[i];
    rows.add(values_.data(), nulls.get());
  }

 private:
  std::vector<Datum> values_;
  std::vector<bool> nulls_;
};

}  // namespace
}  // namespace hrlake::pg

using namespace hrlake;
namespace inbox = hrlake::core::inbox;

// hrlake._inbox_scan(sources text[], check_layout boolean)
//   -> setof (source, name, state, why); state: take, waiting or unknown.
// The files to take come source by source (in the order given), each
// folder's in name order. With check_layout, entries no pass takes are
// reported: in the inbox itself and in every source's folder.
HRLAKE_FUNCTION(hrlake_inbox_scan) {
  std::vector<std::string> sources;
  pg::pg_call([&] {
    ArrayType *array = PG_GETARG_ARRAYTYPE_P(0);
    Datum *elems;
    bool *nulls;
    int n;
    deconstruct_array(array, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
    for (int i = 0; i < n; ++i)
      if (!nulls[i]) sources.push_back(TextDatumGetCString(elems[i]));
  });
  const bool check_layout = PG_GETARG_BOOL(1);
  for (const std::string &s : sources)
    if (!core::find_source(s))
      throw core::Error(core::sqlstate::kInvalidParameterValue, "unknown source \"" + s + "\"", {},
                        "Known sources: " + core::source_names() + ".");

  pg::ResultRows rows = pg::ResultRows::of_call(fcinfo);
  const inbox::Dir root = pg::inbox_root();
  const int64_t now = inbox::now_ns();
  const int64_t settle = int64_t{pg::inbox_settle_time_s} * pg::kNsPerSecond;
  // Each row is told as it is found: a file that waits (NOTICE), an entry
  // no pass takes (WARNING).
  const auto waiting = [&](const std::string &source, const std::string &name, const std::string &why) {
    pg::notice("inbox: " + source + "/" + name + " waits: " + why);
    pg::Row().text(source).text(name).text(std::string("waiting")).text(why).add_to(rows);
  };
  const auto unknown = [&](const std::optional<std::string> &source, const std::string &name, const std::string &why) {
    pg::warning("inbox: " + (source ? *source + "/" : std::string()) + name + " is not loaded: " + why);
    pg::Row().text(source).text(name).text(std::string("unknown")).text(why).add_to(rows);
  };
  if (check_layout)
    for (const inbox::Unknown &u : inbox::unknown_root_entries(inbox::list(root), pg::all_source_names()))
      unknown(std::nullopt, u.path, u.why);

  // Each source's folder once, in the order given; with check_layout, the
  // other sources' folders only for what no pass takes.
  std::vector<std::string> folders = sources;
  if (check_layout)
    for (const std::string &s : pg::all_source_names())
      if (std::find(folders.begin(), folders.end(), s) == folders.end()) folders.push_back(s);
  for (const std::string &source : folders) {
    const bool taking = std::find(sources.begin(), sources.end(), source) != sources.end();
    std::optional<inbox::Dir> folder;
    try {
      folder = root.child(source);
    } catch (const core::Error &) {
      if (!check_layout) throw;
      continue;  // not a folder: reported with the inbox's entries above
    }
    if (!folder) continue;
    std::vector<inbox::Entry> entries = inbox::list(*folder);
    inbox::sort_for_taking(entries);
    for (const inbox::Entry &e : entries) {
      const inbox::Judgement j = inbox::judge_source_entry(e, now, settle);
      const std::string name = inbox::printable(e.name);
      if (j.verdict == inbox::Verdict::kTake && taking)
        pg::Row().text(source).text(name).text(std::string("take")).text(std::nullopt).add_to(rows);
      else if (j.verdict == inbox::Verdict::kWaiting && taking)
        waiting(source, name, j.why);
      else if (j.verdict == inbox::Verdict::kUnknown && check_layout)
        unknown(source, name + (e.kind == inbox::Entry::Kind::kDirectory ? "/" : ""), j.why);
    }
  }
  return (Datum)0;
}

// hrlake._inbox_take(source text, name text) -> (outcome, batch_id):
// loads <inbox>/<source>/<name> as hrlake.load() would (no
// pg_read_server_files needed: the superuser who set the inbox chose what
// the server reads). Outcomes: loaded, duplicate (content loaded before),
// refused (not a regular file, unreadable: no error), waiting (not settled),
// gone. A file that cannot be read as its source's format raises the
// reader's error (the procedure's subtransaction undoes the partial load)
// and is remembered as refused.
HRLAKE_FUNCTION(hrlake_inbox_take) {
  pg::taken.reset();
  const std::string source = pg::text_to_string(PG_GETARG_DATUM(0));
  const std::string name = pg::text_to_string(PG_GETARG_DATUM(1));
  const core::SourceSpec *spec = core::find_source(source);
  if (!spec)
    throw core::Error(core::sqlstate::kInvalidParameterValue, "unknown source \"" + source + "\"");
  if (name.empty() || name[0] == '.' || name.find('/') != std::string::npos || !inbox::is_printable(name))
    throw core::Error(core::sqlstate::kInvalidParameterValue, "\"" + name + "\" is not a file an inbox pass takes");

  pg::ResultRows result = pg::ResultRows::of_call(fcinfo);
  const auto answer = [&](const char *outcome, std::optional<int64_t> batch = std::nullopt) {
    pg::Row().text(std::string(outcome)).int8(batch).add_to(result);
    return (Datum)0;
  };
  const inbox::Dir root = pg::inbox_root();
  const std::optional<inbox::Dir> folder = root.child(source);
  const std::optional<inbox::Entry> entry = folder ? inbox::look(*folder, name) : std::nullopt;
  if (!entry) return answer("gone");

  pg::Taken t;
  t.source = source;
  t.name = name;
  t.seen = *entry;
  t.taken_in = MyProc->lxid;
  const std::string path = pg::inbox_path(source, name);
  const auto refuse = [&](const core::Error &e) {
    t.outcome = pg::Taken::Outcome::kRefused;
    t.reason = pg::error_text(e);
    pg::taken = t;
    return answer("refused");
  };
  if (entry->kind == inbox::Entry::Kind::kFile &&
      !inbox::is_settled(entry->mtime_ns, inbox::now_ns(), int64_t{pg::inbox_settle_time_s} * pg::kNsPerSecond))
    return answer("waiting");
  std::optional<core::FileSource> file;
  try {
    file.emplace(folder->fd(), name, path);
  } catch (const core::Error &e) {
    if (e.sqlstate() == core::sqlstate::kUndefinedFile) return answer("gone");
    // Not a regular file, or not readable by the server: a person must act.
    if (pg::is_refusal(e.sqlstate()) || !inbox::readable(*folder, name)) return refuse(e);
    throw;
  }
  if (!inbox::same_file(*entry, file->version())) return answer("waiting");  // changed as it was opened

  pg::taken = t;  // undecided until the load returns
  try {
    const pg::FileLoad loaded = pg::load_file(*spec, *file, path);
    pg::taken->outcome = loaded.already_loaded ? pg::Taken::Outcome::kDuplicate : pg::Taken::Outcome::kLoaded;
    pg::taken->batch_id = loaded.batch_id;
    pg::taken->digest = loaded.digest;
    return answer(loaded.already_loaded ? "duplicate" : "loaded", loaded.batch_id);
  } catch (const core::Error &e) {
    if (pg::is_refusal(e.sqlstate())) {
      pg::taken->outcome = pg::Taken::Outcome::kRefused;
      pg::taken->reason = pg::error_text(e);
    } else if (e.sqlstate() == "55000") {
      pg::taken->outcome = pg::Taken::Outcome::kWaiting;  // changed while read
    }
    throw;
  }
}

// hrlake._inbox_finish() -> (outcome, file, moved_to, batch_id, why): moves
// the file the last _inbox_take of this session took, in a later
// transaction: to processed/<source>/<YYYY-MM-DD>/ when its content is in
// the ledger (committed; the commit is flushed to disk first), to
// failed/<source>/ beside a .reason file when refused. Outcomes: loaded,
// duplicate, failed (moved); waiting, gone, changed (it is no longer the
// file that was read), uncommitted (left for the next pass); none (the take
// ended in an error that is not about the file: the caller reports it).
HRLAKE_FUNCTION(hrlake_inbox_finish) {
  pg::ResultRows result = pg::ResultRows::of_call(fcinfo);
  std::optional<pg::Taken> t = std::move(pg::taken);
  pg::taken.reset();
  const auto answer = [&](const char *outcome, std::optional<std::string> moved_to = std::nullopt,
                          std::optional<std::string> why = std::nullopt) {
    pg::Row row;
    row.text(std::string(outcome));
    row.text(t ? std::optional<std::string>(t->source + "/" + t->name) : std::nullopt);
    row.text(moved_to);
    row.int8(t && t->batch_id ? std::optional<int64_t>(t->batch_id) : std::nullopt);
    row.text(why);
    row.add_to(result);
    return (Datum)0;
  };
  using Outcome = pg::Taken::Outcome;
  if (!t || t->outcome == Outcome::kUndecided) return answer("none");
  if (t->outcome == Outcome::kWaiting) return answer("waiting", std::nullopt, std::string("it changed while it was read"));
  const bool loaded = t->outcome == Outcome::kLoaded || t->outcome == Outcome::kDuplicate;
  if (loaded && MyProc->lxid == t->taken_in)
    throw core::Error("25000", "an inbox file is moved only after the transaction that loaded it committed", {},
                      "CALL hrlake.load_inbox() does both.");

  pg::SpiSession spi;
  // Moves of a source's files one at a time: the check that the file is
  // the one read and its rename are one step for other passes.
  spi.execute("SELECT pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('hrlake.inbox'), pg_catalog.hashtext($1))",
              pg::SpiParams().text(t->source));
  if (loaded) {
    if (!pg::ledger::batch_of_content(spi, t->source, t->digest))
      return answer("uncommitted", std::nullopt, std::string("its load did not commit; it stays for the next pass"));
    // The commit that made it visible may not be on disk yet
    // (synchronous_commit = off): the file leaves the inbox only after it is.
    pg::pg_call([] { XLogFlush(GetXLogInsertRecPtr()); });
  }
  const inbox::Dir root = pg::inbox_root();
  const std::optional<inbox::Dir> folder = root.child(t->source);
  const std::optional<inbox::Entry> now = folder ? inbox::look(*folder, t->name) : std::nullopt;
  if (!now) return answer("gone");
  if (now->kind != t->seen.kind || now->inode != t->seen.inode || now->device != t->seen.device ||
      now->size != t->seen.size || now->mtime_ns != t->seen.mtime_ns)
    return answer("changed", std::nullopt, std::string("it changed after it was read; the next pass reads it again"));

  const std::string date = inbox::utc_date(inbox::now_ns() / pg::kNsPerSecond);
  if (loaded) {
    const inbox::Dir target =
        root.child_created(std::string(inbox::kProcessed)).child_created(t->source).child_created(date);
    const auto moved = inbox::move_into(*folder, t->name, target);
    if (!moved) return answer("gone");
    const std::string to = std::string(inbox::kProcessed) + "/" + t->source + "/" + date + "/" + *moved;
    pg::notice("inbox: moved " + t->source + "/" + t->name + " to " + to);
    return answer(t->outcome == Outcome::kLoaded ? "loaded" : "duplicate", to);
  }
  const std::string reason = "hrlake refused this file; it was not loaded.\n"
                             "file: " + pg::inbox_path(t->source, t->name) + "\n"
                             "source: " + t->source + "\n"
                             "refused on: " + date + " (UTC)\n"
                             "error: " + t->reason + "\n"
                             "To load it once it is fixed, put it back into " + t->source + "/.\n";
  const inbox::Dir target = root.child_created(std::string(inbox::kFailed)).child_created(t->source);
  const auto moved = inbox::move_into(*folder, t->name, target, reason);
  if (!moved) return answer("gone");
  const std::string to = std::string(inbox::kFailed) + "/" + t->source + "/" + *moved;
  const std::string why = t->reason.substr(0, t->reason.find('\n'));
  pg::warning("inbox: refused " + t->source + "/" + t->name + ": " + why + "; moved to " + to + " (why in " + *moved +
              std::string(inbox::kReasonSuffix) + ")");
  return answer("failed", to, why);
}
