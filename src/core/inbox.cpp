#include "core/inbox.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>

#include "core/date.h"
#include "core/error.h"
#include "core/text.h"

namespace hrlake::core::inbox {

namespace {

constexpr int64_t kNsPerSecond = 1000000000;

std::string errno_text(int err) { return std::strerror(err); }

Entry entry_of(const std::string &name, const struct stat &st) {
  Entry e;
  e.name = name;
  e.size = static_cast<uint64_t>(st.st_size);
  e.mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * kNsPerSecond + st.st_mtim.tv_nsec;
  e.inode = st.st_ino;
  e.device = st.st_dev;
  if (S_ISREG(st.st_mode)) {
    e.kind = Entry::Kind::kFile, e.kind_text = "a regular file";
  } else if (S_ISDIR(st.st_mode)) {
    e.kind = Entry::Kind::kDirectory, e.kind_text = "a folder";
  } else {
    e.kind = Entry::Kind::kOther;
    e.kind_text = S_ISLNK(st.st_mode)    ? "a symbolic link"
                  : S_ISFIFO(st.st_mode) ? "a FIFO (named pipe)"
                  : S_ISSOCK(st.st_mode) ? "a socket"
                  : S_ISCHR(st.st_mode)  ? "a character device"
                  : S_ISBLK(st.st_mode)  ? "a block device"
                                         : "not a regular file";
  }
  return e;
}

void fsync_dir(int fd, const std::string &path) {
  if (::fsync(fd) != 0)
    throw Error(sqlstate::kIoError, "could not fsync directory \"" + path + "\": " + errno_text(errno));
}

// Opens name below parent as a directory, never through a link; -1 with
// errno set when it cannot.
int open_dir_at(int parent, const std::string &name) {
  return ::openat(parent, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

[[noreturn]] void refuse_dir(const std::string &path, int err) {
  if (err == ELOOP || err == ENOTDIR)
    throw Error(sqlstate::kWrongObjectType, "\"" + path + "\" is not a folder", {},
                "It must be a plain directory inside the inbox, not a file or a symbolic link.");
  throw Error(sqlstate::kIoError, "could not open directory \"" + path + "\": " + errno_text(err), {},
              err == EACCES ? "The inbox's folders must be readable and writable by the "
                              "operating-system user that runs the PostgreSQL server."
                            : "");
}

void write_all(int fd, std::string_view text, const std::string &path) {
  while (!text.empty()) {
    const ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      throw Error(sqlstate::kIoError, "could not write \"" + path + "\": " + errno_text(errno));
    }
    text.remove_prefix(static_cast<size_t>(n));
  }
}

// Writes the reason file `name` in dir, which must not exist yet; false
// when it does.
bool write_reason(const Dir &dir, const std::string &name, const std::string &reason) {
  const std::string path = dir.path() + "/" + name;
  const int fd = ::openat(dir.fd(), name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0640);
  if (fd < 0) {
    if (errno == EEXIST) return false;
    throw Error(sqlstate::kIoError, "could not create \"" + path + "\": " + errno_text(errno));
  }
  try {
    write_all(fd, reason, path);
    if (::fsync(fd) != 0) throw Error(sqlstate::kIoError, "could not fsync \"" + path + "\": " + errno_text(errno));
  } catch (...) {
    ::close(fd);
    ::unlinkat(dir.fd(), name.c_str(), 0);
    throw;
  }
  ::close(fd);
  return true;
}

// rename(2) that fails with EEXIST instead of replacing the target; where
// the file system cannot do that (EINVAL), link(2) + unlink(2), which
// cannot replace either (a crash in between leaves the file in both
// places: the next pass finds it loaded and moves it again).
int rename_no_replace(int from_fd, const std::string &name, int to_fd, const std::string &target) {
  if (::renameat2(from_fd, name.c_str(), to_fd, target.c_str(), RENAME_NOREPLACE) == 0) return 0;
  if (errno != EINVAL && errno != ENOSYS) return -1;
  if (::linkat(from_fd, name.c_str(), to_fd, target.c_str(), 0) != 0) return -1;
  if (::unlinkat(from_fd, name.c_str(), 0) != 0) return -1;
  return 0;
}

}  // namespace

bool same_file(const Entry &e, const FileSource::Version &v) {
  return e.kind == Entry::Kind::kFile && e.size == v.size && e.inode == v.inode && e.device == v.device &&
         e.mtime_ns == v.mtime_sec * kNsPerSecond + v.mtime_nsec;
}

bool is_settled(int64_t mtime_ns, int64_t now_ns, int64_t settle_ns) {
  return mtime_ns <= now_ns && now_ns - mtime_ns >= settle_ns;
}

Judgement judge_source_entry(const Entry &e, int64_t now_ns, int64_t settle_ns) {
  if (!e.name.empty() && e.name[0] == '.') return {Verdict::kHidden, {}};
  if (!is_printable(e.name))
    return {Verdict::kUnknown,
            "its name is not valid UTF-8 or holds control characters (the database could not name it); "
            "rename it"};
  if (e.kind == Entry::Kind::kDirectory)
    return {Verdict::kUnknown, "a folder inside a source folder: files go directly into the source's folder"};
  if (e.kind == Entry::Kind::kFile && !is_settled(e.mtime_ns, now_ns, settle_ns)) {
    if (e.mtime_ns > now_ns)
      return {Verdict::kWaiting, "its modification time is in the future; it is taken once that time has passed "
                                 "by hrlake.inbox_settle_time"};
    return {Verdict::kWaiting, "still being written: it changed " + std::to_string((now_ns - e.mtime_ns) / kNsPerSecond) +
                                   " s ago; it is taken once unchanged for hrlake.inbox_settle_time (" +
                                   std::to_string(settle_ns / kNsPerSecond) + " s)"};
  }
  return {Verdict::kTake, {}};
}

std::vector<Unknown> unknown_root_entries(const std::vector<Entry> &entries,
                                          const std::vector<std::string> &sources) {
  std::string known;
  for (const auto &s : sources) known += (known.empty() ? "" : ", ") + s;
  std::vector<Unknown> out;
  for (const Entry &e : entries) {
    if (e.name.empty() || e.name[0] == '.' || e.name == "lost+found") continue;
    const bool is_folder_name = std::find(sources.begin(), sources.end(), e.name) != sources.end() ||
                                e.name == kProcessed || e.name == kFailed;
    const std::string path = printable(e.name) + (e.kind == Entry::Kind::kDirectory ? "/" : "");
    if (is_folder_name) {
      if (e.kind != Entry::Kind::kDirectory)
        out.push_back({path, "is " + e.kind_text + ", not a folder: it must be a plain directory"});
    } else if (e.kind == Entry::Kind::kDirectory) {
      out.push_back({path, "a folder that is not a source's: its files are not loaded (sources: " + known + ")"});
    } else {
      out.push_back({path, e.kind_text + " outside the source folders: it is not loaded; put it into <source>/"});
    }
  }
  std::sort(out.begin(), out.end(), [](const Unknown &a, const Unknown &b) { return a.path < b.path; });
  return out;
}

void sort_for_taking(std::vector<Entry> &entries) {
  std::sort(entries.begin(), entries.end(), [](const Entry &a, const Entry &b) {
    if (a.name != b.name) return a.name < b.name;
    return a.mtime_ns < b.mtime_ns;
  });
}

bool is_printable(std::string_view name) {
  if (!is_valid_utf8(name)) return false;
  for (unsigned char c : name)
    if (c < 0x20 || c == 0x7F) return false;
  return true;
}

std::string printable(std::string_view name) {
  if (is_printable(name)) return std::string(name);
  std::string out;
  for (size_t i = 0; i < name.size();) {
    char32_t cp;
    const size_t len = decode_utf8(name, i, cp);
    if (len == 0 || cp < 0x20 || cp == 0x7F) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02X", static_cast<unsigned char>(name[i]));
      out += hex;
      ++i;
    } else {
      out.append(name.substr(i, len));
      i += len;
    }
  }
  return out;
}

std::string utc_date(int64_t unix_seconds) {
  int64_t days = unix_seconds / kSecondsPerDay;
  if (unix_seconds % kSecondsPerDay < 0) --days;
  const Ymd ymd = civil_from_days(static_cast<Date>(days));
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", ymd.year, ymd.month, ymd.day);
  return text;
}

int64_t now_ns() {
  timespec ts;
  ::clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<int64_t>(ts.tv_sec) * kNsPerSecond + ts.tv_nsec;
}

// ---- Dir ----

Dir Dir::open_root(const std::string &path) {
  if (path.empty() || path[0] != '/')
    throw Error(sqlstate::kInvalidParameterValue, "inbox directory \"" + path + "\" is not absolute");
  const int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    const int err = errno;
    if (err == ENOENT)
      throw Error(sqlstate::kUndefinedFile, "inbox directory \"" + path + "\" does not exist", {},
                  "Create it (owned by the operating-system user that runs the PostgreSQL server), or change "
                  "hrlake.inbox_directory.");
    refuse_dir(path, err);
  }
  return Dir(fd, path);
}

std::optional<Dir> Dir::child(const std::string &name) const {
  const std::string path = path_ + "/" + name;
  const int fd = open_dir_at(fd_, name);
  if (fd < 0) {
    if (errno == ENOENT) return std::nullopt;
    refuse_dir(path, errno);
  }
  return Dir(fd, path);
}

Dir Dir::child_created(const std::string &name) const {
  if (auto existing = child(name)) return std::move(*existing);
  if (::mkdirat(fd_, name.c_str(), 0750) != 0 && errno != EEXIST)
    throw Error(sqlstate::kIoError, "could not create directory \"" + path_ + "/" + name + "\": " + errno_text(errno));
  fsync_dir(fd_, path_);
  if (auto made = child(name)) return std::move(*made);
  throw Error(sqlstate::kIoError, "directory \"" + path_ + "/" + name + "\" vanished after it was created");
}

Dir::Dir(Dir &&other) noexcept : fd_(other.fd_), path_(std::move(other.path_)) { other.fd_ = -1; }

Dir &Dir::operator=(Dir &&other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    path_ = std::move(other.path_);
    other.fd_ = -1;
  }
  return *this;
}

Dir::~Dir() {
  if (fd_ >= 0) ::close(fd_);
}

std::vector<Entry> list(const Dir &dir) {
  // fdopendir takes the descriptor it is given: a duplicate, read from the start.
  const int fd = ::openat(dir.fd(), ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) refuse_dir(dir.path(), errno);
  DIR *d = ::fdopendir(fd);
  if (!d) {
    const int err = errno;
    ::close(fd);
    refuse_dir(dir.path(), err);
  }
  std::vector<Entry> out;
  for (;;) {
    errno = 0;
    const dirent *de = ::readdir(d);
    if (!de) {
      const int err = errno;
      ::closedir(d);
      if (err != 0)
        throw Error(sqlstate::kIoError, "could not read directory \"" + dir.path() + "\": " + errno_text(err));
      break;
    }
    const std::string name = de->d_name;
    if (name == "." || name == "..") continue;
    if (auto e = look(dir, name)) out.push_back(std::move(*e));  // gone meanwhile: skipped
  }
  return out;
}

std::optional<Entry> look(const Dir &dir, const std::string &name) {
  struct stat st;
  if (::fstatat(dir.fd(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
    if (errno == ENOENT) return std::nullopt;
    throw Error(sqlstate::kIoError,
                "could not look at \"" + dir.path() + "/" + printable(name) + "\": " + errno_text(errno));
  }
  return entry_of(name, st);
}

bool readable(const Dir &dir, const std::string &name) {
  return ::faccessat(dir.fd(), name.c_str(), R_OK, AT_EACCESS | AT_SYMLINK_NOFOLLOW) == 0 || errno != EACCES;
}

std::optional<std::string> move_into(const Dir &from, const std::string &name, const Dir &to,
                                     const std::optional<std::string> &reason) {
  for (unsigned n = 0;; ++n) {
    const std::string target = n == 0 ? name : name + "." + std::to_string(n);
    const std::string reason_name = target + std::string(kReasonSuffix);
    if (reason && !write_reason(to, reason_name, *reason)) continue;  // that name is taken
    if (rename_no_replace(from.fd(), name, to.fd(), target) == 0) {
      fsync_dir(to.fd(), to.path());
      fsync_dir(from.fd(), from.path());
      return target;
    }
    const int err = errno;
    if (reason) ::unlinkat(to.fd(), reason_name.c_str(), 0);
    if (err == EEXIST) continue;
    if (err == ENOENT) return std::nullopt;
    const std::string what = "could not move \"" + from.path() + "/" + printable(name) + "\" to \"" + to.path() + "\"";
    if (err == EXDEV)
      throw Error(sqlstate::kIoError, what + ": it is on another file system",
                  "A move within the inbox is a rename, which cannot cross file systems (a copy could be "
                  "left half done).",
                  "Make processed/ and failed/ plain directories on the inbox's file system.");
    throw Error(sqlstate::kIoError, what + ": " + errno_text(err), {},
                err == EACCES || err == EPERM
                    ? "The inbox's folders must be writable by the operating-system user that runs the "
                      "PostgreSQL server (and not sticky)."
                    : "");
  }
}

}  // namespace hrlake::core::inbox
