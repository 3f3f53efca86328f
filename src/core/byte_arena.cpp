#include "core/byte_arena.h"

#include <algorithm>

namespace hrlake::core {

char *ByteArena::allocate(size_t bytes) {
  bytes = (bytes + 7) & ~size_t{7};
  while (current_ < blocks_.size() && blocks_[current_].size - used_ < bytes) {
    ++current_;
    used_ = 0;
  }
  if (current_ == blocks_.size()) {
    const size_t size = std::max(block_size_, bytes);
    blocks_.push_back(Block{std::make_unique<char[]>(size), size});
    used_ = 0;
  }
  char *p = blocks_[current_].data.get() + used_;
  used_ += bytes;
  return p;
}

size_t ByteArena::capacity() const {
  size_t total = 0;
  for (const Block &b : blocks_) total += b.size;
  return total;
}

}  // namespace hrlake::core
