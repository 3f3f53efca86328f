// What the writers' selftest entry points share: a query's rows, read
// through SPI, handed over one at a time in a short-lived context, as real
// callers do (what a writer keeps must not live in its caller's context,
// whether made when it was constructed or when rows were added). For the
// regression tests only.
#pragma once

#include "pg/spi.h"

namespace hrlake::pg {

class SelftestRows {
 public:
  explicit SelftestRows(const std::string &query) {
    rows_count_ = spi_.execute(query);
    rows_ = SPI_tuptable;
    caller_ = pg_call([] {
      return AllocSetContextCreate(CurrentMemoryContext, "writer selftest caller", ALLOCSET_SMALL_SIZES);
    });
  }
  uint64 count() const { return rows_count_; }
  int columns() const { return rows_->tupdesc->natts; }
  // The query's column names from `first` on.
  std::vector<std::string> column_names(int first) const {
    std::vector<std::string> names;
    for (int i = first; i < columns(); ++i) names.emplace_back(NameStr(TupleDescAttr(rows_->tupdesc, i)->attname));
    return names;
  }
  // Constructs a writer in the short-lived context.
  template <typename Writer, typename... Args>
  std::unique_ptr<Writer> make(Args &&...args) {
    MemoryContext outer = MemoryContextSwitchTo(caller_);
    auto writer = std::make_unique<Writer>(std::forward<Args>(args)...);
    MemoryContextSwitchTo(outer);
    return writer;
  }
  // Calls on_row(values, nulls) for every row, in the short-lived context,
  // which is reset every ten rows.
  template <typename F>
  void for_each(F &&on_row) {
    std::vector<Datum> values(columns());
    std::unique_ptr<bool[]> nulls(new bool[columns()]);
    for (uint64 r = 0; r < rows_count_; ++r) {
      MemoryContext old = MemoryContextSwitchTo(caller_);
      pg_call([&] { heap_deform_tuple(rows_->vals[r], rows_->tupdesc, values.data(), nulls.get()); });
      on_row(values.data(), nulls.get());
      MemoryContextSwitchTo(old);
      if (r % 10 == 9) {
        MemoryContextReset(caller_);
        pg_call([] { CHECK_FOR_INTERRUPTS(); });
      }
    }
  }

 private:
  SpiSession spi_;
  uint64 rows_count_ = 0;
  SPITupleTable *rows_ = nullptr;
  MemoryContext caller_ = nullptr;
};

}  // namespace hrlake::pg
