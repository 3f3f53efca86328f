#include "core/date.h"

#include <gtest/gtest.h>

using namespace hrlake::core;

TEST(Date, CivilRoundTrip) {
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(days_from_civil(2000, 1, 1), kPgEpochOffsetDays);
  for (Date d = days_from_civil(1899, 12, 1); d < days_from_civil(2101, 1, 1);
       ++d) {
    Ymd ymd = civil_from_days(d);
    ASSERT_EQ(days_from_civil(ymd.year, ymd.month, ymd.day), d);
  }
}

TEST(Date, Weekday) {
  EXPECT_EQ(weekday(days_from_civil(1970, 1, 1)), 3u);   // Thursday
  EXPECT_EQ(weekday(days_from_civil(2024, 4, 7)), 6u);   // Sunday
  EXPECT_EQ(weekday(days_from_civil(1969, 12, 29)), 0u); // Monday
  EXPECT_TRUE(is_weekend(days_from_civil(2024, 4, 6)));
  EXPECT_FALSE(is_weekend(days_from_civil(2024, 4, 8)));
}

TEST(Date, ParseDateAcceptsUnpaddedAndIso) {
  EXPECT_EQ(parse_date("2023-7-28"), days_from_civil(2023, 7, 28));
  EXPECT_EQ(parse_date("2023-07-08"), days_from_civil(2023, 7, 8));
  EXPECT_EQ(parse_date(" 2024-2-29 "), days_from_civil(2024, 2, 29));
}

TEST(Date, ParseDateRejectsImpossibleDays) {
  EXPECT_FALSE(parse_date("2023-2-30"));
  EXPECT_FALSE(parse_date("2023-2-29"));
  EXPECT_FALSE(parse_date("2023-13-01"));
  EXPECT_FALSE(parse_date("2023-0-01"));
  EXPECT_FALSE(parse_date("2023-01-00"));
  EXPECT_FALSE(parse_date("2023/01/01"));
  EXPECT_FALSE(parse_date("2023-01-01x"));
  EXPECT_FALSE(parse_date("20230-01-01"));
  EXPECT_FALSE(parse_date(""));
  EXPECT_FALSE(parse_date("2023-001-01"));
}

TEST(Date, EpochSecondsTruncateToUtcDate) {
  EXPECT_EQ(parse_epoch_seconds_date("1712452956.0"),
            days_from_civil(2024, 4, 7));
  EXPECT_EQ(parse_epoch_seconds_date("1712452956"), days_from_civil(2024, 4, 7));
  EXPECT_EQ(parse_epoch_seconds_date("86399.999"), 0);
  EXPECT_EQ(parse_epoch_seconds_date("86400"), 1);
  EXPECT_EQ(parse_epoch_seconds_date("-1"), -1);  // 1969-12-31
  EXPECT_EQ(parse_epoch_seconds_date(" 0 "), 0);
  EXPECT_EQ(parse_epoch_seconds_date("-0.5"), -1);
  EXPECT_EQ(parse_epoch_seconds_date("-0.0"), 0);
  EXPECT_EQ(parse_epoch_seconds_date(".5"), 0);
  // Exact, not through a double, which rounds this up to midnight
  // (found by test/fuzz/number_fuzz).
  EXPECT_EQ(parse_epoch_seconds_date("1712447999.9999999"), days_from_civil(2024, 4, 6));
  EXPECT_EQ(parse_epoch_seconds_date("-86400.0000000001"), -2);
}

TEST(Date, EpochSecondsRejectsJunkAndRange) {
  EXPECT_FALSE(parse_epoch_seconds_date("abc"));
  EXPECT_FALSE(parse_epoch_seconds_date("1e9"));
  EXPECT_FALSE(parse_epoch_seconds_date("nan"));
  EXPECT_FALSE(parse_epoch_seconds_date(""));
  EXPECT_FALSE(parse_epoch_seconds_date("."));
  EXPECT_FALSE(parse_epoch_seconds_date("1712452956.0.0"));
  EXPECT_FALSE(parse_epoch_seconds_date("99999999999999999999"));
  EXPECT_FALSE(parse_epoch_seconds_date("-3000000000"));  // before 1900
  EXPECT_FALSE(parse_epoch_seconds_date("32535216000"));  // year 3000
}
