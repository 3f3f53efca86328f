#include "core/json_reader.h"

#include <gtest/gtest.h>

#include "collecting_sink.h"
#include "core/error.h"

using namespace hrlake::core;

namespace {
CollectingSink read_json(const std::string &text, const char *source) {
  CollectingSink sink;
  read_json_text(*find_source(source), ReadOptions{}, text, sink, "\"t.json\"");
  return sink;
}
}  // namespace

TEST(JsonReader, ArrayOfStrings) {
  auto s = read_json("[\"ALPHA12345\", \" beta \", 7, null]", "vocabulary");
  ASSERT_EQ(s.records.size(), 2u);
  EXPECT_EQ(s.records[1].values[0], "beta");
  ASSERT_EQ(s.rejects.size(), 2u);
  EXPECT_EQ(s.rejects[0].line_no, 3);
  EXPECT_NE(s.rejects[0].reason.find("expected a string"), std::string::npos);
}

TEST(JsonReader, MessagesAsArrayWithNumbersAndStrings) {
  auto s = read_json(
      "[{\"sender\": 12345678, \"receiver\": \"87654321\", \"message\": \"A B\", "
      "\"timestamp\": 1712452956}]",
      "message");
  ASSERT_EQ(s.records.size(), 1u);
  // columns: key, sender, receiver, message, timestamp
  EXPECT_EQ(s.records[0].values,
            (std::vector<std::string>{"<NULL>", "12345678", "87654321", "A B", "1712452956"}));
}

TEST(JsonReader, JsonLinesRejectBadLinesOneByOne) {
  auto s = read_json(
      "{\"key\":\"k1\",\"sender\":1,\"receiver\":2,\"message\":\"x\",\"timestamp\":\"2024-01-01T00:00:00Z\"}\n"
      "{\"key\":\"k2\",\"sender\":1,\n"
      "\n"
      "[1,2]\n"
      "{\"sender\":{\"id\":1},\"message\":\"y\"}\n",
      "message");
  ASSERT_EQ(s.records.size(), 1u);
  ASSERT_EQ(s.rejects.size(), 3u);
  EXPECT_EQ(s.rejects[0].line_no, 2);
  EXPECT_NE(s.rejects[0].reason.find("malformed JSON"), std::string::npos);
  EXPECT_EQ(s.rejects[1].line_no, 4);
  EXPECT_EQ(s.rejects[2].line_no, 5);
  EXPECT_NE(s.rejects[2].reason.find("\"sender\" is object"), std::string::npos);
}

TEST(JsonReader, BrokenArrayIsAnErrorWithPosition) {
  try {
    read_json("[\"a\", \"b\"", "vocabulary");
    FAIL();
  } catch (const Error &e) {
    EXPECT_EQ(e.sqlstate(), "22P02");
    EXPECT_NE(e.detail().find("parse error"), std::string::npos);
  }
}

TEST(JsonReader, EmptyFileIsAnError) {
  EXPECT_THROW(read_json("  \n", "vocabulary"), Error);
}

// nlohmann reports a number beyond double as out_of_range, not parse_error:
// it must become a reject (JSON lines) or the file's error (array), never
// escape as a foreign exception. Found by test/fuzz/json_fuzz.
TEST(JsonReader, NumberOverflowIsRejectedNotThrown) {
  auto s = read_json("{\"sender\":1,\"receiver\":2,\"message\":\"x\",\"timestamp\":1e400}\n"
                     "{\"sender\":1,\"receiver\":2,\"message\":\"y\"}\n",
                     "message");
  ASSERT_EQ(s.records.size(), 1u);
  ASSERT_EQ(s.rejects.size(), 1u);
  EXPECT_NE(s.rejects[0].reason.find("number overflow"), std::string::npos);
  try {
    read_json("[\"a\", 1e400]", "vocabulary");
    FAIL();
  } catch (const Error &e) {
    EXPECT_EQ(e.sqlstate(), "22P02");
    EXPECT_NE(e.detail().find("number overflow"), std::string::npos);
  }
}

// An element nested deeper than any record is rejected without dump(),
// which recurses once per level: 200,000 levels overflowed the stack.
TEST(JsonReader, DeeplyNestedElementIsRejectedNotDumped) {
  const size_t depth = 200000;
  const std::string deep = std::string(depth, '[') + std::string(depth, ']');
  auto s = read_json("[\"ok\", " + deep + ", {\"message\": " + deep + "}]", "vocabulary");
  ASSERT_EQ(s.records.size(), 1u);
  ASSERT_EQ(s.rejects.size(), 2u);
  EXPECT_EQ(s.rejects[0].line_no, 2);
  EXPECT_NE(s.rejects[0].reason.find("nested"), std::string::npos);
  EXPECT_EQ(s.rejects[1].line_no, 3);
}
