// hrlake.load(source, path): a server-side file straight into its target
// tables, and hrlake._ingest_rows(source): the rows clients copied into the
// source's staging table, through the same intake (src/pg/intake.h).
//
// A batch is one file (or one set of rows copied into staging by a client).
// The file is hashed first; a file whose content was already loaded for the
// source is not loaded again. Rows that cannot be read or break a rule go to
// rejected_row with a reason; the others are validated and stored at once
// (timeframe rows wait in hrlake.timeframe_row for the merge).
#include "core/error.h"
#include "core/file_source.h"
#include "core/source_reader.h"
#include "core/source_spec.h"
#include "pg/settings.h"
#include "pg/spi.h"
#include "pg/batch_ledger.h"
#include "pg/intake.h"
#include "pg/progress.h"
#include "pg/load.h"
#include "pg/result_rows.h"
#include "pg/staged_rows.h"
#include "pg/timeframe_merge.h"

namespace hrlake::pg {
namespace {

// Server files may be read only by roles trusted with them, checked as
// COPY FROM a file checks it: the role calling hrlake.load(), which is why
// the function is not SECURITY DEFINER. (The session's role would be
// wrong: a function of a role without the right, SECURITY DEFINER or run
// by maintenance as its table's owner, could call load() in a privileged
// session and read any file through it.)
void require_server_file_access() {
  const bool allowed = pg_call(
      [] { return has_privs_of_role(GetUserId(), ROLE_PG_READ_SERVER_FILES); });
  if (!allowed)
    throw core::Error("42501", "permission denied to read server files",
                      "Only superusers and members of pg_read_server_files may load files "
                      "that are on the database server.",
                      "From a client, use psql's \\copy into the staging table, e.g. "
                      "\\copy hrlake_stage.employee (emp_id, age, name) from 'file.csv' csv header; "
                      "then call hrlake.ingest().");
}

// The rest of a call with the rights of the function's owner, as a
// SECURITY DEFINER function has them from its start (fmgr_security_definer):
// hrlake.load() writes the ledger, staging and rejects, which its callers
// may not. The caller's rights come back at the end of the scope (an error
// that aborts the transaction restores them too).
class OwnerRights {
 public:
  explicit OwnerRights(FunctionCallInfo fcinfo) {
    const Oid owner = pg_call([&] {
      HeapTuple proc = SearchSysCache1(PROCOID, ObjectIdGetDatum(fcinfo->flinfo->fn_oid));
      if (!HeapTupleIsValid(proc)) elog(ERROR, "cache lookup failed for function %u", fcinfo->flinfo->fn_oid);
      const Oid proowner = reinterpret_cast<Form_pg_proc>(GETSTRUCT(proc))->proowner;
      ReleaseSysCache(proc);
      return proowner;
    });
    GetUserIdAndSecContext(&caller_, &caller_context_);
    SetUserIdAndSecContext(owner, caller_context_ | SECURITY_LOCAL_USERID_CHANGE);
  }
  ~OwnerRights() { SetUserIdAndSecContext(caller_, caller_context_); }
  OwnerRights(const OwnerRights &) = delete;
  OwnerRights &operator=(const OwnerRights &) = delete;

 private:
  Oid caller_ = InvalidOid;
  int caller_context_ = 0;
};

// SHA-256 of a stream of bytes, fed chunk by chunk.
class Sha256 {
 public:
  Sha256() {
    ctx_ = pg_call([] { return pg_cryptohash_create(PG_SHA256); });
    if (pg_cryptohash_init(ctx_) < 0)
      throw core::Error(core::sqlstate::kInternalError, "could not initialise SHA-256");
  }
  ~Sha256() { pg_cryptohash_free(ctx_); }
  Sha256(const Sha256 &) = delete;
  Sha256 &operator=(const Sha256 &) = delete;

  void add(std::string_view chunk) {
    if (pg_cryptohash_update(ctx_, reinterpret_cast<const uint8 *>(chunk.data()), chunk.size()) < 0)
      throw core::Error(core::sqlstate::kInternalError, "could not compute SHA-256");
  }
  // The digest as raw bytes.
  std::string digest() {
    uint8 digest[32];
    if (pg_cryptohash_final(ctx_, digest, sizeof digest) < 0)
      throw core::Error(core::sqlstate::kInternalError, "could not compute SHA-256");
    return std::string(reinterpret_cast<char *>(digest), sizeof digest);
  }

 private:
  pg_cryptohash_ctx *ctx_;
};

// SHA-256 of the whole file, as raw bytes.
std::string file_digest(core::FileSource &file, Progress &progress) {
  Sha256 sha;
  int64_t bytes = 0;
  file.for_each_chunk([&](std::string_view chunk) {
    sha.add(chunk);
    progress.bytes(bytes += static_cast<int64_t>(chunk.size()));
  });
  return sha.digest();
}

}  // namespace

FileLoad load_file(const core::SourceSpec &spec, core::FileSource &file, const std::string &path) {
  Progress progress(core::progress::Operation::kLoad, &spec);
  progress.bytes_total(file.size());
  progress.phase(core::progress::Phase::kHashing);
  const std::string digest = file_digest(file, progress);

  SpiSession spi;
  // One load or ingest of a source at a time: two sessions loading the
  // same file cannot both create a batch for it, and the rules that decide
  // what is stored see every row of the source that came before.
  spi.execute("SELECT pg_advisory_xact_lock(hashtext('hrlake.ingest'), hashtext($1))",
              SpiParams().text(spec.name));
  if (auto existing = ledger::batch_of_content(spi, spec.name, digest)) {
    notice("file \"" + path + "\" was already loaded as batch " + std::to_string(*existing) +
           "; nothing to do");
    return {*existing, true, digest};
  }
  const int64_t batch_id = ledger::open_file_batch(spi, spec.name, path, digest);

  core::ReadOptions options;
  options.max_field_bytes = static_cast<size_t>(max_field_size_kb) * 1024;
  // The content loaded is the content hashed: the read hashes what it
  // parses, and a file that changed in between is refused (the ledger
  // would name content that was not loaded).
  Sha256 loaded;
  int64_t bytes_read = 0;
  progress.bytes(0);
  progress.phase(core::progress::Phase::kReading);
  const auto observe = [&](std::string_view chunk) {
    loaded.add(chunk);
    progress.bytes(bytes_read += static_cast<int64_t>(chunk.size()));
  };
  const auto same_content = [&] {
    if (loaded.digest() != digest)
      throw core::Error("55000", "file \"" + path + "\" changed while it was being read", {},
                        "Load it again once it is complete.");
  };
  // Validated and stored as it is read (timeframe rows wait in
  // hrlake.timeframe_row for the merge of the daily job).
  Intake intake(spec);
  intake.set_progress(&progress);
  intake.begin_batch(batch_id);
  core::read_source(spec, options, file, intake, observe);
  same_content();
  progress.phase(core::progress::Phase::kWriting);
  const ledger::BatchCounts c =
      ledger::finish(spi, batch_id, intake.finish()[batch_id], spec.name == "timeframe" ? "staged" : "ingested");
  notice("batch " + std::to_string(batch_id) + " from \"" + path + "\": " + std::to_string(c.rows_total) +
         " row(s), " + std::to_string(c.rows_loaded) + " loaded, " + std::to_string(c.rows_duplicate) +
         " duplicate, " + std::to_string(c.rows_rejected) + " rejected");
  return {batch_id, false, digest};
}

}  // namespace hrlake::pg

using namespace hrlake;

HRLAKE_FUNCTION(hrlake_load) {
  if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
    throw core::Error("22004", "source and path must not be null");
  const std::string source = pg::text_to_string(PG_GETARG_DATUM(0));
  const std::string path = pg::text_to_string(PG_GETARG_DATUM(1));

  const core::SourceSpec *spec = core::find_source(source);
  if (!spec)
    throw core::Error(core::sqlstate::kInvalidParameterValue,
                      "unknown source \"" + source + "\"", {},
                      "Known sources: " + core::source_names() + ".");
  pg::require_server_file_access();
  if (path.empty() || path[0] != '/')
    throw core::Error(core::sqlstate::kInvalidParameterValue,
                      "path \"" + path + "\" is not absolute", {},
                      "Give the file's absolute path on the database server.");

  // From here on with the owner's rights; the file is read by the server
  // whoever the role.
  const pg::OwnerRights owner_rights(fcinfo);
  core::FileSource file(path);
  return Int64GetDatum(pg::load_file(*spec, file, path).batch_id);
}

// hrlake._ingest_rows(source): the rows clients copied into the source's
// staging table (and batches staged by older versions), through the same
// intake as a file; one row of counts per batch.
HRLAKE_FUNCTION(hrlake_ingest_rows) {
  const std::string source = pg::text_to_string(PG_GETARG_DATUM(0));
  const core::SourceSpec *spec = core::find_source(source);
  if (!spec) throw core::Error(core::sqlstate::kInvalidParameterValue, "unknown source \"" + source + "\"");
  pg::ResultRows result = pg::ResultRows::of_call(fcinfo);
  std::vector<pg::ledger::BatchCounts> counts;
  if (spec->name == "timeframe") {
    pg::ResultRows changes = pg::ResultRows::counted();
    counts = pg::merge_timeframe(changes);
  } else {
    pg::SpiSession spi;
    pg::Progress progress(core::progress::Operation::kIngest, spec);
    const std::vector<int64_t> batches = pg::ledger::claim_staged(spi, *spec);
    if (batches.empty()) return (Datum)0;
    progress.rows_total(pg::ledger::rows_staged(spi, batches));
    progress.phase(core::progress::Phase::kReading);
    pg::Intake intake(*spec);
    intake.set_progress(&progress);
    pg::feed_staged(*spec, batches, intake);
    progress.phase(core::progress::Phase::kWriting);
    std::map<int64_t, pg::BatchTally> tallies = intake.finish();
    pg::ledger::drop_staged(spi, *spec, batches);
    for (int64_t batch : batches) counts.push_back(pg::ledger::finish(spi, batch, tallies[batch]));
  }
  for (const pg::ledger::BatchCounts &c : counts) {
    const Datum values[5] = {Int64GetDatum(c.batch_id), Int64GetDatum(c.rows_total), Int64GetDatum(c.rows_loaded),
                             Int64GetDatum(c.rows_duplicate), Int64GetDatum(c.rows_rejected)};
    const bool nulls[5] = {};
    result.add(values, nulls);
  }
  return (Datum)0;
}
