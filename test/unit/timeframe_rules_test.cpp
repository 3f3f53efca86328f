#include "core/timeframe_rules.h"

#include <gtest/gtest.h>

using namespace hrlake::core;

namespace {

struct Row {
  Field emp_id, designation, start_date, end_date, salary;
};

std::optional<ParsedTimeframe> parse(const Row &r, std::string &problem) {
  return parse_timeframe(r.emp_id, r.designation, r.start_date, r.end_date, r.salary, problem);
}

std::string problem_of(const Row &r) {
  std::string p = "stale";
  const bool parsed = parse(r, p).has_value();
  EXPECT_EQ(parsed, p.empty()) << p;
  return p;
}

std::string salary_text(std::string_view salary) {
  std::string p;
  auto r = parse({"1", "A", "1704067200", std::nullopt, salary}, p);
  EXPECT_TRUE(r && r->salary) << salary << ": " << p;
  return r && r->salary ? r->salary->text() : p;
}

}  // namespace

TEST(TimeframeRules, ParsesEveryField) {
  std::string p;
  auto r = parse({"10000001", "A", "1712452956.0", std::nullopt, "1000.50"}, p);
  ASSERT_TRUE(r) << p;
  EXPECT_EQ(r->emp_id, "10000001");
  EXPECT_EQ(r->designation, "A");
  EXPECT_EQ(r->start, days_from_civil(2024, 4, 7));
  EXPECT_FALSE(r->end);
  EXPECT_EQ(r->salary->text(), "1000.5");
  r = parse({"1", std::nullopt, "1704067200", "1704153600", std::nullopt}, p);
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->designation);
  EXPECT_EQ(*r->end, days_from_civil(2024, 1, 2));
  EXPECT_FALSE(r->salary);
}

TEST(TimeframeRules, SameDayEndIsAllowed) {
  EXPECT_EQ(problem_of({"1", "A", "1704067200", "1704070000", "1"}), "");
}

// Production: 1712447999.9999999 became 2024-04-07 through a double.
TEST(TimeframeRules, EpochFractionNeverRoundsIntoTheNextDay) {
  std::string p;
  auto r = parse({"1", "A", "1712447999.9999999", "1712447999.99999999999999999999", "1"}, p);
  ASSERT_TRUE(r) << p;
  EXPECT_EQ(r->start, days_from_civil(2024, 4, 6));
  EXPECT_EQ(*r->end, days_from_civil(2024, 4, 6));
}

// Production: "0100" and "100.0" re-merged as a change every time.
TEST(TimeframeRules, SalariesCompareAsNumbers) {
  for (const char *same : {"0100", "100", "100.0", "+100", "100.", "0000100.000000000"})
    EXPECT_EQ(salary_text(same), "100") << same;
  std::string p;
  const auto a = parse({"1", "A", "1704067200", std::nullopt, "0100"}, p);
  const auto b = parse({"1", "A", "1704067200", std::nullopt, "100.0"}, p);
  EXPECT_EQ(*a->salary, *b->salary);
  EXPECT_EQ(salary_text("5."), "5");
  EXPECT_EQ(salary_text("+7"), "7");
  EXPECT_EQ(salary_text(".5"), "0.5");
  EXPECT_EQ(salary_text("0"), "0");
  EXPECT_EQ(salary_text("-0"), "0");  // zero is not negative
  EXPECT_EQ(salary_text("-0.000"), "0");
  EXPECT_EQ(salary_text("999999999999999.999999"), "999999999999999.999999");
  EXPECT_EQ(salary_text("000999999999999999.9999990000"), "999999999999999.999999");
}

// Production: a salary with 20,000 decimals overflowed numeric and failed
// the whole ingest.
TEST(TimeframeRules, SalaryOutOfRangeRejectsTheRow) {
  const std::string reason = " is out of range (at most 15 digits before the decimal point and 6 after)";
  EXPECT_EQ(problem_of({"1", "A", "1704067200", std::nullopt, "0." + std::string(20000, '1')}),
            "salary \"0." + std::string(38, '1') + "...\"" + reason);
  EXPECT_EQ(problem_of({"1", "A", "1704067200", std::nullopt, "1000000000000000"}),
            "salary \"1000000000000000\"" + reason);
  EXPECT_EQ(problem_of({"1", "A", "1704067200", std::nullopt, "1.0000001"}),
            "salary \"1.0000001\"" + reason);
  EXPECT_EQ(problem_of({"1", "A", "1704067200", std::nullopt, "1" + std::string(20000, '0')}),
            "salary \"1" + std::string(39, '0') + "...\"" + reason);
}

TEST(TimeframeRules, Problems) {
  EXPECT_EQ(problem_of({std::nullopt, "A", "1704067200", std::nullopt, "1"}), "emp_id is empty");
  EXPECT_EQ(problem_of({"1", "A", std::nullopt, std::nullopt, "1"}), "start_date is empty");
  EXPECT_EQ(problem_of({"1", "A", "yesterday", std::nullopt, "1"}),
            "start_date \"yesterday\" is not a Unix time in seconds");
  EXPECT_EQ(problem_of({"1", "A", "99999999999", std::nullopt, "1"}),
            "start_date \"99999999999\" is outside 1900-01-01..2999-12-31");
  EXPECT_EQ(problem_of({"1", "A", "9" + std::string(400, '9'), std::nullopt, "1"}),
            "start_date \"9999999999999999999999999999999999999999...\" is outside "
            "1900-01-01..2999-12-31");
  EXPECT_EQ(problem_of({"1", "A", "1704153600", "1704067200", "1"}),
            "end_date 2024-01-01 is before start_date 2024-01-02");
  EXPECT_EQ(problem_of({"1", "A", "1704067200", std::nullopt, "-5"}), "salary \"-5\" is negative");
  EXPECT_EQ(problem_of({"1", "A", "1704067200", std::nullopt, "-0.01"}),
            "salary \"-0.01\" is negative");
  EXPECT_EQ(problem_of({"1", "A", "1704067200", std::nullopt, "lots"}),
            "salary \"lots\" is not a number");
  EXPECT_EQ(problem_of({"1", "A", "1704067200", std::nullopt, "1e5"}),
            "salary \"1e5\" is not a number");
  EXPECT_EQ(problem_of({"1", "A", "1704067200", std::nullopt, "nan"}),
            "salary \"nan\" is not a number");
  EXPECT_EQ(problem_of({"1", "A", "1704067200", std::nullopt, "1 000"}),
            "salary \"1 000\" is not a number");
  EXPECT_EQ(problem_of({"1", "A", "1704067200", std::nullopt, "."}),
            "salary \".\" is not a number");
}

// Production: a 3,000-character emp_id exceeded the B-tree entry limit.
TEST(TimeframeRules, Limits) {
  EXPECT_EQ(problem_of({std::string(64, '1'), std::string(200, 'A'), "1704067200", std::nullopt, "1"}), "");
  EXPECT_EQ(problem_of({std::string(3000, '1'), std::string(201, 'A'), "1704067200", std::nullopt, "1"}),
            "emp_id is longer than 64 characters; designation is longer than 200 characters");
}

TEST(TimeframeRules, AllProblemsOfTheRowAreJoined) {
  EXPECT_EQ(problem_of({std::nullopt, "A", "soon", "later", "-1"}),
            "emp_id is empty; start_date \"soon\" is not a Unix time in seconds; end_date "
            "\"later\" is not a Unix time in seconds; salary \"-1\" is negative");
}
