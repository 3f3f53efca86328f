#include "core/name_ids.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <unordered_map>

namespace hrlake::core {
namespace {

TEST(NameIds, NumbersNamesInOrderOfFirstSight) {
  NameIds ids;
  bool added = false;
  EXPECT_EQ(ids.intern("b", added), 0u);
  EXPECT_TRUE(added);
  EXPECT_EQ(ids.intern("a", added), 1u);
  EXPECT_TRUE(added);
  EXPECT_EQ(ids.intern("b", added), 0u);
  EXPECT_FALSE(added);
  // Names differ by every byte: empty, prefixes, embedded NUL.
  EXPECT_EQ(ids.intern(""), 2u);
  EXPECT_EQ(ids.intern("bb"), 3u);
  EXPECT_EQ(ids.intern(std::string_view("b\0", 2)), 4u);
  EXPECT_EQ(ids.size(), 5u);
  EXPECT_EQ(ids.name(3), "bb");
  EXPECT_EQ(ids.name(4), std::string_view("b\0", 2));
  ids.clear();
  EXPECT_EQ(ids.size(), 0u);
  EXPECT_EQ(ids.intern("a"), 0u);
}

// Against a map, across many growths of the table.
TEST(NameIds, AgreesWithAMapAcrossGrowth) {
  NameIds ids;
  std::unordered_map<std::string, uint32_t> reference;
  std::mt19937 random(11);
  for (int i = 0; i < 200000; ++i) {
    const std::string name = std::to_string(random() % 50000);
    bool added = false;
    const uint32_t id = ids.intern(name, added);
    auto [it, inserted] = reference.try_emplace(name, static_cast<uint32_t>(reference.size()));
    ASSERT_EQ(added, inserted);
    ASSERT_EQ(id, it->second);
  }
  for (const auto &[name, id] : reference) EXPECT_EQ(ids.name(id), name);
}

}  // namespace
}  // namespace hrlake::core
