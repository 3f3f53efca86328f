#include "core/leave_source_rules.h"

#include "core/employee_rules.h"
#include "core/text.h"

namespace hrlake::core {

std::optional<LeaveStatus> parse_leave_status(std::string_view text) {
  text = trim(text);
  // iequals folds ASCII letters only.
  if (iequals(text, "ACTIVE")) return LeaveStatus::kActive;
  if (iequals(text, "CANCELLED")) return LeaveStatus::kCancelled;
  return std::nullopt;
}

namespace {

// A required source date, or nullopt with the reason added.
std::optional<Date> check_date(std::string &problems, const char *column, Field value) {
  if (!value) {
    add_problem(problems, std::string(column) + " is empty");
    return std::nullopt;
  }
  auto date = parse_date(*value);
  if (!date)
    add_problem(problems, std::string(column) + " " + quoted(*value) +
                              " is not a valid date (YYYY-M-D)");
  return date;
}

}  // namespace

std::optional<ParsedLeaveQuota> parse_leave_quota(Field emp_id, Field leave_quota, Field year,
                                                  std::string &problem) {
  problem.clear();
  ParsedLeaveQuota out;
  if (auto id = check_emp_id(problem, emp_id)) out.emp_id = *id;
  if (!leave_quota) {
    add_problem(problem, "leave_quota is empty");
  } else if (auto q = parse_int(*leave_quota); !q) {
    add_problem(problem, "leave_quota " + quoted(*leave_quota) + " is not an integer");
  } else if (*q < 0) {
    add_problem(problem, "leave_quota " + std::to_string(*q) + " is negative");
  } else if (*q > 366) {
    add_problem(problem,
                "leave_quota " + std::to_string(*q) + " is more than the days in a year");
  } else {
    out.quota = static_cast<int>(*q);
  }
  if (!year) {
    add_problem(problem, "year is empty");
  } else if (auto y = parse_int(*year); !y) {
    add_problem(problem, "year " + quoted(*year) + " is not an integer");
  } else if (*y < kFirstSourceYear || *y > kLastSourceYear) {
    add_problem(problem, "year " + std::to_string(*y) + " is outside " +
                             std::to_string(kFirstSourceYear) + ".." +
                             std::to_string(kLastSourceYear));
  } else {
    out.year = static_cast<int>(*y);
  }
  if (!problem.empty()) return std::nullopt;
  return out;
}

std::optional<ParsedLeaveCalendar> parse_leave_calendar(Field reason, Field date,
                                                        std::string &problem) {
  problem.clear();
  ParsedLeaveCalendar out;
  out.reason = reason;
  if (auto d = check_date(problem, "date", date)) out.date = *d;
  if (!problem.empty()) return std::nullopt;
  return out;
}

std::optional<ParsedLeave> parse_leave(Field emp_id, Field date, Field status,
                                       std::string &problem) {
  problem.clear();
  ParsedLeave out;
  if (auto id = check_emp_id(problem, emp_id)) out.emp_id = *id;
  if (auto d = check_date(problem, "date", date)) out.date = *d;
  if (!status) {
    add_problem(problem, "status is empty");
  } else if (auto s = parse_leave_status(*status); !s) {
    add_problem(problem, "status " + quoted(*status) + " is not ACTIVE or CANCELLED");
  } else {
    out.status = *s;
  }
  if (!problem.empty()) return std::nullopt;
  return out;
}

std::string leave_quota_problem(Field emp_id, Field leave_quota, Field year) {
  std::string problem;
  parse_leave_quota(emp_id, leave_quota, year, problem);
  return problem;
}

std::string leave_calendar_problem(Field reason, Field date) {
  std::string problem;
  parse_leave_calendar(reason, date, problem);
  return problem;
}

std::string leave_problem(Field emp_id, Field date, Field status) {
  std::string problem;
  parse_leave(emp_id, date, status, problem);
  return problem;
}

}  // namespace hrlake::core
