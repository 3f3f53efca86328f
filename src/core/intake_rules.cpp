#include "core/intake_rules.h"

namespace hrlake::core {

void resolve_employee(const std::vector<StoredEmployee> &stored,
                      const std::vector<IncomingEmployee> &incoming,
                      std::vector<EmployeeWrite> &writes, std::vector<Outcome> &outcomes) {
  writes.clear();
  outcomes.assign(incoming.size(), Outcome::kDuplicate);
  // The current value before the rows: the stored one loaded last.
  std::optional<EmployeeValue> current;
  Position current_position;
  for (const StoredEmployee &s : stored)
    if (!current || current_position < s.position) {
      current = s.value;
      current_position = s.position;
    }
  for (size_t i = 0; i < incoming.size(); ++i) {
    const IncomingEmployee &row = incoming[i];
    if (current && *current == row.value) continue;  // repeats the current value
    if (current && row.position < current_position) {
      // Older than the current value: a new value only.
      bool known = false;
      for (const StoredEmployee &s : stored) known = known || s.value == row.value;
      for (const EmployeeWrite &w : writes) known = known || w.value == row.value;
      if (!known) {
        outcomes[i] = Outcome::kLoaded;
        writes.push_back({row.value, row.position, std::nullopt});
      }
      continue;
    }
    current_position = row.position;
    outcomes[i] = Outcome::kLoaded;
    current = row.value;
    // One write per value: the last row that made it current decides
    // where it stands.
    EmployeeWrite *write = nullptr;
    for (EmployeeWrite &w : writes)
      if (w.value == row.value) write = &w;
    if (!write) {
      std::optional<size_t> stored_index;
      for (size_t s = 0; s < stored.size() && !stored_index; ++s)
        if (stored[s].value == row.value) stored_index = s;
      writes.push_back({row.value, row.position, stored_index});
    } else {
      write->position = row.position;
    }
  }
}

LatestDecision resolve_quota(const std::optional<int> &stored, const std::vector<QuotaRow> &incoming,
                             const std::optional<Position> &stored_at) {
  size_t winner = 0;
  for (size_t i = 1; i < incoming.size(); ++i) {
    const QuotaRow &a = incoming[winner], &b = incoming[i];
    const bool later_batch = a.position.batch_id != b.position.batch_id && a.position.batch_id < b.position.batch_id;
    const bool same_batch = a.position.batch_id == b.position.batch_id;
    if (later_batch || (same_batch && (b.quota > a.quota || (b.quota == a.quota && a.position < b.position))))
      winner = i;
  }
  const bool newer = !stored_at || *stored_at < incoming[winner].position;
  return {winner, newer && (!stored || *stored != incoming[winner].quota)};
}

}  // namespace hrlake::core
