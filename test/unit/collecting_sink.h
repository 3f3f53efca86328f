// A RecordSink that keeps everything, for reader tests.
#pragma once

#include <string>
#include <vector>

#include "core/record_sink.h"

struct CollectedRecord {
  int64_t line_no;
  std::vector<std::string> values;  // "<NULL>" for NULL
  std::string raw;
};

struct CollectedReject {
  int64_t line_no;
  std::string raw;
  std::string reason;
};

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
