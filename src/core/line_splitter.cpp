#include "core/line_splitter.h"

#include <algorithm>
#include <cstring>

namespace hrlake::core {

namespace {

constexpr size_t kKeepBufferUpTo = 1u << 20;

// Index of the first c in s at or after pos, or npos.
size_t find_byte(std::string_view s, char c, size_t pos) {
  if (pos >= s.size()) return std::string_view::npos;
  const void *hit = std::memchr(s.data() + pos, c, s.size() - pos);
  return hit ? static_cast<size_t>(static_cast<const char *>(hit) - s.data())
             : std::string_view::npos;
}

}  // namespace

size_t line_end_size(std::string_view s, size_t pos) {
  if (pos >= s.size()) return 0;
  if (s[pos] == '\n') return 1;
  if (s[pos] != '\r') return 0;
  return pos + 1 < s.size() && s[pos + 1] == '\n' ? 2 : 1;
}

size_t find_line_end(std::string_view s, size_t pos) {
  return std::min(find_byte(s, '\n', pos), find_byte(s, '\r', pos));
}

std::string_view utf8_prefix(std::string_view s, size_t max) {
  if (s.size() <= max) return s;
  size_t cut = max;
  // s[cut] is the first byte left out: while it continues a character, that
  // character would be cut in two, so leave it out whole (at most 3 bytes).
  for (int i = 0; i < 3 && cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80; ++i)
    --cut;
  return s.substr(0, cut);
}

std::string too_long_reason(const char *what, uint64_t length, size_t limit,
                            uint64_t start_byte, size_t kept) {
  std::string where =
      start_byte ? "starts at byte " + std::to_string(start_byte) + " of the file; " : "";
  return std::string(what) + " is " + std::to_string(length) +
         " bytes long, over the limit of " + std::to_string(limit) + " (" + where +
         "the first " + std::to_string(kept) + " bytes are kept)";
}

LineSplitter::LineSplitter(size_t max_line_bytes, size_t keep_bytes)
    : max_line_bytes_(max_line_bytes), keep_bytes_(std::min(keep_bytes, max_line_bytes)) {}

void LineSplitter::feed(std::string_view chunk, const LineHandler &on_line) {
  if (chunk.empty()) return;
  size_t pos = 0;
  if (cr_pending_) {  // now we know whether that "\r" was half of "\r\n"
    cr_pending_ = false;
    const bool crlf = chunk[0] == '\n';
    deliver_partial(crlf ? "\r\n" : "\r", on_line);
    pos = crlf ? 1 : 0;
  }
  // Next "\n" and "\r" are searched once each and reused, so a file that
  // uses only one of them is not searched to its end for the other per line.
  size_t next_lf = find_byte(chunk, '\n', pos);
  size_t next_cr = find_byte(chunk, '\r', pos);
  while (pos < chunk.size()) {
    if (next_lf < pos) next_lf = find_byte(chunk, '\n', pos);
    if (next_cr < pos) next_cr = find_byte(chunk, '\r', pos);
    const size_t end = std::min(next_lf, next_cr);
    if (!have_partial_) line_start_ = consumed_ + pos;
    if (end == std::string_view::npos) {
      append_partial(chunk.substr(pos));
      break;
    }
    if (chunk[end] == '\r' && end + 1 == chunk.size()) {
      append_partial(chunk.substr(pos, end - pos));
      cr_pending_ = true;
      break;
    }
    const size_t ending = line_end_size(chunk, end);
    if (have_partial_) {
      append_partial(chunk.substr(pos, end - pos));
      deliver_partial(chunk.substr(end, ending), on_line);
    } else {
      deliver(chunk.substr(pos, end + ending - pos), ending, on_line);
    }
    pos = end + ending;
  }
  consumed_ += chunk.size();
}

void LineSplitter::finish(const LineHandler &on_line) {
  if (!have_partial_) return;
  deliver_partial(cr_pending_ ? "\r" : "", on_line);
  cr_pending_ = false;
}

void LineSplitter::append_partial(std::string_view piece) {
  if (!have_partial_) {
    have_partial_ = true;
    if (partial_.capacity() > kKeepBufferUpTo) std::string().swap(partial_);  // after a huge line
    partial_.clear();
    partial_length_ = 0;
    partial_too_long_ = false;
  }
  partial_length_ += piece.size();
  if (partial_too_long_) return;
  if (partial_length_ <= max_line_bytes_) {
    partial_.append(piece);
    return;
  }
  // From here on only the length is counted.
  partial_too_long_ = true;
  if (partial_.size() < keep_bytes_)
    partial_.append(piece.substr(0, keep_bytes_ - partial_.size()));
  partial_.resize(std::min(partial_.size(), keep_bytes_));
}

void LineSplitter::deliver_partial(std::string_view ending, const LineHandler &on_line) {
  have_partial_ = false;
  ++line_no_;
  Line line;
  line.number = line_no_;
  line.offset = line_start_;
  line.length = partial_length_;
  if (partial_too_long_) {
    line.too_long = true;
    line.bytes = utf8_prefix(partial_, keep_bytes_);
  } else {
    partial_.append(ending);
    line.bytes = partial_;
    line.ending_size = ending.size();
  }
  on_line(line);
}

void LineSplitter::deliver(std::string_view bytes, size_t ending_size,
                           const LineHandler &on_line) {
  ++line_no_;
  Line line;
  line.number = line_no_;
  line.offset = line_start_;
  line.length = bytes.size() - ending_size;
  if (line.length > max_line_bytes_) {
    line.too_long = true;
    line.bytes = utf8_prefix(bytes, keep_bytes_);
  } else {
    line.bytes = bytes;
    line.ending_size = ending_size;
  }
  on_line(line);
}

}  // namespace hrlake::core
