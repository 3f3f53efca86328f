#include "core/decimal.h"

#include <algorithm>
#include <charconv>
#include <vector>

namespace hrlake::core {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Adds one unit in the last place of a digit string ("" becomes "1").
void increment(std::string &digits) {
  for (size_t i = digits.size(); i-- > 0;) {
    if (digits[i] != '9') {
      ++digits[i];
      return;
    }
    digits[i] = '0';
  }
  digits.insert(digits.begin(), '1');
}

// |a| < |b|.
bool magnitude_less(bool a_zero, int64_t a_lead, const std::string &a_digits, bool b_zero,
                    int64_t b_lead, const std::string &b_digits) {
  if (a_zero || b_zero) return a_zero && !b_zero;
  if (a_lead != b_lead) return a_lead < b_lead;
  // Same leading position: digit by digit. A proper prefix is smaller, as
  // the longer one's extra digits end in a non-zero fraction digit.
  return a_digits < b_digits;
}

}  // namespace

std::optional<PlainDecimal> scan_plain_decimal(std::string_view s) {
  PlainDecimal out;
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) out.negative = s[i++] == '-';
  const size_t int_begin = i;
  while (i < s.size() && is_digit(s[i])) ++i;
  std::string_view integer = s.substr(int_begin, i - int_begin);
  std::string_view fraction;
  if (i < s.size() && s[i] == '.') {
    const size_t frac_begin = ++i;
    while (i < s.size() && is_digit(s[i])) ++i;
    fraction = s.substr(frac_begin, i - frac_begin);
  }
  if (i != s.size() || integer.size() + fraction.size() == 0) return std::nullopt;
  integer.remove_prefix(std::min(integer.find_first_not_of('0'), integer.size()));
  // npos + 1 == 0: an all-zero fraction is removed whole.
  fraction.remove_suffix(fraction.size() - (fraction.find_last_not_of('0') + 1));
  out.integer_digits = integer;
  out.fraction_digits = fraction;
  return out;
}

std::optional<int64_t> floor_scaled(const PlainDecimal &number, unsigned places) {
  const std::string_view integer = number.integer_digits, fraction = number.fraction_digits;
  if (places > 18 || integer.size() > 18 - places) return std::nullopt;
  int64_t magnitude = 0;
  for (char c : integer) magnitude = magnitude * 10 + (c - '0');
  for (unsigned k = 0; k < places; ++k)
    magnitude = magnitude * 10 + (k < fraction.size() ? fraction[k] - '0' : 0);
  // The fraction has no trailing zeros: a digit beyond `places` is a
  // non-zero remainder, which moves a negative value one further down.
  const bool remainder = fraction.size() > places;
  if (!number.negative) return magnitude;
  return -magnitude - (remainder ? 1 : 0);
}

Decimal::Decimal(bool negative, std::string digits, size_t scale)
    : negative_(negative), digits_(std::move(digits)), scale_(scale) {
  while (scale_ > 0 && !digits_.empty() && digits_.back() == '0') {
    digits_.pop_back();
    --scale_;
  }
  digits_.erase(0, std::min(digits_.find_first_not_of('0'), digits_.size()));
  if (digits_.empty()) {
    negative_ = false;
    scale_ = 0;
  }
}

std::optional<Decimal> Decimal::parse(std::string_view text) {
  const auto number = scan_plain_decimal(text);
  if (!number) return std::nullopt;
  return from_plain(*number);
}

Decimal Decimal::from_plain(const PlainDecimal &number) {
  std::string digits(number.integer_digits);
  digits += number.fraction_digits;
  return Decimal(number.negative, std::move(digits), number.fraction_digits.size());
}

size_t Decimal::integer_digits() const {
  return digits_.size() > scale_ ? digits_.size() - scale_ : 0;
}

int64_t Decimal::leading_position() const {
  return static_cast<int64_t>(digits_.size()) - static_cast<int64_t>(scale_);
}

std::string Decimal::text() const {
  if (is_zero()) return "0";
  std::string out;
  out.reserve(digits_.size() + scale_ + 3);
  if (negative_) out += '-';
  if (digits_.size() > scale_) {
    const size_t integer = digits_.size() - scale_;
    out.append(digits_, 0, integer);
    if (scale_ > 0) {
      out += '.';
      out.append(digits_, integer, std::string::npos);
    }
  } else {
    out += "0.";
    out.append(scale_ - digits_.size(), '0');
    out += digits_;
  }
  return out;
}

double Decimal::to_double() const {
  const std::string t = text();
  double value = 0;
  std::from_chars(t.data(), t.data() + t.size(), value);  // locale-independent
  return value;
}

bool operator<(const Decimal &a, const Decimal &b) {
  if (a.negative_ != b.negative_) return a.negative_;
  const bool a_zero = a.is_zero(), b_zero = b.is_zero();
  if (a.negative_)
    return magnitude_less(b_zero, b.leading_position(), b.digits_, a_zero, a.leading_position(),
                          a.digits_);
  return magnitude_less(a_zero, a.leading_position(), a.digits_, b_zero, b.leading_position(),
                        b.digits_);
}

Decimal Decimal::operator*(const Decimal &other) const {
  if (is_zero() || other.is_zero()) return Decimal();
  const std::string &a = digits_, &b = other.digits_;
  // Schoolbook multiplication, least significant digits first; every cell
  // stays below 10 once its row is done.
  std::vector<uint32_t> cells(a.size() + b.size(), 0);
  for (size_t i = a.size(); i-- > 0;) {
    const uint32_t da = static_cast<uint32_t>(a[i] - '0');
    uint32_t carry = 0;
    for (size_t j = b.size(); j-- > 0;) {
      const uint32_t cell = cells[i + j + 1] + da * static_cast<uint32_t>(b[j] - '0') + carry;
      cells[i + j + 1] = cell % 10;
      carry = cell / 10;
    }
    cells[i] += carry;
  }
  std::string digits(cells.size(), '0');
  for (size_t k = 0; k < cells.size(); ++k) digits[k] = static_cast<char>('0' + cells[k]);
  return Decimal(negative_ != other.negative_, std::move(digits), scale_ + other.scale_);
}

Decimal Decimal::rounded(unsigned places) const {
  if (scale_ <= places) return *this;
  const size_t dropped = scale_ - places;
  // Every digit is dropped, the first one after the cut being a leading zero.
  if (dropped > digits_.size()) return Decimal();
  std::string kept = digits_.substr(0, digits_.size() - dropped);
  if (digits_[digits_.size() - dropped] >= '5') increment(kept);
  return Decimal(negative_, std::move(kept), places);
}

}  // namespace hrlake::core
