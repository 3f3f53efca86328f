// Dense ids for names (0, 1, 2, ... in order of first sight): senders and
// receivers of messages, numbered on the matcher's thread once per
// message. An open-addressing table over one byte arena: no allocation per
// name, and a lookup touches one slot (the hash kept beside the id) until
// the name itself is compared. std::unordered_map<std::string, ...> cost a
// third of flag_messages' time for 10M messages (BENCHMARKS.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hrlake::core {

class NameIds {
 public:
  // The name's id; `added` tells whether it was seen for the first time.
  uint32_t intern(std::string_view name, bool &added);
  uint32_t intern(std::string_view name) {
    bool added;
    return intern(name, added);
  }
  std::string_view name(uint32_t id) const {
    return std::string_view(bytes_).substr(starts_[id], starts_[id + 1] - starts_[id]);
  }
  size_t size() const { return starts_.size() - 1; }
  void clear();

 private:
  struct Slot {
    uint32_t hash;
    uint32_t id_plus_one;  // 0: empty
  };
  void grow();

  std::string bytes_;                // every name, one after another
  std::vector<size_t> starts_{0};    // name i is bytes_[starts_[i], starts_[i + 1])
  std::vector<Slot> slots_;          // a power of two, at most half full
};

}  // namespace hrlake::core
