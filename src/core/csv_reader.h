// Streaming CSV reader on libcsv (strict mode) for the CSV sources.
//
// The input is fed to libcsv one physical line at a time ("\n", "\r\n" or a
// lone "\r" ends one), so every record knows its starting line and its raw
// text, and a malformed line can be rejected alone: after a parse error the
// parser restarts at the next line. A quoted field that never closes would
// swallow the rest of the file; when that happens (end of file, or the row
// grows past any sane size) only the line where it started is rejected and
// the lines after it are read again. A line longer than any row can be is
// rejected whole, unread, keeping its first bytes. The first row is the
// header: columns are matched by name, in any order.
#pragma once

#include <csv.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/line_splitter.h"
#include "core/record_sink.h"
#include "core/source_spec.h"

namespace hrlake::core {

class CsvReader {
 public:
  CsvReader(const SourceSpec &spec, const ReadOptions &options,
            RecordSink &sink, std::string file_label);
  ~CsvReader();
  CsvReader(const CsvReader &) = delete;
  CsvReader &operator=(const CsvReader &) = delete;

  // Feeds the next bytes of the file (any split: results do not depend on it).
  void feed(std::string_view chunk);
  // Ends the input; throws Error when the file had no header.
  void finish();

  int64_t records() const { return records_; }
  int64_t rejects() const { return rejects_; }

 private:
  struct ParsedRow {
    std::vector<std::string> fields;
    size_t too_long_field = SIZE_MAX;  // index of a field over the limit
  };

  void on_line(const Line &line);
  void reject_too_long(const Line &line);
  void drain_replay();
  void process_line(std::string_view line);
  void resync();
  void reset_parser();
  void finish_row_group();
  void handle_row(ParsedRow &row, std::string_view raw, int64_t line_no);
  void handle_header(const ParsedRow &row, std::string_view raw);
  void reject(int64_t line_no, std::string_view raw, const std::string &why);

  static void on_field(void *data, size_t len, void *self);
  static void on_row(int terminator, void *self);

  const SourceSpec &spec_;
  ReadOptions options_;
  RecordSink &sink_;
  std::string file_label_;

  csv_parser parser_{};
  bool parser_ready_ = false;

  size_t max_line_bytes_;
  LineSplitter lines_;
  LineHandler line_handler_;
  int64_t line_no_ = 0;          // physical lines consumed
  std::string row_raw_;          // lines of the row in progress
  int64_t row_start_line_ = 0;
  size_t row_first_line_len_ = 0;
  std::string replay_;           // lines to read again after a resync

  ParsedRow current_;            // fields of the row libcsv is building
  std::vector<ParsedRow> completed_;

  bool have_header_ = false;
  size_t header_width_ = 0;
  std::vector<int> column_of_field_;  // header position -> spec column, -1
  FieldValues values_;
  int64_t records_ = 0;
  int64_t rejects_ = 0;
};

}  // namespace hrlake::core
