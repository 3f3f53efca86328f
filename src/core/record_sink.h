// Where the file readers deliver what they read: a record for the staging
// table, or a reject that could not become one (SPEC §2.1: every input row
// ends somewhere). Readers never throw from inside a C parser callback; they
// call the sink from plain C++ frames, so a sink may throw.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hrlake::core {

using FieldValues = std::vector<std::optional<std::string_view>>;

class RecordSink {
 public:
  virtual ~RecordSink() = default;
  // A record: values in the source's staging column order (nullopt = NULL).
  // line_no is the physical line (CSV, JSON lines) or element number (JSON
  // array) where the record starts; raw is its text as read.
  virtual void record(int64_t line_no, std::string_view raw,
                      const FieldValues &values) = 0;
  // Input that could not become a record, with its raw bytes (may be
  // invalid UTF-8) and a reason a person can act on.
  virtual void reject(int64_t line_no, std::string_view raw,
                      const std::string &reason) = 0;
  // A remark about the file as a whole (ignored columns, ...).
  virtual void notice(const std::string &message) = 0;
};

struct ReadOptions {
  size_t max_field_bytes = 4u << 20;  // a longer value rejects its row

  // The longest line (CSV, JSON lines) or JSON array element a source with
  // `columns` columns can hold: every field at the limit, plus room for
  // quotes, separators and names. A longer one is rejected whole, unread.
  size_t max_line_bytes(size_t columns) const {
    constexpr size_t kSlack = 64u << 10;
    const size_t most = (SIZE_MAX - kSlack) / (columns + 1);
    return (max_field_bytes > most ? most : max_field_bytes) * (columns + 1) + kSlack;
  }
};

}  // namespace hrlake::core
