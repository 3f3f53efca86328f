// Finds the reserved (marked) words in a message (SPEC §2.8) with Intel
// Hyperscan: the whole list is compiled once into one block-mode database of
// caseless literals, and each message is scanned once.
//
// Terms. A *word* is a maximal run of word characters. A *word character* is
// an ASCII letter or digit, or a non-ASCII code point that is not a separator.
// A *separator* is any other ASCII character (space, punctuation, '_',
// controls) or a non-ASCII code point whose Unicode 14 general category is
// punctuation (P*), symbol (S*), space (Z*), control (Cc) or format (Cf) --
// except U+00AD soft hyphen, U+200C ZWNJ and U+200D ZWJ, which sit inside
// words. So letters of any script, combining marks, digits and other numbers
// (², ½) are word characters; U+00A0, ’ – — “ ” « », U+3000 and emoji
// separate words. A marked word matches where it occurs as a whole word:
// "FOO" in "foo-bar", "(Foo)", "foo_bar", "FOO’s"; never in "FOOBAR",
// "FOO2", "2FOO" or "FOOé".
//
// Case: ASCII letters match caseless; other letters match as written
// ("café" does not match "CAFÉ"). Words are compared byte for byte
// otherwise (no Unicode normalisation).
//
// Invalid UTF-8 in a message never fails a match: a byte that does not start
// a well-formed sequence is classified as the Latin-1 character of the same
// value (invalid text is most often Latin-1): "FOO\xE9" reads as "FOOé", one
// word, while in "FOO\xA0" the no-break space separates.
//
// Thread safety: a WordMatcher is immutable after construction and may be
// shared by any number of threads; each thread scans with its own Scratch
// (Hyperscan scratch space plus the per-word "already reported" marks).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct hs_database;
struct hs_scratch;

namespace hrlake::core {

// True for a code point that is part of words (see the terms above).
bool is_word_code_point(char32_t cp);

class WordMatcher {
 public:
  // Frees Hyperscan objects; lets unique_ptr own them.
  struct HsDeleter {
    void operator()(hs_database *db) const;
    void operator()(hs_scratch *scratch) const;
  };

  // Per-thread working memory for match(); bound to the matcher it was made
  // for, and unusable once that matcher is gone. Make one per thread and
  // reuse it for every message.
  class Scratch {
   public:
    explicit Scratch(const WordMatcher &matcher);

   private:
    friend class WordMatcher;
    const WordMatcher *matcher_;
    std::unique_ptr<hs_scratch, HsDeleter> hs_;  // null for an empty list
    std::vector<uint8_t> reported_;  // per word id; all zero between messages
    std::vector<uint32_t> found_;    // ids found in this message; capacity size()
  };

  // Compiles the list. Each word is trimmed of ASCII blanks; words equal
  // ignoring ASCII case collapse to the first one's id and spelling. Ids are
  // 0..size()-1 in order of first appearance. Throws Error for a word that is
  // not valid UTF-8 (22021) or is not exactly one word (22023: empty, or
  // holding a separator such as a space or hyphen -- it could never occur as
  // a whole word), and when Hyperscan refuses the list (naming the word).
  // An empty list is fine and matches nothing.
  explicit WordMatcher(const std::vector<std::string> &words);

  // Not copyable or movable: Scratches point at their matcher.
  WordMatcher(const WordMatcher &) = delete;
  WordMatcher &operator=(const WordMatcher &) = delete;

  // Clears `matched_ids` and fills it with the ids of the marked words found
  // as whole words in `text`, ascending, each once. No allocation once
  // `matched_ids` has grown. Throws Error when `scratch` belongs to another
  // matcher or the text is over 4 GB.
  void match(std::string_view text, std::vector<uint32_t> &matched_ids,
             Scratch &scratch) const;

  // The word with this id, trimmed, as first given.
  const std::string &word(uint32_t id) const { return words_[id]; }
  // Number of distinct words.
  size_t size() const { return words_.size(); }

  // True when `word` (already trimmed) is exactly one word: non-empty valid
  // UTF-8 made of word characters only. For validating marked words early.
  static bool is_single_word(std::string_view word);

 private:
  struct ScanContext;
  static int on_match(unsigned int id, unsigned long long from,
                      unsigned long long to, unsigned int flags, void *context);

  std::vector<std::string> words_;
  std::vector<uint32_t> lengths_;  // bytes per word, for the callback
  std::unique_ptr<hs_database, HsDeleter> database_;  // null for an empty list
};

}  // namespace hrlake::core
