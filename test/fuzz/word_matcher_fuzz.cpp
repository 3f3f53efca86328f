// Fuzzes WordMatcher: the first line of the input is the word list (split
// at spaces), the rest is the message. Invariants: only core::Error is thrown
// (for a word that is not one word); matched ids are ascending, unique and
// below size(); they are exactly those a slow reference finds, for any
// bytes; and a reused Scratch gives the same answers again.
//
// The reference follows the header's terms literally: cut the text into
// words (maximal runs of word characters; a byte that does not start a
// well-formed sequence reads as the Latin-1 character of its value), and a
// marked word matches when some word of the text has its word_key. A word
// of the text with invalid bytes never matches: every marked word is valid.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/text.h"
#include "core/word_matcher.h"
#include "fuzz_support.h"

using namespace hrlake::core;

namespace {

constexpr size_t kMaxWords = 40;  // a longer list adds compile time, not paths

// The character at text[pos]: its code point and byte length, Latin-1 for a
// byte that does not start a well-formed UTF-8 sequence.
std::pair<char32_t, size_t> char_at(std::string_view text, size_t pos) {
  const auto b = static_cast<unsigned char>(text[pos]);
  const size_t len = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
  if (len == 1 || pos + len > text.size() || !is_valid_utf8(text.substr(pos, len))) return {b, 1};
  char32_t cp = b & (0x7F >> len);
  for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[pos + k]) & 0x3F);
  return {cp, len};
}

// The word_keys of the valid words of `text`.
std::set<std::string> word_keys_of(std::string_view text) {
  std::set<std::string> keys;
  size_t start = 0;
  bool in_word = false;
  for (size_t i = 0; i <= text.size();) {
    bool word_char = false;
    size_t len = 1;
    if (i < text.size()) {
      const auto [cp, n] = char_at(text, i);
      word_char = is_word_code_point(cp);
      len = n;
    }
    if (word_char && !in_word) start = i;
    if (!word_char && in_word) {
      const std::string_view word = text.substr(start, i - start);
      if (is_valid_utf8(word)) keys.insert(word_key(word));
    }
    in_word = word_char;
    i += len;
  }
  return keys;
}

// Matches `text` and checks the ids against the invariants above.
void check_match(const WordMatcher &matcher, WordMatcher::Scratch &scratch, std::string_view text) {
  std::vector<uint32_t> ids;
  matcher.match(text, ids, scratch);
  for (size_t i = 0; i < ids.size(); ++i) {
    fuzz::check(ids[i] < matcher.size(), "id " + std::to_string(ids[i]) + " out of range");
    fuzz::check(i == 0 || ids[i - 1] < ids[i], "ids not ascending and unique");
  }
  const std::set<std::string> keys = word_keys_of(text);
  std::vector<uint32_t> expected;
  for (uint32_t id = 0; id < matcher.size(); ++id)
    if (keys.count(word_key(matcher.word(id)))) expected.push_back(id);
  if (ids != expected) {
    std::string words;
    for (uint32_t id : ids) words += " " + matcher.word(id);
    words += " | reference:";
    for (uint32_t id : expected) words += " " + matcher.word(id);
    fuzz::fail("matched words differ from the reference:" + words + " in " + fuzz::show(text));
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
