// Matches batches of messages on a second thread, so that a caller can read
// the next batch and write the results of the previous one meanwhile. With
// two batches in turn, matching costs the caller no time as long as reading
// and writing take longer than matching. The thread also counts every
// message's sender and receiver per month (MessageActivity), which numbers
// them: the same name gets the same number in every batch, which spares
// the caller a string hash lookup per flagged message.
//
// The thread only runs WordMatcher::match on memory the batch owns; it
// blocks every signal, so the host process's signal handlers keep running
// on the threads that expect them.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <exception>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/message_activity.h"
#include "core/word_matcher.h"

namespace hrlake::core {

// Messages (text and sender) to match and, once matched, which of them
// hold marked words.
class MessageBatch {
 public:
  void clear();
  // A message, with its receiver and UTC day for the activity counts.
  void add(std::string_view message, std::string_view sender, std::string_view receiver = {}, Date day = 0);
  size_t size() const { return ends_.size(); }
  std::string_view message(size_t i) const;
  std::string_view sender(size_t i) const;
  std::string_view receiver(size_t i) const;

  // After matching: the messages with a marked word (indexes, ascending)
  // and, for each, the ids of its marked words.
  size_t hit_count() const { return hits_.size(); }
  size_t hit_message(size_t h) const { return hits_[h]; }
  std::vector<uint32_t> hit_words(size_t h) const;
  // The ids of hit h as [first, last) into word_ids().
  std::pair<size_t, size_t> hit_word_range(size_t h) const {
    return {h == 0 ? 0 : hit_word_ends_[h - 1], hit_word_ends_[h]};
  }
  const std::vector<uint32_t> &word_ids() const { return words_; }
  // The number of hit h's sender, and the names (senders and receivers)
  // first seen in this batch (number, name), numbers ascending and
  // following the earlier batches' without a gap.
  uint32_t hit_sender(size_t h) const { return hit_senders_[h]; }
  const std::vector<std::pair<uint32_t, std::string>> &new_names() const { return new_names_; }

  // Matches every message and counts it in `activity`, which numbers the
  // names (on the calling thread).
  void match(const WordMatcher &matcher, WordMatcher::Scratch &scratch, MessageActivity &activity);

 private:
  std::string text_;
  std::vector<size_t> ends_;
  std::string sender_text_;
  std::vector<size_t> sender_ends_;
  std::string receiver_text_;
  std::vector<size_t> receiver_ends_;
  std::vector<Date> days_;
  std::vector<uint32_t> hit_senders_;
  std::vector<std::pair<uint32_t, std::string>> new_names_;
  std::vector<uint32_t> hits_;
  std::vector<size_t> hit_word_ends_;
  std::vector<uint32_t> words_;
  std::vector<uint32_t> ids_;
};

class BackgroundMatcher {
 public:
  explicit BackgroundMatcher(const WordMatcher &matcher);
  // Waits for the batch in progress, then stops the thread.
  ~BackgroundMatcher();
  BackgroundMatcher(const BackgroundMatcher &) = delete;
  BackgroundMatcher &operator=(const BackgroundMatcher &) = delete;

  // Starts matching `batch` on the thread. The batch must not be touched
  // until wait() returns. One batch at a time.
  void start(MessageBatch &batch);
  // Waits until the started batch is matched; rethrows what matching threw.
  void wait();
  // Every message matched so far, counted; read it only between wait()
  // and the next start().
  const MessageActivity &activity() const { return activity_; }

 private:
  void run();

  const WordMatcher &matcher_;
  MessageActivity activity_;  // the thread's while a batch is in progress
  std::mutex mutex_;
  std::condition_variable changed_;
  MessageBatch *pending_ = nullptr;  // started, not yet matched
  bool busy_ = false;                // a batch was started and not waited for
  bool stopping_ = false;
  std::exception_ptr error_;
  std::thread thread_;
};

}  // namespace hrlake::core
