#include "core/word_rules.h"

#include <gtest/gtest.h>

using namespace hrlake::core;

TEST(WordRules, OneWord) {
  std::string p = "stale";
  auto w = parse_word("ABCDE12345", p);
  ASSERT_TRUE(w);
  EXPECT_EQ(p, "");
  EXPECT_EQ(w->word, "ABCDE12345");
  EXPECT_EQ(word_problem("caf\xc3\xa9"), "");
}

TEST(WordRules, Problems) {
  EXPECT_EQ(word_problem(std::nullopt), "word is empty");
  EXPECT_EQ(word_problem("foo bar"), "word \"foo bar\" is not a single word (letters and digits only)");
  EXPECT_EQ(word_problem("foo-bar"), "word \"foo-bar\" is not a single word (letters and digits only)");
}

// SPEC §2.10: words <= 200 characters.
TEST(WordRules, OverlongWordIsRejected) {
  EXPECT_EQ(word_problem(std::string(200, 'w')), "");
  EXPECT_EQ(word_problem(std::string(201, 'w')), "word is longer than 200 characters");
  EXPECT_EQ(word_problem(std::string(100000, 'w')), "word is longer than 200 characters");
}
