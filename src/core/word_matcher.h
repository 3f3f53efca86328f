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
// Case: words match caseless under Unicode simple case folding
// (case_fold.h): "CAFÉ" matches "café" and "ΣΟΦΊΑ" matches "σοφία", but
// "STRASSE" does not match "straße" (ß has only a full folding to "ss").
// The same folding defines duplicates in the word lists (word_key). Words
// are compared code point by code point otherwise (no normalisation).
//
// Speed: a pure-ASCII message (the common case) is scanned as it is, since
// Hyperscan's caseless literals fold ASCII themselves; only a message with a
// non-ASCII byte is copied into a buffer of the Scratch, folded from its
// first non-ASCII byte on, and scanned there, boundaries included (folding
// keeps letters letters and separators separators).
//
// Invalid UTF-8 in a message never fails a match: a byte that does not start
// a well-formed sequence is classified as the Latin-1 character of the same
// value (invalid text is most often Latin-1): "FOO\xE9" reads as "FOOé", one
// word, while in "FOO\xA0" the no-break space separates. Folding leaves such
// bytes as they are ("\xC9" is not folded to "\xE9").
//
// Thread safety: a WordMatcher is immutable after construction and may be
// shared by any number of threads; each thread scans with its own Scratch
// (Hyperscan scratch space, the per-word "already reported" marks and the
// folded copy of a non-ASCII message).
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

// The key under which marked and vocabulary words are the same word: the
// word case folded (case_fold.h), so "CAFÉ" and "café" share a key while
// "STRASSE" and "straße" do not. Of a trimmed word; it does not trim.
std::string word_key(std::string_view word);

// A marked word the matcher could not use, and why.
struct SkippedWord {
  size_t position;     // 1-based place in the list given
  std::string word;    // trimmed, as given (possibly invalid UTF-8)
  std::string reason;  // e.g. "is empty", "is not a single word: ..."

  // "marked word 2 \"foo-bar\" is not a single word: ...", for a warning:
  // the word shortened, and left out when empty or not valid UTF-8.
  std::string message() const;
};

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
    std::string folded_;  // a non-ASCII message, folded; grows, never shrinks
  };

  // Compiles the list on the calling thread. Each word is trimmed of ASCII
  // blanks; a word that cannot be used (see word_problem) is skipped and
  // listed in skipped(), so one bad word never stops the others from
  // matching. Words with the same word_key collapse to the first one's id
  // and spelling. Ids are 0..size()-1 in order of first appearance. Throws
  // Error only when Hyperscan refuses the list. An empty list (or one with
  // every word skipped) is fine and matches nothing. Cannot be cancelled:
  // for a list from the database, use compile().
  explicit WordMatcher(const std::vector<std::string> &words);

  // The same as the constructor, but cancellable: compiles on a background
  // thread (every signal blocked) while the calling thread waits in short
  // slices and calls check_for_interrupts() between them. When that throws,
  // the exception propagates at once and the compile finishes on its own
  // thread, which owns the words and the result and then frees them.
  static std::shared_ptr<const WordMatcher> compile(std::vector<std::string> words);

  // Not copyable or movable: Scratches point at their matcher.
  WordMatcher(const WordMatcher &) = delete;
  WordMatcher &operator=(const WordMatcher &) = delete;

  // Clears `matched_ids` and fills it with the ids of the marked words found
  // as whole words in `text`, ascending, each once. No allocation once
  // `matched_ids` and the scratch's folding buffer have grown. Throws Error
  // when `scratch` belongs to another matcher or the (folded) text is over
  // 4 GB.
  void match(std::string_view text, std::vector<uint32_t> &matched_ids,
             Scratch &scratch) const;

  // The word with this id, trimmed, as first given.
  const std::string &word(uint32_t id) const { return words_[id]; }
  // Number of distinct words.
  size_t size() const { return words_.size(); }
  // The words left out, in list order.
  const std::vector<SkippedWord> &skipped() const { return skipped_; }

  // True when `word` (already trimmed) is exactly one word: non-empty valid
  // UTF-8 made of word characters only. For validating marked words early.
  static bool is_single_word(std::string_view word);
  // Why the matcher would skip `word` (already trimmed): empty, not valid
  // UTF-8, not exactly one word, or longer than 200 characters (SPEC §2.10);
  // an empty string when the word is usable.
  static std::string word_problem(std::string_view word);

 private:
  struct ScanContext;
  static int on_match(unsigned int id, unsigned long long from,
                      unsigned long long to, unsigned int flags, void *context);

  std::vector<std::string> words_;
  std::vector<uint32_t> lengths_;  // bytes per word key, for the callback
  std::vector<SkippedWord> skipped_;
  std::unique_ptr<hs_database, HsDeleter> database_;  // null for an empty list
};

}  // namespace hrlake::core
