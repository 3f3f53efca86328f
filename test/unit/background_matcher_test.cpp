#include "core/background_matcher.h"

#include <gtest/gtest.h>

#include <random>

namespace hrlake::core {
namespace {

std::vector<std::string> vocabulary() { return {"ALPHA", "bravo", "Charlie"}; }

TEST(MessageBatch, RecordsWhichMessagesHoldWhichWords) {
  WordMatcher matcher(vocabulary());
  WordMatcher::Scratch scratch(matcher);
  MessageActivity activity;
  MessageBatch batch;
  batch.add("nothing here", "s1", "r");
  batch.add("alpha and BRAVO, alpha", "s2", "r");
  batch.add("", "s2", "r");
  batch.add("alphabet charlie", "s3", "s1");
  batch.add("bravo", "s2", "r");
  batch.match(matcher, scratch, activity);
  ASSERT_EQ(batch.size(), 5u);
  EXPECT_EQ(batch.message(1), "alpha and BRAVO, alpha");
  ASSERT_EQ(batch.hit_count(), 3u);
  EXPECT_EQ(batch.hit_message(0), 1u);
  EXPECT_EQ(batch.hit_words(0), (std::vector<uint32_t>{0, 1}));
  EXPECT_EQ(batch.hit_message(1), 3u);
  EXPECT_EQ(batch.hit_words(1), (std::vector<uint32_t>{2}));
  EXPECT_EQ(batch.hit_message(2), 4u);
  // Senders and receivers are numbered in order of first sight.
  EXPECT_EQ(batch.hit_sender(0), 2u);
  EXPECT_EQ(batch.hit_sender(1), 3u);
  EXPECT_EQ(batch.hit_sender(2), 2u);
  EXPECT_EQ(batch.new_names(),
            (std::vector<std::pair<uint32_t, std::string>>{{0, "s1"}, {1, "r"}, {2, "s2"}, {3, "s3"}}));

  // The next batch keeps the numbering; only unseen names are new.
  batch.clear();
  batch.add("charlie", "s3", "r2");
  batch.add("charlie", "s9", "s1");
  batch.match(matcher, scratch, activity);
  EXPECT_EQ(batch.hit_sender(0), 3u);
  EXPECT_EQ(batch.hit_sender(1), 5u);
  EXPECT_EQ(batch.new_names(), (std::vector<std::pair<uint32_t, std::string>>{{4, "r2"}, {5, "s9"}}));
}

// The thread gives the same answers as matching in place, batch after
// batch, with two batches taking turns as the extension uses them.
TEST(BackgroundMatcher, MatchesLikeTheCallingThread) {
  WordMatcher matcher(vocabulary());
  WordMatcher::Scratch scratch(matcher);
  MessageActivity reference_activity;
  const std::vector<std::string> tokens = {"alpha", "ALPHA", "alphas", "x", "bravo!", "charlie-", "Ünï", "", "  "};
  std::mt19937 random(7);
  BackgroundMatcher background(matcher);
  MessageBatch batches[2], reference;
  for (int round = 0; round < 50; ++round) {
    MessageBatch &batch = batches[round % 2];
    batch.clear();
    reference.clear();
    for (int m = 0; m < 200; ++m) {
      std::string message;
      for (int t = 0; t < 6; ++t) message += tokens[random() % tokens.size()] + " ";
      const std::string sender = "e" + std::to_string(random() % 50);
      const std::string receiver = "e" + std::to_string(random() % 70);
      batch.add(message, sender, receiver);
      reference.add(message, sender, receiver);
    }
    background.start(batch);
    reference.match(matcher, scratch, reference_activity);
    background.wait();
    ASSERT_EQ(batch.hit_count(), reference.hit_count());
    for (size_t h = 0; h < batch.hit_count(); ++h) {
      EXPECT_EQ(batch.hit_message(h), reference.hit_message(h));
      EXPECT_EQ(batch.hit_words(h), reference.hit_words(h));
      EXPECT_EQ(batch.hit_sender(h), reference.hit_sender(h));
    }
    EXPECT_EQ(batch.new_names(), reference.new_names());
  }
}

TEST(BackgroundMatcher, StartingTwiceWithoutWaitingIsRefused) {
  WordMatcher matcher(vocabulary());
  BackgroundMatcher background(matcher);
  MessageBatch a, b;
  a.add("alpha", "s");
  background.start(a);
  EXPECT_THROW(background.start(b), std::logic_error);
  background.wait();
  EXPECT_EQ(a.hit_count(), 1u);
}

TEST(BackgroundMatcher, StopsCleanlyWithABatchInProgressOrNone) {
  WordMatcher matcher(vocabulary());
  { BackgroundMatcher idle(matcher); }
  MessageBatch batch;
  for (int i = 0; i < 1000; ++i) batch.add("bravo charlie", "s");
  {
    BackgroundMatcher busy(matcher);
    busy.start(batch);
  }  // the destructor waits for the batch
  EXPECT_EQ(batch.hit_count(), 1000u);
}

}  // namespace
}  // namespace hrlake::core
