#include "core/file_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include "core/error.h"
#include "core/interrupts.h"

namespace hrlake::core {

namespace {

// SQLSTATE object_not_in_prerequisite_state: the file is not ready to load.
constexpr const char *kObjectNotInPrerequisiteState = "55000";

const char *kind_of(mode_t mode) {
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISLNK(mode)) return "a symbolic link (not followed)";
  return "not a regular file";
}

// Refuses what is not a regular file: a directory, or something that may
// never end or block (a FIFO without writer, /dev/zero, a socket).
[[noreturn]] void refuse(const std::string &path, mode_t mode) {
  if (S_ISDIR(mode))
    throw Error(sqlstate::kWrongObjectType, "\"" + path + "\" is a directory, not a file", {},
                "Give the path of one file; load each file of a directory separately.");
  throw Error(sqlstate::kWrongObjectType, "\"" + path + "\" is not a regular file",
              std::string("It is ") + kind_of(mode) + ".",
              S_ISLNK(mode) ? "Put the file itself there, not a link to it."
                            : "Give the path of a regular file; pipes, devices and sockets are not "
                              "read (they may never end). Copy the data into a file first.");
}

}  // namespace

FileSource::FileSource(const std::string &path) : path_(path) { open_at(AT_FDCWD, path, true); }

FileSource::FileSource(int dir_fd, const std::string &name, std::string label)
    : path_(std::move(label)) {
  open_at(dir_fd, name, false);
}

void FileSource::open_at(int dir_fd, const std::string &name, bool follow_links) {
  // Look before opening: opening a device or a FIFO can block or have effects.
  struct stat st;
  if (::fstatat(dir_fd, name.c_str(), &st, follow_links ? 0 : AT_SYMLINK_NOFOLLOW) != 0) {
    const int err = errno;
    throw Error(err == ENOENT || err == ENOTDIR ? sqlstate::kUndefinedFile : sqlstate::kIoError,
                "could not open file \"" + path_ + "\": " + std::strerror(err));
  }
  if (!S_ISREG(st.st_mode)) refuse(path_, st.st_mode);
  // O_NONBLOCK: should the path have become a FIFO meanwhile, open must not
  // wait for a writer; the fstat below then refuses it. O_NOFOLLOW: nor may
  // it have become a symbolic link.
  fd_ = ::openat(dir_fd, name.c_str(),
                 O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | (follow_links ? 0 : O_NOFOLLOW));
  if (fd_ < 0) {
    const int err = errno;
    if (err == ELOOP && !follow_links) refuse(path_, S_IFLNK);
    throw Error(sqlstate::kIoError,
                "could not open file \"" + path_ + "\" for reading: " + std::strerror(err), {},
                err == EACCES ? "The file must be readable by the operating-system user that "
                                "runs the PostgreSQL server."
                              : "");
  }
  try {
    struct stat opened;
    if (::fstat(fd_, &opened) != 0)
      throw Error(sqlstate::kIoError,
                  "could not stat file \"" + path_ + "\": " + std::strerror(errno));
    if (!S_ISREG(opened.st_mode)) refuse(path_, opened.st_mode);  // swapped since stat
    opened_ = current_version();
  } catch (...) {
    ::close(fd_);
    fd_ = -1;
    throw;
  }
  size_ = opened_.size;
}

FileSource::~FileSource() {
  if (fd_ >= 0) ::close(fd_);
}

FileSource::Version FileSource::current_version() const {
  struct stat st;
  if (::fstat(fd_, &st) != 0)
    throw Error(sqlstate::kIoError,
                "could not stat file \"" + path_ + "\": " + std::strerror(errno));
  Version v;
  v.size = static_cast<uint64_t>(st.st_size);
  v.mtime_sec = st.st_mtim.tv_sec;
  v.mtime_nsec = st.st_mtim.tv_nsec;
  v.inode = st.st_ino;
  v.device = st.st_dev;
  return v;
}

void FileSource::for_each_chunk(const std::function<void(std::string_view)> &fn) {
  if (::lseek(fd_, 0, SEEK_SET) < 0)
    throw Error(sqlstate::kIoError,
                "could not read file \"" + path_ + "\": " + std::strerror(errno));
  std::unique_ptr<char[]> buf(new char[kChunkBytes]);
  uint64_t bytes_read = 0;
  for (;;) {
    check_for_interrupts();
    const ssize_t n = ::read(fd_, buf.get(), kChunkBytes);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw Error(sqlstate::kIoError,
                  "could not read file \"" + path_ + "\": " + std::strerror(errno));
    }
    if (n == 0) break;
    bytes_read += static_cast<uint64_t>(n);
    // Growing while read: stop now, it might never end.
    if (bytes_read > opened_.size) changed(bytes_read, current_version());
    fn(std::string_view(buf.get(), static_cast<size_t>(n)));
  }
  const Version now = current_version();
  if (bytes_read != opened_.size || now != opened_) changed(bytes_read, now);
}

void FileSource::changed(uint64_t bytes_read, const Version &now) const {
  std::string detail = "It had " + std::to_string(opened_.size) + " bytes when opened; " +
                       std::to_string(bytes_read) + " bytes were read";
  if (now.size != opened_.size) detail += " and it has " + std::to_string(now.size) + " now";
  if (now.mtime_sec != opened_.mtime_sec || now.mtime_nsec != opened_.mtime_nsec)
    detail += "; it was modified meanwhile";
  throw Error(kObjectNotInPrerequisiteState,
              "file \"" + path_ + "\" changed while it was being read", detail + ".",
              "Load it again once it is complete (write a file under another name and rename "
              "it into place when it is done).");
}

}  // namespace hrlake::core
