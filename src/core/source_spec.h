// The sources hrlake knows (SPEC §1): their file format and the columns of
// their staging table. One table drives the loaders, so a new source is one
// entry here plus its staging table and ingest rules.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hrlake::core {

enum class SourceFormat {
  kCsv,            // header row, columns matched by name
  kJsonStrings,    // JSON array of strings (or JSON lines of strings)
  kJsonObjects,    // JSON lines of objects, or one JSON array of objects
};

struct ColumnSpec {
  std::string name;
  bool required_in_header;  // CSV: the header must name it
};

struct SourceSpec {
  std::string name;           // 'employee', 'timeframe', ...
  SourceFormat format;
  std::vector<ColumnSpec> columns;  // staging columns, in staging order
};

// The spec for a source name, or nullptr when unknown.
const SourceSpec *find_source(std::string_view name);

// All known sources, for messages that list them.
const std::vector<SourceSpec> &all_sources();
std::string source_names();  // "employee, timeframe, ..."

}  // namespace hrlake::core
