#include "core/message_activity.h"

#include <gtest/gtest.h>

#include <algorithm>
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
