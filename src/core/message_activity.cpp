#include "core/message_activity.h"

namespace hrlake::core {

uint32_t MessageActivity::employee(std::string_view emp_id) {
  key_.assign(emp_id);
  auto [it, inserted] = ids_.try_emplace(key_, static_cast<uint32_t>(names_.size()));
  if (inserted) names_.push_back(&it->first);
  return it->second;
}

Date MessageActivity::month_of(Date day) {
  if (day != last_day_) {
    const Ymd ymd = civil_from_days(day);
    last_day_ = day;
    last_month_ = days_from_civil(ymd.year, ymd.month, 1);
  }
  return last_month_;
}

void MessageActivity::add(Date day, std::string_view sender, std::string_view receiver, bool flagged) {
  const uint64_t month = static_cast<uint64_t>(static_cast<uint32_t>(month_of(day))) << 32;
  ActivityCounts &from = counts_[month | employee(sender)];
  ++from.sent;
  from.flagged_sent += flagged;
  ActivityCounts &to = counts_[month | employee(receiver)];
  ++to.received;
  to.flagged_received += flagged;
}

void MessageActivity::clear() {
  counts_.clear();
  ids_.clear();
  names_.clear();
  last_day_ = INT32_MIN;
}

std::vector<MessageActivity::Row> MessageActivity::rows() const {
  std::vector<Row> rows;
  rows.reserve(counts_.size());
  for (const auto &[key, counts] : counts_)
    rows.push_back(Row{*names_[static_cast<uint32_t>(key)], static_cast<Date>(static_cast<uint32_t>(key >> 32)),
                       counts});
  return rows;
}

}  // namespace hrlake::core
