#include "core/json_document.h"

#include <simdjson.h>

#include <string>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/text.h"

namespace hrlake::core {

namespace {

namespace od = simdjson::ondemand;
using simdjson::error_code;

// JSON type names as people (and the earlier reader) call them.
const char *type_name(od::json_type type) {
  switch (type) {
    case od::json_type::object: return "object";
    case od::json_type::array: return "array";
    case od::json_type::string: return "string";
    case od::json_type::number: return "number";
    case od::json_type::boolean: return "boolean";
    case od::json_type::null: return "null";
  }
  return "unknown";
}

// The reject reason for a document that is not JSON, saying why.
std::string malformed(const std::string &what) { return "malformed JSON: " + what; }

// The reject reason for a simdjson error, in words a person can act on.
std::string malformed(error_code e) {
  switch (e) {
    case simdjson::TAPE_ERROR:
      return malformed("a comma, colon, brace or bracket is missing or misplaced");
    case simdjson::INCOMPLETE_ARRAY_OR_OBJECT:
      return malformed("an object or array is not closed");
    case simdjson::UNCLOSED_STRING:
      return malformed("a string is not closed");
    case simdjson::UNESCAPED_CHARS:
      return malformed("a string holds a control character (such as a tab or a line "
                       "break) that must be escaped");
    case simdjson::STRING_ERROR:
      return malformed("a string holds an invalid escape sequence");
    case simdjson::INCORRECT_TYPE:
    case simdjson::T_ATOM_ERROR:
    case simdjson::F_ATOM_ERROR:
    case simdjson::N_ATOM_ERROR:
      return malformed("a value is not a string, number, object, array, true, false or null");
    case simdjson::TRAILING_CONTENT:
      return malformed("text after the end of the value");
    case simdjson::MEMALLOC:
      throw Error(sqlstate::kOutOfMemory, "out of memory while parsing JSON");
    default:
      return malformed(simdjson::error_message(e));
  }
}

std::string too_deep() {
  return "JSON nested more than " + std::to_string(kMaxJsonDepth) +
         " levels deep (a record is a flat object)";
}

std::string_view json_trim(std::string_view s) {
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  return s;
}

// True when s holds a complete object or array followed by more than
// blanks. simdjson reports such trailing text as a structure error (an
// object not closed, a misplaced comma); this finds the plainer cause.
bool has_text_after_container(std::string_view s) {
  if (s.empty() || (s[0] != '{' && s[0] != '[')) return false;
  uint64_t depth = 0;
  bool in_string = false, escaped = false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if ((c == '}' || c == ']') && --depth == 0) {
      return !json_trim(s.substr(i + 1)).empty();
    }
  }
  return false;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// True when s is a number as RFC 8259 writes one (On-Demand hands over a
// number's text without checking it).
bool is_json_number(std::string_view s) {
  size_t i = 0;
  const size_t n = s.size();
  auto digits = [&] {
    const size_t from = i;
    while (i < n && is_digit(s[i])) ++i;
    return i > from;
  };
  if (i < n && s[i] == '-') ++i;
  if (i < n && s[i] == '0') {
    ++i;
  } else if (!digits()) {
    return false;
  }
  if (i < n && s[i] == '.') {
    ++i;
    if (!digits()) return false;
  }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == n;
}

// A number's text, checked; empty (after setting why) when it is not one.
std::string_view number_text(std::string_view token, std::string &why) {
  const std::string_view text = json_trim(token);
  if (!is_json_number(text)) why = malformed("invalid number " + ellipsize(text, 40));
  return text;
}

// Checks a value and everything inside it. depth is the value's own level
// (the document's root is 1); a container deeper than the limit is refused
// before it is entered, so the recursion is at most kMaxJsonDepth deep.
// Returns the reject reason, or "" when the value is well-formed.
std::string check_value(od::value &v, od::json_type type, int depth);

std::string check_any(od::value &v, int depth) {
  od::json_type type;
  if (auto e = v.type().get(type)) return malformed(e);
  return check_value(v, type, depth);
}

std::string check_members(od::object &object, int depth) {
  for (auto member : object) {
    od::field field;
    if (auto e = std::move(member).get(field)) return malformed(e);
    std::string_view key;
    if (auto e = field.unescaped_key().get(key)) return malformed(e);
    std::string why = check_any(field.value(), depth + 1);
    if (!why.empty()) return why;
  }
  return {};
}

std::string check_elements(od::array &array, int depth) {
  for (auto element : array) {
    od::value v;
    if (auto e = element.get(v)) return malformed(e);
    std::string why = check_any(v, depth + 1);
    if (!why.empty()) return why;
  }
  return {};
}

std::string check_value(od::value &v, od::json_type type, int depth) {
  switch (type) {
    case od::json_type::object: {
      if (depth > kMaxJsonDepth) return too_deep();
      od::object object;
      if (auto e = v.get_object().get(object)) return malformed(e);
      return check_members(object, depth);
    }
    case od::json_type::array: {
      if (depth > kMaxJsonDepth) return too_deep();
      od::array array;
      if (auto e = v.get_array().get(array)) return malformed(e);
      return check_elements(array, depth);
    }
    case od::json_type::string: {
      std::string_view s;
      if (auto e = v.get_string().get(s)) return malformed(e);
      return {};
    }
    case od::json_type::number: {
      std::string why;
      number_text(v.raw_json_token(), why);
      return why;
    }
    case od::json_type::boolean: {
      bool b;
      if (auto e = v.get_bool().get(b)) return malformed(e);
      return {};
    }
    case od::json_type::null: {
      bool is_null = false;
      if (auto e = v.is_null().get(is_null)) return malformed(e);
      return is_null ? std::string() : malformed(simdjson::N_ATOM_ERROR);
    }
  }
  return malformed(simdjson::INCORRECT_TYPE);
}

// What a document's member for one column held.
struct Member {
  int count = 0;
  od::json_type type = od::json_type::null;
  std::string_view text;  // a string's value or a number's text
};

}  // namespace

struct JsonDocumentReader::Impl {
  static constexpr size_t kKeepBuffersUpTo = 1u << 20;

  Impl(const SourceSpec &s, const ReadOptions &o)
      : spec(s),
        options(o),
        parser(o.max_line_bytes(s.columns.size()) + simdjson::SIMDJSON_PADDING),
        members(s.columns.size()),
        values(s.columns.size()) {}

  bool read(int64_t line_no, std::string_view raw, RecordSink &sink);
  std::string read_object(od::document &doc);
  std::string read_string(od::document &doc);
  std::string check_root(od::document &doc, od::json_type type);
  std::string take_member(size_t column, od::value &v);
  std::string apply_column_rules(size_t column);

  SourceSpec spec;  // a copy: a cached reader may outlive the caller's
  ReadOptions options;
  od::parser parser;
  std::string padded;  // the document and simdjson's padding
  size_t document_size = 0;
  std::vector<Member> members;
  FieldValues values;
};

JsonDocumentReader::JsonDocumentReader(const SourceSpec &spec, const ReadOptions &options)
    : impl_(std::make_unique<Impl>(spec, options)) {}

JsonDocumentReader::~JsonDocumentReader() = default;

const SourceSpec &JsonDocumentReader::spec() const { return impl_->spec; }
const ReadOptions &JsonDocumentReader::options() const { return impl_->options; }

bool JsonDocumentReader::read(int64_t line_no, std::string_view doc, RecordSink &sink) {
  return impl_->read(line_no, trim(doc), sink);
}

bool JsonDocumentReader::Impl::read(int64_t line_no, std::string_view raw, RecordSink &sink) {
  // A document of many megabytes makes simdjson allocate several times its
  // size; give that back rather than keep it for the rest of the file.
  struct ReleaseIfLarge {
    Impl &impl;
    bool large;
    ~ReleaseIfLarge() {
      if (!large) return;
      impl.parser = od::parser(impl.parser.max_capacity());
      std::string().swap(impl.padded);
    }
  } release{*this, raw.size() > kKeepBuffersUpTo};
  auto reject = [&](const std::string &why) {
    sink.reject(line_no, raw, why);
    return false;
  };
  if (raw.find('\0') != std::string_view::npos)
    return reject("contains a NUL byte (binary data?)");
  document_size = raw.size();
  padded.assign(raw.data(), raw.size());
  padded.resize(raw.size() + simdjson::SIMDJSON_PADDING);
  od::document doc;
  if (auto e = parser.iterate(padded.data(), raw.size(), padded.size()).get(doc)) {
    if (auto bad = first_invalid_utf8(raw))
      return reject("invalid UTF-8 at byte " + std::to_string(*bad + 1));
    return reject(malformed(e));
  }
  for (Member &m : members) m = Member{};
  std::string why = spec.format == SourceFormat::kJsonStrings ? read_string(doc) : read_object(doc);
  for (size_t c = 0; why.empty() && c < members.size(); ++c) why = apply_column_rules(c);
  if (!why.empty()) {
    static const std::string kNotClosed = malformed(simdjson::INCOMPLETE_ARRAY_OR_OBJECT);
    static const std::string kMisplaced = malformed(simdjson::TAPE_ERROR);
    if ((why == kNotClosed || why == kMisplaced) && has_text_after_container(raw))
      why = malformed(simdjson::TRAILING_CONTENT);
    return reject(why);
  }
  sink.record(line_no, raw, values);
  return true;
}

// A word list's element: one string.
std::string JsonDocumentReader::Impl::read_string(od::document &doc) {
  od::json_type type;
  if (auto e = doc.type().get(type)) return malformed(e);
  if (type != od::json_type::string) {
    std::string why = check_root(doc, type);
    return why.empty() ? std::string("expected a string, found ") + type_name(type) : why;
  }
  Member &m = members[0];
  if (auto e = doc.get_string().get(m.text)) return malformed(e);
  if (doc.current_location().error() != simdjson::OUT_OF_BOUNDS)
    return malformed(simdjson::TRAILING_CONTENT);
  m.count = 1;
  m.type = type;
  return {};
}

// A message: an object whose members named like columns fill them.
std::string JsonDocumentReader::Impl::read_object(od::document &doc) {
  od::json_type type;
  if (auto e = doc.type().get(type)) return malformed(e);
  if (type != od::json_type::object) {
    std::string why = check_root(doc, type);
    return why.empty() ? std::string("expected an object, found ") + type_name(type) : why;
  }
  od::object object;
  if (auto e = doc.get_object().get(object)) return malformed(e);
  for (auto entry : object) {
    od::field field;
    if (auto e = std::move(entry).get(field)) return malformed(e);
    std::string_view key;
    if (auto e = field.unescaped_key().get(key)) return malformed(e);
    size_t column = 0;
    while (column < spec.columns.size() && spec.columns[column].name != key) ++column;
    std::string why = column < spec.columns.size() ? take_member(column, field.value())
                                                   : check_any(field.value(), 2);
    if (!why.empty()) return why;
  }
  if (doc.current_location().error() != simdjson::OUT_OF_BOUNDS)
    return malformed(simdjson::TRAILING_CONTENT);
  return {};
}

// Keeps what a column's member holds (checked like any value).
std::string JsonDocumentReader::Impl::take_member(size_t column, od::value &v) {
  Member &m = members[column];
  ++m.count;
  if (auto e = v.type().get(m.type)) return malformed(e);
  if (m.type == od::json_type::string) {
    if (auto e = v.get_string().get(m.text)) return malformed(e);
    return {};
  }
  if (m.type == od::json_type::number) {
    std::string why;
    m.text = number_text(v.raw_json_token(), why);
    return why;
  }
  return check_value(v, m.type, 2);
}

// Checks a root that is not what the source wants, so a malformed document
// is called malformed rather than of the wrong type.
std::string JsonDocumentReader::Impl::check_root(od::document &doc, od::json_type type) {
  std::string why;
  switch (type) {
    case od::json_type::object: {
      od::object object;
      if (auto e = doc.get_object().get(object)) return malformed(e);
      why = check_members(object, 1);
      break;
    }
    case od::json_type::array: {
      od::array array;
      if (auto e = doc.get_array().get(array)) return malformed(e);
      why = check_elements(array, 1);
      break;
    }
    case od::json_type::string: {
      std::string_view s;
      if (auto e = doc.get_string().get(s)) return malformed(e);
      break;
    }
    case od::json_type::number: {
      std::string_view token;
      if (auto e = doc.raw_json_token().get(token)) return malformed(e);
      const std::string_view text = number_text(token, why);
      // The token is not consumed: a lone number must be all there is.
      if (why.empty() && text.size() != document_size)
        return malformed(simdjson::TRAILING_CONTENT);
      return why;
    }
    case od::json_type::boolean: {
      bool b;
      if (auto e = doc.get_bool().get(b)) return malformed(e);
      break;
    }
    case od::json_type::null: {
      bool is_null = false;
      if (auto e = doc.is_null().get(is_null)) return malformed(e);
      if (!is_null) return malformed(simdjson::N_ATOM_ERROR);
      break;
    }
  }
  if (why.empty() && doc.current_location().error() != simdjson::OUT_OF_BOUNDS)
    return malformed(simdjson::TRAILING_CONTENT);
  return why;
}

// The rules of SPEC §2.10 for one column's value; sets values[column].
std::string JsonDocumentReader::Impl::apply_column_rules(size_t column) {
  const Member &m = members[column];
  const std::string &name = spec.columns[column].name;
  values[column] = std::nullopt;
  if (m.count > 1) return "field \"" + name + "\" appears more than once";
  if (m.count == 0 || m.type == od::json_type::null) return {};
  if (m.type != od::json_type::string && m.type != od::json_type::number)
    return "field \"" + name + "\" is " + type_name(m.type) + ", expected a string or a number";
  if (m.text.size() > options.max_field_bytes)
    return "field \"" + name + "\" is longer than hrlake.max_field_size (" +
           std::to_string(options.max_field_bytes) + " bytes)";
  if (m.text.find('\0') != std::string_view::npos)
    return "field \"" + name + "\" contains a NUL character";
  const std::string_view trimmed = trim(m.text);
  if (!trimmed.empty()) values[column] = trimmed;
  return {};
}

}  // namespace hrlake::core
