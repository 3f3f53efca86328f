#include "core/json_reader.h"

#include "core/error.h"
#include "core/interrupts.h"
#include "core/text.h"

namespace hrlake::core {

namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

bool is_json_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool same_spec(const SourceSpec &a, const SourceSpec &b) {
  if (a.name != b.name || a.format != b.format || a.columns.size() != b.columns.size())
    return false;
  for (size_t c = 0; c < a.columns.size(); ++c)
    if (a.columns[c].name != b.columns[c].name) return false;
  return true;
}

}  // namespace

JsonReader::JsonReader(const SourceSpec &spec, const ReadOptions &options, RecordSink &sink,
                       std::string file_label)
    : sink_(sink),
      file_label_(std::move(file_label)),
      max_line_bytes_(options.max_line_bytes(spec.columns.size())),
      documents_(spec, options),
      lines_(max_line_bytes_, options.max_field_bytes),
      line_handler_([this](const Line &line) { on_line(line); }),
      element_handler_([this](const JsonElement &element) { on_element(element); }) {}

JsonReader::~JsonReader() = default;

void JsonReader::feed(std::string_view chunk) {
  check_for_interrupts();
  if (mode_ == Mode::kUndecided) {
    // Until the first non-blank byte, the bytes go to the line splitter
    // (blank lines, ignored), so that line numbers count them.
    const size_t at = decide(chunk);
    lines_.feed(chunk.substr(0, at), line_handler_);
    if (at == std::string_view::npos) {
      consumed_ += chunk.size();
      return;
    }
    if (chunk[at] == '[' && bom_seen_ != 1 && bom_seen_ != 2) {
      mode_ = Mode::kArray;
      array_ = std::make_unique<JsonArraySplitter>(max_line_bytes_,
                                                   documents_.options().max_field_bytes,
                                                   consumed_ + at, file_label_);
    } else {
      mode_ = Mode::kLines;
    }
    chunk.remove_prefix(at);
  }
  consumed_ += chunk.size();
  if (mode_ == Mode::kLines)
    lines_.feed(chunk, line_handler_);
  else
    array_->feed(chunk, element_handler_);
}

// Where in chunk the first byte that is not blank (nor part of a leading
// byte order mark) is, or npos.
size_t JsonReader::decide(std::string_view chunk) {
  for (size_t i = 0; i < chunk.size(); ++i) {
    const uint64_t at = consumed_ + i;
    if (at < kUtf8Bom.size() && bom_seen_ == at && chunk[i] == kUtf8Bom[at]) {
      ++bom_seen_;
      continue;
    }
    if (bom_seen_ == 1 || bom_seen_ == 2) return i;  // not a mark after all: data
    if (!is_json_blank(chunk[i])) return i;
  }
  return std::string_view::npos;
}

void JsonReader::finish() {
  if (mode_ == Mode::kUndecided) {
    if (bom_seen_ != 1 && bom_seen_ != 2)
      throw Error(sqlstate::kBadCopyFileFormat, "file " + file_label_ + " is empty", {},
                  "Expected a JSON array or JSON lines.");
    mode_ = Mode::kLines;  // a file of two odd bytes: one line, rejected
  }
  if (mode_ == Mode::kLines)
    lines_.finish(line_handler_);
  else
    array_->finish();
}

void JsonReader::on_line(const Line &line) {
  if (mode_ != Mode::kLines) return;  // a blank line before the data
  if (line.too_long)
    return reject(line.number, line.bytes,
                  too_long_reason("line", line.length, max_line_bytes_, line.offset + 1,
                                  line.bytes.size()));
  std::string_view text = line.text();
  if (line.number == 1 && text.substr(0, kUtf8Bom.size()) == kUtf8Bom)
    text.remove_prefix(kUtf8Bom.size());
  if (trim(text).empty()) return;
  read_document(line.number, text);
}

void JsonReader::on_element(const JsonElement &element) {
  if (element.too_long)
    return reject(element.number, element.text,
                  too_long_reason("element", element.length, max_line_bytes_,
                                  element.offset + 1, element.text.size()));
  if (element.text.empty())
    return reject(element.number, element.text,
                  "malformed JSON: no value between two commas, or between a comma and \"]\"");
  read_document(element.number, element.text);
}

void JsonReader::read_document(int64_t line_no, std::string_view doc) {
  if (documents_.read(line_no, doc, sink_))
    ++records_;
  else
    ++rejects_;
}

void JsonReader::reject(int64_t line_no, std::string_view raw, const std::string &why) {
  ++rejects_;
  sink_.reject(line_no, raw, why);
}

void read_json_document(const SourceSpec &spec, const ReadOptions &options,
                        std::string_view doc, int64_t line_no, RecordSink &sink) {
  doc = trim(doc);
  if (doc.empty()) return;
  const size_t limit = options.max_line_bytes(spec.columns.size());
  if (doc.size() > limit) {
    const std::string_view kept = utf8_prefix(doc, options.max_field_bytes);
    sink.reject(line_no, kept, too_long_reason("line", doc.size(), limit, 0, kept.size()));
    return;
  }
  // One reader (and its parser's buffers) serves a session's calls, which
  // come one line at a time.
  thread_local std::unique_ptr<JsonDocumentReader> cached;
  if (!cached || !same_spec(cached->spec(), spec) ||
      cached->options().max_field_bytes != options.max_field_bytes)
    cached = std::make_unique<JsonDocumentReader>(spec, options);
  cached->read(line_no, doc, sink);
}

}  // namespace hrlake::core
