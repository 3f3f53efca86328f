#include "core/progress.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

using namespace hrlake::core::progress;

// Every code the backends publish has a distinct name; others have none.
TEST(Progress, NamesAreDistinctAndCoverTheCodes) {
  std::set<std::string> operations, phases;
  for (int64_t c = 1; c <= 5; ++c) {
    ASSERT_NE(operation_name(c), nullptr) << c;
    EXPECT_TRUE(operations.insert(operation_name(c)).second);
  }
  for (int64_t c = 1; c <= 8; ++c) {
    ASSERT_NE(phase_name(c), nullptr) << c;
    EXPECT_TRUE(phases.insert(phase_name(c)).second);
  }
  for (int64_t c : {int64_t{0}, int64_t{6}, int64_t{-1}, int64_t{1} << 40}) EXPECT_EQ(operation_name(c), nullptr);
  for (int64_t c : {int64_t{0}, int64_t{9}, int64_t{-1}}) EXPECT_EQ(phase_name(c), nullptr);
  EXPECT_STREQ(operation_name(static_cast<int64_t>(Operation::kFlag)), "flag messages");
}

TEST(Progress, JobCodes) {
  for (const char *job : {"daily", "monthly", "stream"}) EXPECT_STREQ(job_name(job_code(job)), job);
  EXPECT_EQ(job_code("hourly"), 0);
  EXPECT_EQ(job_name(0), nullptr);
  EXPECT_EQ(job_name(4), nullptr);
}
