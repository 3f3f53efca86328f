#include "core/json_reader.h"

#include <nlohmann/json.hpp>

#include <utility>
#include <vector>

#include "core/error.h"
#include "core/text.h"

namespace hrlake::core {

namespace {

using nlohmann::json;

const char *type_name(const json &v) { return v.type_name(); }

class JsonRecordBuilder {
 public:
  JsonRecordBuilder(const SourceSpec &spec, const ReadOptions &options,
                    RecordSink &sink)
      : spec_(spec), options_(options), sink_(sink) {
    values_.resize(spec.columns.size());
    text_.resize(spec.columns.size());
  }

  // Turns one parsed element into a record or a reject.
  void element(int64_t line_no, const json &v, std::string_view raw) {
    std::fill(values_.begin(), values_.end(), std::nullopt);
    if (spec_.format == SourceFormat::kJsonStrings) {
      if (!v.is_string())
        return reject(line_no, raw, std::string("expected a string, found ") + type_name(v));
      if (!scalar(0, v, line_no, raw)) return;
    } else {
      if (!v.is_object())
        return reject(line_no, raw, std::string("expected an object, found ") + type_name(v));
      for (size_t c = 0; c < spec_.columns.size(); ++c) {
        auto it = v.find(spec_.columns[c].name);
        if (it == v.end() || it->is_null()) continue;
        if (!scalar(c, *it, line_no, raw)) return;
      }
    }
    ++records_;
    sink_.record(line_no, raw, values_);
  }

  void reject(int64_t line_no, std::string_view raw, const std::string &why) {
    ++rejects_;
    sink_.reject(line_no, raw, why);
  }

  int64_t records() const { return records_; }

 private:
  // Stores a scalar as text in column c; false (after rejecting) otherwise.
  bool scalar(size_t c, const json &v, int64_t line_no, std::string_view raw) {
    std::string &t = text_[c];
    if (v.is_string()) {
      t = v.get_ref<const std::string &>();
    } else if (v.is_number() || v.is_boolean()) {
      t = v.dump();
    } else {
      reject(line_no, raw, "field \"" + spec_.columns[c].name + "\" is " +
                               type_name(v) + ", expected a string or a number");
      return false;
    }
    if (t.size() > options_.max_field_bytes) {
      reject(line_no, raw, "field \"" + spec_.columns[c].name +
                               "\" is longer than hrlake.max_field_size (" +
                               std::to_string(options_.max_field_bytes) + " bytes)");
      return false;
    }
    if (t.find('\0') != std::string::npos) {
      reject(line_no, raw, "field \"" + spec_.columns[c].name + "\" contains a NUL character");
      return false;
    }
    std::string_view trimmed = trim(t);
    if (!trimmed.empty()) values_[c] = trimmed;
    return true;
  }

  const SourceSpec &spec_;
  const ReadOptions &options_;
  RecordSink &sink_;
  FieldValues values_;
  std::vector<std::string> text_;
  int64_t records_ = 0;
  int64_t rejects_ = 0;
};

// Records are two levels deep (array, object, scalar); a deeper element can
// only be rejected, and must not be dump()ed for its raw text: dump()
// recurses once per level, and a few hundred KB of '[' overflow the stack.
constexpr size_t kMaxDumpDepth = 64;

// True when v nests deeper than `limit` levels; walks without recursion.
bool nested_deeper_than(const json &v, size_t limit) {
  std::vector<std::pair<const json *, size_t>> todo{{&v, 1}};
  while (!todo.empty()) {
    const auto [node, depth] = todo.back();
    todo.pop_back();
    if (depth > limit) return true;
    if (node->is_structured())
      for (const json &child : *node) todo.emplace_back(&child, depth + 1);
  }
  return false;
}

std::string_view skip_bom(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  return text;
}

}  // namespace

void read_json_text(const SourceSpec &spec, const ReadOptions &options,
                    std::string_view text, RecordSink &sink,
                    const std::string &file_label) {
  text = skip_bom(text);
  JsonRecordBuilder builder(spec, options, sink);
  const std::string_view body = trim(text);
  if (body.empty())
    throw Error(sqlstate::kBadCopyFileFormat, "file " + file_label + " is empty",
                {}, "Expected a JSON array or JSON lines.");
  if (body.front() == '[') {
    json doc = json::parse(body.begin(), body.end(), nullptr, false);
    if (doc.is_discarded()) {
      // Parse again with exceptions on, for the position of the error.
      std::string where;
      try {
        json ignored = json::parse(body.begin(), body.end());
        (void)ignored;
      } catch (const json::exception &e) {  // parse_error; out_of_range for 1e400
        where = e.what();
      }
      throw Error(sqlstate::kInvalidTextRepresentation,
                  "file " + file_label + " is not a valid JSON array", where,
                  "Fix the file, or send it as JSON lines (one value per line) so "
                  "that bad lines are rejected one by one.");
    }
    int64_t n = 0;
    for (const json &element : doc) {
      ++n;
      if (nested_deeper_than(element, kMaxDumpDepth)) {
        builder.reject(n, std::string(type_name(element)) + " (not shown)",
                       "element is nested more than " + std::to_string(kMaxDumpDepth) +
                           " levels deep");
        continue;
      }
      builder.element(n, element, element.dump());
    }
    return;
  }
  // JSON lines.
  int64_t line_no = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    size_t end = nl == std::string_view::npos ? text.size() : nl;
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    std::string_view content = trim(line);
    if (content.empty()) continue;
    if (line.size() > options.max_field_bytes * (spec.columns.size() + 1)) {
      builder.reject(line_no, line, "line is longer than any valid record");
      continue;
    }
    if (auto bad = first_invalid_utf8(content)) {
      builder.reject(line_no, content, "invalid UTF-8 at byte " + std::to_string(*bad + 1));
      continue;
    }
    json v = json::parse(content.begin(), content.end(), nullptr, false);
    if (v.is_discarded()) {
      std::string why = "malformed JSON";
      try {
        json ignored = json::parse(content.begin(), content.end());
        (void)ignored;
      } catch (const json::exception &e) {  // parse_error; out_of_range for 1e400
        why += std::string(": ") + e.what();
      }
      builder.reject(line_no, content, why);
      continue;
    }
    builder.element(line_no, v, content);
  }
}

void read_json_source(const SourceSpec &spec, const ReadOptions &options,
                      FileSource &file, RecordSink &sink,
                      const std::string &file_label) {
  const std::string text = file.read_all();
  read_json_text(spec, options, text, sink, file_label);
}

}  // namespace hrlake::core
