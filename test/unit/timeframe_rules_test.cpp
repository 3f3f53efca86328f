#include "core/timeframe_rules.h"

#include <gtest/gtest.h>

using namespace hrlake::core;

namespace {
std::string problem_of(TimeframeFields f) {
  std::string p;
  parse_timeframe(f, p);
  return p;
}
}  // namespace

TEST(TimeframeRules, ParsesEpochSecondsAndSalary) {
  std::string p;
  auto r = parse_timeframe({"1", "A", "1712452956.0", std::nullopt, "1000.50"}, p);
  ASSERT_TRUE(r) << p;
  EXPECT_EQ(r->start, days_from_civil(2024, 4, 7));
  EXPECT_FALSE(r->end);
  EXPECT_DOUBLE_EQ(*r->salary, 1000.5);
  r = parse_timeframe({"1", std::nullopt, "1704067200", "1704153600", std::nullopt}, p);
  ASSERT_TRUE(r);
  EXPECT_EQ(*r->end, days_from_civil(2024, 1, 2));
  EXPECT_FALSE(r->salary);
}

TEST(TimeframeRules, SameDayEndIsAllowed) {
  EXPECT_EQ(problem_of({"1", "A", "1704067200", "1704070000", "1"}), "");
}

TEST(TimeframeRules, Problems) {
  EXPECT_EQ(problem_of({std::nullopt, "A", "1704067200", std::nullopt, "1"}), "emp_id is empty");
  EXPECT_EQ(problem_of({"1", "A", std::nullopt, std::nullopt, "1"}), "start_date is empty");
  EXPECT_EQ(problem_of({"1", "A", "yesterday", std::nullopt, "1"}),
            "start_date \"yesterday\" is not a Unix time in seconds");
  EXPECT_EQ(problem_of({"1", "A", "99999999999", std::nullopt, "1"}),
            "start_date \"99999999999\" is outside 1900-01-01..2999-12-31");
  EXPECT_EQ(problem_of({"1", "A", "1704153600", "1704067200", "1"}),
            "end_date 2024-01-01 is before start_date 2024-01-02");
  EXPECT_EQ(problem_of({"1", "A", "1704067200", std::nullopt, "-5"}), "salary \"-5\" is negative");
  EXPECT_EQ(problem_of({"1", "A", "1704067200", std::nullopt, "lots"}),
            "salary \"lots\" is not a number");
  EXPECT_EQ(problem_of({"1", "A", "1704067200", std::nullopt, "1e5"}),
            "salary \"1e5\" is not a number");
  EXPECT_EQ(problem_of({"1", "A", "1704067200", std::nullopt, "nan"}),
            "salary \"nan\" is not a number");
}
