#include "core/text.h"

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace hrlake::core {

namespace {
bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' ||
         c == '\f';
}
}  // namespace

std::string_view trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && is_blank(s[b])) ++b;
  while (e > b && is_blank(s[e - 1])) --e;
  return s.substr(b, e - b);
}

namespace {

// True when one of the sixteen bytes at p is 0x80 or above (not ASCII).
inline bool has_non_ascii_16(const char *p) {
#if defined(__SSE2__)
  return _mm_movemask_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i *>(p))) != 0;
#else
  uint64_t a, b;
  std::memcpy(&a, p, 8);
  std::memcpy(&b, p + 8, 8);
  return ((a | b) & 0x8080808080808080ull) != 0;
#endif
}

}  // namespace

size_t ascii_prefix_length(std::string_view s) {
  // Sixteen bytes at a time, the last few as an overlapping final block:
  // the matcher calls this on every message, most short and pure ASCII.
  const char *p = s.data();
  const size_t n = s.size();
  size_t i = 0;
  while (i + 16 <= n && !has_non_ascii_16(p + i)) i += 16;
  if (i + 16 > n && n >= 16 && !has_non_ascii_16(p + n - 16)) return n;
  while (i < n && static_cast<unsigned char>(p[i]) < 0x80) ++i;
  return i;
}

std::optional<size_t> first_invalid_utf8(std::string_view s) {
  char32_t cp;
  for (size_t i = ascii_prefix_length(s); i < s.size();) {
    const size_t len = decode_utf8(s, i, cp);
    if (len == 0) return i;
    i += len;
  }
  return std::nullopt;
}

bool is_valid_utf8(std::string_view s) { return !first_invalid_utf8(s); }

size_t utf8_length(std::string_view s) {
  size_t count = ascii_prefix_length(s);
  char32_t cp;
  for (size_t i = count; i < s.size(); ++count) {
    const size_t len = decode_utf8(s, i, cp);
    i += len == 0 ? 1 : len;
  }
  return count;
}

std::optional<long long> parse_int(std::string_view s) {
  s = trim(s);
  if (s.empty()) return std::nullopt;
  // from_chars takes a '-' but no '+': drop a '+', which must be followed
  // by a digit ("+-3" is not a number).
  if (s[0] == '+') {
    s.remove_prefix(1);
    if (s.empty() || s[0] < '0' || s[0] > '9') return std::nullopt;
  }
  long long v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::string ellipsize(std::string_view s, size_t max_bytes) {
  if (s.size() <= max_bytes) return std::string(s);
  size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return std::string(s.substr(0, cut)) + "...";
}

size_t escape_non_ascii_at(std::string_view s, size_t pos, char (&out)[12]) noexcept {
  char32_t cp;
  const size_t len = decode_utf8(s, pos, cp);
  if (len == 0) {
    std::snprintf(out, sizeof out, "\\x%02X", static_cast<unsigned char>(s[pos]));
    return 1;
  }
  std::snprintf(out, sizeof out, cp <= 0xFFFF ? "\\u%04X" : "\\U%08X", static_cast<unsigned>(cp));
  return len;
}

std::string escape_non_ascii(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  char escape[12];
  size_t pos = 0;
  while (pos < s.size()) {
    const size_t ascii = ascii_prefix_length(s.substr(pos));
    out.append(s, pos, ascii);
    pos += ascii;
    if (pos == s.size()) break;
    pos += escape_non_ascii_at(s, pos, escape);
    out += escape;
  }
  return out;
}

}  // namespace hrlake::core
