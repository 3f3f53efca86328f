// hrlake.scd2_merge(): staged timeframe rows -> employee_timeframe (SPEC §2.3).
//
// The staged rows are read sorted by emp_id and handled a chunk of
// employees at a time: rows are parsed and checked (src/core/timeframe_rules),
// each employee's stored history is read through the unique index, newest
// first, only as far back as the merge needs (pg::KeyScan), each
// employee's chain is merged in C++ (src/core/timeframe_merge), and the
// changes are written: stored rows changed in place by the TID they were
// read at (pg::RowUpdater; an UPDATE and a DELETE of arrays per chunk when
// the table has triggers that need statements), new records COPY-style
// (pg::BulkInsert). Memory is bounded by the chunk, not the batch.
// Every change is returned to the caller (or, for the daily job, counted).
#include <unordered_map>

#include "core/error.h"
#include "core/text.h"
#include "core/timeframe_merge.h"
#include "core/timeframe_rules.h"
#include "pg/bulk_insert.h"
#include "pg/datum_arrays.h"
#include "pg/key_scan.h"
#include "pg/query_cursor.h"
#include "pg/result_rows.h"
#include "pg/row_updater.h"
#include "pg/settings.h"
#include "pg/slot_values.h"
#include "pg/spi.h"

namespace hrlake::pg {
namespace {

constexpr long kFetchRows = 20000;

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

// A trimmed text value; absent when NULL or blank.
std::optional<std::string_view> trimmed_text(TupleTableSlot *slot, int attno, MemoryContext scratch) {
  auto v = slot_text(slot, attno, scratch);
  if (v) v = core::trim(*v);
  if (v && v->empty()) return std::nullopt;
  return v;
}

// A staged row copied out of the executor's slot: emp_id, designation,
// start_date, end_date, salary (trimmed; absent when NULL or blank).
struct StagedRow {
  int64_t stage_id = 0, batch_id = 0, line_no = 0;
  std::string text[5];
  bool present[5] = {};

  std::optional<std::string_view> field(int i) const {
    return present[i] ? std::optional<std::string_view>(text[i]) : std::nullopt;
  }
  static StagedRow from(TupleTableSlot *slot, MemoryContext scratch) {
    StagedRow r;
    r.stage_id = slot_int8(slot, 1);
    for (int i = 0; i < 5; ++i) {
      if (auto v = trimmed_text(slot, i + 2, scratch)) {
        r.text[i].assign(*v);
        r.present[i] = true;
      }
    }
    r.batch_id = slot_int8(slot, 7);
    r.line_no = slot_int8(slot, 8);
    return r;
  }
};

// One employee's rows in a chunk: the staged ones and the stored ones,
// with what the writes need besides the core's view of them: the employee
// id (as text too), each record's salary as numeric (made once, used by every
// write and returned row; (Datum)0 when absent) and where each stored row
// was read. Datums live in the chunk's memory context.
struct EmployeeRows {
  std::string_view id;
  Datum id_text = (Datum)0;
  std::vector<core::ChainRecord> incoming, history;
  std::vector<Datum> incoming_salary, history_salary;
  std::vector<ItemPointerData> history_tid;

  Datum salary(const core::ChainRecord *r) const {
    if (!history.empty() && r >= history.data() && r < history.data() + history.size())
      return history_salary[r - history.data()];
    return incoming_salary[r - incoming.data()];
  }
  ItemPointerData tid(int64_t row_id) const {
    for (size_t i = 0; i < history.size(); ++i)
      if (history[i].row_id == row_id) return history_tid[i];
    throw std::logic_error("scd2_merge: a change to a row it did not read");
  }
};

// A row's values after a change, as the table (and the result) take them.
struct RowValues {
  Datum emp_id, designation, start, end, salary, given, batch, line;
  bool designation_null, end_null, salary_null;
};

// A chunk's writes, in the order they must reach the table: deletes, then
// updates, then inserts (so that the unique indexes hold at every step).
struct ChunkWrites {
  struct Stored {
    int64_t row_id;
    ItemPointerData tid;
    RowValues values;
  };
  std::vector<Stored> deletes, updates;
  std::vector<RowValues> inserts;
  std::vector<int64_t> reject_stage_ids;
  std::vector<std::optional<std::string>> reject_reasons;

  void clear() {
    deletes.clear();
    updates.clear();
    inserts.clear();
    reject_stage_ids.clear();
    reject_reasons.clear();
  }
};

class Scd2Merge {
 public:
  Scd2Merge(SpiSession &spi, ResultRows &result) : spi_(spi), result_(result) {
    pg_call([&] {
      chunk_context_ = AllocSetContextCreate(CurrentMemoryContext, "hrlake scd2 chunk", ALLOCSET_DEFAULT_SIZES);
      for (int i = 0; i < 4; ++i) action_text_[i] = CStringGetTextDatum(kActionNames[i]);
      active_text_ = CStringGetTextDatum("ACTIVE");
      inactive_text_ = CStringGetTextDatum("INACTIVE");
    });
  }
  ~Scd2Merge() { MemoryContextDelete(chunk_context_); }

  void run();

 private:
  static constexpr const char *kActionNames[4] = {"INSERTED", "CLOSED", "UPDATED", "DELETED"};

  void read_staged(Datum batches);
  void add_staged_row(const StagedRow &row);
  void process_chunk();
  void load_history();
  void merge_employee(const EmployeeRows &rows);
  RowValues values_of(const EmployeeRows &rows, const core::ChainChange &c);
  Datum chunk_text(std::string_view s);
  void emit(core::ChainAction action, const RowValues &v);
  void write_chunk();
  void change_in_place();
  void change_with_sql();
  void finish_batches(Datum batches);

  SpiSession &spi_;
  ResultRows &result_;
  MemoryContext chunk_context_ = nullptr;
  Datum action_text_[4] = {};
  Datum active_text_ = (Datum)0, inactive_text_ = (Datum)0;

  // The chunk being collected: employees in input order, their rows.
  std::vector<EmployeeRows *> chunk_employees_;
  std::unordered_map<std::string_view, EmployeeRows> employees_;
  Arena arena_;
  ChunkWrites writes_;

  core::TimeframeMerger merger_;
  std::vector<core::ChainChange> changes_;
  std::vector<bool> applied_;
  std::unordered_map<int64_t, int64_t> loaded_per_batch_;
  std::string problem_;
  std::string last_emp_;
  std::unique_ptr<BulkInsert> inserts_;  // created with the first new record
  std::unique_ptr<RowUpdater> updater_;
  // Stored rows by (emp_id, start_date, end_date), and their columns.
  std::unique_ptr<KeyScan> history_;
  struct {
    AttrNumber timeframe_id, designation, start_date, end_date, end_date_given, salary, batch_id, line_no;
    int index_start_date;  // start_date among the index's key columns
  } col_{};
};

void Scd2Merge::run() {
  spi_.execute("SELECT pg_advisory_xact_lock(hashtext('hrlake.ingest'), hashtext('timeframe'))");
  spi_.execute("SELECT hrlake._claim_staged('timeframe')");
  Datum batches = pg_call([] {
    bool is_null;
    Datum d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &is_null);
    // Copy out of the result: it is freed by the next statement.
    return datumCopy(d, false, -1);
  });
  const bool none = pg_call([&] { return ArrayGetNItems(ARR_NDIM(DatumGetArrayTypeP(batches)),
                                                        ARR_DIMS(DatumGetArrayTypeP(batches))) == 0; });
  if (none) return;
  updater_ = std::make_unique<RowUpdater>(
      "hrlake", "employee_timeframe",
      std::vector<std::string>{"designation", "salary", "end_date", "end_date_given", "batch_id", "line_no",
                               "updated_at"});
  history_ = std::make_unique<KeyScan>("hrlake", "employee_timeframe", "employee_timeframe_one_per_period");
  col_ = {history_->column("timeframe_id"), history_->column("designation"), history_->column("start_date"),
          history_->column("end_date"),     history_->column("end_date_given"), history_->column("salary"),
          history_->column("batch_id"),     history_->column("line_no"),
          history_->index_column("start_date")};
  read_staged(batches);
  if (inserts_) inserts_->finish();
  updater_->finish();
  history_->finish();
  finish_batches(batches);
}

void Scd2Merge::read_staged(Datum batches) {
  SpiParams params;
  params.add(INT8ARRAYOID, batches);
  QueryCursor staged(
      "SELECT stage_id, emp_id, designation, start_date, end_date, salary, batch_id, line_no "
      "FROM hrlake_stage.timeframe WHERE batch_id = ANY ($1) ORDER BY emp_id COLLATE \"C\"",
      std::move(params));
  // Rows are copied out in batches: a chunk is merged and written between
  // fetches, never from inside the executor's callback.
  std::vector<StagedRow> rows;
  const QueryCursor::RowFn on_row = [&](TupleTableSlot *slot) {
    rows.push_back(StagedRow::from(slot, chunk_context_));
  };
  for (;;) {
    rows.clear();
    const uint64 n = staged.fetch(kFetchRows, on_row);
    for (const StagedRow &row : rows) add_staged_row(row);
    if (n == 0) break;
  }
  process_chunk();
}

// Parses one staged row into the chunk.
void Scd2Merge::add_staged_row(const StagedRow &row) {
  auto emp_id = row.field(0);
  const std::string_view emp_key = emp_id ? *emp_id : std::string_view();
  // A new employee after a full chunk: merge and write the chunk first.
  if (chunk_employees_.size() >= static_cast<size_t>(merge_chunk_employees) && emp_key != last_emp_)
    process_chunk();

  auto parsed = core::parse_timeframe(emp_id, row.field(1), row.field(2), row.field(3), row.field(4), problem_);
  if (!parsed) {
    writes_.reject_stage_ids.push_back(row.stage_id);
    writes_.reject_reasons.emplace_back(problem_);
    return;
  }
  const std::string_view emp = arena_.keep(*emp_id);
  auto [it, is_new] = employees_.try_emplace(emp);
  EmployeeRows &rows = it->second;
  if (is_new) {
    rows.id = emp;
    chunk_employees_.push_back(&rows);
  }
  core::ChainRecord r;
  if (parsed->designation) r.designation = arena_.keep(*parsed->designation);
  r.start = parsed->start;
  r.end = parsed->end;
  r.end_given = parsed->end.has_value();
  Datum salary = (Datum)0;
  if (parsed->salary) {
    // Canonical text: equal salaries ("0100", "100.0") have equal texts.
    r.salary = parsed->salary->to_double();
    r.salary_text = arena_.keep(parsed->salary->text());
    // NUL-terminated for numeric_in: the arena copy is not.
    const std::string text(r.salary_text);
    MemoryContext old = MemoryContextSwitchTo(chunk_context_);
    salary = pg_call([&] {
      return DirectFunctionCall3(numeric_in, CStringGetDatum(text.c_str()), ObjectIdGetDatum(InvalidOid),
                                 Int32GetDatum(-1));
    });
    MemoryContextSwitchTo(old);
  }
  r.batch_id = row.batch_id;
  r.line_no = row.line_no;
  rows.incoming.push_back(r);
  rows.incoming_salary.push_back(salary);
  last_emp_.assign(emp_key);
}

// Core date (days since 1970-01-01) of a stored date.
core::Date stored_date(DateADT d) {
  if (DATE_NOT_FINITE(d))
    throw core::Error(core::sqlstate::kInvalidParameterValue,
                      "employee_timeframe holds an infinite date, which a timeframe cannot have",
                      {}, "Correct the row with an UPDATE, then merge again.");
  return d + core::kPgEpochOffsetDays;
}

// Reads the stored rows each employee of the chunk needs (see
// TimeframeMerger::merge): from the newest back to the latest start
// before the employee's earliest incoming start, one index descent each.
void Scd2Merge::load_history() {
  history_->begin_batch();
  for (EmployeeRows *employee : chunk_employees_) {
    EmployeeRows &rows = *employee;
    const std::string_view emp = rows.id;
    core::Date earliest = rows.incoming.front().start;
    for (const auto &r : rows.incoming) earliest = std::min(earliest, r.start);
    // The latest start before `earliest` of a row the snapshot sees: an
    // entry of a row it does not see may not set it (the row at that start
    // may be gone, and the one before it is then needed).
    std::optional<core::Date> cut;
    rows.id_text = chunk_text(emp);
    const auto wanted = [&](const Datum *key, const bool *) {
      return !cut || stored_date(DatumGetDateADT(key[col_.index_start_date])) >= *cut;
    };
    history_->scan_backward(rows.id_text, wanted, [&](TupleTableSlot *slot) {
      core::ChainRecord r;
      r.start = stored_date(*slot_int4(slot, col_.start_date));
      if (!cut && r.start < earliest) cut = r.start;
      r.row_id = slot_int8(slot, col_.timeframe_id);
      if (auto d = trimmed_text(slot, col_.designation, chunk_context_)) r.designation = arena_.keep(*d);
      if (auto end = slot_int4(slot, col_.end_date)) r.end = stored_date(*end);
      r.end_given = slot_bool(slot, col_.end_date_given);
      bool is_null;
      Datum salary = slot_getattr(slot, col_.salary, &is_null);
      if (is_null) {
        salary = (Datum)0;
      } else {
        // Kept as stored for the writes; as text for the core's comparisons.
        MemoryContext before = MemoryContextSwitchTo(chunk_context_);
        const char *text = pg_call([&] {
          salary = datumCopy(salary, false, -1);
          return DatumGetCString(DirectFunctionCall1(numeric_out, salary));
        });
        MemoryContextSwitchTo(before);
        if (auto d = core::Decimal::parse(text)) {
          r.salary = d->to_double();
          r.salary_text = arena_.keep(d->text());
        } else {
          r.salary_text = arena_.keep(text);  // NaN: no number to compare
        }
      }
      r.batch_id = slot_int8(slot, col_.batch_id);
      r.line_no = slot_int8(slot, col_.line_no);
      rows.history.push_back(r);
      rows.history_salary.push_back(salary);
      rows.history_tid.push_back(slot->tts_tid);
      return true;
    });
  }
}

void Scd2Merge::process_chunk() {
  if (!chunk_employees_.empty()) {
    load_history();
    for (const EmployeeRows *rows : chunk_employees_) merge_employee(*rows);
  }
  write_chunk();
  chunk_employees_.clear();
  employees_.clear();
  arena_.clear();
  writes_.clear();
  pg_call([] { CHECK_FOR_INTERRUPTS(); });
}

// Merges one employee's chain and queues (and returns) its changes.
void Scd2Merge::merge_employee(const EmployeeRows &rows) {
  const std::vector<core::ChainRecord> &incoming = rows.incoming;
  merger_.merge(rows.history, incoming, changes_, applied_);
  for (size_t i = 0; i < incoming.size(); ++i)
    if (applied_[i]) ++loaded_per_batch_[incoming[i].batch_id];
  for (const core::ChainChange &c : changes_) {
    const RowValues v = values_of(rows, c);
    switch (c.action) {
      case core::ChainAction::kDeleted:
        writes_.deletes.push_back({c.row_id, rows.tid(c.row_id), v});
        break;
      case core::ChainAction::kInserted:
        writes_.inserts.push_back(v);
        break;
      case core::ChainAction::kClosed:
      case core::ChainAction::kUpdated:
        writes_.updates.push_back({c.row_id, rows.tid(c.row_id), v});
        break;
    }
    emit(c.action, v);
  }
}

// The values a change leaves its row with, made in the chunk's context.
RowValues Scd2Merge::values_of(const EmployeeRows &rows, const core::ChainChange &c) {
  const core::ChainRecord &r = *c.record;
  RowValues v{};
  v.emp_id = rows.id_text;
  v.designation_null = !r.designation;
  if (r.designation) v.designation = chunk_text(*r.designation);
  v.start = DateADTGetDatum(r.start - core::kPgEpochOffsetDays);
  v.end_null = !c.end;
  v.end = DateADTGetDatum(c.end.value_or(core::kPgEpochOffsetDays) - core::kPgEpochOffsetDays);
  v.salary = rows.salary(&r);
  v.salary_null = r.salary_text.empty();
  v.given = BoolGetDatum(c.end_given);
  v.batch = Int64GetDatum(r.batch_id);
  v.line = Int64GetDatum(r.line_no);
  return v;
}

// A text Datum in the chunk's context.
Datum Scd2Merge::chunk_text(std::string_view s) {
  MemoryContext old = MemoryContextSwitchTo(chunk_context_);
  const Datum d = pg_call([&] { return PointerGetDatum(cstring_to_text_with_len(s.data(), static_cast<int>(s.size()))); });
  MemoryContextSwitchTo(old);
  return d;
}

// Reports one change to the function's result.
void Scd2Merge::emit(core::ChainAction action, const RowValues &v) {
  const Datum values[7] = {action_text_[static_cast<int>(action)], v.emp_id, v.designation, v.start, v.end,
                           v.salary, v.end_null ? active_text_ : inactive_text_};
  const bool nulls[7] = {false, false, v.designation_null, false, v.end_null, v.salary_null, false};
  result_.add(values, nulls);
}

// Stored rows changed where they were read (no statement, no lookup).
void Scd2Merge::change_in_place() {
  for (const ChunkWrites::Stored &d : writes_.deletes) updater_->remove(d.tid);
  const Datum now = TimestampTzGetDatum(GetCurrentTransactionStartTimestamp());
  for (const ChunkWrites::Stored &u : writes_.updates) {
    const RowValues &v = u.values;
    const Datum values[7] = {v.designation, v.salary, v.end, v.given, v.batch, v.line, now};
    const bool nulls[7] = {v.designation_null, v.salary_null, v.end_null, false, false, false, false};
    updater_->update(u.tid, values, nulls);
  }
}

// The same changes as statements, which fire the table's triggers.
void Scd2Merge::change_with_sql() {
  if (!writes_.deletes.empty()) {
    std::vector<int64_t> ids;
    for (const ChunkWrites::Stored &d : writes_.deletes) ids.push_back(d.row_id);
    SpiParams p;
    p.add(INT8ARRAYOID, int8_array(ids));
    spi_.execute("DELETE FROM hrlake.employee_timeframe WHERE timeframe_id = ANY ($1)", std::move(p));
  }
  if (writes_.updates.empty()) return;
  const size_t n = writes_.updates.size();
  std::vector<int64_t> ids;
  std::vector<Datum> designation(n), salary(n), end(n), given(n), batch(n), line(n);
  std::vector<bool> designation_null(n), salary_null(n), end_null(n), not_null(n, false);
  for (size_t i = 0; i < n; ++i) {
    const RowValues &v = writes_.updates[i].values;
    ids.push_back(writes_.updates[i].row_id);
    designation[i] = v.designation;
    designation_null[i] = v.designation_null;
    salary[i] = v.salary;
    salary_null[i] = v.salary_null;
    end[i] = v.end;
    end_null[i] = v.end_null;
    given[i] = v.given;
    batch[i] = v.batch;
    line[i] = v.line;
  }
  SpiParams p;
  p.add(INT8ARRAYOID, int8_array(ids));
  p.add(TEXTARRAYOID, datum_array(designation, designation_null, TEXTOID));
  p.add(NUMERICARRAYOID, datum_array(salary, salary_null, NUMERICOID));
  p.add(DATEARRAYOID, datum_array(end, end_null, DATEOID));
  p.add(BOOLARRAYOID, datum_array(given, not_null, BOOLOID));
  p.add(INT8ARRAYOID, datum_array(batch, not_null, INT8OID));
  p.add(INT8ARRAYOID, datum_array(line, not_null, INT8OID));
  spi_.execute(
      "UPDATE hrlake.employee_timeframe t SET designation = u.designation, "
      "salary = u.salary, end_date = u.end_date, end_date_given = u.given, "
      "batch_id = u.batch_id, line_no = u.line_no, updated_at = now() "
      "FROM unnest($1::int8[], $2::text[], $3::numeric[], $4::date[], $5::bool[], $6::int8[], "
      "$7::int8[]) AS u(id, designation, salary, end_date, given, batch_id, line_no) "
      "WHERE t.timeframe_id = u.id",
      std::move(p));
}

void Scd2Merge::write_chunk() {
  ChunkWrites &w = writes_;
  MemoryContext old = MemoryContextSwitchTo(chunk_context_);
  if (!w.reject_stage_ids.empty()) {
    SpiParams p;
    p.add(INT8ARRAYOID, int8_array(w.reject_stage_ids));
    p.add(TEXTARRAYOID, text_array(w.reject_reasons));
    spi_.execute(
        "INSERT INTO hrlake.rejected_row (batch_id, source, line_no, raw, reason, stage) "
        "SELECT s.batch_id, 'timeframe', s.line_no, coalesce(s.raw, hrlake._csv_line(s.emp_id, "
        "s.designation, s.start_date, s.end_date, s.salary)), u.reason, 'ingest' "
        "FROM unnest($1::int8[], $2::text[]) AS u(stage_id, reason) "
        "JOIN hrlake_stage.timeframe s ON s.stage_id = u.stage_id",
        std::move(p));
  }
  if (updater_->usable())
    change_in_place();
  else
    change_with_sql();
  // New records go in COPY-style. Rows still buffered when the next chunk
  // is written belong to other employees, so the order of the chunk's
  // deletes, updates and inserts still holds for the unique indexes.
  if (!w.inserts.empty() && !inserts_)
    inserts_ = std::make_unique<BulkInsert>(
        "hrlake", "employee_timeframe",
        std::vector<std::string>{"emp_id", "designation", "start_date", "end_date", "salary", "end_date_given",
                                 "batch_id", "line_no"});
  for (const RowValues &v : w.inserts) {
    const Datum values[8] = {v.emp_id, v.designation, v.start, v.end, v.salary, v.given, v.batch, v.line};
    const bool nulls[8] = {false, v.designation_null, false, v.end_null, v.salary_null, false, false, false};
    inserts_->add(values, nulls);
  }
  MemoryContextSwitchTo(old);
  MemoryContextReset(chunk_context_);
}

void Scd2Merge::finish_batches(Datum batches) {
  std::string loaded = "{";
  for (const auto &[batch, n] : loaded_per_batch_) {
    if (loaded.size() > 1) loaded += ",";
    loaded += "\"" + std::to_string(batch) + "\":" + std::to_string(n);
  }
  loaded += "}";
  SpiParams p;
  p.add(INT8ARRAYOID, batches);
  p.text(loaded);
  spi_.execute("SELECT count(*) FROM hrlake._finish_batches('timeframe', $1, $2::jsonb)",
               std::move(p));
}

}  // namespace
}  // namespace hrlake::pg

using namespace hrlake;

namespace {

void merge_into(pg::ResultRows &result) {
  pg::SpiSession spi;
  pg::Scd2Merge merge(spi, result);
  merge.run();
}

}  // namespace

// hrlake.scd2_merge(): every change, as rows.
HRLAKE_FUNCTION(hrlake_scd2_merge) {
  pg::ResultRows result = pg::ResultRows::of_call(fcinfo);
  merge_into(result);
  return (Datum)0;
}

// hrlake._scd2_merge_count(): the same merge for the daily job, which
// records only how many changes it made.
HRLAKE_FUNCTION(hrlake_scd2_merge_count) {
  pg::ResultRows result = pg::ResultRows::counted();
  merge_into(result);
  return Int64GetDatum(static_cast<int64_t>(result.count()));
}
