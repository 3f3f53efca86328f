#include "pg/batch_ledger.h"

#include <algorithm>

#include "pg/datum_arrays.h"
#include "pg/staged_rows.h"

namespace hrlake::pg::ledger {

std::optional<int64_t> batch_of_content(SpiSession &spi, const std::string &source, const std::string &digest) {
  SpiParams p;
  p.text(source).bytea(digest.data(), digest.size());
  return spi.int8_value(
      "SELECT batch_id FROM hrlake.batch WHERE source OPERATOR(pg_catalog.=) $1 "
      "AND content_sha256 OPERATOR(pg_catalog.=) $2",
      std::move(p));
}

int64_t open_file_batch(SpiSession &spi, const std::string &source, const std::string &path,
                        const std::string &digest) {
  SpiParams p;
  p.text(source).text(path).bytea(digest.data(), digest.size());
  return *spi.int8_value(
      "INSERT INTO hrlake.batch (source, origin, path, content_sha256, loaded_by) "
      "VALUES ($1, 'file', $2, $3, pg_catalog.session_user()) RETURNING batch_id",
      std::move(p));
}

namespace {

// Gives the rows clients copied into hrlake_stage.<table_name> since the
// last ingest a batch of their own, numbered in arrival order from
// first_line. Rows are looked for only when a statement staged some since
// then (its note in hrlake._stage_arrival): right after an ingest the table
// holds nothing but dead rows, and a scan of them would cost the next
// (stream) job more than its work. A statement's note commits with its
// rows, so rows whose note this does not see are not seen by the claim
// either; they wait.
void claim_copied(SpiSession &spi, const core::SourceSpec &spec, const std::string &table_name, int first_line) {
  SpiParams arrivals;
  arrivals.text(table_name);
  if (spi.execute("DELETE FROM hrlake._stage_arrival WHERE table_name OPERATOR(pg_catalog.=) $1",
                  std::move(arrivals)) == 0)
    return;
  const std::string table = "hrlake_stage." + std::string(pg_call([&] { return quote_identifier(table_name.c_str()); }));
  const auto waiting = spi.int8_value("SELECT 1 FROM " + table + " WHERE batch_id IS NULL LIMIT 1");
  if (!waiting) return;
  SpiParams p;
  p.text(spec.name);
  const int64_t batch = *spi.int8_value(
      "INSERT INTO hrlake.batch (source, origin, loaded_by) VALUES ($1, 'copy', pg_catalog.session_user()) "
      "RETURNING batch_id",
      std::move(p));
  // The numbering and the claim read the same snapshot: one statement.
  // Joined on ctid, so that even a plan made on stale statistics (a nested
  // loop where one row was expected) finds each row by a TID scan, never
  // by scanning the table once per row.
  SpiParams claim;
  claim.int8(batch).int8(first_line - 1);
  const uint64 claimed = spi.execute(
      "UPDATE " + table + " s SET batch_id = $1, line_no = n.line_no FROM ("
      "SELECT ctid AS row_ctid, $2 OPERATOR(pg_catalog.+) pg_catalog.row_number() OVER (ORDER BY stage_id) AS line_no "
      "FROM " + table + " WHERE batch_id IS NULL) n WHERE s.ctid OPERATOR(pg_catalog.=) n.row_ctid",
      std::move(claim));
  SpiParams staged;
  staged.int8(batch).int8(static_cast<int64_t>(claimed));
  spi.execute(claimed ? "UPDATE hrlake.batch SET rows_staged = $2 WHERE batch_id OPERATOR(pg_catalog.=) $1"
                      : "DELETE FROM hrlake.batch WHERE batch_id OPERATOR(pg_catalog.=) $1",
              std::move(staged));
}

}  // namespace

std::vector<int64_t> claim_staged(SpiSession &spi, const core::SourceSpec &spec) {
  claim_copied(spi, spec, spec.name, 2);  // line 1 would be a header
  // JSON documents piped in: line n is the n-th, as in a JSON-lines file.
  if (json_lines_table(spec)) claim_copied(spi, spec, spec.name + "_raw", 1);
  SpiParams p;
  p.text(spec.name);
  const uint64 n = spi.execute(
      "SELECT batch_id FROM hrlake.batch WHERE source OPERATOR(pg_catalog.=) $1 "
      "AND status OPERATOR(pg_catalog.=) 'staged' ORDER BY batch_id",
      std::move(p));
  return pg_call([&] {
    std::vector<int64_t> batches;
    for (uint64 i = 0; i < n; ++i) {
      bool is_null;
      batches.push_back(DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1, &is_null)));
    }
    return batches;
  });
}

int64_t rows_staged(SpiSession &spi, const std::vector<int64_t> &batches) {
  SpiParams p;
  p.add(INT8ARRAYOID, int8_array(batches));
  return spi.int8_value("SELECT pg_catalog.sum(rows_staged)::int8 FROM hrlake.batch "
                        "WHERE batch_id OPERATOR(pg_catalog.=) ANY ($1)",
                        std::move(p))
      .value_or(0);
}

void drop_staged(SpiSession &spi, const core::SourceSpec &spec, const std::vector<int64_t> &batches) {
  std::vector<std::string> tables = {staging_table(spec)};
  if (auto documents = json_lines_table(spec)) tables.push_back(*documents);
  for (const std::string &table : tables) {
    SpiParams p;
    p.add(INT8ARRAYOID, int8_array(batches));
    spi.execute("DELETE FROM " + table + " WHERE batch_id OPERATOR(pg_catalog.=) ANY ($1)", std::move(p));
  }
}

namespace {
// The counts of the rows SPI_tuptable holds (batch_id, rows_total, rows_loaded, rows_duplicate, rows_rejected).
std::vector<BatchCounts> counts_of_result(uint64 n) {
  return pg_call([&] {
    std::vector<BatchCounts> out;
    for (uint64 r = 0; r < n; ++r) {
      BatchCounts c{};
      bool is_null;
      HeapTuple t = SPI_tuptable->vals[r];
      int64_t *fields[5] = {&c.batch_id, &c.rows_total, &c.rows_loaded, &c.rows_duplicate, &c.rows_rejected};
      for (int i = 0; i < 5; ++i) *fields[i] = DatumGetInt64(SPI_getbinval(t, SPI_tuptable->tupdesc, i + 1, &is_null));
      out.push_back(c);
    }
    return out;
  });
}
}  // namespace

BatchCounts finish(SpiSession &spi, int64_t batch_id, const BatchTally &tally, const char *status) {
  SpiParams p;
  p.int8(batch_id).int8(tally.records).int8(tally.read_rejects).int8(tally.rule_rejects).int8(tally.loaded);
  p.text(status);
  spi.execute(
      "WITH n AS (SELECT $2::int8 AS staged, b.rows_rejected_at_load OPERATOR(pg_catalog.+) $3 AS read_rejects "
      "           FROM hrlake.batch b WHERE b.batch_id OPERATOR(pg_catalog.=) $1) "
      "UPDATE hrlake.batch b SET status = $6, "
      "  ingested_at = CASE WHEN $6 OPERATOR(pg_catalog.=) 'ingested' THEN pg_catalog.now() END, "
      "  rows_staged = n.staged, rows_rejected_at_load = n.read_rejects, "
      "  rows_total = n.staged OPERATOR(pg_catalog.+) n.read_rejects, rows_loaded = $5, "
      "  rows_rejected = n.read_rejects OPERATOR(pg_catalog.+) $4, "
      "  rows_duplicate = n.staged OPERATOR(pg_catalog.-) $4 OPERATOR(pg_catalog.-) $5 "
      "FROM n WHERE b.batch_id OPERATOR(pg_catalog.=) $1 "
      "RETURNING b.batch_id, b.rows_total, b.rows_loaded, b.rows_duplicate, b.rows_rejected",
      std::move(p));
  return counts_of_result(1).at(0);
}

std::vector<BatchCounts> mark_merged(SpiSession &spi, const std::vector<int64_t> &batches) {
  SpiParams p;
  p.add(INT8ARRAYOID, int8_array(batches));
  const uint64 n = spi.execute(
      "UPDATE hrlake.batch SET status = 'ingested', ingested_at = pg_catalog.now() "
      "WHERE batch_id OPERATOR(pg_catalog.=) ANY ($1) "
      "RETURNING batch_id, rows_total, rows_loaded, rows_duplicate, rows_rejected",
      std::move(p));
  std::vector<BatchCounts> counts = counts_of_result(n);
  std::sort(counts.begin(), counts.end(), [](const BatchCounts &a, const BatchCounts &b) { return a.batch_id < b.batch_id; });
  return counts;
}

}  // namespace hrlake::pg::ledger
