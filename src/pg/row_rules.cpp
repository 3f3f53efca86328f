// SQL-callable validators: each returns why a staged row cannot be loaded,
// or NULL when it can. The rules live in src/core; ingest SQL calls these
// row by row inside set-based statements.
#include "core/employee_rules.h"
#include "core/text.h"
#include "pg/error_bridge.h"

using namespace hrlake;

namespace {
// An argument, trimmed, as a view, or nullopt for NULL/empty.
std::optional<std::string_view> arg_view(FunctionCallInfo fcinfo, int n) {
  if (PG_ARGISNULL(n)) return std::nullopt;
  text *t = DatumGetTextPP(PG_GETARG_DATUM(n));
  // Rows copied by clients were not trimmed by the loader.
  std::string_view v = core::trim(std::string_view(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t)));
  if (v.empty()) return std::nullopt;
  return v;
}

Datum problem_result(FunctionCallInfo fcinfo, const std::string &problem) {
  if (problem.empty()) PG_RETURN_NULL();
  return hrlake::pg::pg_call([&] {
    return PointerGetDatum(cstring_to_text_with_len(problem.data(), static_cast<int>(problem.size())));
  });
}
}  // namespace

HRLAKE_FUNCTION(hrlake_employee_problem) {
  // Detoasting may raise an error: do it through the guard.
  auto emp_id = pg::pg_call([&] { return arg_view(fcinfo, 0); });
  auto age = pg::pg_call([&] { return arg_view(fcinfo, 1); });
  auto name = pg::pg_call([&] { return arg_view(fcinfo, 2); });
  return problem_result(fcinfo, core::employee_problem(emp_id, age, name));
}
