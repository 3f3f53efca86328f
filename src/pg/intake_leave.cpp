// Leave quota, holiday calendar and leave applications (SPEC §2.4): the
// rows of each employee (or, for the calendar, each date) against what is
// stored; the latest row decides (core::resolve_latest, resolve_quota).
// The leave ingest also keeps hrlake.leave_days, the reports' bitmaps of
// ACTIVE leave days per employee and year, in step.
#include <algorithm>
#include <map>

#include "core/leave_calendar.h"
#include "core/leave_source_rules.h"
#include "pg/bulk_insert.h"
#include "pg/convert.h"
#include "pg/datum_arrays.h"
#include "pg/intake_grouped.h"
#include "pg/intake_targets.h"
#include "pg/key_scan.h"
#include "pg/row_updater.h"
#include "pg/slot_values.h"
#include "pg/spi.h"

namespace hrlake::pg {
namespace {

using namespace catalog;

Datum now_datum() { return TimestampTzGetDatum(GetCurrentTransactionStartTimestamp()); }

// One stored row of a key: its value, where it arrived, and where it is.
template <typename Value>
struct Stored {
  Value value;
  core::Position position;
  ItemPointerData tid;
};

// The batch and line a stored row came from.
core::Position position_of(TupleTableSlot *slot, int batch_attno, int line_attno) {
  bool is_null;
  return {DatumGetInt64(slot_getattr(slot, batch_attno, &is_null)),
          DatumGetInt64(slot_getattr(slot, line_attno, &is_null))};
}

// ---- Leave applications: per employee, then per date ----

const char *status_text(core::LeaveStatus s) { return s == core::LeaveStatus::kActive ? "ACTIVE" : "CANCELLED"; }

class LeaveTarget : public GroupedTarget {
 public:
  bool add(const core::Position &at, const core::FieldValues &v, std::string &problem) override {
    auto row = core::parse_leave(v[0], v[1], v[2], problem);
    if (!row) return false;
    payload_.clear();
    keep(row->emp_id, at, payload_.i32(row->date).u8(static_cast<uint8_t>(row->status)));
    return true;
  }

 private:
  void open() override {
    stored_rows_ = std::make_unique<KeyScan>(kEmployeeLeave.schema, kEmployeeLeave.name, "employee_leave_pkey");
    stored_rows_->begin_batch();
    inserts_ = std::make_unique<BulkInsert>(
        kEmployeeLeave, std::vector<int>{Anum_employee_leave_emp_id, Anum_employee_leave_date,
                                         Anum_employee_leave_status, Anum_employee_leave_batch_id,
                                         Anum_employee_leave_line_no});
    updates_ = std::make_unique<RowUpdater>(
        kEmployeeLeave, std::vector<int>{Anum_employee_leave_status, Anum_employee_leave_batch_id,
                                         Anum_employee_leave_line_no, Anum_employee_leave_updated_at});
    stored_years_ = std::make_unique<KeyScan>(kLeaveDays.schema, kLeaveDays.name, "leave_days_pkey");
    stored_years_->begin_batch();
    new_days_ = std::make_unique<BulkInsert>(
        kLeaveDays, std::vector<int>{Anum_leave_days_emp_id, Anum_leave_days_year, Anum_leave_days_days});
  }

  void close() override {
    stored_rows_->finish();
    inserts_->finish();
    updates_->finish();
    stored_years_->finish();
    new_days_->finish();
    write_leave_days();
  }

  void group(std::string_view emp_id, const std::vector<Row> &rows) override {
    const Datum id = text_datum(emp_id);
    std::map<core::Date, Stored<core::LeaveStatus>> stored;
    stored_rows_->scan_backward(
        id, [](const Datum *, const bool *) { return true; },
        [&](TupleTableSlot *slot) {
          bool is_null;
          const core::Date date = stored_date(DatumGetDateADT(slot_getattr(slot, Anum_employee_leave_date, &is_null)));
          const auto status = core::parse_leave_status(*slot_text(slot, Anum_employee_leave_status, CurrentMemoryContext));
          stored[date] = {status.value_or(core::LeaveStatus::kCancelled),
                          position_of(slot, Anum_employee_leave_batch_id, Anum_employee_leave_line_no), slot->tts_tid};
          return true;
        });
    // The rows of each date, in arrival order.
    std::map<core::Date, std::vector<std::pair<size_t, core::KeyedRow<core::LeaveStatus>>>> by_date;
    for (size_t i = 0; i < rows.size(); ++i) {
      Payload::Reader p(rows[i].payload);
      const core::Date date = p.i32();
      by_date[date].push_back({i, {static_cast<core::LeaveStatus>(p.u8()), rows[i].at}});
    }
    std::vector<core::KeyedRow<core::LeaveStatus>> keyed;
    bool changed = false;
    std::map<core::Date, core::LeaveStatus> final_status;
    for (const auto &[date, s] : stored) final_status[date] = s.value;
    Datum values[Natts_employee_leave] = {};
    bool nulls[Natts_employee_leave] = {};
    for (const auto &[date, date_rows] : by_date) {
      keyed.clear();
      for (const auto &r : date_rows) keyed.push_back(r.second);
      auto it = stored.find(date);
      const std::optional<core::LeaveStatus> before =
          it == stored.end() ? std::nullopt : std::optional<core::LeaveStatus>(it->second.value);
      const core::LatestDecision d = core::resolve_latest(
          before, keyed, it == stored.end() ? std::nullopt : std::optional<core::Position>(it->second.position));
      if (!d.write) continue;
      const auto &winner = keyed[d.winner];
      loaded(winner.position.batch_id);
      changed = true;
      final_status[date] = winner.value;
      values[Anum_employee_leave_status - 1] = text_datum(status_text(winner.value));
      values[Anum_employee_leave_batch_id - 1] = Int64GetDatum(winner.position.batch_id);
      values[Anum_employee_leave_line_no - 1] = Int64GetDatum(winner.position.line_no);
      if (it != stored.end()) {
        values[Anum_employee_leave_updated_at - 1] = now_datum();
        updates_->update_row(it->second.tid, values, nulls);
      } else {
        values[Anum_employee_leave_emp_id - 1] = id;
        values[Anum_employee_leave_date - 1] = DateADTGetDatum(to_pg_date(date));
        inserts_->add_row(values, nulls);
      }
    }
    if (!changed) return;
    // The employee's ACTIVE days, per year that holds any leave of theirs.
    std::map<int, core::YearDays> years;
    for (const auto &[date, status] : final_status) {
      core::YearDays &days = years[core::civil_from_days(date).year];
      if (status == core::LeaveStatus::kActive) days.set(core::day_of_year(date));
    }
    Datum day_values[Natts_leave_days] = {};
    bool day_nulls[Natts_leave_days] = {};
    for (const auto &[year, days] : years) {
      // A year leave_days holds no row of (none stored before this ingest,
      // which writes each employee once): inserted as COPY would.
      if (stored_years_->outside_bounds(Int32GetDatum(year))) {
        day_values[Anum_leave_days_emp_id - 1] = id;
        day_values[Anum_leave_days_year - 1] = Int32GetDatum(year);
        day_values[Anum_leave_days_days - 1] = bytea_datum(reinterpret_cast<const char *>(days.data()), core::YearDays::kBytes);
        new_days_->add_row(day_values, day_nulls);
        continue;
      }
      leave_days_emp_.emplace_back(emp_id);
      leave_days_year_.push_back(year);
      leave_days_bits_.emplace_back(std::string(reinterpret_cast<const char *>(days.data()), core::YearDays::kBytes));
    }
    if (leave_days_emp_.size() >= 5000) write_leave_days();
  }

  // hrlake.leave_days for the (employee, year) pairs collected so far
  // whose year it may hold already.
  void write_leave_days() {
    if (leave_days_emp_.empty()) return;
    SpiParams p;
    p.add(TEXTARRAYOID, text_array(leave_days_emp_));
    p.add(INT4ARRAYOID, int4_array(leave_days_year_));
    p.add(BYTEAARRAYOID, bytea_array(leave_days_bits_));
    SpiSession spi;
    spi.execute(
        "INSERT INTO hrlake.leave_days AS d (emp_id, year, days) "
        "SELECT * FROM unnest($1::text[], $2::int4[], $3::bytea[]) "
        "ON CONFLICT (year, emp_id) DO UPDATE SET days = EXCLUDED.days",
        std::move(p));
    leave_days_emp_.clear();
    leave_days_year_.clear();
    leave_days_bits_.clear();
  }

  Payload payload_;
  std::unique_ptr<KeyScan> stored_rows_;
  std::unique_ptr<BulkInsert> inserts_;
  std::unique_ptr<RowUpdater> updates_;
  std::unique_ptr<KeyScan> stored_years_;  // leave_days, by year
  std::unique_ptr<BulkInsert> new_days_;
  std::vector<std::optional<std::string>> leave_days_emp_, leave_days_bits_;
  std::vector<int32_t> leave_days_year_;
};

// ---- Leave quota: per employee, then per year ----

class QuotaTarget : public GroupedTarget {
 public:
  bool add(const core::Position &at, const core::FieldValues &v, std::string &problem) override {
    auto row = core::parse_leave_quota(v[0], v[1], v[2], problem);
    if (!row) return false;
    payload_.clear();
    keep(row->emp_id, at, payload_.i32(row->year).i32(row->quota));
    return true;
  }

 private:
  void open() override {
    stored_rows_ = std::make_unique<KeyScan>(kLeaveQuota.schema, kLeaveQuota.name, "leave_quota_pkey");
    stored_rows_->begin_batch();
    inserts_ = std::make_unique<BulkInsert>(
        kLeaveQuota, std::vector<int>{Anum_leave_quota_emp_id, Anum_leave_quota_year, Anum_leave_quota_leave_quota,
                                      Anum_leave_quota_batch_id, Anum_leave_quota_line_no});
    updates_ = std::make_unique<RowUpdater>(
        kLeaveQuota, std::vector<int>{Anum_leave_quota_leave_quota, Anum_leave_quota_batch_id,
                                      Anum_leave_quota_line_no, Anum_leave_quota_updated_at});
  }

  void close() override {
    stored_rows_->finish();
    inserts_->finish();
    updates_->finish();
  }

  void group(std::string_view emp_id, const std::vector<Row> &rows) override {
    const Datum id = text_datum(emp_id);
    std::map<int, Stored<int>> stored;
    stored_rows_->scan_backward(
        id, [](const Datum *, const bool *) { return true; },
        [&](TupleTableSlot *slot) {
          bool is_null;
          stored[DatumGetInt32(slot_getattr(slot, Anum_leave_quota_year, &is_null))] = {
              DatumGetInt32(slot_getattr(slot, Anum_leave_quota_leave_quota, &is_null)),
              position_of(slot, Anum_leave_quota_batch_id, Anum_leave_quota_line_no), slot->tts_tid};
          return true;
        });
    std::map<int, std::vector<core::QuotaRow>> by_year;
    for (const Row &r : rows) {
      Payload::Reader p(r.payload);
      const int year = p.i32();
      by_year[year].push_back({p.i32(), r.at});
    }
    Datum values[Natts_leave_quota] = {};
    bool nulls[Natts_leave_quota] = {};
    for (const auto &[year, year_rows] : by_year) {
      auto it = stored.find(year);
      const std::optional<int> before = it == stored.end() ? std::nullopt : std::optional<int>(it->second.value);
      const core::LatestDecision d = core::resolve_quota(
          before, year_rows, it == stored.end() ? std::nullopt : std::optional<core::Position>(it->second.position));
      if (!d.write) continue;
      const core::QuotaRow &winner = year_rows[d.winner];
      loaded(winner.position.batch_id);
      values[Anum_leave_quota_leave_quota - 1] = Int32GetDatum(winner.quota);
      values[Anum_leave_quota_batch_id - 1] = Int64GetDatum(winner.position.batch_id);
      values[Anum_leave_quota_line_no - 1] = Int64GetDatum(winner.position.line_no);
      if (it != stored.end()) {
        values[Anum_leave_quota_updated_at - 1] = now_datum();
        updates_->update_row(it->second.tid, values, nulls);
      } else {
        values[Anum_leave_quota_emp_id - 1] = id;
        values[Anum_leave_quota_year - 1] = Int32GetDatum(year);
        inserts_->add_row(values, nulls);
      }
    }
  }

  Payload payload_;
  std::unique_ptr<KeyScan> stored_rows_;
  std::unique_ptr<BulkInsert> inserts_;
  std::unique_ptr<RowUpdater> updates_;
};

// ---- Holiday calendar: per date ----

// Dates sort as their ISO text.
std::string date_key(core::Date d) { return core::iso_date(d); }

class CalendarTarget : public GroupedTarget {
 public:
  bool add(const core::Position &at, const core::FieldValues &v, std::string &problem) override {
    auto row = core::parse_leave_calendar(v[0], v[1], problem);
    if (!row) return false;
    payload_.clear();
    keep(date_key(row->date), at, payload_.i32(row->date).opt_str(row->reason));
    return true;
  }

 private:
  void open() override {
    stored_rows_ = std::make_unique<KeyScan>(kLeaveCalendar.schema, kLeaveCalendar.name, "leave_calendar_pkey");
    stored_rows_->begin_batch();
    inserts_ = std::make_unique<BulkInsert>(
        kLeaveCalendar, std::vector<int>{Anum_leave_calendar_date, Anum_leave_calendar_reason,
                                         Anum_leave_calendar_batch_id, Anum_leave_calendar_line_no});
    updates_ = std::make_unique<RowUpdater>(
        kLeaveCalendar, std::vector<int>{Anum_leave_calendar_reason, Anum_leave_calendar_batch_id,
                                         Anum_leave_calendar_line_no, Anum_leave_calendar_updated_at});
  }

  void close() override {
    stored_rows_->finish();
    inserts_->finish();
    updates_->finish();
  }

  void group(std::string_view, const std::vector<Row> &rows) override {
    std::vector<core::KeyedRow<std::optional<std::string_view>>> keyed;
    core::Date date = 0;
    for (const Row &r : rows) {
      Payload::Reader p(r.payload);
      date = p.i32();
      keyed.push_back({p.opt_str(), r.at});
    }
    const Datum day = DateADTGetDatum(to_pg_date(date));
    std::optional<Stored<std::optional<std::string>>> stored;
    stored_rows_->scan_backward(
        day, [](const Datum *, const bool *) { return true; },
        [&](TupleTableSlot *slot) {
          auto reason = slot_text(slot, Anum_leave_calendar_reason, CurrentMemoryContext);
          stored = Stored<std::optional<std::string>>{
              reason ? std::optional<std::string>(*reason) : std::nullopt,
              position_of(slot, Anum_leave_calendar_batch_id, Anum_leave_calendar_line_no), slot->tts_tid};
          return false;
        });
    std::optional<std::optional<std::string_view>> before;
    if (stored) before = stored->value ? std::optional<std::string_view>(*stored->value) : std::nullopt;
    const core::LatestDecision d = core::resolve_latest(
        before, keyed, stored ? std::optional<core::Position>(stored->position) : std::nullopt);
    if (!d.write) return;
    const auto &winner = keyed[d.winner];
    loaded(winner.position.batch_id);
    Datum values[Natts_leave_calendar] = {};
    bool nulls[Natts_leave_calendar] = {};
    nulls[Anum_leave_calendar_reason - 1] = !winner.value;
    if (winner.value) values[Anum_leave_calendar_reason - 1] = text_datum(*winner.value);
    values[Anum_leave_calendar_batch_id - 1] = Int64GetDatum(winner.position.batch_id);
    values[Anum_leave_calendar_line_no - 1] = Int64GetDatum(winner.position.line_no);
    if (stored) {
      values[Anum_leave_calendar_updated_at - 1] = now_datum();
      updates_->update_row(stored->tid, values, nulls);
    } else {
      values[Anum_leave_calendar_date - 1] = day;
      inserts_->add_row(values, nulls);
    }
  }

  Payload payload_;
  std::unique_ptr<KeyScan> stored_rows_;
  std::unique_ptr<BulkInsert> inserts_;
  std::unique_ptr<RowUpdater> updates_;
};

}  // namespace

std::unique_ptr<IntakeTarget> leave_target() { return std::make_unique<LeaveTarget>(); }
std::unique_ptr<IntakeTarget> leave_quota_target() { return std::make_unique<QuotaTarget>(); }
std::unique_ptr<IntakeTarget> leave_calendar_target() { return std::make_unique<CalendarTarget>(); }

}  // namespace hrlake::pg
