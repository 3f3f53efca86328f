// Calendar dates as a day count, and the text/epoch conversions the sources
// need. A Date is the number of days since 1970-01-01 (proleptic Gregorian),
// the Unix epoch, so UTC epoch seconds map to it by floor division.
// src/pg converts to PostgreSQL's DateADT (days since 2000-01-01).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace hrlake::core {

using Date = int32_t;

inline constexpr Date kPgEpochOffsetDays = 10957;  // 2000-01-01 - 1970-01-01
inline constexpr int64_t kSecondsPerDay = 86400;

struct Ymd {
  int year;
  unsigned month;  // 1..12
  unsigned day;    // 1..31
};

// Days since 1970-01-01 for a valid civil date (no validation). Howard
// Hinnant's algorithm.
constexpr Date days_from_civil(int year, unsigned month, unsigned day) {
  year -= month <= 2;
  const int era = (year >= 0 ? year : year - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(year - era * 400);
  const unsigned doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<Date>(era * 146097 + static_cast<int>(doe) - 719468);
}
Ymd civil_from_days(Date days);

// The years and days a source may name (SPEC §2.3, §2.4): 1900..2999.
inline constexpr int kFirstSourceYear = 1900;
inline constexpr int kLastSourceYear = 2999;
inline constexpr Date kFirstSourceDate = days_from_civil(kFirstSourceYear, 1, 1);
inline constexpr Date kLastSourceDate = days_from_civil(kLastSourceYear, 12, 31);

bool is_leap_year(int year);
unsigned days_in_month(int year, unsigned month);

// 0 = Monday ... 6 = Sunday.
unsigned weekday(Date days);
inline bool is_weekend(Date days) { return weekday(days) >= 5; }

// "2023-7-28" or "2023-07-28" (surrounding blanks allowed); nullopt when the
// text is not a date or names a day that does not exist (2023-2-30).
// Years are limited to 1..9999.
std::optional<Date> parse_date(std::string_view text);

// Unix epoch seconds, a plain decimal with optional sign and a fraction of
// any length ("1712452956.0"), to the UTC date: floor(seconds / 86400)
// computed exactly, so 1712447999.9999999 stays on 2024-04-06 and -0.5 is
// 1969-12-31. Surrounding blanks allowed. nullopt when the text is not a
// plain decimal (see scan_plain_decimal) or the date falls outside
// kFirstSourceDate..kLastSourceDate.
std::optional<Date> parse_epoch_seconds_date(std::string_view text);

}  // namespace hrlake::core
