// Micro-benchmark of core::WordMatcher on the issue-6 workload: a 5,000-word
// vocabulary of 10-character upper-case alphanumeric tokens, every tenth word
// marked (500), messages of 10 tokens separated by spaces (about 65% contain
// a marked word). Prints messages/second on one core for WordMatcher::match,
// and for context Hyperscan's bare scan of the same database (no boundary
// checks) and a plain tokenizer + hash-set lookup; then the same messages
// with one non-ASCII word appended, which WordMatcher must case fold into a
// copy before scanning. Times are the thread's CPU time. Not built by CMake:
//   g++ -O2 -std=c++17 -Isrc bench/word_matcher_bench.cpp src/core/word_matcher.cpp src/core/case_fold.cpp src/core/text.cpp src/core/background_thread.cpp src/core/interrupts.cpp -lhs -pthread -o /tmp/word_matcher_bench && /tmp/word_matcher_bench [messages]
#include <hs/hs.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <random>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/word_matcher.h"

using hrlake::core::WordMatcher;

namespace {

// The calling thread's CPU time in seconds: on a shared host the load of
// other processes hardly changes it, unlike wall time.
struct Clock {
  static double now() {
    timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
  }
};

// CPU seconds since `start`.
double seconds_since(double start) { return Clock::now() - start; }

// Prints one result line.
void report(const char *what, size_t messages, double seconds, size_t count, const char *noun) {
  std::printf("  %-50s %6.3f s  %6.2f M messages/s  (%zu %s)\n", what, seconds,
              messages / seconds / 1e6, count, noun);
}

// Hyperscan callback that only counts: the bare scan cost.
int count_match(unsigned, unsigned long long, unsigned long long, unsigned, void *context) {
  ++*static_cast<size_t *>(context);
  return 0;
}

}  // namespace

int main(int argc, char **argv) {
  const size_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 5000000;
  std::mt19937_64 rng(9);
  const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  std::vector<std::string> vocabulary(5000), marked;
  for (size_t i = 0; i < vocabulary.size(); ++i) {
    for (int k = 0; k < 10; ++k) vocabulary[i] += alphabet[rng() % 36];
    if (i % 10 == 0) marked.push_back(vocabulary[i]);
  }

  // All messages in one buffer so generation is not timed.
  std::string buffer;
  std::vector<size_t> offsets{0};
  buffer.reserve(n * 110);
  for (size_t m = 0; m < n; ++m) {
    for (int t = 0; t < 10; ++t) {
      if (t) buffer += ' ';
      buffer += vocabulary[rng() % vocabulary.size()];
    }
    offsets.push_back(buffer.size());
  }
  auto message = [&](size_t m) {
    return std::string_view(buffer.data() + offsets[m], offsets[m + 1] - offsets[m]);
  };
  std::printf("%zu messages of 10 tokens (%.1f MB), 500 of 5,000 words marked\n", n,
              buffer.size() / 1e6);

  auto start = Clock::now();
  WordMatcher matcher(marked);
  WordMatcher::Scratch scratch(matcher);
  std::printf("  compile: %.1f ms\n", seconds_since(start) * 1e3);

  // Times WordMatcher::match over every message of `text` (split at
  // `ends`); returns the number of flagged messages and the marked words
  // found.
  std::vector<uint32_t> ids;
  auto time_match = [&](const char *what, const std::string &text, const std::vector<size_t> &ends,
                        size_t &words) {
    size_t flagged = 0;
    for (int round = 0; round < 2; ++round) {  // the first round warms caches
      flagged = words = 0;
      start = Clock::now();
      for (size_t m = 0; m < n; ++m) {
        matcher.match(std::string_view(text.data() + ends[m], ends[m + 1] - ends[m]), ids, scratch);
        flagged += !ids.empty();
        words += ids.size();
      }
    }
    report(what, n, seconds_since(start), flagged, "flagged");
    return flagged;
  };
  size_t words = 0;
  const size_t flagged = time_match("WordMatcher::match", buffer, offsets, words);
  std::printf("  %.1f%% flagged, %.2f marked words per flagged message\n", 100.0 * flagged / n,
              flagged ? static_cast<double>(words) / flagged : 0.0);

  // Context 1: the same literals in a bare Hyperscan scan, counting hits.
  {
    std::vector<const char *> patterns;
    std::vector<size_t> lengths;
    std::vector<unsigned> flags(marked.size(), HS_FLAG_CASELESS), hs_ids;
    for (size_t i = 0; i < marked.size(); ++i) {
      patterns.push_back(marked[i].data());
      lengths.push_back(marked[i].size());
      hs_ids.push_back(static_cast<unsigned>(i));
    }
    hs_database_t *db = nullptr;
    hs_compile_error_t *error = nullptr;
    hs_scratch_t *hs_scratch = nullptr;
    if (hs_compile_lit_multi(patterns.data(), flags.data(), hs_ids.data(), lengths.data(),
                             static_cast<unsigned>(marked.size()), HS_MODE_BLOCK, nullptr, &db,
                             &error) != HS_SUCCESS ||
        hs_alloc_scratch(db, &hs_scratch) != HS_SUCCESS) {
      std::fprintf(stderr, "hyperscan setup failed\n");
      return 1;
    }
    size_t hits = 0;
    start = Clock::now();
    for (size_t m = 0; m < n; ++m) {
      const std::string_view text = message(m);
      hs_scan(db, text.data(), static_cast<unsigned>(text.size()), 0, hs_scratch, count_match,
              &hits);
    }
    report("bare hs_scan (no boundaries, no dedup)", n, seconds_since(start), hits, "raw hits");
    hs_free_scratch(hs_scratch);
    hs_free_database(db);
  }

  // Context 2: split on non-alphanumerics, look each token up in a hash set.
  {
    std::unordered_set<std::string_view> set(marked.begin(), marked.end());
    size_t hits = 0;
    start = Clock::now();
    for (size_t m = 0; m < n; ++m) {
      const std::string_view text = message(m);
      bool any = false;
      size_t i = 0;
      while (i < text.size()) {
        while (i < text.size() && !std::isalnum(static_cast<unsigned char>(text[i]))) ++i;
        const size_t b = i;
        while (i < text.size() && std::isalnum(static_cast<unsigned char>(text[i]))) ++i;
        if (i > b && set.count(text.substr(b, i - b))) any = true;
      }
      hits += any;
    }
    report("tokenize + unordered_set (ASCII, case-sensitive)", n, seconds_since(start), hits,
           "flagged");
  }

  // The same messages, each with " Ärger" appended: all are folded.
  {
    std::string accented;
    std::vector<size_t> accented_offsets{0};
    accented.reserve(buffer.size() + n * 7);
    for (size_t m = 0; m < n; ++m) {
      accented.append(message(m)).append(" \xC3\x84rger");
      accented_offsets.push_back(accented.size());
    }
    time_match("WordMatcher::match, non-ASCII (folded copy)", accented, accented_offsets, words);
  }
  return 0;
}
