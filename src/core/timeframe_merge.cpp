#include "core/timeframe_merge.h"

#include <algorithm>

namespace hrlake::core {

bool wins_over(const ChainRecord &a, const ChainRecord &b) {
  const bool a_has = a.salary.has_value(), b_has = b.salary.has_value();
  if (a_has != b_has) return a_has;
  if (a_has && *a.salary != *b.salary) return *a.salary > *b.salary;
  if (a.batch_id != b.batch_id) return a.batch_id > b.batch_id;
  return a.line_no > b.line_no;
}

namespace {

bool same_values(const ChainRecord &a, const ChainRecord &b) {
  return a.designation == b.designation && a.salary == b.salary &&
         a.salary_text == b.salary_text;
}

// The end a record declares by itself: given ends only.
std::optional<Date> data_end(const ChainRecord &r) {
  return r.end_given ? r.end : std::nullopt;
}

}  // namespace

void TimeframeMerger::merge(const std::vector<ChainRecord> &history,
                            const std::vector<ChainRecord> &incoming,
                            std::vector<ChainChange> &changes,
                            std::vector<bool> &applied) {
  changes.clear();
  applied.assign(incoming.size(), false);
  entries_.clear();
  for (const auto &h : history) entries_.push_back({&h, -1, data_end(h)});
  for (size_t i = 0; i < incoming.size(); ++i)
    entries_.push_back({&incoming[i], static_cast<int32_t>(i), data_end(incoming[i])});
  std::sort(entries_.begin(), entries_.end(), [](const Entry &a, const Entry &b) {
    return a.rec->start < b.rec->start;
  });

  // Close open records at the nearest strictly later start.
  for (size_t i = 0; i < entries_.size();) {
    size_t j = i;
    while (j < entries_.size() && entries_[j].rec->start == entries_[i].rec->start) ++j;
    if (j < entries_.size()) {
      const Date next_start = entries_[j].rec->start;
      for (size_t k = i; k < j; ++k)
        if (!entries_[k].rec->end_given) entries_[k].end = next_start;
    }
    i = j;
  }

  // Group by (start, effective end); nullopt sorts first within a start.
  std::stable_sort(entries_.begin(), entries_.end(), [](const Entry &a, const Entry &b) {
    if (a.rec->start != b.rec->start) return a.rec->start < b.rec->start;
    return a.end < b.end;
  });
  for (size_t i = 0; i < entries_.size();) {
    size_t j = i;
    while (j < entries_.size() && entries_[j].rec->start == entries_[i].rec->start &&
           entries_[j].end == entries_[i].end)
      ++j;
    // The survivor's values; a stored row with equal values is kept as is.
    const Entry *winner = &entries_[i];
    bool end_given = false;
    for (size_t k = i; k < j; ++k) {
      if (wins_over(*entries_[k].rec, *winner->rec)) winner = &entries_[k];
      end_given = end_given || entries_[k].rec->end_given;
    }
    const Entry *kept = nullptr;  // the stored row that represents the group
    for (size_t k = i; k < j && !kept; ++k)
      if (entries_[k].incoming_index < 0 && same_values(*entries_[k].rec, *winner->rec))
        kept = &entries_[k];
    const bool values_from_new = kept == nullptr && winner->incoming_index >= 0;
    if (!kept)
      for (size_t k = i; k < j && !kept; ++k)
        if (entries_[k].incoming_index < 0) kept = &entries_[k];
    const std::optional<Date> end = entries_[i].end;

    if (!kept) {
      changes.push_back({ChainAction::kInserted, 0, winner->rec, end, end_given});
      applied[winner->incoming_index] = true;
    } else {
      const ChainRecord &stored = *kept->rec;
      if (values_from_new) {
        changes.push_back({ChainAction::kUpdated, stored.row_id, winner->rec, end, end_given});
        applied[winner->incoming_index] = true;
      } else if (stored.end != end) {
        // Only the end moves; a flag that alone changes is left as stored.
        changes.push_back({ChainAction::kClosed, stored.row_id, &stored, end, end_given});
      }
      for (size_t k = i; k < j; ++k)
        if (entries_[k].incoming_index < 0 && &entries_[k] != kept)
          changes.push_back({ChainAction::kDeleted, entries_[k].rec->row_id, entries_[k].rec,
                             entries_[k].rec->end, entries_[k].rec->end_given});
    }
    i = j;
  }
}

}  // namespace hrlake::core
