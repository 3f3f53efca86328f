#include "core/background_thread.h"

#include <pthread.h>
#include <signal.h>

#include <chrono>
#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <utility>

#include "core/interrupts.h"

namespace hrlake::core {

std::thread start_background_thread(std::function<void()> body) {
  // The new thread inherits the signal mask in force when it is created.
  sigset_t all, previous;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &previous);
  std::thread thread;
  try {
    thread = std::thread(std::move(body));
  } catch (...) {
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    throw;
  }
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  return thread;
}

void run_cancellable(std::function<void()> work) {
  // Shared by the caller and the thread; the last one to let go frees it.
  struct State {
    std::mutex mutex;
    std::condition_variable finished;
    bool done = false;
    std::exception_ptr error;
  };
  auto state = std::make_shared<State>();
  check_for_interrupts();
  std::thread thread = start_background_thread([state, work = std::move(work)]() mutable {
    std::exception_ptr error;
    try {
      work();
    } catch (...) {
      error = std::current_exception();
    }
    work = nullptr;  // free what the work owns before reporting
    std::lock_guard<std::mutex> lock(state->mutex);
    state->error = error;
    state->done = true;
    state->finished.notify_all();
  });
  try {
    std::unique_lock<std::mutex> lock(state->mutex);
    while (!state->finished.wait_for(lock, std::chrono::milliseconds(10),
                                     [&] { return state->done; })) {
      lock.unlock();
      check_for_interrupts();
      lock.lock();
    }
  } catch (...) {
    thread.detach();
    throw;
  }
  thread.join();
  if (state->error) std::rethrow_exception(state->error);
}

}  // namespace hrlake::core
