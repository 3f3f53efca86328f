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
// Every change is returned to the caller.
#include <deque>
#include <unordered_map>

#include "core/error.h"
#include "core/text.h"
#include "core/timeframe_merge.h"
#include "core/timeframe_rules.h"
#include "pg/bulk_insert.h"
#include "pg/datum_arrays.h"
#include "pg/key_scan.h"
#include "pg/query_cursor.h"
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

// Collects a chunk's writes as column arrays, and the rows returned.
struct ChunkWrites {
  std::vector<int64_t> delete_ids;

  std::vector<int64_t> update_ids, update_batch, update_line;
  std::vector<std::optional<std::string>> update_designation, update_salary;
  std::vector<int32_t> update_end;
  std::vector<bool> update_end_null, update_given;

  std::vector<std::optional<std::string>> insert_emp, insert_designation, insert_salary;
  std::vector<int32_t> insert_start, insert_end;
  std::vector<bool> insert_end_null, insert_given;
  std::vector<int64_t> insert_batch, insert_line;

  std::vector<int64_t> reject_stage_ids;
  std::vector<std::optional<std::string>> reject_reasons;

  void clear() { *this = ChunkWrites(); }
};

std::optional<std::string> opt_string(const std::optional<std::string_view> &v) {
  return v ? std::optional<std::string>(std::string(*v)) : std::nullopt;
}

class Scd2Merge {
 public:
  // One employee's rows in a chunk: the staged ones and the stored ones.
  struct EmployeeRows {
    std::vector<core::ChainRecord> incoming, history;
  };

  Scd2Merge(SpiSession &spi, ReturnSetInfo *rsinfo) : spi_(spi), rsinfo_(rsinfo) {
    chunk_context_ = pg_call([] {
      return AllocSetContextCreate(CurrentMemoryContext, "hrlake scd2 chunk",
                                   ALLOCSET_DEFAULT_SIZES);
    });
  }
  ~Scd2Merge() { MemoryContextDelete(chunk_context_); }

  void run();

 private:
  void read_staged(Datum batches);
  void add_staged_row(const StagedRow &row);
  void process_chunk();
  void load_history();
  void merge_employee(std::string_view emp_id, const EmployeeRows &rows);
  void record_change(std::string_view emp_id, const core::ChainChange &c);
  void emit(const char *action, std::string_view emp_id, const core::ChainRecord &values,
            std::optional<core::Date> end);
  void write_chunk();
  void change_in_place();
  void change_with_sql();
  ItemPointerData stored_tid(int64_t timeframe_id) const;
  void finish_batches(Datum batches);

  SpiSession &spi_;
  ReturnSetInfo *rsinfo_;
  MemoryContext chunk_context_;

  // The chunk being collected: employees in input order, their rows.
  std::vector<std::string_view> chunk_employees_;
  std::unordered_map<std::string_view, EmployeeRows> employees_;
  std::vector<int64_t> incoming_stage_ids_;
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
  } col_{};
  // Where the chunk's stored rows were read (by timeframe_id), for updater_.
  std::unordered_map<int64_t, ItemPointerData> tids_;
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
          history_->column("batch_id"),     history_->column("line_no")};
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

  core::TimeframeFields fields{emp_id, row.field(1), row.field(2), row.field(3), row.field(4)};
  const int64_t stage_id = row.stage_id;
  auto parsed = core::parse_timeframe(fields, problem_);
  if (!parsed) {
    writes_.reject_stage_ids.push_back(stage_id);
    writes_.reject_reasons.emplace_back(problem_);
    return;
  }
  const std::string_view emp = arena_.keep(*emp_id);
  auto [it, is_new] = employees_.try_emplace(emp);
  if (is_new) chunk_employees_.push_back(emp);
  core::ChainRecord r;
  if (fields.designation) r.designation = arena_.keep(*fields.designation);
  r.start = parsed->start;
  r.end = parsed->end;
  r.end_given = parsed->end.has_value();
  r.salary = parsed->salary;
  if (fields.salary) r.salary_text = arena_.keep(core::trim(*fields.salary));
  r.batch_id = row.batch_id;
  r.line_no = row.line_no;
  it->second.incoming.push_back(r);
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
  const bool in_place = updater_->usable();
  history_->begin_batch();
  for (std::string_view emp : chunk_employees_) {
    EmployeeRows &rows = employees_.find(emp)->second;
    core::Date earliest = rows.incoming.front().start;
    for (const auto &r : rows.incoming) earliest = std::min(earliest, r.start);
    std::optional<core::Date> cut;  // the latest stored start before `earliest`
    MemoryContext old = MemoryContextSwitchTo(chunk_context_);
    const Datum key = pg_call(
        [&] { return PointerGetDatum(cstring_to_text_with_len(emp.data(), static_cast<int>(emp.size()))); });
    MemoryContextSwitchTo(old);
    history_->scan_backward(key, [&](TupleTableSlot *slot) {
      core::ChainRecord r;
      r.start = stored_date(*slot_int4(slot, col_.start_date));
      if (cut && r.start < *cut) return false;
      if (!cut && r.start < earliest) cut = r.start;
      r.row_id = slot_int8(slot, col_.timeframe_id);
      if (auto d = trimmed_text(slot, col_.designation, chunk_context_)) r.designation = arena_.keep(*d);
      if (auto end = slot_int4(slot, col_.end_date)) r.end = stored_date(*end);
      r.end_given = slot_bool(slot, col_.end_date_given);
      bool is_null;
      Datum salary = slot_getattr(slot, col_.salary, &is_null);
      if (!is_null) {
        MemoryContext before = MemoryContextSwitchTo(chunk_context_);
        const char *text = pg_call([&] { return DatumGetCString(DirectFunctionCall1(numeric_out, salary)); });
        MemoryContextSwitchTo(before);
        r.salary_text = arena_.keep(text);
        r.salary = core::parse_salary(r.salary_text);
      }
      r.batch_id = slot_int8(slot, col_.batch_id);
      r.line_no = slot_int8(slot, col_.line_no);
      rows.history.push_back(r);
      if (in_place) tids_.emplace(r.row_id, slot->tts_tid);
      return true;
    });
  }
}

void Scd2Merge::process_chunk() {
  if (!chunk_employees_.empty()) {
    load_history();
    for (auto emp : chunk_employees_) merge_employee(emp, employees_[emp]);
  }
  write_chunk();
  chunk_employees_.clear();
  employees_.clear();
  tids_.clear();
  arena_.clear();
  writes_.clear();
  pg_call([] { CHECK_FOR_INTERRUPTS(); });
}

void Scd2Merge::merge_employee(std::string_view emp_id, const EmployeeRows &rows) {
  const std::vector<core::ChainRecord> &incoming = rows.incoming;
  merger_.merge(rows.history, incoming, changes_, applied_);
  for (size_t i = 0; i < incoming.size(); ++i)
    if (applied_[i]) ++loaded_per_batch_[incoming[i].batch_id];
  for (const auto &c : changes_) record_change(emp_id, c);
}

void Scd2Merge::record_change(std::string_view emp_id, const core::ChainChange &c) {
  const core::ChainRecord &v = *c.record;
  auto salary = v.salary_text.empty() ? std::nullopt
                                      : std::optional<std::string>(std::string(v.salary_text));
  switch (c.action) {
    case core::ChainAction::kDeleted:
      writes_.delete_ids.push_back(c.row_id);
      emit("DELETED", emp_id, v, v.end);
      return;
    case core::ChainAction::kInserted:
      writes_.insert_emp.emplace_back(std::string(emp_id));
      writes_.insert_designation.push_back(opt_string(v.designation));
      writes_.insert_salary.push_back(salary);
      writes_.insert_start.push_back(v.start);
      writes_.insert_end.push_back(c.end.value_or(0));
      writes_.insert_end_null.push_back(!c.end);
      writes_.insert_given.push_back(c.end_given);
      writes_.insert_batch.push_back(v.batch_id);
      writes_.insert_line.push_back(v.line_no);
      emit("INSERTED", emp_id, v, c.end);
      return;
    case core::ChainAction::kClosed:
    case core::ChainAction::kUpdated:
      writes_.update_ids.push_back(c.row_id);
      writes_.update_designation.push_back(opt_string(v.designation));
      writes_.update_salary.push_back(salary);
      writes_.update_end.push_back(c.end.value_or(0));
      writes_.update_end_null.push_back(!c.end);
      writes_.update_given.push_back(c.end_given);
      writes_.update_batch.push_back(v.batch_id);
      writes_.update_line.push_back(v.line_no);
      emit(c.action == core::ChainAction::kClosed ? "CLOSED" : "UPDATED", emp_id, v, c.end);
      return;
  }
}

// Adds one row to the function's result.
void Scd2Merge::emit(const char *action, std::string_view emp_id, const core::ChainRecord &v,
                     std::optional<core::Date> end) {
  // The Datums live in the chunk's context; the tuplestore keeps a copy.
  pg_call([&] {
    MemoryContext old = MemoryContextSwitchTo(chunk_context_);
    Datum values[7];
    bool nulls[7] = {false, false, !v.designation, false, !end, v.salary_text.empty(), false};
    values[0] = CStringGetTextDatum(action);
    values[1] = PointerGetDatum(cstring_to_text_with_len(emp_id.data(), static_cast<int>(emp_id.size())));
    if (v.designation)
      values[2] = PointerGetDatum(cstring_to_text_with_len(v.designation->data(),
                                                           static_cast<int>(v.designation->size())));
    values[3] = DateADTGetDatum(v.start - core::kPgEpochOffsetDays);
    if (end) values[4] = DateADTGetDatum(*end - core::kPgEpochOffsetDays);
    if (!v.salary_text.empty()) {
      std::string s(v.salary_text);
      values[5] = DirectFunctionCall3(numeric_in, CStringGetDatum(s.c_str()),
                                      ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1));
    }
    values[6] = CStringGetTextDatum(end ? "INACTIVE" : "ACTIVE");
    MemoryContextSwitchTo(old);
    tuplestore_putvalues(rsinfo_->setResult, rsinfo_->setDesc, values, nulls);
  });
}

Datum date_array(const std::vector<int32_t> &days, const std::vector<bool> &is_null) {
  return pg_call([&] {
    const int n = static_cast<int>(days.size());
    Datum *d = static_cast<Datum *>(palloc(sizeof(Datum) * (n + 1)));
    bool *nulls = static_cast<bool *>(palloc(sizeof(bool) * (n + 1)));
    for (int i = 0; i < n; ++i) {
      nulls[i] = is_null.empty() ? false : bool(is_null[i]);
      d[i] = DateADTGetDatum(days[i] - core::kPgEpochOffsetDays);
    }
    int dims[1] = {n}, lbs[1] = {1};
    return PointerGetDatum(construct_md_array(d, nulls, 1, dims, lbs, DATEOID, 4, true, TYPALIGN_INT));
  });
}

Datum bool_array(const std::vector<bool> &values) {
  return pg_call([&] {
    const int n = static_cast<int>(values.size());
    Datum *d = static_cast<Datum *>(palloc(sizeof(Datum) * (n + 1)));
    for (int i = 0; i < n; ++i) d[i] = BoolGetDatum(values[i]);
    return PointerGetDatum(construct_array(d, n, BOOLOID, 1, true, TYPALIGN_CHAR));
  });
}

// Stored rows changed where they were read (no statement, no lookup).
void Scd2Merge::change_in_place() {
  ChunkWrites &w = writes_;
  for (int64_t id : w.delete_ids) updater_->remove(stored_tid(id));
  const Datum now = TimestampTzGetDatum(GetCurrentTransactionStartTimestamp());
  for (size_t i = 0; i < w.update_ids.size(); ++i) {
    Datum values[7];
    const bool nulls[7] = {!w.update_designation[i], !w.update_salary[i], bool(w.update_end_null[i]),
                           false, false, false, false};
    pg_call([&] {
      MemoryContext before = MemoryContextSwitchTo(updater_->row_context());
      if (w.update_designation[i]) values[0] = CStringGetTextDatum(w.update_designation[i]->c_str());
      if (w.update_salary[i])
        values[1] = DirectFunctionCall3(numeric_in, CStringGetDatum(w.update_salary[i]->c_str()),
                                        ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1));
      values[2] = DateADTGetDatum(w.update_end[i] - core::kPgEpochOffsetDays);
      values[3] = BoolGetDatum(w.update_given[i]);
      values[4] = Int64GetDatum(w.update_batch[i]);
      values[5] = Int64GetDatum(w.update_line[i]);
      values[6] = now;
      MemoryContextSwitchTo(before);
    });
    updater_->update(stored_tid(w.update_ids[i]), values, nulls);
  }
}

ItemPointerData Scd2Merge::stored_tid(int64_t timeframe_id) const {
  auto it = tids_.find(timeframe_id);
  if (it == tids_.end()) throw std::logic_error("scd2_merge: a change to a row it did not read");
  return it->second;
}

// The same changes as statements, which fire the table's triggers.
void Scd2Merge::change_with_sql() {
  ChunkWrites &w = writes_;
  if (!w.delete_ids.empty()) {
    SpiParams p;
    p.add(INT8ARRAYOID, int8_array(w.delete_ids));
    spi_.execute("DELETE FROM hrlake.employee_timeframe WHERE timeframe_id = ANY ($1)", std::move(p));
  }
  if (!w.update_ids.empty()) {
    SpiParams p;
    p.add(INT8ARRAYOID, int8_array(w.update_ids));
    p.add(TEXTARRAYOID, text_array(w.update_designation));
    p.add(TEXTARRAYOID, text_array(w.update_salary));
    p.add(DATEARRAYOID, date_array(w.update_end, w.update_end_null));
    p.add(BOOLARRAYOID, bool_array(w.update_given));
    p.add(INT8ARRAYOID, int8_array(w.update_batch));
    p.add(INT8ARRAYOID, int8_array(w.update_line));
    spi_.execute(
        "UPDATE hrlake.employee_timeframe t SET designation = u.designation, "
        "salary = u.salary::numeric, end_date = u.end_date, end_date_given = u.given, "
        "batch_id = u.batch_id, line_no = u.line_no, updated_at = now() "
        "FROM unnest($1::int8[], $2::text[], $3::text[], $4::date[], $5::bool[], $6::int8[], "
        "$7::int8[]) AS u(id, designation, salary, end_date, given, batch_id, line_no) "
        "WHERE t.timeframe_id = u.id",
        std::move(p));
  }
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
  if (!w.insert_emp.empty() && !inserts_)
    inserts_ = std::make_unique<BulkInsert>(
        "hrlake", "employee_timeframe",
        std::vector<std::string>{"emp_id", "designation", "start_date", "end_date", "salary", "end_date_given",
                                 "batch_id", "line_no"});
  for (size_t i = 0; i < w.insert_emp.size(); ++i) {
    Datum values[8];
    const bool nulls[8] = {false, !w.insert_designation[i], false, bool(w.insert_end_null[i]),
                           !w.insert_salary[i], false, false, false};
    pg_call([&] {
      MemoryContext before = MemoryContextSwitchTo(inserts_->row_context());
      values[0] = CStringGetTextDatum(w.insert_emp[i]->c_str());
      if (w.insert_designation[i]) values[1] = CStringGetTextDatum(w.insert_designation[i]->c_str());
      values[2] = DateADTGetDatum(w.insert_start[i] - core::kPgEpochOffsetDays);
      values[3] = DateADTGetDatum(w.insert_end[i] - core::kPgEpochOffsetDays);
      if (w.insert_salary[i])
        values[4] = DirectFunctionCall3(numeric_in, CStringGetDatum(w.insert_salary[i]->c_str()),
                                        ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1));
      values[5] = BoolGetDatum(w.insert_given[i]);
      values[6] = Int64GetDatum(w.insert_batch[i]);
      values[7] = Int64GetDatum(w.insert_line[i]);
      MemoryContextSwitchTo(before);
    });
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

HRLAKE_FUNCTION(hrlake_scd2_merge) {
  pg::pg_call([&] { InitMaterializedSRF(fcinfo, 0); });
  auto *rsinfo = reinterpret_cast<ReturnSetInfo *>(fcinfo->resultinfo);
  pg::SpiSession spi;
  pg::Scd2Merge merge(spi, rsinfo);
  merge.run();
  return (Datum)0;
}
