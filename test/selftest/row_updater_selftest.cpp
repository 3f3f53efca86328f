// An entry point that changes rows through RowUpdater, for the regression
// tests only (sql/row_updater.sql creates it in a test schema; the
// extension script does not expose it).
#include "pg/row_updater.h"
#include "selftest_rows.h"

using namespace hrlake;

// row_update(schema, table, query): for every row of query, whose first
// column is a tid, changes the row at that tid of schema.table: with more
// columns, sets the columns they name to their values; with the tid alone,
// deletes the row. Returns the number of rows changed, or -1 when the table
// cannot be changed this way (RowUpdater::usable()).
HRLAKE_FUNCTION(hrlake_selftest_row_update) {
  const std::string schema = pg::text_to_string(PG_GETARG_DATUM(0));
  const std::string table = pg::text_to_string(PG_GETARG_DATUM(1));
  pg::SelftestRows rows(pg::text_to_string(PG_GETARG_DATUM(2)));
  auto updater = rows.make<pg::RowUpdater>(schema.c_str(), table.c_str(), rows.column_names(1));
  if (!updater->usable()) return Int64GetDatum(-1);
  const bool remove = rows.columns() == 1;
  rows.for_each([&](const Datum *values, const bool *nulls) {
    const ItemPointerData tid = *reinterpret_cast<ItemPointer>(DatumGetPointer(values[0]));
    if (remove)
      updater->remove(tid);
    else
      updater->update(tid, values + 1, nulls + 1);
  });
  updater->finish();
  return Int64GetDatum(static_cast<int64_t>(rows.count()));
}
