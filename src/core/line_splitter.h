// Cuts a byte stream that arrives in chunks into physical lines, for the CSV
// and JSON-lines readers. "\n", "\r\n" and a lone "\r" each end a line (a
// file from an old Mac must not read as one line). Memory stays bounded: a
// line longer than max_line_bytes is not kept whole; its first keep_bytes
// bytes are, it is counted to its end and handed over once, marked too long.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace hrlake::core {

struct Line {
  // The line with its line end; when too_long, only the kept first bytes
  // (cut on a UTF-8 character boundary) and no line end.
  std::string_view bytes;
  size_t ending_size = 0;  // 2 for "\r\n", 1 for "\n" or "\r", 0 at the end of input
  int64_t number = 0;      // physical line number, from 1
  uint64_t offset = 0;     // byte offset of its first byte in the input, from 0
  uint64_t length = 0;     // its whole length in bytes, without the line end
  bool too_long = false;

  std::string_view text() const { return bytes.substr(0, bytes.size() - ending_size); }
};

using LineHandler = std::function<void(const Line &)>;

class LineSplitter {
 public:
  LineSplitter(size_t max_line_bytes, size_t keep_bytes);

  // Feeds the next bytes; on_line gets each line they complete, in order.
  void feed(std::string_view chunk, const LineHandler &on_line);
  // Ends the input: a last line without a line end is handed over.
  void finish(const LineHandler &on_line);

 private:
  void append_partial(std::string_view piece);
  void deliver_partial(std::string_view ending, const LineHandler &on_line);
  void deliver(std::string_view line, size_t ending_size, const LineHandler &on_line);

  size_t max_line_bytes_;
  size_t keep_bytes_;
  std::string partial_;        // the unfinished line (its kept bytes when too long)
  uint64_t partial_length_ = 0;
  bool partial_too_long_ = false;
  bool cr_pending_ = false;    // the unfinished line ended in "\r" at a chunk's end
  bool have_partial_ = false;
  uint64_t consumed_ = 0;      // bytes fed before the current chunk
  uint64_t line_start_ = 0;
  int64_t line_no_ = 0;
};

// Length of the line end starting at s[pos] ("\r\n" is 2), or 0 if none.
size_t line_end_size(std::string_view s, size_t pos);

// Index of the first "\n" or "\r" in s at or after pos, or npos.
size_t find_line_end(std::string_view s, size_t pos);

// The longest prefix of s of at most max bytes that does not cut a UTF-8
// character in two, so kept raw text stays readable.
std::string_view utf8_prefix(std::string_view s, size_t max);

// The reason for rejecting input too long to be a record, e.g. "line is N
// bytes long, over the limit of L (starts at byte X of the file; the first
// K bytes are kept)". what: "line" or "element"; start_byte counts from 1,
// 0 when the input is not a file.
std::string too_long_reason(const char *what, uint64_t length, size_t limit,
                            uint64_t start_byte, size_t kept);

}  // namespace hrlake::core
