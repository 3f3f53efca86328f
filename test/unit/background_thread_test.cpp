#include "core/background_thread.h"

#include <gtest/gtest.h>
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <thread>

#include "core/interrupts.h"

using namespace hrlake::core;

namespace {

// An interrupt check that throws Cancelled on its `limit`-th call.
struct Cancelled {};
std::atomic<int> checks{0};
int limit = 0;
void cancel_at_limit() {
  if (++checks >= limit) throw Cancelled{};
}

// Installs cancel_at_limit for one test, removes it afterwards.
struct CancelAfter {
  explicit CancelAfter(int calls) {
    checks = 0;
    limit = calls;
    set_interrupt_check(cancel_at_limit);
  }
  ~CancelAfter() { set_interrupt_check(nullptr); }
};

// True when SIGINT and SIGTERM are blocked on the calling thread.
bool signals_blocked() {
  sigset_t mask;
  pthread_sigmask(SIG_BLOCK, nullptr, &mask);
  return sigismember(&mask, SIGINT) == 1 && sigismember(&mask, SIGTERM) == 1;
}

}  // namespace

TEST(BackgroundThread, BlocksEverySignalOnTheThreadOnly) {
  bool blocked = false;
  std::thread t = start_background_thread([&] { blocked = signals_blocked(); });
  t.join();
  EXPECT_TRUE(blocked);
  EXPECT_FALSE(signals_blocked());
}

TEST(BackgroundThread, RunCancellableRunsTheWorkElsewhere) {
  const auto caller = std::this_thread::get_id();
  std::thread::id worker;
  bool blocked = false;
  run_cancellable([&] {  // references are safe only because nothing cancels
    worker = std::this_thread::get_id();
    blocked = signals_blocked();
  });
  EXPECT_NE(worker, caller);
  EXPECT_TRUE(blocked);
}

TEST(BackgroundThread, RunCancellableRethrowsAndFreesTheWork) {
  EXPECT_THROW(run_cancellable([] { throw std::runtime_error("boom"); }), std::runtime_error);
  auto owned = std::make_shared<int>(1);
  run_cancellable([owned] {});
  EXPECT_EQ(owned.use_count(), 1);  // the thread's copy is gone
}

TEST(BackgroundThread, RunCancellableChecksWhileWaiting) {
  CancelAfter never(1000000);
  run_cancellable([] { std::this_thread::sleep_for(std::chrono::milliseconds(200)); });
  EXPECT_GE(checks.load(), 3);  // about one per 10 ms: some 20
}

TEST(BackgroundThread, CancelledWorkFinishesOnItsOwn) {
  auto finished = std::make_shared<std::atomic<bool>>(false);
  {
    CancelAfter third(3);
    const auto start = std::chrono::steady_clock::now();
    EXPECT_THROW(run_cancellable([finished] {
                   std::this_thread::sleep_for(std::chrono::milliseconds(500));
                   *finished = true;
                 }),
                 Cancelled);
    EXPECT_EQ(checks.load(), 3);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(400));
    EXPECT_FALSE(*finished);
  }
  for (int i = 0; i < 500 && !*finished; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_TRUE(*finished);
  // Give the detached thread time to drop its copy of `finished`.
  for (int i = 0; i < 500 && finished.use_count() > 1; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(finished.use_count(), 1);
}

TEST(BackgroundThread, NothingStartsWhenAlreadyCancelled) {
  CancelAfter first(1);
  auto ran = std::make_shared<std::atomic<bool>>(false);
  EXPECT_THROW(run_cancellable([ran] { *ran = true; }), Cancelled);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_FALSE(*ran);
}
