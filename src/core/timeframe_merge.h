// The SCD type 2 merge of one employee's timeframe chain (SPEC §2.3).
//
// An employee's records, stored history plus the new batch, form one chain
// ordered by start date. A record whose end date was not given in the data
// is closed at the nearest strictly later start date in the chain (so an
// implicit end can move earlier when a late record is woven in); end dates
// given in the data are kept. After closing, (start, end) is unique:
// duplicates collapse to the highest salary (absent is lowest), ties to the
// most recently loaded (batch, then line). A stored row whose values equal
// the winner's stays as it is, so merging rows already merged changes
// nothing. ACTIVE is end == absent; at most one record can be open (it is
// the one with the latest start; duplicates of it collapse).
//
// The caller streams employees through merge(): O(k log k) for k records,
// no allocation once the scratch buffers have grown.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/date.h"

namespace hrlake::core {

struct ChainRecord {
  int64_t row_id = 0;  // > 0: a stored history row; 0: a new record
  std::optional<std::string_view> designation;
  Date start = 0;
  std::optional<Date> end;  // stored end (history) or end from the data (new)
  bool end_given = false;   // the end came from the data (or a 10th strike)
  std::optional<double> salary;
  std::string_view salary_text;  // exact text of the salary, "" when absent
  int64_t batch_id = 0;
  int64_t line_no = 0;
};

enum class ChainAction {
  kInserted,  // a new row: values of `record`, end/end_given as given here
  kClosed,    // stored row `row_id` gets a new end (values unchanged)
  kUpdated,   // stored row `row_id` takes the values of `record` and the end
  kDeleted,   // stored row `row_id` was absorbed into a duplicate
};

struct ChainChange {
  ChainAction action;
  int64_t row_id;               // the stored row (0 for kInserted)
  const ChainRecord *record;    // the values the row has afterwards
  std::optional<Date> end;      // the row's end afterwards
  bool end_given;
};

class TimeframeMerger {
 public:
  // Merges `incoming` into `history` (both of one employee; any order).
  // `history` may be just the stored rows that start at or after the latest
  // start before the earliest incoming start (all of them when none starts
  // before): earlier rows cannot change, their implicit ends being starts
  // that stay the nearest.
  // Fills `changes` (cleared first) with what must change in storage.
  // `applied` (cleared first) gets, per incoming record in input order,
  // whether it changed storage (inserted or won an update); the others are
  // duplicates. Pointers in `changes` point into history/incoming.
  void merge(const std::vector<ChainRecord> &history,
             const std::vector<ChainRecord> &incoming,
             std::vector<ChainChange> &changes, std::vector<bool> &applied);

 private:
  struct Entry {
    const ChainRecord *rec;
    int32_t incoming_index;  // -1 for history
    std::optional<Date> end;  // effective end after closing
  };
  std::vector<Entry> entries_;
};

// True when a beats b as the survivor of a (start, end) group: higher
// salary, then later batch, then later line.
bool wins_over(const ChainRecord &a, const ChainRecord &b);

}  // namespace hrlake::core
