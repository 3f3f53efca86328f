#include "core/message_rules.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "core/date.h"
#include "core/employee_rules.h"
#include "core/text.h"

namespace hrlake::core {

namespace {

constexpr int64_t kMicrosPerSecond = 1000000;
constexpr int64_t kMicrosPerDay = 86400 * kMicrosPerSecond;

bool in_range(UnixMicros t) {
  static const int64_t lo = int64_t{days_from_civil(1900, 1, 1)} * kMicrosPerDay;
  static const int64_t hi = int64_t{days_from_civil(3000, 1, 1)} * kMicrosPerDay;
  return t >= lo && t < hi;
}

// Reads exactly n digits at pos.
bool digits(std::string_view s, size_t &pos, size_t n, int &out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (size_t i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  pos += n;
  return true;
}

std::optional<UnixMicros> parse_epoch(std::string_view s) {
  size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
  const size_t int_start = i;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  const std::string_view int_part = s.substr(int_start, i - int_start);
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  }
  if (i != s.size() || int_part.empty() || int_part.size() > 16) return std::nullopt;
  std::string copy(s[0] == '+' ? s.substr(1) : s);
  double v = 0;
  auto [end, ec] = std::from_chars(copy.data(), copy.data() + copy.size(), v);
  if (ec != std::errc() || end != copy.data() + copy.size()) return std::nullopt;
  // Milliseconds from 1e11 on, told by the digits: the double rounds
  // 99999999999.9999999 up to 1e11.
  const size_t leading_zeros = std::min(int_part.find_first_not_of('0'), int_part.size());
  const double seconds = int_part.size() - leading_zeros >= 12 ? v / 1000.0 : v;
  const double micros = std::floor(seconds * 1e6 + 0.5);
  // Far out of range is refused before the cast, which would be undefined.
  if (!(std::fabs(micros) < 1e18)) return std::nullopt;
  const UnixMicros t = static_cast<UnixMicros>(micros);
  if (!in_range(t)) return std::nullopt;
  return t;
}

std::optional<UnixMicros> parse_iso(std::string_view s) {
  size_t pos = 0;
  int y, mo, d, h = 0, mi = 0, sec = 0;
  int64_t frac_micros = 0;
  if (!digits(s, pos, 4, y) || pos >= s.size() || s[pos++] != '-') return std::nullopt;
  if (!digits(s, pos, 2, mo) || pos >= s.size() || s[pos++] != '-') return std::nullopt;
  if (!digits(s, pos, 2, d)) return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > static_cast<int>(days_in_month(y, mo)))
    return std::nullopt;
  int64_t offset_seconds = 0;
  if (pos < s.size()) {
    if (s[pos] != 'T' && s[pos] != 't' && s[pos] != ' ') return std::nullopt;
    ++pos;
    if (!digits(s, pos, 2, h) || pos >= s.size() || s[pos++] != ':') return std::nullopt;
    if (!digits(s, pos, 2, mi)) return std::nullopt;
    if (pos < s.size() && s[pos] == ':') {
      ++pos;
      if (!digits(s, pos, 2, sec)) return std::nullopt;
      if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
        ++pos;
        int64_t scale = 100000;
        size_t start = pos;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
          frac_micros += (s[pos] - '0') * scale;
          scale /= 10;
          ++pos;
        }
        if (pos == start) return std::nullopt;
      }
    }
    if (h > 23 || mi > 59 || sec > 60) return std::nullopt;
    if (pos < s.size()) {
      if (s[pos] == 'Z' || s[pos] == 'z') {
        ++pos;
      } else if (s[pos] == '+' || s[pos] == '-') {
        const int sign = s[pos] == '-' ? -1 : 1;
        ++pos;
        int oh, om = 0;
        if (!digits(s, pos, 2, oh)) return std::nullopt;
        if (pos < s.size() && s[pos] == ':') ++pos;
        if (pos < s.size() && !digits(s, pos, 2, om)) return std::nullopt;
        if (oh > 14 || om > 59) return std::nullopt;
        offset_seconds = sign * (oh * 3600 + om * 60);
      }
    }
    if (pos != s.size()) return std::nullopt;
  }
  const int64_t days = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  const UnixMicros t = days * kMicrosPerDay +
                       (int64_t{h} * 3600 + mi * 60 + sec - offset_seconds) * kMicrosPerSecond +
                       frac_micros;
  if (!in_range(t)) return std::nullopt;
  return t;
}

}  // namespace

std::optional<UnixMicros> parse_message_time(std::string_view text) {
  const std::string_view s = trim(text);
  if (s.empty()) return std::nullopt;
  // A date has a dash after four digits; a number never does.
  if (s.size() >= 5 && s[4] == '-') return parse_iso(s);
  return parse_epoch(s);
}

std::string message_problem(std::optional<std::string_view> sender,
                            std::optional<std::string_view> receiver,
                            std::optional<std::string_view> message,
                            std::optional<std::string_view> timestamp) {
  std::string problems;
  if (!sender) add_problem(problems, "sender is missing");
  if (!receiver) add_problem(problems, "receiver is missing");
  if (!message) add_problem(problems, "message is missing");
  if (timestamp && !parse_message_time(*timestamp))
    add_problem(problems, "timestamp " + quoted(*timestamp) +
                              " is not epoch seconds, epoch milliseconds or ISO-8601");
  return problems;
}

}  // namespace hrlake::core
