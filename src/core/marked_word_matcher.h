// Finds the marked (reserved) words in a message, on Intel Hyperscan
// (SPEC §2.8): one block-mode database for the whole list, compiled once per
// version of the list; case-insensitive for ASCII; whole words only, where a
// word is a maximal run of letters and digits. "FOO" matches in "foo-bar"
// and "(Foo)", not in "FOOBAR", "FOO2" or "FOOé".
//
// Hyperscan reports every place a literal occurs; the word boundaries are
// checked in the callback (a literal may occur inside a longer word first
// and as a whole word later), and each word is reported once per message.
// Letters and digits: ASCII alphanumerics and every non-ASCII code point
// except the common punctuation and space blocks (Latin-1 punctuation,
// U+2000-U+206F, U+3000-U+303F, U+FE30-U+FE4F, U+FF00-U+FF0F ...).
//
// Thread safety: the compiled database is read-only and may be shared; each
// thread needs its own Scratch.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct hs_database;
struct hs_scratch;

namespace hrlake::core {

class MarkedWordMatcher {
 public:
  // Per-thread working memory for match().
  class Scratch {
   public:
    explicit Scratch(const MarkedWordMatcher &matcher);
    ~Scratch();
    Scratch(const Scratch &) = delete;
    Scratch &operator=(const Scratch &) = delete;

   private:
    friend class MarkedWordMatcher;
    hs_scratch *scratch_ = nullptr;
    std::vector<uint8_t> seen_;  // per word id, reset after each message
  };

  // Compiles the list. Words are trimmed; duplicates (ignoring ASCII case)
  // collapse to one id. Throws Error for an empty word or one that is not
  // a single word of letters and digits.
  explicit MarkedWordMatcher(const std::vector<std::string> &words);
  ~MarkedWordMatcher();
  MarkedWordMatcher(const MarkedWordMatcher &) = delete;
  MarkedWordMatcher &operator=(const MarkedWordMatcher &) = delete;

  // Clears `ids` and fills it with the ids of the words found in `text`,
  // ascending. No allocation once `ids` and the scratch have grown.
  void match(std::string_view text, Scratch &scratch, std::vector<uint32_t> &ids) const;

  const std::string &word(uint32_t id) const { return words_[id]; }
  size_t size() const { return words_.size(); }

 private:
  struct Context;
  static int on_match(unsigned int id, unsigned long long from, unsigned long long to,
                      unsigned int flags, void *context);

  std::vector<std::string> words_;
  hs_database *database_ = nullptr;  // null when the list is empty
};

// True for the code point starting at text[pos] being a letter or digit.
bool is_word_char_at(std::string_view text, size_t pos);
// True for the code point ending just before text[end] being a letter or digit.
bool is_word_char_before(std::string_view text, size_t end);

}  // namespace hrlake::core
