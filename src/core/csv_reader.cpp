#include "core/csv_reader.h"

#include <algorithm>
#include <cctype>

#include "core/error.h"
#include "core/text.h"

namespace hrlake::core {

namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

bool is_blank_line(std::string_view line) { return trim(line).empty(); }

std::string_view strip_line_end(std::string_view s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char &c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Why a row's bytes cannot be stored as text, or empty when they can.
std::string encoding_problem(std::string_view raw) {
  if (raw.find('\0') != std::string_view::npos)
    return "contains a NUL byte (binary data?)";
  if (auto bad = first_invalid_utf8(raw))
    return "invalid UTF-8 at byte " + std::to_string(*bad + 1) + " of the row";
  return {};
}

}  // namespace

CsvReader::CsvReader(const SourceSpec &spec, const ReadOptions &options,
                     RecordSink &sink, std::string file_label)
    : spec_(spec), options_(options), sink_(sink), file_label_(std::move(file_label)) {
  reset_parser();
  values_.resize(spec_.columns.size());
}

CsvReader::~CsvReader() {
  if (parser_ready_) csv_free(&parser_);
}

void CsvReader::reset_parser() {
  if (parser_ready_) csv_free(&parser_);
  if (csv_init(&parser_, CSV_STRICT | CSV_STRICT_FINI) != 0)
    throw Error(sqlstate::kOutOfMemory, "could not initialise the CSV parser");
  parser_ready_ = true;
  current_ = ParsedRow{};
  completed_.clear();
}

void CsvReader::on_field(void *data, size_t len, void *self_ptr) {
  auto *self = static_cast<CsvReader *>(self_ptr);
  ParsedRow &row = self->current_;
  if (len > self->options_.max_field_bytes) {
    if (row.too_long_field == SIZE_MAX) row.too_long_field = row.fields.size();
    row.fields.emplace_back();
  } else {
    row.fields.emplace_back(static_cast<const char *>(data), len);
  }
}

void CsvReader::on_row(int, void *self_ptr) {
  auto *self = static_cast<CsvReader *>(self_ptr);
  self->completed_.push_back(std::move(self->current_));
  self->current_ = ParsedRow{};
}

void CsvReader::feed(std::string_view chunk) {
  while (!chunk.empty()) {
    const size_t nl = chunk.find('\n');
    if (nl == std::string_view::npos) {
      partial_line_.append(chunk);
      if (partial_line_.size() > options_.max_field_bytes * (spec_.columns.size() + 1) + (1u << 16)) {
        // One enormous line without a newline: no valid row is that long.
        std::string line = std::move(partial_line_);
        partial_line_.clear();
        drive_line(line);
      }
      return;
    }
    if (partial_line_.empty()) {
      drive_line(chunk.substr(0, nl + 1));
    } else {
      partial_line_.append(chunk.substr(0, nl + 1));
      std::string line = std::move(partial_line_);
      partial_line_.clear();
      drive_line(line);
    }
    chunk.remove_prefix(nl + 1);
  }
}

// Processes one physical line, then any lines a resync asked to re-read.
void CsvReader::drive_line(std::string_view line) {
  process_line(line);
  drain_replay();
}

// Reads again the lines a resync set aside.
void CsvReader::drain_replay() {
  while (!replay_.empty()) {
    std::string work = std::move(replay_);
    replay_.clear();
    size_t pos = 0;
    while (pos < work.size()) {
      size_t nl = work.find('\n', pos);
      size_t end = nl == std::string::npos ? work.size() : nl + 1;
      process_line(std::string_view(work).substr(pos, end - pos));
      pos = end;
      if (!replay_.empty()) {  // a nested resync: keep the rest for later
        replay_.append(work, pos, std::string::npos);
        break;
      }
    }
  }
}

void CsvReader::process_line(std::string_view line) {
  ++line_no_;
  if (line_no_ == 1 && line.substr(0, kUtf8Bom.size()) == kUtf8Bom)
    line.remove_prefix(kUtf8Bom.size());
  const bool row_in_progress = !row_raw_.empty();
  if (!row_in_progress && is_blank_line(line)) return;  // no data, no row
  if (!row_in_progress) {
    row_start_line_ = line_no_;
    row_first_line_len_ = line.size();
  }
  row_raw_.append(line);

  const size_t used = csv_parse(&parser_, line.data(), line.size(), on_field,
                                on_row, this);
  if (used < line.size() && csv_error(&parser_) == CSV_EPARSE) {
    // A row that began lines ago went wrong because a quoted field opened
    // there and swallowed the lines after it: reject only its first line.
    if (row_raw_.size() > line.size()) {
      resync();
      return;
    }
    // Malformed quoting within one line: reject it, restart at the next.
    std::string raw = std::move(row_raw_);
    row_raw_.clear();
    const int64_t start = row_start_line_;
    reset_parser();
    reject(start, strip_line_end(raw),
           "malformed CSV: a quote inside an unquoted field, or text after a "
           "closing quote (near byte " + std::to_string(raw.size() - line.size() + used + 1) + " of the row)");
    return;
  }
  if (used < line.size())
    throw Error(sqlstate::kOutOfMemory, "CSV parser failed: " +
                                            std::string(csv_strerror(csv_error(&parser_))));
  // A row ends at a line end outside quotes. Rows a stray CR split off
  // before it wait for it: the group is checked and delivered with all its
  // lines, never while libcsv still holds fields of a row (their bytes
  // would miss the encoding check and the row's raw text).
  const bool row_open = line.empty() || line.back() != '\n' || parser_.quoted;
  if (!completed_.empty() && !row_open) {
    finish_row_group();
    return;
  }
  // Still inside a quoted field that spans lines. No valid row is this big.
  if (row_raw_.size() > options_.max_field_bytes * (spec_.columns.size() + 1) + (1u << 16))
    resync();
}

// The row in progress never ends: reject its first line and read the lines
// after it again with a fresh parser.
void CsvReader::resync() {
  if (row_raw_.empty()) {
    reset_parser();
    return;
  }
  std::string raw = std::move(row_raw_);
  row_raw_.clear();
  const int64_t start = row_start_line_;
  reset_parser();
  reject(start, strip_line_end(std::string_view(raw).substr(0, row_first_line_len_)),
         "malformed CSV: a quoted field opens on this line and is not closed properly");
  replay_ = raw.substr(row_first_line_len_) + replay_;
  line_no_ = start;
}

void CsvReader::finish_row_group() {
  std::string raw = std::move(row_raw_);
  row_raw_.clear();
  std::vector<ParsedRow> rows = std::move(completed_);
  completed_.clear();
  // Bytes that are not text make the whole line one reject, even when a
  // stray carriage return split it into several rows.
  const std::string_view text = strip_line_end(raw);
  const std::string problem = encoding_problem(text);
  if (!problem.empty() && have_header_) return reject(row_start_line_, text, problem);
  for (ParsedRow &row : rows) handle_row(row, strip_line_end(raw), row_start_line_);
}

void CsvReader::finish() {
  if (!partial_line_.empty()) {
    std::string line = std::move(partial_line_);
    partial_line_.clear();
    drive_line(line);
  }
  for (;;) {
    if (csv_fini(&parser_, on_field, on_row, this) == 0) {
      if (!completed_.empty()) finish_row_group();
      break;
    }
    // Unterminated quote at the end of the file.
    resync();
    drain_replay();
  }
  if (!have_header_)
    throw Error(sqlstate::kBadCopyFileFormat,
                "file " + file_label_ + " is empty",
                {}, "A CSV file needs a header row naming its columns.");
}

void CsvReader::handle_header(const ParsedRow &row, std::string_view raw) {
  const std::string problem = encoding_problem(raw);
  if (!problem.empty())
    throw Error(sqlstate::kBadCopyFileFormat,
                "the header of file " + file_label_ + " " + problem);
  std::vector<std::string> names;
  for (const auto &f : row.fields) names.push_back(lower(trim(f)));
  column_of_field_.assign(names.size(), -1);
  std::string ignored;
  for (size_t i = 0; i < names.size(); ++i) {
    int col = -1;
    for (size_t c = 0; c < spec_.columns.size(); ++c)
      if (spec_.columns[c].name == names[i]) col = static_cast<int>(c);
    if (col < 0) {
      ignored += (ignored.empty() ? "" : ", ") + std::string("\"") + names[i] + "\"";
      continue;
    }
    if (std::count(column_of_field_.begin(), column_of_field_.end(), col))
      throw Error(sqlstate::kBadCopyFileFormat,
                  "file " + file_label_ + " names column \"" + names[i] + "\" twice",
                  "header: " + std::string(raw));
    column_of_field_[i] = col;
  }
  std::string missing;
  for (size_t c = 0; c < spec_.columns.size(); ++c) {
    if (!spec_.columns[c].required_in_header) continue;
    if (!std::count(column_of_field_.begin(), column_of_field_.end(), static_cast<int>(c)))
      missing += (missing.empty() ? "" : ", ") + spec_.columns[c].name;
  }
  if (!missing.empty()) {
    std::string expected;
    for (const auto &c : spec_.columns) expected += (expected.empty() ? "" : ",") + c.name;
    throw Error(sqlstate::kBadCopyFileFormat,
                "file " + file_label_ + " lacks required column(s) " + missing,
                "header: " + std::string(raw),
                "Files of source \"" + spec_.name + "\" need a header row with the columns " +
                    expected + " (any order).");
  }
  if (!ignored.empty())
    sink_.notice("file " + file_label_ + ": ignoring unknown column(s) " + ignored);
  header_width_ = names.size();
  have_header_ = true;
}

void CsvReader::handle_row(ParsedRow &row, std::string_view raw, int64_t line_no) {
  if (!have_header_) {
    handle_header(row, raw);
    return;
  }
  const std::string problem = encoding_problem(raw);
  if (!problem.empty()) return reject(line_no, raw, problem);
  if (row.fields.size() != header_width_)
    return reject(line_no, raw,
                  "row has " + std::to_string(row.fields.size()) +
                      " field(s), the header has " + std::to_string(header_width_));
  if (row.too_long_field != SIZE_MAX)
    return reject(line_no, raw,
                  "field " + std::to_string(row.too_long_field + 1) +
                      " is longer than hrlake.max_field_size (" +
                      std::to_string(options_.max_field_bytes) + " bytes)");
  std::fill(values_.begin(), values_.end(), std::nullopt);
  for (size_t i = 0; i < row.fields.size(); ++i) {
    const int col = column_of_field_[i];
    if (col < 0) continue;
    std::string_view v = trim(row.fields[i]);
    if (!v.empty()) values_[col] = v;
  }
  ++records_;
  sink_.record(line_no, raw, values_);
}

void CsvReader::reject(int64_t line_no, std::string_view raw, const std::string &why) {
  if (!have_header_)  // without a header no later row can be read
    throw Error(sqlstate::kBadCopyFileFormat,
                "the header of file " + file_label_ + " is not valid CSV", why);
  ++rejects_;
  sink_.reject(line_no, raw, why);
}

}  // namespace hrlake::core
