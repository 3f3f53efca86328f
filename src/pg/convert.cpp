#include "pg/convert.h"

#include "core/error.h"

namespace hrlake::pg {

Datum text_datum(std::string_view s) {
  return pg_call([&] { return PointerGetDatum(cstring_to_text_with_len(s.data(), static_cast<int>(s.size()))); });
}

Datum bytea_datum(const void *data, size_t len) {
  return pg_call([&] {
    auto *b = static_cast<bytea *>(palloc(len + VARHDRSZ));
    SET_VARSIZE(b, len + VARHDRSZ);
    memcpy(VARDATA(b), data, len);
    return PointerGetDatum(b);
  });
}

core::Date stored_date(DateADT d) {
  if (DATE_NOT_FINITE(d))
    throw core::Error(core::sqlstate::kInvalidParameterValue, "a stored date is infinite, which hrlake never writes",
                      {}, "Correct the row with an UPDATE.");
  return to_core_date(d);
}

Datum numeric_datum(const std::string &text) {
  return pg_call([&] {
    return DirectFunctionCall3(numeric_in, CStringGetDatum(text.c_str()), ObjectIdGetDatum(InvalidOid),
                               Int32GetDatum(-1));
  });
}

std::string numeric_text(Datum d) {
  return pg_call([&] { return std::string(DatumGetCString(DirectFunctionCall1(numeric_out, d))); });
}

}  // namespace hrlake::pg
