// How ingested rows change what a table holds (SPEC §2.2, §2.4): each
// source's rule for the rows of one key, against the row stored for it.
// The ingest (src/pg/intake) groups a batch's valid rows by key, reads
// what is stored for the key, asks these rules what to write, and counts
// each row loaded or duplicate as they say. Pure functions: the unit tests
// reach every rule.
//
// Order: rows arrive in batches, batches in id order, rows in line order
// within a batch; Position says where a row stands in that order.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace hrlake::core {

struct Position {
  int64_t batch_id = 0;
  int64_t line_no = 0;
  friend bool operator<(const Position &a, const Position &b) {
    return a.batch_id != b.batch_id ? a.batch_id < b.batch_id : a.line_no < b.line_no;
  }
  friend bool operator==(const Position &a, const Position &b) {
    return a.batch_id == b.batch_id && a.line_no == b.line_no;
  }
};

enum class Outcome : uint8_t { kLoaded, kDuplicate };

// ---- Employee (SPEC §2.2) ----
// One emp_id's distinct (age, name) values. The current value is the one
// most recently loaded (highest position). A row that repeats the current
// value is a duplicate; any other row is loaded: a new value is stored, an
// earlier one becomes current again (its position moves to the row's). A
// row older than the current value (an old batch ingested late) cannot
// make its value current: it is stored if new, else a duplicate.
struct EmployeeValue {
  int age = 0;
  std::string_view name;
  friend bool operator==(const EmployeeValue &a, const EmployeeValue &b) {
    return a.age == b.age && a.name == b.name;
  }
};
struct StoredEmployee {
  EmployeeValue value;
  Position position;
};
struct IncomingEmployee {
  EmployeeValue value;
  Position position;
};
struct EmployeeWrite {
  EmployeeValue value;
  Position position;            // where the value now stands
  std::optional<size_t> stored;  // index into the stored values (update), or insert
};
// `stored` in any order; `incoming` in arrival order. Fills `writes` (one per
// value that changed) and `outcomes` (one per incoming row).
void resolve_employee(const std::vector<StoredEmployee> &stored,
                      const std::vector<IncomingEmployee> &incoming,
                      std::vector<EmployeeWrite> &writes, std::vector<Outcome> &outcomes);

// ---- Latest row wins: leave (per emp_id and date), calendar (per date) ----
// The key's latest row decides; it is written when its value differs from
// the stored one (or nothing is stored) and it came after the stored row
// (`stored_at`, when known: an older batch ingested late never overrides a
// newer one), and then counts as loaded; every other row of the key is a
// duplicate. `Value` compares with ==.
template <typename Value>
struct KeyedRow {
  Value value;
  Position position;
};
struct LatestDecision {
  size_t winner;     // index of the deciding incoming row
  bool write;        // the stored value changes
};
// `incoming` (non-empty) are the rows of one key, in any order.
template <typename Value>
LatestDecision resolve_latest(const std::optional<Value> &stored,
                              const std::vector<KeyedRow<Value>> &incoming,
                              const std::optional<Position> &stored_at = std::nullopt) {
  size_t winner = 0;
  for (size_t i = 1; i < incoming.size(); ++i)
    if (incoming[winner].position < incoming[i].position) winner = i;
  const bool newer = !stored_at || *stored_at < incoming[winner].position;
  return {winner, newer && (!stored || !(*stored == incoming[winner].value))};
}

// ---- Leave quota (SPEC §2.4): per emp_id and year ----
// A later batch replaces an earlier value; within the latest batch the
// highest quota wins (ties: the later line). Written when it differs from
// the stored quota; the other rows are duplicates. `incoming` (non-empty)
// are the rows of one key, in any order.
struct QuotaRow {
  int quota = 0;
  Position position;
};
LatestDecision resolve_quota(const std::optional<int> &stored, const std::vector<QuotaRow> &incoming,
                             const std::optional<Position> &stored_at = std::nullopt);

}  // namespace hrlake::core
