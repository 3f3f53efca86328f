// Reads a server-side file in chunks, with errors a person understands
// (missing, a directory, unreadable) carrying the right SQLSTATE.
#pragma once

#include <cstdio>
#include <functional>
#include <string>
#include <string_view>

namespace hrlake::core {

class FileSource {
 public:
  // Opens path; throws Error when it is missing, a directory, or unreadable.
  explicit FileSource(const std::string &path);
  ~FileSource();
  FileSource(const FileSource &) = delete;
  FileSource &operator=(const FileSource &) = delete;

  // Calls fn for each chunk of the file, in order, from the start.
  void for_each_chunk(const std::function<void(std::string_view)> &fn);
  // Reads the whole file; for formats that need it (a JSON array).
  std::string read_all();
  const std::string &path() const { return path_; }
  long long size() const { return size_; }

 private:
  std::string path_;
  std::FILE *file_ = nullptr;
  long long size_ = 0;
};

}  // namespace hrlake::core
