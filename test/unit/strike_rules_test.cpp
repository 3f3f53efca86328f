#include "core/strike_rules.h"

#include <gtest/gtest.h>

#include "core/error.h"

using namespace hrlake::core;

namespace {
std::string salary(const char *base, int strikes) {
  return salary_after_strikes(*Decimal::parse(base), strikes).text();
}
}  // namespace

TEST(StrikeRules, StrikeCountsUpToTen) {
  static_assert(kMaxStrikes == 10);
  for (int k = 0; k < kMaxStrikes; ++k) {
    EXPECT_EQ(strikes_after_flag(k), k + 1);
    EXPECT_FALSE(is_deactivated(k));
  }
  EXPECT_TRUE(is_deactivated(10));
  EXPECT_FALSE(strikes_after_flag(10));  // deactivated: no further strike
  EXPECT_THROW(strikes_after_flag(11), Error);
  EXPECT_THROW(strikes_after_flag(-1), Error);
}

TEST(StrikeRules, CooldownTakesOneFromOneToNine) {
  EXPECT_EQ(strikes_after_cooldown(0), 0);
  for (int k = 1; k <= 9; ++k) EXPECT_EQ(strikes_after_cooldown(k), k - 1);
  EXPECT_EQ(strikes_after_cooldown(10), 10);
  EXPECT_THROW(strikes_after_cooldown(11), Error);
}

// Expected values computed by PostgreSQL 15: round(base * 0.9 ^ k, 2).
TEST(StrikeRules, SalaryMatchesPostgres) {
  EXPECT_EQ(salary("400000", 0), "400000");
  EXPECT_EQ(salary("400000", 1), "360000");
  EXPECT_EQ(salary("400000", 7), "191318.76");
  EXPECT_EQ(salary("400000", 10), "139471.38");
  EXPECT_EQ(salary("12345.67", 1), "11111.1");
  EXPECT_EQ(salary("12345.67", 2), "9999.99");
  EXPECT_EQ(salary("12345.67", 10), "4304.67");
  EXPECT_EQ(salary("100.01", 3), "72.91");
  EXPECT_EQ(salary("1000.05", 10), "348.7");
  EXPECT_EQ(salary("999999999999999.999999", 0), "1000000000000000");
  EXPECT_EQ(salary("999999999999999.999999", 7), "478296900000000");
  EXPECT_EQ(salary("0.004999", 0), "0");
  EXPECT_EQ(salary("0", 10), "0");
  EXPECT_EQ(salary("1", 10), "0.35");
}

// Ties at the half cent round away from zero (a double would give 900.04:
// 1000.05 * 0.9 is 900.0449999... in binary).
TEST(StrikeRules, HalfCentTiesRoundUp) {
  EXPECT_EQ(salary("1000.05", 1), "900.05");  // 900.045
  EXPECT_EQ(salary("5", 3), "3.65");          // 3.645
  EXPECT_EQ(salary("0.5", 2), "0.41");        // 0.405
  EXPECT_EQ(salary("1.05", 1), "0.95");       // 0.945
  EXPECT_EQ(salary("0.05", 1), "0.05");       // 0.045
  EXPECT_EQ(salary("0.005", 0), "0.01");
  EXPECT_EQ(salary("0.005", 1), "0");         // 0.0045
}

TEST(StrikeRules, SalaryCountOutOfRangeThrows) {
  EXPECT_THROW(salary("1", 11), Error);
  EXPECT_THROW(salary("1", -1), Error);
}
