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
  EXPECT_FALSE(is_valid_utf8("\xc1\xbf"));        // C1 lead: always overlong
  EXPECT_FALSE(is_valid_utf8("\xe0\x9f\xbf"));    // overlong three-byte form
  EXPECT_FALSE(is_valid_utf8("\xf0\x8f\xbf\xbf"));  // overlong four-byte form
  EXPECT_FALSE(is_valid_utf8("\xf5\x80\x80\x80"));  // lead above F4
  EXPECT_TRUE(is_valid_utf8("\xf4\x8f\xbf\xbf"));   // U+10FFFF
  EXPECT_TRUE(is_valid_utf8("\xee\x80\x80"));       // U+E000, just past surrogates
  // Offsets past the eight-byte ASCII skip.
  EXPECT_EQ(first_invalid_utf8("0123456789abcdefghij\x80"), 20u);
  EXPECT_EQ(first_invalid_utf8("0123456789é\xc3"), 12u);
  EXPECT_EQ(first_invalid_utf8("01234567\xe2\x82\xac" "01234567\xa0"), 19u);
}

TEST(Text, DecodeUtf8) {
  char32_t cp = 0;
  EXPECT_EQ(decode_utf8("a", 0, cp), 1u);
  EXPECT_EQ(cp, U'a');
  EXPECT_EQ(decode_utf8("xé", 1, cp), 2u);
  EXPECT_EQ(cp, U'é');
  EXPECT_EQ(decode_utf8("€", 0, cp), 3u);
  EXPECT_EQ(cp, U'€');
  EXPECT_EQ(decode_utf8("😀", 0, cp), 4u);
  EXPECT_EQ(cp, U'😀');
  EXPECT_EQ(decode_utf8("\xa9", 0, cp), 0u);          // stray continuation
  EXPECT_EQ(decode_utf8("\xe2\x82", 0, cp), 0u);      // truncated
  EXPECT_EQ(decode_utf8("\xe2\x82" "a", 0, cp), 0u);  // continuation missing
  EXPECT_EQ(decode_utf8("\xc0\x80", 0, cp), 0u);      // overlong NUL
  EXPECT_EQ(decode_utf8("\xed\xbf\xbf", 0, cp), 0u);  // surrogate
  EXPECT_EQ(decode_utf8("\xf4\x90\x80\x80", 0, cp), 0u);
}

TEST(Text, EncodeDecodeRoundTrip) {
  char buf[4];
  for (char32_t cp = 0; cp <= 0x10FFFF; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    const size_t len = encode_utf8(cp, buf);
    const std::string_view s(buf, len);
    char32_t back = 0;
    ASSERT_EQ(decode_utf8(s, 0, back), len) << cp;
    ASSERT_EQ(back, cp);
    ASSERT_EQ(len, cp < 0x80 ? 1u : cp < 0x800 ? 2u : cp < 0x10000 ? 3u : 4u);
  }
}

TEST(Text, AsciiPrefixLength) {
  EXPECT_EQ(ascii_prefix_length(""), 0u);
  EXPECT_EQ(ascii_prefix_length("plain"), 5u);
  EXPECT_EQ(ascii_prefix_length(std::string(1000, 'x')), 1000u);
  for (size_t at = 0; at < 40; ++at) {
    std::string s(40, 'a');
    s[at] = '\x80';
    EXPECT_EQ(ascii_prefix_length(s), at);
    s[at] = '\xff';
    EXPECT_EQ(ascii_prefix_length(s), at);
  }
  EXPECT_EQ(ascii_prefix_length(std::string_view("ab\0cd", 5)), 5u);  // NUL is ASCII
}

TEST(Text, Utf8Length) {
  EXPECT_EQ(utf8_length(""), 0u);
  EXPECT_EQ(utf8_length("abc"), 3u);
  EXPECT_EQ(utf8_length("café"), 4u);
  EXPECT_EQ(utf8_length("日本語"), 3u);
  EXPECT_EQ(utf8_length("😀!"), 2u);
  EXPECT_EQ(utf8_length("0123456789abcdefé"), 17u);
  // Each ill-formed byte is one (Latin-1) character.
  EXPECT_EQ(utf8_length("a\xff" "b"), 3u);
  EXPECT_EQ(utf8_length("\xe2\x82"), 2u);
  EXPECT_EQ(utf8_length("\xe2\x82\xac\xac"), 2u);  // € then a stray continuation
  EXPECT_EQ(utf8_length("\x80\x80\x80"), 3u);  // stray continuations
  EXPECT_EQ(utf8_length("\xc0\xaf"), 2u);  // overlong "/"
  EXPECT_EQ(utf8_length("\xed\xa0\x80"), 3u);  // surrogate U+D800
  EXPECT_EQ(utf8_length("\xf4\x90\x80\x80"), 4u);  // beyond U+10FFFF
  std::string long_word;
  for (int i = 0; i < 200; ++i) long_word += "é";
  EXPECT_EQ(utf8_length(long_word), 200u);
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

TEST(EscapeNonAscii, EscapesEveryCharacterOutsideAscii) {
  EXPECT_EQ(escape_non_ascii("plain ascii, \"quoted\""), "plain ascii, \"quoted\"");
  EXPECT_EQ(escape_non_ascii("\xe5\xbe\x93\xe6\xa5\xad\xe5\x93\xa1.csv"), "\\u5F93\\u696D\\u54E1.csv");
  EXPECT_EQ(escape_non_ascii("Stra\xc3\x9f" "e"), "Stra\\u00DFe");
  EXPECT_EQ(escape_non_ascii("\xf0\x9f\x98\x80!"), "\\U0001F600!");
  // Bytes that are not UTF-8 stay visible, one escape each.
  EXPECT_EQ(escape_non_ascii("a\xff\xc3"), "a\\xFF\\xC3");
  EXPECT_EQ(escape_non_ascii(""), "");
}
