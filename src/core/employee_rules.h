// Validation of staged employee rows (SPEC §2.2).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace hrlake::core {

inline constexpr size_t kMaxNameChars = 500;

// Why the staged row cannot be loaded ("age \"abc\" is not an integer; ..."),
// or an empty string when it is valid. Values are already trimmed; nullopt
// is an empty value.
std::string employee_problem(std::optional<std::string_view> emp_id,
                             std::optional<std::string_view> age,
                             std::optional<std::string_view> name);

// Appends "; "-separated problems.
void add_problem(std::string &problems, const std::string &problem);

// A value quoted for a message, shortened when long.
std::string quoted(std::string_view value);

}  // namespace hrlake::core
