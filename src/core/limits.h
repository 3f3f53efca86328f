// Size limits of source values (SPEC §2.10). A longer value rejects its row
// with a reason, so that no single row can fail an ingest (a 3,000-character
// emp_id would exceed PostgreSQL's B-tree entry limit). Characters are
// Unicode code points (see utf8_length in core/text.h).
#pragma once

#include <cstddef>

namespace hrlake::core {

inline constexpr size_t kMaxEmpIdChars = 64;  // emp_id, message sender and receiver
inline constexpr size_t kMaxDesignationChars = 200;
inline constexpr size_t kMaxWordChars = 200;  // vocabulary and marked words
inline constexpr size_t kMaxMessageKeyChars = 200;
inline constexpr size_t kMaxNameChars = 500;

// Salaries (SPEC §2.3): at most this many digits before the decimal point
// and after it (trailing zeros dropped), far inside PostgreSQL's numeric.
inline constexpr size_t kMaxSalaryIntegerDigits = 15;
inline constexpr size_t kMaxSalaryFractionDigits = 6;

}  // namespace hrlake::core
