// The inbox (issue 19): files dropped into <inbox>/<source>/ are loaded by
// the jobs and then moved out of the way: to
// <inbox>/processed/<source>/<YYYY-MM-DD>/ once their load committed, or to
// <inbox>/failed/<source>/ with a <name>.reason file beside them when
// refused. Here are the rules that need no database: which entries a pass
// takes and in what order, when a file is settled (no longer being
// written), and the file-system work, done safely:
//   - nothing follows a symbolic link below the inbox: each directory is
//     opened with O_NOFOLLOW relative to its parent's descriptor, entries
//     are looked at with lstat semantics and files opened with O_NOFOLLOW
//     (FileSource), so no path leaves the inbox; names come from readdir,
//     so "..", "." and "/" never occur in them;
//   - a move is one rename(2) that never replaces a file, on one file
//     system (refused otherwise: a copy could be half done when the server
//     dies), made durable by fsyncing both directories.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/file_source.h"

namespace hrlake::core::inbox {

inline constexpr std::string_view kProcessed = "processed";
inline constexpr std::string_view kFailed = "failed";
inline constexpr std::string_view kReasonSuffix = ".reason";

// An entry of a directory, as lstat sees it.
struct Entry {
  enum class Kind { kFile, kDirectory, kOther };
  std::string name;
  Kind kind = Kind::kOther;
  std::string kind_text;  // "a regular file", "a symbolic link", ...
  uint64_t size = 0;
  int64_t mtime_ns = 0;
  uint64_t inode = 0;
  uint64_t device = 0;
};

// True when e is the file FileSource opened as `v`, unchanged.
bool same_file(const Entry &e, const FileSource::Version &v);

// What a pass does with an entry of a source folder.
enum class Verdict {
  kTake,     // a file to load, or an entry to refuse (a link, a FIFO, ...)
  kWaiting,  // a file still being written: it changed less than the settle time ago
  kHidden,   // a name starting with ".": an upload in progress, by convention; left alone
  kUnknown,  // what no pass takes (a folder, an unusable name): reported, left alone
};

struct Judgement {
  Verdict verdict;
  std::string why;  // for kWaiting and kUnknown
};

// A file is settled when it was last modified settle_ns or more before
// now: nothing wrote to it (size and modification time unchanged) for
// that long. A modification time in the future is not settled.
bool is_settled(int64_t mtime_ns, int64_t now_ns, int64_t settle_ns);

Judgement judge_source_entry(const Entry &e, int64_t now_ns, int64_t settle_ns);

// The entries of the inbox itself that are none of its folders (a known
// source's, processed/, failed/), each with why: reported, left alone.
// Hidden names and lost+found (a file system's own) are not reported.
struct Unknown {
  std::string path;  // relative to the inbox, printable
  std::string why;
};
std::vector<Unknown> unknown_root_entries(const std::vector<Entry> &entries,
                                          const std::vector<std::string> &sources);

// The order in which a pass takes a folder's files: by name (bytewise),
// then modification time.
void sort_for_taking(std::vector<Entry> &entries);

// The name as a person can read it: as is when it is valid UTF-8 without
// control characters, else with each offending byte as \xNN.
std::string printable(std::string_view name);
bool is_printable(std::string_view name);

// "YYYY-MM-DD", the UTC date of a Unix time.
std::string utc_date(int64_t unix_seconds);

// The wall clock, in nanoseconds since the Unix epoch.
int64_t now_ns();

// An open directory of the inbox (its descriptor is what paths are
// resolved against).
class Dir {
 public:
  // The inbox itself: an absolute path to an existing directory (a link
  // there is followed: the superuser who configured it chose it).
  static Dir open_root(const std::string &path);
  // A subdirectory, never through a symbolic link; nullopt when missing.
  std::optional<Dir> child(const std::string &name) const;
  // The same, created (durably: the parent is fsynced) when missing.
  Dir child_created(const std::string &name) const;

  Dir(Dir &&other) noexcept;
  Dir &operator=(Dir &&other) noexcept;
  Dir(const Dir &) = delete;
  Dir &operator=(const Dir &) = delete;
  ~Dir();

  int fd() const { return fd_; }
  const std::string &path() const { return path_; }  // for messages

 private:
  Dir(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  int fd_ = -1;
  std::string path_;
};

// Every entry of dir but "." and "..", in no particular order.
std::vector<Entry> list(const Dir &dir);

// The entry `name` of dir (not following a link); nullopt when missing.
std::optional<Entry> look(const Dir &dir, const std::string &name);

// False when this process may not read `name` in dir (permissions).
bool readable(const Dir &dir, const std::string &name);

// Moves `name` from `from` into `to`, under the same name or, when that is
// taken, name.1, name.2, ...: nothing is ever replaced. With a reason,
// <new name>.reason is written (and made durable) first, so a refused file
// is never without its reason. Both directories are fsynced: the move
// survives a crash. Returns the new name, or nullopt when `name` is no
// longer in `from` (another pass moved it). Throws Error when the move is
// impossible, e.g. `to` on another file system.
std::optional<std::string> move_into(const Dir &from, const std::string &name, const Dir &to,
                                     const std::optional<std::string> &reason = std::nullopt);

}  // namespace hrlake::core::inbox
