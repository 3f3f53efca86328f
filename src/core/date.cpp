#include "core/date.h"

#include "core/decimal.h"
#include "core/text.h"

namespace hrlake::core {

// Howard Hinnant's civil_from_days (the inverse of days_from_civil).
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
  const auto number = scan_plain_decimal(trim(text));
  if (!number) return std::nullopt;
  // floor(x / n) == floor(floor(x) / n) for a positive integer n.
  const auto seconds = floor_scaled(*number, 0);
  if (!seconds) return std::nullopt;  // 10^18 s or more: far outside the range
  const int64_t q = *seconds / kSecondsPerDay, r = *seconds % kSecondsPerDay;
  const int64_t day = r < 0 ? q - 1 : q;
  if (day < kFirstSourceDate || day > kLastSourceDate) return std::nullopt;
  return static_cast<Date>(day);
}

}  // namespace hrlake::core
