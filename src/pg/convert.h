// Conversions between PostgreSQL Datums and the core's values, said once.
// The ones that allocate do so in CurrentMemoryContext, through pg_call.
#pragma once

#include "core/date.h"
#include "core/message_rules.h"
#include "pg/error_bridge.h"

namespace hrlake::pg {

// text
Datum text_datum(std::string_view s);
// The bytes of a text (or bytea) Datum that is not compressed or stored
// out of line (a value from a slot may be: see slot_text()).
inline std::string_view text_view(Datum d) {
  auto *v = reinterpret_cast<varlena *>(DatumGetPointer(d));
  return std::string_view(VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v));
}
Datum bytea_datum(const void *data, size_t len);

// date: core::Date counts days from 1970-01-01, DateADT from 2000-01-01.
inline DateADT to_pg_date(core::Date d) { return d - core::kPgEpochOffsetDays; }
inline core::Date to_core_date(DateADT d) { return d + core::kPgEpochOffsetDays; }
// A stored date as a core date; infinite dates are refused.
core::Date stored_date(DateADT d);

// timestamptz: core::UnixMicros counts from 1970-01-01 00:00 UTC.
inline constexpr int64_t kUnixToPgMicros = int64_t{core::kPgEpochOffsetDays} * 86400 * 1000000;
inline TimestampTz to_pg_timestamp(core::UnixMicros t) { return t - kUnixToPgMicros; }
// The UTC date of a timestamptz.
inline core::Date utc_date(TimestampTz t) {
  return static_cast<core::Date>((t >= 0 ? t / USECS_PER_DAY : -((-t - 1) / USECS_PER_DAY) - 1) +
                                 core::kPgEpochOffsetDays);
}

// numeric, from the canonical text of a core::Decimal, and back to text.
Datum numeric_datum(const std::string &text);
std::string numeric_text(Datum d);

}  // namespace hrlake::pg
