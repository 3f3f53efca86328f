// Validation and parsing of staged employee rows (SPEC §2.2, limits §2.10).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/limits.h"
#include "core/row_problems.h"

namespace hrlake::core {

struct ParsedEmployee {
  std::string_view emp_id;  // 1..kMaxEmpIdChars characters
  int age = 0;              // 1..150
  std::string_view name;    // 1..kMaxNameChars characters
};

// The row's values, or nullopt with `problem` set to every reason the row
// cannot be loaded ("age \"abc\" is not an integer; name is empty").
// `problem` is cleared first.
std::optional<ParsedEmployee> parse_employee(Field emp_id, Field age, Field name,
                                             std::string &problem);

// Why the staged row cannot be loaded, or "" when it is valid (for SQL).
std::string employee_problem(Field emp_id, Field age, Field name);

// An emp_id, required in every source: adds "emp_id is empty" or the
// length problem; the value when it is fine.
Field check_emp_id(std::string &problems, Field emp_id);

}  // namespace hrlake::core
