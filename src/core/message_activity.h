// Messages sent and received per employee and month of message time,
// flagged or not: what must outlive the messages when retention drops
// their month (issue 18). flag_messages reads every message once and adds
// it here (on the matcher's thread, which has time to spare), then writes
// the counts in one statement.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/date.h"

namespace hrlake::core {

struct ActivityCounts {
  int64_t sent = 0;
  int64_t received = 0;
  int64_t flagged_sent = 0;
  int64_t flagged_received = 0;
};

class MessageActivity {
 public:
  // One message of `day` (UTC) from `sender` to `receiver`.
  void add(Date day, std::string_view sender, std::string_view receiver, bool flagged);
  bool empty() const { return counts_.empty(); }
  size_t size() const { return counts_.size(); }
  void clear();

  struct Row {
    std::string_view emp_id;
    Date month;  // the first day of the month
    ActivityCounts counts;
  };
  // Every (employee, month) counted, in no particular order.
  std::vector<Row> rows() const;

 private:
  uint32_t employee(std::string_view emp_id);
  Date month_of(Date day);

  std::unordered_map<std::string, uint32_t> ids_;
  std::vector<const std::string *> names_;  // by id; the map's keys stay put
  std::string key_;
  // By (month << 32 | employee id).
  std::unordered_map<uint64_t, ActivityCounts> counts_;
  Date last_day_ = INT32_MIN;  // messages come in runs of one day
  Date last_month_ = 0;
};

}  // namespace hrlake::core
