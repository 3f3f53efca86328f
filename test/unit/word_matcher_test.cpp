#include "core/word_matcher.h"

#include <gtest/gtest.h>
#include <hs/hs.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <random>
#include <thread>
#include <unordered_map>

#include "core/case_fold.h"
#include "core/error.h"
#include "core/interrupts.h"
#include "core/text.h"

using namespace hrlake::core;

namespace {

using Words = std::vector<std::string>;

// The marked words found in `text`, in id order.
Words found(const WordMatcher &m, std::string_view text) {
  WordMatcher::Scratch scratch(m);
  std::vector<uint32_t> ids;
  m.match(text, ids, scratch);
  Words out;
  for (uint32_t id : ids) out.push_back(m.word(id));
  return out;
}

// The reasons the matcher built from `words` gives for skipping, as
// "position: reason".
Words skip_reasons(const Words &words) {
  WordMatcher m(words);
  Words out;
  for (const SkippedWord &w : m.skipped())
    out.push_back(std::to_string(w.position) + ": " + w.reason);
  return out;
}

// The key the reference looks words up by: each well-formed code point
// folded by fold_case, written back as UTF-8 (ill-formed bytes as they are).
std::string reference_key(std::string_view word) {
  std::string out;
  char buf[4];
  for (size_t i = 0; i < word.size();) {
    char32_t cp;
    const size_t len = decode_utf8(word, i, cp);
    if (len == 0) {
      out += word[i++];
      continue;
    }
    out.append(buf, encode_utf8(fold_case(cp), buf));
    i += len;
  }
  return out;
}

// Reference tokenizer for the differential test, written independently of
// the matcher: reads the original text forward one code point at a time (an
// ill-formed byte is one Latin-1 character), cuts it into maximal runs of
// word characters and looks each run up by its reference_key. Returns the
// sorted ids.
std::vector<uint32_t> reference_ids(const std::unordered_map<std::string, uint32_t> &ids_by_key,
                                    std::string_view text) {
  const auto *p = reinterpret_cast<const unsigned char *>(text.data());
  std::vector<uint32_t> out;
  size_t word_start = std::string::npos;
  auto close_word = [&](size_t end) {
    if (word_start == std::string::npos) return;
    auto it = ids_by_key.find(reference_key(text.substr(word_start, end - word_start)));
    if (it != ids_by_key.end()) out.push_back(it->second);
    word_start = std::string::npos;
  };
  for (size_t i = 0; i < text.size();) {
    char32_t cp = p[i];
    size_t len = 1;
    size_t need = p[i] >= 0xF0 ? 4 : p[i] >= 0xE0 ? 3 : p[i] >= 0xC0 ? 2 : 1;
    if (need > 1 && i + need <= text.size() &&
        is_valid_utf8(text.substr(i, need))) {
      cp = p[i] & (0xFF >> (need + 1));
      for (size_t k = 1; k < need; ++k) cp = (cp << 6) | (p[i + k] & 0x3F);
      len = need;
    }
    if (is_word_code_point(cp)) {
      if (word_start == std::string::npos) word_start = i;
    } else {
      close_word(i);
    }
    i += len;
  }
  close_word(text.size());
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace

TEST(WordMatcher, StartAndEndOfText) {
  WordMatcher m({"FOO"});
  EXPECT_EQ(found(m, "FOO"), Words{"FOO"});
  EXPECT_EQ(found(m, "FOO at the start"), Words{"FOO"});
  EXPECT_EQ(found(m, "at the end FOO"), Words{"FOO"});
  EXPECT_EQ(found(m, "in the FOO middle"), Words{"FOO"});
}

TEST(WordMatcher, PunctuationAroundWords) {
  WordMatcher m({"FOO"});
  for (const char *text : {"foo-bar", "(foo)", "foo.", "\"foo\"", "x,foo,y", "foo!?", "a/foo/b",
                           "foo_bar", "_foo_", "\tfoo\n", "foo:1", "#foo", "@foo", "a'foo'b"})
    EXPECT_EQ(found(m, text), Words{"FOO"}) << text;
}

TEST(WordMatcher, MixedCase) {
  WordMatcher m({"Foo", "bar42"});
  EXPECT_EQ(found(m, "FOO"), Words{"Foo"});
  EXPECT_EQ(found(m, "fOo BAR42"), (Words{"Foo", "bar42"}));
  EXPECT_EQ(found(m, "Bar42."), Words{"bar42"});
}

TEST(WordMatcher, NotInsideLongerWords) {
  WordMatcher m({"FOO"});
  for (const char *text : {"FOOBAR", "BARFOO", "xFOOx", "FOO2", "2FOO", "F00", "FO", "FOOFOO"})
    EXPECT_TRUE(found(m, text).empty()) << text;
}

TEST(WordMatcher, WholeOccurrenceAfterPartOfLongerWord) {
  WordMatcher m({"FOO"});
  EXPECT_EQ(found(m, "FOOBAR FOO"), Words{"FOO"});
  EXPECT_EQ(found(m, "FOO2 then foo"), Words{"FOO"});
  EXPECT_EQ(found(m, "FOOFOO FOO"), Words{"FOO"});
}

TEST(WordMatcher, RepeatedWordsReportedOnceInIdOrder) {
  WordMatcher m({"FOO", "BAR", "BAZ"});
  EXPECT_EQ(found(m, "baz foo FOO Foo bar foo baz"), (Words{"FOO", "BAR", "BAZ"}));
  WordMatcher::Scratch scratch(m);
  std::vector<uint32_t> ids;
  m.match("BAZ BAR BAZ", ids, scratch);
  EXPECT_EQ(ids, (std::vector<uint32_t>{1, 2}));
  m.match("BAR", ids, scratch);  // marks from the last message are gone
  EXPECT_EQ(ids, std::vector<uint32_t>{1});
}

TEST(WordMatcher, EmptyMessage) {
  WordMatcher m({"FOO"});
  WordMatcher::Scratch scratch(m);
  std::vector<uint32_t> ids{7, 8};
  m.match("", ids, scratch);
  EXPECT_TRUE(ids.empty());
  EXPECT_TRUE(found(m, " \t\n.,").empty());
}

TEST(WordMatcher, MegabyteMessages) {
  WordMatcher m({"FOO", "BAR"});
  std::string big(1 << 20, 'x');
  big.replace(500000, 5, " FOO ");
  EXPECT_EQ(found(m, big), Words{"FOO"});
  big.replace(big.size() - 4, 4, " bar");
  EXPECT_EQ(found(m, big), (Words{"FOO", "BAR"}));
  EXPECT_TRUE(found(m, std::string(1 << 20, 'a')).empty());
  std::string repeated;  // 262,144 occurrences, reported once
  while (repeated.size() < (1u << 20)) repeated += "foo ";
  EXPECT_EQ(found(m, repeated), Words{"FOO"});
}

TEST(WordMatcher, NonAsciiTextAroundWords) {
  WordMatcher m({"FOO"});
  // Letters, marks and digits of any script continue a word.
  for (const char *text : {"FOOé", "éFOO", "ЖFOO", "FOOж", "日本FOO", "FOOß", "FOO\xCC\x81" /* ◌́ */,
                           "FOO²", "FOO٣" /* Arabic-Indic 3 */, "FOO\xC2\xAD" "BAR" /* soft hyphen */})
    EXPECT_TRUE(found(m, text).empty()) << text;
  // Spaces, punctuation and symbols separate.
  for (const char *text : {"FOO\xC2\xA0x" /* no-break space */, "FOO’s", "«FOO»", "x–FOO—y",
                           "“FOO”", "\xE3\x80\x80" "FOO\xE3\x80\x82" /* ideographic space, stop */,
                           "FOO€", "¿FOO?", "FOO…", "FOO\xE2\x80\x8B" /* zero-width space */,
                           "FOO😀", "日本 FOO、", "FOO\xEF\xBC\x81" /* fullwidth ! */})
    EXPECT_EQ(found(m, text), Words{"FOO"}) << text;
}

TEST(WordMatcher, NonAsciiMarkedWords) {
  WordMatcher m({"café", "Straße", "привет", "東京", "σοφία"});
  EXPECT_EQ(found(m, "un CAFé noir"), Words{"café"});
  EXPECT_EQ(found(m, "CAFÉ"), Words{"café"});  // Unicode simple case folding
  EXPECT_EQ(found(m, "Café."), Words{"café"});
  EXPECT_TRUE(found(m, "cafés").empty());
  EXPECT_TRUE(found(m, "CAFÉS").empty());
  EXPECT_TRUE(found(m, "CAFE").empty());        // no normalisation: É is not E
  EXPECT_EQ(found(m, "die STRAße, привет!"), (Words{"Straße", "привет"}));
  EXPECT_EQ(found(m, "STRA\u1E9EE"), Words{"Straße"});  // capital sharp s folds to ß
  EXPECT_TRUE(found(m, "STRASSE").empty());     // ß folds to "ss" only fully
  EXPECT_TRUE(found(m, "strasse").empty());
  EXPECT_EQ(found(m, "Привет"), Words{"привет"});
  EXPECT_EQ(found(m, "ПРИВЕТ"), Words{"привет"});
  EXPECT_EQ(found(m, "ΣΟΦΊΑ"), Words{"σοφία"});
  EXPECT_TRUE(found(m, "ΣΟΦΙΑ").empty());       // Ι without the tonos differs
  EXPECT_EQ(found(m, "「東京」"), Words{"東京"});
  EXPECT_TRUE(found(m, "東京都").empty());  // CJK letters run on
}

TEST(WordMatcher, FoldedMarkedWordsMeetAnyCase) {
  // Marked words are folded too: upper-case or odd forms match plain text.
  WordMatcher m({"CAFÉ", "ΟΔΟΣ", "\u212Aelvin" /* Kelvin sign */, "\u017Fun" /* long s */,
                 "\u023Ax" /* folds to three bytes */});
  EXPECT_EQ(found(m, "café"), Words{"CAFÉ"});
  EXPECT_EQ(found(m, "οδοσ"), Words{"ΟΔΟΣ"});
  EXPECT_EQ(found(m, "οδος"), Words{"ΟΔΟΣ"});  // final sigma folds to σ
  EXPECT_EQ(found(m, "ΟΔΟς."), Words{"ΟΔΟΣ"});
  EXPECT_EQ(found(m, "KELVIN"), Words{"\u212Aelvin"});    // pure ASCII: scanned unfolded
  EXPECT_EQ(found(m, "kelvin é"), Words{"\u212Aelvin"});  // non-ASCII: scanned folded
  EXPECT_EQ(found(m, "SUN"), Words{"\u017Fun"});
  EXPECT_EQ(found(m, "ⱥX ȺX"), Words{"\u023Ax"});
  EXPECT_TRUE(found(m, "ȺXȺ").empty());
  EXPECT_TRUE(found(m, "ⱥXé").empty());
}

TEST(WordMatcher, BoundariesAfterFoldingChangesLengths) {
  // The Kelvin sign (3 bytes) and long s (2 bytes) fold to one byte, Ⱥ (2
  // bytes) to three: offsets in the folded copy differ from the message's.
  WordMatcher m({"FOO", "É"});
  EXPECT_EQ(found(m, "\u212A\u212A\u212A foo"), Words{"FOO"});
  EXPECT_EQ(found(m, "ȺȺȺȺ foo"), Words{"FOO"});
  EXPECT_TRUE(found(m, "ȺȺȺȺfoo").empty());
  EXPECT_TRUE(found(m, "foo\u212A").empty());
  EXPECT_EQ(found(m, "\u017F\u017F-É-\u023A"), Words{"É"});
  EXPECT_TRUE(found(m, "\u017Fé").empty());
  EXPECT_EQ(found(m, "é\xC9é é"), Words{"É"});  // \xC9 reads as É: one word
  EXPECT_TRUE(found(m, "FOO\xC9").empty());
  EXPECT_EQ(found(m, "\xC9 FOO\xA0É"), (Words{"FOO", "É"}));
}

TEST(WordMatcher, InvalidUtf8ReadsAsLatin1) {
  WordMatcher m({"FOO"});
  EXPECT_TRUE(found(m, "FOO\xE9").empty());          // é
  EXPECT_TRUE(found(m, "\xFF" "FOO").empty());       // ÿ
  EXPECT_TRUE(found(m, "FOO\xC3").empty());          // truncated: Ã
  EXPECT_EQ(found(m, "FOO\xA0"), Words{"FOO"});      // no-break space
  EXPECT_EQ(found(m, "\xA9" "FOO"), Words{"FOO"});   // stray continuation: ©
  EXPECT_EQ(found(m, "\x85" "FOO\x93"), Words{"FOO"});  // C1 controls
  EXPECT_EQ(found(m, "\xC0\xAF" "FOO"), Words{"FOO"});  // overlong: ¯ before
  EXPECT_EQ(found(m, "\xED\xA0\x80" "FOO"), Words{"FOO"});  // surrogate: U+0080 before
  EXPECT_EQ(found(m, "\xC3\xA9\xA9" "FOO"), Words{"FOO"});  // é then stray ©
}

TEST(WordMatcher, OverlappingMarkedWords) {
  WordMatcher m({"FOO", "FOOBAR", "BAR"});
  EXPECT_EQ(found(m, "FOOBAR"), Words{"FOOBAR"});
  EXPECT_EQ(found(m, "foo foobar"), (Words{"FOO", "FOOBAR"}));
  EXPECT_EQ(found(m, "foo-bar"), (Words{"FOO", "BAR"}));
  EXPECT_TRUE(found(m, "FOOBARBAR").empty());
}

TEST(WordMatcher, EmptyListMatchesNothing) {
  WordMatcher m({});
  EXPECT_EQ(m.size(), 0u);
  EXPECT_TRUE(found(m, "anything FOO").empty());
  EXPECT_TRUE(found(m, "").empty());
}

TEST(WordMatcher, WordsTrimmedAndDuplicatesCollapse) {
  WordMatcher m({" foo\t", "FOO", "Bar", "fOo", "bar\n", "baz"});
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(m.word(0), "foo");
  EXPECT_EQ(m.word(1), "Bar");
  EXPECT_EQ(m.word(2), "baz");
  EXPECT_EQ(found(m, "BAZ, Foo"), (Words{"foo", "baz"}));
  EXPECT_EQ(WordMatcher({"café", "CAFÉ"}).size(), 1u);
  EXPECT_EQ(WordMatcher({"ΣΟΦΊΑ", "σοφία", "σοφίας"}).size(), 2u);
  EXPECT_EQ(WordMatcher({"ΣΟΦΟΣ", "σοφος", "σοφοσ"}).size(), 1u);
  EXPECT_EQ(WordMatcher({"STRASSE", "straße", "STRAẞE"}).size(), 2u);
  EXPECT_EQ(WordMatcher({"CAFÉ", "café"}).word(0), "CAFÉ");  // the first spelling
}

TEST(WordMatcher, WordKeyIsTheFoldedWord) {
  EXPECT_EQ(word_key("CAFÉ"), "café");
  EXPECT_EQ(word_key("café"), word_key("CAFÉ"));
  EXPECT_EQ(word_key("ΣΟΦΊΑ"), word_key("σοφία"));
  EXPECT_NE(word_key("STRASSE"), word_key("straße"));
  EXPECT_EQ(word_key("STRAẞE"), word_key("straße"));
  EXPECT_EQ(word_key("Foo42"), "foo42");
  EXPECT_EQ(word_key(" Foo "), " foo ");  // does not trim
}

TEST(WordMatcher, SkipsWhatCannotBeAWholeWord) {
  EXPECT_EQ(skip_reasons({"ok", ""}), Words{"2: is empty"});
  EXPECT_EQ(skip_reasons({"   "}), Words{"1: is empty"});
  EXPECT_EQ(skip_reasons({"two words"}),
            Words{"1: is not a single word: \" \" (U+0020) is not a letter or digit, so the "
                  "word could never occur whole"});
  EXPECT_EQ(skip_reasons({"FOO’s"}),
            Words{"1: is not a single word: \"’\" (U+2019) is not a letter or digit, so the "
                  "word could never occur whole"});
  EXPECT_EQ(skip_reasons({"x\xFF"}),
            Words{"1: is not valid UTF-8 (invalid byte sequence at byte 2)"});
  EXPECT_EQ(skip_reasons({"ok", "foo_bar", "fine", "foo-bar"}).size(), 2u);

  // One bad word does not stop the others.
  WordMatcher m({"foo", "foo bar", " ", "\xC3", "bar", "a-b"});
  EXPECT_EQ(m.size(), 2u);
  EXPECT_EQ(found(m, "Foo and BAR"), (Words{"foo", "bar"}));
  ASSERT_EQ(m.skipped().size(), 4u);
  EXPECT_EQ(m.skipped()[0].position, 2u);
  EXPECT_EQ(m.skipped()[0].word, "foo bar");
  EXPECT_EQ(m.skipped()[1].position, 3u);
  EXPECT_EQ(m.skipped()[1].word, "");
  EXPECT_EQ(m.skipped()[2].word, "\xC3");
  EXPECT_EQ(m.skipped()[3].position, 6u);
  EXPECT_EQ(m.skipped()[0].message(),
            "marked word 2 \"foo bar\" is not a single word: \" \" (U+0020) is not a letter "
            "or digit, so the word could never occur whole");
  EXPECT_EQ(m.skipped()[1].message(), "marked word 3 is empty");
  // Invalid UTF-8 is not quoted into a message.
  EXPECT_EQ(m.skipped()[2].message(),
            "marked word 4 is not valid UTF-8 (invalid byte sequence at byte 1)");

  // Every word skipped: a matcher that matches nothing.
  WordMatcher none({"a b", "-"});
  EXPECT_EQ(none.size(), 0u);
  EXPECT_EQ(none.skipped().size(), 2u);
  EXPECT_TRUE(found(none, "a b -").empty());

  EXPECT_TRUE(WordMatcher::is_single_word("Straße42"));
  EXPECT_FALSE(WordMatcher::is_single_word("foo bar"));
  EXPECT_FALSE(WordMatcher::is_single_word(""));
  EXPECT_FALSE(WordMatcher::is_single_word("\xC3"));
  EXPECT_EQ(WordMatcher::word_problem("Straße42"), "");
  EXPECT_EQ(WordMatcher::word_problem(""), "is empty");
}

TEST(WordMatcher, WordsOfMoreThan200CharactersAreSkipped) {
  std::string ascii(200, 'a'), accented;
  for (int i = 0; i < 200; ++i) accented += "é";  // 200 characters, 400 bytes
  EXPECT_EQ(WordMatcher::word_problem(ascii), "");
  EXPECT_EQ(WordMatcher::word_problem(accented), "");
  EXPECT_EQ(WordMatcher::word_problem(ascii + "b"),
            "has 201 characters, more than the 200 a word may have");
  EXPECT_EQ(WordMatcher::word_problem(accented + "É"),
            "has 201 characters, more than the 200 a word may have");
  WordMatcher m({ascii, accented + "é", "  " + accented + "  "});
  EXPECT_EQ(m.size(), 2u);
  ASSERT_EQ(m.skipped().size(), 1u);
  EXPECT_EQ(m.skipped()[0].position, 2u);
  EXPECT_EQ(found(m, "x " + accented + " " + ascii), (Words{ascii, accented}));
}

TEST(WordMatcher, WordCodePoints) {
  for (char32_t cp : {U'a', U'Z', U'0', U'é', U'ß', U'Ж', U'日', U'٣', U'²', U'\u0301', U'\u00AD',
                      U'\u200D', U'\U00020000', U'\U000E0100' /* variation selector: Mn */})
    EXPECT_TRUE(is_word_code_point(cp)) << static_cast<unsigned>(cp);
  for (char32_t cp : {U' ', U'_', U'-', U'\0', U'\u00A0', U'\u2019', U'\u2013', U'\u2014',
                      U'\u201C', U'\u201D', U'\u3000', U'\u00D7', U'\u2028', U'\uFEFF',
                      U'\U0001F600', U'\u0080', U'\u00BF'})
    EXPECT_FALSE(is_word_code_point(cp)) << static_cast<unsigned>(cp);
}

TEST(WordMatcher, FiveThousandWordsAgainstReference) {
  std::mt19937 rng(42);
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  auto token = [&](size_t len) {
    std::string t;
    for (size_t i = 0; i < len; ++i) t += alphabet[rng() % alphabet.size()];
    return t;
  };
  Words marked;
  for (int i = 0; i < 5000; ++i) marked.push_back(token(1 + rng() % 12));
  marked.push_back("é");
  marked.push_back("Ab\xC3\xA9");
  WordMatcher m(marked);
  std::unordered_map<std::string, uint32_t> ids_by_key;
  for (uint32_t id = 0; id < m.size(); ++id) ids_by_key.emplace(reference_key(m.word(id)), id);

  // Pieces that stress the boundaries: marked words in random case, their
  // halves, separators and word characters of every kind, invalid bytes.
  const std::vector<std::string> extras = {
      " ", " ", "-", "_", ".", "\xC2\xA0", "’", "—", "\xE3\x80\x80", "é", "ж", "日", "\xCC\x81",
      "2", "x", "\xFF", "\xC3", "\xA9", "\xE2\x80", "\xF0\x9F\x98\x80", "\xED\xA0\x80"};
  WordMatcher::Scratch scratch(m);
  std::vector<uint32_t> ids;
  for (int message = 0; message < 20000; ++message) {
    std::string text;
    const int pieces = static_cast<int>(rng() % 12);
    for (int k = 0; k < pieces; ++k) {
      const unsigned kind = rng() % 4;
      if (kind == 0) {
        std::string w = m.word(rng() % m.size());
        for (char &c : w)
          if (rng() % 2 && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        text += rng() % 4 == 0 ? w.substr(0, w.size() / 2) : w;
      } else if (kind == 1) {
        text += token(1 + rng() % 4);
      } else {
        text += extras[rng() % extras.size()];
      }
    }
    m.match(text, ids, scratch);
    ASSERT_EQ(ids, reference_ids(ids_by_key, text)) << "message: " << text;
  }
}

// Hyperscan 5.4.0's pure-literal API failed the scan (HS_UNKNOWN_ERROR)
// for a word ending in a long run of one letter when the message holds a
// long start of it (found by test/fuzz/word_matcher_fuzz).
TEST(WordMatcher, WordEndingInLongRunOfOneLetter) {
  const std::string run_word = "BAR" + std::string(36, 'u');
  WordMatcher m({"FOO", run_word});
  WordMatcher::Scratch scratch(m);
  std::vector<uint32_t> ids;
  m.match("FOO BAR" + std::string(30, 'u'), ids, scratch);
  EXPECT_EQ(ids, std::vector<uint32_t>({0}));
  m.match("foo " + run_word + "!", ids, scratch);
  EXPECT_EQ(ids, std::vector<uint32_t>({0, 1}));
}

TEST(WordMatcher, ScratchOfAnotherMatcherIsRefused) {
  WordMatcher a({"FOO"}), b({"FOO"});
  WordMatcher::Scratch scratch(a);
  std::vector<uint32_t> ids;
  EXPECT_THROW(b.match("FOO", ids, scratch), Error);
}

TEST(WordMatcher, SteadyStateReusesBuffers) {
  WordMatcher m({"A", "B", "C"});
  WordMatcher::Scratch scratch(m);
  std::vector<uint32_t> ids;
  m.match("A B C", ids, scratch);
  const uint32_t *data = ids.data();
  for (const char *text : {"C", "", "B A", "A B C", "nothing"}) {
    m.match(text, ids, scratch);
    EXPECT_EQ(ids.data(), data);
  }
}

TEST(WordMatcher, OneMatcherManyThreads) {
  WordMatcher m({"FOO", "BAR"});
  std::atomic<int> wrong{0};
  auto work = [&] {
    WordMatcher::Scratch scratch(m);
    std::vector<uint32_t> ids;
    for (int i = 0; i < 20000; ++i) {
      m.match(i % 2 ? "x BAR foo y" : "FOOBAR foo", ids, scratch);
      if (ids != (i % 2 ? std::vector<uint32_t>{0, 1} : std::vector<uint32_t>{0})) ++wrong;
    }
  };
  std::thread t1(work), t2(work);
  t1.join();
  t2.join();
  EXPECT_EQ(wrong.load(), 0);
}

namespace {
// Counts live Hyperscan allocations (database, scratch, misc).
std::atomic<long> hs_live{0};
void *counting_alloc(size_t size) {
  ++hs_live;
  return std::malloc(size);
}
void counting_free(void *p) {
  if (p) --hs_live;
  std::free(p);
}
}  // namespace

TEST(WordMatcher, FreesEverythingItAllocates) {
  ASSERT_EQ(hs_set_allocator(counting_alloc, counting_free), HS_SUCCESS);
  hs_live = 0;
  {
    WordMatcher m({"FOO", "BAR"});
    WordMatcher::Scratch s1(m), s2(m);
    EXPECT_GE(hs_live.load(), 3);
    std::vector<uint32_t> ids;
    m.match("foo bar", ids, s1);
    EXPECT_EQ(ids.size(), 2u);
  }
  EXPECT_EQ(hs_live.load(), 0);
  EXPECT_EQ(WordMatcher({"not one", "-"}).size(), 0u);  // no database at all
  EXPECT_EQ(hs_live.load(), 0);
  for (int i = 0; i < 20; ++i) {
    auto m = std::make_unique<WordMatcher>(Words{"W" + std::to_string(i), "X"});
    WordMatcher::Scratch s(*m);
  }
  EXPECT_EQ(hs_live.load(), 0);
  hs_set_allocator(nullptr, nullptr);
}

TEST(WordMatcher, CaseVariantsAgainstReference) {
  // Letters, each with spellings that fold alike (simple folding), and some
  // that only look alike: ß/ss, İ/i, ı/i stay apart.
  const std::vector<Words> letters = {
      {"a", "A"}, {"k", "K", "\u212A"}, {"s", "S", "\u017F"}, {"é", "É"}, {"σ", "Σ", "ς"},
      {"ж", "Ж"}, {"ß", "\u1E9E"}, {"ⱥ", "Ⱥ"}, {"i", "I"}, {"İ"}, {"ı"}, {"ι", "Ι", "\u0345"},
      {"ǆ", "ǅ", "Ǆ"}, {"日"}, {"7"}, {"\U00010428", "\U00010400"}};
  std::mt19937 rng(1234);
  // A word as letter indexes, and one random spelling of it.
  auto letter_word = [&] {
    std::vector<size_t> w(1 + rng() % 4);
    for (size_t &l : w) l = rng() % letters.size();
    return w;
  };
  auto spell = [&](const std::vector<size_t> &w, size_t count) {
    std::string out;
    for (size_t k = 0; k < count; ++k) out += letters[w[k]][rng() % letters[w[k]].size()];
    return out;
  };
  std::vector<std::vector<size_t>> marked_letters;
  Words marked;
  for (int i = 0; i < 300; ++i) {
    marked_letters.push_back(letter_word());
    marked.push_back(spell(marked_letters.back(), marked_letters.back().size()));
  }
  WordMatcher m(marked);
  ASSERT_TRUE(m.skipped().empty());
  std::unordered_map<std::string, uint32_t> ids_by_key;
  for (uint32_t id = 0; id < m.size(); ++id) ids_by_key.emplace(reference_key(m.word(id)), id);
  ASSERT_EQ(ids_by_key.size(), m.size());  // the matcher collapsed the same duplicates

  const Words extras = {" ", "-", "ss", "SS", "\xC2\xA0", "’", "\xC9", "\xE9", "\xC3", "\xA9",
                        "\xE2\x84", "\xFF", "x", "2", "\xCC\x81", "😀", "\u2C65"};
  WordMatcher::Scratch scratch(m);
  std::vector<uint32_t> ids;
  for (int message = 0; message < 30000; ++message) {
    std::string text;
    for (int k = static_cast<int>(rng() % 10); k > 0; --k) {
      const unsigned kind = rng() % 4;
      if (kind == 0) {
        const auto &w = marked_letters[rng() % marked_letters.size()];
        text += spell(w, rng() % 4 == 0 ? (w.size() + 1) / 2 : w.size());
      } else if (kind == 1) {
        const auto w = letter_word();
        text += spell(w, w.size());
      } else {
        text += extras[rng() % extras.size()];
      }
    }
    m.match(text, ids, scratch);
    ASSERT_EQ(ids, reference_ids(ids_by_key, text)) << "message: " << text;
  }
}

TEST(WordMatcher, SteadyStateReusesTheFoldingBuffer) {
  WordMatcher m({"É", "B"});
  WordMatcher::Scratch scratch(m);
  std::vector<uint32_t> ids;
  m.match(std::string(1000, 'x') + " é b", ids, scratch);
  EXPECT_EQ(ids, (std::vector<uint32_t>{0, 1}));
  const uint32_t *data = ids.data();
  for (const char *text : {"É", "b É", "ÉÉ", "plain b", "Ⱥ é"}) {
    m.match(text, ids, scratch);
    EXPECT_EQ(ids.data(), data);
  }
  EXPECT_EQ(ids, std::vector<uint32_t>{0});
}

namespace {

// An interrupt check that throws Cancelled on its `limit`-th call.
struct Cancelled {};
std::atomic<int> checks{0};
int check_limit = 0;
void cancel_at_limit() {
  if (++checks >= check_limit) throw Cancelled{};
}

// Counts Hyperscan allocations, live and in all.
std::atomic<long> hs_allocs{0}, hs_frees{0};
void *tallying_alloc(size_t size) {
  ++hs_allocs;
  return std::malloc(size);
}
void tallying_free(void *p) {
  if (p) ++hs_frees;
  std::free(p);
}

// An allocator that always fails.
void *failing_alloc(size_t) { return nullptr; }

// `n` distinct random words of 8 to 15 letters and digits.
Words random_words(size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  const std::string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  Words out(n);
  for (size_t i = 0; i < n; ++i) {
    out[i] = std::to_string(i) + "x";
    for (size_t k = 8 + rng() % 8; k > 0; --k) out[i] += alphabet[rng() % alphabet.size()];
  }
  return out;
}

}  // namespace

TEST(WordMatcherCompile, BuildsWhatTheConstructorBuilds) {
  const std::shared_ptr<const WordMatcher> m =
      WordMatcher::compile({"FOO", "a b", "café", "CAFÉ"});
  ASSERT_TRUE(m);
  EXPECT_EQ(m->size(), 2u);
  ASSERT_EQ(m->skipped().size(), 1u);
  EXPECT_EQ(m->skipped()[0].position, 2u);
  EXPECT_EQ(found(*m, "Café, foo!"), (Words{"FOO", "café"}));
  EXPECT_EQ(WordMatcher::compile({})->size(), 0u);
}

TEST(WordMatcherCompile, HyperscanFailureIsAnError) {
  ASSERT_EQ(hs_set_allocator(failing_alloc, std::free), HS_SUCCESS);
  std::string constructor_state, compile_state;
  try {
    WordMatcher m({"FOO", "BAR"});
  } catch (const Error &e) {
    constructor_state = e.sqlstate() + " " + e.what();
  }
  try {
    WordMatcher::compile({"FOO", "BAR"});  // thrown on the thread, rethrown here
  } catch (const Error &e) {
    compile_state = e.sqlstate() + " " + e.what();
  }
  hs_set_allocator(nullptr, nullptr);
  // Not blamed on the first word, as Hyperscan's error would suggest.
  EXPECT_EQ(constructor_state, "53200 could not compile the 2 marked words");
  EXPECT_EQ(compile_state, "53200 could not compile the 2 marked words");
}

TEST(WordMatcherCompile, CancelledCompileFinishesOnItsOwn) {
  // Big enough to take far longer than three 10 ms slices.
  Words words = random_words(30000, 5);  // about a second
  ASSERT_EQ(hs_set_allocator(tallying_alloc, tallying_free), HS_SUCCESS);
  hs_allocs = hs_frees = 0;
  checks = 0;
  check_limit = 3;
  set_interrupt_check(cancel_at_limit);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_THROW(WordMatcher::compile(std::move(words)), Cancelled);
  const auto waited = std::chrono::steady_clock::now() - start;
  set_interrupt_check(nullptr);
  EXPECT_EQ(checks.load(), 3);
  // Hyperscan allocates the database last: none yet, so it was still compiling.
  EXPECT_EQ(hs_allocs.load(), 0) << "the compile finished before the cancel";
  EXPECT_LT(waited, std::chrono::seconds(1));
  // The compile goes on alone, then frees its database with its words.
  for (int i = 0; i < 6000 && (hs_allocs == 0 || hs_frees < hs_allocs); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_GT(hs_allocs.load(), 0);
  EXPECT_EQ(hs_frees.load(), hs_allocs.load());
  hs_set_allocator(nullptr, nullptr);
}
