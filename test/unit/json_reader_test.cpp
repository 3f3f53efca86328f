#include "core/json_reader.h"

#include <gtest/gtest.h>

#include "collecting_sink.h"
#include "core/error.h"
#include "core/interrupts.h"

using namespace hrlake::core;

namespace {

CollectingSink read_json(const std::string &text, const char *source, size_t chunk = 0,
                         ReadOptions options = {}) {
  CollectingSink sink;
  JsonReader reader(*find_source(source), options, sink, "\"t.json\"");
  if (chunk == 0) {
    reader.feed(text);
  } else {
    for (size_t i = 0; i < text.size(); i += chunk)
      reader.feed(std::string_view(text).substr(i, chunk));
  }
  reader.finish();
  return sink;
}

// Columns of "message": key, sender, receiver, message, timestamp.
std::vector<std::string> message(std::string key, std::string sender, std::string receiver,
                                 std::string text, std::string timestamp) {
  return {key, sender, receiver, text, timestamp};
}

std::string nested_arrays(size_t depth) {
  return std::string(depth, '[') + std::string(depth, ']');
}

std::string nested_objects(size_t depth) {
  std::string s;
  for (size_t i = 0; i < depth; ++i) s += "{\"a\":";
  s += "1";
  s += std::string(depth, '}');
  return s;
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
  EXPECT_EQ(s.records[0].values,
            message("<NULL>", "12345678", "87654321", "A B", "1712452956"));
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
  EXPECT_EQ(s.rejects[1].reason, "expected an object, found array");
  EXPECT_EQ(s.rejects[2].line_no, 5);
  EXPECT_NE(s.rejects[2].reason.find("\"sender\" is object"), std::string::npos);
}

TEST(JsonReader, BrokenArrayIsAnErrorWithPosition) {
  try {
    read_json("[\"a\", \"b\"", "vocabulary");
    FAIL();
  } catch (const Error &e) {
    EXPECT_EQ(e.sqlstate(), "22P02");
    EXPECT_EQ(std::string(e.what()), "file \"t.json\" is not a valid JSON array");
    EXPECT_EQ(e.detail(),
              "parse error at the end of the file: the array is not closed (after 1 element(s))");
  }
}

TEST(JsonReader, TextAfterTheArrayIsAnError) {
  try {
    read_json("[\"a\"] [\"b\"]", "vocabulary");
    FAIL();
  } catch (const Error &e) {
    EXPECT_EQ(e.sqlstate(), "22P02");
    EXPECT_EQ(e.detail(),
              "parse error at byte 7: text after the closing \"]\" of the array (after 1 element(s))");
  }
}

TEST(JsonReader, EmptyFileIsAnError) {
  EXPECT_THROW(read_json("  \n", "vocabulary"), Error);
  EXPECT_THROW(read_json("\xEF\xBB\xBF \r\n", "message"), Error);
  EXPECT_THROW(read_json("", "message"), Error);
}

TEST(JsonReader, EmptyArrayGivesNothing) {
  auto s = read_json(" [ \n ] \n", "vocabulary");
  EXPECT_TRUE(s.records.empty());
  EXPECT_TRUE(s.rejects.empty());
}

// A value nested 100,000 levels deep once crashed the backend (the parser's
// tree was destroyed recursively). Now it is a reject, and the rest is read.
TEST(JsonReader, DeepNestingInAnArrayIsOneReject) {
  const std::string text = "[" + nested_arrays(100000) + ", " + nested_objects(100000) +
                           ", {\"sender\": 1, \"message\": \"ok\"}]";
  auto s = read_json(text, "message");
  ASSERT_EQ(s.rejects.size(), 2u);
  EXPECT_EQ(s.rejects[0].line_no, 1);
  EXPECT_EQ(s.rejects[0].reason, "JSON nested more than 64 levels deep (a record is a flat object)");
  EXPECT_EQ(s.rejects[1].line_no, 2);
  EXPECT_EQ(s.rejects[1].reason, s.rejects[0].reason);
  ASSERT_EQ(s.records.size(), 1u);
  EXPECT_EQ(s.records[0].line_no, 3);

  auto words = read_json("[" + nested_arrays(100000) + ", \"WORD\"]", "vocabulary");
  ASSERT_EQ(words.rejects.size(), 1u);
  EXPECT_NE(words.rejects[0].reason.find("nested more than 64"), std::string::npos);
  ASSERT_EQ(words.records.size(), 1u);
}

TEST(JsonReader, DeepNestingInJsonLinesIsOneReject) {
  const std::string text = "{\"sender\": 1, \"x\": " + nested_arrays(100000) + "}\n" +
                           nested_objects(100000) + "\n{\"sender\": 2}\n";
  auto s = read_json(text, "message", 4096);
  ASSERT_EQ(s.rejects.size(), 2u);
  EXPECT_NE(s.rejects[0].reason.find("nested more than 64"), std::string::npos);
  EXPECT_NE(s.rejects[1].reason.find("nested more than 64"), std::string::npos);
  ASSERT_EQ(s.records.size(), 1u);
  EXPECT_EQ(s.records[0].line_no, 3);
}

TEST(JsonReader, NestingLimitIsSixtyFourLevels) {
  // The object is level 1; "x" holds 63 more levels, then 64.
  auto ok = read_json("{\"sender\": 1, \"x\": " + nested_arrays(63) + "}", "message");
  EXPECT_EQ(ok.records.size(), 1u);
  EXPECT_TRUE(ok.rejects.empty());
  auto deep = read_json("{\"sender\": 1, \"x\": " + nested_arrays(64) + "}", "message");
  EXPECT_TRUE(deep.records.empty());
  ASSERT_EQ(deep.rejects.size(), 1u);
  EXPECT_NE(deep.rejects[0].reason.find("nested more than 64"), std::string::npos);
}

TEST(JsonReader, NumbersAreKeptExactlyAsWritten) {
  auto s = read_json(
      "{\"sender\": 12345678901234567890123, \"receiver\": -0.50e+10, \"message\": \"m\", "
      "\"timestamp\": 1e400}\n"
      "[{\"sender\": 0, \"receiver\": 1.0, \"timestamp\": -0}]",
      "message");
  ASSERT_EQ(s.records.size(), 1u) << (s.rejects.empty() ? "" : s.rejects[0].reason);
  EXPECT_EQ(s.records[0].values,
            message("<NULL>", "12345678901234567890123", "-0.50e+10", "m", "1e400"));
  ASSERT_EQ(s.rejects.size(), 1u);  // JSON lines: line 2 is an array
  EXPECT_EQ(s.rejects[0].reason, "expected an object, found array");

  auto array = read_json("[{\"sender\": 1.0, \"receiver\": 1E2, \"timestamp\": 1e400}]", "message");
  ASSERT_EQ(array.records.size(), 1u);
  EXPECT_EQ(array.records[0].values, message("<NULL>", "1.0", "1E2", "<NULL>", "1e400"));
}

TEST(JsonReader, BooleansObjectsAndArraysAreRejectedForFields) {
  auto s = read_json(
      "{\"sender\": true, \"message\": \"m\"}\n"
      "{\"sender\": \"1\", \"receiver\": false}\n"
      "{\"sender\": \"1\", \"receiver\": {\"id\": 2}}\n"
      "{\"sender\": [\"1\"]}\n"
      "{\"sender\": null, \"receiver\": \"2\"}\n",
      "message");
  ASSERT_EQ(s.rejects.size(), 4u);
  EXPECT_EQ(s.rejects[0].reason, "field \"sender\" is boolean, expected a string or a number");
  EXPECT_EQ(s.rejects[1].reason, "field \"receiver\" is boolean, expected a string or a number");
  EXPECT_EQ(s.rejects[2].reason, "field \"receiver\" is object, expected a string or a number");
  EXPECT_EQ(s.rejects[3].reason, "field \"sender\" is array, expected a string or a number");
  ASSERT_EQ(s.records.size(), 1u);
  EXPECT_EQ(s.records[0].values, message("<NULL>", "<NULL>", "2", "<NULL>", "<NULL>"));
}

TEST(JsonReader, WordListsTakeStringsOnly) {
  auto s = read_json("[\"A\", 7, true, {\"a\": 1}, null, [\"x\"], \"B\"]", "marked_word");
  ASSERT_EQ(s.records.size(), 2u);
  ASSERT_EQ(s.rejects.size(), 5u);
  EXPECT_EQ(s.rejects[0].reason, "expected a string, found number");
  EXPECT_EQ(s.rejects[1].reason, "expected a string, found boolean");
  EXPECT_EQ(s.rejects[2].reason, "expected a string, found object");
  EXPECT_EQ(s.rejects[3].reason, "expected a string, found null");
  EXPECT_EQ(s.rejects[4].reason, "expected a string, found array");
  EXPECT_EQ(s.rejects[4].line_no, 6);
  EXPECT_EQ(s.rejects[4].raw, "[\"x\"]");
}

TEST(JsonReader, InvalidNumbersAndLiteralsAreMalformed) {
  auto s = read_json(
      "{\"sender\": 01}\n{\"sender\": 12abc}\n{\"sender\": -}\n{\"x\": 1.}\n"
      "{\"x\": tru}\n[nul]\nnot json at all\n7 8\n{\"sender\": 1} x\n",
      "message");
  EXPECT_TRUE(s.records.empty());
  ASSERT_EQ(s.rejects.size(), 9u);
  EXPECT_EQ(s.rejects[0].reason, "malformed JSON: invalid number 01");
  EXPECT_EQ(s.rejects[1].reason, "malformed JSON: invalid number 12abc");
  for (const auto &r : s.rejects)
    EXPECT_EQ(r.reason.rfind("malformed JSON: ", 0), 0u) << r;
  EXPECT_EQ(s.rejects[6].reason,
            "malformed JSON: a value is not a string, number, object, array, true, false or null");
  EXPECT_EQ(s.rejects[7].reason, "malformed JSON: text after the end of the value");
  EXPECT_EQ(s.rejects[8].reason, "malformed JSON: text after the end of the value");
}

TEST(JsonReader, StringsAreUnescaped) {
  auto s = read_json("[{\"m\\u0065ssage\": \" a\\\"b\\\\c\\u00e9\\nd \", \"sender\": \"\\ud83d\\ude00\"}]",
                     "message");
  ASSERT_EQ(s.records.size(), 1u) << s.rejects[0].reason;
  EXPECT_EQ(s.records[0].values[3], "a\"b\\c\xC3\xA9\nd");
  EXPECT_EQ(s.records[0].values[1], "\xF0\x9F\x98\x80");
}

TEST(JsonReader, BadStringsAndBytesAreRejected) {
  auto s = read_json(std::string("{\"message\": \"a\\u0000b\"}\n"
                                 "{\"message\": \"\\ud800\"}\n"
                                 "{\"message\": \"tab\there\"}\n"
                                 "{\"message\": \"Zo\xff\"}\n"
                                 "{\"message\": \"nul\0\"}\n"
                                 "{\"message\": \"open}\n",
                                 128),
                     "message");
  EXPECT_TRUE(s.records.empty());
  ASSERT_EQ(s.rejects.size(), 6u);
  EXPECT_EQ(s.rejects[0].reason, "field \"message\" contains a NUL character");
  EXPECT_EQ(s.rejects[1].reason, "malformed JSON: a string holds an invalid escape sequence");
  EXPECT_NE(s.rejects[2].reason.find("control character"), std::string::npos);
  EXPECT_EQ(s.rejects[3].reason, "invalid UTF-8 at byte 16");
  EXPECT_EQ(s.rejects[4].reason, "contains a NUL byte (binary data?)");
  EXPECT_EQ(s.rejects[5].reason, "malformed JSON: a string is not closed");
}

TEST(JsonReader, AFieldGivenTwiceIsRejected) {
  auto s = read_json("{\"sender\": \"1\", \"message\": \"m\", \"sender\": \"2\"}\n", "message");
  EXPECT_TRUE(s.records.empty());
  ASSERT_EQ(s.rejects.size(), 1u);
  EXPECT_EQ(s.rejects[0].reason, "field \"sender\" appears more than once");
}

TEST(JsonReader, OverlongFieldIsRejected) {
  ReadOptions options;
  options.max_field_bytes = 10;
  auto s = read_json("{\"message\": \"" + std::string(11, 'x') + "\"}\n{\"message\": \"" +
                         std::string(10, 'x') + "\"}\n",
                     "message", 0, options);
  ASSERT_EQ(s.rejects.size(), 1u);
  EXPECT_EQ(s.rejects[0].reason, "field \"message\" is longer than hrlake.max_field_size (10 bytes)");
  EXPECT_EQ(s.records.size(), 1u);
}

TEST(JsonReader, MalformedElementOfAnArrayIsOneReject) {
  auto s = read_json("[{\"sender\": 1}, {\"sender\": }, {\"sender\": [1}, 3}, {\"sender\": 4}]",
                     "message");
  ASSERT_EQ(s.records.size(), 2u);
  EXPECT_EQ(s.records[0].line_no, 1);
  EXPECT_EQ(s.records[1].line_no, 4);
  ASSERT_EQ(s.rejects.size(), 2u);
  EXPECT_EQ(s.rejects[0].line_no, 2);
  EXPECT_EQ(s.rejects[0].raw, "{\"sender\": }");
  EXPECT_EQ(s.rejects[1].line_no, 3);
  EXPECT_EQ(s.rejects[1].raw, "{\"sender\": [1}, 3}");
}

TEST(JsonReader, EmptyElementsAreRejected) {
  auto s = read_json("[\"a\",,\"b\",]", "vocabulary");
  ASSERT_EQ(s.records.size(), 2u);
  EXPECT_EQ(s.records[1].line_no, 3);
  ASSERT_EQ(s.rejects.size(), 2u);
  EXPECT_EQ(s.rejects[0].line_no, 2);
  EXPECT_EQ(s.rejects[1].line_no, 4);
  EXPECT_EQ(s.rejects[0].raw, "");
  EXPECT_EQ(s.rejects[0].reason.rfind("malformed JSON: ", 0), 0u);
}

TEST(JsonReader, ElementRawIsItsExactText) {
  auto s = read_json("[\n  {\"sender\": 1,   \"message\" : \"x, ]\"}  ,\n\"y\"\n]", "message");
  ASSERT_EQ(s.records.size(), 1u);
  EXPECT_EQ(s.records[0].raw, "{\"sender\": 1,   \"message\" : \"x, ]\"}");
  EXPECT_EQ(s.records[0].values[3], "x, ]");
  ASSERT_EQ(s.rejects.size(), 1u);
  EXPECT_EQ(s.rejects[0].raw, "\"y\"");
}

TEST(JsonReader, JsonLinesEndWithCrLfOrALoneCr) {
  auto s = read_json("{\"sender\": 1}\r{\"sender\": 2}\r\n\r{\"sender\": 3}\n\n{\"sender\": 4}",
                     "message");
  ASSERT_EQ(s.records.size(), 4u);
  EXPECT_TRUE(s.rejects.empty());
  EXPECT_EQ(s.records[0].raw, "{\"sender\": 1}");
  EXPECT_EQ(s.records[1].line_no, 2);
  EXPECT_EQ(s.records[2].line_no, 4);
  EXPECT_EQ(s.records[3].line_no, 6);
}

TEST(JsonReader, BomAndLeadingBlankLinesAreSkipped) {
  auto lines = read_json("\xEF\xBB\xBF\n \n{\"sender\": 1}\n", "message");
  ASSERT_EQ(lines.records.size(), 1u);
  EXPECT_EQ(lines.records[0].line_no, 3);
  auto first = read_json("\xEF\xBB\xBF{\"sender\": 1}\n", "message");
  ASSERT_EQ(first.records.size(), 1u);
  EXPECT_EQ(first.records[0].raw, "{\"sender\": 1}");
  auto array = read_json("\xEF\xBB\xBF\r\n [\"w\"]", "vocabulary");
  ASSERT_EQ(array.records.size(), 1u);
  auto odd = read_json("\xEF\xBB[\"w\"]", "vocabulary");  // not a mark: one bad line
  EXPECT_TRUE(odd.records.empty());
  ASSERT_EQ(odd.rejects.size(), 1u);
  EXPECT_EQ(odd.rejects[0].reason, "invalid UTF-8 at byte 1");
}

// An over-long line is one reject that keeps its first bytes and says where
// it is; memory does not hold it, and the next line is read.
TEST(JsonReader, OverlongLineIsOneRejectAndTheNextLineLoads) {
  ReadOptions options;
  options.max_field_bytes = 100;  // limit: 100 x 6 + 65536 = 66136
  const std::string first = "{\"sender\": 1}\n";
  const std::string huge = "{\"message\": \"" + std::string(70000, 'x') + "\"}";
  const std::string text = first + huge + "\r\n{\"sender\": 3}\n";
  for (size_t chunk : {0u, 1000u, 65536u}) {
    auto s = read_json(text, "message", chunk, options);
    ASSERT_EQ(s.rejects.size(), 1u) << chunk;
    EXPECT_EQ(s.rejects[0].line_no, 2);
    EXPECT_EQ(s.rejects[0].raw, huge.substr(0, 100));
    EXPECT_EQ(s.rejects[0].reason,
              "line is " + std::to_string(huge.size()) +
                  " bytes long, over the limit of 66136 (starts at byte " +
                  std::to_string(first.size() + 1) + " of the file; the first 100 bytes are kept)");
    ASSERT_EQ(s.records.size(), 2u) << chunk;
    EXPECT_EQ(s.records[1].line_no, 3);
    EXPECT_EQ(s.records[1].values[1], "3");
  }
}

TEST(JsonReader, OverlongArrayElementIsOneRejectAndTheNextElementLoads) {
  ReadOptions options;
  options.max_field_bytes = 100;
  const std::string huge = "{\"message\": \"" + std::string(70000, ']') + "\"}";
  const std::string text = "[{\"sender\": 1}, " + huge + ", {\"sender\": 3}]";
  for (size_t chunk : {0u, 777u}) {
    auto s = read_json(text, "message", chunk, options);
    ASSERT_EQ(s.rejects.size(), 1u);
    EXPECT_EQ(s.rejects[0].line_no, 2);
    EXPECT_EQ(s.rejects[0].raw, huge.substr(0, 100));
    EXPECT_EQ(s.rejects[0].reason,
              "element is " + std::to_string(huge.size()) +
                  " bytes long, over the limit of 66136 (starts at byte 17 of the file; the "
                  "first 100 bytes are kept)");
    ASSERT_EQ(s.records.size(), 2u);
    EXPECT_EQ(s.records[1].line_no, 3);
  }
}

TEST(JsonReader, KeptBytesOfAnOverlongLineEndOnACharacterBoundary) {
  ReadOptions options;
  options.max_field_bytes = 100;
  std::string huge = "\"" + std::string(99, 'a');
  while (huge.size() < 70000) huge += "\xC3\xA9";  // é
  auto s = read_json(huge + "\"\n", "vocabulary", 0, options);
  ASSERT_EQ(s.rejects.size(), 1u);
  EXPECT_EQ(s.rejects[0].raw, huge.substr(0, 100));
  EXPECT_NE(s.rejects[0].reason.find("the first 100 bytes are kept"), std::string::npos);
  std::string odd = "\"" + std::string(98, 'a');
  while (odd.size() < 70000) odd += "\xC3\xA9";
  auto t = read_json(odd + "\"\n", "vocabulary", 0, options);
  ASSERT_EQ(t.rejects.size(), 1u);
  EXPECT_EQ(t.rejects[0].raw, odd.substr(0, 99));  // é not cut in two
  EXPECT_NE(t.rejects[0].reason.find("the first 99 bytes are kept"), std::string::npos);
}

namespace {
int interrupt_checks = 0;
void count_check() { ++interrupt_checks; }
void cancel_check() {
  if (++interrupt_checks > 3) throw Error("57014", "canceling statement due to user request");
}
}  // namespace

TEST(JsonReader, ChecksForInterruptsPerChunk) {
  std::string text;
  for (int i = 0; i < 100; ++i) text += "{\"sender\": " + std::to_string(i) + "}\n";
  interrupt_checks = 0;
  set_interrupt_check(count_check);
  auto s = read_json(text, "message", 100);
  set_interrupt_check(nullptr);
  EXPECT_EQ(s.records.size(), 100u);
  EXPECT_GE(interrupt_checks, static_cast<int>(text.size() / 100));

  interrupt_checks = 0;
  set_interrupt_check(cancel_check);
  EXPECT_THROW(read_json(text, "message", 100), Error);
  set_interrupt_check(nullptr);
}

TEST(ReadJsonDocument, OneLineIsARecordOrAReject) {
  const SourceSpec &spec = *find_source("message");
  CollectingSink s;
  read_json_document(spec, {}, " {\"sender\": 12345678901234567890123, \"message\": \"hi\"} ", 7, s);
  read_json_document(spec, {}, "{\"sender\": true}", 8, s);
  read_json_document(spec, {}, "   ", 9, s);  // blank: nothing
  read_json_document(spec, {}, nested_arrays(100000), 10, s);
  read_json_document(*find_source("vocabulary"), {}, "\"WORD\"", 11, s);
  ASSERT_EQ(s.records.size(), 2u);
  EXPECT_EQ(s.records[0].line_no, 7);
  EXPECT_EQ(s.records[0].raw, "{\"sender\": 12345678901234567890123, \"message\": \"hi\"}");
  EXPECT_EQ(s.records[0].values,
            message("<NULL>", "12345678901234567890123", "<NULL>", "hi", "<NULL>"));
  EXPECT_EQ(s.records[1].values, std::vector<std::string>{"WORD"});
  ASSERT_EQ(s.rejects.size(), 2u);
  EXPECT_EQ(s.rejects[0].line_no, 8);
  EXPECT_EQ(s.rejects[0].reason, "field \"sender\" is boolean, expected a string or a number");
  EXPECT_EQ(s.rejects[1].line_no, 10);
  EXPECT_NE(s.rejects[1].reason.find("nested more than 64"), std::string::npos);
}

TEST(ReadJsonDocument, OverlongLineIsRejectedWithoutParsing) {
  ReadOptions options;
  options.max_field_bytes = 100;
  CollectingSink s;
  read_json_document(*find_source("message"), options, std::string(70000, '['), 1, s);
  ASSERT_EQ(s.rejects.size(), 1u);
  EXPECT_EQ(s.rejects[0].reason,
            "line is 70000 bytes long, over the limit of 66136 (the first 100 bytes are kept)");
  EXPECT_EQ(s.rejects[0].raw, std::string(100, '['));
}

// A number beyond double (1e400) is kept as its text, never an exception:
// whether it is a valid timestamp is the message rule's call, and a number
// in a word list is a reject. Found by test/fuzz/json_fuzz (with nlohmann).
TEST(JsonReader, NumberBeyondDoubleIsKeptAsTextNotThrown) {
  auto s = read_json("{\"sender\":1,\"receiver\":2,\"message\":\"x\",\"timestamp\":1e400}\n"
                     "{\"sender\":1,\"receiver\":2,\"message\":\"y\"}\n",
                     "message");
  ASSERT_EQ(s.records.size(), 2u);
  EXPECT_TRUE(s.rejects.empty());
  EXPECT_EQ(s.records[0].values.back(), "1e400");
  s = read_json("[\"a\", 1e400]", "vocabulary");
  ASSERT_EQ(s.records.size(), 1u);
  ASSERT_EQ(s.rejects.size(), 1u);
  EXPECT_EQ(s.rejects[0].line_no, 2);
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
