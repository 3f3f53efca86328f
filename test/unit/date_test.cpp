#include "core/date.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

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

TEST(Date, SourceDateRange) {
  static_assert(kFirstSourceDate == -25567);  // 1900-01-01
  static_assert(kLastSourceDate == 376199);   // 2999-12-31
  EXPECT_EQ(parse_epoch_seconds_date("-2208988800"), kFirstSourceDate);
  EXPECT_FALSE(parse_epoch_seconds_date("-2208988800.000001"));
  EXPECT_EQ(parse_epoch_seconds_date("32503679999.999999999"), kLastSourceDate);
  EXPECT_FALSE(parse_epoch_seconds_date("32503680000"));
}

// Production: the conversion went through a double, so a fraction just
// below midnight became the next day.
TEST(Date, EpochSecondsAreExact) {
  EXPECT_EQ(parse_epoch_seconds_date("1712447999.9999999"), days_from_civil(2024, 4, 6));
  EXPECT_EQ(parse_epoch_seconds_date("1712447999.99999999999999999999999999"),
            days_from_civil(2024, 4, 6));
  EXPECT_EQ(parse_epoch_seconds_date("1712448000"), days_from_civil(2024, 4, 7));
  EXPECT_EQ(parse_epoch_seconds_date("-0.5"), days_from_civil(1969, 12, 31));
  EXPECT_EQ(parse_epoch_seconds_date("-0.0000000000000000001"), days_from_civil(1969, 12, 31));
  EXPECT_EQ(parse_epoch_seconds_date("-0"), 0);
  EXPECT_EQ(parse_epoch_seconds_date("-86400"), -1);
  EXPECT_EQ(parse_epoch_seconds_date("-86400.5"), -2);
  EXPECT_EQ(parse_epoch_seconds_date("+1712448000."), days_from_civil(2024, 4, 7));
  EXPECT_EQ(parse_epoch_seconds_date(".5"), 0);
  EXPECT_EQ(parse_epoch_seconds_date("0000000000000000000001712448000"), days_from_civil(2024, 4, 7));
  EXPECT_FALSE(parse_epoch_seconds_date("1712448000 .5"));
  EXPECT_FALSE(parse_epoch_seconds_date("+-1"));
}

// Property: the date equals floor(seconds / 86400) computed with __int128
// on the exact value (fractions up to 25 digits).
TEST(Date, EpochSecondsMatchExactFloorDivision) {
  std::mt19937_64 rng(42);
  const __int128 kScale = [] {
    __int128 p = 1;
    for (int i = 0; i < 25; ++i) p *= 10;
    return p;
  }();
  for (int i = 0; i < 50000; ++i) {
    // Around the range ends half the time, anywhere in it otherwise.
    int64_t seconds;
    if (rng() % 2) {
      const int64_t end = rng() % 2 ? int64_t{kFirstSourceDate} * 86400
                                    : (int64_t{kLastSourceDate} + 1) * 86400;
      seconds = end + static_cast<int64_t>(rng() % 200001) - 100000;
    } else {
      seconds = int64_t{kFirstSourceDate} * 86400 - 1000 +
                static_cast<int64_t>(rng() % uint64_t((kLastSourceDate - kFirstSourceDate + 2) * 86400LL));
    }
    // An exact fraction: `fraction_digits` digits, mostly 0 or 9 so that
    // values sit just below or at day boundaries.
    const size_t fraction_digits = rng() % 26;
    std::string fraction;
    for (size_t k = 0; k < fraction_digits; ++k)
      fraction += static_cast<char>(rng() % 3 == 0 ? '0' + rng() % 10 : (rng() % 2 ? '9' : '0'));
    const bool negative = seconds < 0 || (seconds == 0 && rng() % 2);
    const uint64_t magnitude = negative ? static_cast<uint64_t>(-seconds) : static_cast<uint64_t>(seconds);
    std::string text = (negative ? "-" : (rng() % 2 ? "+" : "")) + std::to_string(magnitude);
    if (!fraction.empty() || rng() % 2) text += "." + fraction;
    __int128 fraction_scaled = 0;
    for (size_t k = 0; k < 25; ++k) fraction_scaled = fraction_scaled * 10 + (k < fraction.size() ? fraction[k] - '0' : 0);
    __int128 value = static_cast<__int128>(magnitude) * kScale + fraction_scaled;
    if (negative) value = -value;
    const __int128 divisor = 86400 * kScale;
    __int128 day = value / divisor;
    if (value % divisor != 0 && value < 0) --day;
    const bool in_range = day >= kFirstSourceDate && day <= kLastSourceDate;
    const auto got = parse_epoch_seconds_date(text);
    ASSERT_EQ(got.has_value(), in_range) << text;
    if (got) {
      ASSERT_EQ(*got, static_cast<Date>(day)) << text;
    }
  }
}
