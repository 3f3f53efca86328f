#include "pg/slot_values.h"

namespace hrlake::pg {

std::optional<std::string_view> slot_text(TupleTableSlot *slot, int attno, MemoryContext context) {
  bool is_null;
  Datum d = slot_getattr(slot, attno, &is_null);
  if (is_null) return std::nullopt;
  auto *raw = reinterpret_cast<varlena *>(DatumGetPointer(d));
  if (VARATT_IS_COMPRESSED(raw) || VARATT_IS_EXTERNAL(raw))
    raw = pg_call([&] {
      MemoryContext old = MemoryContextSwitchTo(context);
      varlena *expanded = pg_detoast_datum_packed(raw);
      MemoryContextSwitchTo(old);
      return expanded;
    });
  return std::string_view(VARDATA_ANY(raw), VARSIZE_ANY_EXHDR(raw));
}

}  // namespace hrlake::pg
