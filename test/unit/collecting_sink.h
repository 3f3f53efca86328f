// A RecordSink that keeps everything, for reader tests.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "core/record_sink.h"

struct CollectedRecord {
  int64_t line_no;
  std::vector<std::string> values;  // "<NULL>" for NULL
  std::string raw;
  bool operator==(const CollectedRecord &o) const {
    return line_no == o.line_no && values == o.values && raw == o.raw;
  }
};

struct CollectedReject {
  int64_t line_no;
  std::string raw;
  std::string reason;
  bool operator==(const CollectedReject &o) const {
    return line_no == o.line_no && raw == o.raw && reason == o.reason;
  }
};

inline std::ostream &operator<<(std::ostream &os, const CollectedRecord &r) {
  os << "record line " << r.line_no << " raw [" << r.raw << "] values";
  for (const auto &v : r.values) os << " [" << v << "]";
  return os;
}

inline std::ostream &operator<<(std::ostream &os, const CollectedReject &r) {
  return os << "reject line " << r.line_no << " raw [" << r.raw << "]: " << r.reason;
}

class CollectingSink : public hrlake::core::RecordSink {
 public:
  void record(int64_t line_no, std::string_view raw,
              const hrlake::core::FieldValues &values) override {
    CollectedRecord r{line_no, {}, std::string(raw)};
    for (const auto &v : values) r.values.push_back(v ? std::string(*v) : "<NULL>");
    records.push_back(r);
  }
  void reject(int64_t line_no, std::string_view raw, const std::string &reason) override {
    rejects.push_back({line_no, std::string(raw), reason});
  }
  void notice(const std::string &message) override { notices.push_back(message); }

  std::vector<CollectedRecord> records;
  std::vector<CollectedReject> rejects;
  std::vector<std::string> notices;
};
