#include "core/file_source.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include "core/error.h"

namespace hrlake::core {

FileSource::FileSource(const std::string &path) : path_(path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    const int err = errno;
    throw Error(err == ENOENT || err == ENOTDIR ? sqlstate::kUndefinedFile
                                                : sqlstate::kIoError,
                "could not open file \"" + path + "\": " + std::strerror(err));
  }
  if (S_ISDIR(st.st_mode))
    throw Error(sqlstate::kWrongObjectType,
                "\"" + path + "\" is a directory, not a file",
                {}, "Give the path of one file; load each file of a directory separately.");
  file_ = std::fopen(path.c_str(), "rb");
  if (!file_) {
    const int err = errno;
    throw Error(sqlstate::kIoError,
                "could not open file \"" + path + "\" for reading: " +
                    std::strerror(err),
                {}, err == EACCES ? "The file must be readable by the operating-system user that runs the PostgreSQL server." : "");
  }
  size_ = static_cast<long long>(st.st_size);
}

FileSource::~FileSource() {
  if (file_) std::fclose(file_);
}

void FileSource::for_each_chunk(
    const std::function<void(std::string_view)> &fn) {
  std::rewind(file_);
  constexpr size_t kChunk = 1u << 20;
  std::unique_ptr<char[]> buf(new char[kChunk]);
  for (;;) {
    const size_t n = std::fread(buf.get(), 1, kChunk, file_);
    if (n > 0) fn(std::string_view(buf.get(), n));
    if (n < kChunk) {
      if (std::ferror(file_))
        throw Error(sqlstate::kIoError,
                    "could not read file \"" + path_ + "\": " +
                        std::strerror(errno));
      break;
    }
  }
}

std::string FileSource::read_all() {
  std::string out;
  out.reserve(static_cast<size_t>(size_ > 0 ? size_ : 0));
  for_each_chunk([&](std::string_view chunk) { out.append(chunk); });
  return out;
}

}  // namespace hrlake::core
