// The timeframe's entry points (SPEC §2.3): hrlake.scd2_merge() and the
// daily job's hrlake._scd2_merge_count(), which also serve
// hrlake.ingest('timeframe'). Rows clients copied into staging are taken
// in first (the intake keeps each distinct row once, in
// hrlake.timeframe_row); then the history of every employee with rows from
// a batch waiting for the merge is derived again (timeframe_merge.h).
#include "core/source_spec.h"
#include "pg/batch_ledger.h"
#include "pg/intake.h"
#include "pg/progress.h"
#include "pg/result_rows.h"
#include "pg/staged_rows.h"
#include "pg/timeframe_merge.h"

namespace hrlake::pg {

// Merges every waiting timeframe batch, each change reported to
// `changes`; returns the batches' counts.
std::vector<ledger::BatchCounts> merge_timeframe(ResultRows &changes) {
  const core::SourceSpec &spec = *core::find_source("timeframe");
  SpiSession spi;
  Progress progress(core::progress::Operation::kIngest, &spec);
  spi.execute("SELECT pg_advisory_xact_lock(hashtext('hrlake.ingest'), hashtext('timeframe'))");
  const std::vector<int64_t> batches = ledger::claim_staged(spi, spec);
  if (batches.empty()) return {};
  {
    progress.phase(core::progress::Phase::kReading);
    Intake intake(spec);
    intake.set_progress(&progress);
    feed_staged(spec, batches, intake);
    // Only batches that had rows in staging are counted here; files were
    // counted when they were loaded.
    for (const auto &[batch, tally] : intake.finish()) ledger::finish(spi, batch, tally, "staged");
    ledger::drop_staged(spi, spec, batches);
  }
  TimeframeMerge merge(spi, changes);
  merge.merge_batches(batches);
  merge.finish();
  return ledger::mark_merged(spi, batches);
}

}  // namespace hrlake::pg

using namespace hrlake;

// hrlake.scd2_merge(): every change, as rows.
HRLAKE_FUNCTION(hrlake_scd2_merge) {
  pg::ResultRows result = pg::ResultRows::of_call(fcinfo);
  pg::merge_timeframe(result);
  return (Datum)0;
}

// hrlake._scd2_merge_count(): the same merge, for the daily job, which
// records only how many changes it made.
HRLAKE_FUNCTION(hrlake_scd2_merge_count) {
  pg::ResultRows result = pg::ResultRows::counted();
  pg::merge_timeframe(result);
  return Int64GetDatum(static_cast<int64_t>(result.count()));
}
