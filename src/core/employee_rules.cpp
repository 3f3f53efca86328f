#include "core/employee_rules.h"

#include "core/text.h"

namespace hrlake::core {

Field check_emp_id(std::string &problems, Field emp_id) {
  return check_required(problems, "emp_id", emp_id, kMaxEmpIdChars);
}

std::optional<ParsedEmployee> parse_employee(Field emp_id, Field age, Field name,
                                             std::string &problem) {
  problem.clear();
  ParsedEmployee out;
  if (auto id = check_emp_id(problem, emp_id)) out.emp_id = *id;
  if (!age) {
    add_problem(problem, "age is empty");
  } else if (auto v = parse_int(*age); !v) {
    add_problem(problem, "age " + quoted(*age) + " is not an integer");
  } else if (*v < 1 || *v > 150) {
    add_problem(problem, "age " + std::to_string(*v) + " is outside 1..150");
  } else {
    out.age = static_cast<int>(*v);
  }
  if (auto n = check_required(problem, "name", name, kMaxNameChars)) out.name = *n;
  if (!problem.empty()) return std::nullopt;
  return out;
}

std::string employee_problem(Field emp_id, Field age, Field name) {
  std::string problem;
  parse_employee(emp_id, age, name, problem);
  return problem;
}

}  // namespace hrlake::core
