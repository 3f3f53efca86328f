#include "core/case_fold.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "core/text.h"
#include "core/word_matcher.h"

using namespace hrlake::core;

namespace {

// Bytes of UTF-8 needed for cp.
size_t utf8_bytes(char32_t cp) {
  char buf[4];
  return encode_utf8(cp, buf);
}

// Every code point that is not a surrogate.
template <typename F>
void for_each_scalar(F f) {
  for (char32_t cp = 0; cp <= 0x10FFFF; ++cp)
    if (cp < 0xD800 || cp > 0xDFFF) f(cp);
}

}  // namespace

TEST(CaseFold, SimpleFoldingsOnly) {
  EXPECT_EQ(fold_case(U'A'), U'a');
  EXPECT_EQ(fold_case(U'z'), U'z');
  EXPECT_EQ(fold_case(U'7'), U'7');
  EXPECT_EQ(fold_case(U'É'), U'é');
  EXPECT_EQ(fold_case(U'Σ'), U'σ');
  EXPECT_EQ(fold_case(U'ς'), U'σ');  // final sigma folds too (status C)
  EXPECT_EQ(fold_case(U'Ί'), U'ί');
  EXPECT_EQ(fold_case(U'Ж'), U'ж');
  EXPECT_EQ(fold_case(U'ß'), U'ß');             // only a full folding ("ss")
  EXPECT_EQ(fold_case(U'\u1E9E'), U'ß');        // capital sharp s (status S)
  EXPECT_EQ(fold_case(U'\u0130'), U'\u0130');   // İ: full and Turkic foldings only
  EXPECT_EQ(fold_case(U'\u0131'), U'\u0131');   // dotless ı has none
  EXPECT_EQ(fold_case(U'\u212A'), U'k');        // Kelvin sign
  EXPECT_EQ(fold_case(U'\u017F'), U's');        // long s
  EXPECT_EQ(fold_case(U'\u2126'), U'ω');        // Ohm sign
  EXPECT_EQ(fold_case(U'\u023A'), U'\u2C65');   // Ⱥ: two bytes fold to three
  EXPECT_EQ(fold_case(U'\u0100'), U'\u0101');   // alternating pairs (stride 2)
  EXPECT_EQ(fold_case(U'\u0101'), U'\u0101');
  EXPECT_EQ(fold_case(U'\u012E'), U'\u012F');
  EXPECT_EQ(fold_case(U'\u13F8'), U'\u13F0');   // Cherokee small folds to capital
  EXPECT_EQ(fold_case(U'\uAB70'), U'\u13A0');
  EXPECT_EQ(fold_case(U'\u1C90'), U'\u10D0');   // Georgian Mtavruli
  EXPECT_EQ(fold_case(U'\U00010400'), U'\U00010428');  // Deseret
  EXPECT_EQ(fold_case(U'\U0001E900'), U'\U0001E922');  // Adlam, the last run
  EXPECT_EQ(fold_case(U'日'), U'日');
  EXPECT_EQ(fold_case(U'\U0010FFFF'), U'\U0010FFFF');
}

TEST(CaseFold, TableProperties) {
  size_t folding = 0;
  for_each_scalar([&](char32_t cp) {
    const char32_t f = fold_case(cp);
    if (f == cp) return;
    ++folding;
    ASSERT_EQ(fold_case(f), f) << std::hex << cp;  // folding is idempotent
    ASSERT_FALSE(f >= 0xD800 && f <= 0xDFFF) << std::hex << cp;
    // Letters stay letters and separators separators, so boundaries can be
    // judged on folded text.
    ASSERT_EQ(is_word_code_point(f), is_word_code_point(cp)) << std::hex << cp;
    // No character grows by more than half (max_case_folded_size).
    ASSERT_LE(2 * utf8_bytes(f), 3 * utf8_bytes(cp)) << std::hex << cp;
  });
  // CaseFolding.txt 14.0 has 1,454 entries of status C or S.
  EXPECT_EQ(folding, 1454u);
}

TEST(CaseFold, Text) {
  EXPECT_EQ(case_folded("CAFÉ"), "café");
  EXPECT_EQ(case_folded("ΣΟΦΊΑ"), "σοφία");
  EXPECT_EQ(case_folded("Straße"), "straße");
  EXPECT_EQ(case_folded("STRASSE"), "strasse");
  EXPECT_EQ(case_folded("\u212Aelvin"), "kelvin");
  EXPECT_EQ(case_folded("\u023A\u023A"), "\u2C65\u2C65");  // grows by half
  EXPECT_EQ(case_folded(""), "");
  EXPECT_EQ(case_folded("mixed 日本 Ж 123 ✓"), "mixed 日本 ж 123 ✓");
  char out[max_case_folded_size(6) + 1] = "xxxxxxxxx";
  EXPECT_EQ(case_fold_to("ÉTÉ", out) - out, 5);
  EXPECT_EQ(std::string(out), "étéxxxx");  // writes only what it returns
  EXPECT_EQ(max_case_folded_size(5), 7u);
  EXPECT_EQ(case_folded("\u023A\u023A\u023A").size(), max_case_folded_size(6));
}

TEST(CaseFold, IllFormedBytesStayAsTheyAre) {
  EXPECT_EQ(case_folded("A\xC9" "B"), "a\xC9" "b");   // Latin-1 É is not folded
  EXPECT_EQ(case_folded("\xC3"), "\xC3");              // truncated
  EXPECT_EQ(case_folded("\xC3" "\xC9"), "\xC3" "\xC9");
  EXPECT_EQ(case_folded("\xE2\x84" "A"), "\xE2\x84" "a");  // truncated Kelvin sign
  EXPECT_EQ(case_folded("\xC0\xAF" "É"), "\xC0\xAF" "é");  // overlong
  EXPECT_EQ(case_folded("\xED\xA0\x80"), "\xED\xA0\x80");  // surrogate
}

// Reading the folded text gives, character by character, the folded
// characters of the input: folding never joins or splits ill-formed bytes.
TEST(CaseFold, KeepsCharacterBoundaries) {
  // A character: a code point, or an ill-formed byte (0x100 + byte).
  auto characters = [](std::string_view s) {
    std::vector<char32_t> out;
    for (size_t i = 0; i < s.size();) {
      char32_t cp;
      const size_t len = decode_utf8(s, i, cp);
      out.push_back(len ? cp : 0x110000 + static_cast<unsigned char>(s[i]));
      i += len ? len : 1;
    }
    return out;
  };
  const std::vector<std::string> pieces = {
      "A", "z", " ", "É", "é", "Σ", "\u023A", "\u212A", "\u1E9E", "日", "\xC3", "\xA9", "\xE2\x84",
      "\xF0\x9F", "\xFF", "\xC0", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xCC\x81"};
  std::mt19937 rng(7);
  for (int n = 0; n < 20000; ++n) {
    std::string text;
    for (int k = static_cast<int>(rng() % 10); k > 0; --k) text += pieces[rng() % pieces.size()];
    std::vector<char32_t> expected = characters(text);
    for (char32_t &c : expected)
      if (c < 0x110000) c = fold_case(c);
    ASSERT_EQ(characters(case_folded(text)), expected) << text;
  }
}
