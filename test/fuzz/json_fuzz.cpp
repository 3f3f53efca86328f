// Fuzzes the JSON reader: the input is a JSON file (an array, or JSON
// lines), read as a word list (array of strings) and as messages (objects).
// Invariants: only core::Error is thrown (no simdjson exception escapes);
// every record has the spec's column count; each line or element delivers
// one record or one reject, so line numbers grow and stay within the file;
// the reader's counts match what it delivered; chunking changes nothing.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/json_reader.h"
#include "core/source_spec.h"
#include "fuzz_support.h"

using namespace hrlake::core;

namespace {

// Reads `chunks` as one file into `sink`; returns whether it threw.
bool read_json(const SourceSpec &spec, const ReadOptions &options,
               const std::vector<std::string_view> &chunks, fuzz::CheckingSink &sink) {
  return fuzz::run_reader(sink, [&] {
    JsonReader reader(spec, options, sink, "\"fuzz.json\"");
    for (std::string_view c : chunks) reader.feed(c);
    reader.finish();
    fuzz::check(reader.records() == sink.records && reader.rejects() == sink.rejects,
                "reader counts differ from what it delivered");
  });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const std::string_view input(reinterpret_cast<const char *>(data), size);
  const int64_t lines = fuzz::line_count(input);
  uint64_t salt = 0;
  for (const char *source : {"vocabulary", "message"}) {
    const SourceSpec &spec = *find_source(source);
    fuzz::InputRandom rnd(input, ++salt);
    ReadOptions options;
    // Now and then a tiny field limit, to reach the too-long paths.
    if (rnd.below(4) == 0) options.max_field_bytes = 1 + rnd.below(40);
    fuzz::CheckingSink sink(spec.columns.size(), true);
    read_json(spec, options, {input}, sink);
    fuzz::CheckingSink chunked(spec.columns.size(), true);
    read_json(spec, options, fuzz::random_chunks(input, rnd), chunked);
    fuzz::check(sink.events == chunked.events,
                std::string("source ") + source + ": chunked read differs from the whole read");
    // Element numbers of an array are at most one per byte, so both kinds
    // of number are bounded by the input's size; JSON lines by its lines.
    for (const fuzz::Event &e : sink.events)
      if (e.kind == 'r' || e.kind == 'j')
        fuzz::check(e.line_no <= std::max<int64_t>(lines, static_cast<int64_t>(size)),
                    "line number " + std::to_string(e.line_no) + " past the end of the input");
  }
  return 0;
}
