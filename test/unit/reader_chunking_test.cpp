// Property: however the input is split into chunks, the readers deliver the
// same records, rejects and notices (or throw the same error) as when it is
// fed in one piece. Split points fall anywhere: inside "\r\n", a byte order
// mark, a UTF-8 character, a JSON string's escape, a quoted CSV field.
#include <gtest/gtest.h>

#include <random>

#include "collecting_sink.h"
#include "core/csv_reader.h"
#include "core/error.h"
#include "core/json_reader.h"

using namespace hrlake::core;

namespace {

struct Outcome {
  CollectingSink sink;
  std::string error;  // message and detail of a thrown Error, or ""
};

// Feeds text cut at the given points (ascending) to the source's reader.
Outcome run(const char *source, const std::string &text, const std::vector<size_t> &cuts,
            const ReadOptions &options) {
  Outcome out;
  const SourceSpec &spec = *find_source(source);
  auto feed_all = [&](auto &reader) {
    size_t from = 0;
    for (size_t cut : cuts) {
      reader.feed(std::string_view(text).substr(from, cut - from));
      from = cut;
    }
    reader.feed(std::string_view(text).substr(from));
    reader.finish();
  };
  try {
    if (spec.format == SourceFormat::kCsv) {
      CsvReader reader(spec, options, out.sink, "\"f\"");
      feed_all(reader);
    } else {
      JsonReader reader(spec, options, out.sink, "\"f\"");
      feed_all(reader);
    }
  } catch (const Error &e) {
    out.error = std::string(e.what()) + " / " + e.detail();
  }
  return out;
}

void expect_same(const Outcome &whole, const Outcome &split, const std::string &what) {
  EXPECT_EQ(split.error, whole.error) << what;
  EXPECT_EQ(split.sink.records, whole.sink.records) << what;
  EXPECT_EQ(split.sink.rejects, whole.sink.rejects) << what;
  EXPECT_EQ(split.sink.notices, whole.sink.notices) << what;
}

std::vector<size_t> random_cuts(std::mt19937 &rng, size_t size) {
  std::vector<size_t> cuts;
  if (size < 2) return cuts;
  const size_t count = std::uniform_int_distribution<size_t>(1, std::min<size_t>(size - 1, 40))(rng);
  for (size_t i = 0; i < count; ++i)
    cuts.push_back(std::uniform_int_distribution<size_t>(1, size - 1)(rng));
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  return cuts;
}

std::vector<size_t> every(size_t step, size_t size) {
  std::vector<size_t> cuts;
  for (size_t i = step; i < size; i += step) cuts.push_back(i);
  return cuts;
}

std::string random_text(std::mt19937 &rng, std::string_view alphabet, size_t size) {
  std::string s;
  std::uniform_int_distribution<size_t> pick(0, alphabet.size() - 1);
  for (size_t i = 0; i < size; ++i) s.push_back(alphabet[pick(rng)]);
  return s;
}

// Checks the property for one input: byte by byte, and many random splits.
void check(const char *source, const std::string &text, const ReadOptions &options,
           std::mt19937 &rng, int trials = 40) {
  const Outcome whole = run(source, text, {}, options);
  const std::string what = std::string(source) + ": " + text.substr(0, 60);
  if (text.size() <= 20000) expect_same(whole, run(source, text, every(1, text.size()), options), what + " (1-byte chunks)");
  for (int t = 0; t < trials; ++t)
    expect_same(whole, run(source, text, random_cuts(rng, text.size()), options), what);
}

}  // namespace

TEST(ReaderChunking, CsvGivesTheSameResultWhateverTheSplit) {
  std::mt19937 rng(20260101);
  ReadOptions small;
  small.max_field_bytes = 8;
  const std::vector<std::string> inputs = {
      "emp_id,age,name\n1,20,\"multi\nline\"\n2,30,B\n3,40,C",
      "\xEF\xBB\xBFname,age,emp_id\r\nAnna,34,1\r\n\r\nBo,35,2\r\n",
      "emp_id,age,name\r1,20,\"a\rb\"\r2,30,\"c\r\nd\"\r\n3,40,E\r",
      "emp_id,age,name\n1,30,\"Never closed\n2,30,Ok\n3,30,\"multi\nline\"\n",
      "emp_id,age,name\n1,2\"0,A\n2,30,\"B\"x\n3,40,C\n",
      "emp_id,dept,age,name\n1,X,20,\"Zo\xC3\xA9\"\n2,Y,30,Zo\xff\n",
      std::string("emp_id,age,name\n\x00\x00\rIHDR\n1,2,A\n", 31),
      "emp_id,age,name\n1,20,A\n" + std::string(70000, 'x') + "\r\n2,30,B\n",
      "emp_id,age,name\n1,20,\"open\n2,30,B\n" + std::string(70000, 'y') + "\r3,40,C",
  };
  for (const auto &text : inputs) {
    check("employee", text, {}, rng);
    check("employee", text, small, rng, 10);
  }
  for (int i = 0; i < 30; ++i) {
    const std::string text =
        "emp_id,age,name\n" + random_text(rng, std::string("a1,,\"\"\n\r \xC3\xA9\xff", 13), 400);
    check("employee", text, {}, rng, 20);
  }
}

TEST(ReaderChunking, JsonGivesTheSameResultWhateverTheSplit) {
  std::mt19937 rng(20260102);
  ReadOptions small;
  small.max_field_bytes = 8;
  const std::vector<std::pair<const char *, std::string>> inputs = {
      {"message", "{\"sender\": 1, \"message\": \"a\\\"b\\\\\"}\r{\"sender\": 2}\r\n\r\n{\"x\":[1,{\"y\":\"]\"}]}\n"},
      {"message", "\xEF\xBB\xBF\n[{\"sender\": 1, \"message\": \"x, ]\"}, {\"sender\": }, , {\"sender\": \"\\u00e9\"}]\n"},
      {"message", "[{\"sender\": 1}] {\"sender\": 2}"},
      {"message", "[{\"sender\": 1}, {\"sender\": 2}"},
      {"message", "{\"sender\": 12345678901234567890123, \"timestamp\": 1e400}\n{\"sender\": true}\nnot json\n"},
      {"vocabulary", "[\"A\", 7, \"\\u0041\\\"\", \"tab\\t\", \"Zo\xC3\xA9\", [\"x\"], null]"},
      {"vocabulary", "\xEF\xBB[\"w\"]"},
      {"vocabulary", "\"A\"\n\"B\"\r\"C\"\r\n"},
      {"message", "[" + std::string(3000, '[') + std::string(3000, ']') + ", {\"sender\": 1}]"},
      {"message", std::string(3000, '{') + "\n{\"sender\": 1}\n"},
      {"message", "{\"sender\": 1}\n{\"message\": \"" + std::string(70000, 'z') + "\"}\n{\"sender\": 3}"},
      {"message", "[{\"sender\": 1}, \"" + std::string(70000, ',') + "\", {\"sender\": 3}]"},
  };
  for (const auto &[source, text] : inputs) {
    check(source, text, {}, rng);
    check(source, text, small, rng, 10);
  }
  for (int i = 0; i < 30; ++i) {
    const std::string alphabet = "[]{}\"\\:,1ae \n\r";
    check("message", random_text(rng, alphabet, 400), {}, rng, 20);
    check("message", "[" + random_text(rng, alphabet, 400), {}, rng, 20);
  }
}
