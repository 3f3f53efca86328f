#include "pg/staged_rows.h"

#include "core/raw_text.h"
#include "core/text.h"
#include "pg/datum_arrays.h"
#include "pg/query_cursor.h"
#include "pg/slot_values.h"

namespace hrlake::pg {

namespace {

constexpr long kFetchRows = 10000;

// A fetch's rows copied out of the executor's slots: the intake writes
// between fetches, never inside the executor's callback.
struct StagedRow {
  int64_t batch_id, line_no;
  std::vector<std::optional<std::string>> values;
  std::optional<std::string> raw;
};

}  // namespace

void feed_staged(const core::SourceSpec &spec, const std::vector<int64_t> &batches, Intake &intake) {
  if (batches.empty()) return;
  const int ncols = static_cast<int>(spec.columns.size());
  std::string select = "SELECT ";
  for (const auto &c : spec.columns) select += std::string(pg_call([&] { return quote_identifier(c.name.c_str()); })) + ", ";
  select += "batch_id, line_no, raw FROM hrlake_stage." +
            std::string(pg_call([&] { return quote_identifier(spec.name.c_str()); })) +
            " WHERE batch_id = ANY ($1) ORDER BY batch_id, line_no";
  SpiParams params;
  params.add(INT8ARRAYOID, int8_array(batches));
  QueryCursor cursor(select.c_str(), std::move(params));

  MemoryContext scratch = pg_call([] {
    return AllocSetContextCreate(CurrentMemoryContext, "hrlake staged rows", ALLOCSET_DEFAULT_SIZES);
  });
  std::vector<StagedRow> rows;
  const QueryCursor::RowFn on_row = [&](TupleTableSlot *slot) {
    StagedRow r;
    for (int c = 0; c < ncols; ++c) {
      auto v = slot_text(slot, c + 1, scratch);
      r.values.emplace_back(v ? std::optional<std::string>(*v) : std::nullopt);
    }
    bool is_null;
    r.batch_id = DatumGetInt64(slot_getattr(slot, ncols + 1, &is_null));
    r.line_no = DatumGetInt64(slot_getattr(slot, ncols + 2, &is_null));
    if (auto raw = slot_text(slot, ncols + 3, scratch)) r.raw.emplace(*raw);
    rows.push_back(std::move(r));
  };
  int64_t batch = 0;
  core::FieldValues values(ncols);
  core::RawFields untrimmed(ncols);
  for (;;) {
    rows.clear();
    const uint64 n = cursor.fetch(kFetchRows, on_row);
    MemoryContextReset(scratch);
    for (const StagedRow &r : rows) {
      if (r.batch_id != batch) intake.begin_batch(batch = r.batch_id);
      for (int c = 0; c < ncols; ++c) {
        untrimmed[c] = r.values[c] ? std::optional<std::string_view>(*r.values[c]) : std::nullopt;
        std::optional<std::string_view> v = untrimmed[c];
        if (v) v = core::trim(*v);
        values[c] = v && !v->empty() ? v : std::nullopt;
      }
      // Rows a client copied have no raw text: the fields say what it was.
      const std::string raw = r.raw ? *r.raw : core::staged_row_text(spec, untrimmed);
      intake.record(r.line_no, raw, values);
    }
    if (n == 0) break;
  }
  MemoryContextDelete(scratch);
}

}  // namespace hrlake::pg
