// Turns one JSON document -- a line of a JSON-lines file, an element of a
// JSON array, or a line a client sends -- into a record or a reject for its
// source (SPEC §1, §2.8): an object whose members are the source's columns
// (kJsonObjects), or a string (kJsonStrings).
//
// Parsed with simdjson On-Demand, visiting every value, so the whole document
// is validated without building a tree. Numbers are kept exactly as written
// (the token's text: 12345678901234567890123 and 1e400 stay that); true,
// false, objects and arrays are rejected for a column. Nesting deeper than
// kMaxJsonDepth is rejected without going deeper: records are flat objects.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "core/record_sink.h"
#include "core/source_spec.h"

namespace hrlake::core {

inline constexpr int kMaxJsonDepth = 64;

class JsonDocumentReader {
 public:
  JsonDocumentReader(const SourceSpec &spec, const ReadOptions &options);
  ~JsonDocumentReader();
  JsonDocumentReader(const JsonDocumentReader &) = delete;
  JsonDocumentReader &operator=(const JsonDocumentReader &) = delete;

  // Delivers doc (one JSON value, not blank, at most the source's line
  // limit) to sink as a record (true) or a reject (false).
  bool read(int64_t line_no, std::string_view doc, RecordSink &sink);

  const SourceSpec &spec() const;
  const ReadOptions &options() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hrlake::core
