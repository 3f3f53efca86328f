// Validation and parsing of staged timeframe rows (SPEC §2.3): epoch-second
// dates become UTC dates by truncation, salary must be a non-negative number.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/date.h"

namespace hrlake::core {

struct TimeframeFields {
  std::optional<std::string_view> emp_id, designation, start_date, end_date, salary;
};

struct ParsedTimeframe {
  Date start = 0;
  std::optional<Date> end;
  std::optional<double> salary;  // for comparisons; the text is kept exactly
};

// Parses a row; on failure returns nullopt and sets problem to the reason(s).
std::optional<ParsedTimeframe> parse_timeframe(const TimeframeFields &row,
                                               std::string &problem);

// A non-negative plain decimal ("123", "123.45", ".5"); nullopt otherwise.
std::optional<double> parse_salary(std::string_view text);

}  // namespace hrlake::core
