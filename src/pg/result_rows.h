// Where a function that changes rows reports each change it made: into the
// result set of its set-returning call, or only into a count. The
// scheduled jobs record how many changes a step made and nothing more;
// sending them millions of rows through a tuplestore (and its temporary
// file) would cost time for rows nobody reads.
#pragma once

#include "pg/error_bridge.h"

namespace hrlake::pg {

class ResultRows {
 public:
  // The rows go to the result set of this set-returning call.
  static ResultRows of_call(FunctionCallInfo fcinfo);
  // The rows are only counted.
  static ResultRows counted() { return ResultRows(nullptr); }

  // One row: values and nulls in the order of the result's columns.
  void add(const Datum *values, const bool *nulls);
  uint64_t count() const { return count_; }

 private:
  explicit ResultRows(ReturnSetInfo *rsinfo) : rsinfo_(rsinfo) {}

  ReturnSetInfo *rsinfo_;
  uint64_t count_ = 0;
};

}  // namespace hrlake::pg
