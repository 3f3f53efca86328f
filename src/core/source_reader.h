// Reads one source file into a RecordSink, choosing the reader by format.
#pragma once

#include <functional>
#include <string_view>

#include "core/file_source.h"
#include "core/record_sink.h"
#include "core/source_spec.h"

namespace hrlake::core {

// Sees every chunk of the file, in order, as it is read (e.g. to hash it in
// the same pass as parsing it).
using ChunkObserver = std::function<void(std::string_view)>;

// Streams the file through the source's reader: records and rejects go to
// sink. Throws Error when the file cannot be read as the source's format as
// a whole (no header, a broken JSON array, changed while being read).
void read_source(const SourceSpec &spec, const ReadOptions &options, FileSource &file,
                 RecordSink &sink, const ChunkObserver &observe = {});

}  // namespace hrlake::core
