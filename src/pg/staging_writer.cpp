#include "pg/staging_writer.h"

#include "core/text.h"
#include "pg/datum_arrays.h"

namespace hrlake::pg {

StagingWriter::StagingWriter(SpiSession &spi, const core::SourceSpec &spec,
                             int64_t batch_id)
    : spi_(spi), spec_(spec), batch_id_(batch_id) {
  // The staging table and its columns come from the fixed source registry,
  // quoted all the same.
  std::string cols, unnest_args;
  int param = 3;
  for (const auto &c : spec.columns) {
    cols += ", " + std::string(pg_call([&] { return quote_identifier(c.name.c_str()); }));
    unnest_args += ", $" + std::to_string(++param) + "::text[]";
  }
  insert_records_sql_ =
      "INSERT INTO hrlake_stage." +
      std::string(pg_call([&] { return quote_identifier(spec.name.c_str()); })) +
      " (batch_id, line_no, raw" + cols + ") SELECT $1, u.* FROM unnest($2::int8[], $3::text[]" +
      unnest_args + ") AS u";
  chunk_context_ = pg_call([] {
    return AllocSetContextCreate(CurrentMemoryContext, "hrlake staging chunk",
                                 ALLOCSET_DEFAULT_SIZES);
  });
  columns_.resize(spec.columns.size());
  for (auto &col : columns_) col.reserve(kChunkRows);
  line_nos_.reserve(kChunkRows);
}

StagingWriter::~StagingWriter() { MemoryContextDelete(chunk_context_); }

void StagingWriter::record(int64_t line_no, std::string_view raw,
                           const core::FieldValues &values) {
  line_nos_.push_back(line_no);
  raws_.emplace_back(std::in_place, raw);
  for (size_t c = 0; c < values.size(); ++c) {
    if (values[c])
      columns_[c].emplace_back(std::in_place, *values[c]);
    else
      columns_[c].emplace_back(std::nullopt);
  }
  ++records_;
  if (++buffered_ >= kChunkRows) flush_records();
}

void StagingWriter::reject(int64_t line_no, std::string_view raw,
                           const std::string &reason) {
  pending_rejects_.push_back({line_no, std::string(raw), reason});
  ++rejects_;
  if (pending_rejects_.size() >= kChunkRows) flush_rejects();
}

void StagingWriter::notice(const std::string &message) { pg::notice(message); }

void StagingWriter::flush() {
  flush_records();
  flush_rejects();
}

void StagingWriter::flush_records() {
  if (buffered_ == 0) return;
  pg_call([] { CHECK_FOR_INTERRUPTS(); });
  MemoryContext old = MemoryContextSwitchTo(chunk_context_);
  SpiParams params;
  params.int8(batch_id_);
  params.add(INT8ARRAYOID, int8_array(line_nos_));
  params.add(TEXTARRAYOID, text_array(raws_));
  for (const auto &col : columns_) params.add(TEXTARRAYOID, text_array(col));
  MemoryContextSwitchTo(old);
  spi_.execute(insert_records_sql_, std::move(params));
  MemoryContextReset(chunk_context_);
  line_nos_.clear();
  raws_.clear();
  for (auto &col : columns_) col.clear();
  buffered_ = 0;
}

void StagingWriter::flush_rejects() {
  if (pending_rejects_.empty()) return;
  // Raw bytes that are not valid text (invalid UTF-8, NUL) are kept exactly
  // in raw_bytes, and shown in raw with the bad bytes escaped.
  std::vector<int64_t> lines;
  std::vector<std::optional<std::string>> raws, reasons, raw_bytes;
  for (auto &r : pending_rejects_) {
    lines.push_back(r.line_no);
    reasons.emplace_back(r.reason);
    if (r.raw.find('\0') == std::string::npos && core::is_valid_utf8(r.raw)) {
      raws.emplace_back(std::move(r.raw));
      raw_bytes.emplace_back(std::nullopt);
    } else {
      raws.emplace_back(escape_invalid_bytes(r.raw));
      raw_bytes.emplace_back(std::move(r.raw));
    }
  }
  MemoryContext old = MemoryContextSwitchTo(chunk_context_);
  SpiParams params;
  params.int8(batch_id_).text(spec_.name);
  params.add(INT8ARRAYOID, int8_array(lines));
  params.add(TEXTARRAYOID, text_array(raws));
  params.add(BYTEAARRAYOID, bytea_array(raw_bytes));
  params.add(TEXTARRAYOID, text_array(reasons));
  MemoryContextSwitchTo(old);
  spi_.execute(
      "INSERT INTO hrlake.rejected_row (batch_id, source, line_no, raw, raw_bytes, reason, stage) "
      "SELECT $1, $2, u.*, 'load' FROM unnest($3::int8[], $4::text[], $5::bytea[], $6::text[]) AS u",
      std::move(params));
  MemoryContextReset(chunk_context_);
  pending_rejects_.clear();
}

}  // namespace hrlake::pg
