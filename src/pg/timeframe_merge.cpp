#include "pg/timeframe_merge.h"

#include <unordered_map>

#include "core/error.h"
#include "core/interrupts.h"
#include "core/timeframe_history.h"
#include "pg/bulk_insert.h"
#include "pg/catalog.h"
#include "pg/convert.h"
#include "pg/datum_arrays.h"
#include "pg/key_scan.h"
#include "pg/progress.h"
#include "pg/query_cursor.h"
#include "pg/row_updater.h"
#include "pg/settings.h"
#include "pg/slot_values.h"

namespace hrlake::pg {
namespace {

using namespace catalog;

// Strings that must outlive a chunk's string_views.
class Arena {
 public:
  std::string_view keep(std::string_view s) {
    if (blocks_.empty() || used_ + s.size() > kBlock) {
      blocks_.emplace_back(new char[std::max(kBlock, s.size())]);
      used_ = 0;
    }
    char *p = blocks_.back().get() + used_;
    memcpy(p, s.data(), s.size());
    used_ += s.size();
    return {p, s.size()};
  }
  void clear() {
    if (blocks_.size() > 1) blocks_.erase(blocks_.begin() + 1, blocks_.end());
    used_ = 0;
  }

 private:
  static constexpr size_t kBlock = 1 << 20;
  std::vector<std::unique_ptr<char[]>> blocks_;
  size_t used_ = 0;
};

constexpr const char *kActionNames[4] = {"INSERTED", "CLOSED", "UPDATED", "DELETED"};

// A numeric read from a slot: the Datum (copied into the current context)
// and its value.
struct Salary {
  Datum datum = (Datum)0;
  std::optional<core::Decimal> value;
};
Salary read_salary(TupleTableSlot *slot, int attno) {
  bool is_null;
  const Datum d = slot_getattr(slot, attno, &is_null);
  if (is_null) return {};
  Salary s;
  s.datum = pg_call([&] { return datumCopy(d, false, -1); });
  const std::string text = numeric_text(s.datum);
  s.value = core::Decimal::parse(text);
  if (!s.value)
    throw core::Error(core::sqlstate::kInvalidParameterValue, "a stored salary is not a plain decimal: " + text, {},
                      "Correct the row with an UPDATE.");
  return s;
}

}  // namespace

struct TimeframeMerge::State {
  State(SpiSession &s, ResultRows &r)
      : spi(s),
        result(r),
        rows("hrlake", "timeframe_row", "timeframe_row_distinct"),
        history("hrlake", "employee_timeframe", "employee_timeframe_one_per_period"),
        updates(kEmployeeTimeframe,
                {Anum_employee_timeframe_designation, Anum_employee_timeframe_salary, Anum_employee_timeframe_end_date,
                 Anum_employee_timeframe_end_date_given, Anum_employee_timeframe_batch_id,
                 Anum_employee_timeframe_line_no, Anum_employee_timeframe_updated_at}) {
    rows_start = rows.index_column("start_date");
    history_start = history.index_column("start_date");
  }

  SpiSession &spi;
  ResultRows &result;
  MemoryContext chunk_context = nullptr;
  KeyScan rows;     // hrlake.timeframe_row by (emp_id, start_date, ...)
  KeyScan history;  // hrlake.employee_timeframe by (emp_id, start_date, end_date)
  RowUpdater updates;
  std::unique_ptr<BulkInsert> inserts;  // opened with the first new record
  int rows_start = 0, history_start = 0;
  Datum action_text[4] = {};
  Datum active_text = (Datum)0, inactive_text = (Datum)0;
  Arena arena;
  Progress *progress = nullptr;  // while merge_batches runs
  int64_t merged = 0;            // employees merged, for progress
  // Employees with a 10th strike, and its day (few: read once).
  std::unordered_map<std::string, core::Date> deactivated;

  // One employee's rows and records (reused).
  std::vector<core::TimeframeRow> emp_rows;
  std::vector<Datum> emp_row_salary;
  std::vector<core::StoredRecord> stored;
  std::vector<Datum> stored_salary;
  std::vector<ItemPointerData> stored_tid;
  std::vector<core::HistoryRecord> derived;
  std::vector<core::HistoryChange> changes;

  void merge_chunk(const std::vector<Employee> &employees, size_t from, size_t to);
  void read_deactivations();
  void merge_one(const Employee &e);
  void read_rows(Datum id, core::Date earliest, std::optional<core::Date> &cut);
  void read_records(Datum id, const std::optional<core::Date> &cut);
  void apply(Datum id);
  void emit(int action, Datum id, const std::optional<std::string_view> &designation, core::Date start,
            const std::optional<core::Date> &end, Datum salary);
};

TimeframeMerge::TimeframeMerge(SpiSession &spi, ResultRows &result) : state_(std::make_unique<State>(spi, result)) {
  State &s = *state_;
  pg_call([&] {
    s.chunk_context = AllocSetContextCreate(CurrentMemoryContext, "hrlake timeframe chunk", ALLOCSET_DEFAULT_SIZES);
    for (int i = 0; i < 4; ++i) s.action_text[i] = CStringGetTextDatum(kActionNames[i]);
    s.active_text = CStringGetTextDatum("ACTIVE");
    s.inactive_text = CStringGetTextDatum("INACTIVE");
  });
  s.read_deactivations();
}

TimeframeMerge::~TimeframeMerge() {
  if (!std::uncaught_exceptions()) MemoryContextDelete(state_->chunk_context);
}

void TimeframeMerge::merge_batches(const std::vector<int64_t> &batches) {
  if (batches.empty()) return;
  // Each employee with new rows, and the earliest start among them.
  SpiParams params;
  params.add(INT8ARRAYOID, int8_array(batches));
  QueryCursor employees(
      "SELECT emp_id, min(start_date) FROM hrlake.timeframe_row WHERE batch_id = ANY ($1) "
      "GROUP BY emp_id ORDER BY emp_id",
      std::move(params));
  Progress progress(core::progress::Operation::kMerge, core::find_source("timeframe"));
  progress.phase(core::progress::Phase::kMerging);
  state_->progress = &progress;
  state_->merged = 0;
  std::vector<Employee> chunk;
  const QueryCursor::RowFn on_row = [&](TupleTableSlot *slot) {
    bool is_null;
    chunk.push_back({std::string(*slot_text(slot, 1, state_->chunk_context)),
                     stored_date(DatumGetDateADT(slot_getattr(slot, 2, &is_null)))});
  };
  for (;;) {
    chunk.clear();
    if (employees.fetch(merge_chunk_employees, on_row) == 0) break;
    merge_employees(chunk);
  }
  state_->progress = nullptr;
}

void TimeframeMerge::merge_employees(const std::vector<Employee> &employees) {
  const size_t step = static_cast<size_t>(merge_chunk_employees);
  for (size_t from = 0; from < employees.size(); from += step)
    state_->merge_chunk(employees, from, std::min(employees.size(), from + step));
}

void TimeframeMerge::State::merge_chunk(const std::vector<Employee> &employees, size_t from, size_t to) {
  // One snapshot for the chunk's reads, seeing this transaction's writes.
  rows.begin_batch();
  history.begin_batch();
  MemoryContext old = MemoryContextSwitchTo(chunk_context);
  for (size_t i = from; i < to; ++i) {
    merge_one(employees[i]);
    if (progress) progress->rows(++merged);
  }
  MemoryContextSwitchTo(old);
  MemoryContextReset(chunk_context);
  arena.clear();
  core::check_for_interrupts();
}

// The day of the 10th strike of every employee that has one, as committed
// now (the caller holds the timeframe's ingest lock, which a strike's close
// takes before it commits) or written by this transaction (a strike's own
// merge).
void TimeframeMerge::State::read_deactivations() {
  const uint64 n =
      spi.execute("SELECT emp_id, deactivated_on FROM hrlake.employee_strike WHERE deactivated_on IS NOT NULL");
  pg_call([&] {
    for (uint64 r = 0; r < n; ++r) {
      bool is_null;
      HeapTuple t = SPI_tuptable->vals[r];
      text *emp = DatumGetTextPP(SPI_getbinval(t, SPI_tuptable->tupdesc, 1, &is_null));
      const DateADT day = DatumGetDateADT(SPI_getbinval(t, SPI_tuptable->tupdesc, 2, &is_null));
      deactivated.emplace(std::string(VARDATA_ANY(emp), VARSIZE_ANY_EXHDR(emp)), stored_date(day));
    }
  });
}

void TimeframeMerge::State::merge_one(const Employee &e) {
  const Datum id = text_datum(e.emp_id);
  std::optional<core::Date> cut;
  read_rows(id, e.earliest, cut);
  read_records(id, cut);
  const auto strike = deactivated.find(e.emp_id);
  core::derive_history(emp_rows, derived,
                       strike == deactivated.end() ? std::nullopt : std::optional<core::Date>(strike->second));
  core::diff_history(stored, derived, emp_rows, changes);
  apply(id);
}

// The employee's rows, newest start first, back to the cut: the latest
// start before `earliest` of a row the snapshot sees (an index entry of a
// row it does not see may not set it).
void TimeframeMerge::State::read_rows(Datum id, core::Date earliest, std::optional<core::Date> &cut) {
  emp_rows.clear();
  emp_row_salary.clear();
  const auto wanted = [&](const Datum *key, const bool *) {
    return !cut || stored_date(DatumGetDateADT(key[rows_start])) >= *cut;
  };
  rows.scan_backward(id, wanted, [&](TupleTableSlot *slot) {
    bool is_null;
    core::TimeframeRow r;
    r.start = stored_date(DatumGetDateADT(slot_getattr(slot, Anum_timeframe_row_start_date, &is_null)));
    if (!cut && r.start < earliest) cut = r.start;
    const Datum end = slot_getattr(slot, Anum_timeframe_row_end_date, &is_null);
    if (!is_null) r.end = stored_date(DatumGetDateADT(end));
    Salary salary = read_salary(slot, Anum_timeframe_row_salary);
    r.salary = std::move(salary.value);
    if (auto d = slot_text(slot, Anum_timeframe_row_designation, chunk_context)) r.designation = arena.keep(*d);
    r.position = {DatumGetInt64(slot_getattr(slot, Anum_timeframe_row_batch_id, &is_null)),
                  DatumGetInt64(slot_getattr(slot, Anum_timeframe_row_line_no, &is_null))};
    emp_rows.push_back(std::move(r));
    emp_row_salary.push_back(salary.datum);
    return true;
  });
}

// The employee's stored records from the cut on.
void TimeframeMerge::State::read_records(Datum id, const std::optional<core::Date> &cut) {
  stored.clear();
  stored_salary.clear();
  stored_tid.clear();
  const auto wanted = [&](const Datum *key, const bool *) {
    return !cut || stored_date(DatumGetDateADT(key[history_start])) >= *cut;
  };
  history.scan_backward(id, wanted, [&](TupleTableSlot *slot) {
    bool is_null;
    core::StoredRecord r;
    r.start = stored_date(DatumGetDateADT(slot_getattr(slot, Anum_employee_timeframe_start_date, &is_null)));
    const Datum end = slot_getattr(slot, Anum_employee_timeframe_end_date, &is_null);
    if (!is_null) r.end = stored_date(DatumGetDateADT(end));
    r.end_given = DatumGetBool(slot_getattr(slot, Anum_employee_timeframe_end_date_given, &is_null));
    Salary salary = read_salary(slot, Anum_employee_timeframe_salary);
    r.salary = std::move(salary.value);
    if (auto d = slot_text(slot, Anum_employee_timeframe_designation, chunk_context)) r.designation = arena.keep(*d);
    r.position = {DatumGetInt64(slot_getattr(slot, Anum_employee_timeframe_batch_id, &is_null)),
                  DatumGetInt64(slot_getattr(slot, Anum_employee_timeframe_line_no, &is_null))};
    stored.push_back(std::move(r));
    stored_salary.push_back(salary.datum);
    stored_tid.push_back(slot->tts_tid);
    return true;
  });
}

// Writes the employee's changes and reports each.
void TimeframeMerge::State::apply(Datum id) {
  Datum values[Natts_employee_timeframe] = {};
  bool nulls[Natts_employee_timeframe] = {};
  const Datum now = TimestampTzGetDatum(GetCurrentTransactionStartTimestamp());
  for (const core::HistoryChange &c : changes) {
    if (c.change == core::RecordChange::kDeleted) {
      const core::StoredRecord &s = stored[c.index];
      updates.remove(stored_tid[c.index]);
      emit(3, id, s.designation, s.start, s.end, stored_salary[c.index]);
      continue;
    }
    const core::HistoryRecord &d = derived[c.change == core::RecordChange::kInserted ? c.index : c.to];
    const core::TimeframeRow &r = emp_rows[d.row];
    nulls[Anum_employee_timeframe_designation - 1] = !r.designation;
    if (r.designation) values[Anum_employee_timeframe_designation - 1] = text_datum(*r.designation);
    nulls[Anum_employee_timeframe_salary - 1] = !r.salary;
    values[Anum_employee_timeframe_salary - 1] = emp_row_salary[d.row];
    nulls[Anum_employee_timeframe_end_date - 1] = !d.end;
    if (d.end) values[Anum_employee_timeframe_end_date - 1] = DateADTGetDatum(to_pg_date(*d.end));
    values[Anum_employee_timeframe_end_date_given - 1] = BoolGetDatum(d.end_given);
    values[Anum_employee_timeframe_batch_id - 1] = Int64GetDatum(r.position.batch_id);
    values[Anum_employee_timeframe_line_no - 1] = Int64GetDatum(r.position.line_no);
    if (c.change == core::RecordChange::kInserted) {
      if (!inserts)
        inserts = std::make_unique<BulkInsert>(
            kEmployeeTimeframe,
            std::vector<int>{Anum_employee_timeframe_emp_id, Anum_employee_timeframe_designation,
                             Anum_employee_timeframe_start_date, Anum_employee_timeframe_end_date,
                             Anum_employee_timeframe_salary, Anum_employee_timeframe_end_date_given,
                             Anum_employee_timeframe_batch_id, Anum_employee_timeframe_line_no});
      values[Anum_employee_timeframe_emp_id - 1] = id;
      values[Anum_employee_timeframe_start_date - 1] = DateADTGetDatum(to_pg_date(d.start));
      inserts->add_row(values, nulls);
      emit(0, id, r.designation, d.start, d.end, emp_row_salary[d.row]);
    } else {
      values[Anum_employee_timeframe_updated_at - 1] = now;
      updates.update_row(stored_tid[c.index], values, nulls);
      emit(c.change == core::RecordChange::kClosed ? 1 : 2, id, r.designation, d.start, d.end,
           emp_row_salary[d.row]);
    }
  }
}

// Reports one change to the function's result.
void TimeframeMerge::State::emit(int action, Datum id, const std::optional<std::string_view> &designation,
                                 core::Date start, const std::optional<core::Date> &end, Datum salary) {
  Datum values[7] = {action_text[action], id, (Datum)0, DateADTGetDatum(to_pg_date(start)), (Datum)0, salary,
                     end ? inactive_text : active_text};
  bool nulls[7] = {false, false, !designation, false, !end, salary == (Datum)0, false};
  if (designation) values[2] = text_datum(*designation);
  if (end) values[4] = DateADTGetDatum(to_pg_date(*end));
  result.add(values, nulls);
}

void TimeframeMerge::finish() {
  State &s = *state_;
  if (s.inserts) s.inserts->finish();
  s.updates.finish();
  s.rows.finish();
  s.history.finish();
}

}  // namespace hrlake::pg
