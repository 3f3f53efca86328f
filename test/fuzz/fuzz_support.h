// Shared pieces of the libFuzzer harnesses (test/fuzz/*_fuzz.cpp): a failed
// invariant aborts with a message (libFuzzer then saves the input), a
// deterministic random source derived from the input itself (so seeds stay
// plain files, with no header bytes to consume), random chunk splits, and a
// sink that checks what the file readers deliver.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/record_sink.h"
#include "core/text.h"

namespace fuzz {

// Reports a broken invariant and aborts, which libFuzzer counts as a crash.
[[noreturn]] inline void fail(const std::string &what) {
  std::fprintf(stderr, "\n*** invariant broken: %s\n", what.c_str());
  std::fflush(stderr);
  std::abort();
}

inline void check(bool ok, const std::string &what) {
  if (!ok) fail(what);
}

// Escapes bytes for a failure message.
inline std::string show(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s.substr(0, 200)) {
    if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
      out += static_cast<char>(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      out += buf;
    }
  }
  return out + (s.size() > 200 ? "\"..." : "\"");
}

// splitmix64 seeded with an FNV-1a hash of the input: the same input always
// gets the same "random" choices, so a saved crash replays exactly.
class InputRandom {
 public:
  InputRandom(std::string_view input, uint64_t salt) : state_(14695981039346656037ull ^ salt) {
    for (unsigned char c : input) state_ = (state_ ^ c) * 1099511628211ull;
  }
  // A value in 0..n-1 (n > 0).
  uint64_t below(uint64_t n) { return next() % n; }

 private:
  uint64_t next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  uint64_t state_;
};

// The input cut into consecutive pieces, mostly small (1..16 bytes), now and
// then empty or large, so every byte boundary gets its turn at a chunk edge.
inline std::vector<std::string_view> random_chunks(std::string_view input, InputRandom &rnd) {
  std::vector<std::string_view> chunks;
  while (!input.empty()) {
    const uint64_t kind = rnd.below(8);
    const size_t n = kind == 0 ? 0 : kind == 1 ? 1 + rnd.below(1024) : 1 + rnd.below(16);
    chunks.push_back(input.substr(0, n));
    input.remove_prefix(std::min(n, input.size()));
  }
  return chunks;
}

// Lines of the input as LineSplitter counts them: "\n", "\r\n" and a lone
// "\r" each end one, and text after the last line end is one more.
inline int64_t line_count(std::string_view input) {
  int64_t lines = 1;
  for (size_t i = 0; i < input.size(); ++i)
    if (input[i] == '\n' || (input[i] == '\r' && (i + 1 == input.size() || input[i + 1] != '\n')))
      ++lines;
  return lines;
}

// One thing a reader delivered, kept to compare two runs over the same input.
struct Event {
  char kind;  // 'r'ecord, 'j'(reject), 'n'otice, 'e'rror
  int64_t line_no;
  std::string raw;
  std::vector<std::string> values;  // "\x01NULL" for NULL; the reason or message
  bool operator==(const Event &o) const {
    return kind == o.kind && line_no == o.line_no && raw == o.raw && values == o.values;
  }
};

// Checks each delivery as it comes (see the invariants below) and keeps it.
class CheckingSink : public hrlake::core::RecordSink {
 public:
  // `columns`: the spec's column count; `strict_lines`: line numbers must
  // grow with each delivery (one per line or element) instead of never
  // going backwards.
  CheckingSink(size_t columns, bool strict_lines) : columns_(columns), strict_lines_(strict_lines) {}

  void record(int64_t line_no, std::string_view raw,
              const hrlake::core::FieldValues &values) override {
    check_line(line_no);
    check(values.size() == columns_, "record at line " + std::to_string(line_no) + " has " +
                                         std::to_string(values.size()) + " values, the spec " +
                                         std::to_string(columns_) + " columns");
    Event e{'r', line_no, std::string(raw), {}};
    for (const auto &v : values) {
      if (!v) {
        e.values.push_back("\x01NULL");
        continue;
      }
      // Values reach text columns: trimmed, non-empty (empty is NULL), valid
      // UTF-8 without NUL.
      check(!v->empty() && hrlake::core::trim(*v).size() == v->size(),
            "value " + show(*v) + " is empty or not trimmed");
      check(v->find('\0') == std::string_view::npos, "value " + show(*v) + " holds a NUL");
      check(hrlake::core::is_valid_utf8(*v), "value " + show(*v) + " is not valid UTF-8");
      e.values.emplace_back(*v);
    }
    ++records;
    events.push_back(std::move(e));
  }

  void reject(int64_t line_no, std::string_view raw, const std::string &reason) override {
    check_line(line_no);
    check(!reason.empty(), "reject without a reason at line " + std::to_string(line_no));
    events.push_back({'j', line_no, std::string(raw), {reason}});
    ++rejects;
  }

  void notice(const std::string &message) override {
    events.push_back({'n', 0, {}, {message}});
  }

  std::vector<Event> events;
  int64_t records = 0;
  int64_t rejects = 0;

 private:
  void check_line(int64_t line_no) {
    check(line_no >= 1, "line number " + std::to_string(line_no) + " is below 1");
    check(strict_lines_ ? line_no > last_line_ : line_no >= last_line_,
          "line number " + std::to_string(line_no) + " after " + std::to_string(last_line_));
    last_line_ = line_no;
  }

  size_t columns_;
  bool strict_lines_;
  int64_t last_line_ = 0;
};

// Runs `read`; a core::Error is an allowed outcome (recorded in the sink as
// an 'e' event), anything else thrown is a bug. It is not caught: with no
// handler, std::terminate aborts at the throw, so the report shows where it
// was thrown. Returns true on Error.
template <typename Read>
bool run_reader(CheckingSink &sink, Read &&read) {
  try {
    read();
    return false;
  } catch (const hrlake::core::Error &e) {
    check(e.sqlstate() != hrlake::core::sqlstate::kInternalError,
          std::string("internal error: ") + e.what());
    sink.events.push_back({'e', 0, e.sqlstate(), {e.what(), e.detail()}});
    return true;
  }
}

}  // namespace fuzz
