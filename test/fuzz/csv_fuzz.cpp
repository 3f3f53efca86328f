// Fuzzes CsvReader: the input is a CSV file, read as every CSV source (a
// header that does not fit a source is refused at once, so only the fitting
// one goes deep), fed whole and again in random chunks.
// Invariants: only core::Error is thrown, and only before any row was
// delivered; every record has the spec's column count; line numbers never go
// backwards and stay within the file; raw text is a piece of the input and
// holds the record's values; the reader's counts match what it delivered;
// and chunking changes nothing.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/csv_reader.h"
#include "core/source_spec.h"
#include "fuzz_support.h"

using namespace hrlake::core;

namespace {

// Reads `chunks` as one file; returns what the sink saw.
fuzz::CheckingSink read_csv(const SourceSpec &spec, const ReadOptions &options,
                            const std::vector<std::string_view> &chunks) {
  fuzz::CheckingSink sink(spec.columns.size(), true);  // a row per line group
  int64_t records = 0, rejects = 0;
  const bool failed = fuzz::run_reader(sink, [&] {
    CsvReader reader(spec, options, sink, "\"fuzz.csv\"");
    for (std::string_view c : chunks) reader.feed(c);
    reader.finish();
    records = reader.records();
    rejects = reader.rejects();
  });
  if (failed) {
    fuzz::check(sink.records == 0 && sink.rejects == 0,
                "error thrown after rows were delivered: " + sink.events.back().values[0]);
  } else {
    fuzz::check(records == sink.records && rejects == sink.rejects,
                "reader counts differ from what it delivered");
  }
  return sink;
}

// Checks that rows and rejects come from the input: line, raw text, values.
void check_raw_from_input(const fuzz::CheckingSink &sink, std::string_view input) {
  const int64_t lines = fuzz::line_count(input);
  for (const fuzz::Event &e : sink.events) {
    if (e.kind != 'r' && e.kind != 'j') continue;
    fuzz::check(e.line_no <= lines, "line number " + std::to_string(e.line_no) +
                                        " past the last line " + std::to_string(lines));
    fuzz::check(input.find(e.raw) != std::string_view::npos,
                "raw text " + fuzz::show(e.raw) + " is not in the input");
    if (e.kind != 'r') continue;
    // Each value comes from the record's raw text (quotes undone).
    std::string unquoted;
    for (size_t i = 0; i < e.raw.size(); ++i) {
      unquoted += e.raw[i];
      if (e.raw[i] == '"' && i + 1 < e.raw.size() && e.raw[i + 1] == '"') ++i;
    }
    for (const std::string &v : e.values)
      fuzz::check(v == "\x01NULL" || unquoted.find(v) != std::string::npos,
                  "value " + fuzz::show(v) + " is not in the raw text " + fuzz::show(e.raw));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const std::string_view input(reinterpret_cast<const char *>(data), size);
  uint64_t salt = 0;
  for (const SourceSpec &spec : all_sources()) {
    if (spec.format != SourceFormat::kCsv) continue;
    fuzz::InputRandom rnd(input, ++salt);
    ReadOptions options;
    // Now and then a tiny field limit, to reach the too-long-field paths.
    if (rnd.below(4) == 0) options.max_field_bytes = 1 + rnd.below(40);
    const fuzz::CheckingSink whole = read_csv(spec, options, {input});
    check_raw_from_input(whole, input);
    const fuzz::CheckingSink chunked = read_csv(spec, options, fuzz::random_chunks(input, rnd));
    // However the bytes come, the same rows, rejects and line numbers.
    if (!(whole.events == chunked.events)) {
      size_t i = 0;
      while (i < whole.events.size() && i < chunked.events.size() &&
             whole.events[i] == chunked.events[i])
        ++i;
      fuzz::fail("source " + spec.name + ": chunked read differs from the whole read at event " +
                 std::to_string(i));
    }
  }
  return 0;
}
