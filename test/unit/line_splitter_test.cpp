#include "core/line_splitter.h"

#include <gtest/gtest.h>

#include <vector>

using namespace hrlake::core;

namespace {

struct Got {
  std::string bytes;
  size_t ending_size;
  int64_t number;
  uint64_t offset;
  uint64_t length;
  bool too_long;
};

std::vector<Got> split(const std::string &text, size_t chunk, size_t max = 100, size_t keep = 4) {
  std::vector<Got> out;
  LineSplitter splitter(max, keep);
  auto on_line = [&](const Line &l) {
    out.push_back({std::string(l.bytes), l.ending_size, l.number, l.offset, l.length, l.too_long});
  };
  if (chunk == 0) chunk = text.size() + 1;
  for (size_t i = 0; i < text.size(); i += chunk)
    splitter.feed(std::string_view(text).substr(i, chunk), on_line);
  splitter.finish(on_line);
  return out;
}

}  // namespace

TEST(LineSplitter, AllThreeLineEndsWhateverTheChunks) {
  const std::string text = "a\nbb\r\nccc\rd\r\r\ne";
  for (size_t chunk : {0u, 1u, 2u, 3u}) {
    auto lines = split(text, chunk);
    ASSERT_EQ(lines.size(), 6u) << chunk;
    EXPECT_EQ(lines[0].bytes, "a\n");
    EXPECT_EQ(lines[1].bytes, "bb\r\n");
    EXPECT_EQ(lines[1].ending_size, 2u);
    EXPECT_EQ(lines[2].bytes, "ccc\r");
    EXPECT_EQ(lines[3].bytes, "d\r");
    EXPECT_EQ(lines[4].bytes, "\r\n");
    EXPECT_EQ(lines[5].bytes, "e");
    EXPECT_EQ(lines[5].ending_size, 0u);
    EXPECT_EQ(lines[5].number, 6);
    EXPECT_EQ(lines[2].offset, 6u);
    EXPECT_EQ(lines[5].offset, 14u);
  }
}

TEST(LineSplitter, ACarriageReturnAtTheEndIsALineEnd) {
  auto lines = split("x\r", 1);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].bytes, "x\r");
  EXPECT_EQ(lines[0].ending_size, 1u);
}

TEST(LineSplitter, TooLongLineKeepsItsFirstBytesAndItsLength) {
  const std::string text = "ok\n" + std::string(1000, 'x') + "\r\nnext\n";
  for (size_t chunk : {0u, 1u, 7u, 64u}) {
    auto lines = split(text, chunk, 100, 4);
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_TRUE(lines[1].too_long);
    EXPECT_EQ(lines[1].bytes, "xxxx");
    EXPECT_EQ(lines[1].length, 1000u);
    EXPECT_EQ(lines[1].offset, 3u);
    EXPECT_EQ(lines[1].number, 2);
    EXPECT_EQ(lines[2].bytes, "next\n");
    EXPECT_FALSE(lines[2].too_long);
  }
  auto at_limit = split(std::string(100, 'y') + "\n", 9, 100, 4);
  ASSERT_EQ(at_limit.size(), 1u);
  EXPECT_FALSE(at_limit[0].too_long);
}

TEST(LineSplitter, Utf8PrefixDoesNotCutACharacter) {
  EXPECT_EQ(utf8_prefix("ab\xC3\xA9", 3), "ab");
  EXPECT_EQ(utf8_prefix("ab\xC3\xA9", 4), "ab\xC3\xA9");
  EXPECT_EQ(utf8_prefix("\xF0\x9F\x98\x80z", 3), "");
  EXPECT_EQ(utf8_prefix("abc", 2), "ab");
}

TEST(LineSplitter, TooLongReason) {
  EXPECT_EQ(too_long_reason("line", 1073741824, 16842752, 1234, 4194304),
            "line is 1073741824 bytes long, over the limit of 16842752 (starts at byte 1234 "
            "of the file; the first 4194304 bytes are kept)");
  EXPECT_EQ(too_long_reason("line", 10, 5, 0, 2),
            "line is 10 bytes long, over the limit of 5 (the first 2 bytes are kept)");
}
