// Small text helpers shared by the parsers and validators, and the one UTF-8
// decoder of the project.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace hrlake::core {

// Strips ASCII blanks (space, tab, CR, LF, VT, FF) from both ends.
std::string_view trim(std::string_view s);

// True for a UTF-8 continuation byte (10xxxxxx).
constexpr bool is_utf8_continuation(unsigned char b) { return (b & 0xC0) == 0x80; }

// Decodes the well-formed UTF-8 sequence starting at s[pos] (pos < size)
// into cp and returns its length (1 to 4), or 0 when the bytes there are not
// well-formed: a stray continuation byte, a truncated sequence, an overlong
// form, a surrogate or a code point above U+10FFFF. Inline: the matcher
// calls it per character.
inline size_t decode_utf8(std::string_view s, size_t pos, char32_t &cp) {
  const auto *p = reinterpret_cast<const unsigned char *>(s.data());
  const unsigned char lead = p[pos];
  size_t len;
  if (lead < 0x80) {
    cp = lead;
    return 1;
  } else if (lead >= 0xC2 && lead <= 0xDF) {
    len = 2, cp = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    len = 3, cp = lead & 0x0F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    len = 4, cp = lead & 0x07;
  } else {
    return 0;  // continuation byte, C0/C1 (always overlong) or F5..FF
  }
  if (len > s.size() - pos) return 0;
  for (size_t k = 1; k < len; ++k) {
    if (!is_utf8_continuation(p[pos + k])) return 0;
    cp = (cp << 6) | (p[pos + k] & 0x3F);
  }
  if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
      (cp >= 0xD800 && cp <= 0xDFFF))
    return 0;
  return len;
}

// Writes cp (at most U+10FFFF, not a surrogate) as UTF-8 to out[0..3] and
// returns the number of bytes written (1 to 4).
inline size_t encode_utf8(char32_t cp, char *out) {
  if (cp < 0x80) {
    out[0] = static_cast<char>(cp);
    return 1;
  }
  if (cp < 0x800) {
    out[0] = static_cast<char>(0xC0 | (cp >> 6));
    out[1] = static_cast<char>(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = static_cast<char>(0xE0 | (cp >> 12));
    out[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out[2] = static_cast<char>(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = static_cast<char>(0xF0 | (cp >> 18));
  out[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
  out[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
  out[3] = static_cast<char>(0x80 | (cp & 0x3F));
  return 4;
}

// Number of leading ASCII bytes (below 0x80); s is pure ASCII when this is
// s.size(). Reads eight bytes at a time.
size_t ascii_prefix_length(std::string_view s);

// True when s is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool is_valid_utf8(std::string_view s);

// Byte offset of the first invalid UTF-8 sequence, or nullopt.
std::optional<size_t> first_invalid_utf8(std::string_view s);

// Number of characters in s, for length limits: each well-formed UTF-8
// sequence counts one, and so does each byte that does not start one (read
// as the Latin-1 character of the same value, as the word matcher does).
size_t utf8_length(std::string_view s);

// A decimal integer (optional sign, digits only, after trimming); nullopt
// when not an integer or out of int64 range.
std::optional<long long> parse_int(std::string_view s);

// Case-insensitive ASCII equality.
bool iequals(std::string_view a, std::string_view b);

// s shortened to at most max_bytes on a UTF-8 boundary, with "..." appended
// when cut. For messages that quote user input.
std::string ellipsize(std::string_view s, size_t max_bytes);

// s with every character outside ASCII written as an escape: \uXXXX (up to
// U+FFFF), \UXXXXXXXX (above), and \xNN for a byte that does not start
// well-formed UTF-8. For messages to a client whose encoding may lack the
// characters (src/pg/client_text.h).
std::string escape_non_ascii(std::string_view s);
// The escape of the non-ASCII character (or stray byte) at s[pos], written
// NUL-terminated to out; returns the number of bytes of s it stands for.
// Allocates nothing (for callers on an error path).
size_t escape_non_ascii_at(std::string_view s, size_t pos, char (&out)[12]) noexcept;

}  // namespace hrlake::core
