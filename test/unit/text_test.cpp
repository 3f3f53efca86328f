#include "core/text.h"

#include <gtest/gtest.h>

using namespace hrlake::core;

TEST(Text, Trim) {
  EXPECT_EQ(trim("  a b \r\n"), "a b");
  EXPECT_EQ(trim(""), "");
  EXPECT_EQ(trim(" \t "), "");
}

TEST(Text, Utf8Validation) {
  EXPECT_TRUE(is_valid_utf8("plain"));
  EXPECT_TRUE(is_valid_utf8("Zoë – 日本"));
  EXPECT_FALSE(is_valid_utf8("\xff"));
  EXPECT_FALSE(is_valid_utf8("a\xc3"));           // truncated
  EXPECT_FALSE(is_valid_utf8("\xc0\xaf"));        // overlong
  EXPECT_FALSE(is_valid_utf8("\xed\xa0\x80"));    // surrogate
  EXPECT_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));  // > U+10FFFF
  EXPECT_EQ(first_invalid_utf8("ab\xffz"), 2u);
}

TEST(Text, ParseInt) {
  EXPECT_EQ(parse_int("42"), 42);
  EXPECT_EQ(parse_int(" -7 "), -7);
  EXPECT_EQ(parse_int("+3"), 3);
  EXPECT_FALSE(parse_int("4.0"));
  EXPECT_FALSE(parse_int("x"));
  EXPECT_FALSE(parse_int(""));
  EXPECT_FALSE(parse_int("++3"));
  EXPECT_FALSE(parse_int("+-3"));  // found by test/fuzz/number_fuzz
  EXPECT_FALSE(parse_int("99999999999999999999"));
}

TEST(Text, Ellipsize) {
  EXPECT_EQ(ellipsize("abcdef", 10), "abcdef");
  EXPECT_EQ(ellipsize("abcdef", 3), "abc...");
  EXPECT_EQ(ellipsize("a\xc3\xa9z", 2), "a...");  // does not split é
}
