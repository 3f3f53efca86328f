#include "core/word_rules.h"

#include "core/limits.h"
#include "core/word_matcher.h"

namespace hrlake::core {

std::optional<ParsedWord> parse_word(Field word, std::string &problem) {
  problem.clear();
  if (!word) {
    add_problem(problem, "word is empty");
  } else if (!check_max_chars(problem, "word", *word, kMaxWordChars)) {
    // One reason is enough; the length is checked first so that a huge
    // value is not scanned further.
  } else if (!WordMatcher::is_single_word(*word)) {
    add_problem(problem,
                "word " + quoted(*word) + " is not a single word (letters and digits only)");
  }
  if (!problem.empty()) return std::nullopt;
  return ParsedWord{*word};
}

std::string word_problem(Field word) {
  std::string problem;
  parse_word(word, problem);
  return problem;
}

}  // namespace hrlake::core
