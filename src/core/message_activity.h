// Messages sent and received per employee and month of message time,
// flagged or not: what must outlive the messages when retention drops
// their month (issue 18). flag_messages reads every message once and adds
// it here on the matcher's thread, then writes the counts in one
// statement. The employees' numbers (NameIds) are also the ids the
// matcher gives the senders of flagged messages: one lookup per name.
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

  void add(const ActivityCounts &o) {
    sent += o.sent;
    received += o.received;
    flagged_sent += o.flagged_sent;
    flagged_received += o.flagged_received;
  }
};

class MessageActivity {
 public:
  // One message of `day` (UTC) from `sender` to `receiver`; returns the
  // sender's number (names()).
  uint32_t add(Date day, std::string_view sender, std::string_view receiver, bool flagged);
  // Every sender and receiver counted, numbered in order of first sight.
  const NameIds &names() const { return names_; }
  bool empty() const { return names_.size() == 0; }
  void clear();

  struct Row {
    std::string_view emp_id;
    Date month;  // the first day of the month
    ActivityCounts counts;
  };
  // Every (employee, month) counted, in (month, emp_id) order, emp_id
  // bytewise: the order of message_month's key ("C" collation), so that
  // inserting them extends its index instead of touching random pages.
  std::vector<Row> rows() const;

 private:
  Date month_of(Date day);
  ActivityCounts &counts(uint32_t employee, Date month);
  void retire(uint32_t employee, Date month, const ActivityCounts &counts);
  void grow();

  NameIds names_;
  // Each employee's counts of the month it was counted in last, by number:
  // messages come roughly in time order, so most messages find their
  // counts here with no lookup.
  struct Current {
    Date month = kNoMonth;
    ActivityCounts counts;
  };
  static constexpr Date kNoMonth = INT32_MIN;
  std::vector<Current> current_;
  // The counts of an employee's other months, by (month << 32 | number):
  // an open-addressing table (as NameIds).
  struct Slot {
    uint64_t key_plus_one;  // 0: empty
    ActivityCounts counts;
  };
  std::vector<Slot> slots_;  // a power of two, at most half full
  size_t used_ = 0;
  Date last_day_ = kNoMonth;  // messages come in runs of one day
  Date last_month_ = 0;
};

}  // namespace hrlake::core
