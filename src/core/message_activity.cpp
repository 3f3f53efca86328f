#include "core/message_activity.h"

#include <algorithm>

namespace hrlake::core {
namespace {

size_t slot_of(uint64_t key, size_t mask) {
  uint64_t h = key * 0x9E3779B97F4A7C15ULL;
  h ^= h >> 32;
  return static_cast<size_t>(h) & mask;
}

}  // namespace

Date MessageActivity::month_of(Date day) {
  if (day != last_day_) {
    const Ymd ymd = civil_from_days(day);
    last_day_ = day;
    last_month_ = days_from_civil(ymd.year, ymd.month, 1);
  }
  return last_month_;
}

ActivityCounts &MessageActivity::counts(uint32_t employee, Date month) {
  if (employee >= current_.size()) current_.resize(employee + 1);
  Current &current = current_[employee];
  if (current.month != month) {
    if (current.month != kNoMonth) retire(employee, current.month, current.counts);
    current.month = month;
    current.counts = ActivityCounts{};
  }
  return current.counts;
}

// Adds an employee's counts of a month into the table of other months.
void MessageActivity::retire(uint32_t employee, Date month, const ActivityCounts &counts) {
  const uint64_t key = static_cast<uint64_t>(static_cast<uint32_t>(month)) << 32 | employee;
  if (slots_.empty()) slots_.resize(1024);
  size_t mask = slots_.size() - 1;
  size_t i = slot_of(key, mask);
  for (; slots_[i].key_plus_one != 0; i = (i + 1) & mask)
    if (slots_[i].key_plus_one == key + 1) return slots_[i].counts.add(counts);
  if (2 * (used_ + 1) > slots_.size()) {
    grow();
    mask = slots_.size() - 1;
    for (i = slot_of(key, mask); slots_[i].key_plus_one != 0;) i = (i + 1) & mask;
  }
  ++used_;
  slots_[i] = Slot{key + 1, counts};
}

void MessageActivity::grow() {
  std::vector<Slot> old(2 * slots_.size());
  old.swap(slots_);
  const size_t mask = slots_.size() - 1;
  for (const Slot &slot : old) {
    if (slot.key_plus_one == 0) continue;
    size_t i = slot_of(slot.key_plus_one - 1, mask);
    while (slots_[i].key_plus_one != 0) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

uint32_t MessageActivity::add(Date day, std::string_view sender, std::string_view receiver, bool flagged) {
  const Date month = month_of(day);
  const uint32_t from_id = names_.intern(sender);
  ActivityCounts &from = counts(from_id, month);
  ++from.sent;
  from.flagged_sent += flagged;
  ActivityCounts &to = counts(names_.intern(receiver), month);
  ++to.received;
  to.flagged_received += flagged;
  return from_id;
}

void MessageActivity::clear() {
  names_.clear();
  current_.clear();
  slots_.clear();
  used_ = 0;
  last_day_ = kNoMonth;
}

std::vector<MessageActivity::Row> MessageActivity::rows() const {
  std::vector<Row> rows;
  rows.reserve(current_.size() + used_);
  for (uint32_t id = 0; id < current_.size(); ++id)
    if (current_[id].month != kNoMonth) rows.push_back(Row{names_.name(id), current_[id].month, current_[id].counts});
  for (const Slot &slot : slots_) {
    if (slot.key_plus_one == 0) continue;
    const uint64_t key = slot.key_plus_one - 1;
    rows.push_back(Row{names_.name(static_cast<uint32_t>(key)), static_cast<Date>(static_cast<uint32_t>(key >> 32)),
                       slot.counts});
  }
  std::sort(rows.begin(), rows.end(), [](const Row &a, const Row &b) {
    return a.month != b.month ? a.month < b.month : a.emp_id < b.emp_id;
  });
  // A month can be both current and retired (an employee's messages went
  // back to an earlier month and forth again): one row each.
  size_t kept = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (kept > 0 && rows[kept - 1].emp_id == rows[i].emp_id && rows[kept - 1].month == rows[i].month)
      rows[kept - 1].counts.add(rows[i].counts);
    else
      rows[kept++] = rows[i];
  }
  rows.resize(kept);
  return rows;
}

}  // namespace hrlake::core
