#include "core/timeframe_rules.h"

#include <cstdio>

#include "core/employee_rules.h"
#include "core/limits.h"
#include "core/text.h"

namespace hrlake::core {

namespace {

// An epoch-seconds date, or nullopt with the reason added.
std::optional<Date> check_epoch(std::string &problems, const char *column,
                                std::string_view value) {
  if (auto d = parse_epoch_seconds_date(value)) return d;
  if (scan_plain_decimal(trim(value)))
    add_problem(problems, std::string(column) + " " + quoted(value) +
                              " is outside 1900-01-01..2999-12-31");
  else
    add_problem(problems, std::string(column) + " " + quoted(value) +
                              " is not a Unix time in seconds");
  return std::nullopt;
}

// YYYY-MM-DD.
std::string iso(Date d) {
  const Ymd ymd = civil_from_days(d);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", ymd.year, ymd.month, ymd.day);
  return buf;
}

}  // namespace

std::optional<Decimal> check_salary(std::string &problems, std::string_view text) {
  auto salary = Decimal::parse(text);
  if (!salary) {
    add_problem(problems, "salary " + quoted(text) + " is not a number");
  } else if (salary->is_negative()) {
    add_problem(problems, "salary " + quoted(text) + " is negative");
  } else if (salary->integer_digits() > kMaxSalaryIntegerDigits ||
             salary->fraction_digits() > kMaxSalaryFractionDigits) {
    add_problem(problems, "salary " + quoted(text) + " is out of range (at most " +
                              std::to_string(kMaxSalaryIntegerDigits) +
                              " digits before the decimal point and " +
                              std::to_string(kMaxSalaryFractionDigits) + " after)");
  } else {
    return salary;
  }
  return std::nullopt;
}

std::optional<ParsedTimeframe> parse_timeframe(Field emp_id, Field designation, Field start_date,
                                               Field end_date, Field salary,
                                               std::string &problem) {
  problem.clear();
  ParsedTimeframe out;
  if (auto id = check_emp_id(problem, emp_id)) out.emp_id = *id;
  if (designation && check_max_chars(problem, "designation", *designation, kMaxDesignationChars))
    out.designation = designation;
  std::optional<Date> start;
  if (!start_date)
    add_problem(problem, "start_date is empty");
  else
    start = check_epoch(problem, "start_date", *start_date);
  if (end_date) {
    out.end = check_epoch(problem, "end_date", *end_date);
    if (start && out.end && *out.end < *start)
      add_problem(problem, "end_date " + iso(*out.end) + " is before start_date " + iso(*start));
  }
  if (salary) out.salary = check_salary(problem, *salary);
  if (!problem.empty()) return std::nullopt;
  out.start = *start;
  return out;
}

}  // namespace hrlake::core
