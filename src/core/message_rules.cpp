#include "core/message_rules.h"

#include "core/date.h"
#include "core/decimal.h"
#include "core/limits.h"
#include "core/text.h"

namespace hrlake::core {

namespace {

constexpr int64_t kMicrosPerSecond = 1000000;
constexpr int64_t kMicrosPerDay = kSecondsPerDay * kMicrosPerSecond;

// Inside kFirstSourceDate..kLastSourceDate.
bool in_range(UnixMicros t) {
  constexpr int64_t lo = int64_t{kFirstSourceDate} * kMicrosPerDay;
  constexpr int64_t hi = (int64_t{kLastSourceDate} + 1) * kMicrosPerDay;
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

// Epoch seconds or milliseconds, exactly, truncated to microseconds.
std::optional<UnixMicros> parse_epoch(std::string_view s) {
  const auto number = scan_plain_decimal(s);
  if (!number) return std::nullopt;
  // |value| >= 1e11 (12 digits before the point) is milliseconds.
  const bool millis = number->integer_digits.size() >= 12;
  const auto t = floor_scaled(*number, millis ? 3 : 6);
  if (!t || !in_range(*t)) return std::nullopt;
  return t;
}

// ISO-8601 date, or date and time with optional fraction and zone.
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

std::optional<ParsedMessage> parse_message(Field key, Field sender, Field receiver,
                                           Field message, Field timestamp,
                                           std::string &problem) {
  problem.clear();
  ParsedMessage out;
  if (key && check_max_chars(problem, "key", *key, kMaxMessageKeyChars)) out.key = key;
  if (!sender)
    add_problem(problem, "sender is missing");
  else if (check_max_chars(problem, "sender", *sender, kMaxEmpIdChars))
    out.sender = *sender;
  if (!receiver)
    add_problem(problem, "receiver is missing");
  else if (check_max_chars(problem, "receiver", *receiver, kMaxEmpIdChars))
    out.receiver = *receiver;
  if (!message)
    add_problem(problem, "message is missing");
  else
    out.message = *message;
  if (timestamp) {
    out.sent_at = parse_message_time(*timestamp);
    if (!out.sent_at)
      add_problem(problem, "timestamp " + quoted(*timestamp) +
                               " is not epoch seconds, epoch milliseconds or ISO-8601");
  }
  if (!problem.empty()) return std::nullopt;
  return out;
}

std::string message_problem(Field key, Field sender, Field receiver, Field message,
                            Field timestamp) {
  std::string problem;
  parse_message(key, sender, receiver, message, timestamp, problem);
  return problem;
}

std::string message_problem(Field sender, Field receiver, Field message, Field timestamp) {
  return message_problem(std::nullopt, sender, receiver, message, timestamp);
}

}  // namespace hrlake::core
