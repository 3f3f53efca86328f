// An employee's designation and salary history (SCD type 2, SPEC §2.3),
// derived from the distinct rows that arrived for them. The history
// depends only on that set and on the order in which each row first
// arrived (its Position): how the rows were split into files, batches or
// merges, and re-sends, change nothing.
//
// The rules, for the rows of one employee:
//  1. A row's end is its given end (from the data, or a 10th-strike
//     close). A row without one is closed at the nearest strictly later
//     start among the rows. A row without one and without a later start
//     takes the given end of a row with the same start, if any (of several,
//     the one that first arrived most recently): a termination sent as
//     `start, end` for the open record ends it. Otherwise it stays open,
//     unless the employee is deactivated (a 10th strike, SPEC §2.8): then
//     it ends on the day of the 10th strike (on its start if that is
//     later), as a given end. A deactivated employee has no ACTIVE record,
//     whatever arrives after the strike's own close (a row of its own) and
//     in whichever order the strike and a merge commit.
//  2. Rows with the same (start, end) collapse to one record: the highest
//     salary (an absent salary is lowest), then the row that first arrived
//     most recently. The losers are not forgotten: when later rows move
//     the ends so that a loser no longer collides, it is a record again.
//  3. A record is ACTIVE exactly when it has no end; by 1 and 2 there is
//     at most one.
//
// Incremental merges need only part of the rows: every record starting at
// or after `cut` follows from the rows starting at or after `cut`, when
// `cut` is the latest start before the earliest new row's start (or the
// earliest start of all when there is none before it).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/decimal.h"
#include "core/intake_rules.h"

namespace hrlake::core {

// One distinct row of an employee, as it arrived.
struct TimeframeRow {
  Date start = 0;
  std::optional<Date> end;  // given in the data
  std::optional<Decimal> salary;
  std::optional<std::string_view> designation;
  Position position;  // where it first arrived
};

// One record of the history: the winning row of its (start, end).
struct HistoryRecord {
  Date start = 0;
  std::optional<Date> end;
  bool end_given = false;  // the end came from the data, not from a later start
  size_t row;               // index of the winning row in the input
};

// The history of the rows (of one employee, in any order), by start then
// end (open last); `deactivated`: the day of the employee's 10th strike.
// `records` is cleared first.
void derive_history(const std::vector<TimeframeRow> &rows, std::vector<HistoryRecord> &records,
                    std::optional<Date> deactivated = std::nullopt);

// True when a beats b as the record of their (start, end).
bool wins_over(const TimeframeRow &a, const TimeframeRow &b);

// The distinct-row identity: equal rows are one row (salaries compare as
// numbers: 100 = 100.0).
bool same_row(const TimeframeRow &a, const TimeframeRow &b);

// A stored record of the history, as the merge reads it back.
struct StoredRecord {
  Date start = 0;
  std::optional<Date> end;
  bool end_given = false;
  std::optional<Decimal> salary;
  std::optional<std::string_view> designation;
  Position position;  // of the row it came from
};

enum class RecordChange : uint8_t {
  kInserted,  // a new record: derived[index]
  kClosed,    // stored[index] gets the end of derived[to] (its values unchanged)
  kUpdated,   // stored[index] takes the values and end of derived[to]
  kDeleted,   // stored[index] is gone
};
struct HistoryChange {
  RecordChange change;
  size_t index;  // into stored (kClosed, kUpdated, kDeleted) or derived (kInserted)
  size_t to;     // into derived (kClosed, kUpdated)
};

// What turns the stored records into the derived ones (both of one
// employee, from the same cut on), in an order that keeps the table's
// unique keys and its one open record per employee at every step:
// deletes, then changes that give a row an end, then the other changes,
// then inserts. `rows` are the rows `derived` indexes into.
void diff_history(const std::vector<StoredRecord> &stored, const std::vector<HistoryRecord> &derived,
                  const std::vector<TimeframeRow> &rows, std::vector<HistoryChange> &changes);

}  // namespace hrlake::core
