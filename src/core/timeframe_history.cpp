#include "core/timeframe_history.h"

#include <algorithm>
#include <map>

namespace hrlake::core {

bool wins_over(const TimeframeRow &a, const TimeframeRow &b) {
  if (a.salary.has_value() != b.salary.has_value()) return a.salary.has_value();
  if (a.salary && *a.salary != *b.salary) return *b.salary < *a.salary;
  return b.position < a.position;
}

bool same_row(const TimeframeRow &a, const TimeframeRow &b) {
  return a.start == b.start && a.end == b.end && a.salary == b.salary && a.designation == b.designation;
}

namespace {

struct Effective {
  size_t row;
  std::optional<Date> end;
  bool given;
};

}  // namespace

void derive_history(const std::vector<TimeframeRow> &rows, std::vector<HistoryRecord> &records,
                    std::optional<Date> deactivated) {
  records.clear();
  if (rows.empty()) return;
  std::vector<size_t> order(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return rows[a].start < rows[b].start; });

  // Per start: the given end of the row that first arrived most recently.
  std::map<Date, size_t> latest_given;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (!rows[i].end) continue;
    auto [it, added] = latest_given.emplace(rows[i].start, i);
    if (!added && rows[it->second].position < rows[i].position) it->second = i;
  }

  // Rule 1: each row's end.
  std::vector<Effective> effective;
  effective.reserve(rows.size());
  for (size_t i = 0; i < order.size();) {
    size_t j = i;
    while (j < order.size() && rows[order[j]].start == rows[order[i]].start) ++j;
    const std::optional<Date> next_start =
        j < order.size() ? std::optional<Date>(rows[order[j]].start) : std::nullopt;
    for (size_t k = i; k < j; ++k) {
      const TimeframeRow &r = rows[order[k]];
      if (r.end) {
        effective.push_back({order[k], r.end, true});
      } else if (next_start) {
        effective.push_back({order[k], next_start, false});
      } else if (auto it = latest_given.find(r.start); it != latest_given.end()) {
        effective.push_back({order[k], rows[it->second].end, true});
      } else if (deactivated) {
        effective.push_back({order[k], std::max(r.start, *deactivated), true});
      } else {
        effective.push_back({order[k], std::nullopt, false});
      }
    }
    i = j;
  }

  // Rule 2: one record per (start, end), open last within a start.
  std::stable_sort(effective.begin(), effective.end(), [&](const Effective &a, const Effective &b) {
    const Date sa = rows[a.row].start, sb = rows[b.row].start;
    if (sa != sb) return sa < sb;
    if (a.end.has_value() != b.end.has_value()) return a.end.has_value();
    return a.end < b.end;
  });
  for (size_t i = 0; i < effective.size();) {
    size_t j = i;
    size_t winner = effective[i].row;
    bool given = false;
    while (j < effective.size() && rows[effective[j].row].start == rows[effective[i].row].start &&
           effective[j].end == effective[i].end) {
      if (wins_over(rows[effective[j].row], rows[winner])) winner = effective[j].row;
      given = given || effective[j].given;
      ++j;
    }
    records.push_back({rows[winner].start, effective[i].end, given, winner});
    i = j;
  }
}

namespace {

bool same_values(const StoredRecord &s, const TimeframeRow &r) {
  return s.designation == r.designation && s.salary == r.salary && s.position == r.position;
}

}  // namespace

void diff_history(const std::vector<StoredRecord> &stored, const std::vector<HistoryRecord> &derived,
                  const std::vector<TimeframeRow> &rows, std::vector<HistoryChange> &changes) {
  changes.clear();
  std::vector<bool> stored_done(stored.size(), false), derived_done(derived.size(), false);
  std::vector<HistoryChange> ending, other;
  // The same (start, end): kept, or its values updated.
  for (size_t d = 0; d < derived.size(); ++d)
    for (size_t s = 0; s < stored.size(); ++s) {
      if (stored_done[s] || stored[s].start != derived[d].start || stored[s].end != derived[d].end) continue;
      stored_done[s] = derived_done[d] = true;
      if (!same_values(stored[s], rows[derived[d].row]) || stored[s].end_given != derived[d].end_given)
        (derived[d].end ? ending : other).push_back({RecordChange::kUpdated, s, d});
      break;
    }
  // The same start, another end: closed (or reopened), or updated.
  for (size_t d = 0; d < derived.size(); ++d) {
    if (derived_done[d]) continue;
    for (size_t s = 0; s < stored.size(); ++s) {
      if (stored_done[s] || stored[s].start != derived[d].start) continue;
      stored_done[s] = derived_done[d] = true;
      const RecordChange c = same_values(stored[s], rows[derived[d].row]) ? RecordChange::kClosed
                                                                          : RecordChange::kUpdated;
      (derived[d].end ? ending : other).push_back({c, s, d});
      break;
    }
  }
  for (size_t s = 0; s < stored.size(); ++s)
    if (!stored_done[s]) changes.push_back({RecordChange::kDeleted, s, 0});
  changes.insert(changes.end(), ending.begin(), ending.end());
  changes.insert(changes.end(), other.begin(), other.end());
  for (size_t d = 0; d < derived.size(); ++d)
    if (!derived_done[d]) changes.push_back({RecordChange::kInserted, d, 0});
}

}  // namespace hrlake::core
