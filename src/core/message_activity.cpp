#include "core/message_activity.h"

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

ActivityCounts &MessageActivity::counts_of(uint64_t key) {
  if (slots_.empty()) slots_.resize(1024);
  size_t mask = slots_.size() - 1;
  size_t i = slot_of(key, mask);
  for (; slots_[i].key_plus_one != 0; i = (i + 1) & mask)
    if (slots_[i].key_plus_one == key + 1) return slots_[i].counts;
  if (2 * (used_ + 1) > slots_.size()) {
    grow();
    mask = slots_.size() - 1;
    for (i = slot_of(key, mask); slots_[i].key_plus_one != 0;) i = (i + 1) & mask;
  }
  ++used_;
  slots_[i].key_plus_one = key + 1;
  return slots_[i].counts;
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

void MessageActivity::add(Date day, std::string_view sender, std::string_view receiver, bool flagged) {
  const uint64_t month = static_cast<uint64_t>(static_cast<uint32_t>(month_of(day))) << 32;
  ActivityCounts &from = counts_of(month | employees_.intern(sender));
  ++from.sent;
  from.flagged_sent += flagged;
  ActivityCounts &to = counts_of(month | employees_.intern(receiver));
  ++to.received;
  to.flagged_received += flagged;
}

void MessageActivity::clear() {
  employees_.clear();
  slots_.clear();
  used_ = 0;
  last_day_ = INT32_MIN;
}

std::vector<MessageActivity::Row> MessageActivity::rows() const {
  std::vector<Row> rows;
  rows.reserve(used_);
  for (const Slot &slot : slots_) {
    if (slot.key_plus_one == 0) continue;
    const uint64_t key = slot.key_plus_one - 1;
    rows.push_back(Row{employees_.name(static_cast<uint32_t>(key)), static_cast<Date>(static_cast<uint32_t>(key >> 32)),
                       slot.counts});
  }
  return rows;
}

}  // namespace hrlake::core
