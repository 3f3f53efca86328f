// Cancellation for long loops over input. The core cannot call PostgreSQL,
// so the host installs a check (src/pg: CHECK_FOR_INTERRUPTS through the
// error bridge) that throws when the statement was cancelled, timed out or
// the backend is asked to terminate. Loops that can run long on input (file
// reads, hashing, parsing, compiling a word list) call check_for_interrupts()
// every chunk. Only the thread that installed the check may call it.
#pragma once

namespace hrlake::core {

using InterruptCheck = void (*)();

// Installs the host's check; nullptr removes it.
void set_interrupt_check(InterruptCheck check);

// Runs the installed check, if any; it throws to abort the work.
void check_for_interrupts();

}  // namespace hrlake::core
