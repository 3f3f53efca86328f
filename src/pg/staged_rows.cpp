#include "pg/staged_rows.h"

#include "core/json_reader.h"
#include "core/raw_text.h"
#include "core/text.h"
#include "pg/datum_arrays.h"
#include "pg/query_cursor.h"
#include "pg/settings.h"
#include "pg/slot_values.h"

namespace hrlake::pg {

namespace {

std::string quoted(const std::string &name) {
  return std::string(pg_call([&] { return quote_identifier(name.c_str()); }));
}

constexpr long kFetchRows = 10000;

// A fetch's rows copied out of the executor's slots: the intake writes
// between fetches, never inside the executor's callback.
struct StagedRow {
  int64_t batch_id, line_no;
  std::vector<std::optional<std::string>> values;
  std::optional<std::string> raw;
};

// A fetch's documents, copied out of the slots (as StagedRow).
struct StagedDocument {
  int64_t batch_id, line_no;
  std::optional<std::string> doc;
};

// The parsed values of hrlake_stage.<source>.
void feed_values(const core::SourceSpec &spec, const std::vector<int64_t> &batches, Intake &intake) {
  const int ncols = static_cast<int>(spec.columns.size());
  std::string select = "SELECT ";
  for (const auto &c : spec.columns) select += quoted(c.name) + ", ";
  select += "batch_id, line_no, raw FROM " + staging_table(spec) +
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
      // Rows a client copied have no raw text: the fields say what it was
      // (made only for a row refused).
      intake.record(
          r.line_no, [&] { return r.raw ? *r.raw : core::staged_row_text(spec, untrimmed); }, values);
    }
    if (n == 0) break;
  }
  MemoryContextDelete(scratch);
}

// Each document is read as a line of a JSON-lines file would be
// (core::read_json_document): the same limits, shapes and reasons.
void feed_documents(const core::SourceSpec &spec, const std::string &table, const std::vector<int64_t> &batches,
                    Intake &intake) {
  const std::string select =
      "SELECT doc, batch_id, line_no FROM " + table + " WHERE batch_id = ANY ($1) ORDER BY batch_id, line_no";
  SpiParams params;
  params.add(INT8ARRAYOID, int8_array(batches));
  QueryCursor cursor(select.c_str(), std::move(params));
  core::ReadOptions options;
  options.max_field_bytes = static_cast<size_t>(max_field_size_kb) * 1024;

  MemoryContext scratch = pg_call([] {
    return AllocSetContextCreate(CurrentMemoryContext, "hrlake staged documents", ALLOCSET_DEFAULT_SIZES);
  });
  std::vector<StagedDocument> docs;
  const QueryCursor::RowFn on_row = [&](TupleTableSlot *slot) {
    StagedDocument d;
    if (auto doc = slot_text(slot, 1, scratch)) d.doc.emplace(*doc);
    d.batch_id = slot_int8(slot, 2);
    d.line_no = slot_int8(slot, 3);
    docs.push_back(std::move(d));
  };
  int64_t batch = 0;
  for (;;) {
    docs.clear();
    const uint64 n = cursor.fetch(kFetchRows, on_row);
    MemoryContextReset(scratch);
    for (const StagedDocument &d : docs) {
      if (d.batch_id != batch) intake.begin_batch(batch = d.batch_id);
      // NULL, like a blank line, is no document.
      if (d.doc) core::read_json_document(spec, options, *d.doc, d.line_no, intake);
    }
    if (n == 0) break;
  }
  MemoryContextDelete(scratch);
}

}  // namespace

std::string staging_table(const core::SourceSpec &spec) { return "hrlake_stage." + quoted(spec.name); }

std::optional<std::string> json_lines_table(const core::SourceSpec &spec) {
  if (spec.format == core::SourceFormat::kCsv) return std::nullopt;
  return "hrlake_stage." + quoted(spec.name + "_raw");
}

void feed_staged(const core::SourceSpec &spec, const std::vector<int64_t> &batches, Intake &intake) {
  if (batches.empty()) return;
  feed_values(spec, batches, intake);
  if (auto table = json_lines_table(spec)) feed_documents(spec, *table, batches, intake);
}

}  // namespace hrlake::pg
