// Unicode simple case folding (SPEC §2.8: "CAFÉ" = "café"): each code point
// maps to one code point by CaseFolding.txt's entries of status C and S, as
// generated into case_fold_table.inc (Unicode 14.0, the version of the word
// separators). Full foldings, which turn one code point into several, are
// not applied: "ß" stays "ß" (it does not become "ss"), while "ẞ" (U+1E9E)
// folds to "ß". No normalisation: "é" and "e" + U+0301 stay different.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace hrlake::core {

// The simple case folding of cp (mostly its lower-case form), or cp itself
// when it has none.
char32_t fold_case(char32_t cp);

// The most bytes that case folding n bytes of text can give: some two-byte
// letters fold to three-byte ones (Ⱥ to ⱥ), no character grows by more.
constexpr size_t max_case_folded_size(size_t n) { return n + n / 2; }

// Writes text, case folded, to out, which has room for
// max_case_folded_size(text.size()) bytes; returns the end of what it wrote.
// Each well-formed UTF-8 sequence is replaced by the UTF-8 of its code
// point's folding; each byte that does not start one is copied as it is, so
// the result has the same ill-formed bytes where the input had them, and
// reading it gives the same characters, folded.
char *case_fold_to(std::string_view text, char *out);

// text, case folded (see case_fold_to).
std::string case_folded(std::string_view text);

}  // namespace hrlake::core
