// Reading a row's values straight from an executor slot (QueryCursor's
// callback), without copying the row first.
#pragma once

#include "pg/error_bridge.h"

namespace hrlake::pg {

// The text at attribute `attno` (1-based), or nullopt when NULL. A value
// stored compressed or out of line is expanded into `context`, which must
// outlive the view; a plain value is viewed where it lies (in the slot).
std::optional<std::string_view> slot_text(TupleTableSlot *slot, int attno, MemoryContext context);

// The bigint (int4, date: the int32) at `attno`, or `if_null`.
inline int64_t slot_int8(TupleTableSlot *slot, int attno, int64_t if_null = 0) {
  bool is_null;
  Datum d = slot_getattr(slot, attno, &is_null);  // deforming a stored row cannot fail
  return is_null ? if_null : DatumGetInt64(d);
}
inline std::optional<int32_t> slot_int4(TupleTableSlot *slot, int attno) {
  bool is_null;
  Datum d = slot_getattr(slot, attno, &is_null);
  return is_null ? std::nullopt : std::optional<int32_t>(DatumGetInt32(d));
}
inline bool slot_bool(TupleTableSlot *slot, int attno) {
  bool is_null;
  Datum d = slot_getattr(slot, attno, &is_null);
  return !is_null && DatumGetBool(d);
}

}  // namespace hrlake::pg
