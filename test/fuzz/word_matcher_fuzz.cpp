// Fuzzes WordMatcher: the first line of the input is the word list (split
// at spaces), the rest is the message. Invariants: only core::Error is thrown
// (for a word that is not one word); matched ids are ascending, unique and
// below size(); each matched word occurs in the text (ASCII-caseless); for
// valid UTF-8 text, the ids are exactly those a slow reference finds (every
// occurrence, with both neighbours decoded and classified by
// is_word_code_point); and a reused Scratch gives the same answers again.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/text.h"
#include "core/word_matcher.h"
#include "fuzz_support.h"

using namespace hrlake::core;

namespace {

constexpr size_t kMaxWords = 40;  // a longer list adds compile time, not paths

// c upper-cased when an ASCII letter.
char ascii_upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

// Start offsets of the characters of valid UTF-8 text, plus its size.
std::vector<size_t> char_starts(std::string_view text) {
  std::vector<size_t> starts;
  for (size_t i = 0; i < text.size(); ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) starts.push_back(i);
  starts.push_back(text.size());
  return starts;
}

// The code point of the valid UTF-8 character at text[pos].
char32_t decode(std::string_view text, size_t pos) {
  const auto b = static_cast<unsigned char>(text[pos]);
  if (b < 0x80) return b;
  const size_t len = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
  char32_t cp = b & (0x7F >> len);
  for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[pos + k]) & 0x3F);
  return cp;
}

// True when `word` occurs in `text` ignoring ASCII case; with `starts`, only
// where it is a whole word (the characters either side are not word chars).
bool occurs(std::string_view text, std::string_view word, const std::vector<size_t> *starts) {
  for (size_t p = 0; p + word.size() <= text.size(); ++p) {
    size_t k = 0;
    while (k < word.size() && ascii_upper(text[p + k]) == ascii_upper(word[k])) ++k;
    if (k != word.size()) continue;
    if (!starts) return true;
    const auto at = std::lower_bound(starts->begin(), starts->end(), p);
    if (at == starts->end() || *at != p) continue;  // not on a character boundary
    if (p > 0 && is_word_code_point(decode(text, *(at - 1)))) continue;
    const size_t end = p + word.size();
    if (end < text.size() && is_word_code_point(decode(text, end))) continue;
    return true;
  }
  return false;
}

// Matches `text` and checks the ids against the invariants above.
void check_match(const WordMatcher &matcher, WordMatcher::Scratch &scratch, std::string_view text) {
  std::vector<uint32_t> ids;
  matcher.match(text, ids, scratch);
  for (size_t i = 0; i < ids.size(); ++i) {
    fuzz::check(ids[i] < matcher.size(), "id " + std::to_string(ids[i]) + " out of range");
    fuzz::check(i == 0 || ids[i - 1] < ids[i], "ids not ascending and unique");
    fuzz::check(occurs(text, matcher.word(ids[i]), nullptr),
                "matched word " + fuzz::show(matcher.word(ids[i])) + " is not in the text");
  }
  if (is_valid_utf8(text)) {
    const std::vector<size_t> starts = char_starts(text);
    std::vector<uint32_t> expected;
    for (uint32_t id = 0; id < matcher.size(); ++id)
      if (occurs(text, matcher.word(id), &starts)) expected.push_back(id);
    if (ids != expected) {
      std::string words;
      for (uint32_t id : ids) words += " " + matcher.word(id);
      words += " | reference:";
      for (uint32_t id : expected) words += " " + matcher.word(id);
      fuzz::fail("matched words differ from the reference:" + words + " in " + fuzz::show(text));
    }
  }
  std::vector<uint32_t> again;
  matcher.match(text, again, scratch);
  fuzz::check(again == ids, "the same text matched twice gives different ids");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const std::string_view input(reinterpret_cast<const char *>(data), size);
  const size_t nl = std::min(input.find('\n'), input.size());
  std::vector<std::string> words;
  for (std::string_view rest = input.substr(0, nl); !rest.empty() && words.size() < kMaxWords;) {
    const size_t sp = std::min(rest.find(' '), rest.size());
    if (sp > 0) words.emplace_back(rest.substr(0, sp));
    rest.remove_prefix(std::min(sp + 1, rest.size()));
  }
  const std::string_view text = input.substr(std::min(nl + 1, input.size()));
  try {
    const WordMatcher matcher(words);
    fuzz::check(matcher.size() <= words.size(), "more ids than words");
    WordMatcher::Scratch scratch(matcher);
    check_match(matcher, scratch, text);
    // A part of the text, then the whole again: the scratch must be clean.
    check_match(matcher, scratch, text.substr(text.size() / 3));
    check_match(matcher, scratch, text);
  } catch (const Error &e) {
    // Only the constructor may refuse, and only for a word that is not one.
    bool all_words = true;
    for (const std::string &w : words) all_words = all_words && WordMatcher::is_single_word(trim(w));
    fuzz::check(!all_words, std::string("WordMatcher threw for a valid list: ") + e.what());
  }
  return 0;
}
