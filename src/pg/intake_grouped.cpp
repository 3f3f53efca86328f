#include "pg/intake_grouped.h"

#include "core/interrupts.h"

namespace hrlake::pg {

GroupedTarget::GroupedTarget() {
  group_context_ = pg_call([] {
    return AllocSetContextCreate(CurrentMemoryContext, "hrlake intake group", ALLOCSET_DEFAULT_SIZES);
  });
}

GroupedTarget::~GroupedTarget() {
  if (!std::uncaught_exceptions()) MemoryContextDelete(group_context_);
}

void GroupedTarget::finish() {
  if (rows_.empty()) return;
  rows_.sort();
  open();
  std::string key, bytes;              // the group's key and payloads, copied out of the sort
  std::vector<core::Position> positions;
  std::vector<size_t> ends;
  std::vector<Row> group_rows;
  auto flush = [&] {
    group_rows.clear();
    size_t begin = 0;
    for (size_t i = 0; i < positions.size(); ++i) {
      group_rows.push_back({positions[i], std::string_view(bytes).substr(begin, ends[i] - begin)});
      begin = ends[i];
    }
    MemoryContext old = MemoryContextSwitchTo(group_context_);
    group(key, group_rows);
    MemoryContextSwitchTo(old);
    MemoryContextReset(group_context_);
    core::check_for_interrupts();
  };
  std::string_view next_key, payload;
  core::Position at;
  bool first = true;
  while (rows_.next(next_key, at, payload)) {
    if (!first && next_key != key) {
      flush();
      bytes.clear();
      positions.clear();
      ends.clear();
    }
    if (first || next_key != key) key.assign(next_key);
    first = false;
    bytes.append(payload);
    positions.push_back(at);
    ends.push_back(bytes.size());
  }
  flush();
  close();
}

}  // namespace hrlake::pg
