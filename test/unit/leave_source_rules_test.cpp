#include "core/leave_source_rules.h"

#include <gtest/gtest.h>

using namespace hrlake::core;

TEST(LeaveSourceRules, Status) {
  EXPECT_EQ(parse_leave_status("active"), LeaveStatus::kActive);
  EXPECT_EQ(parse_leave_status(" Cancelled "), LeaveStatus::kCancelled);
  EXPECT_FALSE(parse_leave_status("CANCELED"));
  EXPECT_FALSE(parse_leave_status("PENDING"));
  EXPECT_FALSE(parse_leave_status(""));
}

TEST(LeaveSourceRules, Quota) {
  EXPECT_EQ(leave_quota_problem("1", "20", "2026"), "");
  EXPECT_EQ(leave_quota_problem("1", "0", "1900"), "");
  EXPECT_EQ(leave_quota_problem("1", "-1", "2026"), "leave_quota -1 is negative");
  EXPECT_EQ(leave_quota_problem("1", "2.5", "2026"), "leave_quota \"2.5\" is not an integer");
  EXPECT_EQ(leave_quota_problem("1", "20", "1800"), "year 1800 is outside 1900..2999");
  EXPECT_EQ(leave_quota_problem("1", "20", "3000"), "year 3000 is outside 1900..2999");
  EXPECT_EQ(leave_quota_problem(std::nullopt, "x", std::nullopt),
            "emp_id is empty; leave_quota \"x\" is not an integer; year is empty");
  EXPECT_EQ(leave_quota_problem("1", "400", "2026"),
            "leave_quota 400 is more than the days in a year");
}

TEST(LeaveSourceRules, Calendar) {
  EXPECT_EQ(leave_calendar_problem("Founders day", "2023-7-28"), "");
  EXPECT_EQ(leave_calendar_problem(std::nullopt, "2024-02-29"), "");
  EXPECT_EQ(leave_calendar_problem("x", "2023-2-29"),
            "date \"2023-2-29\" is not a valid date (YYYY-M-D)");
  EXPECT_EQ(leave_calendar_problem("x", std::nullopt), "date is empty");
}

TEST(LeaveSourceRules, Leave) {
  EXPECT_EQ(leave_problem("1", "2026-12-24", "ACTIVE"), "");
  EXPECT_EQ(leave_problem("1", "2023-2-30", "ACTIVE"),
            "date \"2023-2-30\" is not a valid date (YYYY-M-D)");
  EXPECT_EQ(leave_problem("1", "2026-1-1", "maybe"),
            "status \"maybe\" is not ACTIVE or CANCELLED");
  EXPECT_EQ(leave_problem(std::nullopt, std::nullopt, std::nullopt),
            "emp_id is empty; date is empty; status is empty");
}
