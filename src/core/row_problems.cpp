#include "core/row_problems.h"

#include "core/text.h"

namespace hrlake::core {

void add_problem(std::string &problems, std::string_view problem) {
  if (!problems.empty()) problems += "; ";
  problems += problem;
}

std::string quoted(std::string_view value) {
  return "\"" + ellipsize(value, 40) + "\"";
}

bool check_max_chars(std::string &problems, std::string_view column, std::string_view value,
                     size_t max_chars) {
  // A character has at least one byte: short values need no count.
  if (value.size() <= max_chars || utf8_length(value) <= max_chars) return true;
  std::string problem(column);
  problem += " is longer than ";
  problem += std::to_string(max_chars);
  problem += " characters";
  add_problem(problems, problem);
  return false;
}

Field check_required(std::string &problems, std::string_view column, Field value,
                     size_t max_chars) {
  if (!value) {
    add_problem(problems, std::string(column) + " is empty");
    return std::nullopt;
  }
  if (!check_max_chars(problems, column, *value, max_chars)) return std::nullopt;
  return value;
}

}  // namespace hrlake::core
