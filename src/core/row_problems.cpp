#include "core/row_problems.h"

#include "core/text.h"

namespace hrlake::core {

namespace {

// Bytes of the well-formed UTF-8 sequence starting at s[i] (no overlongs,
// no surrogates, <= U+10FFFF), or 0 when none starts there.
size_t utf8_sequence_length(std::string_view s, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned lead = byte(i);
  if (lead < 0x80) return 1;
  size_t length;
  char32_t cp;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    cp = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    cp = lead & 0x0F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    cp = lead & 0x07;
  } else {
    return 0;
  }
  if (s.size() - i < length) return 0;
  for (size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  if ((length == 3 && cp < 0x800) || (length == 4 && cp < 0x10000) || cp > 0x10FFFF ||
      (cp >= 0xD800 && cp <= 0xDFFF))
    return 0;
  return length;
}

}  // namespace

void add_problem(std::string &problems, std::string_view problem) {
  if (!problems.empty()) problems += "; ";
  problems += problem;
}

std::string quoted(std::string_view value) {
  return "\"" + ellipsize(value, 40) + "\"";
}

size_t char_count(std::string_view s) {
  size_t chars = 0;
  for (size_t i = 0; i < s.size(); ++chars) {
    const size_t length = utf8_sequence_length(s, i);
    i += length > 0 ? length : 1;
  }
  return chars;
}

bool check_max_chars(std::string &problems, std::string_view column, std::string_view value,
                     size_t max_chars) {
  // A character has at least one byte: short values need no count.
  if (value.size() <= max_chars || char_count(value) <= max_chars) return true;
  std::string problem(column);
  problem += " is longer than ";
  problem += std::to_string(max_chars);
  problem += " characters";
  add_problem(problems, problem);
  return false;
}

Field check_required(std::string &problems, std::string_view column, Field value,
                     size_t max_chars) {
  if (!value) {
    add_problem(problems, std::string(column) + " is empty");
    return std::nullopt;
  }
  if (!check_max_chars(problems, column, *value, max_chars)) return std::nullopt;
  return value;
}

}  // namespace hrlake::core
