#include "core/source_spec.h"

namespace hrlake::core {

const std::vector<SourceSpec> &all_sources() {
  static const std::vector<SourceSpec> kSources = {
      {"employee", SourceFormat::kCsv,
       {{"emp_id", true}, {"age", true}, {"name", true}}},
      {"timeframe", SourceFormat::kCsv,
       {{"emp_id", true},
        {"designation", true},
        {"start_date", true},
        {"end_date", true},
        {"salary", true}}},
      {"leave_quota", SourceFormat::kCsv,
       {{"emp_id", true}, {"leave_quota", true}, {"year", true}}},
      {"leave_calendar", SourceFormat::kCsv, {{"reason", true}, {"date", true}}},
      {"leave", SourceFormat::kCsv,
       {{"emp_id", true}, {"date", true}, {"status", true}}},
      {"vocabulary", SourceFormat::kJsonStrings, {{"word", false}}},
      {"marked_word", SourceFormat::kJsonStrings, {{"word", false}}},
      {"message", SourceFormat::kJsonObjects,
       {{"key", false},
        {"sender", false},
        {"receiver", false},
        {"message", false},
        {"timestamp", false}}},
  };
  return kSources;
}

const SourceSpec *find_source(std::string_view name) {
  for (const auto &s : all_sources())
    if (s.name == name) return &s;
  return nullptr;
}

std::string source_names() {
  std::string out;
  for (const auto &s : all_sources()) {
    if (!out.empty()) out += ", ";
    out += s.name;
  }
  return out;
}

}  // namespace hrlake::core
