#include "pg/progress.h"

#include "pg/spi.h"

extern "C" {
#include "pgstat.h"
#include "utils/backend_progress.h"
#include "utils/backend_status.h"
}

namespace hrlake::pg {

using namespace progress_slot;

bool Progress::slot_is_hrlakes() {
  return MyBEEntry && MyBEEntry->st_progress_command == PROGRESS_COMMAND_COPY &&
         MyBEEntry->st_progress_param[kMagic] == progress_slot::kMagicValue;
}

// Neither pgstat_progress_* function can raise an error.
Progress::Progress(core::progress::Operation operation, const core::SourceSpec *source) {
  if (slot_is_hrlakes()) {
    for (int i = 0; i < kOperationSlots; ++i) saved_[i] = MyBEEntry->st_progress_param[i];
  } else if (MyBEEntry && MyBEEntry->st_progress_command == PROGRESS_COMMAND_INVALID) {
    pgstat_progress_start_command(PROGRESS_COMMAND_COPY, InvalidOid);
    pgstat_progress_update_param(kMagic, progress_slot::kMagicValue);
    started_ = slot_is_hrlakes();  // false when track_activities is off
  }
  publishing_ = slot_is_hrlakes();
  if (!publishing_) return;
  int64_t source_code = 0;
  if (source) {
    const auto &all = core::all_sources();
    for (size_t i = 0; i < all.size(); ++i)
      if (all[i].name == source->name) source_code = static_cast<int64_t>(i) + 1;
  }
  const bool load = operation == core::progress::Operation::kLoad;
  const int index[kOperationSlots] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  const int64_t values[kOperationSlots] = {0, 0, 0, 0, load ? 1 : 0, load ? 1 : 0, 0,
                                           static_cast<int64_t>(operation), source_code, 0};
  pgstat_progress_update_multi_param(kOperationSlots, index, values);
}

Progress::~Progress() {
  if (!publishing_ || !slot_is_hrlakes()) return;
  if (started_) {
    pgstat_progress_end_command();
  } else {
    const int index[kOperationSlots] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    pgstat_progress_update_multi_param(kOperationSlots, index, saved_);
  }
}

void Progress::phase(core::progress::Phase phase) { set(kPhase, static_cast<int64_t>(phase)); }

void Progress::set(int slot, int64_t value) {
  // An error caught by a subtransaction ends the slot's command: then
  // there is nothing left to report into.
  if (publishing_ && slot_is_hrlakes()) pgstat_progress_update_param(slot, value);
}

}  // namespace hrlake::pg

using namespace hrlake;
using namespace hrlake::pg::progress_slot;

// hrlake._progress_job(job, run_id, step_order, step_number, steps): the
// job's run and the step it begins (hrlake._run_job).
HRLAKE_FUNCTION(hrlake_progress_job) {
  for (int i = 0; i < 5; ++i)
    if (PG_ARGISNULL(i)) return (Datum)0;
  const std::string job = pg::text_to_string(PG_GETARG_DATUM(0));
  if (!pg::Progress::slot_is_hrlakes()) {
    if (!MyBEEntry || MyBEEntry->st_progress_command != PROGRESS_COMMAND_INVALID) return (Datum)0;
    pgstat_progress_start_command(PROGRESS_COMMAND_COPY, InvalidOid);
    pgstat_progress_update_param(kMagic, pg::progress_slot::kMagicValue);
    if (!pg::Progress::slot_is_hrlakes()) return (Datum)0;
  }
  const int index[] = {kJob, kRunId, kStepOrder, kStepNumber, kSteps, kOperation, kPhase};
  const int64_t values[] = {core::progress::job_code(job.c_str()), PG_GETARG_INT64(1), PG_GETARG_INT32(2),
                            PG_GETARG_INT32(3), PG_GETARG_INT32(4), 0, 0};
  pgstat_progress_update_multi_param(7, index, values);
  return (Datum)0;
}

// hrlake._progress_end(): the job is over.
HRLAKE_FUNCTION(hrlake_progress_end) {
  if (pg::Progress::slot_is_hrlakes()) pgstat_progress_end_command();
  return (Datum)0;
}

// hrlake._progress_name(kind, code): what a published number means
// ('operation', 'phase', 'job', 'source'), or NULL.
HRLAKE_FUNCTION(hrlake_progress_name) {
  if (PG_ARGISNULL(0) || PG_ARGISNULL(1)) PG_RETURN_NULL();
  const std::string kind = pg::text_to_string(PG_GETARG_DATUM(0));
  const int64_t code = PG_GETARG_INT64(1);
  const char *name = nullptr;
  if (kind == "operation") {
    name = core::progress::operation_name(code);
  } else if (kind == "phase") {
    name = core::progress::phase_name(code);
  } else if (kind == "job") {
    name = core::progress::job_name(code);
  } else if (kind == "source") {
    const auto &all = core::all_sources();
    if (code >= 1 && code <= static_cast<int64_t>(all.size())) name = all[code - 1].name.c_str();
  }
  if (!name) PG_RETURN_NULL();
  return pg::pg_call([&] { return CStringGetTextDatum(name); });
}
