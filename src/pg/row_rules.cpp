// SQL-callable validators: each returns why a staged row cannot be loaded,
// or NULL when it can. The rules live in src/core; the ingest SQL calls
// these row by row inside set-based statements.
#include "core/date.h"
#include "core/employee_rules.h"
#include "core/leave_source_rules.h"
#include "core/message_rules.h"
#include "core/word_rules.h"
#include "core/text.h"
#include "pg/error_bridge.h"

using namespace hrlake;

namespace {

// Argument n, trimmed, or nullopt for NULL/blank. Rows copied by clients
// were not trimmed by the loader.
std::optional<std::string_view> arg(FunctionCallInfo fcinfo, int n) {
  if (PG_ARGISNULL(n)) return std::nullopt;
  text *t = pg::pg_call([&] { return DatumGetTextPP(PG_GETARG_DATUM(n)); });
  std::string_view v = core::trim(std::string_view(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t)));
  if (v.empty()) return std::nullopt;
  return v;
}

Datum problem_result(FunctionCallInfo fcinfo, const std::string &problem) {
  if (problem.empty()) PG_RETURN_NULL();
  return pg::pg_call([&] {
    return PointerGetDatum(cstring_to_text_with_len(problem.data(), static_cast<int>(problem.size())));
  });
}

}  // namespace

HRLAKE_FUNCTION(hrlake_employee_problem) {
  return problem_result(fcinfo, core::employee_problem(arg(fcinfo, 0), arg(fcinfo, 1), arg(fcinfo, 2)));
}

HRLAKE_FUNCTION(hrlake_leave_quota_problem) {
  return problem_result(fcinfo, core::leave_quota_problem(arg(fcinfo, 0), arg(fcinfo, 1), arg(fcinfo, 2)));
}

HRLAKE_FUNCTION(hrlake_leave_calendar_problem) {
  return problem_result(fcinfo, core::leave_calendar_problem(arg(fcinfo, 0), arg(fcinfo, 1)));
}

HRLAKE_FUNCTION(hrlake_leave_problem) {
  return problem_result(fcinfo, core::leave_problem(arg(fcinfo, 0), arg(fcinfo, 1), arg(fcinfo, 2)));
}

// A source date ("2023-7-28" or ISO) as a date, or NULL when invalid.
HRLAKE_FUNCTION(hrlake_parse_date) {
  auto value = arg(fcinfo, 0);
  std::optional<core::Date> d = value ? core::parse_date(*value) : std::nullopt;
  if (!d) PG_RETURN_NULL();
  return DateADTGetDatum(*d - core::kPgEpochOffsetDays);
}

HRLAKE_FUNCTION(hrlake_message_problem) {
  return problem_result(fcinfo, core::message_problem(arg(fcinfo, 0), arg(fcinfo, 1),
                                                      arg(fcinfo, 2), arg(fcinfo, 3)));
}

// A message timestamp (epoch s/ms or ISO-8601) as timestamptz, or NULL.
HRLAKE_FUNCTION(hrlake_parse_message_time) {
  auto value = arg(fcinfo, 0);
  std::optional<core::UnixMicros> t = value ? core::parse_message_time(*value) : std::nullopt;
  if (!t) PG_RETURN_NULL();
  constexpr int64_t kUnixToPgMicros = int64_t{core::kPgEpochOffsetDays} * 86400 * 1000000;
  return TimestampTzGetDatum(*t - kUnixToPgMicros);
}

// Why a word cannot be a vocabulary or marked word (the matcher's own rule:
// one word of letters and digits, SPEC §2.10's length limit), or NULL.
HRLAKE_FUNCTION(hrlake_word_problem) {
  return problem_result(fcinfo, core::word_problem(arg(fcinfo, 0)));
}
