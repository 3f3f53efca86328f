#include "core/interrupts.h"

namespace hrlake::core {

namespace {
InterruptCheck installed = nullptr;
}

void set_interrupt_check(InterruptCheck check) { installed = check; }

void check_for_interrupts() {
  if (installed) installed();
}

}  // namespace hrlake::core
