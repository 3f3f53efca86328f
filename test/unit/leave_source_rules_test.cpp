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

// Never locale-dependent: a Turkish dotted or dotless i is not an i.
TEST(LeaveSourceRules, StatusIsAsciiCaseInsensitiveOnly) {
  EXPECT_EQ(parse_leave_status("AcTiVe"), LeaveStatus::kActive);
  EXPECT_EQ(parse_leave_status("cancelled"), LeaveStatus::kCancelled);
  EXPECT_FALSE(parse_leave_status("act\xc4\xb0ve"));  // U+0130 İ
  EXPECT_FALSE(parse_leave_status("act\xc4\xb1ve"));  // U+0131 ı
  EXPECT_FALSE(parse_leave_status("ACT\xc4\xb0VE"));
  EXPECT_FALSE(parse_leave_status("CANCELLED\xc2\xa0"));  // no-break space is not a blank
}

TEST(LeaveSourceRules, ParsesQuota) {
  std::string p = "stale";
  auto q = parse_leave_quota("7", "+20", "2026", p);
  ASSERT_TRUE(q) << p;
  EXPECT_EQ(p, "");
  EXPECT_EQ(q->emp_id, "7");
  EXPECT_EQ(q->quota, 20);
  EXPECT_EQ(q->year, 2026);
  EXPECT_TRUE(parse_leave_quota("7", "366", "2999", p));
  EXPECT_FALSE(parse_leave_quota("7", "367", "2026", p));
  EXPECT_EQ(p, "leave_quota 367 is more than the days in a year");
}

TEST(LeaveSourceRules, ParsesCalendar) {
  std::string p;
  auto c = parse_leave_calendar("Founders day", "2023-7-28", p);
  ASSERT_TRUE(c) << p;
  EXPECT_EQ(c->date, days_from_civil(2023, 7, 28));
  EXPECT_EQ(c->reason, "Founders day");
  c = parse_leave_calendar(std::nullopt, "2023-07-28", p);
  ASSERT_TRUE(c);
  EXPECT_FALSE(c->reason);
}

TEST(LeaveSourceRules, ParsesLeave) {
  std::string p;
  auto l = parse_leave("7", "2026-12-24", "cancelled", p);
  ASSERT_TRUE(l) << p;
  EXPECT_EQ(l->emp_id, "7");
  EXPECT_EQ(l->date, days_from_civil(2026, 12, 24));
  EXPECT_EQ(l->status, LeaveStatus::kCancelled);
}

// SPEC §2.10: emp_id <= 64 characters in every source.
TEST(LeaveSourceRules, OverlongEmpIdIsRejected) {
  const std::string id(65, '1');
  EXPECT_EQ(leave_quota_problem(id, "20", "2026"), "emp_id is longer than 64 characters");
  EXPECT_EQ(leave_problem(id, "2026-1-1", "ACTIVE"), "emp_id is longer than 64 characters");
  EXPECT_EQ(leave_problem(std::string(64, '1'), "2026-1-1", "ACTIVE"), "");
}
