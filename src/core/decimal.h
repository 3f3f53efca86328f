// Exact decimal numbers. Salaries compare as numbers ("0100" = "100.0",
// SPEC §2.3), strike salaries are base x 0.9^k rounded to cents exactly as
// PostgreSQL's numeric computes them (§2.8), and epoch times with fractions
// of any length convert without the rounding a double would bring (§2.3,
// §2.8). Nothing here goes through floating point.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hrlake::core {

// The parts of a plain decimal text: optional sign, digits, optional '.',
// digits, with at least one digit ("5.", ".5", "+7", "-0.0"); no exponent,
// no blanks, no inf/nan. The views point into the scanned text.
struct PlainDecimal {
  bool negative = false;             // a '-' sign was written (even for "-0")
  std::string_view integer_digits;   // without leading zeros ("" for 0.x)
  std::string_view fraction_digits;  // without trailing zeros
};

// Splits `text` (not trimmed) into its parts; nullopt when it is not a plain
// decimal. Does not allocate.
std::optional<PlainDecimal> scan_plain_decimal(std::string_view text);

// floor(number x 10^places), rounding toward minus infinity, exactly; for
// epoch seconds (places 0), millis to micros (3) and seconds to micros (6).
// nullopt when |number| x 10^places reaches 10^18 (far beyond any date the
// sources may name). Does not allocate.
std::optional<int64_t> floor_scaled(const PlainDecimal &number, unsigned places);

// An exact decimal number of any size. Its canonical form is unique per
// value, so == and < are exact and equal values have equal text().
class Decimal {
 public:
  Decimal() = default;  // zero

  // A plain decimal (see scan_plain_decimal); nullopt otherwise.
  static std::optional<Decimal> parse(std::string_view text);
  // The value of scanned parts.
  static Decimal from_plain(const PlainDecimal &number);

  bool is_zero() const { return digits_.empty(); }
  bool is_negative() const { return negative_; }  // never for zero
  // Digits before the point without leading zeros (0 for 0.5 and for 0).
  size_t integer_digits() const;
  // Digits after the point without trailing zeros (0 for 100).
  size_t fraction_digits() const { return scale_; }

  // Canonical text: no '+', no leading zeros, no trailing fractional zeros,
  // "0" for zero (never "-0"), "0.5" for .5. PostgreSQL's numeric_in reads
  // it as the same value.
  std::string text() const;
  // The nearest double, for code that still orders salaries as doubles
  // (inexact beyond 15 significant digits: compare Decimals where it matters).
  double to_double() const;

  // The exact product.
  Decimal operator*(const Decimal &other) const;
  // Rounded to `places` fractional digits, half away from zero (as
  // PostgreSQL's round(numeric, int)).
  Decimal rounded(unsigned places) const;

  friend bool operator==(const Decimal &a, const Decimal &b) {
    return a.negative_ == b.negative_ && a.scale_ == b.scale_ && a.digits_ == b.digits_;
  }
  friend bool operator!=(const Decimal &a, const Decimal &b) { return !(a == b); }
  friend bool operator<(const Decimal &a, const Decimal &b);
  friend bool operator>(const Decimal &a, const Decimal &b) { return b < a; }
  friend bool operator<=(const Decimal &a, const Decimal &b) { return !(b < a); }
  friend bool operator>=(const Decimal &a, const Decimal &b) { return !(a < b); }

 private:
  // Value = (negative_ ? -1 : 1) x digits_ x 10^-scale_, where digits_ has
  // no leading zeros and, when scale_ > 0, no trailing zero; zero is "" with
  // scale_ 0 and negative_ false.
  Decimal(bool negative, std::string digits, size_t scale);
  // Magnitude order of the leading digit: digits before the point, or minus
  // the zeros right after it (0.05 -> -1).
  int64_t leading_position() const;

  bool negative_ = false;
  std::string digits_;
  size_t scale_ = 0;
};

}  // namespace hrlake::core
