// An entry point that writes a query's rows through BulkInsert, for the
// regression tests only (sql/bulk_insert.sql creates it in a test schema;
// the extension script does not expose it).
#include "pg/bulk_insert.h"
#include "selftest_rows.h"

using namespace hrlake;

// selftest.bulk_insert(schema, table, query): inserts every row of query
// into schema.table, the query's column names naming the target columns.
// Returns the number of rows written.
HRLAKE_FUNCTION(hrlake_selftest_bulk_insert) {
  const std::string schema = pg::text_to_string(PG_GETARG_DATUM(0));
  const std::string table = pg::text_to_string(PG_GETARG_DATUM(1));
  pg::SelftestRows rows(pg::text_to_string(PG_GETARG_DATUM(2)));
  auto writer = rows.make<pg::BulkInsert>(schema.c_str(), table.c_str(), rows.column_names(0));
  rows.for_each([&](const Datum *values, const bool *nulls) { writer->add(values, nulls); });
  writer->finish();
  return Int64GetDatum(static_cast<int64_t>(writer->rows()));
}
