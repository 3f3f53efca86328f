#include "core/timeframe_merge.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <map>
#include <random>
#include <string>

using namespace hrlake::core;

namespace {

Date D(int y, unsigned m, unsigned d) { return days_from_civil(y, m, d); }

// A tiny in-memory employee_timeframe for one employee, applying changes
// the way src/pg does.
struct Store {
  std::map<int64_t, ChainRecord> rows;
  std::deque<std::string> strings;  // keeps designation/salary text alive
  int64_t next_id = 1;
  // The history the last merge read: the changes it returned point into it.
  std::vector<ChainRecord> merged_history;

  std::vector<ChainRecord> history() const {
    std::vector<ChainRecord> out;
    for (const auto &[id, r] : rows) out.push_back(r);
    return out;
  }

  // Merges a batch; returns the changes.
  std::vector<ChainChange> merge(const std::vector<ChainRecord> &batch,
                                 std::vector<bool> *applied_out = nullptr) {
    TimeframeMerger merger;
    std::vector<ChainChange> changes;
    std::vector<bool> applied;
    merged_history = history();
    merger.merge(merged_history, batch, changes, applied);
    std::vector<ChainChange> copy = changes;
    for (const auto &c : changes) {
      ChainRecord values = *c.record;
      strings.emplace_back(values.designation ? std::string(*values.designation) : "");
      if (values.designation) values.designation = strings.back();
      strings.emplace_back(values.salary_text);
      values.salary_text = strings.back();
      values.end = c.end;
      values.end_given = c.end_given;
      switch (c.action) {
        case ChainAction::kInserted:
          values.row_id = next_id++;
          rows[values.row_id] = values;
          break;
        case ChainAction::kClosed:
          rows[c.row_id].end = c.end;
          rows[c.row_id].end_given = c.end_given;
          break;
        case ChainAction::kUpdated:
          values.row_id = c.row_id;
          rows[c.row_id] = values;
          break;
        case ChainAction::kDeleted:
          rows.erase(c.row_id);
          break;
      }
    }
    if (applied_out) *applied_out = applied;
    return copy;
  }

  int active() const {
    int n = 0;
    for (const auto &[id, r] : rows) n += !r.end.has_value();
    return n;
  }
};

ChainRecord rec(const char *designation, Date start, std::optional<Date> end, double salary,
                int64_t batch, int64_t line) {
  ChainRecord r;
  r.designation = std::string_view(designation);
  r.start = start;
  r.end = end;
  r.end_given = end.has_value();
  r.salary = salary;
  static std::deque<std::string> texts;
  texts.push_back(std::to_string(salary));
  r.salary_text = texts.back();
  r.batch_id = batch;
  r.line_no = line;
  return r;
}

const ChainRecord *find(const Store &s, Date start) {
  for (const auto &[id, r] : s.rows)
    if (r.start == start) return &r;
  return nullptr;
}

}  // namespace

// The seed's example: three consecutive records in one file, then an
// incremental file with a new designation.
TEST(TimeframeMerge, SeedExample) {
  Store s;
  auto changes = s.merge({rec("A", D(2024, 1, 1), std::nullopt, 100, 1, 2),
                          rec("B", D(2024, 3, 1), std::nullopt, 200, 1, 3),
                          rec("C", D(2024, 6, 1), std::nullopt, 300, 1, 4)});
  EXPECT_EQ(changes.size(), 3u);
  EXPECT_EQ(find(s, D(2024, 1, 1))->end, D(2024, 3, 1));
  EXPECT_EQ(find(s, D(2024, 3, 1))->end, D(2024, 6, 1));
  EXPECT_FALSE(find(s, D(2024, 6, 1))->end);
  EXPECT_EQ(s.active(), 1);

  changes = s.merge({rec("D", D(2024, 9, 1), std::nullopt, 400, 2, 2)});
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(find(s, D(2024, 6, 1))->end, D(2024, 9, 1));
  EXPECT_FALSE(find(s, D(2024, 9, 1))->end);
  EXPECT_EQ(s.active(), 1);
  EXPECT_EQ(s.rows.size(), 4u);
}

TEST(TimeframeMerge, RemergeIsANoOp) {
  Store s;
  std::vector<ChainRecord> batch = {rec("A", D(2024, 1, 1), std::nullopt, 100, 1, 2),
                                    rec("B", D(2024, 3, 1), std::nullopt, 200, 1, 3)};
  s.merge(batch);
  std::vector<bool> applied;
  EXPECT_TRUE(s.merge(batch, &applied).empty());
  EXPECT_EQ(applied, (std::vector<bool>{false, false}));
  s.merge({rec("C", D(2024, 6, 1), std::nullopt, 300, 2, 2)});
  EXPECT_TRUE(s.merge(batch).empty());  // even after a later batch
}

TEST(TimeframeMerge, DuplicatesKeepHighestSalaryThenLatest) {
  Store s;
  std::vector<bool> applied;
  s.merge({rec("A", D(2024, 1, 1), D(2024, 2, 1), 100, 1, 2),
           rec("B", D(2024, 1, 1), D(2024, 2, 1), 150, 1, 3),
           rec("C", D(2024, 1, 1), D(2024, 2, 1), 120, 1, 4)},
          &applied);
  ASSERT_EQ(s.rows.size(), 1u);
  EXPECT_EQ(*s.rows.begin()->second.designation, "B");
  EXPECT_EQ(applied, (std::vector<bool>{false, true, false}));
  // Equal salary, later batch wins; lower salary later changes nothing.
  auto changes = s.merge({rec("D", D(2024, 1, 1), D(2024, 2, 1), 150, 2, 2)});
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].action, ChainAction::kUpdated);
  EXPECT_EQ(*s.rows.begin()->second.designation, "D");
  EXPECT_TRUE(s.merge({rec("E", D(2024, 1, 1), D(2024, 2, 1), 149, 3, 2)}).empty());
}

TEST(TimeframeMerge, LateRecordIsWovenIn) {
  Store s;
  s.merge({rec("A", D(2024, 1, 1), std::nullopt, 100, 1, 2),
           rec("C", D(2024, 6, 1), std::nullopt, 300, 1, 3)});
  // B arrives late, starting between A and C.
  auto changes = s.merge({rec("B", D(2024, 3, 1), std::nullopt, 200, 2, 2)});
  EXPECT_EQ(find(s, D(2024, 1, 1))->end, D(2024, 3, 1));  // implicit end moved earlier
  EXPECT_EQ(find(s, D(2024, 3, 1))->end, D(2024, 6, 1));  // B closed at C
  EXPECT_FALSE(find(s, D(2024, 6, 1))->end);
  EXPECT_EQ(s.active(), 1);
  ASSERT_EQ(changes.size(), 2u);
  // A record older than everything.
  s.merge({rec("Z", D(2023, 1, 1), std::nullopt, 50, 3, 2)});
  EXPECT_EQ(find(s, D(2023, 1, 1))->end, D(2024, 1, 1));
  EXPECT_EQ(s.active(), 1);
}

TEST(TimeframeMerge, GivenEndsAreKept) {
  Store s;
  s.merge({rec("A", D(2024, 1, 1), D(2024, 12, 31), 100, 1, 2),
           rec("B", D(2024, 3, 1), std::nullopt, 200, 1, 3)});
  EXPECT_EQ(find(s, D(2024, 1, 1))->end, D(2024, 12, 31));  // overlap the input forced
  EXPECT_FALSE(find(s, D(2024, 3, 1))->end);
}

TEST(TimeframeMerge, TwoOpenRecordsWithTheSameStartCollapse) {
  Store s;
  s.merge({rec("A", D(2024, 1, 1), std::nullopt, 100, 1, 2),
           rec("B", D(2024, 1, 1), std::nullopt, 90, 1, 3)});
  EXPECT_EQ(s.rows.size(), 1u);
  EXPECT_EQ(s.active(), 1);
  EXPECT_EQ(*s.rows.begin()->second.designation, "A");
}

TEST(TimeframeMerge, ReclosingIntoAnExistingPeriodDeletesTheLoser) {
  Store s;
  // A open from Jan; E explicitly Jan..Mar; C from Jun.
  s.merge({rec("A", D(2024, 1, 1), std::nullopt, 100, 1, 2),
           rec("E", D(2024, 1, 1), D(2024, 3, 1), 500, 1, 3),
           rec("C", D(2024, 6, 1), std::nullopt, 300, 1, 4)});
  ASSERT_EQ(s.rows.size(), 3u);
  // A late record from March closes A at March: A now duplicates E.
  auto changes = s.merge({rec("L", D(2024, 3, 1), std::nullopt, 1, 2, 2)});
  EXPECT_EQ(s.rows.size(), 3u);  // A absorbed, L added
  bool deleted = false;
  for (const auto &c : changes) deleted = deleted || c.action == ChainAction::kDeleted;
  EXPECT_TRUE(deleted);
  EXPECT_EQ(*find(s, D(2024, 1, 1))->designation, "E");
}

TEST(TimeframeMerge, MissingSalaryLosesToAnySalary) {
  Store s;
  ChainRecord none = rec("N", D(2024, 1, 1), D(2024, 2, 1), 0, 2, 2);
  none.salary.reset();
  none.salary_text = "";
  s.merge({none, rec("S", D(2024, 1, 1), D(2024, 2, 1), 0, 1, 2)});
  EXPECT_EQ(*s.rows.begin()->second.designation, "S");
}

// Random histories built by random batches keep the SPEC invariants, and
// re-merging any earlier batch changes nothing.
TEST(TimeframeMerge, RandomHistoriesKeepInvariants) {
  std::mt19937 rng(20261124);
  for (int employee = 0; employee < 2000; ++employee) {
    Store s;
    std::vector<std::vector<ChainRecord>> batches;
    const int n_batches = 1 + static_cast<int>(rng() % 5);
    for (int b = 1; b <= n_batches; ++b) {
      std::vector<ChainRecord> batch;
      const int n = 1 + static_cast<int>(rng() % 5);
      for (int i = 0; i < n; ++i) {
        Date start = D(2024, 1, 1) + static_cast<Date>(rng() % 12) * 30;
        std::optional<Date> end;
        if (rng() % 4 == 0) end = start + static_cast<Date>(rng() % 90);
        static const char *kDes[] = {"A", "B", "C"};
        batch.push_back(rec(kDes[rng() % 3], start, end, 100.0 * (1 + rng() % 3), b, i + 2));
      }
      s.merge(batch);
      batches.push_back(batch);

      ASSERT_LE(s.active(), 1);
      std::map<std::pair<Date, std::optional<Date>>, int> keys;
      for (const auto &row : s.rows) {
        const int seen = ++keys[std::make_pair(row.second.start, row.second.end)];
        ASSERT_EQ(seen, 1);
      }
      // Every implicit end is the nearest later start.
      for (const auto &row : s.rows) {
        const ChainRecord &r = row.second;
        std::optional<Date> next;
        for (const auto &other : s.rows)
          if (other.second.start > r.start && (!next || other.second.start < *next))
            next = other.second.start;
        if (!r.end_given) {
          ASSERT_EQ(r.end, next) << "employee " << employee;
        }
        if (r.end) {
          ASSERT_GE(*r.end, r.start);
        }
      }
      for (const auto &earlier : batches) ASSERT_TRUE(s.merge(earlier).empty());
    }
  }
}

// scd2_merge reads only part of an employee's history: the stored rows
// starting at or after the latest start before the earliest incoming start
// (all rows with that start). Rows before it cannot change: their implicit
// ends are starts that stay the nearest, and no incoming row can share
// their (start, end). Merging with that part gives exactly the changes
// merging with the whole history gives.
TEST(TimeframeMerge, HistoryFromTheLastStartBeforeTheBatchIsEnough) {
  std::mt19937 rng(20261201);
  for (int employee = 0; employee < 3000; ++employee) {
    Store s;
    const int n_batches = 2 + static_cast<int>(rng() % 5);
    for (int b = 1; b <= n_batches; ++b) {
      std::vector<ChainRecord> batch;
      const int n = 1 + static_cast<int>(rng() % 4);
      for (int i = 0; i < n; ++i) {
        Date start = D(2024, 1, 1) + static_cast<Date>(rng() % 12) * 30;
        std::optional<Date> end;
        if (rng() % 4 == 0) end = start + static_cast<Date>(rng() % 90);
        static const char *kDes[] = {"A", "B", "C"};
        batch.push_back(rec(kDes[rng() % 3], start, end, 100.0 * (1 + rng() % 3), b, i + 2));
      }
      Date earliest = batch[0].start;
      for (const auto &r : batch) earliest = std::min(earliest, r.start);
      std::optional<Date> cut;
      for (const auto &[id, r] : s.rows)
        if (r.start < earliest && (!cut || r.start > *cut)) cut = r.start;
      std::vector<ChainRecord> part;
      for (const auto &[id, r] : s.rows)
        if (!cut || r.start >= *cut) part.push_back(r);

      TimeframeMerger merger;
      std::vector<ChainChange> from_part;
      std::vector<bool> applied_part;
      merger.merge(part, batch, from_part, applied_part);
      std::vector<ChainChange> copy_part = from_part;
      std::vector<bool> applied_whole;
      const std::vector<ChainChange> from_whole = s.merge(batch, &applied_whole);
      ASSERT_EQ(copy_part.size(), from_whole.size()) << "employee " << employee << " batch " << b;
      ASSERT_EQ(applied_part, applied_whole);
      for (size_t i = 0; i < from_whole.size(); ++i) {
        const ChainChange &a = copy_part[i], &w = from_whole[i];
        ASSERT_EQ(a.action, w.action);
        ASSERT_EQ(a.row_id, w.row_id);
        ASSERT_EQ(a.end, w.end);
        ASSERT_EQ(a.end_given, w.end_given);
        ASSERT_EQ(a.record->start, w.record->start);
        ASSERT_EQ(a.record->salary_text, w.record->salary_text);
      }
    }
  }
}
