#include "core/date.h"

#include "core/text.h"

namespace hrlake::core {

// Howard Hinnant's days_from_civil / civil_from_days algorithms.
Date days_from_civil(int year, unsigned month, unsigned day) {
  year -= month <= 2;
  const int era = (year >= 0 ? year : year - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(year - era * 400);
  const unsigned doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<Date>(era * 146097 + static_cast<int>(doe) - 719468);
}

Ymd civil_from_days(Date days) {
  const int z = days + 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return Ymd{y + (m <= 2), m, d};
}

bool is_leap_year(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

unsigned days_in_month(int year, unsigned month) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30,
                                       31, 31, 30, 31, 30, 31};
  if (month == 2 && is_leap_year(year)) return 29;
  return kDays[month - 1];
}

unsigned weekday(Date days) {
  // 1970-01-01 was a Thursday (3 when Monday is 0).
  const int w = (days + 3) % 7;
  return static_cast<unsigned>(w < 0 ? w + 7 : w);
}

namespace {

// Parses 1..max_digits decimal digits; advances pos.
std::optional<unsigned> take_number(std::string_view s, size_t &pos,
                                    size_t max_digits) {
  size_t start = pos;
  unsigned value = 0;
  while (pos < s.size() && pos - start < max_digits && s[pos] >= '0' &&
         s[pos] <= '9') {
    value = value * 10 + static_cast<unsigned>(s[pos] - '0');
    ++pos;
  }
  if (pos == start) return std::nullopt;
  if (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') return std::nullopt;
  return value;
}

}  // namespace

std::optional<Date> parse_date(std::string_view text) {
  const std::string_view s = trim(text);
  size_t pos = 0;
  auto year = take_number(s, pos, 4);
  if (!year || pos >= s.size() || s[pos] != '-') return std::nullopt;
  ++pos;
  auto month = take_number(s, pos, 2);
  if (!month || pos >= s.size() || s[pos] != '-') return std::nullopt;
  ++pos;
  auto day = take_number(s, pos, 2);
  if (!day || pos != s.size()) return std::nullopt;
  if (*year < 1 || *month < 1 || *month > 12 || *day < 1 ||
      *day > days_in_month(static_cast<int>(*year), *month))
    return std::nullopt;
  return days_from_civil(static_cast<int>(*year), *month, *day);
}

std::optional<Date> parse_epoch_seconds_date(std::string_view text) {
  const std::string_view s = trim(text);
  if (s.empty()) return std::nullopt;
  // Only a plain decimal: optional sign, digits, optional fraction. No
  // exponent, no inf/nan, no hex: a person would not write those for a date.
  const bool negative = s[0] == '-';
  size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
  size_t int_digits = 0, frac_digits = 0;
  int64_t whole = 0;
  bool fraction = false;  // a non-zero digit after the point
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++int_digits)
    if (int_digits < 15) whole = whole * 10 + (s[i] - '0');
  if (i < s.size() && s[i] == '.') {
    for (++i; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++frac_digits)
      fraction = fraction || s[i] != '0';
  }
  if (i != s.size() || int_digits + frac_digits == 0) return std::nullopt;
  if (int_digits > 15) return std::nullopt;  // far beyond year 2999
  // Truncation in integers: through a double, 1712447999.9999999 would
  // round up to midnight, the next day.
  const int64_t floor_seconds = negative ? -whole - (fraction ? 1 : 0) : whole;
  const int64_t day = floor_seconds >= 0 ? floor_seconds / 86400
                                         : -((-floor_seconds + 86399) / 86400);
  static const Date kMin = days_from_civil(1900, 1, 1);
  static const Date kMax = days_from_civil(2999, 12, 31);
  if (day < kMin || day > kMax) return std::nullopt;
  return static_cast<Date>(day);
}

}  // namespace hrlake::core
