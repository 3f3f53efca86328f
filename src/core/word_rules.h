// Validation of staged vocabulary and marked words (SPEC §2.8, limits
// §2.10): one word as the matcher sees words (WordMatcher::is_single_word),
// at most kMaxWordChars characters.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/row_problems.h"

namespace hrlake::core {

struct ParsedWord {
  std::string_view word;
};

// The word, or nullopt with `problem` set to why it cannot be loaded
// ("word is empty", "word \"a b\" is not a single word (letters and digits
// only)"). `problem` is cleared first.
std::optional<ParsedWord> parse_word(Field word, std::string &problem);

// Why the word cannot be loaded, or "" when it can (for SQL).
std::string word_problem(Field word);

}  // namespace hrlake::core
