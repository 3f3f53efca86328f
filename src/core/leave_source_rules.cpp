#include "core/leave_source_rules.h"

#include "core/employee_rules.h"
#include "core/text.h"

namespace hrlake::core {

std::optional<LeaveStatus> parse_leave_status(std::string_view text) {
  text = trim(text);
  if (iequals(text, "ACTIVE")) return LeaveStatus::kActive;
  if (iequals(text, "CANCELLED")) return LeaveStatus::kCancelled;
  return std::nullopt;
}

namespace {
void check_date(std::string &problems, const char *column,
                std::optional<std::string_view> value) {
  if (!value)
    add_problem(problems, std::string(column) + " is empty");
  else if (!parse_date(*value))
    add_problem(problems, std::string(column) + " " + quoted(*value) +
                              " is not a valid date (YYYY-M-D)");
}
}  // namespace

std::string leave_quota_problem(std::optional<std::string_view> emp_id,
                                std::optional<std::string_view> leave_quota,
                                std::optional<std::string_view> year) {
  std::string problems;
  if (!emp_id) add_problem(problems, "emp_id is empty");
  if (!leave_quota) {
    add_problem(problems, "leave_quota is empty");
  } else if (auto q = parse_int(*leave_quota); !q) {
    add_problem(problems, "leave_quota " + quoted(*leave_quota) + " is not an integer");
  } else if (*q < 0) {
    add_problem(problems, "leave_quota " + std::to_string(*q) + " is negative");
  } else if (*q > 366) {
    add_problem(problems, "leave_quota " + std::to_string(*q) + " is more than the days in a year");
  }
  if (!year) {
    add_problem(problems, "year is empty");
  } else if (auto y = parse_int(*year); !y) {
    add_problem(problems, "year " + quoted(*year) + " is not an integer");
  } else if (*y < 1900 || *y > 2999) {
    add_problem(problems, "year " + std::to_string(*y) + " is outside 1900..2999");
  }
  return problems;
}

std::string leave_calendar_problem(std::optional<std::string_view>,
                                   std::optional<std::string_view> date) {
  std::string problems;
  check_date(problems, "date", date);
  return problems;
}

std::string leave_problem(std::optional<std::string_view> emp_id,
                          std::optional<std::string_view> date,
                          std::optional<std::string_view> status) {
  std::string problems;
  if (!emp_id) add_problem(problems, "emp_id is empty");
  check_date(problems, "date", date);
  if (!status)
    add_problem(problems, "status is empty");
  else if (!parse_leave_status(*status))
    add_problem(problems, "status " + quoted(*status) + " is not ACTIVE or CANCELLED");
  return problems;
}

}  // namespace hrlake::core
