// Reader for the JSON sources (nlohmann::json): a JSON array (of strings for
// word lists, of objects for messages) or JSON lines, told apart by the first
// non-blank character. In JSON lines each bad line is rejected alone; a JSON
// array must parse as a whole, else the file is refused with the position.
#pragma once

#include <string>
#include <string_view>

#include "core/file_source.h"
#include "core/record_sink.h"
#include "core/source_spec.h"

namespace hrlake::core {

// Reads the whole file, delivering records and rejects to sink.
void read_json_source(const SourceSpec &spec, const ReadOptions &options,
                      FileSource &file, RecordSink &sink,
                      const std::string &file_label);

// Parses JSON text (used by read_json_source and by tests).
void read_json_text(const SourceSpec &spec, const ReadOptions &options,
                    std::string_view text, RecordSink &sink,
                    const std::string &file_label);

}  // namespace hrlake::core
