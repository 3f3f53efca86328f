#include "pg/intake.h"

#include "core/error.h"
#include "core/interrupts.h"
#include "pg/spi.h"

namespace hrlake::pg {

Intake::Intake(const core::SourceSpec &spec)
    : spec_(spec), target_(make_target(spec)), rejects_(spec.name) {
  target_->set_loaded([this](int64_t batch_id) { ++tallies_[batch_id].loaded; });
}

void Intake::begin_batch(int64_t batch_id) {
  batch_id_ = batch_id;
  tally_ = &tallies_[batch_id];
}

void Intake::record(int64_t line_no, std::string_view raw, const core::FieldValues &values) {
  record(line_no, [&] { return std::string(raw); }, values);
}

void Intake::record(int64_t line_no, const RawTextFn &raw, const core::FieldValues &values) {
  ++tally_->records;
  const core::Position at{batch_id_, line_no};
  if (!target_->add(at, values, problem_)) {
    ++tally_->rule_rejects;
    rejects_.add(at, raw(), problem_, "ingest");
    if (progress_) progress_->rejected(++rejected_);
  }
  if (progress_) progress_->rows(++rows_);
  if ((tally_->records & 4095) == 0) core::check_for_interrupts();
}

void Intake::reject(int64_t line_no, std::string_view raw, const std::string &reason) {
  ++tally_->read_rejects;
  rejects_.add({batch_id_, line_no}, raw, reason, "load");
  if (progress_) {
    progress_->rejected(++rejected_);
    progress_->rows(++rows_);
  }
}

void Intake::notice(const std::string &message) { pg::notice(message); }

std::map<int64_t, BatchTally> Intake::finish() {
  target_->finish();
  rejects_.finish();
  return tallies_;
}

}  // namespace hrlake::pg
