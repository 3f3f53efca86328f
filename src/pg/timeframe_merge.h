// The timeframe merge (SPEC §2.3): the history in hrlake.employee_timeframe
// derived again, for the employees that have new rows in
// hrlake.timeframe_row, from the part of their rows the new ones can change
// (core/timeframe_history.h); the difference is written and each change
// reported. Employees are taken a chunk at a time
// (hrlake.merge_chunk_employees); each one's rows and records are read
// through the unique indexes, newest first, only back to the cut; records
// change in place by TID (pg::RowUpdater), new ones go in COPY-style
// (pg::BulkInsert). Memory is bounded by the chunk, not the batch.
//
// An employee with a 10th strike has no open record (core::derive_history
// is given the day of the strike, read when the merge begins): whichever
// of the strike and a merge commits first, the other sees it.
//
// Callers hold the timeframe's ingest lock (one merge at a time; a 10th
// strike's close waits for it).
#pragma once

#include "core/date.h"
#include "pg/batch_ledger.h"
#include "pg/result_rows.h"
#include "pg/spi.h"

namespace hrlake::pg {

class TimeframeMerge {
 public:
  TimeframeMerge(SpiSession &spi, ResultRows &result);
  ~TimeframeMerge();
  TimeframeMerge(const TimeframeMerge &) = delete;
  TimeframeMerge &operator=(const TimeframeMerge &) = delete;

  // The employees whose rows arrived in these batches.
  void merge_batches(const std::vector<int64_t> &batches);
  // These employees, from the earliest given start of each on.
  struct Employee {
    std::string emp_id;
    core::Date earliest;
  };
  void merge_employees(const std::vector<Employee> &employees);
  // Writes what is buffered and closes the tables.
  void finish();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Takes in the rows clients staged, then merges every timeframe batch
// waiting for it (scd2_merge.cpp): each change reported to `changes`; the
// batches' counts.
std::vector<ledger::BatchCounts> merge_timeframe(ResultRows &changes);

}  // namespace hrlake::pg
