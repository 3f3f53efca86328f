#include "core/marked_word_matcher.h"

#include <gtest/gtest.h>

#include "core/error.h"

using namespace hrlake::core;

namespace {

std::vector<std::string> found(const MarkedWordMatcher &m, std::string_view text) {
  MarkedWordMatcher::Scratch scratch(m);
  std::vector<uint32_t> ids;
  m.match(text, scratch, ids);
  std::vector<std::string> out;
  for (uint32_t id : ids) out.push_back(m.word(id));
  return out;
}

using Words = std::vector<std::string>;

}  // namespace

TEST(MarkedWordMatcher, WholeWordsAnywhere) {
  MarkedWordMatcher m({"FOO", "BAR42"});
  EXPECT_EQ(found(m, "FOO"), Words{"FOO"});
  EXPECT_EQ(found(m, "FOO at start"), Words{"FOO"});
  EXPECT_EQ(found(m, "at the end FOO"), Words{"FOO"});
  EXPECT_EQ(found(m, "x foo-bar y"), Words{"FOO"});
  EXPECT_EQ(found(m, "(Foo), [fOo]. bar42!"), (Words{"FOO", "BAR42"}));
  EXPECT_EQ(found(m, "foo_bar"), Words{"FOO"});  // underscore separates
}

TEST(MarkedWordMatcher, NotInsideLongerWords) {
  MarkedWordMatcher m({"FOO"});
  EXPECT_TRUE(found(m, "FOOBAR").empty());
  EXPECT_TRUE(found(m, "FOO2").empty());
  EXPECT_TRUE(found(m, "2FOO").empty());
  EXPECT_TRUE(found(m, "BARFOO").empty());
  EXPECT_EQ(found(m, "FOOBAR then FOO"), Words{"FOO"});  // later whole occurrence
}

TEST(MarkedWordMatcher, RepeatedWordsReportedOnce) {
  MarkedWordMatcher m({"FOO", "BAR"});
  EXPECT_EQ(found(m, "foo FOO Foo bar foo"), (Words{"FOO", "BAR"}));
}

TEST(MarkedWordMatcher, OverlappingWords) {
  MarkedWordMatcher m({"FOO", "FOOBAR"});
  EXPECT_EQ(found(m, "FOOBAR"), Words{"FOOBAR"});
  EXPECT_EQ(found(m, "FOO FOOBAR"), (Words{"FOO", "FOOBAR"}));
}

TEST(MarkedWordMatcher, NonAsciiText) {
  MarkedWordMatcher m({"FOO", "café"});
  EXPECT_TRUE(found(m, "FOOé").empty());               // é is a letter
  EXPECT_TRUE(found(m, "éFOO").empty());
  EXPECT_TRUE(found(m, "ЖFOO").empty());               // Cyrillic letter
  EXPECT_EQ(found(m, "FOO’s"), Words{"FOO"});          // U+2019 separates
  EXPECT_EQ(found(m, "«FOO»"), Words{"FOO"});          // Latin-1 punctuation
  EXPECT_EQ(found(m, "日本FOO"), Words{});              // CJK letters
  EXPECT_EQ(found(m, "\xE3\x80\x80" "FOO\xE3\x80\x82"), Words{"FOO"});  // ideographic space, full stop
  EXPECT_EQ(found(m, "un café noir"), Words{"café"});
  EXPECT_EQ(found(m, "FOO\xC2\xA0x"), Words{"FOO"});   // no-break space
}

TEST(MarkedWordMatcher, EmptyAndHugeMessages) {
  MarkedWordMatcher m({"FOO"});
  EXPECT_TRUE(found(m, "").empty());
  std::string big(1 << 20, 'x');
  big[500000] = ' ';
  big.replace(500001, 3, "FOO");
  big[500004] = ' ';
  EXPECT_EQ(found(m, big), Words{"FOO"});
  std::string no(1 << 20, 'a');
  EXPECT_TRUE(found(m, no).empty());
}

TEST(MarkedWordMatcher, InvalidUtf8DoesNotCrash) {
  MarkedWordMatcher m({"FOO"});
  EXPECT_EQ(found(m, "\xff" "FOO" "\xc3"), Words{"FOO"});  // invalid bytes separate
}

TEST(MarkedWordMatcher, EmptyListMatchesNothing) {
  MarkedWordMatcher m({});
  EXPECT_EQ(m.size(), 0u);
  EXPECT_TRUE(found(m, "anything FOO").empty());
}

TEST(MarkedWordMatcher, DuplicatesCollapseAndBadWordsAreRefused) {
  MarkedWordMatcher m({"foo", " FOO ", "Bar"});
  EXPECT_EQ(m.size(), 2u);
  EXPECT_THROW(MarkedWordMatcher({"two words"}), Error);
  EXPECT_THROW(MarkedWordMatcher({"foo-bar"}), Error);
  EXPECT_THROW(MarkedWordMatcher({""}), Error);
}

TEST(MarkedWordMatcher, FiveThousandWords) {
  std::vector<std::string> words;
  for (int i = 0; i < 5000; ++i) words.push_back("W" + std::to_string(100000000 + i));
  MarkedWordMatcher m(words);
  EXPECT_EQ(found(m, "a W100004999 b W100000000 W1000000001"),
            (Words{"W100000000", "W100004999"}));
}
