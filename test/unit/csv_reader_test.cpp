#include "core/csv_reader.h"

#include <gtest/gtest.h>

#include "collecting_sink.h"
#include "core/error.h"
#include "core/interrupts.h"

using namespace hrlake::core;

namespace {

CollectingSink read_csv(const std::string &text, const char *source = "employee",
                        size_t chunk = 0, ReadOptions options = {}) {
  CollectingSink sink;
  CsvReader reader(*find_source(source), options, sink, "\"test.csv\"");
  if (chunk == 0) {
    reader.feed(text);
  } else {
    for (size_t i = 0; i < text.size(); i += chunk)
      reader.feed(std::string_view(text).substr(i, chunk));
  }
  reader.finish();
  return sink;
}

std::vector<std::string> row(std::string a, std::string b, std::string c) {
  return {a, b, c};
}

}  // namespace

TEST(CsvReader, MatchesHeaderByNameInAnyOrder) {
  auto s = read_csv("name,age,emp_id\nAnna,34,10000001\n");
  ASSERT_EQ(s.records.size(), 1u);
  EXPECT_EQ(s.records[0].line_no, 2);
  EXPECT_EQ(s.records[0].values, row("10000001", "34", "Anna"));
  EXPECT_TRUE(s.rejects.empty());
}

TEST(CsvReader, TrimsValuesAndEmptyIsNull) {
  auto s = read_csv("emp_id,age,name\n 7 , ,\"  Bo \"\n");
  ASSERT_EQ(s.records.size(), 1u);
  EXPECT_EQ(s.records[0].values, row("7", "<NULL>", "Bo"));
}

TEST(CsvReader, HandlesBomAndCrlf) {
  auto s = read_csv("\xEF\xBB\xBF" "emp_id,age,name\r\n1,20,A\r\n2,30,B\r\n");
  ASSERT_EQ(s.records.size(), 2u);
  EXPECT_EQ(s.records[1].values, row("2", "30", "B"));
  EXPECT_EQ(s.records[1].line_no, 3);
}

TEST(CsvReader, SameResultWhateverTheChunking) {
  const std::string text = "emp_id,age,name\n1,20,\"multi\nline\"\n2,30,B\n3,40,C";
  auto whole = read_csv(text);
  for (size_t chunk : {1u, 2u, 3u, 7u}) {
    auto parts = read_csv(text, "employee", chunk);
    ASSERT_EQ(parts.records.size(), whole.records.size()) << chunk;
    for (size_t i = 0; i < whole.records.size(); ++i) {
      EXPECT_EQ(parts.records[i].values, whole.records[i].values);
      EXPECT_EQ(parts.records[i].line_no, whole.records[i].line_no);
    }
  }
  ASSERT_EQ(whole.records.size(), 3u);
  EXPECT_EQ(whole.records[0].values[2], "multi\nline");
  EXPECT_EQ(whole.records[1].line_no, 4);
  EXPECT_EQ(whole.records[2].values, row("3", "40", "C"));  // no final newline
}

TEST(CsvReader, RaggedRowsAreRejectedWithReason) {
  auto s = read_csv("emp_id,age,name\n1,20\n2,30,B,extra\n3,40,C\n");
  ASSERT_EQ(s.records.size(), 1u);
  ASSERT_EQ(s.rejects.size(), 2u);
  EXPECT_EQ(s.rejects[0].line_no, 2);
  EXPECT_EQ(s.rejects[0].raw, "1,20");
  EXPECT_NE(s.rejects[0].reason.find("2 field(s), the header has 3"), std::string::npos);
  EXPECT_EQ(s.rejects[1].line_no, 3);
}

TEST(CsvReader, MalformedQuotingRejectsOnlyThatLine) {
  auto s = read_csv("emp_id,age,name\n1,2\"0,A\n2,30,\"B\"x\n3,40,C\n");
  ASSERT_EQ(s.rejects.size(), 2u);
  EXPECT_EQ(s.rejects[0].line_no, 2);
  EXPECT_EQ(s.rejects[0].raw, "1,2\"0,A");
  EXPECT_NE(s.rejects[0].reason.find("malformed CSV"), std::string::npos);
  EXPECT_EQ(s.rejects[1].line_no, 3);
  ASSERT_EQ(s.records.size(), 1u);
  EXPECT_EQ(s.records[0].values, row("3", "40", "C"));
  EXPECT_EQ(s.records[0].line_no, 4);
}

TEST(CsvReader, UnterminatedQuoteRejectsOneLineAndRereadsTheRest) {
  auto s = read_csv("emp_id,age,name\n1,20,\"open\n2,30,B\n3,40,C\n");
  ASSERT_EQ(s.rejects.size(), 1u);
  EXPECT_EQ(s.rejects[0].line_no, 2);
  EXPECT_EQ(s.rejects[0].raw, "1,20,\"open");
  ASSERT_EQ(s.records.size(), 2u);
  EXPECT_EQ(s.records[0].values, row("2", "30", "B"));
  EXPECT_EQ(s.records[0].line_no, 3);
  EXPECT_EQ(s.records[1].line_no, 4);
}

TEST(CsvReader, InvalidUtf8AndNulAreRejected) {
  auto s = read_csv(std::string("emp_id,age,name\n1,20,Zo\xff\n2,30,A\0B\n3,40,C\n", 41));
  ASSERT_EQ(s.rejects.size(), 2u);
  EXPECT_NE(s.rejects[0].reason.find("invalid UTF-8"), std::string::npos);
  EXPECT_NE(s.rejects[1].reason.find("NUL"), std::string::npos);
  ASSERT_EQ(s.records.size(), 1u);
}

TEST(CsvReader, OversizedFieldIsRejected) {
  ReadOptions options;
  options.max_field_bytes = 100;
  auto s = read_csv("emp_id,age,name\n1,20," + std::string(101, 'x') + "\n2,30,B\n",
                    "employee", 0, options);
  ASSERT_EQ(s.rejects.size(), 1u);
  EXPECT_NE(s.rejects[0].reason.find("longer than hrlake.max_field_size"), std::string::npos);
  ASSERT_EQ(s.records.size(), 1u);
}

TEST(CsvReader, BlankLinesAreNotRows) {
  auto s = read_csv("emp_id,age,name\n\n1,20,A\n   \n\n2,30,B\n");
  EXPECT_EQ(s.records.size(), 2u);
  EXPECT_TRUE(s.rejects.empty());
  EXPECT_EQ(s.records[1].line_no, 6);
}

TEST(CsvReader, HeaderOnlyGivesNoRecords) {
  auto s = read_csv("emp_id,age,name\n");
  EXPECT_TRUE(s.records.empty());
  EXPECT_TRUE(s.rejects.empty());
}

TEST(CsvReader, EmptyFileIsAnError) {
  try {
    read_csv("");
    FAIL();
  } catch (const Error &e) {
    EXPECT_EQ(e.sqlstate(), "22P04");
    EXPECT_NE(std::string(e.what()).find("is empty"), std::string::npos);
  }
}

TEST(CsvReader, MissingRequiredColumnIsAnError) {
  try {
    read_csv("emp_id,name\n1,A\n");
    FAIL();
  } catch (const Error &e) {
    EXPECT_EQ(e.sqlstate(), "22P04");
    EXPECT_NE(std::string(e.what()).find("age"), std::string::npos);
    EXPECT_NE(e.hint().find("emp_id,age,name"), std::string::npos);
  }
}

TEST(CsvReader, UnknownColumnsAreIgnoredWithANotice) {
  auto s = read_csv("emp_id,dept,age,name\n1,X,20,A\n");
  ASSERT_EQ(s.records.size(), 1u);
  EXPECT_EQ(s.records[0].values, row("1", "20", "A"));
  ASSERT_EQ(s.notices.size(), 1u);
  EXPECT_NE(s.notices[0].find("\"dept\""), std::string::npos);
}

TEST(CsvReader, BinaryGarbageNeverCrashes) {
  std::string garbage = "emp_id,age,name\n";
  unsigned x = 12345;
  for (int i = 0; i < 200000; ++i) {
    x = x * 1103515245u + 12345u;
    garbage.push_back(static_cast<char>(x >> 16));
  }
  auto s = read_csv(garbage, "employee", 4096);
  for (const auto &r : s.records) EXPECT_EQ(r.values.size(), 3u);
  EXPECT_GT(s.rejects.size() + s.records.size(), 0u);
}

TEST(CsvReader, QuoteThatSwallowsLinesRejectsOnlyItsFirstLine) {
  auto s = read_csv("emp_id,age,name\n1,30,\"Never closed\n2,30,Ok\n3,30,\"multi\nline\"\n");
  ASSERT_EQ(s.rejects.size(), 1u);
  EXPECT_EQ(s.rejects[0].line_no, 2);
  EXPECT_EQ(s.rejects[0].raw, "1,30,\"Never closed");
  ASSERT_EQ(s.records.size(), 2u);
  EXPECT_EQ(s.records[0].values, row("2", "30", "Ok"));
  EXPECT_EQ(s.records[0].line_no, 3);
  EXPECT_EQ(s.records[1].values, row("3", "30", "multi\nline"));
  EXPECT_EQ(s.records[1].line_no, 4);
}

// A lone CR ends a line like LF does; a quoted field opened after it runs
// on to the next line. Each row is checked for encoding on its own lines
// (found by test/fuzz/csv_fuzz: a row's invalid UTF-8 once slipped through).
TEST(CsvReader, RowAfterCarriageReturnSpanningLinesKeepsItsOwnLines) {
  auto s = read_csv("emp_id,age,name\n1,30,Ann\r2,40,\"multi\nline\"\n3,31,Cy\n");
  ASSERT_EQ(s.records.size(), 3u);
  EXPECT_EQ(s.records[1].values, row("2", "40", "multi\nline"));
  EXPECT_EQ(s.records[1].line_no, 3);
  EXPECT_EQ(s.records[1].raw, "2,40,\"multi\nline\"");
  EXPECT_EQ(s.records[2].line_no, 5);

  s = read_csv("emp_id,age,name\n1,30,Ann\r2,4\xD1,\"multi\nline\"\n3,31,Cy\n");
  ASSERT_EQ(s.rejects.size(), 1u);
  EXPECT_EQ(s.rejects[0].line_no, 3);
  ASSERT_EQ(s.records.size(), 2u);
  EXPECT_EQ(s.records[1].values, row("3", "31", "Cy"));

  s = read_csv("emp_id,age,name\n1,30,Ann\r2,31,\xFF");  // no newline at the end
  ASSERT_EQ(s.rejects.size(), 1u);
  EXPECT_EQ(s.rejects[0].raw, "2,31,\xFF");
  ASSERT_EQ(s.records.size(), 1u);
}

// A lone carriage return ends a line (it once did not: the whole file became
// one line, its raw text repeated for every row). So binary split by one is
// a reject per line, each with its own bytes.
TEST(CsvReader, BinaryLinesSplitByCarriageReturnAreRejectedOneByOne) {
  static const char kText[] = "emp_id,age,name\n\x00\x00\rIHDR\n1,2,A\n";
  auto s = read_csv(std::string(kText, sizeof kText - 1));
  ASSERT_EQ(s.rejects.size(), 2u);
  EXPECT_EQ(s.rejects[0].line_no, 2);
  EXPECT_EQ(s.rejects[0].raw, std::string("\x00\x00", 2));
  EXPECT_EQ(s.rejects[0].reason, "contains a NUL byte (binary data?)");
  EXPECT_EQ(s.rejects[1].line_no, 3);
  EXPECT_EQ(s.rejects[1].raw, "IHDR");
  EXPECT_EQ(s.rejects[1].reason, "row has 1 field(s), the header has 3");
  ASSERT_EQ(s.records.size(), 1u);
  EXPECT_EQ(s.records[0].line_no, 4);
}

TEST(CsvReader, CarriageReturnOnlyLineEndings) {
  std::string text = "emp_id,age,name\r";
  for (int i = 1; i <= 1000; ++i) text += std::to_string(i) + ",20,N" + std::to_string(i) + "\r";
  for (size_t chunk : {0u, 1u, 7u, 4096u}) {
    auto s = read_csv(text, "employee", chunk);
    ASSERT_EQ(s.records.size(), 1000u) << chunk;
    EXPECT_TRUE(s.rejects.empty());
    EXPECT_EQ(s.records[0].line_no, 2);
    EXPECT_EQ(s.records[0].raw, "1,20,N1");
    EXPECT_EQ(s.records[999].line_no, 1001);
    EXPECT_EQ(s.records[999].raw, "1000,20,N1000");
    EXPECT_EQ(s.records[999].values, row("1000", "20", "N1000"));
  }
}

TEST(CsvReader, MixedLineEndingsCountLines) {
  auto s = read_csv("emp_id,age,name\r\n1,20,A\r2,30,B\n\r\r\n3,40,C\r\n\r4,50,D");
  ASSERT_EQ(s.records.size(), 4u);
  EXPECT_TRUE(s.rejects.empty());
  EXPECT_EQ(s.records[0].line_no, 2);
  EXPECT_EQ(s.records[1].line_no, 3);
  EXPECT_EQ(s.records[2].line_no, 6);  // "\r" then "\r\n": two blank lines
  EXPECT_EQ(s.records[3].line_no, 8);
  EXPECT_EQ(s.records[3].values, row("4", "50", "D"));
}

TEST(CsvReader, LineEndInsideAQuotedFieldContinuesIt) {
  auto s = read_csv("emp_id,age,name\r1,20,\"multi\rline\"\r2,30,\"a\r\nb\"\r\n3,40,C\r");
  ASSERT_EQ(s.records.size(), 3u);
  EXPECT_EQ(s.records[0].values, row("1", "20", "multi\rline"));
  EXPECT_EQ(s.records[0].raw, "1,20,\"multi\rline\"");
  EXPECT_EQ(s.records[1].values, row("2", "30", "a\r\nb"));
  EXPECT_EQ(s.records[1].line_no, 4);
  EXPECT_EQ(s.records[2].line_no, 6);
}

// An over-long line was once cut into pieces, and its tail loaded as a row.
// Now it is one reject that keeps its first bytes and says where it starts.
TEST(CsvReader, OverlongLineIsOneRejectAndTheNextRowLoads) {
  ReadOptions options;
  options.max_field_bytes = 10;  // limit: 10 x 4 + 65536 = 65576
  std::string huge;
  while (huge.size() < 100000) huge += "abcd,";
  huge += "1,2";  // a tail that would parse as a row of three fields
  const std::string head = "emp_id,age,name\n1,20,A\n";
  const std::string text = head + huge + "\n2,30,B\n";
  for (size_t chunk : {0u, 1u, 4096u, 65536u}) {
    auto s = read_csv(text, "employee", chunk, options);
    ASSERT_EQ(s.rejects.size(), 1u) << chunk;
    EXPECT_EQ(s.rejects[0].line_no, 3);
    EXPECT_EQ(s.rejects[0].raw, huge.substr(0, 10));
    EXPECT_EQ(s.rejects[0].reason,
              "line is " + std::to_string(huge.size()) +
                  " bytes long, over the limit of 65576 (starts at byte " +
                  std::to_string(head.size() + 1) + " of the file; the first 10 bytes are kept)");
    ASSERT_EQ(s.records.size(), 2u) << chunk;
    EXPECT_EQ(s.records[1].values, row("2", "30", "B"));
    EXPECT_EQ(s.records[1].line_no, 4);
  }
}

TEST(CsvReader, OverlongLineInsideAnOpenQuote) {
  ReadOptions options;
  options.max_field_bytes = 10;
  const std::string huge(70000, 'x');
  auto s = read_csv("emp_id,age,name\n1,20,\"open\n2,30,B\n" + huge + "\n3,40,C\n", "employee",
                    0, options);
  ASSERT_EQ(s.rejects.size(), 2u);
  EXPECT_EQ(s.rejects[0].line_no, 2);
  EXPECT_EQ(s.rejects[0].raw, "1,20,\"open");
  EXPECT_EQ(s.rejects[1].line_no, 4);
  EXPECT_EQ(s.rejects[1].raw, huge.substr(0, 10));
  EXPECT_NE(s.rejects[1].reason.find("line is 70000 bytes long"), std::string::npos);
  ASSERT_EQ(s.records.size(), 2u);
  EXPECT_EQ(s.records[0].line_no, 3);
  EXPECT_EQ(s.records[1].line_no, 5);
}

TEST(CsvReader, OverlongHeaderIsAnError) {
  ReadOptions options;
  options.max_field_bytes = 10;
  try {
    read_csv(std::string(70000, 'x') + "\n1,2,3\n", "employee", 0, options);
    FAIL();
  } catch (const Error &e) {
    EXPECT_EQ(e.sqlstate(), "22P04");
    EXPECT_NE(e.detail().find("line is 70000 bytes long"), std::string::npos);
  }
}

namespace {
int interrupt_checks = 0;
void count_check() { ++interrupt_checks; }
}  // namespace

TEST(CsvReader, ChecksForInterruptsPerChunk) {
  std::string text = "emp_id,age,name\n";
  for (int i = 0; i < 100; ++i) text += std::to_string(i) + ",20,A\n";
  interrupt_checks = 0;
  set_interrupt_check(count_check);
  auto s = read_csv(text, "employee", 50);
  set_interrupt_check(nullptr);
  EXPECT_EQ(s.records.size(), 100u);
  EXPECT_GE(interrupt_checks, static_cast<int>(text.size() / 50));
}
