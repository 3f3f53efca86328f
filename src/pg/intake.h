// The ingest skeleton (SPEC §2.1-2.4), one for every source: the rows of a
// source's batches, from a file (hrlake.load) or from its staging table
// (hrlake.ingest), are each validated by the source's row rules
// (src/core) and then written, or counted as duplicates, by the source's
// table rules (an IntakeTarget). Every refused row becomes a reject with
// its reason; each batch's counts add up (total = loaded + duplicate +
// rejected). Timeframe rows are kept as they arrived; the history is
// derived from them by the merge (timeframe_merge.h).
//
// Targets come in two kinds. A streaming one writes each row as it comes
// (messages and word lists: the first row of a key wins, later ones are
// duplicates; timeframe rows: a row that arrived before is a
// duplicate). A grouped one keeps the valid rows in a sort (bounded by
// work_mem) and, once all are in, takes the rows of each key together with
// what is stored for it, as the rules of src/core/intake_rules.h need
// (employees, leave, quota, calendar).
#pragma once

#include <map>

#include "core/intake_rules.h"
#include "core/record_sink.h"
#include "core/source_spec.h"
#include "pg/progress.h"
#include "pg/reject_writer.h"

namespace hrlake::pg {

struct BatchTally {
  int64_t records = 0;       // rows the reader made (staged rows: all of them)
  int64_t read_rejects = 0;  // what the file reader refused
  int64_t rule_rejects = 0;  // what the row rules refused
  int64_t loaded = 0;        // rows that changed what is stored
  int64_t total() const { return records + read_rejects; }
  int64_t rejected() const { return read_rejects + rule_rejects; }
  int64_t duplicate() const { return records - rule_rejects - loaded; }
};

class IntakeTarget {
 public:
  using LoadedFn = std::function<void(int64_t batch_id)>;
  virtual ~IntakeTarget() = default;
  // Validates one record (values in the source's column order, trimmed,
  // nullopt when empty); false, with `problem` set, refuses it. A valid row
  // is written now (streaming) or kept for finish() (grouped).
  virtual bool add(const core::Position &at, const core::FieldValues &values, std::string &problem) = 0;
  // Writes what add() kept, then closes the writers.
  virtual void finish() = 0;
  void set_loaded(LoadedFn fn) { loaded_ = std::move(fn); }

 protected:
  // A row of `batch_id` changed what is stored.
  void loaded(int64_t batch_id) { loaded_(batch_id); }

 private:
  LoadedFn loaded_;
};

// The target of a source.
std::unique_ptr<IntakeTarget> make_target(const core::SourceSpec &spec);

class Intake : public core::RecordSink {
 public:
  explicit Intake(const core::SourceSpec &spec);
  // The rows that follow belong to this batch.
  void begin_batch(int64_t batch_id);
  void record(int64_t line_no, std::string_view raw, const core::FieldValues &values) override;
  // As record(), the raw text made only if the row is refused (rejects
  // alone keep it).
  using RawTextFn = std::function<std::string()>;
  void record(int64_t line_no, const RawTextFn &raw, const core::FieldValues &values);
  void reject(int64_t line_no, std::string_view raw, const std::string &reason) override;
  void notice(const std::string &message) override;
  // Rows read and rows rejected are published there as they come.
  void set_progress(Progress *progress) { progress_ = progress; }
  // Writes everything; the counts of each batch seen.
  std::map<int64_t, BatchTally> finish();

 private:
  const core::SourceSpec &spec_;
  std::unique_ptr<IntakeTarget> target_;
  RejectWriter rejects_;
  std::map<int64_t, BatchTally> tallies_;
  int64_t batch_id_ = 0;
  BatchTally *tally_ = nullptr;
  std::string problem_;
  Progress *progress_ = nullptr;
  int64_t rows_ = 0, rejected_ = 0;  // over all batches, for progress_
};

}  // namespace hrlake::pg
