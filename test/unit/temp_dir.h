// A fresh directory for one test (under `base`), removed with its files
// afterwards, for the tests that read and move real files.
#pragma once

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

class TempDir {
 public:
  explicit TempDir(const std::string &base = "/tmp") {
    std::string tmpl = base + "/hrlake_test_XXXXXX";
    if (!::mkdtemp(tmpl.data())) std::abort();
    path_ = tmpl;
  }
  ~TempDir() { std::system(("rm -rf '" + path_ + "'").c_str()); }
  TempDir(const TempDir &) = delete;
  TempDir &operator=(const TempDir &) = delete;

  const std::string &path() const { return path_; }
  std::string file(const std::string &name) const { return path_ + "/" + name; }
  // Writes the file; returns its path.
  std::string write(const std::string &name, const std::string &content) const {
    std::ofstream(file(name), std::ios::binary) << content;
    return file(name);
  }
  void mkdir(const std::string &name) const { ASSERT_EQ(::mkdir(file(name).c_str(), 0700), 0); }
  std::string read(const std::string &name) const {
    std::ifstream in(file(name), std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  bool exists(const std::string &name) const {
    struct stat st;
    return ::lstat(file(name).c_str(), &st) == 0;
  }

 private:
  std::string path_;
};
