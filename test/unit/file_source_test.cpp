#include "core/file_source.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "collecting_sink.h"
#include "core/error.h"
#include "expect_error.h"
#include "temp_dir.h"
#include "core/interrupts.h"
#include "core/source_reader.h"

using namespace hrlake::core;

namespace {

std::string read_all(FileSource &f) {
  std::string out;
  f.for_each_chunk([&](std::string_view chunk) { out.append(chunk); });
  return out;
}

std::string big_content(size_t size) {
  std::string s;
  s.reserve(size);
  for (size_t i = 0; s.size() < size; ++i) s += std::to_string(i) + ",x,y\n";
  s.resize(size);
  return s;
}

}  // namespace

TEST(FileSource, ReadsARegularFileInChunks) {
  TempDir dir;
  const std::string content = big_content(2 * FileSource::kChunkBytes + 12345);
  FileSource f(dir.write("a.csv", content));
  EXPECT_EQ(f.size(), static_cast<long long>(content.size()));
  size_t chunks = 0;
  std::string got;
  f.for_each_chunk([&](std::string_view chunk) {
    ++chunks;
    EXPECT_LE(chunk.size(), FileSource::kChunkBytes);
    got.append(chunk);
  });
  EXPECT_EQ(got, content);
  EXPECT_EQ(chunks, 3u);
  EXPECT_EQ(read_all(f), content);  // again, from the start
}

TEST(FileSource, MissingFileAndDirectory) {
  TempDir dir;
  auto missing = expect_error("58P01", [&] { FileSource f(dir.file("nope.csv")); });
  EXPECT_EQ(std::string(missing.what()),
            "could not open file \"" + dir.file("nope.csv") + "\": No such file or directory");
  auto directory = expect_error("42809", [&] { FileSource f(dir.file("")); });
  EXPECT_NE(std::string(directory.what()).find("is a directory, not a file"), std::string::npos);
}

// Reading a FIFO would wait for a writer, or never end; it is refused at once.
TEST(FileSource, RefusesAFifo) {
  TempDir dir;
  const std::string fifo = dir.file("pipe.csv");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  auto e = expect_error("42809", [&] { FileSource f(fifo); });
  EXPECT_EQ(std::string(e.what()), "\"" + fifo + "\" is not a regular file");
  EXPECT_EQ(e.detail(), "It is a FIFO (named pipe).");
  EXPECT_FALSE(e.hint().empty());
}

TEST(FileSource, RefusesACharacterDevice) {
  auto e = expect_error("42809", [] { FileSource f("/dev/zero"); });
  EXPECT_EQ(std::string(e.what()), "\"/dev/zero\" is not a regular file");
  EXPECT_EQ(e.detail(), "It is a character device.");
}

TEST(FileSource, RefusesASocket) {
  TempDir dir;
  const std::string path = dir.file("s.sock");
  const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path.c_str());
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr), 0);
  auto e = expect_error("42809", [&] { FileSource f(path); });
  EXPECT_EQ(e.detail(), "It is a socket.");
  ::close(fd);
}

// A file still being written: bytes appended while it is read.
TEST(FileSource, FileAppendedWhileReadIsAnError) {
  TempDir dir;
  const std::string path = dir.write("growing.json", big_content(FileSource::kChunkBytes + 10));
  FileSource f(path);
  bool appended = false;
  auto e = expect_error("55000", [&] {
    f.for_each_chunk([&](std::string_view) {
      if (appended) return;
      std::ofstream(path, std::ios::binary | std::ios::app) << "{\"more\": 1}\n";
      appended = true;
    });
  });
  EXPECT_EQ(std::string(e.what()), "file \"" + path + "\" changed while it was being read");
  EXPECT_NE(e.hint().find("Load it again once it is complete"), std::string::npos);
  EXPECT_NE(e.detail().find("when opened"), std::string::npos);
}

TEST(FileSource, FileAppendedWithinTheLastChunkIsAnError) {
  TempDir dir;
  const std::string path = dir.write("small.csv", "a,b\n1,2\n");
  FileSource f(path);
  expect_error("55000", [&] {
    f.for_each_chunk([&](std::string_view) {
      std::ofstream(path, std::ios::binary | std::ios::app) << "3,4\n";
    });
  });
}

TEST(FileSource, FileTruncatedWhileReadIsAnError) {
  TempDir dir;
  const std::string path = dir.write("shrinking.csv", big_content(2 * FileSource::kChunkBytes));
  FileSource f(path);
  expect_error("55000", [&] {
    f.for_each_chunk([&](std::string_view) { ASSERT_EQ(::truncate(path.c_str(), 100), 0); });
  });
}

// Rewritten in place with the same size: the modification time tells.
TEST(FileSource, FileRewrittenWhileReadIsAnError) {
  TempDir dir;
  const std::string path = dir.write("rewritten.csv", "a,b\n1,2\n");
  FileSource f(path);
  auto e = expect_error("55000", [&] {
    f.for_each_chunk([&](std::string_view) {
      std::ofstream(path, std::ios::binary | std::ios::in | std::ios::out) << "x";
      const timespec times[2] = {{0, UTIME_OMIT}, {1000000000, 0}};
      ASSERT_EQ(::utimensat(AT_FDCWD, path.c_str(), times, 0), 0);
    });
  });
  EXPECT_NE(e.detail().find("modified meanwhile"), std::string::npos);
}

TEST(FileSource, FileChangedBetweenOpeningAndReadingIsAnError) {
  TempDir dir;
  const std::string path = dir.write("early.csv", "a,b\n");
  FileSource f(path);
  std::ofstream(path, std::ios::binary | std::ios::app) << "1,2\n";
  expect_error("55000", [&] { read_all(f); });
}

namespace {
int interrupt_checks = 0;
void count_check() { ++interrupt_checks; }
void cancel_check() {
  if (++interrupt_checks > 1) throw Error("57014", "canceling statement due to user request");
}
}  // namespace

TEST(FileSource, ChecksForInterruptsPerChunk) {
  TempDir dir;
  FileSource f(dir.write("a.csv", big_content(3 * FileSource::kChunkBytes)));
  interrupt_checks = 0;
  set_interrupt_check(count_check);
  read_all(f);
  set_interrupt_check(nullptr);
  EXPECT_GE(interrupt_checks, 3);

  interrupt_checks = 0;
  size_t chunks = 0;
  set_interrupt_check(cancel_check);
  EXPECT_THROW(f.for_each_chunk([&](std::string_view) { ++chunks; }), Error);
  set_interrupt_check(nullptr);
  EXPECT_EQ(chunks, 1u);
}

// The observer sees exactly the bytes parsed, so one pass can hash them.
TEST(ReadSource, ObserverSeesEveryByteInOrder) {
  TempDir dir;
  std::string csv = "name,age,emp_id\n";
  for (int i = 0; i < 150000; ++i) csv += "N" + std::to_string(i) + ",30," + std::to_string(i) + "\n";
  std::string json;
  for (int i = 0; i < 120000; ++i) json += "{\"sender\": " + std::to_string(i) + "}\r\n";
  struct Case {
    const char *source;
    std::string content;
    size_t records;
  } cases[] = {{"employee", csv, 150000}, {"message", json, 120000}};
  for (const Case &c : cases) {
    FileSource f(dir.write(std::string(c.source) + ".txt", c.content));
    CollectingSink sink;
    std::string seen;
    size_t calls = 0;
    read_source(*find_source(c.source), {}, f, sink, [&](std::string_view chunk) {
      ++calls;
      seen.append(chunk);
    });
    EXPECT_EQ(seen, c.content);
    EXPECT_GT(calls, 1u);
    EXPECT_EQ(sink.records.size(), c.records);
    EXPECT_TRUE(sink.rejects.empty());
  }
}

TEST(ReadSource, AJsonArrayFileIsStreamed) {
  TempDir dir;
  std::string json = "[";
  for (int i = 0; i < 100000; ++i)
    json += std::string(i ? "," : "") + "{\"sender\": \"" + std::to_string(i) + "\", \"message\": \"m\"}";
  json += "]";
  FileSource f(dir.write("array.json", json));
  CollectingSink sink;
  read_source(*find_source("message"), {}, f, sink);
  ASSERT_EQ(sink.records.size(), 100000u);
  EXPECT_EQ(sink.records[99999].line_no, 100000);
  EXPECT_EQ(sink.records[99999].values[1], "99999");
}
