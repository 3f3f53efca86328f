// Memory for values that live as long as a group of them (a round of
// flagged messages), handed out from blocks that clear() keeps: the next
// group reuses them without asking the system again. (A memory context
// reset after each round gave the blocks back, and taking them again cost
// page faults: a second of a 10M-message flag_messages call.)
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

namespace hrlake::core {

class ByteArena {
 public:
  explicit ByteArena(size_t block_size = size_t{1} << 20) : block_size_(block_size) {}
  // `bytes` of memory aligned to 8, valid until clear() or destruction.
  char *allocate(size_t bytes);
  // Forgets every allocation; keeps the blocks.
  void clear() {
    current_ = 0;
    used_ = 0;
  }
  size_t capacity() const;  // bytes in all blocks

 private:
  struct Block {
    std::unique_ptr<char[]> data;
    size_t size;
  };
  size_t block_size_;
  std::vector<Block> blocks_;
  size_t current_ = 0;  // the block allocations come from
  size_t used_ = 0;     // bytes of it handed out
};

}  // namespace hrlake::core
