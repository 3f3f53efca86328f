#include "core/notice_files.h"

#include <gtest/gtest.h>

#include <random>
#include <set>

#include "core/date.h"

using namespace hrlake::core;

namespace {
std::string name_of(std::string_view id) {
  std::string why;
  auto name = notice_file_name(id, why);
  return name ? *name : "<none: " + why + ">";
}

// Percent-decodes a stem (the inverse of the encoding, for names without '~').
std::string decode(std::string_view stem) {
  std::string out;
  for (size_t i = 0; i < stem.size(); ++i) {
    if (stem[i] == '%') {
      out += static_cast<char>(std::stoi(std::string(stem.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += stem[i];
    }
  }
  return out;
}

// A name any file system takes: no '/', no NUL or control byte, no leading
// dot, only ASCII, at most 255 bytes.
void expect_safe(const std::string &name) {
  ASSERT_FALSE(name.empty());
  EXPECT_LE(name.size(), kMaxNoticeStem + 4);
  EXPECT_NE(name[0], '.');
  for (unsigned char c : name) {
    EXPECT_TRUE(c > 0x20 && c < 0x7F) << "byte " << int(c) << " in " << name;
    EXPECT_NE(c, '/');
    EXPECT_NE(c, '\\');
  }
  EXPECT_EQ(name.substr(name.size() - 4), ".txt");
}
}  // namespace

TEST(NoticeFiles, PlainIdsAreTheirOwnNames) {
  EXPECT_EQ(name_of("12345678"), "12345678.txt");
  EXPECT_EQ(name_of("E-1_a"), "E-1_a.txt");
  EXPECT_EQ(name_of("CONSOLE"), "CONSOLE.txt");  // not a device name
  EXPECT_EQ(name_of("COM10"), "COM10.txt");
}

TEST(NoticeFiles, UnsafeIdsAreEncoded) {
  EXPECT_EQ(name_of("a/b"), "a%2Fb.txt");
  EXPECT_EQ(name_of("../etc/passwd"), "%2E%2E%2Fetc%2Fpasswd.txt");
  EXPECT_EQ(name_of(".."), "%2E%2E.txt");
  EXPECT_EQ(name_of(".hidden"), "%2Ehidden.txt");
  EXPECT_EQ(name_of("a b"), "a%20b.txt");
  EXPECT_EQ(name_of(std::string("a\x01" "b\n", 4)), "a%01b%0A.txt");
  EXPECT_EQ(name_of(std::string("a\0b", 3)), "a%00b.txt");
  EXPECT_EQ(name_of("100%"), "100%25.txt");
  EXPECT_EQ(name_of("a~b"), "a%7Eb.txt");
  EXPECT_EQ(name_of("caf\xC3\xA9"), "caf%C3%A9.txt");   // UTF-8
  EXPECT_EQ(name_of("\xFF\xFE"), "%FF%FE.txt");          // not UTF-8
  EXPECT_EQ(name_of("C:\\x"), "C%3A%5Cx.txt");
}

TEST(NoticeFiles, DeviceNamesAreEncoded) {
  EXPECT_EQ(name_of("CON"), "%43ON.txt");
  EXPECT_EQ(name_of("nul"), "%6Eul.txt");
  EXPECT_EQ(name_of("Com1"), "%43om1.txt");
  EXPECT_EQ(name_of("LPT9"), "%4CPT9.txt");
  EXPECT_EQ(decode("%43ON"), "CON");
}

TEST(NoticeFiles, EmptyIdHasNoName) {
  std::string why;
  EXPECT_FALSE(notice_file_name("", why));
  EXPECT_EQ(why, "the emp_id is empty");
}

TEST(NoticeFiles, LongIdsAreCutAndHashed) {
  const std::string plain(kMaxNoticeStem, '7');
  EXPECT_EQ(name_of(plain), plain + ".txt");  // exactly the limit: as is
  const std::string longer = plain + "8";
  const std::string a = name_of(longer), b = name_of(plain + "9");
  expect_safe(a);
  expect_safe(b);
  EXPECT_NE(a, b);
  EXPECT_NE(a.find('~'), std::string::npos);
  EXPECT_EQ(a, name_of(longer));  // stable
  // 64 two-byte characters encode to 384 bytes: cut, never inside a %XX.
  std::string wide;
  for (int i = 0; i < 64; ++i) wide += "\xC3\xA9";
  const std::string w = name_of(wide);
  expect_safe(w);
  const std::string stem = w.substr(0, w.find('~'));
  EXPECT_EQ(stem.size() % 3, 0u);
  EXPECT_EQ(decode(stem), wide.substr(0, stem.size() / 3));
}

// Every id gets a safe name, different ids get different names, and an
// encoded name decodes back to its id.
TEST(NoticeFiles, RandomIdsGetSafeDistinctNames) {
  std::mt19937 rng(16);
  const std::string alphabet = std::string("aZ09-_./\\%~ \x01\x7F\xC3\xA9\xFF", 17) + std::string(1, '\0');
  std::set<std::string> ids, names;
  for (int i = 0; i < 20000; ++i) {
    std::string id;
    const int len = 1 + static_cast<int>(rng() % 12);
    for (int k = 0; k < len; ++k) id += alphabet[rng() % alphabet.size()];
    if (!ids.insert(id).second) continue;
    const std::string name = name_of(id);
    expect_safe(name);
    EXPECT_TRUE(names.insert(name).second) << "two ids named " << name;
    EXPECT_EQ(decode(name.substr(0, name.size() - 4)), id);
  }
}

TEST(NoticeFiles, PeriodDirectoryAndContent) {
  EXPECT_EQ(notice_period_directory(days_from_civil(2026, 3, 1)), "2026-03");
  EXPECT_EQ(notice_file_content("line"), "line\n");
  EXPECT_EQ(notice_file_content("line\n"), "line\n");
  EXPECT_EQ(notice_file_content(""), "\n");
}
