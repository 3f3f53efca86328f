// The SCD2 history rules (core/timeframe_history.h, SPEC §2.3): first
// hand-made cases a reader can follow, then randomised properties (seeded):
// the history does not depend on the order of the rows, a suffix of the
// rows gives the suffix of the history (what incremental merges rely on),
// diff_history's changes turn the stored records into the derived ones
// while keeping the table's keys at every step, and every history has the
// shape §2.3 gives it (one open record at most, implicit ends at the next
// start, every row in the record of its period). Positions are written
// at(batch, line); line 1 of a file is its header, so data starts at line 2.
#include "core/timeframe_history.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <ostream>
#include <random>
#include <set>
#include <string>
#include <tuple>

using namespace hrlake::core;

namespace {

Position at(int64_t batch, int64_t line) { return {batch, line}; }

// A date written as year, month, day.
constexpr Date day(int y, unsigned m, unsigned d) { return days_from_civil(y, m, d); }

// The text of a date, for failure messages.
std::string date_text(Date d) {
  const Ymd ymd = civil_from_days(d);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", ymd.year, ymd.month, ymd.day);
  return buf;
}

constexpr std::optional<Date> kOpen = std::nullopt;

// One row; salary (decimal text) and designation are nullptr when absent.
TimeframeRow row(Date start, std::optional<Date> end, const char *salary, const char *designation, Position p) {
  TimeframeRow r;
  r.start = start;
  r.end = end;
  if (salary) {
    r.salary = Decimal::parse(salary);
    EXPECT_TRUE(r.salary.has_value()) << salary;
  }
  if (designation) r.designation = std::string_view(designation);
  r.position = p;
  return r;
}

// A record as a reader checks it: its period, whether the end was given,
// and the winning row's designation and salary ("-" when absent; the
// salary in canonical text).
struct Rec {
  Date start;
  std::optional<Date> end;
  bool given;
  std::string designation;
  std::string salary;
  friend bool operator==(const Rec &a, const Rec &b) {
    return std::tie(a.start, a.end, a.given, a.designation, a.salary) ==
           std::tie(b.start, b.end, b.given, b.designation, b.salary);
  }
};
void PrintTo(const Rec &r, std::ostream *os) {
  *os << "{" << date_text(r.start) << ".." << (r.end ? date_text(*r.end) : std::string("open"))
      << (r.given ? " given" : "") << " " << r.designation << " " << r.salary << "}";
}
Rec rec(Date start, std::optional<Date> end, bool given, const char *designation, const char *salary) {
  return {start, end, given, designation, salary};
}

// derive_history, as records a reader checks.
std::vector<Rec> history(const std::vector<TimeframeRow> &rows, std::optional<Date> deactivated = std::nullopt) {
  std::vector<HistoryRecord> records;
  derive_history(rows, records, deactivated);
  std::vector<Rec> out;
  for (const HistoryRecord &h : records) {
    const TimeframeRow &r = rows[h.row];
    out.push_back({h.start, h.end, h.end_given, r.designation ? std::string(*r.designation) : "-",
                   r.salary ? r.salary->text() : "-"});
  }
  return out;
}

const Date kJan = day(2024, 1, 1), kFeb = day(2024, 2, 1), kMar = day(2024, 3, 1), kJun = day(2024, 6, 1),
           kJun30 = day(2024, 6, 30), kSep = day(2024, 9, 1);

// ---- Hand-made cases ----

TEST(TimeframeHistory, NoRowsNoHistory) { EXPECT_TRUE(history({}).empty()); }

// The seed's example: three records in one file, each open record closed
// at the next start; the last stays open (ACTIVE).
TEST(TimeframeHistory, SeedExampleClosesAtTheNextStart) {
  const std::vector<TimeframeRow> rows = {row(kJan, kOpen, "50000", "A", at(1, 2)),
                                          row(kMar, kOpen, "60000", "B", at(1, 3)),
                                          row(kJun, kOpen, "70000", "C", at(1, 4))};
  EXPECT_EQ(history(rows), (std::vector<Rec>{rec(kJan, kMar, false, "A", "50000"),
                                             rec(kMar, kJun, false, "B", "60000"),
                                             rec(kJun, kOpen, false, "C", "70000")}));
  // The next day's promotion closes the open record at its start.
  std::vector<TimeframeRow> next = rows;
  next.push_back(row(kSep, kOpen, "80000", "D", at(2, 2)));
  EXPECT_EQ(history(next), (std::vector<Rec>{rec(kJan, kMar, false, "A", "50000"),
                                             rec(kMar, kJun, false, "B", "60000"),
                                             rec(kJun, kSep, false, "C", "70000"),
                                             rec(kSep, kOpen, false, "D", "80000")}));
}

// A late record (starting before the open one) is woven into the chain:
// the record before it now ends at its start, and it ends at the next.
TEST(TimeframeHistory, LateRecordIsWovenIn) {
  const std::vector<TimeframeRow> rows = {row(kJan, kOpen, "50000", "A", at(1, 2)),
                                          row(kMar, kOpen, "60000", "B", at(1, 3)),
                                          row(kJun, kOpen, "70000", "C", at(1, 4)),
                                          row(kFeb, kOpen, "55000", "A2", at(2, 2))};
  EXPECT_EQ(history(rows), (std::vector<Rec>{rec(kJan, kFeb, false, "A", "50000"),
                                             rec(kFeb, kMar, false, "A2", "55000"),
                                             rec(kMar, kJun, false, "B", "60000"),
                                             rec(kJun, kOpen, false, "C", "70000")}));
}

// Rows with the same (start, end) collapse to the highest salary, with
// its designation; an absent salary is lowest.
TEST(TimeframeHistory, DuplicatesCollapseToTheHighestSalary) {
  const std::vector<TimeframeRow> rows = {row(kJan, kFeb, "100", "X", at(1, 2)), row(kJan, kFeb, "300", "Y", at(1, 3)),
                                          row(kJan, kFeb, "200", "Z", at(1, 4)), row(kJan, kFeb, nullptr, "W", at(2, 2))};
  EXPECT_EQ(history(rows), (std::vector<Rec>{rec(kJan, kFeb, true, "Y", "300")}));
}

// Equal salaries: the row that first arrived most recently wins (the later
// batch, then the later line), whatever the order of the input.
TEST(TimeframeHistory, SalaryTiesGoToTheMostRecentFirstArrival) {
  EXPECT_EQ(history({row(kJan, kOpen, "100", "late", at(2, 2)), row(kJan, kOpen, "100", "early", at(1, 9))}),
            (std::vector<Rec>{rec(kJan, kOpen, false, "late", "100")}));
  EXPECT_EQ(history({row(kJan, kOpen, "100", "line 3", at(1, 3)), row(kJan, kOpen, "100", "line 2", at(1, 2))}),
            (std::vector<Rec>{rec(kJan, kOpen, false, "line 3", "100")}));
  EXPECT_EQ(history({row(kJan, kOpen, nullptr, "later", at(1, 3)), row(kJan, kOpen, nullptr, "earlier", at(1, 2))}),
            (std::vector<Rec>{rec(kJan, kOpen, false, "later", "-")}));
}

// Salaries compare as numbers, not as text: 0100 = 100.0 (a tie, so the
// later row wins), 9 < 10, 999.99 < 1000.
TEST(TimeframeHistory, SalariesCompareAsNumbers) {
  EXPECT_EQ(history({row(kJan, kOpen, "0100", "first", at(1, 2)), row(kJan, kOpen, "100.0", "second", at(1, 3)),
                     row(kJan, kOpen, "99.5", "less", at(1, 4))}),
            (std::vector<Rec>{rec(kJan, kOpen, false, "second", "100")}));
  EXPECT_EQ(history({row(kJan, kOpen, "10", "ten", at(1, 2)), row(kJan, kOpen, "9", "nine", at(1, 3))}),
            (std::vector<Rec>{rec(kJan, kOpen, false, "ten", "10")}));
  EXPECT_EQ(history({row(kJan, kOpen, "1000", "more", at(1, 2)), row(kJan, kOpen, "999.99", "less", at(1, 3))}),
            (std::vector<Rec>{rec(kJan, kOpen, false, "more", "1000")}));
  EXPECT_EQ(history({row(kJan, kOpen, "+7", "plus", at(1, 2)), row(kJan, kOpen, "7.", "point", at(1, 3))}),
            (std::vector<Rec>{rec(kJan, kOpen, false, "point", "7")}));
}

// A termination sent as `start, end` for the open record ends it: the open
// row takes the given end, the two collapse, and no open twin is left.
// The termination names no salary here, so the open row's salary wins.
TEST(TimeframeHistory, TerminationEndsTheOpenRecord) {
  const std::vector<TimeframeRow> rows = {row(kJan, kOpen, "50000", "A", at(1, 2)),
                                          row(kMar, kOpen, "60000", "B", at(1, 3)),
                                          row(kMar, kJun30, nullptr, "B", at(2, 2))};
  EXPECT_EQ(history(rows), (std::vector<Rec>{rec(kJan, kMar, false, "A", "50000"),
                                             rec(kMar, kJun30, true, "B", "60000")}));
  // A termination repeating the salary wins the tie as the later row: the
  // same values.
  EXPECT_EQ(history({row(kMar, kOpen, "60000", "B", at(1, 3)), row(kMar, kJun30, "60000", "B", at(2, 2))}),
            (std::vector<Rec>{rec(kMar, kJun30, true, "B", "60000")}));
}

// Of several ends given for the open record's start, the open row takes
// the one that first arrived most recently (here 1 June, sent after 30
// June); the other given end stays a record of its own (ends in the data
// are kept as given). The terminations name no salary.
TEST(TimeframeHistory, TheLatestTerminationEndsTheOpenRecord) {
  const std::vector<TimeframeRow> rows = {row(kMar, kOpen, "60000", "B", at(1, 2)),
                                          row(kMar, kJun30, nullptr, "B", at(2, 2)),
                                          row(kMar, kJun, nullptr, "B", at(3, 2))};
  EXPECT_EQ(history(rows), (std::vector<Rec>{rec(kMar, kJun, true, "B", "60000"),
                                             rec(kMar, kJun30, true, "B", "-")}));
}

// A termination does not end a record that a later start closes: the open
// row closes at the later start, the given end is a record of its own.
TEST(TimeframeHistory, TerminationOfAClosedRecordIsARecordOfItsOwn) {
  const std::vector<TimeframeRow> rows = {row(kJan, kOpen, "50000", "A", at(1, 2)),
                                          row(kJan, kJun30, "50000", "A", at(2, 2)),
                                          row(kMar, kOpen, "60000", "B", at(2, 3))};
  EXPECT_EQ(history(rows), (std::vector<Rec>{rec(kJan, kMar, false, "A", "50000"),
                                             rec(kJan, kJun30, true, "A", "50000"),
                                             rec(kMar, kOpen, false, "B", "60000")}));
}

// An end given in the data is kept, even past a later start.
TEST(TimeframeHistory, GivenEndIsKeptPastALaterStart) {
  const std::vector<TimeframeRow> rows = {row(kJan, kJun30, "50000", "A", at(1, 2)),
                                          row(kMar, kOpen, "60000", "B", at(1, 3))};
  EXPECT_EQ(history(rows), (std::vector<Rec>{rec(kJan, kJun30, true, "A", "50000"),
                                             rec(kMar, kOpen, false, "B", "60000")}));
}

// A given end equal to the next start collides with the open row closed
// there: one record, and its end counts as given.
TEST(TimeframeHistory, GivenAndImplicitEndCollide) {
  const std::vector<TimeframeRow> rows = {row(kJan, kMar, "40000", "given", at(1, 2)),
                                          row(kJan, kOpen, "50000", "closed", at(1, 3)),
                                          row(kMar, kOpen, "60000", "B", at(1, 4))};
  EXPECT_EQ(history(rows), (std::vector<Rec>{rec(kJan, kMar, true, "closed", "50000"),
                                             rec(kMar, kOpen, false, "B", "60000")}));
}

// A row that lost a collapse is not forgotten: a late row that moves the
// closes apart brings it back where the rules put it.
TEST(TimeframeHistory, LoserComesBackWhenTheClosesMoveApart) {
  // "given" ends on 1 March, "open" is closed there by C: they collide and
  // the higher salary wins.
  std::vector<TimeframeRow> rows = {row(kJan, kMar, "50000", "given", at(1, 2)),
                                    row(kJan, kOpen, "60000", "open", at(1, 3)),
                                    row(kMar, kOpen, "70000", "C", at(1, 4))};
  EXPECT_EQ(history(rows), (std::vector<Rec>{rec(kJan, kMar, true, "open", "60000"),
                                             rec(kMar, kOpen, false, "C", "70000")}));
  // A late row on 1 February closes "open" there: "given" is back.
  rows.push_back(row(kFeb, kOpen, "55000", "late", at(2, 2)));
  EXPECT_EQ(history(rows), (std::vector<Rec>{rec(kJan, kFeb, false, "open", "60000"),
                                             rec(kJan, kMar, true, "given", "50000"),
                                             rec(kFeb, kMar, false, "late", "55000"),
                                             rec(kMar, kOpen, false, "C", "70000")}));
}

// The same: an open record that lost to a termination with a higher
// salary comes back as the open record's close moves to a later start.
TEST(TimeframeHistory, LoserOfATerminationComesBack) {
  std::vector<TimeframeRow> rows = {row(kJan, kOpen, "50000", "open", at(1, 2)),
                                    row(kJan, kJun30, "90000", "ended", at(2, 2))};
  EXPECT_EQ(history(rows), (std::vector<Rec>{rec(kJan, kJun30, true, "ended", "90000")}));
  rows.push_back(row(kMar, kOpen, "60000", "B", at(3, 2)));
  EXPECT_EQ(history(rows), (std::vector<Rec>{rec(kJan, kMar, false, "open", "50000"),
                                             rec(kJan, kJun30, true, "ended", "90000"),
                                             rec(kMar, kOpen, false, "B", "60000")}));
}

// A deactivated employee (10th strike, SPEC §2.8) has no open record: the
// one that would stay open ends on the day of the strike, as a given end.
TEST(TimeframeHistory, DeactivationEndsTheOpenRecord) {
  const Date strike = kJun30;
  std::vector<TimeframeRow> rows = {row(kJan, kOpen, "50000", "A", at(1, 2))};
  EXPECT_EQ(history(rows, strike), (std::vector<Rec>{rec(kJan, kJun30, true, "A", "50000")}));
  // A promotion from before the strike that arrives after it: A closes at
  // its start, and it ends on the day of the strike.
  rows.push_back(row(kMar, kOpen, "60000", "B", at(3, 2)));
  EXPECT_EQ(history(rows, strike), (std::vector<Rec>{rec(kJan, kMar, false, "A", "50000"),
                                                     rec(kMar, kJun30, true, "B", "60000")}));
  // The same with the strike's own close of A (a row, SPEC §2.3) before
  // it: that close is a given end, kept past the later start.
  rows.insert(rows.begin() + 1, row(kJan, kJun30, "50000", "A", at(2, 2)));
  EXPECT_EQ(history(rows, strike), (std::vector<Rec>{rec(kJan, kMar, false, "A", "50000"),
                                                     rec(kJan, kJun30, true, "A", "50000"),
                                                     rec(kMar, kJun30, true, "B", "60000")}));
  // A record starting after the strike ends on its start; closed records
  // keep their ends.
  EXPECT_EQ(history({row(kJan, kOpen, "50000", "A", at(1, 2)), row(kSep, kOpen, "70000", "C", at(2, 2))}, strike),
            (std::vector<Rec>{rec(kJan, kSep, false, "A", "50000"), rec(kSep, kSep, true, "C", "70000")}));
}

TEST(TimeframeHistory, WinsOverAndSameRow) {
  const TimeframeRow a = row(kJan, kOpen, "100", "A", at(1, 2));
  EXPECT_TRUE(wins_over(row(kJan, kOpen, "100.0", "B", at(1, 3)), a));
  EXPECT_FALSE(wins_over(a, row(kJan, kOpen, "100.0", "B", at(1, 3))));
  EXPECT_TRUE(wins_over(row(kJan, kOpen, "101", "B", at(1, 1)), a));
  EXPECT_TRUE(wins_over(a, row(kJan, kOpen, nullptr, "B", at(9, 9))));
  EXPECT_FALSE(wins_over(a, a));
  EXPECT_TRUE(same_row(a, row(kJan, kOpen, "0100.00", "A", at(5, 5))));
  EXPECT_FALSE(same_row(a, row(kJan, kOpen, "100", "B", at(1, 2))));
  EXPECT_FALSE(same_row(a, row(kJan, kJun, "100", "A", at(1, 2))));
  EXPECT_FALSE(same_row(a, row(kJan, kOpen, nullptr, "A", at(1, 2))));
  EXPECT_FALSE(same_row(a, row(kJan, kOpen, "100", nullptr, at(1, 2))));
}

// ---- diff_history on the seed's example ----

// The stored records of a derived history (what the merge wrote).
std::vector<StoredRecord> as_stored(const std::vector<TimeframeRow> &rows, const std::vector<HistoryRecord> &h) {
  std::vector<StoredRecord> out;
  for (const HistoryRecord &r : h)
    out.push_back({r.start, r.end, r.end_given, rows[r.row].salary, rows[r.row].designation, rows[r.row].position});
  return out;
}

TEST(TimeframeHistoryDiff, PromotionClosesThenInserts) {
  std::vector<TimeframeRow> rows = {row(kJan, kOpen, "50000", "A", at(1, 2)), row(kMar, kOpen, "60000", "B", at(1, 3))};
  std::vector<HistoryRecord> before, after;
  derive_history(rows, before);
  const std::vector<StoredRecord> stored = as_stored(rows, before);
  rows.push_back(row(kJun, kOpen, "70000", "C", at(2, 2)));
  derive_history(rows, after);
  std::vector<HistoryChange> changes;
  diff_history(stored, after, rows, changes);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].change, RecordChange::kClosed);
  EXPECT_EQ(changes[0].index, 1u);  // B ...
  EXPECT_EQ(after[changes[0].to].end, kJun);  // ... ends on 1 June
  EXPECT_EQ(changes[1].change, RecordChange::kInserted);
  EXPECT_EQ(after[changes[1].index].start, kJun);
  // Deriving the same rows again changes nothing.
  diff_history(as_stored(rows, after), after, rows, changes);
  EXPECT_TRUE(changes.empty());
}

TEST(TimeframeHistoryDiff, NewWinnerUpdatesAndLoserReturnsAsInsert) {
  std::vector<TimeframeRow> rows = {row(kJan, kOpen, "50000", "A", at(1, 2)), row(kJan, kJun30, "40000", "A", at(1, 3))};
  std::vector<HistoryRecord> before, after;
  derive_history(rows, before);  // one record: the open row ended on 30 June
  ASSERT_EQ(before.size(), 1u);
  const std::vector<StoredRecord> stored = as_stored(rows, before);
  rows.push_back(row(kMar, kOpen, "60000", "B", at(2, 2)));  // A now closes on 1 March
  derive_history(rows, after);
  std::vector<HistoryChange> changes;
  diff_history(stored, after, rows, changes);
  // (Jan, Jun 30) stays, its winner now the given row; (Jan, Mar) and
  // (Mar, open) are new.
  ASSERT_EQ(changes.size(), 3u);
  EXPECT_EQ(changes[0].change, RecordChange::kUpdated);
  EXPECT_EQ(after[changes[0].to].end, kJun30);
  EXPECT_EQ(changes[1].change, RecordChange::kInserted);
  EXPECT_EQ(changes[2].change, RecordChange::kInserted);
}

// ---- Properties (randomised, seeded) ----

// Salaries with equal values written differently, designations, and a few
// starts close together, so that collapses, ties and terminations happen.
const char *const kSalaries[] = {"100", "0100", "100.0", "200", "99.5", "1000", "5.", "+5"};
const char *const kDesignations[] = {"A", "B", "C"};

// Distinct random rows of one employee, in the order they first arrived
// (positions increase; a batch holds a few rows).
std::vector<TimeframeRow> random_rows(std::mt19937_64 &rng, size_t n) {
  std::uniform_int_distribution<int> start_step(0, 7), end_len(0, 5), pct(0, 99), salary(0, 8), designation(0, 3);
  const Date base = day(2024, 1, 1);
  std::vector<TimeframeRow> rows;
  int64_t batch = 1, line = 1;
  while (rows.size() < n) {
    TimeframeRow r;
    r.start = base + 10 * start_step(rng);
    // Ends land on other starts now and then (multiples of 5 days).
    if (pct(rng) < 35) r.end = r.start + 5 * end_len(rng);
    if (const int s = salary(rng); s < 8) r.salary = Decimal::parse(kSalaries[s]);
    if (const int d = designation(rng); d < 3) r.designation = std::string_view(kDesignations[d]);
    if (pct(rng) < 30) {
      ++batch;
      line = 1;
    }
    r.position = at(batch, ++line);
    // A row that arrived already is a re-send: it keeps its first arrival.
    if (std::none_of(rows.begin(), rows.end(), [&](const TimeframeRow &o) { return same_row(o, r); }))
      rows.push_back(r);
  }
  return rows;
}

// A record by what identifies it across inputs: its period, the given
// flag and the winning row's position (positions are unique).
using Key = std::tuple<Date, std::optional<Date>, bool, int64_t, int64_t>;
std::vector<Key> keys(const std::vector<TimeframeRow> &rows, const std::vector<HistoryRecord> &h) {
  std::vector<Key> out;
  for (const HistoryRecord &r : h)
    out.push_back({r.start, r.end, r.end_given, rows[r.row].position.batch_id, rows[r.row].position.line_no});
  return out;
}
std::vector<Key> derived_keys(const std::vector<TimeframeRow> &rows) {
  std::vector<HistoryRecord> h;
  derive_history(rows, h);
  return keys(rows, h);
}

// (a) The history does not depend on the order of the input vector.
TEST(TimeframeHistoryProperty, OrderOfTheInputDoesNotMatter) {
  std::mt19937_64 rng(20240407);
  for (int trial = 0; trial < 400; ++trial) {
    std::vector<TimeframeRow> rows = random_rows(rng, 1 + trial % 25);
    const std::vector<Key> expected = derived_keys(rows);
    for (int shuffle = 0; shuffle < 3; ++shuffle) {
      std::shuffle(rows.begin(), rows.end(), rng);
      ASSERT_EQ(derived_keys(rows), expected) << "trial " << trial;
    }
  }
}

// The records starting at or after `cut`.
std::vector<Key> from_cut(std::vector<Key> k, Date cut) {
  k.erase(std::remove_if(k.begin(), k.end(), [&](const Key &x) { return std::get<0>(x) < cut; }), k.end());
  return k;
}
// The rows starting at or after `cut`.
std::vector<TimeframeRow> rows_from(const std::vector<TimeframeRow> &rows, Date cut) {
  std::vector<TimeframeRow> out;
  for (const TimeframeRow &r : rows)
    if (r.start >= cut) out.push_back(r);
  return out;
}

// (b) The suffix rule: with the cut chosen as the header says (the latest
// start before the earliest new row's start, or the earliest start of all
// when there is none before it), the records from the cut on follow from
// the rows from the cut on. It holds for any cut, too.
TEST(TimeframeHistoryProperty, SuffixOfTheRowsGivesTheSuffixOfTheHistory) {
  std::mt19937_64 rng(20240408);
  std::uniform_int_distribution<int> pct(0, 99);
  for (int trial = 0; trial < 400; ++trial) {
    const std::vector<TimeframeRow> rows = random_rows(rng, 2 + trial % 25);
    const std::vector<Key> all = derived_keys(rows);
    // Some rows are the new ones (at least one).
    Date earliest = rows[std::uniform_int_distribution<size_t>(0, rows.size() - 1)(rng)].start;
    for (const TimeframeRow &r : rows)
      if (pct(rng) < 25) earliest = std::min(earliest, r.start);
    std::optional<Date> cut;
    Date first = rows[0].start;
    for (const TimeframeRow &r : rows) {
      first = std::min(first, r.start);
      if (r.start < earliest && (!cut || *cut < r.start)) cut = r.start;
    }
    const Date c = cut.value_or(first);
    ASSERT_EQ(derived_keys(rows_from(rows, c)), from_cut(all, c)) << "trial " << trial << ", cut " << date_text(c);
    for (const TimeframeRow &r : rows)
      ASSERT_EQ(derived_keys(rows_from(rows, r.start)), from_cut(all, r.start))
          << "trial " << trial << ", cut " << date_text(r.start);
  }
}

// (d) The shape of every history: sorted by start then end (open last),
// one record per (start, end), at most one open record and only at the
// latest start, implicit ends at the next start, given ends from a row of
// that start; and every row is in the record of its period, which its row
// beats (a loser is not forgotten: its period is a record).
TEST(TimeframeHistoryProperty, ShapeOfEveryHistory) {
  std::mt19937_64 rng(20240409);
  for (int trial = 0; trial < 600; ++trial) {
    const std::vector<TimeframeRow> rows = random_rows(rng, 1 + trial % 30);
    std::vector<HistoryRecord> h;
    derive_history(rows, h);
    std::set<Date> starts;
    for (const TimeframeRow &r : rows) starts.insert(r.start);
    const auto next_start = [&](Date s) -> std::optional<Date> {
      const auto it = starts.upper_bound(s);
      return it == starts.end() ? std::nullopt : std::optional<Date>(*it);
    };
    int open = 0;
    for (size_t i = 0; i < h.size(); ++i) {
      const HistoryRecord &r = h[i];
      SCOPED_TRACE("trial " + std::to_string(trial) + ", record at " + date_text(r.start));
      if (i > 0) {
        const HistoryRecord &p = h[i - 1];
        const bool ordered = p.start < r.start || (p.start == r.start && p.end && (!r.end || *p.end < *r.end));
        ASSERT_TRUE(ordered) << "sorted, one record per (start, end)";
      }
      ASSERT_EQ(rows[r.row].start, r.start);
      if (!r.end) {
        ++open;
        ASSERT_FALSE(next_start(r.start)) << "only the latest start can be open";
        ASSERT_FALSE(r.end_given);
      } else if (!r.end_given) {
        ASSERT_EQ(r.end, next_start(r.start)) << "an implicit end is the next start";
      } else {
        ASSERT_TRUE(std::any_of(rows.begin(), rows.end(),
                                [&](const TimeframeRow &x) { return x.start == r.start && x.end == r.end; }))
            << "a given end comes from a row of that start";
      }
    }
    ASSERT_LE(open, 1) << "trial " << trial;
    std::set<Date> record_starts;
    for (const HistoryRecord &r : h) record_starts.insert(r.start);
    ASSERT_EQ(record_starts, starts) << "trial " << trial << ": every start has a record";
    // Every row is in the record of its period (SPEC §2.3, the closing
    // rules written plainly), and that record's row beats or is it.
    for (size_t i = 0; i < rows.size(); ++i) {
      const TimeframeRow &x = rows[i];
      std::optional<Date> end = x.end;
      if (!end) end = next_start(x.start);
      if (!end) {
        const TimeframeRow *latest = nullptr;
        for (const TimeframeRow &y : rows)
          if (y.start == x.start && y.end && (!latest || latest->position < y.position)) latest = &y;
        if (latest) end = latest->end;
      }
      const auto it = std::find_if(h.begin(), h.end(),
                                   [&](const HistoryRecord &r) { return r.start == x.start && r.end == end; });
      ASSERT_NE(it, h.end()) << "trial " << trial << ": row " << i << " has no record";
      ASSERT_TRUE(it->row == i || wins_over(rows[it->row], x)) << "trial " << trial << ": row " << i;
    }
  }
}

// The record values of a derived history, sorted, for comparison with
// stored records.
using Full = std::tuple<Date, std::optional<Date>, bool, std::string, std::string, int64_t, int64_t>;
Full full(const StoredRecord &s) {
  return {s.start, s.end, s.end_given, s.designation ? std::string(*s.designation) : "-",
          s.salary ? s.salary->text() : "-", s.position.batch_id, s.position.line_no};
}

// Applies `changes` to `table` one at a time, as the merge writes them,
// checking after each that (start, end) is unique and at most one record
// is open (the table's unique indexes); each stored and derived record is
// used once at most.
void apply_changes(std::vector<StoredRecord> &table, const std::vector<HistoryRecord> &derived,
                   const std::vector<TimeframeRow> &rows, const std::vector<HistoryChange> &changes) {
  std::vector<bool> live(table.size(), true), stored_used(table.size(), false), derived_used(derived.size(), false);
  const auto record_of = [&](size_t d) {
    const HistoryRecord &h = derived[d];
    const TimeframeRow &r = rows[h.row];
    return StoredRecord{h.start, h.end, h.end_given, r.salary, r.designation, r.position};
  };
  const size_t stored_count = table.size();
  for (const HistoryChange &c : changes) {
    if (c.change == RecordChange::kInserted) {
      ASSERT_LT(c.index, derived.size());
      ASSERT_FALSE(derived_used[c.index]);
      derived_used[c.index] = true;
      table.push_back(record_of(c.index));
      live.push_back(true);
    } else {
      ASSERT_LT(c.index, stored_count);
      ASSERT_FALSE(stored_used[c.index]) << "a stored record changed twice";
      stored_used[c.index] = true;
      if (c.change == RecordChange::kDeleted) {
        live[c.index] = false;
      } else {
        ASSERT_LT(c.to, derived.size());
        ASSERT_FALSE(derived_used[c.to]);
        derived_used[c.to] = true;
        const StoredRecord next = record_of(c.to);
        ASSERT_EQ(next.start, table[c.index].start) << "a change keeps the start";
        if (c.change == RecordChange::kClosed) {
          ASSERT_TRUE(table[c.index].designation == next.designation && table[c.index].salary == next.salary &&
                      table[c.index].position == next.position)
              << "a close keeps the values";
          ASSERT_NE(table[c.index].end, next.end) << "a close changes the end";
        }
        table[c.index] = next;
      }
    }
    std::set<std::pair<Date, std::optional<Date>>> periods;
    int open = 0;
    for (size_t i = 0; i < table.size(); ++i) {
      if (!live[i]) continue;
      ASSERT_TRUE(periods.insert({table[i].start, table[i].end}).second) << "(start, end) unique at every step";
      open += !table[i].end;
    }
    ASSERT_LE(open, 1) << "one open record at most at every step";
  }
  std::vector<StoredRecord> kept;
  for (size_t i = 0; i < table.size(); ++i)
    if (live[i]) kept.push_back(table[i]);
  table = std::move(kept);
}

std::vector<Full> sorted_full(const std::vector<StoredRecord> &records) {
  std::vector<Full> out;
  for (const StoredRecord &s : records) out.push_back(full(s));
  std::sort(out.begin(), out.end());
  return out;
}

// (c) diff_history: applying the changes to the stored records, in order,
// yields exactly the derived records, with the table's keys holding after
// every single change. Stored records are an earlier history of some of
// the rows (what an earlier merge wrote), or any records the table's keys
// allow; deriving the same rows again changes nothing.
TEST(TimeframeHistoryProperty, DiffTurnsStoredIntoDerived) {
  std::mt19937_64 rng(20240410);
  std::uniform_int_distribution<int> pct(0, 99), step(0, 7), len(0, 5), salary(0, 7), designation(0, 2);
  for (int trial = 0; trial < 600; ++trial) {
    SCOPED_TRACE("trial " + std::to_string(trial));
    const std::vector<TimeframeRow> rows = random_rows(rng, 1 + trial % 25);
    std::vector<HistoryRecord> derived, earlier;
    derive_history(rows, derived);
    std::vector<StoredRecord> stored;
    if (trial % 2 == 0) {
      // An earlier history: a random subset of the rows.
      std::vector<TimeframeRow> some;
      for (const TimeframeRow &r : rows)
        if (pct(rng) < 60) some.push_back(r);
      derive_history(some, earlier);
      stored = as_stored(some, earlier);
    } else {
      // Any records the keys allow, with values of their own.
      bool open_taken = false;
      std::set<std::pair<Date, std::optional<Date>>> periods;
      for (int i = 0, n = pct(rng) % 8; i < n; ++i) {
        StoredRecord s;
        s.start = day(2024, 1, 1) + 10 * step(rng);
        if (open_taken || pct(rng) < 70) s.end = s.start + 5 * len(rng);
        if (!periods.insert({s.start, s.end}).second) continue;
        open_taken = open_taken || !s.end;
        s.end_given = s.end && pct(rng) < 50;
        s.salary = Decimal::parse(kSalaries[salary(rng)]);
        s.designation = std::string_view(kDesignations[designation(rng)]);
        s.position = at(1 + pct(rng) % 3, 2 + pct(rng) % 5);
        stored.push_back(s);
      }
    }
    std::vector<HistoryChange> changes;
    diff_history(stored, derived, rows, changes);
    std::vector<StoredRecord> table = stored;
    ASSERT_NO_FATAL_FAILURE(apply_changes(table, derived, rows, changes));
    ASSERT_EQ(sorted_full(table), sorted_full(as_stored(rows, derived)));
    diff_history(as_stored(rows, derived), derived, rows, changes);
    ASSERT_TRUE(changes.empty()) << "deriving the same rows again changes nothing";
  }
}

// Incremental merges as src/pg/timeframe_merge.cpp makes them: rows arrive
// in random batches (with re-sends, which keep their first arrival), each
// merge derives again only from the cut on and writes the difference; the
// table ends equal to one derivation of every row. In every other trial a
// 10th strike comes between two merges, as src/pg/flag_messages.cpp makes
// it: its close of the open record arrives as a row, and every merge from
// then on derives with the deactivation; the table ends equal to one
// derivation of every row with it, and with no open record.
TEST(TimeframeHistoryProperty, IncrementalMergesEqualOneDerivation) {
  std::mt19937_64 rng(20240411);
  std::uniform_int_distribution<int> pct(0, 99);
  for (int trial = 0; trial < 300; ++trial) {
    SCOPED_TRACE("trial " + std::to_string(trial));
    std::vector<TimeframeRow> rows = random_rows(rng, 1 + trial % 30);
    const bool strikes = trial % 2 == 1;
    const size_t strike_after = std::uniform_int_distribution<size_t>(0, rows.size())(rng);
    const Date strike_day = day(2024, 1, 1) + std::uniform_int_distribution<int>(0, 80)(rng);
    std::optional<Date> deactivated;
    std::vector<TimeframeRow> arrived;
    std::vector<StoredRecord> table;
    size_t next = 0;
    while (next < rows.size() || pct(rng) < 20) {
      // One merge: the next few rows in arrival order, and re-sends.
      std::vector<TimeframeRow> incoming;
      while (next < rows.size() && (incoming.empty() || pct(rng) < 50)) incoming.push_back(rows[next++]);
      for (const TimeframeRow &r : arrived)
        if (pct(rng) < 10) incoming.push_back(r);
      if (strikes && !deactivated && next >= strike_after) {
        // The strike's close of the open record, arriving after the rest.
        deactivated = strike_day;
        for (const StoredRecord &s : table) {
          if (s.end) continue;
          TimeframeRow close;
          close.start = s.start;
          close.end = std::max(s.start, strike_day);
          close.salary = s.salary;
          close.designation = s.designation;
          close.position = at(1000 + static_cast<int64_t>(next), 2);
          incoming.push_back(close);
          rows.push_back(close);
        }
      }
      std::vector<TimeframeRow> fresh;
      for (const TimeframeRow &r : incoming)
        if (std::none_of(arrived.begin(), arrived.end(), [&](const TimeframeRow &o) { return same_row(o, r); }))
          fresh.push_back(r);
      if (fresh.empty()) continue;  // only re-sends: nobody to merge
      arrived.insert(arrived.end(), fresh.begin(), fresh.end());
      Date earliest = fresh[0].start;
      for (const TimeframeRow &r : fresh) earliest = std::min(earliest, r.start);
      std::optional<Date> cut;
      for (const TimeframeRow &r : arrived)
        if (r.start < earliest && (!cut || *cut < r.start)) cut = r.start;
      const std::vector<TimeframeRow> part = cut ? rows_from(arrived, *cut) : arrived;
      std::vector<StoredRecord> stored, before;
      for (const StoredRecord &s : table) (!cut || s.start >= *cut ? stored : before).push_back(s);
      std::vector<HistoryRecord> derived;
      derive_history(part, derived, deactivated);
      std::vector<HistoryChange> changes;
      diff_history(stored, derived, part, changes);
      ASSERT_NO_FATAL_FAILURE(apply_changes(stored, derived, part, changes));
      table = before;
      table.insert(table.end(), stored.begin(), stored.end());
    }
    std::vector<HistoryRecord> all;
    derive_history(rows, all, deactivated);
    ASSERT_EQ(sorted_full(table), sorted_full(as_stored(rows, all)));
    if (deactivated) {
      ASSERT_TRUE(std::none_of(table.begin(), table.end(), [](const StoredRecord &s) { return !s.end; }));
    }
  }
}

}  // namespace
