// SQL-callable faces of the strike rules (src/core/strike_rules), so the
// views and the cooldown use the one definition the flagging uses.
#include "core/decimal.h"
#include "core/error.h"
#include "core/strike_rules.h"
#include "pg/error_bridge.h"
#include "pg/spi.h"

using namespace hrlake;

// hrlake._salary_at_strikes(base numeric, strikes integer): base x 0.9^k
// rounded to 2 decimals, exactly.
HRLAKE_FUNCTION(hrlake_salary_at_strikes) {
  const std::string text =
      pg::pg_call([&] { return std::string(DatumGetCString(DirectFunctionCall1(numeric_out, PG_GETARG_DATUM(0)))); });
  const auto base = core::Decimal::parse(text);
  if (!base)
    throw core::Error(core::sqlstate::kInvalidParameterValue, "salary \"" + text + "\" is not a plain decimal");
  const std::string level = core::salary_after_strikes(*base, PG_GETARG_INT32(1)).text();
  return pg::pg_call([&] {
    return DirectFunctionCall3(numeric_in, CStringGetDatum(level.c_str()), ObjectIdGetDatum(InvalidOid),
                               Int32GetDatum(-1));
  });
}

// hrlake._strikes_after_cooldown(strikes integer): one less for 1..9.
HRLAKE_FUNCTION(hrlake_strikes_after_cooldown) {
  return Int32GetDatum(core::strikes_after_cooldown(PG_GETARG_INT32(0)));
}
