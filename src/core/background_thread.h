// Threads for work the host process must not be disturbed by. PostgreSQL's
// signal handlers must run on the backend's own thread, so a helper thread
// blocks every signal; and it may not call back into the host, so a long
// job on it is cancelled from the calling thread, which polls
// check_for_interrupts() while it waits.
#pragma once

#include <functional>
#include <thread>

namespace hrlake::core {

// Starts `body` on a new thread with every signal blocked.
std::thread start_background_thread(std::function<void()> body);

// Runs `work` on a background thread while the calling thread waits in
// slices of 10 ms, calling check_for_interrupts() between them; rethrows
// what `work` threw. When the check throws, the thread is detached and
// finishes on its own, and the exception propagates at once: so `work` must
// own everything it touches (capture by value or shared_ptr, never a
// reference to the caller's memory). Its captures are destroyed on the
// thread before run_cancellable returns normally.
void run_cancellable(std::function<void()> work);

}  // namespace hrlake::core
