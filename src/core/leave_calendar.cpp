#include "core/leave_calendar.h"

#include <cmath>
#include <cstdio>

namespace hrlake::core {

int YearDays::count() const {
  int n = 0;
  for (uint8_t b : bits_) n += __builtin_popcount(b);
  return n;
}

int YearDays::count_and(const YearDays &mask) const {
  int n = 0;
  for (int i = 0; i < kBytes; ++i) n += __builtin_popcount(bits_[i] & mask.bits_[i]);
  return n;
}

YearDays YearDays::from_bytes(const uint8_t *bytes, size_t len) {
  YearDays y;
  for (size_t i = 0; i < len && i < static_cast<size_t>(kBytes); ++i) y.bits_[i] = bytes[i];
  return y;
}

Date first_of_year(int year) { return days_from_civil(year, 1, 1); }

int day_of_year(Date d) { return d - first_of_year(civil_from_days(d).year); }

WorkingYear::WorkingYear(int year, const std::vector<Date> &holidays) : year_(year) {
  const Date first = first_of_year(year), last = days_from_civil(year, 12, 31);
  for (Date d = first; d <= last; ++d)
    if (!is_weekend(d)) working_.set(d - first);
  for (Date h : holidays)
    if (h >= first && h <= last) working_.clear(h - first);
}

bool WorkingYear::is_working(Date d) const {
  const Date first = first_of_year(year_);
  if (d < first || d > days_from_civil(year_, 12, 31)) return false;
  return working_.test(d - first);
}

YearDays WorkingYear::mask(Date from, Date to) const {
  YearDays m;
  const Date first = first_of_year(year_), last = days_from_civil(year_, 12, 31);
  if (from < first) from = first;
  if (to > last) to = last;
  for (Date d = from; d <= to; ++d)
    if (working_.test(d - first)) m.set(d - first);
  return m;
}

UpcomingRange upcoming_range(Date as_of) {
  const int year = civil_from_days(as_of).year;
  return {as_of + 1, days_from_civil(year, 12, 31)};
}

bool over_8pct(int upcoming_leaves, int working_days) {
  return working_days > 0 && 100LL * upcoming_leaves > 8LL * working_days;
}

QuotaPeriod quota_period(Date as_of) {
  const Ymd ymd = civil_from_days(as_of);
  const int year = ymd.month == 1 ? ymd.year - 1 : ymd.year;
  const unsigned month = ymd.month == 1 ? 12 : ymd.month - 1;
  const Date year_end = days_from_civil(year, 12, 31);
  return {days_from_civil(year, month, 1), year, first_of_year(year),
          as_of - 1 < year_end ? as_of - 1 : year_end};
}

bool over_80pct(int availed, int quota) {
  return quota > 0 && 10LL * availed > 8LL * quota;
}

double usage_pct(int availed, int quota) {
  return std::round(10000.0 * availed / quota) / 100.0;
}

std::string iso_date(Date d) {
  const Ymd ymd = civil_from_days(d);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", ymd.year, ymd.month, ymd.day);
  return buf;
}

std::string quota_notice(const std::string &emp_id, const std::optional<std::string> &name,
                         int year, int availed, int quota, Date period, Date generated_on) {
  char pct[32];
  std::snprintf(pct, sizeof pct, "%.2f", usage_pct(availed, quota));
  const std::string who = name ? *name + " (employee " + emp_id + ")" : "Employee " + emp_id;
  return "Leave quota notice for " + iso_date(period).substr(0, 7) + "\n" +
         "\n" +
         who + " has used " + std::to_string(availed) + " of " + std::to_string(quota) +
         " leave days in " + std::to_string(year) + " (" + pct + "%), over the 80% threshold.\n" +
         "\n" +
         "Employee:   " + emp_id + "\n" +
         "Name:       " + (name ? *name : std::string("(unknown)")) + "\n" +
         "Year:       " + std::to_string(year) + "\n" +
         "Availed:    " + std::to_string(availed) + " working days\n" +
         "Quota:      " + std::to_string(quota) + " days\n" +
         "Usage:      " + pct + "%\n" +
         "Period:     " + iso_date(period).substr(0, 7) + "\n" +
         "Generated:  " + iso_date(generated_on) + "\n";
}

}  // namespace hrlake::core
