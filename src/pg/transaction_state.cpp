// Small entry points the job procedures use.
#include "core/error.h"
#include "pg/error_bridge.h"
#include "pg/spi.h"

// Whether the caller is inside an explicit transaction block, so that the
// job procedures, which commit as they go, can refuse with a clear message.
HRLAKE_FUNCTION(hrlake_in_transaction_block) {
  return BoolGetDatum(IsTransactionBlock());
}

// hrlake._setting(name): the value of setting hrlake.<name> as text. Being
// a function of this library, calling it loads the library, which defines
// the settings: SQL can read them without knowing their defaults.
HRLAKE_FUNCTION(hrlake_setting) {
  const std::string name = "hrlake." + hrlake::pg::text_to_string(PG_GETARG_DATUM(0));
  const char *value = hrlake::pg::pg_call([&] { return GetConfigOption(name.c_str(), true, false); });
  if (!value)
    throw hrlake::core::Error(hrlake::core::sqlstate::kInvalidParameterValue,
                              "unknown setting \"" + name + "\"");
  return hrlake::pg::pg_call([&] { return CStringGetTextDatum(value); });
}
