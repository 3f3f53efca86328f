#include "core/leave_calendar.h"

#include <gtest/gtest.h>

using namespace hrlake::core;

namespace {
Date D(int y, unsigned m, unsigned d) { return days_from_civil(y, m, d); }
}  // namespace

TEST(LeaveCalendar, WorkingDaysExcludeWeekendsAndHolidays) {
  // 2026-12: Dec 1 is a Tuesday. Working days Dec 1..31: 23. Christmas
  // (Fri 25th) is a holiday; Dec 26 (Sat) a holiday on a weekend changes
  // nothing.
  WorkingYear y2026(2026, {D(2026, 12, 25), D(2026, 12, 26)});
  EXPECT_EQ(y2026.count(D(2026, 12, 1), D(2026, 12, 31)), 22);
  EXPECT_FALSE(y2026.is_working(D(2026, 12, 25)));
  EXPECT_FALSE(y2026.is_working(D(2026, 12, 26)));
  EXPECT_TRUE(y2026.is_working(D(2026, 12, 24)));
  EXPECT_EQ(y2026.count(D(2026, 12, 31), D(2026, 12, 30)), 0);  // empty range
  // The whole year 2026: 261 weekdays, minus the one weekday holiday.
  EXPECT_EQ(y2026.count(D(2026, 1, 1), D(2026, 12, 31)), 260);
}

TEST(LeaveCalendar, LeapYear) {
  WorkingYear y2024(2024, {});
  EXPECT_TRUE(y2024.is_working(D(2024, 2, 29)));  // a Thursday
  EXPECT_EQ(y2024.count(D(2024, 1, 1), D(2024, 12, 31)), 262);
  EXPECT_EQ(day_of_year(D(2024, 12, 31)), 365);
  YearDays leave;
  leave.set(day_of_year(D(2024, 12, 31)));
  EXPECT_EQ(leave.count_and(y2024.mask(D(2024, 12, 31), D(2024, 12, 31))), 1);
}

TEST(LeaveCalendar, UpcomingRange) {
  auto r = upcoming_range(D(2026, 11, 24));
  EXPECT_EQ(r.from, D(2026, 11, 25));
  EXPECT_EQ(r.to, D(2026, 12, 31));
  auto last = upcoming_range(D(2026, 12, 31));  // nothing left
  EXPECT_GT(last.from, last.to);
}

TEST(LeaveCalendar, EightPercentIsStrict) {
  EXPECT_FALSE(over_8pct(2, 25));  // exactly 8%
  EXPECT_TRUE(over_8pct(3, 25));
  EXPECT_FALSE(over_8pct(0, 0));   // no working days: nobody
  EXPECT_FALSE(over_8pct(1, 0));
  EXPECT_TRUE(over_8pct(1, 12));   // 8.33%
}

TEST(LeaveCalendar, QuotaPeriod) {
  auto p = quota_period(D(2026, 12, 1));
  EXPECT_EQ(p.period, D(2026, 11, 1));
  EXPECT_EQ(p.year, 2026);
  EXPECT_EQ(p.from, D(2026, 1, 1));
  EXPECT_EQ(p.to, D(2026, 11, 30));
  // January run: December of the previous year, the whole of that year.
  auto jan = quota_period(D(2027, 1, 1));
  EXPECT_EQ(jan.period, D(2026, 12, 1));
  EXPECT_EQ(jan.year, 2026);
  EXPECT_EQ(jan.to, D(2026, 12, 31));
  auto mid = quota_period(D(2027, 1, 15));
  EXPECT_EQ(mid.to, D(2026, 12, 31));  // only days of the period's year
}

TEST(LeaveCalendar, EightyPercentIsStrict) {
  EXPECT_FALSE(over_80pct(16, 20));  // exactly 80%
  EXPECT_TRUE(over_80pct(17, 20));
  EXPECT_FALSE(over_80pct(5, 0));    // quota 0: never
  EXPECT_DOUBLE_EQ(usage_pct(17, 20), 85.0);
  EXPECT_DOUBLE_EQ(usage_pct(2, 3), 66.67);
}

TEST(LeaveCalendar, NoticeText) {
  const std::string text = quota_notice("10000001", std::string("Anna Berg"), 2026, 17, 20,
                                        D(2026, 11, 1), D(2026, 12, 1));
  EXPECT_NE(text.find("Anna Berg (employee 10000001) has used 17 of 20 leave days in 2026 (85.00%)"),
            std::string::npos);
  EXPECT_NE(text.find("Period:     2026-11"), std::string::npos);
  EXPECT_NE(text.find("Generated:  2026-12-01"), std::string::npos);
  const std::string nameless = quota_notice("7", std::nullopt, 2026, 9, 10, D(2026, 11, 1), D(2026, 12, 1));
  EXPECT_NE(nameless.find("Employee 7 has used"), std::string::npos);
}
