// Cuts one JSON array, arriving in chunks, into its elements without parsing
// them: it follows only strings, escapes and brackets, to find the commas and
// the closing bracket at the array's own level. Each element is handed over
// as its exact bytes, to be parsed alone: a bad element is one reject, and
// nesting costs a counter, not stack. Memory stays bounded as in
// LineSplitter: of an element longer than max_element_bytes only the first
// keep_bytes bytes are kept.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace hrlake::core {

struct JsonElement {
  std::string_view text;  // trimmed; when too_long, the kept first bytes
  int64_t number = 0;     // from 1; an empty element (",,") counts too
  uint64_t offset = 0;    // byte offset of its first byte in the input, from 0
  uint64_t length = 0;    // its whole length in bytes
  bool too_long = false;
};

using JsonElementHandler = std::function<void(const JsonElement &)>;

class JsonArraySplitter {
 public:
  // The input starts with the array's "[", found at start_offset of the file.
  JsonArraySplitter(size_t max_element_bytes, size_t keep_bytes, uint64_t start_offset,
                    std::string file_label);

  // Feeds the next bytes; throws Error when text follows the closing "]".
  void feed(std::string_view chunk, const JsonElementHandler &on_element);
  // Ends the input; throws Error when the array is not closed.
  void finish();

 private:
  enum class State { kOpen, kBeforeFirst, kBeforeNext, kElement, kClosed };

  size_t scan_element(std::string_view chunk, size_t pos, const JsonElementHandler &on_element);
  void start_element(uint64_t offset);
  void append(std::string_view piece);
  void deliver(const JsonElementHandler &on_element);
  // Throws the error for a broken array; offset UINT64_MAX is the end of input.
  [[noreturn]] void fail(uint64_t offset, const std::string &what) const;

  size_t max_element_bytes_;
  size_t keep_bytes_;
  std::string file_label_;
  State state_ = State::kOpen;
  uint64_t consumed_;          // offset of the chunk being fed

  // The element in progress.
  std::string partial_;        // its bytes so far (the kept ones when too long)
  uint64_t length_ = 0;
  uint64_t element_offset_ = 0;
  bool too_long_ = false;
  bool in_string_ = false;
  bool escaped_ = false;
  uint64_t depth_ = 0;         // open brackets inside the element
  int64_t elements_ = 0;
};

}  // namespace hrlake::core
