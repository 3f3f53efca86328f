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

struct Ymd {
  int year;
  unsigned month;  // 1..12
  unsigned day;    // 1..31
};

// Days since 1970-01-01 for a valid civil date (no validation).
Date days_from_civil(int year, unsigned month, unsigned day);
Ymd civil_from_days(Date days);

bool is_leap_year(int year);
unsigned days_in_month(int year, unsigned month);

// 0 = Monday ... 6 = Sunday.
unsigned weekday(Date days);
inline bool is_weekend(Date days) { return weekday(days) >= 5; }

// "2023-7-28" or "2023-07-28" (surrounding blanks allowed); nullopt when the
// text is not a date or names a day that does not exist (2023-2-30).
// Years are limited to 1..9999.
std::optional<Date> parse_date(std::string_view text);

// Unix epoch seconds, integer or with a fraction ("1712452956.0"), to the UTC
// date by truncation toward the start of the day (floor). nullopt when the
// text is not a plain decimal number or falls outside 1900-01-01..2999-12-31.
std::optional<Date> parse_epoch_seconds_date(std::string_view text);

}  // namespace hrlake::core
