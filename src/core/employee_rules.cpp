#include "core/employee_rules.h"

#include "core/text.h"

namespace hrlake::core {

void add_problem(std::string &problems, const std::string &problem) {
  if (!problems.empty()) problems += "; ";
  problems += problem;
}

std::string quoted(std::string_view value) {
  return "\"" + ellipsize(value, 40) + "\"";
}

namespace {
size_t utf8_chars(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}
}  // namespace

std::string employee_problem(std::optional<std::string_view> emp_id,
                             std::optional<std::string_view> age,
                             std::optional<std::string_view> name) {
  std::string problems;
  if (!emp_id) add_problem(problems, "emp_id is empty");
  if (!age) {
    add_problem(problems, "age is empty");
  } else if (auto v = parse_int(*age); !v) {
    add_problem(problems, "age " + quoted(*age) + " is not an integer");
  } else if (*v < 1 || *v > 150) {
    add_problem(problems, "age " + std::to_string(*v) + " is outside 1..150");
  }
  if (!name)
    add_problem(problems, "name is empty");
  else if (utf8_chars(*name) > kMaxNameChars)
    add_problem(problems, "name is longer than " + std::to_string(kMaxNameChars) +
                              " characters");
  return problems;
}

}  // namespace hrlake::core
