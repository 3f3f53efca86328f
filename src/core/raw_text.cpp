#include "core/raw_text.h"

#include <cstdio>

#include "core/text.h"

namespace hrlake::core {

std::string csv_line(const RawFields &fields) {
  std::string out;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) out += ',';
    if (!fields[i]) continue;
    const std::string_view f = *fields[i];
    if (f.find_first_of("\",\r\n") == std::string_view::npos && trim(f).size() == f.size()) {
      out += f;
      continue;
    }
    out += '"';
    for (char c : f) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  }
  return out;
}

namespace {
// A JSON string literal of s (its bytes as they are; control characters escaped).
void json_string(std::string &out, std::string_view s) {
  out += '"';
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}
}  // namespace

std::string json_object_text(const SourceSpec &spec, const RawFields &fields) {
  std::string out = "{";
  for (size_t i = 0; i < spec.columns.size() && i < fields.size(); ++i) {
    if (i) out += ", ";
    json_string(out, spec.columns[i].name);
    out += " : ";
    if (fields[i])
      json_string(out, *fields[i]);
    else
      out += "null";
  }
  return out + "}";
}

std::string staged_row_text(const SourceSpec &spec, const RawFields &fields) {
  if (spec.format == SourceFormat::kCsv) return csv_line(fields);
  if (spec.format == SourceFormat::kJsonStrings) return fields.empty() || !fields[0] ? "" : std::string(*fields[0]);
  return json_object_text(spec, fields);
}

}  // namespace hrlake::core
