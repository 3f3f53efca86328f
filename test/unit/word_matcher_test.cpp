#include "core/word_matcher.h"

#include <gtest/gtest.h>
#include <hs/hs.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <random>
#include <thread>
#include <unordered_map>

#include "core/error.h"
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

// The SQLSTATE of the Error that building a matcher from `words` throws.
std::string error_code(const Words &words) {
  try {
    WordMatcher m(words);
  } catch (const Error &e) {
    return e.sqlstate();
  }
  return "no error";
}

// The message of the Error that building a matcher from `words` throws.
std::string error_message(const Words &words) {
  try {
    WordMatcher m(words);
  } catch (const Error &e) {
    return std::string(e.what()) + " | " + e.detail();
  }
  return "no error";
}

// ASCII letters upper-cased: how the reference compares words.
std::string upper(std::string_view s) {
  std::string out(s);
  for (char &c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

// Reference tokenizer for the differential test, written independently of
// the matcher: reads the text forward one code point at a time (an
// ill-formed byte is one Latin-1 character), cuts it into maximal runs of
// word characters and looks each run up. Returns the sorted ids.
std::vector<uint32_t> reference_ids(const std::unordered_map<std::string, uint32_t> &ids_by_key,
                                    std::string_view text) {
  const auto *p = reinterpret_cast<const unsigned char *>(text.data());
  std::vector<uint32_t> out;
  size_t word_start = std::string::npos;
  auto close_word = [&](size_t end) {
    if (word_start == std::string::npos) return;
    auto it = ids_by_key.find(upper(text.substr(word_start, end - word_start)));
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
  WordMatcher m({"café", "Straße", "привет", "東京"});
  EXPECT_EQ(found(m, "un CAFé noir"), Words{"café"});  // ASCII letters caseless
  EXPECT_TRUE(found(m, "CAFÉ").empty());              // é and É differ
  EXPECT_TRUE(found(m, "cafés").empty());
  EXPECT_EQ(found(m, "die STRAße, привет!"), (Words{"Straße", "привет"}));
  EXPECT_TRUE(found(m, "Привет").empty());
  EXPECT_EQ(found(m, "「東京」"), Words{"東京"});
  EXPECT_TRUE(found(m, "東京都").empty());  // CJK letters run on
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
  EXPECT_EQ(WordMatcher({"café", "CAFÉ"}).size(), 2u);  // only ASCII folds
}

TEST(WordMatcher, RefusesWhatCannotBeAWholeWord) {
  EXPECT_EQ(error_code({"ok", ""}), "22023");
  EXPECT_EQ(error_code({"   "}), "22023");
  EXPECT_EQ(error_code({"two words"}), "22023");
  EXPECT_EQ(error_code({"foo-bar"}), "22023");
  EXPECT_EQ(error_code({"foo_bar"}), "22023");
  EXPECT_EQ(error_code({"FOO’s"}), "22023");
  EXPECT_EQ(error_code({"x\xFF"}), "22021");
  EXPECT_EQ(error_message({"ok", "foo-bar"}),
            "marked word 2 \"foo-bar\" is not a single word | "
            "\"-\" (U+002D) is not a letter or digit, so the word could never occur whole.");
  EXPECT_EQ(error_message({"ok", " "}), "marked word 2 is empty | ");
  EXPECT_TRUE(WordMatcher::is_single_word("Straße42"));
  EXPECT_FALSE(WordMatcher::is_single_word("foo bar"));
  EXPECT_FALSE(WordMatcher::is_single_word(""));
  EXPECT_FALSE(WordMatcher::is_single_word("\xC3"));
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
  for (uint32_t id = 0; id < m.size(); ++id) ids_by_key.emplace(upper(m.word(id)), id);

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
  EXPECT_THROW(WordMatcher({"FOO", "BAR", "not one"}), Error);
  EXPECT_EQ(hs_live.load(), 0);
  for (int i = 0; i < 20; ++i) {
    auto m = std::make_unique<WordMatcher>(Words{"W" + std::to_string(i), "X"});
    WordMatcher::Scratch s(*m);
  }
  EXPECT_EQ(hs_live.load(), 0);
  hs_set_allocator(nullptr, nullptr);
}
