#include "core/source_reader.h"

#include "core/csv_reader.h"
#include "core/json_reader.h"

namespace hrlake::core {

void read_source(const SourceSpec &spec, const ReadOptions &options,
                 FileSource &file, RecordSink &sink) {
  const std::string label = "\"" + file.path() + "\"";
  if (spec.format == SourceFormat::kCsv) {
    CsvReader reader(spec, options, sink, label);
    file.for_each_chunk([&](std::string_view chunk) { reader.feed(chunk); });
    reader.finish();
  } else {
    read_json_source(spec, options, file, sink, label);
  }
}

}  // namespace hrlake::core
