#include "core/message_rules.h"

#include <gtest/gtest.h>

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
