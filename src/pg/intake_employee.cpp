// Employees (SPEC §2.2): the rows of each emp_id against the employee's
// stored values; core::resolve_employee decides what is stored again.
#include "core/employee_rules.h"
#include "pg/bulk_insert.h"
#include "pg/convert.h"
#include "pg/intake_grouped.h"
#include "pg/intake_targets.h"
#include "pg/key_scan.h"
#include "pg/row_updater.h"
#include "pg/slot_values.h"

namespace hrlake::pg {
namespace {

using namespace catalog;

class EmployeeTarget : public GroupedTarget {
 public:
  bool add(const core::Position &at, const core::FieldValues &v, std::string &problem) override {
    auto row = core::parse_employee(v[0], v[1], v[2], problem);
    if (!row) return false;
    payload_.clear();
    keep(row->emp_id, at, payload_.i32(row->age).str(row->name));
    return true;
  }

 private:
  void open() override {
    stored_rows_ = std::make_unique<KeyScan>(kEmployee.schema, kEmployee.name, "employee_pkey");
    stored_rows_->begin_batch();
    inserts_ = std::make_unique<BulkInsert>(
        kEmployee, std::vector<int>{Anum_employee_emp_id, Anum_employee_age, Anum_employee_name,
                                    Anum_employee_batch_id, Anum_employee_line_no});
    updates_ = std::make_unique<RowUpdater>(
        kEmployee, std::vector<int>{Anum_employee_batch_id, Anum_employee_line_no, Anum_employee_loaded_at});
  }

  void close() override {
    stored_rows_->finish();
    inserts_->finish();
    updates_->finish();
  }

  void group(std::string_view emp_id, const std::vector<Row> &rows) override {
    const Datum id = text_datum(emp_id);
    // What is stored for the employee (names copied out of the slot).
    stored_.clear();
    stored_tids_.clear();
    names_.clear();
    stored_rows_->scan_backward(
        id, [](const Datum *, const bool *) { return true; },
        [&](TupleTableSlot *slot) {
          bool is_null;
          names_.emplace_back(*slot_text(slot, Anum_employee_name, CurrentMemoryContext));
          stored_.push_back({{DatumGetInt32(slot_getattr(slot, Anum_employee_age, &is_null)), {}},
                             {DatumGetInt64(slot_getattr(slot, Anum_employee_batch_id, &is_null)),
                              DatumGetInt64(slot_getattr(slot, Anum_employee_line_no, &is_null))}});
          stored_tids_.push_back(slot->tts_tid);
          return true;
        });
    for (size_t i = 0; i < stored_.size(); ++i) stored_[i].value.name = names_[i];
    incoming_.clear();
    for (const Row &r : rows) {
      Payload::Reader p(r.payload);
      const int age = p.i32();
      incoming_.push_back({{age, p.str()}, r.at});
    }
    core::resolve_employee(stored_, incoming_, writes_, outcomes_);
    for (size_t i = 0; i < rows.size(); ++i)
      if (outcomes_[i] == core::Outcome::kLoaded) loaded(rows[i].at.batch_id);

    Datum values[Natts_employee] = {};
    bool nulls[Natts_employee] = {};
    for (const core::EmployeeWrite &w : writes_) {
      values[Anum_employee_batch_id - 1] = Int64GetDatum(w.position.batch_id);
      values[Anum_employee_line_no - 1] = Int64GetDatum(w.position.line_no);
      if (w.stored) {
        values[Anum_employee_loaded_at - 1] = TimestampTzGetDatum(GetCurrentTransactionStartTimestamp());
        updates_->update_row(stored_tids_[*w.stored], values, nulls);
      } else {
        values[Anum_employee_emp_id - 1] = id;
        values[Anum_employee_age - 1] = Int32GetDatum(w.value.age);
        values[Anum_employee_name - 1] = text_datum(w.value.name);
        inserts_->add_row(values, nulls);
      }
    }
  }

  Payload payload_;
  std::unique_ptr<KeyScan> stored_rows_;
  std::unique_ptr<BulkInsert> inserts_;
  std::unique_ptr<RowUpdater> updates_;
  std::vector<core::StoredEmployee> stored_;
  std::vector<ItemPointerData> stored_tids_;
  std::vector<std::string> names_;
  std::vector<core::IncomingEmployee> incoming_;
  std::vector<core::EmployeeWrite> writes_;
  std::vector<core::Outcome> outcomes_;
};

}  // namespace

std::unique_ptr<IntakeTarget> employee_target() { return std::make_unique<EmployeeTarget>(); }

}  // namespace hrlake::pg
