// hrlake.export_notices(period): the 80% notices of a period as files
// (SPEC §2.6), <hrlake.notice_directory>/<YYYY-MM>/<name>.txt, named by
// core/notice_files.h.
//
// Only a superuser chooses the directory (the setting is PGC_SUSET); the
// admin who runs the export only writes the period's files there. Nothing
// below the directory is followed if it is a symbolic link: the period's
// directory is opened with O_NOFOLLOW and each file is reached through it
// (openat, renameat), so no name can lead elsewhere. A file is written
// whole or not at all: into a new temporary file (O_EXCL) that is synced
// and then renamed over the old one. A file that already holds what it
// would be given is left alone (its time of change too).
//
// What one file's trouble is (a directory in its place, a name two ids
// share) skips that file, with the reason, and the export goes on; what
// every file would meet (the directory missing or not writable, a full or
// read-only disk) fails the export, which fails the monthly job (recorded,
// alerted, tried again).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <set>

#include "core/error.h"
#include "core/interrupts.h"
#include "core/notice_files.h"
#include "pg/convert.h"
#include "pg/progress.h"
#include "pg/query_cursor.h"
#include "pg/result_rows.h"
#include "pg/settings.h"
#include "pg/slot_values.h"

namespace hrlake::pg {
namespace {

// The SQLSTATE PostgreSQL gives a failed file access (errcode_for_file_access).
const char *file_sqlstate(int e) {
  switch (e) {
    case EPERM:
    case EACCES:
    case EROFS: return "42501";
    case ENOENT: return core::sqlstate::kUndefinedFile;
    case ENOSPC:
#ifdef EDQUOT
    case EDQUOT:
#endif
      return "53100";
    case EMFILE:
    case ENFILE: return "53000";
    default: return core::sqlstate::kIoError;
  }
}

// Whether an error would meet every file alike (so the export must fail),
// not just the one file.
bool affects_every_file(int e) {
  switch (e) {
    case EPERM:
    case EACCES:
    case EROFS:
    case ENOSPC:
#ifdef EDQUOT
    case EDQUOT:
#endif
    case EIO:
    case EMFILE:
    case ENFILE:
    case ENOMEM: return true;
    default: return false;
  }
}

class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() { reset(); }
  Fd(const Fd &) = delete;
  Fd &operator=(const Fd &) = delete;
  void reset(int fd = -1) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }
  int get() const { return fd_; }
  int release() {
    const int fd = fd_;
    fd_ = -1;
    return fd;
  }

 private:
  int fd_ = -1;
};

class NoticeWriter {
 public:
  enum class Outcome { kWritten, kUnchanged, kSkipped };

  NoticeWriter(const std::string &directory, core::Date period)
      : directory_(directory), period_dir_(core::notice_period_directory(period)) {
    dir_.reset(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dir_.get() < 0)
      fail(errno, "could not open the notice directory \"" + directory + "\"",
           "The directory is the setting hrlake.notice_directory; it must exist and the server's "
           "operating-system user must be able to write there.");
    if (::mkdirat(dir_.get(), period_dir_.c_str(), 0750) == 0) {
      created_period_dir_ = true;
    } else if (errno != EEXIST) {
      fail(errno, "could not create the directory \"" + where("") + "\"",
           "The server's operating-system user must be able to write to the notice directory.");
    }
    period_.reset(::openat(dir_.get(), period_dir_.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (period_.get() < 0) {
      const int e = errno;
      if (e == ELOOP || e == ENOTDIR)
        throw core::Error(core::sqlstate::kWrongObjectType,
                          "\"" + where("") + "\" is not a directory",
                          "A symbolic link there is not followed: notices are written only below the notice "
                          "directory.",
                          "Remove or rename it, then export again.");
      fail(e, "could not open the directory \"" + where("") + "\"", {});
    }
  }

  // Writes (or leaves alone) one file; a skipped one gets its reason.
  Outcome write(const std::string &name, const std::string &content, std::string &reason) {
    if (holds(name, content)) return Outcome::kUnchanged;
    const std::string temporary = "." + name + "." + std::to_string(MyProcPid) + ".tmp";
    Fd out(::openat(period_.get(), temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0640));
    if (out.get() < 0 && errno == EEXIST) {
      // Left by a backend that died while writing it.
      ::unlinkat(period_.get(), temporary.c_str(), 0);
      out.reset(::openat(period_.get(), temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                         0640));
    }
    if (out.get() < 0) return trouble(errno, "could not create a temporary file", name, reason);
    size_t done = 0;
    while (done < content.size()) {
      const ssize_t n = ::write(out.get(), content.data() + done, content.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return discard(errno ? errno : EIO, "could not write", temporary, name, reason);
      done += static_cast<size_t>(n);
    }
    if (::fsync(out.get()) != 0) return discard(errno, "could not sync", temporary, name, reason);
    if (::close(out.release()) != 0) return discard(errno, "could not close", temporary, name, reason);
    if (::renameat(period_.get(), temporary.c_str(), period_.get(), name.c_str()) != 0)
      return discard(errno, "could not put the file in place", temporary, name, reason);
    wrote_ = true;
    return Outcome::kWritten;
  }

  // Makes the new names durable.
  void finish() {
    if (wrote_ && ::fsync(period_.get()) != 0) fail(errno, "could not sync \"" + where("") + "\"", {});
    if (created_period_dir_ && ::fsync(dir_.get()) != 0)
      fail(errno, "could not sync \"" + directory_ + "\"", {});
  }

  std::string file(const std::string &name) const { return period_dir_ + "/" + name; }

 private:
  std::string where(const std::string &name) const {
    return directory_ + "/" + period_dir_ + (name.empty() ? "" : "/" + name);
  }

  [[noreturn]] void fail(int e, const std::string &message, const std::string &hint) const {
    throw core::Error(file_sqlstate(e), message + ": " + strerror(e), {}, hint);
  }

  // A file's own trouble skips it; any other fails the export.
  Outcome trouble(int e, const std::string &what, const std::string &name, std::string &reason) const {
    if (affects_every_file(e))
      fail(e, what + " for \"" + where(name) + "\"",
           "The server's operating-system user must be able to write to the notice directory, "
           "on a disk with room.");
    reason = what + ": " + strerror(e);
    return Outcome::kSkipped;
  }

  Outcome discard(int e, const std::string &what, const std::string &temporary, const std::string &name,
                  std::string &reason) const {
    ::unlinkat(period_.get(), temporary.c_str(), 0);
    return trouble(e, what, name, reason);
  }

  // Whether the file is there already, a regular file with this content.
  bool holds(const std::string &name, const std::string &content) const {
    Fd in(::openat(period_.get(), name.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
    if (in.get() < 0) return false;  // absent, or a link the rename will replace
    struct stat st;
    if (::fstat(in.get(), &st) != 0 || !S_ISREG(st.st_mode) || static_cast<size_t>(st.st_size) != content.size())
      return false;
    std::string stored(content.size(), '\0');
    size_t done = 0;
    while (done < stored.size()) {
      const ssize_t n = ::read(in.get(), stored.data() + done, stored.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      done += static_cast<size_t>(n);
    }
    return stored == content;
  }

  std::string directory_, period_dir_;
  Fd dir_, period_;
  bool created_period_dir_ = false, wrote_ = false;
};

// The notice directory: hrlake.notice_directory, which must be set.
std::string notice_directory() {
  const std::string directory = notice_directory_setting ? notice_directory_setting : "";
  if (directory.empty())
    throw core::Error("55000", "hrlake.notice_directory is not set",
                      "Notices are written as files only into the directory a superuser chose.",
                      "As a superuser: ALTER DATABASE <db> SET hrlake.notice_directory = '/path/on/the/server' "
                      "(or in postgresql.conf).");
  return directory;
}

}  // namespace
}  // namespace hrlake::pg

using namespace hrlake;

// hrlake.export_notices(period): one row per notice of the period's month:
// emp_id, file (relative to the notice directory), status (written,
// unchanged, skipped) and why a file was skipped.
HRLAKE_FUNCTION(hrlake_export_notices) {
  if (PG_ARGISNULL(0)) throw core::Error("22004", "period must not be null");
  const core::Date any_day = pg::to_core_date(PG_GETARG_DATEADT(0));
  const core::Ymd ymd = core::civil_from_days(any_day);
  const core::Date period = core::days_from_civil(ymd.year, ymd.month, 1);
  const std::string directory = pg::notice_directory();
  pg::ResultRows result = pg::ResultRows::of_call(fcinfo);

  pg::Progress progress(core::progress::Operation::kExportNotices);
  progress.phase(core::progress::Phase::kWritingFiles);
  pg::NoticeWriter writer(directory, period);
  pg::SpiSession spi;
  pg::QueryCursor notices(
      "SELECT emp_id, report FROM hrlake.leave_80pct_notice WHERE period OPERATOR(pg_catalog.=) $1 ORDER BY emp_id",
      pg::SpiParams().add(DATEOID, DateADTGetDatum(pg::to_pg_date(period))));
  MemoryContext scratch = pg::pg_call([] {
    return AllocSetContextCreate(CurrentMemoryContext, "hrlake notices", ALLOCSET_DEFAULT_SIZES);
  });
  std::vector<std::pair<std::string, std::string>> batch;
  const pg::QueryCursor::RowFn on_row = [&](TupleTableSlot *slot) {
    batch.emplace_back(std::string(*pg::slot_text(slot, 1, scratch)), std::string(*pg::slot_text(slot, 2, scratch)));
  };
  std::map<std::string, std::string> owner_of;  // file name -> emp_id
  int64_t done = 0, skipped = 0;
  for (;;) {
    batch.clear();
    if (notices.fetch(1000, on_row) == 0) break;
    pg::pg_call([&] { MemoryContextReset(scratch); });
    for (const auto &[emp_id, report] : batch) {
      core::check_for_interrupts();
      std::string reason;
      std::optional<std::string> name = core::notice_file_name(emp_id, reason);
      auto outcome = pg::NoticeWriter::Outcome::kSkipped;
      if (name) {
        auto [it, fresh] = owner_of.emplace(*name, emp_id);
        if (fresh) {
          outcome = writer.write(*name, core::notice_file_content(report), reason);
        } else {
          reason = "the file name " + *name + " is employee " + it->second + "'s";
        }
      }
      static const char *const kStatus[] = {"written", "unchanged", "skipped"};
      const bool skip = outcome == pg::NoticeWriter::Outcome::kSkipped;
      pg::pg_call([&] {
        const Datum values[4] = {pg::text_datum(emp_id), name ? pg::text_datum(writer.file(*name)) : (Datum)0,
                                 pg::text_datum(kStatus[static_cast<int>(outcome)]),
                                 skip ? pg::text_datum(reason) : (Datum)0};
        const bool nulls[4] = {false, !name, false, !skip};
        result.add(values, nulls);
      });
      progress.rows(++done);
      if (skip) progress.rejected(++skipped);
    }
  }
  pg::pg_call([&] { MemoryContextDelete(scratch); });
  writer.finish();
  return (Datum)0;
}
