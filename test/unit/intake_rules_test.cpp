// The table rules of the ingest (core/intake_rules.h) on examples a reader
// can follow: employees (SPEC §2.2), leaves and the calendar (latest row
// wins, §2.4) and leave quotas (§2.4). Positions are written at(batch, line);
// line 1 of a file is its header, so data starts at line 2.
#include "core/intake_rules.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <ostream>
#include <random>
#include <string>
#include <utility>

#include "core/leave_source_rules.h"

using namespace hrlake::core;

// Readable failure messages (found by argument-dependent lookup).
namespace hrlake::core {
void PrintTo(const Position &p, std::ostream *os) { *os << "at(" << p.batch_id << ", " << p.line_no << ")"; }
void PrintTo(const EmployeeValue &v, std::ostream *os) { *os << "{" << v.age << ", \"" << v.name << "\"}"; }
}  // namespace hrlake::core

namespace {

Position at(int64_t batch, int64_t line) { return {batch, line}; }

// ---- Employee helpers ----

struct EmployeeResult {
  std::vector<EmployeeWrite> writes;
  std::vector<Outcome> outcomes;
};

// resolve_employee, returning what it fills.
EmployeeResult resolve(const std::vector<StoredEmployee> &stored,
                       const std::vector<IncomingEmployee> &incoming) {
  EmployeeResult r;
  resolve_employee(stored, incoming, r.writes, r.outcomes);
  return r;
}

// Applies the writes to the stored values, as the ingest does: an update
// moves the stored value's position, an insert adds the value.
void apply_writes(std::vector<StoredEmployee> &stored, const std::vector<EmployeeWrite> &writes) {
  for (const EmployeeWrite &w : writes) {
    if (w.stored) {
      ASSERT_LT(*w.stored, stored.size());
      ASSERT_EQ(stored[*w.stored].value, w.value) << "an update must name the stored value";
      stored[*w.stored].position = w.position;
    } else {
      stored.push_back({w.value, w.position});
    }
  }
}

// The current value: the stored one with the highest position.
EmployeeValue current(const std::vector<StoredEmployee> &stored) {
  const auto it = std::max_element(stored.begin(), stored.end(),
                                   [](const StoredEmployee &a, const StoredEmployee &b) {
                                     return a.position < b.position;
                                   });
  return it->value;
}

constexpr Outcome kLoaded = Outcome::kLoaded;
constexpr Outcome kDuplicate = Outcome::kDuplicate;

}  // namespace

// A position orders by batch, then by line.
TEST(IntakeRulesPosition, OrdersByBatchThenLine) {
  EXPECT_TRUE(at(1, 9) < at(2, 2));
  EXPECT_TRUE(at(2, 2) < at(2, 3));
  EXPECT_FALSE(at(2, 3) < at(2, 3));
  EXPECT_TRUE(at(2, 3) == at(2, 3));
}

// ---- Employee (SPEC §2.2) ----

// A value the employee never had is stored (inserted) and counts as loaded.
TEST(IntakeRulesEmployee, NewValuesAreInserted) {
  // First file: nothing stored yet.
  EmployeeResult r = resolve({}, {{{30, "Anna"}, at(1, 2)}});
  ASSERT_EQ(r.writes.size(), 1u);
  EXPECT_EQ(r.writes[0].value, (EmployeeValue{30, "Anna"}));
  EXPECT_EQ(r.writes[0].position, at(1, 2));
  EXPECT_FALSE(r.writes[0].stored);  // insert
  EXPECT_EQ(r.outcomes, (std::vector<Outcome>{kLoaded}));

  // Second file: a new age is a new value, stored next to the old one.
  r = resolve({{{30, "Anna"}, at(1, 2)}}, {{{31, "Anna"}, at(2, 2)}});
  ASSERT_EQ(r.writes.size(), 1u);
  EXPECT_EQ(r.writes[0].value, (EmployeeValue{31, "Anna"}));
  EXPECT_EQ(r.writes[0].position, at(2, 2));
  EXPECT_FALSE(r.writes[0].stored);
  EXPECT_EQ(r.outcomes, (std::vector<Outcome>{kLoaded}));

  // A new name with the same age is a new value too (exact duplicates are on
  // (emp_id, age, name)).
  r = resolve({{{30, "Anna"}, at(1, 2)}}, {{{30, "Anna Berg"}, at(2, 2)}});
  ASSERT_EQ(r.writes.size(), 1u);
  EXPECT_FALSE(r.writes[0].stored);
  EXPECT_EQ(r.outcomes, (std::vector<Outcome>{kLoaded}));
}

// "Exact duplicates ... already loaded are not stored twice": the employee
// file is a full restatement, so most rows repeat the current value; they
// are duplicates and nothing is written.
TEST(IntakeRulesEmployee, RepeatOfCurrentValueIsDuplicate) {
  const EmployeeResult r = resolve({{{30, "Anna"}, at(1, 2)}}, {{{30, "Anna"}, at(2, 7)}});
  EXPECT_TRUE(r.writes.empty());
  EXPECT_EQ(r.outcomes, (std::vector<Outcome>{kDuplicate}));
}

// SPEC §2.2's example: "age 30 -> 31 -> 30 across three files ends current
// at 30". The third row repeats an earlier value: it counts as loaded, and
// its write moves the stored 30 to the third row's position (no second 30).
TEST(IntakeRulesEmployee, AgeBackAndForthAcrossThreeBatches) {
  std::vector<StoredEmployee> stored;
  EmployeeResult r = resolve(stored, {{{30, "Anna"}, at(1, 2)}});
  EXPECT_EQ(r.outcomes, (std::vector<Outcome>{kLoaded}));
  apply_writes(stored, r.writes);

  r = resolve(stored, {{{31, "Anna"}, at(2, 2)}});
  EXPECT_EQ(r.outcomes, (std::vector<Outcome>{kLoaded}));
  apply_writes(stored, r.writes);
  EXPECT_EQ(current(stored), (EmployeeValue{31, "Anna"}));

  r = resolve(stored, {{{30, "Anna"}, at(3, 2)}});
  EXPECT_EQ(r.outcomes, (std::vector<Outcome>{kLoaded}));
  ASSERT_EQ(r.writes.size(), 1u);
  ASSERT_TRUE(r.writes[0].stored);  // an update of the stored 30, not an insert
  EXPECT_EQ(stored[*r.writes[0].stored].value, (EmployeeValue{30, "Anna"}));
  EXPECT_EQ(r.writes[0].position, at(3, 2));
  apply_writes(stored, r.writes);

  ASSERT_EQ(stored.size(), 2u);  // 30 and 31, each once
  EXPECT_EQ(current(stored), (EmployeeValue{30, "Anna"}));

  // A fourth file restating 30 changes nothing.
  r = resolve(stored, {{{30, "Anna"}, at(4, 2)}});
  EXPECT_TRUE(r.writes.empty());
  EXPECT_EQ(r.outcomes, (std::vector<Outcome>{kDuplicate}));
}

// The same within one batch (three lines 30, 31, 30): every row is loaded,
// each value is written once, at the position of its last occurrence, so 30
// ends current.
TEST(IntakeRulesEmployee, AgeBackAndForthWithinOneBatch) {
  std::vector<StoredEmployee> stored;
  const EmployeeResult r = resolve(stored, {{{30, "Anna"}, at(1, 2)},
                                            {{31, "Anna"}, at(1, 3)},
                                            {{30, "Anna"}, at(1, 4)}});
  EXPECT_EQ(r.outcomes, (std::vector<Outcome>{kLoaded, kLoaded, kLoaded}));
  ASSERT_EQ(r.writes.size(), 2u);
  EXPECT_EQ(r.writes[0].value, (EmployeeValue{30, "Anna"}));
  EXPECT_EQ(r.writes[0].position, at(1, 4));  // its last occurrence
  EXPECT_FALSE(r.writes[0].stored);
  EXPECT_EQ(r.writes[1].value, (EmployeeValue{31, "Anna"}));
  EXPECT_EQ(r.writes[1].position, at(1, 3));
  EXPECT_FALSE(r.writes[1].stored);
  apply_writes(stored, r.writes);
  EXPECT_EQ(current(stored), (EmployeeValue{30, "Anna"}));
}

// "Exact duplicates ... in the batch ... are not stored twice": a row equal
// to the row before it is a duplicate and does not move the value.
TEST(IntakeRulesEmployee, ExactDuplicatesWithinBatchAreDuplicates) {
  const EmployeeResult r = resolve({}, {{{30, "Anna"}, at(1, 2)},
                                        {{30, "Anna"}, at(1, 3)},
                                        {{31, "Anna"}, at(1, 4)},
                                        {{31, "Anna"}, at(1, 5)}});
  EXPECT_EQ(r.outcomes, (std::vector<Outcome>{kLoaded, kDuplicate, kLoaded, kDuplicate}));
  ASSERT_EQ(r.writes.size(), 2u);
  EXPECT_EQ(r.writes[0].position, at(1, 2));  // the duplicate on line 3 moves nothing
  EXPECT_EQ(r.writes[1].position, at(1, 4));

  // A batch whose first row restates the stored current value, then changes it.
  const EmployeeResult s = resolve({{{30, "Anna"}, at(1, 2)}},
                                   {{{30, "Anna"}, at(2, 2)}, {{31, "Anna"}, at(2, 3)}});
  EXPECT_EQ(s.outcomes, (std::vector<Outcome>{kDuplicate, kLoaded}));
  ASSERT_EQ(s.writes.size(), 1u);
  EXPECT_EQ(s.writes[0].value, (EmployeeValue{31, "Anna"}));
}

// An employee with a history of several stored rows (given in any order, as
// the index scan returns them): the current one is the highest position, and
// a row bringing back an older value updates that very row.
TEST(IntakeRulesEmployee, ValueStoredInALongerHistory) {
  // History: 30 "Anna" (file 1), 31 "Anna" (file 2), 31 "Anna Berg" (file 3,
  // current), listed current first.
  const std::vector<StoredEmployee> stored = {{{31, "Anna Berg"}, at(3, 5)},
                                              {{30, "Anna"}, at(1, 2)},
                                              {{31, "Anna"}, at(2, 4)}};
  // Restating the current value: nothing to do.
  EmployeeResult r = resolve(stored, {{{31, "Anna Berg"}, at(4, 2)}});
  EXPECT_TRUE(r.writes.empty());
  EXPECT_EQ(r.outcomes, (std::vector<Outcome>{kDuplicate}));

  // Bringing back the oldest value updates stored row 1.
  r = resolve(stored, {{{30, "Anna"}, at(4, 2)}});
  EXPECT_EQ(r.outcomes, (std::vector<Outcome>{kLoaded}));
  ASSERT_EQ(r.writes.size(), 1u);
  EXPECT_EQ(r.writes[0].stored, std::optional<size_t>(1));
  EXPECT_EQ(r.writes[0].position, at(4, 2));

  // One batch going through two older values and a new one: two updates and
  // an insert; the new value ends current.
  r = resolve(stored, {{{31, "Anna"}, at(4, 2)},
                       {{30, "Anna"}, at(4, 3)},
                       {{32, "Anna"}, at(4, 4)}});
  EXPECT_EQ(r.outcomes, (std::vector<Outcome>{kLoaded, kLoaded, kLoaded}));
  ASSERT_EQ(r.writes.size(), 3u);
  EXPECT_EQ(r.writes[0].stored, std::optional<size_t>(2));
  EXPECT_EQ(r.writes[1].stored, std::optional<size_t>(1));
  EXPECT_FALSE(r.writes[2].stored);
  std::vector<StoredEmployee> after = stored;
  apply_writes(after, r.writes);
  EXPECT_EQ(after.size(), 4u);
  EXPECT_EQ(current(after), (EmployeeValue{32, "Anna"}));
}

// Property (SPEC §2.2 and §2.1): random sequences of (age, name) values,
// split into random batches and applied batch by batch (the stored state
// after one batch is what the next call sees). Whatever the split:
//  - the final current value is the last row of the whole sequence;
//  - each distinct value is stored once;
//  - every row is counted once, loaded + duplicate = rows, and a row is a
//    duplicate exactly when it repeats the row before it in the sequence
//    (the value current when it arrives);
//  - a value stands at its last loaded row.
TEST(IntakeRulesEmployee, PropertyBatchesEndAtTheLastRow) {
  static const char *const kNames[] = {"Anna", "Bo"};
  std::mt19937_64 rng(20240407);
  for (int trial = 0; trial < 3000; ++trial) {
    const size_t rows = 1 + rng() % 25;
    std::vector<EmployeeValue> sequence;
    for (size_t i = 0; i < rows; ++i)
      sequence.push_back({30 + static_cast<int>(rng() % 3), kNames[rng() % 2]});

    std::vector<StoredEmployee> stored;
    std::vector<std::pair<EmployeeValue, Position>> expected;  // value -> last loaded row
    size_t loaded = 0, duplicate = 0;
    int64_t batch_id = 0;
    for (size_t begin = 0; begin < rows;) {
      const size_t end = begin + 1 + rng() % (rows - begin);
      ++batch_id;
      std::vector<IncomingEmployee> incoming;
      for (size_t i = begin; i < end; ++i)
        incoming.push_back({sequence[i], at(batch_id, 2 + static_cast<int64_t>(i - begin))});
      const EmployeeResult r = resolve(stored, incoming);
      ASSERT_EQ(r.outcomes.size(), incoming.size());
      for (size_t k = 0; k < incoming.size(); ++k) {
        const size_t i = begin + k;
        const bool repeats = i > 0 && sequence[i] == sequence[i - 1];
        ASSERT_EQ(r.outcomes[k], repeats ? kDuplicate : kLoaded) << "trial " << trial << " row " << i;
        if (repeats) {
          ++duplicate;
          continue;
        }
        ++loaded;
        auto it = std::find_if(expected.begin(), expected.end(),
                               [&](const auto &e) { return e.first == sequence[i]; });
        if (it == expected.end())
          expected.push_back({sequence[i], incoming[k].position});
        else
          it->second = incoming[k].position;
      }
      apply_writes(stored, r.writes);
      if (HasFatalFailure()) return;
      // After every batch: each distinct value once, at its last loaded row.
      ASSERT_EQ(stored.size(), expected.size()) << "trial " << trial;
      for (const auto &[value, position] : expected) {
        ASSERT_EQ(std::count_if(stored.begin(), stored.end(),
                                [&](const StoredEmployee &s) {
                                  return s.value == value && s.position == position;
                                }),
                  1)
            << "trial " << trial << " age " << value.age << " name " << value.name;
      }
      begin = end;
    }
    EXPECT_EQ(current(stored), sequence.back()) << "trial " << trial;
    EXPECT_EQ(loaded + duplicate, rows);
  }
}

// ---- Latest row wins: leave and calendar (SPEC §2.4) ----

// "Several events for the same pair resolve to the latest event (later
// batch, then later line)", whatever order the rows are given in.
TEST(IntakeRulesLatest, LaterBatchThenLaterLineDecides) {
  using Row = KeyedRow<LeaveStatus>;
  std::vector<Row> rows = {{LeaveStatus::kActive, at(1, 9)},
                           {LeaveStatus::kActive, at(2, 3)},
                           {LeaveStatus::kCancelled, at(2, 4)},  // the latest
                           {LeaveStatus::kActive, at(1, 2)}};
  // Every order of the same rows picks the same row.
  std::vector<size_t> order = {0, 1, 2, 3};
  do {
    std::vector<Row> shuffled;
    for (size_t i : order) shuffled.push_back(rows[i]);
    const LatestDecision d = resolve_latest(std::optional<LeaveStatus>(), shuffled);
    EXPECT_EQ(shuffled[d.winner].position, at(2, 4));
    EXPECT_TRUE(d.write);  // nothing stored yet
  } while (std::next_permutation(order.begin(), order.end()));
}

// The latest row is written only when it differs from what is stored; the
// other rows of the key count as duplicates (the ingest counts only the
// winner, and only when it writes).
TEST(IntakeRulesLatest, WrittenOnlyWhenTheValueChanges) {
  using Row = KeyedRow<LeaveStatus>;
  const std::vector<Row> rows = {{LeaveStatus::kCancelled, at(2, 2)},
                                 {LeaveStatus::kActive, at(2, 3)}};
  // Stored ACTIVE, latest ACTIVE: no write, every row a duplicate.
  LatestDecision d = resolve_latest(std::optional<LeaveStatus>(LeaveStatus::kActive), rows);
  EXPECT_EQ(d.winner, 1u);
  EXPECT_FALSE(d.write);
  // Stored CANCELLED, latest ACTIVE: written.
  d = resolve_latest(std::optional<LeaveStatus>(LeaveStatus::kCancelled), rows);
  EXPECT_EQ(d.winner, 1u);
  EXPECT_TRUE(d.write);
  // Nothing stored: written.
  d = resolve_latest(std::optional<LeaveStatus>(), rows);
  EXPECT_TRUE(d.write);
}

// "A cancellation after an application cancels it, a re-application after a
// cancellation restores it": three batches for one (emp_id, date).
TEST(IntakeRulesLatest, ApplyCancelReapply) {
  using Row = KeyedRow<LeaveStatus>;
  std::optional<LeaveStatus> stored;
  const std::vector<std::vector<Row>> batches = {{{LeaveStatus::kActive, at(1, 2)}},
                                                 {{LeaveStatus::kCancelled, at(2, 2)}},
                                                 {{LeaveStatus::kActive, at(3, 2)}}};
  const LeaveStatus after[] = {LeaveStatus::kActive, LeaveStatus::kCancelled, LeaveStatus::kActive};
  for (size_t b = 0; b < batches.size(); ++b) {
    const LatestDecision d = resolve_latest(stored, batches[b]);
    EXPECT_TRUE(d.write) << "batch " << b + 1;
    stored = batches[b][d.winner].value;
    EXPECT_EQ(*stored, after[b]) << "batch " << b + 1;
  }
  // The same three events in one batch (three lines) end the same way.
  const LatestDecision d = resolve_latest(std::optional<LeaveStatus>(),
                                          std::vector<Row>{{LeaveStatus::kActive, at(1, 2)},
                                                           {LeaveStatus::kCancelled, at(1, 3)},
                                                           {LeaveStatus::kActive, at(1, 4)}});
  EXPECT_EQ(d.winner, 2u);
  // And a re-sent old file (an older batch) does not undo the later events:
  // the latest of all rows given still decides.
  const LatestDecision late = resolve_latest(std::optional<LeaveStatus>(LeaveStatus::kActive),
                                             std::vector<Row>{{LeaveStatus::kActive, at(3, 2)},
                                                              {LeaveStatus::kCancelled, at(2, 2)}});
  EXPECT_EQ(late.winner, 0u);
  EXPECT_FALSE(late.write);
}

// "Calendar: one row per date; a later batch replaces the reason". The
// reason may be NULL, so the value is optional text; NULL equals NULL.
TEST(IntakeRulesLatest, CalendarReason) {
  using Reason = std::optional<std::string_view>;
  using Row = KeyedRow<Reason>;
  const std::optional<Reason> nothing_stored;
  const std::optional<Reason> stored_holiday = Reason("Founders day");
  const std::optional<Reason> stored_null = Reason();

  const std::vector<Row> renamed = {{Reason("Founders day"), at(1, 2)},
                                    {Reason("Founders' day"), at(2, 2)}};
  LatestDecision d = resolve_latest(stored_holiday, renamed);
  EXPECT_EQ(d.winner, 1u);
  EXPECT_TRUE(d.write);

  const std::vector<Row> same = {{Reason("Founders day"), at(2, 2)}};
  EXPECT_FALSE(resolve_latest(stored_holiday, same).write);
  EXPECT_TRUE(resolve_latest(nothing_stored, same).write);

  // A NULL reason replaces a text one, and a stored NULL restated is no write.
  const std::vector<Row> null_reason = {{Reason(), at(3, 2)}};
  EXPECT_TRUE(resolve_latest(stored_holiday, null_reason).write);
  EXPECT_FALSE(resolve_latest(stored_null, null_reason).write);
  EXPECT_TRUE(resolve_latest(nothing_stored, null_reason).write);  // a NULL row is still a row
}

// ---- Leave quota (SPEC §2.4) ----

// "A later batch replaces an earlier value", even a higher one.
TEST(IntakeRulesQuota, LaterBatchReplaces) {
  const std::vector<QuotaRow> rows = {{25, at(1, 2)}, {20, at(2, 2)}};
  const LatestDecision d = resolve_quota(std::optional<int>(25), rows);
  EXPECT_EQ(d.winner, 1u);
  EXPECT_TRUE(d.write);
}

// "Duplicates within a batch keep the highest quota" (of the latest batch;
// ties: the later line), whatever the order of the rows given.
TEST(IntakeRulesQuota, HighestInTheLatestBatchWins) {
  const std::vector<QuotaRow> rows = {{30, at(1, 2)},   // higher, but an earlier batch
                                      {18, at(2, 2)},
                                      {22, at(2, 3)},   // highest of batch 2 ...
                                      {22, at(2, 5)},   // ... tied: the later line wins
                                      {20, at(2, 4)}};
  std::vector<size_t> order = {0, 1, 2, 3, 4};
  do {
    std::vector<QuotaRow> shuffled;
    for (size_t i : order) shuffled.push_back(rows[i]);
    const LatestDecision d = resolve_quota(std::optional<int>(), shuffled);
    EXPECT_EQ(shuffled[d.winner].position, at(2, 5));
    EXPECT_EQ(shuffled[d.winner].quota, 22);
    EXPECT_TRUE(d.write);
  } while (std::next_permutation(order.begin(), order.end()));
}

// The winner is written only when it differs from the stored quota.
TEST(IntakeRulesQuota, EqualToStoredIsNoWrite) {
  const std::vector<QuotaRow> rows = {{20, at(2, 2)}, {18, at(2, 3)}};
  LatestDecision d = resolve_quota(std::optional<int>(20), rows);
  EXPECT_EQ(d.winner, 0u);
  EXPECT_FALSE(d.write);
  d = resolve_quota(std::optional<int>(18), rows);
  EXPECT_TRUE(d.write);
  d = resolve_quota(std::optional<int>(), rows);
  EXPECT_TRUE(d.write);
  // Zero is a quota like any other (not "nothing stored").
  EXPECT_FALSE(resolve_quota(std::optional<int>(0), {{0, at(1, 2)}}).write);
  EXPECT_TRUE(resolve_quota(std::optional<int>(), {{0, at(1, 2)}}).write);
}

// Batches apply in id order whatever the order they are ingested in: an old
// batch staged before an upgrade and ingested after a newer file was loaded
// never overrides what the newer one stored.
TEST(IntakeRules, AnOlderBatchIngestedLateNeverOverridesANewerOne) {
  const std::vector<KeyedRow<LeaveStatus>> old_rows = {{LeaveStatus::kCancelled, at(5, 2)}};
  EXPECT_FALSE(resolve_latest(std::optional<LeaveStatus>(LeaveStatus::kActive), old_rows,
                              std::optional<Position>(at(6, 1)))
                   .write);
  EXPECT_TRUE(resolve_latest(std::optional<LeaveStatus>(LeaveStatus::kActive), old_rows,
                             std::optional<Position>(at(4, 1)))
                  .write);
  EXPECT_FALSE(resolve_quota(std::optional<int>(20), {{25, at(5, 1)}}, std::optional<Position>(at(6, 1))).write);

  // Employee: current 31 from batch 6; batch 5 brings 30 (new) and 31.
  const std::vector<StoredEmployee> stored = {{{31, "Ann"}, at(6, 1)}};
  std::vector<EmployeeWrite> writes;
  std::vector<Outcome> outcomes;
  resolve_employee(stored, {{{30, "Ann"}, at(5, 1)}, {{31, "Ann"}, at(5, 2)}}, writes, outcomes);
  ASSERT_EQ(writes.size(), 1u);
  EXPECT_EQ(writes[0].value.age, 30);
  EXPECT_FALSE(writes[0].stored.has_value());
  EXPECT_EQ(outcomes, (std::vector<Outcome>{Outcome::kLoaded, Outcome::kDuplicate}));
}
