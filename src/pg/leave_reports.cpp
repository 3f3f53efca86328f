// The leave reports (SPEC §2.5, §2.6) over hrlake.leave_days, the per
// employee and year bitmap of ACTIVE leave days kept by the leave ingest.
// Working days come from the calendar as a bitmap too, so each employee
// costs one AND and a popcount.
#include <fstream>
#include <unordered_map>
#include <sys/stat.h>

#include "core/error.h"
#include "core/leave_calendar.h"
#include "pg/datum_arrays.h"
#include "pg/spi.h"

namespace hrlake::pg {
namespace {

constexpr long kFetchRows = 50000;

core::Date to_core_date(DateADT d) { return d + core::kPgEpochOffsetDays; }

// The working days of a year from hrlake.leave_calendar.
core::WorkingYear working_year(SpiSession &spi, int year) {
  SpiParams p;
  p.int4(year);
  const uint64 n = spi.execute(
      "SELECT date - DATE '1970-01-01' FROM hrlake.leave_calendar "
      "WHERE date >= make_date($1, 1, 1) AND date < make_date($1 + 1, 1, 1)",
      std::move(p), true);
  std::vector<core::Date> holidays;
  pg_call([&] {
    for (uint64 i = 0; i < n; ++i) {
      bool is_null;
      holidays.push_back(DatumGetInt32(SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1, &is_null)));
    }
  });
  return core::WorkingYear(year, holidays);
}

std::string text_of(HeapTuple t, TupleDesc desc, int col, bool *is_null) {
  Datum d = SPI_getbinval(t, desc, col, is_null);
  if (*is_null) return {};
  text *v = DatumGetTextPP(d);
  return std::string(VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v));
}

core::YearDays days_of(HeapTuple t, TupleDesc desc, int col) {
  bool is_null;
  Datum d = SPI_getbinval(t, desc, col, &is_null);
  if (is_null) return core::YearDays();
  bytea *b = DatumGetByteaPP(d);
  return core::YearDays::from_bytes(reinterpret_cast<const uint8_t *>(VARDATA_ANY(b)),
                                    VARSIZE_ANY_EXHDR(b));
}

// Streams the rows of a read-only query through fn(tuple, desc).
template <typename Fn>
void for_each_row(const char *sql, SpiParams params, Fn fn) {
  Portal portal = pg_call([&] {
    Portal p = SPI_cursor_open_with_args(NULL, sql, params.size(), params.types(), params.values(),
                                         params.nulls(), true, 0);
    if (!p) elog(ERROR, "could not open cursor");
    return p;
  });
  for (;;) {
    pg_call([&] { SPI_cursor_fetch(portal, true, kFetchRows); });
    const uint64 n = SPI_processed;
    SPITupleTable *table = SPI_tuptable;
    for (uint64 i = 0; i < n; ++i) fn(table->vals[i], table->tupdesc);
    pg_call([&] { SPI_freetuptable(table); });
    if (n == 0) break;
  }
  pg_call([&] { SPI_cursor_close(portal); });
}

Datum text_datum(const std::string &s) {
  return PointerGetDatum(cstring_to_text_with_len(s.data(), static_cast<int>(s.size())));
}

}  // namespace
}  // namespace hrlake::pg

using namespace hrlake;

// The bitmap of a set of dates of one year (bit = day of the year).
HRLAKE_FUNCTION(hrlake_year_days) {
  core::YearDays days;
  if (!PG_ARGISNULL(0)) {
    std::vector<DateADT> dates = pg::pg_call([&] {
      ArrayType *a = PG_GETARG_ARRAYTYPE_P(0);
      Datum *elems;
      bool *nulls;
      int n;
      deconstruct_array(a, DATEOID, 4, true, TYPALIGN_INT, &elems, &nulls, &n);
      std::vector<DateADT> out;
      for (int i = 0; i < n; ++i)
        if (!nulls[i]) out.push_back(DatumGetDateADT(elems[i]));
      return out;
    });
    std::optional<int> year;
    for (DateADT d : dates) {
      const core::Date cd = pg::to_core_date(d);
      const int y = core::civil_from_days(cd).year;
      if (year && *year != y)
        throw core::Error(core::sqlstate::kInvalidParameterValue,
                          "dates of one year expected, got " + std::to_string(*year) + " and " +
                              std::to_string(y));
      year = y;
      days.set(core::day_of_year(cd));
    }
  }
  return pg::pg_call([&] {
    bytea *b = static_cast<bytea *>(palloc(core::YearDays::kBytes + VARHDRSZ));
    SET_VARSIZE(b, core::YearDays::kBytes + VARHDRSZ);
    memcpy(VARDATA(b), days.data(), core::YearDays::kBytes);
    return PointerGetDatum(b);
  });
}

HRLAKE_FUNCTION(hrlake_leave_8pct_report) {
  if (PG_ARGISNULL(0)) throw core::Error("22004", "as_of must not be null");
  const core::Date as_of = pg::to_core_date(PG_GETARG_DATEADT(0));
  pg::pg_call([&] { InitMaterializedSRF(fcinfo, 0); });
  auto *rsinfo = reinterpret_cast<ReturnSetInfo *>(fcinfo->resultinfo);

  const core::UpcomingRange range = core::upcoming_range(as_of);
  const int year = core::civil_from_days(as_of).year;
  pg::SpiSession spi;
  const core::WorkingYear working = pg::working_year(spi, year);
  const core::YearDays mask = working.mask(range.from, range.to);
  const int working_days = mask.count();
  if (working_days == 0) return (Datum)0;

  pg::SpiParams p;
  p.int4(year);
  pg::for_each_row("SELECT emp_id, days FROM hrlake.leave_days WHERE year = $1", std::move(p),
                   [&](HeapTuple t, TupleDesc desc) {
                     pg::pg_call([&] {
                       const int upcoming = pg::days_of(t, desc, 2).count_and(mask);
                       if (!core::over_8pct(upcoming, working_days)) return;
                       bool is_null;
                       Datum values[3] = {SPI_getbinval(t, desc, 1, &is_null), Int32GetDatum(upcoming),
                                          Int32GetDatum(working_days)};
                       bool nulls[3] = {false, false, false};
                       tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
                     });
                   });
  return (Datum)0;
}

HRLAKE_FUNCTION(hrlake_leave_80pct_report) {
  if (PG_ARGISNULL(0)) throw core::Error("22004", "as_of must not be null");
  const core::Date as_of = pg::to_core_date(PG_GETARG_DATEADT(0));
  pg::pg_call([&] { InitMaterializedSRF(fcinfo, 0); });
  auto *rsinfo = reinterpret_cast<ReturnSetInfo *>(fcinfo->resultinfo);

  const core::QuotaPeriod period = core::quota_period(as_of);
  pg::SpiSession spi;
  const core::WorkingYear working = pg::working_year(spi, period.year);
  const core::YearDays mask = working.mask(period.from, period.to);

  struct Hit {
    std::string emp_id;
    int availed, quota;
  };
  std::vector<Hit> hits;
  pg::SpiParams p;
  p.int4(period.year);
  pg::for_each_row(
      "SELECT q.emp_id, q.leave_quota, d.days FROM hrlake.leave_quota q "
      "LEFT JOIN hrlake.leave_days d ON d.emp_id = q.emp_id AND d.year = q.year "
      "WHERE q.year = $1 AND q.leave_quota > 0",
      std::move(p), [&](HeapTuple t, TupleDesc desc) {
        pg::pg_call([&] {
          bool is_null;
          const int quota = DatumGetInt32(SPI_getbinval(t, desc, 2, &is_null));
          const int availed = pg::days_of(t, desc, 3).count_and(mask);
          if (core::over_80pct(availed, quota))
            hits.push_back({pg::text_of(t, desc, 1, &is_null), availed, quota});
        });
      });
  if (hits.empty()) return (Datum)0;

  // Names only for the employees reported.
  std::vector<std::optional<std::string>> ids;
  for (const auto &h : hits) ids.emplace_back(h.emp_id);
  pg::SpiParams names_params;
  names_params.add(TEXTARRAYOID, pg::text_array(ids));
  const uint64 n = spi.execute(
      "SELECT DISTINCT ON (emp_id) emp_id, name FROM hrlake.employee WHERE emp_id = ANY ($1) "
      "ORDER BY emp_id, batch_id DESC, line_no DESC",
      std::move(names_params), true);
  std::unordered_map<std::string, std::string> names;
  pg::pg_call([&] {
    for (uint64 i = 0; i < n; ++i) {
      bool is_null;
      names[pg::text_of(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1, &is_null)] =
          pg::text_of(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 2, &is_null);
    }
  });
  for (const auto &h : hits) {
    auto found = names.find(h.emp_id);
    const std::optional<std::string> name =
        found == names.end() ? std::nullopt : std::optional<std::string>(found->second);
    const std::string report =
        core::quota_notice(h.emp_id, name, period.year, h.availed, h.quota, period.period, as_of);
    char pct[32];
    snprintf(pct, sizeof pct, "%.2f", core::usage_pct(h.availed, h.quota));
    pg::pg_call([&] {
      Datum values[6] = {pg::text_datum(h.emp_id), Int32GetDatum(period.year), Int32GetDatum(h.availed),
                         Int32GetDatum(h.quota),
                         DirectFunctionCall3(numeric_in, CStringGetDatum(pct),
                                             ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1)),
                         pg::text_datum(report)};
      bool nulls[6] = {false, false, false, false, false, false};
      tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
    });
  }
  return (Datum)0;
}

// Writes each given text to <directory>/<name>; returns the number of
// files. Needs pg_write_server_files. Only 0.1.0's SQL calls it (its
// install script needs the symbol); 0.2.0 exports with
// hrlake.export_notices() (notice_export.cpp).
HRLAKE_FUNCTION(hrlake_write_text_files) {
  // Checked here, not only by the SQL wrapper: this writes server files.
  const bool allowed = pg::pg_call(
      [] { return has_privs_of_role(GetUserId(), ROLE_PG_WRITE_SERVER_FILES); });
  if (!allowed)
    throw core::Error("42501", "permission denied to write server files", {},
                      "Only superusers and members of pg_write_server_files may export to the server.");
  const std::string directory = pg::text_to_string(PG_GETARG_DATUM(0));
  if (directory.empty() || directory[0] != '/')
    throw core::Error(core::sqlstate::kInvalidParameterValue,
                      "directory \"" + directory + "\" is not absolute");
  struct stat st;
  if (stat(directory.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
    throw core::Error(core::sqlstate::kUndefinedFile,
                      "directory \"" + directory + "\" does not exist", {},
                      "Create it first; the server's operating-system user must be able to write there.");
  std::vector<std::pair<std::string, std::string>> files = pg::pg_call([&] {
    std::vector<std::pair<std::string, std::string>> out;
    ArrayType *names = PG_GETARG_ARRAYTYPE_P(1);
    ArrayType *contents = PG_GETARG_ARRAYTYPE_P(2);
    Datum *n_elems, *c_elems;
    bool *n_nulls, *c_nulls;
    int n1, n2;
    deconstruct_array(names, TEXTOID, -1, false, TYPALIGN_INT, &n_elems, &n_nulls, &n1);
    deconstruct_array(contents, TEXTOID, -1, false, TYPALIGN_INT, &c_elems, &c_nulls, &n2);
    for (int i = 0; i < n1 && i < n2; ++i)
      if (!n_nulls[i] && !c_nulls[i])
        out.emplace_back(TextDatumGetCString(n_elems[i]), TextDatumGetCString(c_elems[i]));
    return out;
  });
  for (const auto &[name, content] : files) {
    if (name.find('/') != std::string::npos || name.empty() || name[0] == '.')
      throw core::Error(core::sqlstate::kInvalidParameterValue,
                        "file name \"" + name + "\" is not allowed");
    const std::string path = directory + "/" + name;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << content;
    out.close();
    if (!out)
      throw core::Error(core::sqlstate::kIoError, "could not write file \"" + path + "\"");
  }
  return Int64GetDatum(static_cast<int64_t>(files.size()));
}
