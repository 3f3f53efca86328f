#include "core/byte_arena.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <set>

namespace hrlake::core {
namespace {

// Allocations are aligned, do not overlap, survive until clear(), and
// after clear() the same blocks serve again (no growth).
TEST(ByteArena, AlignedDisjointAndReusedAfterClear) {
  ByteArena arena(256);
  std::set<std::pair<uintptr_t, size_t>> taken;
  for (int round = 0; round < 3; ++round) {
    taken.clear();
    for (size_t n : {1u, 7u, 8u, 100u, 300u, 5u, 250u, 1000u, 3u}) {
      char *p = arena.allocate(n);
      ASSERT_EQ(reinterpret_cast<uintptr_t>(p) % 8, 0u);
      std::memset(p, 'x', n);
      const auto begin = reinterpret_cast<uintptr_t>(p);
      for (const auto &[b, len] : taken) EXPECT_TRUE(begin + n <= b || b + len <= begin);
      taken.emplace(begin, n);
    }
    const size_t capacity = arena.capacity();
    arena.clear();
    if (round > 0) {
      EXPECT_EQ(arena.capacity(), capacity);
    }
  }
}

}  // namespace
}  // namespace hrlake::core
