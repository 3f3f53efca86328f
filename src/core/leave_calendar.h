// Working days and leave days as bitmaps over one calendar year
// (SPEC §2.4-2.6). Bit i of a YearDays stands for day i of the year (0 = 1
// January). A year of leave days is 46 bytes, so a report over 200,000
// employees is a pass of ANDs and popcounts instead of a join over
// millions of leave rows.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"

namespace hrlake::core {

class YearDays {
 public:
  static constexpr int kBytes = 46;  // 366 bits

  YearDays() { bits_.fill(0); }
  void set(int day_of_year) { bits_[day_of_year >> 3] |= static_cast<uint8_t>(1u << (day_of_year & 7)); }
  void clear(int day_of_year) { bits_[day_of_year >> 3] &= static_cast<uint8_t>(~(1u << (day_of_year & 7))); }
  bool test(int day_of_year) const { return bits_[day_of_year >> 3] >> (day_of_year & 7) & 1; }
  int count() const;
  int count_and(const YearDays &mask) const;  // |this AND mask|
  const uint8_t *data() const { return bits_.data(); }
  // From stored bytes (shorter input is zero-extended).
  static YearDays from_bytes(const uint8_t *bytes, size_t len);

 private:
  std::array<uint8_t, kBytes> bits_;
};

// Day of the year (0-based) of a date.
int day_of_year(Date d);
Date first_of_year(int year);

// The working days of one year: Monday to Friday, not a holiday.
class WorkingYear {
 public:
  WorkingYear(int year, const std::vector<Date> &holidays);
  int year() const { return year_; }
  bool is_working(Date d) const;
  // Working days in [from, to], both inside this year (empty when from > to).
  YearDays mask(Date from, Date to) const;
  int count(Date from, Date to) const { return mask(from, to).count(); }

 private:
  int year_;
  YearDays working_;
};

// SPEC §2.5 for run date `as_of`: the range of upcoming days is
// (as_of, 31 Dec of its year].
struct UpcomingRange {
  Date from, to;  // inclusive; from > to when empty
};
UpcomingRange upcoming_range(Date as_of);
// Reported iff upcoming > 8% of working days, strictly (integer arithmetic).
bool over_8pct(int upcoming_leaves, int working_days);

// SPEC §2.6 for run date `as_of`: the period is the month before; leaves
// count from 1 January of the period's year up to the day before as_of
// (within that year).
struct QuotaPeriod {
  Date period;  // first day of the month before as_of
  int year;
  Date from, to;  // availed range, inclusive
};
QuotaPeriod quota_period(Date as_of);
// Reported iff quota > 0 and availed > 80% of quota, strictly.
bool over_80pct(int availed, int quota);
// availed / quota as a percentage rounded to 2 decimals (quota > 0).
double usage_pct(int availed, int quota);

std::string iso_date(Date d);

// The plain-text notice for the manager (SPEC §2.6).
std::string quota_notice(const std::string &emp_id, const std::optional<std::string> &name,
                         int year, int availed, int quota, Date period, Date generated_on);

}  // namespace hrlake::core
