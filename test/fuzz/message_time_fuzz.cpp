// Fuzzes parse_message_time (the broker's timestamp: epoch seconds or
// milliseconds, or ISO-8601) against a slow reference written from its
// header: a regular expression per form and exact decimal arithmetic.
// Invariants: the same accept/refuse decision; the same instant (epochs
// within a few microseconds: the parser rounds through a double); results in
// 1900..2999; and the instant written back as ISO-8601 reads the same.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <regex>
#include <string>
#include <string_view>

#include "core/date.h"
#include "core/message_rules.h"
#include "core/text.h"
#include "fuzz_support.h"

using namespace hrlake::core;

namespace {

constexpr int64_t kMicrosPerDay = 86400LL * 1000000;
const int64_t kLow = int64_t{days_from_civil(1900, 1, 1)} * kMicrosPerDay;
const int64_t kHigh = int64_t{days_from_civil(3000, 1, 1)} * kMicrosPerDay;  // excluded
constexpr int64_t kEpochSlack = 16;  // microseconds a double may be off by

// A matched group as a number, 0 when it did not take part.
int num(const std::string &s) { return s.empty() ? 0 : std::stoi(s); }

// The reference for an ISO-8601 text; nullopt when refused.
std::optional<int64_t> iso_reference(const std::smatch &m) {
  const int y = num(m[1]), mo = num(m[2]), d = num(m[3]), h = num(m[4]), mi = num(m[5]),
            sec = num(m[6]), oh = num(m[10]), om = num(m[11]);
  if (mo < 1 || mo > 12 || d < 1 || d > static_cast<int>(days_in_month(y, mo))) return std::nullopt;
  if (h > 23 || mi > 59 || sec > 60 || oh > 14 || om > 59) return std::nullopt;
  int64_t frac = 0;
  std::string digits = m[7].str().substr(0, 6);
  digits.resize(6, '0');
  if (m[7].matched) frac = std::stoll(digits);
  const int64_t offset = (m[9].str() == "-" ? -1 : 1) * (oh * 3600LL + om * 60);
  const int64_t t = int64_t{days_from_civil(y, mo, d)} * kMicrosPerDay +
                    (h * 3600LL + mi * 60 + sec - offset) * 1000000 + frac;
  if (t < kLow || t >= kHigh) return std::nullopt;
  return t;
}

// The exact instant of an epoch text, truncated to the microsecond: values
// of 1e11 and above are milliseconds.
__int128 epoch_reference(const std::smatch &m) {
  const bool negative = m[1].str() == "-";
  const std::string whole = m[2].str();
  std::string frac = m[3].str().substr(0, 9);
  frac.resize(9, '0');
  const __int128 int_part = std::stoll(whole);
  const __int128 nanos = int_part * 1000000000 + std::stoll(frac);  // units of 1e-9
  const bool millis = int_part >= 100000000000LL;
  const __int128 micros = millis ? nanos / 1000000 : nanos / 1000;
  return negative ? -micros : micros;
}

// "YYYY-MM-DDTHH:MM:SS.ffffffZ" for an instant in range.
std::string iso_text(int64_t t) {
  const int64_t days = (t >= 0 ? t : t - kMicrosPerDay + 1) / kMicrosPerDay;
  const int64_t in_day = t - days * kMicrosPerDay;
  const Ymd ymd = civil_from_days(static_cast<Date>(days));
  const int64_t s = in_day / 1000000;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%06dZ", ymd.year, ymd.month,
                ymd.day, static_cast<int>(s / 3600), static_cast<int>(s / 60 % 60),
                static_cast<int>(s % 60), static_cast<int>(in_day % 1000000));
  return buf;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const std::string_view input(reinterpret_cast<const char *>(data), size);
  const std::optional<UnixMicros> t = parse_message_time(input);
  const std::string s(trim(input));
  static const std::regex iso(
      "(\\d{4})-(\\d{2})-(\\d{2})"
      "(?:[Tt ](\\d{2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d+))?)?"
      "(?:([Zz])|([+-])(\\d{2}):?(\\d{2})?)?)?");
  static const std::regex epoch("([+-]?)(\\d{1,16})(?:\\.(\\d*))?");
  std::smatch m;
  if (std::regex_match(s, m, iso)) {
    const auto ref = iso_reference(m);
    fuzz::check(t == ref, "parse_message_time(" + fuzz::show(input) + ") = " +
                              (t ? std::to_string(*t) : "refused") + ", reference " +
                              (ref ? std::to_string(*ref) : "refused"));
  } else if (std::regex_match(s, m, epoch)) {
    const __int128 ref = epoch_reference(m);  // up to 1e19: beyond int64
    const auto near = [](__int128 a, __int128 b) { return a - b <= kEpochSlack && b - a <= kEpochSlack; };
    const bool in_range = ref >= kLow && ref < kHigh;
    const std::string shown = in_range ? std::to_string(static_cast<int64_t>(ref)) : "out of range";
    if (!near(ref, kLow) && !near(ref, kHigh)) {
      fuzz::check(t.has_value() == in_range, "parse_message_time(" + fuzz::show(input) + ") " +
                                                 (t ? "accepted" : "refused") + ", reference " + shown);
      if (t)
        fuzz::check(near(*t, ref), "parse_message_time(" + fuzz::show(input) + ") = " +
                                       std::to_string(*t) + ", reference " + shown);
    }
  } else {
    fuzz::check(!t, "parse_message_time accepted " + fuzz::show(input));
  }
  if (!t) return 0;
  fuzz::check(*t >= kLow && *t < kHigh, "instant outside 1900..2999");
  const std::string back = iso_text(*t);
  fuzz::check(parse_message_time(back) == t, "the instant written back, " + back + ", reads differently");
  return 0;
}
