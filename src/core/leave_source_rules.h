// Validation of staged leave-quota, holiday-calendar and leave rows
// (SPEC §2.4). Each returns why the row cannot be loaded, or "" when it can.
// Values are trimmed; nullopt is an empty value.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/date.h"

namespace hrlake::core {

enum class LeaveStatus { kActive, kCancelled };

// "ACTIVE" / "CANCELLED" in any case (blanks trimmed); nullopt otherwise.
std::optional<LeaveStatus> parse_leave_status(std::string_view text);

std::string leave_quota_problem(std::optional<std::string_view> emp_id,
                                std::optional<std::string_view> leave_quota,
                                std::optional<std::string_view> year);

std::string leave_calendar_problem(std::optional<std::string_view> reason,
                                   std::optional<std::string_view> date);

std::string leave_problem(std::optional<std::string_view> emp_id,
                          std::optional<std::string_view> date,
                          std::optional<std::string_view> status);

}  // namespace hrlake::core
