// What the row rules share: a source value as they receive it, and how they
// word and collect the problems that reject a row (SPEC §2.1: a reason a
// person can act on, several joined with "; ").
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace hrlake::core {

// A trimmed source value; nullopt when empty (SPEC §1: an empty value is
// NULL). Views into the caller's row, which must outlive what is parsed.
using Field = std::optional<std::string_view>;

// Appends a problem, "; "-separated.
void add_problem(std::string &problems, std::string_view problem);

// A value quoted for a reason: at most 40 bytes of it (cut on a UTF-8
// boundary, "..." appended when cut), so a huge value never bloats a reason.
// Pass a string_view or call it as core::quoted: for a std::string argument,
// argument-dependent lookup prefers std::quoted when <iomanip> is seen.
std::string quoted(std::string_view value);

// Adds "<column> is longer than <max_chars> characters" unless value fits
// (characters counted by utf8_length, core/text.h); true when it fits.
bool check_max_chars(std::string &problems, std::string_view column, std::string_view value,
                     size_t max_chars);

// A value that must be present and at most max_chars long: adds
// "<column> is empty" or the length problem; the value when it is fine.
Field check_required(std::string &problems, std::string_view column, Field value,
                     size_t max_chars);

}  // namespace hrlake::core
