// Reads a server-side file in chunks, with errors a person understands
// (missing, a directory, unreadable) carrying the right SQLSTATE. Only a
// regular file is read: a pipe, a device (/dev/zero never ends) or a socket
// is refused before anything is read. A file that changes while it is read
// (still being written, or rewritten) is an error, not a silent mix of two
// versions.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace hrlake::core {

class FileSource {
 public:
  // Bytes per chunk handed to for_each_chunk's callback.
  static constexpr size_t kChunkBytes = 1u << 20;

  // Opens path; throws Error when it is missing, unreadable, a directory
  // or anything else that is not a regular file (SQLSTATE 42809).
  explicit FileSource(const std::string &path);
  // Opens `name` inside the open directory dir_fd without following a
  // symbolic link (a link is refused like any other non-regular file);
  // `label` names it in messages. For the inbox (core/inbox.h).
  FileSource(int dir_fd, const std::string &name, std::string label);
  ~FileSource();
  FileSource(const FileSource &) = delete;
  FileSource &operator=(const FileSource &) = delete;

  // Calls fn for each chunk of the file, in order, from the start; checks
  // for interrupts per chunk. Throws Error (SQLSTATE 55000) when the file
  // changed since it was opened: other size, time of change or bytes read.
  void for_each_chunk(const std::function<void(std::string_view)> &fn);

  // What identifies the file's content as of a moment (from fstat).
  struct Version {
    uint64_t size = 0;
    int64_t mtime_sec = 0;
    int64_t mtime_nsec = 0;
    uint64_t inode = 0;
    uint64_t device = 0;
    bool operator!=(const Version &o) const {
      return size != o.size || mtime_sec != o.mtime_sec || mtime_nsec != o.mtime_nsec ||
             inode != o.inode || device != o.device;
    }
    bool operator==(const Version &o) const { return !(*this != o); }
  };

  const std::string &path() const { return path_; }
  long long size() const { return static_cast<long long>(size_); }
  // The file as opened (for_each_chunk refuses a file that differs from it).
  const Version &version() const { return opened_; }

 private:
  void open_at(int dir_fd, const std::string &name, bool follow_links);
  Version current_version() const;
  [[noreturn]] void changed(uint64_t bytes_read, const Version &now) const;

  std::string path_;
  int fd_ = -1;
  uint64_t size_ = 0;
  Version opened_;
};

}  // namespace hrlake::core
