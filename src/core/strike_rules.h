// Strikes (SPEC §2.8): each flagged message is one strike for its sender;
// the kMaxStrikes-th deactivates the employee, after which nothing changes
// their count; the monthly cooldown takes one strike from 1..9. The salary
// at k strikes is base x 0.9^k rounded to cents. This is the one place that
// knows these numbers.
#pragma once

#include <optional>

#include "core/decimal.h"

namespace hrlake::core {

inline constexpr int kMaxStrikes = 10;

// True for a count the 10th strike reached: the employee is deactivated
// (their ACTIVE timeframe record closed) and their count never changes again.
inline bool is_deactivated(int strikes) { return strikes == kMaxStrikes; }

// The sender's count after one more flagged message: strikes + 1, or
// nullopt when the sender is deactivated (the message is kept and flagged,
// but gives no strike). Throws Error for a count outside 0..kMaxStrikes.
std::optional<int> strikes_after_flag(int strikes);

// The count after a month's cooldown: one less for 1..kMaxStrikes-1; 0
// and kMaxStrikes stay. Throws Error for a count outside 0..kMaxStrikes.
int strikes_after_cooldown(int strikes);

// base x 0.9^strikes rounded half away from zero to 2 decimals, computed
// exactly: equal to PostgreSQL's round(base * 0.9 ^ strikes, 2) on numeric
// (0 strikes: base rounded to cents). Throws Error for a count outside
// 0..kMaxStrikes.
Decimal salary_after_strikes(const Decimal &base, int strikes);

}  // namespace hrlake::core
