#include "core/decimal.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

using namespace hrlake::core;

namespace hrlake::core {
// Shows a Decimal by its text in failure messages.
void PrintTo(const Decimal &d, std::ostream *os) { *os << d.text(); }
}  // namespace hrlake::core

namespace {

Decimal dec(std::string_view text) {
  auto d = Decimal::parse(text);
  EXPECT_TRUE(d) << text;
  return d ? *d : Decimal();
}

// The text of coefficient x 10^-scale, with the digits as written (leading
// zeros possible in the fraction).
std::string render(__int128 coefficient, unsigned scale) {
  const bool negative = coefficient < 0;
  unsigned __int128 m = negative ? -static_cast<unsigned __int128>(coefficient)
                                 : static_cast<unsigned __int128>(coefficient);
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(m % 10)));
    m /= 10;
  } while (m > 0);
  if (digits.size() <= scale) digits.insert(0, scale + 1 - digits.size(), '0');
  std::string out = negative ? "-" : "";
  out += digits.substr(0, digits.size() - scale);
  if (scale > 0) out += "." + digits.substr(digits.size() - scale);
  return out;
}

__int128 pow10(unsigned n) {
  __int128 p = 1;
  while (n-- > 0) p *= 10;
  return p;
}

// A random coefficient (up to 12 digits, either sign) and scale (0..8).
struct Sample {
  int64_t coefficient;
  unsigned scale;
};
Sample sample(std::mt19937_64 &rng) {
  const int64_t magnitude = static_cast<int64_t>(rng() % 1000000000000ULL) /
                            static_cast<int64_t>(pow10(static_cast<unsigned>(rng() % 12)));
  return {rng() % 2 ? -magnitude : magnitude, static_cast<unsigned>(rng() % 9)};
}

}  // namespace

TEST(Decimal, ScanPlainDecimal) {
  auto p = scan_plain_decimal("-00120.03400");
  ASSERT_TRUE(p);
  EXPECT_TRUE(p->negative);
  EXPECT_EQ(p->integer_digits, "120");
  EXPECT_EQ(p->fraction_digits, "034");
  p = scan_plain_decimal("+.000");
  ASSERT_TRUE(p);
  EXPECT_FALSE(p->negative);
  EXPECT_EQ(p->integer_digits, "");
  EXPECT_EQ(p->fraction_digits, "");
  for (const char *bad : {"", "+", "-", ".", "+.", "1e5", "1E5", " 1", "1 ", "1.2.3", "--1", "+-1",
                          "nan", "inf", "0x10", "1,5", "١٢"})
    EXPECT_FALSE(scan_plain_decimal(bad)) << bad;
}

TEST(Decimal, FloorScaledIsExact) {
  const auto floor_of = [](std::string_view text, unsigned places) {
    return floor_scaled(*scan_plain_decimal(text), places);
  };
  EXPECT_EQ(floor_of("1712447999.9999999", 6), 1712447999999999);
  EXPECT_EQ(floor_of("1712447999.9999999", 0), 1712447999);
  EXPECT_EQ(floor_of("-0.5", 0), -1);
  EXPECT_EQ(floor_of("-0", 0), 0);
  EXPECT_EQ(floor_of("-0.000", 0), 0);
  EXPECT_EQ(floor_of("-2", 0), -2);
  EXPECT_EQ(floor_of("-2.0000000000000000000000001", 0), -3);
  EXPECT_EQ(floor_of("-0.0000005", 6), -1);
  EXPECT_EQ(floor_of("0.0000009", 6), 0);
  EXPECT_EQ(floor_of("1.5", 3), 1500);
  EXPECT_EQ(floor_of("999999999999999999", 0), 999999999999999999);
  EXPECT_FALSE(floor_of("1000000000000000000", 0));
  EXPECT_FALSE(floor_of("1000000000000", 6));
  EXPECT_EQ(floor_of("000000000000000000000000000042", 0), 42);  // leading zeros are free
}

TEST(Decimal, EqualNumbersAreEqualWithEqualText) {
  for (const char *same : {"0100", "100", "100.0", "+100", "100.", "00100.000", "+0100."}) {
    EXPECT_EQ(dec(same), dec("100")) << same;
    EXPECT_EQ(dec(same).text(), "100") << same;
  }
  EXPECT_EQ(dec("5.").text(), "5");
  EXPECT_EQ(dec("+7").text(), "7");
  EXPECT_EQ(dec(".5").text(), "0.5");
  EXPECT_EQ(dec("-.050").text(), "-0.05");
  EXPECT_EQ(dec("-0").text(), "0");
  EXPECT_EQ(dec("-0.000").text(), "0");
  EXPECT_FALSE(dec("-0").is_negative());
  EXPECT_EQ(dec("-0"), dec("0"));
  EXPECT_EQ(dec("1000").text(), "1000");
  EXPECT_EQ(dec("0.000001").text(), "0.000001");
  EXPECT_NE(dec("100"), dec("10"));
  EXPECT_NE(dec("100"), dec("-100"));
}

TEST(Decimal, DigitCounts) {
  EXPECT_EQ(dec("000123.4500").integer_digits(), 3u);
  EXPECT_EQ(dec("000123.4500").fraction_digits(), 2u);
  EXPECT_EQ(dec("0.05").integer_digits(), 0u);
  EXPECT_EQ(dec("0.05").fraction_digits(), 2u);
  EXPECT_EQ(dec("100").integer_digits(), 3u);
  EXPECT_EQ(dec("0").integer_digits(), 0u);
  EXPECT_EQ(dec("0").fraction_digits(), 0u);
}

TEST(Decimal, Order) {
  EXPECT_LT(dec("-5"), dec("-0.5"));
  EXPECT_LT(dec("-0.5"), dec("0"));
  EXPECT_LT(dec("0"), dec("0.05"));
  EXPECT_LT(dec("0.05"), dec("0.5"));
  EXPECT_LT(dec("0.5"), dec("1"));
  EXPECT_LT(dec("100"), dec("100.5"));
  EXPECT_LT(dec("99.999"), dec("100"));
  EXPECT_LT(dec("9"), dec("10"));
  EXPECT_LT(dec("-100.5"), dec("-100"));
  EXPECT_FALSE(dec("100") < dec("100.0"));
  EXPECT_LE(dec("100"), dec("100.0"));
  EXPECT_GE(dec("100"), dec("100.0"));
  EXPECT_GT(dec("1"), dec("0.999999999999999999999"));
}

TEST(Decimal, Product) {
  EXPECT_EQ((dec("1000.05") * dec("0.9")).text(), "900.045");
  EXPECT_EQ((dec("-2.5") * dec("4")).text(), "-10");
  EXPECT_EQ((dec("-2.5") * dec("-0.4")).text(), "1");
  EXPECT_EQ((dec("-2.5") * dec("0")).text(), "0");
  EXPECT_EQ((dec("999999999999999.999999") * dec("999999999999999.999999")).text(),
            "999999999999999999998000000000.000000000001");
}

TEST(Decimal, RoundsHalfAwayFromZero) {
  EXPECT_EQ(dec("0.005").rounded(2).text(), "0.01");
  EXPECT_EQ(dec("0.00499999").rounded(2).text(), "0");
  EXPECT_EQ(dec("-0.005").rounded(2).text(), "-0.01");
  EXPECT_EQ(dec("-0.004").rounded(2).text(), "0");
  EXPECT_EQ(dec("0.0005").rounded(2).text(), "0");
  EXPECT_EQ(dec("99.995").rounded(2).text(), "100");
  EXPECT_EQ(dec("900.045").rounded(2).text(), "900.05");
  EXPECT_EQ(dec("1.2").rounded(2).text(), "1.2");
  EXPECT_EQ(dec("0.5").rounded(0).text(), "1");
  EXPECT_EQ(dec("0.4").rounded(0).text(), "0");
}

TEST(Decimal, ToDouble) {
  EXPECT_DOUBLE_EQ(dec("1000.50").to_double(), 1000.5);
  EXPECT_DOUBLE_EQ(dec("-0.25").to_double(), -0.25);
  EXPECT_DOUBLE_EQ(dec("0").to_double(), 0.0);
}

// Property: the canonical text parses back to the same value and is its own
// canonical text, whatever zeros and sign the input was written with.
TEST(Decimal, CanonicalTextRoundTrips) {
  std::mt19937_64 rng(20241201);
  const auto digits = [&](size_t n) {
    std::string s;
    for (size_t i = 0; i < n; ++i) s += static_cast<char>('0' + rng() % 10);
    return s;
  };
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    const unsigned sign = rng() % 3;
    if (sign == 1) text += '+';
    if (sign == 2) text += '-';
    text += std::string(rng() % 4, '0') + digits(rng() % 25);
    if (rng() % 2) text += '.' + digits(rng() % 25) + std::string(rng() % 4, '0');
    if (text.find_first_of("0123456789") == std::string::npos) text += '0';
    const Decimal d = dec(text);
    const std::string canonical = d.text();
    ASSERT_EQ(dec(canonical), d) << text;
    ASSERT_EQ(dec(canonical).text(), canonical) << text;
    // No '+', no "-0", no leading zero before a digit, no trailing
    // fractional zero, no lone point.
    ASSERT_NE(canonical[0], '+');
    ASSERT_NE(canonical, "-0");
    const size_t first = canonical[0] == '-' ? 1 : 0;
    ASSERT_FALSE(canonical.size() > first + 1 && canonical[first] == '0' &&
                 canonical[first + 1] != '.')
        << text;
    if (canonical.find('.') != std::string::npos) {
      ASSERT_NE(canonical.back(), '0') << text;
      ASSERT_NE(canonical.back(), '.') << text;
    }
  }
}

// Property: == and < agree with exact integer arithmetic, and equal values
// written differently have equal canonical texts.
TEST(Decimal, OrderMatchesIntegerArithmetic) {
  std::mt19937_64 rng(7);
  for (int i = 0; i < 20000; ++i) {
    const Sample a = sample(rng), b = sample(rng);
    const unsigned scale = std::max(a.scale, b.scale);
    const __int128 x = a.coefficient * pow10(scale - a.scale);
    const __int128 y = b.coefficient * pow10(scale - b.scale);
    const Decimal da = dec(render(a.coefficient, a.scale)), db = dec(render(b.coefficient, b.scale));
    ASSERT_EQ(da == db, x == y) << render(a.coefficient, a.scale) << " " << render(b.coefficient, b.scale);
    ASSERT_EQ(da < db, x < y) << render(a.coefficient, a.scale) << " " << render(b.coefficient, b.scale);
    // The same value written with trailing zeros and a '+'.
    const std::string padded = render(static_cast<__int128>(a.coefficient) * 100, a.scale + 2);
    const Decimal same = dec(a.coefficient >= 0 ? "+" + padded : padded);
    ASSERT_EQ(same, da) << padded;
    ASSERT_EQ(same.text(), da.text()) << padded;
  }
}

// Property: products and cent rounding agree with __int128 arithmetic.
TEST(Decimal, ProductAndRoundingMatchIntegerArithmetic) {
  std::mt19937_64 rng(11);
  for (int i = 0; i < 20000; ++i) {
    const Sample a = sample(rng), b = sample(rng);
    const Decimal da = dec(render(a.coefficient, a.scale)), db = dec(render(b.coefficient, b.scale));
    const __int128 product = static_cast<__int128>(a.coefficient) * b.coefficient;
    ASSERT_EQ(da * db, dec(render(product, a.scale + b.scale)));
    // Half away from zero to 2 places.
    __int128 cents = a.coefficient;
    if (a.scale > 2) {
      const __int128 unit = pow10(a.scale - 2);
      const __int128 magnitude = cents < 0 ? -cents : cents;
      __int128 q = magnitude / unit;
      if (2 * (magnitude % unit) >= unit) ++q;
      cents = cents < 0 ? -q : q;
    }
    ASSERT_EQ(da.rounded(2), dec(render(cents, std::min(a.scale, 2u))))
        << render(a.coefficient, a.scale);
  }
}
