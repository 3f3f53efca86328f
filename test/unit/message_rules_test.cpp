#include "core/message_rules.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

using namespace hrlake::core;

namespace {
constexpr UnixMicros kS = 1000000;
}

TEST(MessageRules, EpochSecondsAndMillis) {
  EXPECT_EQ(parse_message_time("1712452956"), 1712452956 * kS);
  EXPECT_EQ(parse_message_time("1712452956.5"), 1712452956 * kS + 500000);
  EXPECT_EQ(parse_message_time("1712452956123"), 1712452956 * kS + 123000);
  EXPECT_EQ(parse_message_time(" 0 "), 0);
}

TEST(MessageRules, Iso8601) {
  EXPECT_EQ(parse_message_time("2024-04-07T01:22:36Z"), 1712452956 * kS);
  EXPECT_EQ(parse_message_time("2024-04-07 01:22:36"), 1712452956 * kS);
  EXPECT_EQ(parse_message_time("2024-04-07T06:52:36+05:30"), 1712452956 * kS);
  EXPECT_EQ(parse_message_time("2024-04-06T21:22:36-0400"), 1712452956 * kS);
  EXPECT_EQ(parse_message_time("2024-04-07T01:22:36.25Z"), 1712452956 * kS + 250000);
  EXPECT_EQ(parse_message_time("2024-04-07"), 1712448000 * kS);
}

TEST(MessageRules, Unreadable) {
  EXPECT_FALSE(parse_message_time("yesterday"));
  EXPECT_FALSE(parse_message_time("2024-02-30T00:00:00Z"));
  EXPECT_FALSE(parse_message_time("2024-04-07T25:00:00Z"));
  EXPECT_FALSE(parse_message_time("2024-04-07T01:22:36Zjunk"));
  EXPECT_FALSE(parse_message_time("1e9"));
  EXPECT_FALSE(parse_message_time("99999999999999999"));
  // Found by test/fuzz/message_time_fuzz: 1e16 ms overflowed the cast to
  // int64 (undefined), and a double rounded these seconds up to 1e11,
  // which read them as milliseconds (1973).
  EXPECT_FALSE(parse_message_time("9999999999999999"));
  EXPECT_FALSE(parse_message_time("-9999999999999999"));
  EXPECT_FALSE(parse_message_time("99999999999.9999999"));
  EXPECT_EQ(parse_message_time("000001712452956"), 1712452956 * kS);
  EXPECT_FALSE(parse_message_time(""));
}

TEST(MessageRules, Problems) {
  EXPECT_EQ(message_problem("1", "2", "hi", std::nullopt), "");
  EXPECT_EQ(message_problem(std::nullopt, "2", "hi", "1712452956"), "sender is missing");
  EXPECT_EQ(message_problem("1", std::nullopt, std::nullopt, "soon"),
            "receiver is missing; message is missing; timestamp \"soon\" is not epoch "
            "seconds, epoch milliseconds or ISO-8601");
}

// Production: fractions went through a double and were rounded to the
// nearest microsecond, so 1712447999.9999999 became the next day.
TEST(MessageRules, EpochFractionsTruncateExactly) {
  EXPECT_EQ(parse_message_time("1712447999.9999999"), 1712447999999999);
  EXPECT_EQ(parse_message_time("1712447999.999999999999999999999"), 1712447999999999);
  EXPECT_EQ(parse_message_time("1712447999999.9999"), 1712447999999999);  // millis
  EXPECT_EQ(parse_message_time("0.0000009"), 0);
  EXPECT_EQ(parse_message_time("-0.0000001"), -1);
  EXPECT_EQ(parse_message_time("-1.5"), -1500000);
  EXPECT_EQ(parse_message_time("+100000000000"), 100000000 * kS);  // 1e11: millis
  EXPECT_FALSE(parse_message_time("99999999999.9"));  // below: seconds (year 5138)
  EXPECT_EQ(parse_message_time("00000000000000001"), 1 * kS);       // zeros are not size
  EXPECT_EQ(parse_message_time("4102444799.999999999"), 4102444799999999);
  EXPECT_FALSE(parse_message_time("1712448000e3"));
  EXPECT_FALSE(parse_message_time("."));
}

TEST(MessageRules, IsoFractionsTruncate) {
  EXPECT_EQ(parse_message_time("2024-04-06T23:59:59.9999999Z"), 1712447999999999);
  EXPECT_EQ(parse_message_time("2024-04-06T23:59:59.999999999999999999999999Z"), 1712447999999999);
  EXPECT_EQ(parse_message_time("2024-04-06T23:59:59,5Z"), 1712447999500000);
}

TEST(MessageRules, Range) {
  EXPECT_EQ(parse_message_time("-2208988800"), int64_t{-2208988800} * kS);  // 1900-01-01
  EXPECT_FALSE(parse_message_time("-2208988800.000001"));
  EXPECT_EQ(parse_message_time("32503679999.999999"), 32503679999999999);  // 2999-12-31 end
  EXPECT_FALSE(parse_message_time("32503680000000"));  // 3000-01-01 in millis
  EXPECT_FALSE(parse_message_time("3000-01-01T00:00:00Z"));
  EXPECT_EQ(parse_message_time("1900-01-01T00:00:00Z"), int64_t{-2208988800} * kS);
}

// Property: seconds and millis with fractions up to 24 digits give
// floor(value x 10^6) (resp. 10^3), computed with __int128.
TEST(MessageRules, EpochMatchesExactFloor) {
  std::mt19937_64 rng(3);
  for (int i = 0; i < 50000; ++i) {
    const bool millis = rng() % 2;
    const uint64_t magnitude = millis ? 100000000000ULL + rng() % 30000000000000ULL
                                      : rng() % 40000000000ULL;
    const bool negative = !millis && rng() % 4 == 0;
    std::string fraction;
    for (size_t k = 0, n = rng() % 25; k < n; ++k)
      fraction += static_cast<char>(rng() % 2 ? '9' : '0' + rng() % 10);
    std::string text = (negative ? "-" : "") + std::to_string(magnitude);
    if (!fraction.empty()) text += "." + fraction;
    __int128 scale = 1;  // 10^24: millis x scale stays below 2^127
    for (int k = 0; k < 24; ++k) scale *= 10;
    __int128 value = static_cast<__int128>(magnitude) * scale;
    __int128 place = scale / 10;
    for (char c : fraction) value += (c - '0') * place, place /= 10;
    if (negative) value = -value;
    const __int128 divisor = scale / (millis ? 1000 : 1000000);
    __int128 micros = value / divisor;
    if (value % divisor != 0 && value < 0) --micros;
    const __int128 lo = __int128{-2208988800} * kS, hi = __int128{32503680000} * kS;
    const auto got = parse_message_time(text);
    ASSERT_EQ(got.has_value(), micros >= lo && micros < hi) << text;
    if (got) {
      ASSERT_EQ(*got, static_cast<int64_t>(micros)) << text;
    }
  }
}

TEST(MessageRules, ParsesEveryField) {
  std::string p;
  auto m = parse_message("k-1", "12345678901234567890123", "2", "hello", "1712452956", p);
  ASSERT_TRUE(m) << p;
  EXPECT_EQ(m->key, "k-1");
  EXPECT_EQ(m->sender, "12345678901234567890123");
  EXPECT_EQ(m->receiver, "2");
  EXPECT_EQ(m->message, "hello");
  EXPECT_EQ(m->sent_at, 1712452956 * kS);
  m = parse_message(std::nullopt, "1", "2", "hi", std::nullopt, p);
  ASSERT_TRUE(m) << p;
  EXPECT_FALSE(m->key);
  EXPECT_FALSE(m->sent_at);
}

// SPEC §2.10: sender and receiver <= 64 characters, keys <= 200.
TEST(MessageRules, Limits) {
  std::string p;
  EXPECT_TRUE(parse_message(std::string(200, 'k'), std::string(64, '1'), std::string(64, '2'), "m",
                            std::nullopt, p))
      << p;
  EXPECT_FALSE(parse_message(std::string(201, 'k'), std::string(65, '1'), std::string(3000, '2'), "m",
                             std::nullopt, p));
  EXPECT_EQ(p,
            "key is longer than 200 characters; sender is longer than 64 characters; receiver "
            "is longer than 64 characters");
  // Characters, not bytes: 64 three-byte characters fit.
  std::string wide;
  for (int i = 0; i < 64; ++i) wide += "\xe2\x82\xac";  // U+20AC
  EXPECT_EQ(message_problem(wide, "2", "m", std::nullopt), "");
  EXPECT_EQ(message_problem(wide + "1", "2", "m", std::nullopt), "sender is longer than 64 characters");
  EXPECT_EQ(message_problem(std::string(201, 'k'), "1", "2", "m", std::nullopt),
            "key is longer than 200 characters");
}
