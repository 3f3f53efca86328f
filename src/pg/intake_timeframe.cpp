// Timeframe rows (SPEC §2.3), a streaming target (intake.h): each valid row
// is kept in hrlake.timeframe_row once, the first time it arrives; a row
// that arrived before is a duplicate. The history is derived from these
// rows by the merge (timeframe_merge.h), so a batch stays waiting for it
// ('staged') until then.
#include <unordered_set>

#include "core/timeframe_rules.h"
#include "pg/bulk_insert.h"
#include "pg/convert.h"
#include "pg/intake_targets.h"
#include "pg/key_probe.h"

namespace hrlake::pg {
namespace {

using namespace catalog;

class TimeframeTarget : public IntakeTarget {
 public:
  TimeframeTarget()
      : writer_(kTimeframeRow, {Anum_timeframe_row_emp_id, Anum_timeframe_row_start_date, Anum_timeframe_row_end_date,
                                Anum_timeframe_row_salary, Anum_timeframe_row_designation,
                                Anum_timeframe_row_batch_id, Anum_timeframe_row_line_no}),
        probe_(kTimeframeRow, "timeframe_row_distinct",
               {Anum_timeframe_row_emp_id, Anum_timeframe_row_start_date, Anum_timeframe_row_end_date,
                Anum_timeframe_row_salary, Anum_timeframe_row_designation}) {}

  bool add(const core::Position &at, const core::FieldValues &v, std::string &problem) override {
    auto row = core::parse_timeframe(v[0], v[1], v[2], v[3], v[4], problem);
    if (!row) return false;
    // The row's identity: the columns of the unique index, in its order.
    const std::string salary = row->salary ? row->salary->text() : std::string();
    key_.assign(row->emp_id).push_back('\0');
    key_.append(std::to_string(row->start)).push_back('\0');
    key_.append(row->end ? std::to_string(*row->end) : "-").push_back('\0');
    key_.append(row->salary ? salary : "-").push_back('\0');
    key_.append(row->designation ? "+" + std::string(*row->designation) : "-");
    if (pending_.count(key_)) return true;

    Datum values[Natts_timeframe_row] = {};
    bool nulls[Natts_timeframe_row] = {};
    MemoryContext old = MemoryContextSwitchTo(writer_.row_context());
    values[Anum_timeframe_row_emp_id - 1] = text_datum(row->emp_id);
    values[Anum_timeframe_row_start_date - 1] = DateADTGetDatum(to_pg_date(row->start));
    nulls[Anum_timeframe_row_end_date - 1] = !row->end;
    if (row->end) values[Anum_timeframe_row_end_date - 1] = DateADTGetDatum(to_pg_date(*row->end));
    nulls[Anum_timeframe_row_salary - 1] = !row->salary;
    if (row->salary) values[Anum_timeframe_row_salary - 1] = numeric_datum(salary);
    nulls[Anum_timeframe_row_designation - 1] = !row->designation;
    if (row->designation) values[Anum_timeframe_row_designation - 1] = text_datum(*row->designation);
    values[Anum_timeframe_row_batch_id - 1] = Int64GetDatum(at.batch_id);
    values[Anum_timeframe_row_line_no - 1] = Int64GetDatum(at.line_no);
    const Datum keys[5] = {values[0], values[1], values[2], values[3], values[4]};
    const bool key_nulls[5] = {nulls[0], nulls[1], nulls[2], nulls[3], nulls[4]};
    const bool stored = probe_.exists(keys, key_nulls);
    MemoryContextSwitchTo(old);
    if (stored) {
      MemoryContextReset(writer_.row_context());
      return true;
    }
    writer_.add_row(values, nulls);
    if (writer_.buffered() == 0)
      pending_.clear();  // flushed: every row so far is in the index
    else
      pending_.insert(key_);
    loaded(at.batch_id);
    return true;
  }

  void finish() override {
    writer_.finish();
    probe_.finish();
  }

 private:
  BulkInsert writer_;
  KeyProbe probe_;
  std::unordered_set<std::string> pending_;  // rows written since the last flush
  std::string key_;
};

}  // namespace

std::unique_ptr<IntakeTarget> timeframe_target() { return std::make_unique<TimeframeTarget>(); }

}  // namespace hrlake::pg
