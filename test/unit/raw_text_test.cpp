// The raw text of a staged row, kept with its reject (SPEC §2.1): a CSV line
// for CSV sources, a JSON object for messages, the word itself for word
// lists. Property tests read the text back with the project's own readers.
#include "core/raw_text.h"

#include <gtest/gtest.h>

#include <random>

#include "collecting_sink.h"
#include "core/csv_reader.h"
#include "core/json_reader.h"
#include "core/text.h"

using namespace hrlake::core;

namespace {

const RawFields kNoFields;

// A spec of n CSV columns c0..c(n-1).
SourceSpec csv_spec(size_t n) {
  SourceSpec spec{"raw_text_test", SourceFormat::kCsv, {}};
  for (size_t i = 0; i < n; ++i) spec.columns.push_back({"c" + std::to_string(i), true});
  return spec;
}

// Reads a whole file with the reader of `spec`'s format.
template <typename Reader>
CollectingSink read_all(const SourceSpec &spec, const std::string &text) {
  CollectingSink sink;
  Reader reader(spec, ReadOptions{}, sink, "\"raw_text_test\"");
  reader.feed(text);
  reader.finish();
  return sink;
}

// What a reader gives for a field: trimmed, "<NULL>" (CollectingSink's
// spelling) when empty or NULL.
std::string as_read(const std::optional<std::string_view> &field) {
  if (!field || trim(*field).empty()) return "<NULL>";
  return std::string(trim(*field));
}

}  // namespace

// ---- csv_line ----

// Plain fields are written as they are, comma-separated; NULL is an empty
// field, so NULL and "" read back alike (SPEC §1: an empty value is NULL).
TEST(RawTextCsv, PlainFieldsAndNull) {
  EXPECT_EQ(csv_line({"10000001", "34", "Anna"}), "10000001,34,Anna");
  EXPECT_EQ(csv_line({"a", std::nullopt, "b"}), "a,,b");
  EXPECT_EQ(csv_line({std::nullopt, std::nullopt}), ",");
  EXPECT_EQ(csv_line({"", "x"}), ",x");
  EXPECT_EQ(csv_line({std::nullopt}), "");
  EXPECT_EQ(csv_line(kNoFields), "");
  // Inner blanks and non-ASCII bytes need no quotes.
  EXPECT_EQ(csv_line({"Anna Berg", "caf\xC3\xA9"}), "Anna Berg,caf\xC3\xA9");
}

// A field holding a quote, comma or line end is quoted, its quotes doubled.
TEST(RawTextCsv, QuotesWhatCsvNeeds) {
  EXPECT_EQ(csv_line({"b, c"}), "\"b, c\"");
  EXPECT_EQ(csv_line({"a", std::nullopt, "b, c"}), "a,,\"b, c\"");
  EXPECT_EQ(csv_line({"say \"hi\""}), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_line({"\""}), "\"\"\"\"");
  EXPECT_EQ(csv_line({"two\nlines"}), "\"two\nlines\"");
  EXPECT_EQ(csv_line({"cr\r\nlf"}), "\"cr\r\nlf\"");
  EXPECT_EQ(csv_line({"lone\rcr"}), "\"lone\rcr\"");
}

// Blanks at either end are quoted, so the line shows them (a reader trims
// unquoted blanks as layout).
TEST(RawTextCsv, QuotesBlanksAtEitherEnd) {
  EXPECT_EQ(csv_line({" a"}), "\" a\"");
  EXPECT_EQ(csv_line({"a "}), "\"a \"");
  EXPECT_EQ(csv_line({"\ta"}), "\"\ta\"");
  EXPECT_EQ(csv_line({" "}), "\" \"");
  EXPECT_EQ(csv_line({"1", "  Bo ", "2"}), "1,\"  Bo \",2");
}

// Property: csv_line of random fields, read back by CsvReader under a header
// naming the columns, gives the same fields (as the reader gives them:
// trimmed, NULL when empty) on one record per line, and the record's raw
// text is the line itself.
TEST(RawTextCsv, PropertyReadBackByCsvReader) {
  static const char *const kPieces[] = {"a", "B", "7", " ", "\t", ",", "\"", "\"\"",
                                        "\n", "\r", "\r\n", "\xC3\xA9", "\xE2\x82\xAC", ";"};
  std::mt19937_64 rng(1712452956);
  for (int trial = 0; trial < 400; ++trial) {
    const size_t columns = 1 + rng() % 5;
    const SourceSpec spec = csv_spec(columns);
    std::string text;
    for (size_t c = 0; c < columns; ++c) text += (c ? ",c" : "c") + std::to_string(c);
    text += rng() % 2 ? "\r\n" : "\n";

    std::vector<std::vector<std::string>> storage;  // backs the string_views
    std::vector<RawFields> rows;
    std::vector<std::string> lines;
    const size_t row_count = 1 + rng() % 8;
    for (size_t r = 0; r < row_count; ++r) {
      storage.emplace_back();
      RawFields fields;
      for (size_t c = 0; c < columns; ++c) {
        std::string f;
        for (size_t n = rng() % 6; n > 0; --n) f += kPieces[rng() % std::size(kPieces)];
        storage.back().push_back(f);
      }
      for (size_t c = 0; c < columns; ++c) {
        if (rng() % 5 == 0)
          fields.push_back(std::nullopt);
        else
          fields.push_back(std::string_view(storage.back()[c]));
      }
      const std::string line = csv_line(fields);
      // A blank line holds no row; the reader skips it (only a single
      // column that is empty or NULL writes one).
      if (trim(line).empty()) {
        ASSERT_EQ(columns, 1u) << "[" << line << "]";
        continue;
      }
      rows.push_back(fields);
      lines.push_back(line);
      text += line;
      text += rng() % 2 ? "\r\n" : "\n";
    }

    const CollectingSink read = read_all<CsvReader>(spec, text);
    ASSERT_TRUE(read.rejects.empty()) << "trial " << trial << ": " << read.rejects[0] << "\nfile [" << text << "]";
    ASSERT_EQ(read.records.size(), rows.size()) << "trial " << trial << " file [" << text << "]";
    for (size_t r = 0; r < rows.size(); ++r) {
      std::vector<std::string> expected;
      for (const auto &f : rows[r]) expected.push_back(as_read(f));
      EXPECT_EQ(read.records[r].values, expected) << "trial " << trial << " line [" << lines[r] << "]";
      EXPECT_EQ(read.records[r].raw, lines[r]) << "trial " << trial;
    }
  }
}

// ---- json_object_text ----

// The spec's columns in staging order, values as JSON strings, NULL as null.
TEST(RawTextJson, ObjectOfTheSpecColumns) {
  const SourceSpec &message = *find_source("message");
  EXPECT_EQ(json_object_text(message, {std::nullopt, "12345678", "87654321", "A B", "1712452956"}),
            "{\"key\" : null, \"sender\" : \"12345678\", \"receiver\" : \"87654321\", "
            "\"message\" : \"A B\", \"timestamp\" : \"1712452956\"}");
}

// Quotes, backslashes and control characters are escaped; other bytes
// (UTF-8 text included) are kept as they are.
TEST(RawTextJson, EscapesWhatJsonNeeds) {
  const SourceSpec spec{"t", SourceFormat::kJsonObjects, {{"m", false}}};
  EXPECT_EQ(json_object_text(spec, {"he said \"hi\""}), "{\"m\" : \"he said \\\"hi\\\"\"}");
  EXPECT_EQ(json_object_text(spec, {"C:\\dir"}), "{\"m\" : \"C:\\\\dir\"}");
  EXPECT_EQ(json_object_text(spec, {"a\nb\rc\td"}), "{\"m\" : \"a\\nb\\rc\\td\"}");
  EXPECT_EQ(json_object_text(spec, {std::string_view("\x01\x1f\0", 3)}),
            "{\"m\" : \"\\u0001\\u001f\\u0000\"}");
  EXPECT_EQ(json_object_text(spec, {"caf\xC3\xA9 \x7f"}), "{\"m\" : \"caf\xC3\xA9 \x7f\"}");
  EXPECT_EQ(json_object_text(spec, {""}), "{\"m\" : \"\"}");
}

// Fields beyond the columns, or columns beyond the fields, are left out.
TEST(RawTextJson, StopsAtTheShorterOfColumnsAndFields) {
  const SourceSpec spec{"t", SourceFormat::kJsonObjects, {{"a", false}, {"b", false}}};
  EXPECT_EQ(json_object_text(spec, {"1"}), "{\"a\" : \"1\"}");
  EXPECT_EQ(json_object_text(spec, {"1", "2", "3"}), "{\"a\" : \"1\", \"b\" : \"2\"}");
  EXPECT_EQ(json_object_text(spec, kNoFields), "{}");
}

// Property: json_object_text of random message fields, read back as JSON
// lines by JsonReader, gives the same fields (trimmed, NULL when empty).
// NUL is left out: the reader rejects it (SPEC §2.10), and raw text keeps it
// escaped.
TEST(RawTextJson, PropertyReadBackByJsonReader) {
  static const char *const kPieces[] = {"a", "Z", "9", " ", "\"", "\\", "/", "\n", "\r",
                                        "\t", "\x01", "\x1f", "{", "}", ",", ":", "\xC3\xA9",
                                        "\xF0\x9F\x98\x80", "null"};
  const SourceSpec &message = *find_source("message");
  std::mt19937_64 rng(20230728);
  for (int trial = 0; trial < 300; ++trial) {
    std::vector<std::string> storage(message.columns.size());
    RawFields fields;
    for (size_t c = 0; c < message.columns.size(); ++c) {
      for (size_t n = rng() % 6; n > 0; --n) storage[c] += kPieces[rng() % std::size(kPieces)];
      if (rng() % 4 == 0)
        fields.push_back(std::nullopt);
      else
        fields.push_back(std::string_view(storage[c]));
    }
    const std::string line = json_object_text(message, fields);
    ASSERT_EQ(line.find_first_of("\n\r"), std::string::npos) << line;  // one line
    const CollectingSink read = read_all<JsonReader>(message, line + "\n");
    ASSERT_TRUE(read.rejects.empty()) << read.rejects[0] << "\nline [" << line << "]";
    ASSERT_EQ(read.records.size(), 1u) << line;
    std::vector<std::string> expected;
    for (const auto &f : fields) expected.push_back(as_read(f));
    EXPECT_EQ(read.records[0].values, expected) << "line [" << line << "]";
  }
}

// ---- staged_row_text ----

// Each format's raw text: a CSV line, the word itself, a JSON object.
TEST(RawTextStaged, EachFormatItsText) {
  EXPECT_EQ(staged_row_text(*find_source("employee"), {"10000001", std::nullopt, "Bo, Jr."}),
            "10000001,,\"Bo, Jr.\"");
  EXPECT_EQ(staged_row_text(*find_source("leave"), {"1", "2024-04-07", "ACTIVE"}),
            "1,2024-04-07,ACTIVE");
  // A word list's row is the word as sent, without quotes or escapes.
  EXPECT_EQ(staged_row_text(*find_source("vocabulary"), {"ALPHA \"12\""}), "ALPHA \"12\"");
  EXPECT_EQ(staged_row_text(*find_source("marked_word"), {std::nullopt}), "");
  EXPECT_EQ(staged_row_text(*find_source("marked_word"), kNoFields), "");
  EXPECT_EQ(staged_row_text(*find_source("message"), {"k1", "1", "2", "hi", std::nullopt}),
            "{\"key\" : \"k1\", \"sender\" : \"1\", \"receiver\" : \"2\", "
            "\"message\" : \"hi\", \"timestamp\" : null}");
}
