#include "core/row_problems.h"

#include <gtest/gtest.h>

#include <random>

#include "core/limits.h"

using namespace hrlake::core;

TEST(RowProblems, JoinsProblems) {
  std::string p;
  add_problem(p, "a");
  add_problem(p, "b");
  EXPECT_EQ(p, "a; b");
}

TEST(RowProblems, LengthChecks) {
  std::string p;
  EXPECT_TRUE(check_max_chars(p, "emp_id", std::string(kMaxEmpIdChars, '1'), kMaxEmpIdChars));
  EXPECT_EQ(p, "");
  EXPECT_FALSE(check_max_chars(p, "emp_id", std::string(3000, '\x80'), kMaxEmpIdChars));
  EXPECT_EQ(p, "emp_id is longer than 64 characters");
  p.clear();
  EXPECT_FALSE(check_required(p, "name", std::nullopt, kMaxNameChars));
  EXPECT_EQ(p, "name is empty");
  EXPECT_EQ(check_required(p, "name", "Anna", kMaxNameChars), "Anna");
}

// A quoted value never embeds more than 40 bytes of the raw value, and is
// never cut inside a UTF-8 sequence.
TEST(RowProblems, QuotedEmbedsAtMost40Bytes) {
  EXPECT_EQ(hrlake::core::quoted("abc"), "\"abc\"");
  EXPECT_EQ(hrlake::core::quoted(std::string(40, 'x')), "\"" + std::string(40, 'x') + "\"");
  EXPECT_EQ(hrlake::core::quoted(std::string(41, 'x')), "\"" + std::string(40, 'x') + "...\"");
  std::mt19937_64 rng(5);
  const char *pieces[] = {"a", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\x80", "\""};
  for (int i = 0; i < 5000; ++i) {
    std::string value;
    for (size_t n = rng() % 60; n > 0; --n) value += pieces[rng() % 6];
    const std::string q = hrlake::core::quoted(value);
    ASSERT_GE(q.size(), 2u);
    std::string embedded = q.substr(1, q.size() - 2);
    if (value.size() > 40) {
      ASSERT_EQ(embedded.substr(embedded.size() - 3), "...") << value;
      embedded.resize(embedded.size() - 3);
    }
    ASSERT_LE(embedded.size(), 40u) << value;
    ASSERT_EQ(value.compare(0, embedded.size(), embedded), 0) << value;
    if (embedded.size() < value.size()) {  // cut before a sequence start
      ASSERT_NE(static_cast<unsigned char>(value[embedded.size()]) & 0xC0, 0x80) << value;
    }
  }
}
