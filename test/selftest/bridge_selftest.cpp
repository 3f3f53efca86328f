// Entry points that exercise the C++/PostgreSQL error wall, for the
// regression tests only (test/sql/error_bridge.sql creates them in a test
// schema; the extension script does not expose them).
#include "core/error.h"
#include "pg/spi.h"

using namespace hrlake;

namespace {
int64_t destructor_runs = 0;

// Proves that C++ destructors ran before the error was reported.
struct CountsItsDestruction {
  ~CountsItsDestruction() { ++destructor_runs; }
};
}  // namespace

// Throws a C++ exception with the given SQLSTATE while an object is alive.
HRLAKE_FUNCTION(hrlake_selftest_throw) {
  CountsItsDestruction alive;
  const std::string code = pg::text_to_string(PG_GETARG_DATUM(0));
  const std::string message = pg::text_to_string(PG_GETARG_DATUM(1));
  if (code == "bad_alloc") throw std::bad_alloc();
  if (code == "std") throw std::runtime_error(message);
  throw core::Error(code.c_str(), message, "detail from C++", "hint from C++");
}

// Runs SQL through the guard while an object is alive; a PostgreSQL error
// crosses the C++ frames as PgError and is re-raised unchanged.
HRLAKE_FUNCTION(hrlake_selftest_run_sql) {
  CountsItsDestruction alive;
  const std::string sql = pg::text_to_string(PG_GETARG_DATUM(0));
  pg::SpiSession spi;
  std::vector<std::string> keep_something_on_the_heap(100, std::string(100, 'x'));
  spi.execute(sql);
  return Int64GetDatum(static_cast<int64_t>(keep_something_on_the_heap.size()));
}

// Makes several guarded calls that succeed, then returns. A later error in
// the same statement must find PG_exception_stack intact.
HRLAKE_FUNCTION(hrlake_selftest_guarded_ok) {
  int64_t sum = 0;
  for (int i = 0; i < 3; ++i)
    sum += pg::pg_call([&] { return static_cast<int64_t>(i + 1); });
  pg::pg_call([] { CHECK_FOR_INTERRUPTS(); });
  return Int64GetDatum(sum);
}

HRLAKE_FUNCTION(hrlake_selftest_destructor_runs) {
  return Int64GetDatum(destructor_runs);
}
