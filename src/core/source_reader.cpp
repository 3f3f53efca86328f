#include "core/source_reader.h"

#include "core/csv_reader.h"
#include "core/json_reader.h"

namespace hrlake::core {

namespace {

// Feeds the file to reader chunk by chunk, showing each chunk to observe.
template <typename Reader>
void stream(FileSource &file, Reader &reader, const ChunkObserver &observe) {
  file.for_each_chunk([&](std::string_view chunk) {
    if (observe) observe(chunk);
    reader.feed(chunk);
  });
  reader.finish();
}

}  // namespace

void read_source(const SourceSpec &spec, const ReadOptions &options, FileSource &file,
                 RecordSink &sink, const ChunkObserver &observe) {
  const std::string label = "\"" + file.path() + "\"";
  if (spec.format == SourceFormat::kCsv) {
    CsvReader reader(spec, options, sink, label);
    stream(file, reader, observe);
  } else {
    JsonReader reader(spec, options, sink, label);
    stream(file, reader, observe);
  }
}

}  // namespace hrlake::core
