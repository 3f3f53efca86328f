// A query read chunk by chunk, each row handed to a callback while it still
// sits in the executor's slot. SPI_cursor_fetch copies every row into a
// tuple table first; for a scan of millions of rows of which most are
// looked at once and dropped, that copy costs more than the look.
#pragma once

#include "pg/spi.h"

namespace hrlake::pg {

class QueryCursor {
 public:
  using RowFn = std::function<void(TupleTableSlot *)>;

  // Opens the query (inside an SpiSession) with a snapshot taken now.
  QueryCursor(const char *sql, SpiParams params);
  ~QueryCursor();
  QueryCursor(const QueryCursor &) = delete;
  QueryCursor &operator=(const QueryCursor &) = delete;

  // Runs the query on for up to max_rows rows, calling on_row for each;
  // returns how many it read (0: the query is done). on_row runs inside the
  // executor: its PostgreSQL calls go through pg_call as anywhere else, and
  // an exception it throws stops the query and leaves fetch().
  uint64 fetch(long max_rows, const RowFn &on_row);

 private:
  Portal portal_ = nullptr;
};

}  // namespace hrlake::pg
