#include "core/strike_rules.h"

#include <string>

#include "core/error.h"

namespace hrlake::core {

namespace {

// Rejects a count no rule can produce.
void check_count(int strikes) {
  if (strikes < 0 || strikes > kMaxStrikes)
    throw Error(sqlstate::kInvalidParameterValue,
                "strike count " + std::to_string(strikes) + " is outside 0.." +
                    std::to_string(kMaxStrikes));
}

}  // namespace

std::optional<int> strikes_after_flag(int strikes) {
  check_count(strikes);
  if (is_deactivated(strikes)) return std::nullopt;
  return strikes + 1;
}

int strikes_after_cooldown(int strikes) {
  check_count(strikes);
  if (strikes == 0 || is_deactivated(strikes)) return strikes;
  return strikes - 1;
}

Decimal salary_after_strikes(const Decimal &base, int strikes) {
  check_count(strikes);
  static const Decimal kFactor = *Decimal::parse("0.9");
  // 0.9^k is exact (k <= 10: at most 10 decimals), as in PostgreSQL, whose
  // numeric power computes it exactly for these exponents.
  Decimal factor = *Decimal::parse("1");
  for (int k = 0; k < strikes; ++k) factor = factor * kFactor;
  return (base * factor).rounded(2);
}

}  // namespace hrlake::core

