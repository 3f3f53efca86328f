// An entry point that writes a query's rows through BulkInsert, for the
// regression tests only (sql/bulk_insert.sql creates it in a test schema;
// the extension script does not expose it).
#include "pg/bulk_insert.h"
#include "pg/spi.h"

using namespace hrlake;

// selftest.bulk_insert(schema, table, query): inserts every row of query
// into schema.table, the query's column names naming the target columns.
// Returns the number of rows written.
HRLAKE_FUNCTION(hrlake_selftest_bulk_insert) {
  const std::string schema = pg::text_to_string(PG_GETARG_DATUM(0));
  const std::string table = pg::text_to_string(PG_GETARG_DATUM(1));
  const std::string query = pg::text_to_string(PG_GETARG_DATUM(2));
  pg::SpiSession spi;
  const uint64 n = spi.execute(query);
  SPITupleTable *rows = SPI_tuptable;
  std::vector<std::string> columns;
  const int natts = rows->tupdesc->natts;
  for (int i = 0; i < natts; ++i) columns.emplace_back(NameStr(TupleDescAttr(rows->tupdesc, i)->attname));
  std::vector<Datum> values(natts);
  std::unique_ptr<bool[]> nulls(new bool[natts]);
  // The caller's current context is short-lived, as in real callers: what
  // the writer keeps must not live there, whether made when it was
  // constructed or when rows were added.
  MemoryContext caller = pg::pg_call([] {
    return AllocSetContextCreate(CurrentMemoryContext, "bulk insert selftest caller", ALLOCSET_SMALL_SIZES);
  });
  MemoryContext outer = MemoryContextSwitchTo(caller);
  pg::BulkInsert writer(schema.c_str(), table.c_str(), columns);
  MemoryContextSwitchTo(outer);
  for (uint64 r = 0; r < n; ++r) {
    MemoryContext old = MemoryContextSwitchTo(caller);
    pg::pg_call([&] { heap_deform_tuple(rows->vals[r], rows->tupdesc, values.data(), nulls.get()); });
    writer.add(values.data(), nulls.get());
    MemoryContextSwitchTo(old);
    if (r % 10 == 9) {
      MemoryContextReset(caller);
      pg::pg_call([] { CHECK_FOR_INTERRUPTS(); });
    }
  }
  writer.finish();
  return Int64GetDatum(static_cast<int64_t>(writer.rows()));
}
