// Fuzzes parse_message_time (the broker's timestamp: epoch seconds or
// milliseconds, or ISO-8601) against a slow reference written from its
// header: a regular expression per form and exact decimal arithmetic.
// Invariants: the same accept/refuse decision; the same instant, exactly
// (a fraction beyond the microsecond is floored, never rounded); results in
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

// The exact instant of an epoch text, floored to the microsecond: values
// of 1e11 and above are milliseconds. nullopt when far out of range (over
// 16 digits before the point, leading zeros aside).
std::optional<__int128> epoch_reference(const std::smatch &m) {
  const bool negative = m[1].str() == "-";
  std::string whole = m[2].str();
  whole.erase(0, std::min(whole.find_first_not_of('0'), whole.size()));
  if (whole.size() > 16) return std::nullopt;
  const std::string all_frac = m[3].str();
  std::string frac = all_frac.substr(0, 9);
  frac.resize(9, '0');
  const bool beyond_nanos = all_frac.size() > 9 &&
                            all_frac.find_first_not_of('0', 9) != std::string::npos;
  const __int128 int_part = whole.empty() ? 0 : std::stoll(whole);
  const __int128 nanos = int_part * 1000000000 + std::stoll(frac);  // units of 1e-9
  const bool millis = int_part >= 100000000000LL;
  const __int128 unit = millis ? 1000000 : 1000;  // 1e-9 units per microsecond
  if (!negative) return nanos / unit;
  // Floor of a negative value: round the magnitude up when anything is cut.
  const bool cut = nanos % unit != 0 || beyond_nanos;
  return -(nanos / unit + (cut ? 1 : 0));
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
  // A plain decimal: at least one digit, before or after the point.
  static const std::regex epoch("([+-]?)(\\d*)(?:\\.(\\d*))?");
  std::smatch m;
  if (std::regex_match(s, m, iso)) {
    const auto ref = iso_reference(m);
    fuzz::check(t == ref, "parse_message_time(" + fuzz::show(input) + ") = " +
                              (t ? std::to_string(*t) : "refused") + ", reference " +
                              (ref ? std::to_string(*ref) : "refused"));
  } else if (std::regex_match(s, m, epoch) && (m[2].length() > 0 || m[3].length() > 0)) {
    const std::optional<__int128> r = epoch_reference(m);  // up to 1e19: beyond int64
    const __int128 ref = r.value_or(0);
    const bool in_range = r && ref >= kLow && ref < kHigh;
    const std::string shown = in_range ? std::to_string(static_cast<int64_t>(ref)) : "out of range";
    fuzz::check(t.has_value() == in_range, "parse_message_time(" + fuzz::show(input) + ") " +
                                               (t ? "accepted" : "refused") + ", reference " + shown);
    if (t)
      fuzz::check(*t == ref, "parse_message_time(" + fuzz::show(input) + ") = " +
                                 std::to_string(*t) + ", reference " + shown);
  } else {
    fuzz::check(!t, "parse_message_time accepted " + fuzz::show(input));
  }
  if (!t) return 0;
  fuzz::check(*t >= kLow && *t < kHigh, "instant outside 1900..2999");
  const std::string back = iso_text(*t);
  fuzz::check(parse_message_time(back) == t, "the instant written back, " + back + ", reads differently");
  return 0;
}
