// An entry point that changes rows through RowUpdater, for the regression
// tests only (sql/row_updater.sql creates it in a test schema; the
// extension script does not expose it).
#include "pg/row_updater.h"
#include "pg/spi.h"

using namespace hrlake;

// row_update(schema, table, query): for every row of query, whose first
// column is a tid, changes the row at that tid of schema.table: with more
// columns, sets the columns they name to their values; with the tid alone,
// deletes the row. Returns the number of rows changed, or -1 when the table
// cannot be changed this way (RowUpdater::usable()).
HRLAKE_FUNCTION(hrlake_selftest_row_update) {
  const std::string schema = pg::text_to_string(PG_GETARG_DATUM(0));
  const std::string table = pg::text_to_string(PG_GETARG_DATUM(1));
  const std::string query = pg::text_to_string(PG_GETARG_DATUM(2));
  pg::SpiSession spi;
  const uint64 n = spi.execute(query);
  SPITupleTable *rows = SPI_tuptable;
  const int natts = rows->tupdesc->natts;
  std::vector<std::string> columns;
  for (int i = 1; i < natts; ++i) columns.emplace_back(NameStr(TupleDescAttr(rows->tupdesc, i)->attname));
  std::vector<Datum> values(natts);
  std::unique_ptr<bool[]> nulls(new bool[natts]);
  // Constructed in a short-lived context, as BulkInsert's selftest does:
  // what the updater keeps must not live there.
  MemoryContext caller = pg::pg_call([] {
    return AllocSetContextCreate(CurrentMemoryContext, "row update selftest caller", ALLOCSET_SMALL_SIZES);
  });
  MemoryContext outer = MemoryContextSwitchTo(caller);
  pg::RowUpdater updater(schema.c_str(), table.c_str(), columns);
  MemoryContextSwitchTo(outer);
  if (!updater.usable()) return Int64GetDatum(-1);
  for (uint64 r = 0; r < n; ++r) {
    MemoryContext old = MemoryContextSwitchTo(caller);
    pg::pg_call([&] { heap_deform_tuple(rows->vals[r], rows->tupdesc, values.data(), nulls.get()); });
    const ItemPointerData tid = *reinterpret_cast<ItemPointer>(DatumGetPointer(values[0]));
    if (natts == 1)
      updater.remove(tid);
    else
      updater.update(tid, values.data() + 1, nulls.get() + 1);
    MemoryContextSwitchTo(old);
    if (r % 10 == 9) MemoryContextReset(caller);
  }
  updater.finish();
  return Int64GetDatum(static_cast<int64_t>(n));
}
