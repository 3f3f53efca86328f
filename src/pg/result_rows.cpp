#include "pg/result_rows.h"

namespace hrlake::pg {

ResultRows ResultRows::of_call(FunctionCallInfo fcinfo) {
  pg_call([&] { InitMaterializedSRF(fcinfo, 0); });
  return ResultRows(reinterpret_cast<ReturnSetInfo *>(fcinfo->resultinfo));
}

void ResultRows::add(const Datum *values, const bool *nulls) {
  ++count_;
  if (!rsinfo_) return;
  // The tuplestore copies the row.
  pg_call([&] {
    tuplestore_putvalues(rsinfo_->setResult, rsinfo_->setDesc, const_cast<Datum *>(values),
                         const_cast<bool *>(nulls));
  });
}

}  // namespace hrlake::pg
