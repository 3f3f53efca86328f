#include "core/message_activity.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <tuple>

#include "core/background_matcher.h"

namespace hrlake::core {
namespace {

using Counted = std::tuple<std::string, Date, int64_t, int64_t, int64_t, int64_t>;

std::vector<Counted> sorted_rows(const MessageActivity &activity) {
  std::vector<Counted> rows;
  for (const auto &r : activity.rows())
    rows.emplace_back(std::string(r.emp_id), r.month, r.counts.sent, r.counts.received, r.counts.flagged_sent,
                      r.counts.flagged_received);
  std::sort(rows.begin(), rows.end());
  return rows;
}

// Per employee and month (UTC): messages sent and received, and the flagged
// ones among them; a message to oneself counts both ways.
TEST(MessageActivity, CountsPerEmployeeAndMonth) {
  const Date jan31 = days_from_civil(2026, 1, 31), feb1 = days_from_civil(2026, 2, 1);
  const Date jan = days_from_civil(2026, 1, 1);
  MessageActivity activity;
  activity.add(jan31, "a", "b", true);
  activity.add(jan31, "a", "b", false);
  activity.add(feb1, "b", "a", true);
  activity.add(jan31, "c", "c", true);
  EXPECT_EQ(sorted_rows(activity), (std::vector<Counted>{{"a", jan, 2, 0, 1, 0},
                                                          {"a", feb1, 0, 1, 0, 1},
                                                          {"b", jan, 0, 2, 0, 1},
                                                          {"b", feb1, 1, 0, 1, 0},
                                                          {"c", jan, 1, 1, 1, 1}}));
  activity.clear();
  EXPECT_TRUE(activity.empty());
}

// Messages out of time order, an employee's months back and forth: the
// same counts as a plain map, each (month, employee) once, in key order.
TEST(MessageActivity, AgreesWithAMapWhateverTheOrderOfMonths) {
  std::mt19937 random(11);
  MessageActivity activity;
  std::map<std::pair<Date, std::string>, std::tuple<int64_t, int64_t, int64_t, int64_t>> expected;
  for (int m = 0; m < 20000; ++m) {
    const std::string sender = "e" + std::to_string(random() % 300);
    const std::string receiver = "e" + std::to_string(random() % 300);
    // Mostly runs in time order, sometimes a message of an earlier month.
    const int month = random() % 5 == 0 ? static_cast<int>(random() % 12) : m / 2000;
    const Date day = days_from_civil(2025 + month / 12, month % 12 + 1, 1 + static_cast<int>(random() % 28));
    const Date first = days_from_civil(2025 + month / 12, month % 12 + 1, 1);
    const bool flagged = random() % 3 == 0;
    const uint32_t id = activity.add(day, sender, receiver, flagged);
    EXPECT_EQ(activity.names().name(id), sender);
    auto &from = expected[{first, sender}];
    ++std::get<0>(from);
    std::get<2>(from) += flagged;
    auto &to = expected[{first, receiver}];
    ++std::get<1>(to);
    std::get<3>(to) += flagged;
  }
  std::vector<Counted> want;
  for (const auto &[key, c] : expected)
    want.emplace_back(key.second, key.first, std::get<0>(c), std::get<1>(c), std::get<2>(c), std::get<3>(c));
  std::vector<Counted> got;
  for (const auto &r : activity.rows())
    got.emplace_back(std::string(r.emp_id), r.month, r.counts.sent, r.counts.received, r.counts.flagged_sent,
                     r.counts.flagged_received);
  EXPECT_EQ(got, want);  // in (emp_id, month) order already, no duplicate
}

// The matcher's thread counts every message it matches, flagged or not.
TEST(MessageActivity, CountedByTheBackgroundMatcher) {
  WordMatcher matcher({"alpha"});
  BackgroundMatcher background(matcher);
  MessageBatch batch;
  const Date day = days_from_civil(1999, 12, 31);
  batch.add("alpha", "s", "r", day);
  batch.add("beta", "s", "r", day);
  background.start(batch);
  background.wait();
  EXPECT_EQ(sorted_rows(background.activity()),
            (std::vector<Counted>{{"r", days_from_civil(1999, 12, 1), 0, 2, 0, 1},
                                  {"s", days_from_civil(1999, 12, 1), 2, 0, 1, 0}}));
}

}  // namespace
}  // namespace hrlake::core
