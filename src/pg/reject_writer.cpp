#include "pg/reject_writer.h"

#include "core/text.h"
#include "pg/convert.h"
#include "pg/datum_arrays.h"

namespace hrlake::pg {

using namespace catalog;

RejectWriter::RejectWriter(std::string source) : source_(std::move(source)) {}

void RejectWriter::add(const core::Position &at, std::string_view raw, const std::string &reason, const char *stage) {
  if (!writer_)
    writer_ = std::make_unique<BulkInsert>(
        kRejectedRow, std::vector<int>{Anum_rejected_row_batch_id, Anum_rejected_row_source, Anum_rejected_row_line_no,
                                       Anum_rejected_row_raw, Anum_rejected_row_raw_bytes, Anum_rejected_row_reason,
                                       Anum_rejected_row_stage});
  const bool is_text = raw.find('\0') == std::string_view::npos && core::is_valid_utf8(raw);
  Datum values[Natts_rejected_row] = {};
  bool nulls[Natts_rejected_row] = {};
  MemoryContext old = MemoryContextSwitchTo(writer_->row_context());
  values[Anum_rejected_row_batch_id - 1] = Int64GetDatum(at.batch_id);
  values[Anum_rejected_row_source - 1] = text_datum(source_);
  values[Anum_rejected_row_line_no - 1] = Int64GetDatum(at.line_no);
  values[Anum_rejected_row_raw - 1] = is_text ? text_datum(raw) : text_datum(escape_invalid_bytes(std::string(raw)));
  if (is_text)
    nulls[Anum_rejected_row_raw_bytes - 1] = true;
  else
    values[Anum_rejected_row_raw_bytes - 1] = bytea_datum(raw.data(), raw.size());
  values[Anum_rejected_row_reason - 1] = text_datum(reason);
  values[Anum_rejected_row_stage - 1] = text_datum(stage);
  MemoryContextSwitchTo(old);
  writer_->add_row(values, nulls);
}

void RejectWriter::finish() {
  if (writer_) writer_->finish();
}

}  // namespace hrlake::pg
