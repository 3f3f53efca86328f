// Progress of hrlake's long operations, the PostgreSQL way: published in
// the backend's own progress slot (the one COPY, VACUUM and CREATE INDEX
// use, pgstat_progress_*), readable from any session through
// pg_stat_get_progress_info() and the view hrlake.v_progress, with the
// privileges pg_stat_activity has (the same role, or pg_read_all_stats).
//
// PostgreSQL has no progress command of its own for extensions, so hrlake
// reports under PROGRESS_COMMAND_COPY (as Citus reports its own under
// VACUUM) and marks its slot with kMagic. Slots 1-6 keep COPY's meaning,
// so pg_stat_progress_copy shows hrlake's rows sensibly too (a load as
// "COPY FROM" a "FILE"; other operations with no command); the rest are
// hrlake's. Nothing needs shared_preload_libraries: the slot is in
// PostgreSQL's shared memory already, is cleared when the transaction or
// subtransaction aborts and when the backend exits, and costs a few
// stores to update.
//
// A job (hrlake._run_job) publishes its run and step, then each operation
// inside adds what it does; an operation called on its own publishes
// itself. An operation inside another (a merge inside flagging) shows
// while it runs, then the outer one's figures come back. When another
// command already uses the slot (hrlake called from inside a COPY, say),
// nothing is published.
#pragma once

#include "core/progress.h"
#include "core/source_spec.h"
#include "pg/error_bridge.h"

namespace hrlake::pg {

namespace progress_slot {
// Index into st_progress_param (the view's param<N> is index N - 1).
enum : int {
  kBytesDone = 0,    // COPY's bytes_processed
  kBytesTotal = 1,   // COPY's bytes_total
  kRowsDone = 2,     // COPY's tuples_processed
  kRowsRejected = 3, // COPY's tuples_excluded
  kCopyCommand = 4,  // COPY's command: 1 COPY FROM (a load), else 0
  kCopyType = 5,     // COPY's type: 1 FILE (a load), else 0
  kRowsTotal = 6,
  kOperation = 7,    // core::progress::Operation
  kSource = 8,       // 1 + the source's place in core::all_sources()
  kPhase = 9,        // core::progress::Phase
  kOperationSlots = 10,  // slots 0..9 describe the operation
  kJob = 10,         // core::progress::job_code
  kRunId = 11,       // hrlake.job_run.run_id
  kStepOrder = 12,   // hrlake._job_step.step_order
  kStepNumber = 13,  // 1 for the job's first step
  kSteps = 14,       // how many steps the job has
  kMagic = 19,
};
// "hrlake" in ASCII: the slot is hrlake's.
inline constexpr int64_t kMagicValue = 0x68726c616b65;
}  // namespace progress_slot

class Progress {
 public:
  explicit Progress(core::progress::Operation operation, const core::SourceSpec *source = nullptr);
  ~Progress();
  Progress(const Progress &) = delete;
  Progress &operator=(const Progress &) = delete;

  void phase(core::progress::Phase phase);
  void rows(int64_t done) { set(progress_slot::kRowsDone, done); }
  void rejected(int64_t rows) { set(progress_slot::kRowsRejected, rows); }
  void rows_total(int64_t rows) { set(progress_slot::kRowsTotal, rows); }
  void bytes(int64_t done) { set(progress_slot::kBytesDone, done); }
  void bytes_total(int64_t bytes) { set(progress_slot::kBytesTotal, bytes); }

  // Whether this backend's slot holds hrlake's progress now.
  static bool slot_is_hrlakes();

 private:
  void set(int slot, int64_t value);

  bool publishing_ = false;  // the slot was hrlake's when this began
  bool started_ = false;     // this began the slot's command (and ends it)
  int64_t saved_[progress_slot::kOperationSlots] = {};  // an outer operation's
};

}  // namespace hrlake::pg
