// Small text helpers shared by the parsers and validators.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace hrlake::core {

// Strips ASCII blanks (space, tab, CR, LF, VT, FF) from both ends.
std::string_view trim(std::string_view s);

// True when s is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool is_valid_utf8(std::string_view s);

// Byte offset of the first invalid UTF-8 sequence, or nullopt.
std::optional<size_t> first_invalid_utf8(std::string_view s);

// A decimal integer (optional sign, digits only, after trimming); nullopt
// when not an integer or out of int64 range.
std::optional<long long> parse_int(std::string_view s);

// Case-insensitive ASCII equality.
bool iequals(std::string_view a, std::string_view b);

// s shortened to at most max_bytes on a UTF-8 boundary, with "..." appended
// when cut. For messages that quote user input.
std::string ellipsize(std::string_view s, size_t max_bytes);

}  // namespace hrlake::core
