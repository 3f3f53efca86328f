// The raw text of a row a client copied into a staging table, for its
// reject (SPEC §2.1): the fields as one CSV line (CSV sources), or as one
// JSON object (JSON sources), as the client would have sent them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/source_spec.h"

namespace hrlake::core {

using RawFields = std::vector<std::optional<std::string_view>>;

// "a,,\"b, c\"": a field is quoted when it holds a quote, comma or line end,
// or blanks at either end; NULL is an empty field.
std::string csv_line(const RawFields &fields);

// {"key" : null, "sender" : "1", ...}: the spec's columns as JSON strings,
// NULL as null (a single-column source, a word list, is the value itself).
std::string json_object_text(const SourceSpec &spec, const RawFields &fields);

// The raw text of a staged row of `spec`.
std::string staged_row_text(const SourceSpec &spec, const RawFields &fields);

}  // namespace hrlake::core
