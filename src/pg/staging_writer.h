// The RecordSink of hrlake.load(): collects records and rejects in column
// arrays and writes them with one INSERT ... SELECT FROM unnest(...) per
// chunk, which is many times faster than a statement per row. Memory stays
// bounded: each chunk's Datums live in a context reset after the chunk.
#pragma once

#include "core/record_sink.h"
#include "core/source_spec.h"
#include "pg/spi.h"

namespace hrlake::pg {

class StagingWriter : public core::RecordSink {
 public:
  StagingWriter(SpiSession &spi, const core::SourceSpec &spec, int64_t batch_id);
  ~StagingWriter() override;

  void record(int64_t line_no, std::string_view raw,
              const core::FieldValues &values) override;
  void reject(int64_t line_no, std::string_view raw, const std::string &reason) override;
  void notice(const std::string &message) override;
  // Writes what is still buffered.
  void flush();

  int64_t records() const { return records_; }
  int64_t rejects() const { return rejects_; }

 private:
  void flush_records();
  void flush_rejects();

  static constexpr size_t kChunkRows = 10000;

  SpiSession &spi_;
  const core::SourceSpec &spec_;
  int64_t batch_id_;
  std::string insert_records_sql_;
  MemoryContext chunk_context_;

  std::vector<int64_t> line_nos_;
  std::vector<std::optional<std::string>> raws_;
  std::vector<std::vector<std::optional<std::string>>> columns_;
  size_t buffered_ = 0;

  struct PendingReject {
    int64_t line_no;
    std::string raw;
    std::string reason;
  };
  std::vector<PendingReject> pending_rejects_;

  int64_t records_ = 0;
  int64_t rejects_ = 0;
};

}  // namespace hrlake::pg
