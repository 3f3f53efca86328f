// Validation and parsing of staged timeframe rows (SPEC §2.3, limits
// §2.10): epoch-second dates become UTC dates by exact floor division, the
// salary is an exact non-negative decimal of bounded size.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/date.h"
#include "core/decimal.h"
#include "core/row_problems.h"

namespace hrlake::core {

struct ParsedTimeframe {
  std::string_view emp_id;  // 1..kMaxEmpIdChars characters
  std::optional<std::string_view> designation;  // <= kMaxDesignationChars
  Date start = 0;
  std::optional<Date> end;  // >= start; nullopt: still open
  // Compares as a number: "0100", "100.", "+100" and "100.0" are equal and
  // have the same text() ("100"), which numeric_in accepts.
  std::optional<Decimal> salary;
};

// The row's values, or nullopt with `problem` set to every reason the row
// cannot be loaded. `problem` is cleared first.
std::optional<ParsedTimeframe> parse_timeframe(Field emp_id, Field designation, Field start_date,
                                               Field end_date, Field salary,
                                               std::string &problem);

// A salary as the rule accepts it: a plain decimal ("100", "5.", "+7",
// ".5"), not negative, at most kMaxSalaryIntegerDigits digits before the
// point and kMaxSalaryFractionDigits after it once leading and trailing
// zeros are dropped. Otherwise nullopt, and the reason is added to
// `problems`.
std::optional<Decimal> check_salary(std::string &problems, std::string_view text);

}  // namespace hrlake::core
