// The IntakeTarget of each source (intake.h), one file each.
#pragma once

#include "pg/intake.h"

namespace hrlake::pg {

std::unique_ptr<IntakeTarget> employee_target();
std::unique_ptr<IntakeTarget> leave_target();
std::unique_ptr<IntakeTarget> leave_quota_target();
std::unique_ptr<IntakeTarget> leave_calendar_target();
std::unique_ptr<IntakeTarget> word_target(bool marked);
std::unique_ptr<IntakeTarget> message_target();
std::unique_ptr<IntakeTarget> timeframe_target();

}  // namespace hrlake::pg
