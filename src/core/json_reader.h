// Streaming reader for the JSON sources: one JSON array (of strings for word
// lists, of objects for messages) or JSON lines, told apart by the first
// non-blank character. Memory is bounded by the line limit, never by the
// file: JSON lines are cut with LineSplitter ("\n", "\r\n" or a lone "\r"),
// an array with JsonArraySplitter, and each line or element is parsed alone
// by JsonDocumentReader, so a bad one is one reject (with its line or
// element number) and the rest is read. Only an array that is broken as a
// whole (not closed, text after it) refuses the file.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/json_array_splitter.h"
#include "core/json_document.h"
#include "core/line_splitter.h"
#include "core/record_sink.h"
#include "core/source_spec.h"

namespace hrlake::core {

class JsonReader {
 public:
  JsonReader(const SourceSpec &spec, const ReadOptions &options, RecordSink &sink,
             std::string file_label);
  ~JsonReader();
  JsonReader(const JsonReader &) = delete;
  JsonReader &operator=(const JsonReader &) = delete;

  // Feeds the next bytes of the file (any split: results do not depend on it).
  void feed(std::string_view chunk);
  // Ends the input; throws Error when the file is empty or a broken array.
  void finish();

  int64_t records() const { return records_; }
  int64_t rejects() const { return rejects_; }

 private:
  enum class Mode { kUndecided, kLines, kArray };

  size_t decide(std::string_view chunk);
  void on_line(const Line &line);
  void on_element(const JsonElement &element);
  void read_document(int64_t line_no, std::string_view doc);
  void reject(int64_t line_no, std::string_view raw, const std::string &why);

  RecordSink &sink_;
  std::string file_label_;
  size_t max_line_bytes_;
  JsonDocumentReader documents_;
  Mode mode_ = Mode::kUndecided;
  uint64_t consumed_ = 0;     // bytes fed before the current chunk
  size_t bom_seen_ = 0;       // bytes of a leading UTF-8 byte order mark seen
  LineSplitter lines_;
  LineHandler line_handler_;
  std::unique_ptr<JsonArraySplitter> array_;
  JsonElementHandler element_handler_;
  int64_t records_ = 0;
  int64_t rejects_ = 0;
};

// Reads ONE JSON document (e.g. a line a client copied into a text column)
// into sink as a record or a reject, by the rules of a JSON-lines file: a
// blank document gives nothing; one longer than the line limit, deeper than
// kMaxJsonDepth, malformed or of the wrong shape is a reject with a reason.
void read_json_document(const SourceSpec &spec, const ReadOptions &options,
                        std::string_view doc, int64_t line_no, RecordSink &sink);

}  // namespace hrlake::core
