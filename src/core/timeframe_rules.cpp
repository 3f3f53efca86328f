#include "core/timeframe_rules.h"

#include <charconv>
#include <cmath>

#include "core/employee_rules.h"
#include "core/text.h"

namespace hrlake::core {

namespace {

bool is_plain_decimal(std::string_view s, bool allow_sign) {
  size_t i = 0;
  if (allow_sign && !s.empty() && (s[0] == '-' || s[0] == '+')) ++i;
  size_t digits = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
  }
  return i == s.size() && digits > 0;
}

std::optional<Date> check_epoch(std::string &problems, const char *column,
                                std::string_view value) {
  if (auto d = parse_epoch_seconds_date(value)) return d;
  if (is_plain_decimal(trim(value), true))
    add_problem(problems, std::string(column) + " " + quoted(value) +
                              " is outside 1900-01-01..2999-12-31");
  else
    add_problem(problems, std::string(column) + " " + quoted(value) +
                              " is not a Unix time in seconds");
  return std::nullopt;
}

std::string iso(Date d) {
  Ymd ymd = civil_from_days(d);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", ymd.year, ymd.month, ymd.day);
  return buf;
}

}  // namespace

std::optional<double> parse_salary(std::string_view text) {
  text = trim(text);
  if (!is_plain_decimal(text, true)) return std::nullopt;
  if (text[0] == '+') text.remove_prefix(1);
  double v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v))
    return std::nullopt;
  return v;
}

std::optional<ParsedTimeframe> parse_timeframe(const TimeframeFields &row,
                                               std::string &problem) {
  problem.clear();
  ParsedTimeframe out;
  if (!row.emp_id) add_problem(problem, "emp_id is empty");
  std::optional<Date> start;
  if (!row.start_date)
    add_problem(problem, "start_date is empty");
  else
    start = check_epoch(problem, "start_date", *row.start_date);
  if (row.end_date) {
    out.end = check_epoch(problem, "end_date", *row.end_date);
    if (start && out.end && *out.end < *start)
      add_problem(problem, "end_date " + iso(*out.end) + " is before start_date " + iso(*start));
  }
  if (row.salary) {
    out.salary = parse_salary(*row.salary);
    if (!out.salary)
      add_problem(problem, "salary " + quoted(*row.salary) + " is not a number");
    else if (*out.salary < 0)
      add_problem(problem, "salary " + quoted(*row.salary) + " is negative");
  }
  if (!problem.empty()) return std::nullopt;
  out.start = *start;
  return out;
}

}  // namespace hrlake::core
