// Fuzzes the number and date parsers of the sources: parse_int,
// Decimal::parse (and the salary rule), parse_date and
// parse_epoch_seconds_date, each on the whole
// input. Besides the sanitizers (overflow, bad casts), each result is checked
// against a slow reference written from the header's promise.
#include <cerrno>
#include <cmath>
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "core/date.h"
#include "core/decimal.h"
#include "core/text.h"
#include "core/timeframe_rules.h"
#include "fuzz_support.h"

using namespace hrlake::core;

namespace {

// True for an ASCII digit.
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// [+-]? digits (. digits?)? or [+-]? . digits: the plain decimals.
bool is_plain_decimal(std::string_view s) {
  size_t i = !s.empty() && (s[0] == '+' || s[0] == '-');
  size_t digits = 0;
  while (i < s.size() && is_digit(s[i])) ++i, ++digits;
  if (i < s.size() && s[i] == '.')
    for (++i; i < s.size() && is_digit(s[i]); ++i) ++digits;
  return i == s.size() && digits > 0;
}

// parse_int against the reference: sign, digits, within int64.
void check_int(std::string_view input) {
  const auto v = parse_int(input);
  const std::string_view s = trim(input);
  // Reference: one optional sign, then digits, within int64.
  const bool negative = !s.empty() && s[0] == '-';
  std::string_view digits = s.substr(!s.empty() && (s[0] == '+' || s[0] == '-'));
  if (digits.empty() || digits.find_first_not_of("0123456789") != std::string_view::npos) {
    fuzz::check(!v, "parse_int accepted " + fuzz::show(input) + " as " + std::to_string(*v));
    return;
  }
  digits.remove_prefix(std::min(digits.find_first_not_of('0'), digits.size() - 1));
  const std::string_view limit = negative ? "9223372036854775808" : "9223372036854775807";
  if (digits.size() > limit.size() || (digits.size() == limit.size() && digits > limit)) {
    fuzz::check(!v, "parse_int accepted out-of-range " + fuzz::show(input));
    return;
  }
  fuzz::check(v.has_value(), "parse_int refused " + fuzz::show(input));
  const std::string expect = (negative && digits != "0" ? "-" : "") + std::string(digits);
  fuzz::check(std::to_string(*v) == expect,
              "parse_int(" + fuzz::show(input) + ") = " + std::to_string(*v));
}

// Decimal::parse against the plain-decimal grammar: accepted exactly when
// the text is one; its canonical text reads back as the same value and as
// the same double as the input (both are the one exact value, rounded once).
void check_decimal(std::string_view input) {
  const auto v = Decimal::parse(input);
  fuzz::check(v.has_value() == is_plain_decimal(input),
              std::string("Decimal::parse ") + (v ? "accepted " : "refused ") + fuzz::show(input));
  if (!v) return;
  const std::string text = v->text();
  const auto back = Decimal::parse(text);
  fuzz::check(back && *back == *v, "Decimal text " + fuzz::show(text) + " reads differently");
  fuzz::check(is_plain_decimal(text) && text[0] != '+' && text != "-0",
              "Decimal text " + fuzz::show(text) + " is not canonical");
  if (input.size() < 300) {
    const double expect = std::strtod(std::string(input).c_str(), nullptr);
    fuzz::check(std::strtod(text.c_str(), nullptr) == expect,
                "Decimal text " + fuzz::show(text) + " is not the value of " + fuzz::show(input));
    fuzz::check(expect < 0 ? v->is_negative() : expect > 0 ? !v->is_negative() : true,
                "Decimal sign of " + fuzz::show(input));
  }
  fuzz::check(!(*v < *v) && *v <= *v, "Decimal order is not reflexive");
  // The salary rule: an accepted salary is this value, never negative.
  std::string problems;
  const auto salary = check_salary(problems, input);
  fuzz::check(salary.has_value() == problems.empty(), "check_salary result and reason disagree");
  if (salary) fuzz::check(*salary == *v && !salary->is_negative(), "check_salary changed " + fuzz::show(input));
}

// parse_date: a result is a real day, the one the text names.
void check_date(std::string_view input) {
  const auto d = parse_date(input);
  if (!d) return;
  const Ymd ymd = civil_from_days(*d);
  fuzz::check(ymd.year >= 1 && ymd.year <= 9999, "parse_date year out of 1..9999");
  fuzz::check(days_from_civil(ymd.year, ymd.month, ymd.day) == *d, "civil round trip");
  // The text names that day: Y-M-D with numbers equal to ymd.
  const std::string_view s = trim(input);
  unsigned y = 0, m = 0, dd = 0;
  int used = 0;
  const std::string copy(s);
  fuzz::check(std::sscanf(copy.c_str(), "%4u-%2u-%2u%n", &y, &m, &dd, &used) == 3 &&
                  static_cast<size_t>(used) == copy.size() && copy[0] != '+' &&
                  static_cast<int>(y) == ymd.year && m == ymd.month && dd == ymd.day,
              "parse_date(" + fuzz::show(input) + ") is not the day it names");
}

// The UTC day of epoch seconds, exactly: floor of the decimal text / 86400,
// computed on the integer part and whether a non-zero fraction follows.
std::optional<int64_t> exact_epoch_day(std::string_view s) {
  if (!is_plain_decimal(s)) return std::nullopt;
  const bool negative = s[0] == '-';
  if (s[0] == '+' || s[0] == '-') s.remove_prefix(1);
  s.remove_prefix(std::min(s.find_first_not_of('0'), s.size()));  // leading zeros
  const size_t dot = std::min(s.find('.'), s.size());
  if (dot > 15) return std::nullopt;  // far outside the range anyway
  int64_t whole = 0;
  for (char c : s.substr(0, dot)) whole = whole * 10 + (c - '0');
  const bool fraction = s.substr(dot).find_first_of("123456789") != std::string_view::npos;
  const int64_t floor_seconds = negative ? -whole - (fraction ? 1 : 0) : whole;
  return floor_seconds >= 0 ? floor_seconds / 86400 : -((-floor_seconds + 86399) / 86400);
}

// parse_epoch_seconds_date against exact truncation and the range.
void check_epoch(std::string_view input) {
  const auto d = parse_epoch_seconds_date(input);
  const auto ref = exact_epoch_day(trim(input));
  const bool in_range = ref && *ref >= kFirstSourceDate && *ref <= kLastSourceDate;
  if (!d) {
    fuzz::check(!in_range, "parse_epoch_seconds_date refused " + fuzz::show(input));
    return;
  }
  fuzz::check(in_range && *ref == *d,
              "parse_epoch_seconds_date(" + fuzz::show(input) + ") = day " + std::to_string(*d) +
                  ", by truncation it is day " + (ref ? std::to_string(*ref) : "(none)"));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const std::string_view input(reinterpret_cast<const char *>(data), size);
  check_int(input);
  check_decimal(input);
  check_decimal(trim(input));
  check_date(input);
  check_epoch(input);
  return 0;
}
