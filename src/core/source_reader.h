// Reads one source file into a RecordSink, choosing the reader by format.
#pragma once

#include <string>

#include "core/file_source.h"
#include "core/record_sink.h"
#include "core/source_spec.h"

namespace hrlake::core {


void read_source(const SourceSpec &spec, const ReadOptions &options,
                 FileSource &file, RecordSink &sink);

}  // namespace hrlake::core
