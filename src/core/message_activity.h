// Messages sent and received per employee and month of message time,
// flagged or not: what must outlive the messages when retention drops
// their month (issue 18). flag_messages reads every message once and adds
// it here (on the matcher's thread, which has time to spare), then writes
// the counts in one statement.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/name_ids.h"

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
  bool empty() const { return used_ == 0; }
  size_t size() const { return used_; }
  void clear();

  struct Row {
    std::string_view emp_id;
    Date month;  // the first day of the month
    ActivityCounts counts;
  };
  // Every (employee, month) counted, in no particular order.
  std::vector<Row> rows() const;

 private:
  Date month_of(Date day);
  // The counts of (month << 32 | employee id), made on first use: an
  // open-addressing table (as NameIds) holding the counts in its slots, so
  // a lookup touches one slot.
  ActivityCounts &counts_of(uint64_t key);
  void grow();

  struct Slot {
    uint64_t key_plus_one;  // 0: empty
    ActivityCounts counts;
  };
  NameIds employees_;
  std::vector<Slot> slots_;  // a power of two, at most half full
  size_t used_ = 0;
  Date last_day_ = INT32_MIN;  // messages come in runs of one day
  Date last_month_ = 0;
};

}  // namespace hrlake::core
