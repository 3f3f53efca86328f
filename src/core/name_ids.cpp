#include "core/name_ids.h"

#include <functional>

namespace hrlake::core {
namespace {

uint32_t hash_of(std::string_view name) {
  const uint64_t h = std::hash<std::string_view>{}(name);
  return static_cast<uint32_t>(h ^ (h >> 32));
}

}  // namespace

uint32_t NameIds::intern(std::string_view name, bool &added) {
  if (slots_.empty()) slots_.resize(1024);
  const uint32_t hash = hash_of(name);
  const size_t mask = slots_.size() - 1;
  size_t i = hash & mask;
  for (; slots_[i].id_plus_one != 0; i = (i + 1) & mask) {
    const Slot &slot = slots_[i];
    if (slot.hash == hash && this->name(slot.id_plus_one - 1) == name) {
      added = false;
      return slot.id_plus_one - 1;
    }
  }
  const auto id = static_cast<uint32_t>(size());
  bytes_.append(name);
  starts_.push_back(bytes_.size());
  slots_[i] = Slot{hash, id + 1};
  added = true;
  if (2 * size() > slots_.size()) grow();
  return id;
}

void NameIds::grow() {
  std::vector<Slot> old(2 * slots_.size());
  old.swap(slots_);
  const size_t mask = slots_.size() - 1;
  for (const Slot &slot : old) {
    if (slot.id_plus_one == 0) continue;
    size_t i = slot.hash & mask;
    while (slots_[i].id_plus_one != 0) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

void NameIds::clear() {
  bytes_.clear();
  starts_.assign(1, 0);
  slots_.clear();
}

}  // namespace hrlake::core
