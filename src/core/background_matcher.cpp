#include "core/background_matcher.h"

#include <memory>
#include <stdexcept>
#include <utility>

#include "core/background_thread.h"

namespace hrlake::core {

void MessageBatch::clear() {
  text_.clear();
  ends_.clear();
  sender_text_.clear();
  sender_ends_.clear();
  receiver_text_.clear();
  receiver_ends_.clear();
  days_.clear();
  hits_.clear();
  hit_word_ends_.clear();
  words_.clear();
  hit_senders_.clear();
  new_names_.clear();
}

void MessageBatch::add(std::string_view message, std::string_view sender, std::string_view receiver, Date day) {
  text_.append(message);
  ends_.push_back(text_.size());
  sender_text_.append(sender);
  sender_ends_.push_back(sender_text_.size());
  receiver_text_.append(receiver);
  receiver_ends_.push_back(receiver_text_.size());
  days_.push_back(day);
}

std::string_view MessageBatch::message(size_t i) const {
  const size_t begin = i == 0 ? 0 : ends_[i - 1];
  return std::string_view(text_).substr(begin, ends_[i] - begin);
}

std::string_view MessageBatch::sender(size_t i) const {
  const size_t begin = i == 0 ? 0 : sender_ends_[i - 1];
  return std::string_view(sender_text_).substr(begin, sender_ends_[i] - begin);
}

std::string_view MessageBatch::receiver(size_t i) const {
  const size_t begin = i == 0 ? 0 : receiver_ends_[i - 1];
  return std::string_view(receiver_text_).substr(begin, receiver_ends_[i] - begin);
}

std::vector<uint32_t> MessageBatch::hit_words(size_t h) const {
  auto [first, last] = hit_word_range(h);
  return std::vector<uint32_t>(words_.begin() + first, words_.begin() + last);
}

void MessageBatch::match(const WordMatcher &matcher, WordMatcher::Scratch &scratch, MessageActivity &activity) {
  hits_.clear();
  hit_word_ends_.clear();
  words_.clear();
  hit_senders_.clear();
  new_names_.clear();
  const auto known = static_cast<uint32_t>(activity.names().size());
  for (size_t i = 0; i < ends_.size(); ++i) {
    matcher.match(message(i), ids_, scratch);
    const uint32_t sender_id = activity.add(days_[i], sender(i), receiver(i), !ids_.empty());
    if (ids_.empty()) continue;
    hits_.push_back(static_cast<uint32_t>(i));
    words_.insert(words_.end(), ids_.begin(), ids_.end());
    hit_word_ends_.push_back(words_.size());
    hit_senders_.push_back(sender_id);
  }
  for (auto id = known; id < activity.names().size(); ++id)
    new_names_.emplace_back(id, std::string(activity.names().name(id)));
}

BackgroundMatcher::BackgroundMatcher(const WordMatcher &matcher)
    : matcher_(matcher), thread_(start_background_thread([this] { run(); })) {}

BackgroundMatcher::~BackgroundMatcher() {
  {
    std::unique_lock<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void BackgroundMatcher::start(MessageBatch &batch) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (busy_) throw std::logic_error("BackgroundMatcher::start while a batch is in progress");
  pending_ = &batch;
  busy_ = true;
  lock.unlock();
  changed_.notify_all();
}

void BackgroundMatcher::wait() {
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [this] { return pending_ == nullptr; });
  busy_ = false;
  if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
}

void BackgroundMatcher::run() {
  // Nothing may escape the thread: failures reach wait().
  std::unique_ptr<WordMatcher::Scratch> scratch;
  std::exception_ptr setup_error;
  try {
    scratch = std::make_unique<WordMatcher::Scratch>(matcher_);
  } catch (...) {
    setup_error = std::current_exception();
  }
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    changed_.wait(lock, [this] { return pending_ != nullptr || stopping_; });
    if (pending_ == nullptr) return;  // stopping, nothing left to do
    MessageBatch *batch = pending_;
    lock.unlock();
    std::exception_ptr error = setup_error;
    try {
      if (scratch) batch->match(matcher_, *scratch, activity_);
    } catch (...) {
      error = std::current_exception();
    }
    lock.lock();
    error_ = error;
    pending_ = nullptr;
    changed_.notify_all();
  }
}

}  // namespace hrlake::core
