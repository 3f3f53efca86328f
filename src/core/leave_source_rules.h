// Validation and parsing of staged leave-quota, holiday-calendar and leave
// rows (SPEC §2.4, limits §2.10). Each parse function returns the row's
// values, or nullopt with `problem` set to every reason the row cannot be
// loaded ("; "-joined; cleared first). Each *_problem function returns those
// reasons, or "" when the row can be loaded (for SQL).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/date.h"
#include "core/row_problems.h"

namespace hrlake::core {

enum class LeaveStatus { kActive, kCancelled };

// "ACTIVE" / "CANCELLED" in any ASCII case (blanks trimmed); nullopt
// otherwise. Never locale-dependent: "actİve" and "actıve" do not match.
std::optional<LeaveStatus> parse_leave_status(std::string_view text);

struct ParsedLeaveQuota {
  std::string_view emp_id;  // 1..kMaxEmpIdChars characters
  int quota = 0;            // 0..366
  int year = 0;             // kFirstSourceYear..kLastSourceYear
};

struct ParsedLeaveCalendar {
  Date date = 0;
  std::optional<std::string_view> reason;
};

struct ParsedLeave {
  std::string_view emp_id;  // 1..kMaxEmpIdChars characters
  Date date = 0;
  LeaveStatus status = LeaveStatus::kActive;
};

// Dates are "2023-7-28" or ISO "2023-07-28" (see parse_date).
std::optional<ParsedLeaveQuota> parse_leave_quota(Field emp_id, Field leave_quota, Field year,
                                                  std::string &problem);
std::optional<ParsedLeaveCalendar> parse_leave_calendar(Field reason, Field date,
                                                        std::string &problem);
std::optional<ParsedLeave> parse_leave(Field emp_id, Field date, Field status,
                                       std::string &problem);

std::string leave_quota_problem(Field emp_id, Field leave_quota, Field year);
std::string leave_calendar_problem(Field reason, Field date);
std::string leave_problem(Field emp_id, Field date, Field status);

}  // namespace hrlake::core
