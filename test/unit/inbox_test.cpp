#include "core/inbox.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/error.h"
#include "expect_error.h"
#include "temp_dir.h"

using namespace hrlake::core;
using namespace hrlake::core::inbox;

namespace {

constexpr int64_t kSecond = 1000000000;

Entry file_entry(const std::string &name, int64_t mtime_ns = 0) {
  Entry e;
  e.name = name;
  e.kind = Entry::Kind::kFile;
  e.kind_text = "a regular file";
  e.mtime_ns = mtime_ns;
  return e;
}

Entry folder_entry(const std::string &name) {
  Entry e = file_entry(name);
  e.kind = Entry::Kind::kDirectory;
  e.kind_text = "a folder";
  return e;
}

}  // namespace

// ---- the rules ----

TEST(InboxRules, SettledWhenUnchangedForTheSettleTime) {
  const int64_t now = 1000 * kSecond;
  EXPECT_TRUE(is_settled(now - 30 * kSecond, now, 30 * kSecond));
  EXPECT_FALSE(is_settled(now - 30 * kSecond + 1, now, 30 * kSecond));
  EXPECT_TRUE(is_settled(now, now, 0));
  EXPECT_FALSE(is_settled(now + 1, now, 0));  // in the future: never settled yet
}

TEST(InboxRules, JudgesTheEntriesOfASourceFolder) {
  const int64_t now = 1000 * kSecond, settle = 30 * kSecond;
  EXPECT_EQ(judge_source_entry(file_entry("a.csv", now - 31 * kSecond), now, settle).verdict, Verdict::kTake);
  const Judgement fresh = judge_source_entry(file_entry("a.csv", now - 3 * kSecond), now, settle);
  EXPECT_EQ(fresh.verdict, Verdict::kWaiting);
  EXPECT_NE(fresh.why.find("changed 3 s ago"), std::string::npos) << fresh.why;
  EXPECT_NE(fresh.why.find("(30 s)"), std::string::npos) << fresh.why;
  EXPECT_EQ(judge_source_entry(file_entry("a.csv", now + kSecond), now, settle).verdict, Verdict::kWaiting);
  // Uploads in progress by convention (rsync's .name.XXXXXX, ".part" files of many tools).
  EXPECT_EQ(judge_source_entry(file_entry(".a.csv.Xy12", 0), now, settle).verdict, Verdict::kHidden);
  EXPECT_EQ(judge_source_entry(folder_entry("2026"), now, settle).verdict, Verdict::kUnknown);
  EXPECT_EQ(judge_source_entry(file_entry("bad\xff.csv", 0), now, settle).verdict, Verdict::kUnknown);
  EXPECT_EQ(judge_source_entry(file_entry("new\nline.csv", 0), now, settle).verdict, Verdict::kUnknown);
  // A link, a FIFO: taken, to be refused (moved to failed/ with a reason).
  Entry link = file_entry("link.csv", now);
  link.kind = Entry::Kind::kOther;
  EXPECT_EQ(judge_source_entry(link, now, settle).verdict, Verdict::kTake);
}

TEST(InboxRules, ReportsUnknownEntriesOfTheInbox) {
  const std::vector<std::string> sources = {"employee", "message"};
  Entry link = file_entry("message");
  link.kind = Entry::Kind::kOther;
  link.kind_text = "a symbolic link";
  const auto unknown = unknown_root_entries(
      {folder_entry("employee"), folder_entry("processed"), folder_entry("failed"), folder_entry("employees"),
       file_entry("stray.csv"), file_entry(".hidden"), folder_entry("lost+found"), link},
      sources);
  ASSERT_EQ(unknown.size(), 3u);
  EXPECT_EQ(unknown[0].path, "employees/");
  EXPECT_NE(unknown[0].why.find("not a source's"), std::string::npos);
  EXPECT_NE(unknown[0].why.find("employee, message"), std::string::npos);
  EXPECT_EQ(unknown[1].path, "message");
  EXPECT_NE(unknown[1].why.find("a symbolic link, not a folder"), std::string::npos);
  EXPECT_EQ(unknown[2].path, "stray.csv");
  EXPECT_NE(unknown[2].why.find("outside the source folders"), std::string::npos);
}

TEST(InboxRules, TakesFilesInNameOrderThenModificationTime) {
  std::vector<Entry> e = {file_entry("b.csv", 1), file_entry("a10.csv", 5), file_entry("a.csv", 9),
                          file_entry("a2.csv", 2), file_entry("a.csv", 3)};
  sort_for_taking(e);
  std::vector<std::string> got;
  for (const auto &x : e) got.push_back(x.name + "@" + std::to_string(x.mtime_ns));
  EXPECT_EQ(got, (std::vector<std::string>{"a.csv@3", "a.csv@9", "a10.csv@5", "a2.csv@2", "b.csv@1"}));
}

TEST(InboxRules, PrintableNames) {
  EXPECT_EQ(printable("employé 1.csv"), "employé 1.csv");
  EXPECT_EQ(printable("a\xff" "b"), "a\\xFFb");
  EXPECT_EQ(printable("a\nb"), "a\\x0Ab");
  EXPECT_FALSE(is_printable("a\tb"));
}

TEST(InboxRules, UtcDate) {
  EXPECT_EQ(utc_date(0), "1970-01-01");
  EXPECT_EQ(utc_date(1796083199), "2026-11-30");
  EXPECT_EQ(utc_date(1796083200), "2026-12-01");
  EXPECT_EQ(utc_date(-1), "1969-12-31");
}

// ---- the file system ----

TEST(InboxDir, OpensTheRootAndRefusesWhatIsNotThere) {
  TempDir t;
  expect_error("58P01", [&] { Dir::open_root(t.file("missing")); });
  expect_error("22023", [&] { Dir::open_root("relative/inbox"); });
  t.write("file", "x");
  expect_error("42809", [&] { Dir::open_root(t.file("file")); });
  Dir root = Dir::open_root(t.path());
  EXPECT_EQ(root.path(), t.path());
}

TEST(InboxDir, NeverFollowsALinkBelowTheRoot) {
  TempDir t, outside;
  outside.write("secret.csv", "emp_id,age,name\n1,2,x\n");
  ASSERT_EQ(::symlink(outside.path().c_str(), t.file("employee").c_str()), 0);
  ASSERT_EQ(::symlink(outside.file("secret.csv").c_str(), t.file("link.csv").c_str()), 0);
  Dir root = Dir::open_root(t.path());
  auto e = expect_error("42809", [&] { root.child("employee"); });
  EXPECT_NE(std::string(e.what()).find("is not a folder"), std::string::npos);
  EXPECT_FALSE(root.child("missing").has_value());
  // A file opened in the inbox is not read through a link either.
  auto link = expect_error("42809", [&] { FileSource f(root.fd(), "link.csv", t.file("link.csv")); });
  EXPECT_EQ(link.detail(), "It is a symbolic link (not followed).");
  const auto entry = look(root, "link.csv");
  ASSERT_TRUE(entry.has_value());
  EXPECT_EQ(entry->kind, Entry::Kind::kOther);
  EXPECT_EQ(entry->kind_text, "a symbolic link");
}

TEST(InboxDir, ListsEntriesAndCreatesFolders) {
  TempDir t;
  t.write("a.csv", "abc");
  t.mkdir("employee");
  Dir root = Dir::open_root(t.path());
  auto entries = list(root);
  sort_for_taking(entries);
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].name, "a.csv");
  EXPECT_EQ(entries[0].size, 3u);
  EXPECT_EQ(entries[1].kind, Entry::Kind::kDirectory);
  Dir made = root.child_created("processed").child_created("employee");
  EXPECT_TRUE(t.exists("processed/employee"));
  EXPECT_EQ(made.path(), t.file("processed/employee"));
  FileSource f(root.fd(), "a.csv", "a.csv");
  EXPECT_TRUE(same_file(*look(root, "a.csv"), f.version()));
  t.write("a.csv", "abcd");
  EXPECT_FALSE(same_file(*look(root, "a.csv"), f.version()));
}

TEST(InboxMove, MovesWithoutReplacing) {
  TempDir t;
  t.mkdir("in");
  t.mkdir("out");
  Dir root = Dir::open_root(t.path());
  Dir in = *root.child("in"), out = *root.child("out");
  t.write("in/a.csv", "first");
  EXPECT_EQ(move_into(in, "a.csv", out), "a.csv");
  t.write("in/a.csv", "second");
  EXPECT_EQ(move_into(in, "a.csv", out), "a.csv.1");
  t.write("in/a.csv", "third");
  EXPECT_EQ(move_into(in, "a.csv", out), "a.csv.2");
  EXPECT_EQ(t.read("out/a.csv"), "first");
  EXPECT_EQ(t.read("out/a.csv.1"), "second");
  EXPECT_EQ(t.read("out/a.csv.2"), "third");
  EXPECT_FALSE(t.exists("in/a.csv"));
  // Gone meanwhile (another pass moved it): nothing to do.
  EXPECT_EQ(move_into(in, "a.csv", out), std::nullopt);
}

TEST(InboxMove, WritesTheReasonBesideARefusedFile) {
  TempDir t;
  t.mkdir("in");
  t.mkdir("failed");
  Dir root = Dir::open_root(t.path());
  Dir in = *root.child("in"), failed = *root.child("failed");
  t.write("in/bad.csv", "x");
  EXPECT_EQ(move_into(in, "bad.csv", failed, std::string("no header\n")), "bad.csv");
  EXPECT_EQ(t.read("failed/bad.csv.reason"), "no header\n");
  // A reason left by a move that never happened takes its name.
  t.write("failed/bad.csv.1.reason", "stale");
  t.write("in/bad.csv", "y");
  EXPECT_EQ(move_into(in, "bad.csv", failed, std::string("again\n")), "bad.csv.2");
  EXPECT_EQ(t.read("failed/bad.csv.2.reason"), "again\n");
  EXPECT_EQ(t.read("failed/bad.csv.2"), "y");
  // Nothing to move: no reason written.
  EXPECT_EQ(move_into(in, "bad.csv", failed, std::string("gone\n")), std::nullopt);
  EXPECT_FALSE(t.exists("failed/bad.csv.3.reason"));
}

TEST(InboxMove, RefusesToCrossFileSystems) {
  TempDir here, there("/dev/shm");
  struct stat a, b;
  ASSERT_EQ(::stat(here.path().c_str(), &a), 0);
  ASSERT_EQ(::stat(there.path().c_str(), &b), 0);
  if (a.st_dev == b.st_dev) GTEST_SKIP() << "/tmp and /dev/shm are one file system here";
  here.write("a.csv", "x");
  Dir from = Dir::open_root(here.path()), to = Dir::open_root(there.path());
  auto e = expect_error("58030", [&] { move_into(from, "a.csv", to, std::string("r")); });
  EXPECT_NE(std::string(e.what()).find("it is on another file system"), std::string::npos);
  EXPECT_TRUE(here.exists("a.csv"));
  EXPECT_FALSE(there.exists("a.csv.reason"));
}
