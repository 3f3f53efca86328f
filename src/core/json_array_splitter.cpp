#include "core/json_array_splitter.h"

#include <algorithm>

#include "core/error.h"
#include "core/line_splitter.h"

namespace hrlake::core {

namespace {

constexpr size_t kKeepBufferUpTo = 1u << 20;

bool is_json_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view trim_end(std::string_view s) {
  while (!s.empty() && is_json_blank(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

JsonArraySplitter::JsonArraySplitter(size_t max_element_bytes, size_t keep_bytes,
                                     uint64_t start_offset, std::string file_label)
    : max_element_bytes_(max_element_bytes),
      keep_bytes_(std::min(keep_bytes, max_element_bytes)),
      file_label_(std::move(file_label)),
      consumed_(start_offset) {}

void JsonArraySplitter::feed(std::string_view chunk, const JsonElementHandler &on_element) {
  size_t pos = 0;
  while (pos < chunk.size()) {
    const char c = chunk[pos];
    switch (state_) {
      case State::kOpen:
        if (is_json_blank(c)) break;
        if (c != '[') fail(consumed_ + pos, "expected \"[\"");
        state_ = State::kBeforeFirst;
        break;
      case State::kBeforeFirst:
      case State::kBeforeNext:
        if (is_json_blank(c)) break;
        if (c == ']' && state_ == State::kBeforeFirst) {  // []
          state_ = State::kClosed;
          break;
        }
        start_element(consumed_ + pos);
        if (c == ',' || c == ']') {  // nothing between two commas, or before "]"
          deliver(on_element);
          state_ = c == ',' ? State::kBeforeNext : State::kClosed;
          break;
        }
        state_ = State::kElement;
        pos = scan_element(chunk, pos, on_element);
        continue;
      case State::kElement:
        pos = scan_element(chunk, pos, on_element);
        continue;
      case State::kClosed:
        if (!is_json_blank(c)) fail(consumed_ + pos, "text after the closing \"]\" of the array");
        break;
    }
    ++pos;
  }
  consumed_ += chunk.size();
}

// Follows the element from chunk[pos] to its end (a "," or "]" outside any
// string and bracket) or to the end of the chunk; returns where it stopped.
size_t JsonArraySplitter::scan_element(std::string_view chunk, size_t pos,
                                       const JsonElementHandler &on_element) {
  const size_t from = pos;
  const size_t n = chunk.size();
  size_t i = pos;
  while (i < n) {
    if (in_string_) {
      if (escaped_) {
        escaped_ = false;
        ++i;
        continue;
      }
      while (i < n && chunk[i] != '"' && chunk[i] != '\\') ++i;
      if (i == n) break;
      if (chunk[i] == '\\')
        escaped_ = true;
      else
        in_string_ = false;
      ++i;
      continue;
    }
    const char c = chunk[i];
    if (c == '"') {
      in_string_ = true;
    } else if (c == '[' || c == '{') {
      ++depth_;
    } else if (c == ']' || c == '}') {
      if (depth_ > 0) {
        --depth_;
      } else if (c == ']') {
        break;  // the array's own "]"
      }         // a stray "}" stays in the element, which will not parse
    } else if (c == ',' && depth_ == 0) {
      break;
    }
    ++i;
  }
  const std::string_view piece = chunk.substr(from, i - from);
  if (i == n) {  // the element goes on in the next chunk
    append(piece);
    return n;
  }
  if (element_offset_ >= consumed_ && partial_.empty() && length_ == 0) {
    // Begun in this chunk: hand over the chunk's bytes, uncopied.
    length_ = piece.size();
    if (length_ <= max_element_bytes_) {
      ++elements_;
      JsonElement element;
      element.text = trim_end(piece);
      element.number = elements_;
      element.offset = element_offset_;
      element.length = length_;
      length_ = 0;
      on_element(element);
      state_ = chunk[i] == ',' ? State::kBeforeNext : State::kClosed;
      return i + 1;
    }
    length_ = 0;
  }
  append(piece);
  deliver(on_element);
  state_ = chunk[i] == ',' ? State::kBeforeNext : State::kClosed;
  return i + 1;
}

void JsonArraySplitter::start_element(uint64_t offset) {
  if (partial_.capacity() > kKeepBufferUpTo) std::string().swap(partial_);  // after a huge element
  partial_.clear();
  length_ = 0;
  element_offset_ = offset;
  too_long_ = false;
  in_string_ = escaped_ = false;
  depth_ = 0;
}

void JsonArraySplitter::append(std::string_view piece) {
  length_ += piece.size();
  if (too_long_) return;
  if (length_ <= max_element_bytes_) {
    partial_.append(piece);
    return;
  }
  // From here on only the length is counted.
  too_long_ = true;
  if (partial_.size() < keep_bytes_) partial_.append(piece.substr(0, keep_bytes_ - partial_.size()));
  partial_.resize(std::min(partial_.size(), keep_bytes_));
}

void JsonArraySplitter::deliver(const JsonElementHandler &on_element) {
  ++elements_;
  JsonElement element;
  element.number = elements_;
  element.offset = element_offset_;
  element.length = length_;
  element.too_long = too_long_;
  element.text = too_long_ ? utf8_prefix(partial_, keep_bytes_) : trim_end(partial_);
  length_ = 0;
  on_element(element);  // partial_ is cleared when the next element starts
}

void JsonArraySplitter::finish() {
  if (state_ != State::kClosed)
    fail(UINT64_MAX, "the array is not closed");
}

void JsonArraySplitter::fail(uint64_t offset, const std::string &what) const {
  throw Error(sqlstate::kInvalidTextRepresentation,
              "file " + file_label_ + " is not a valid JSON array",
              "parse error " +
                  (offset == UINT64_MAX ? std::string("at the end of the file")
                                        : "at byte " + std::to_string(offset + 1)) +
                  ": " + what + " (after " +
                  std::to_string(elements_) + " element(s))",
              "Fix the file, or send it as JSON lines (one value per line) so "
              "that bad lines are rejected one by one.");
}

}  // namespace hrlake::core
