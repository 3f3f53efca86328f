#include "core/case_fold.h"

#include <array>
#include <cstdint>
#include <cstring>
#include <iterator>

#include "core/text.h"

namespace hrlake::core {

namespace {

// A run of the folding table: every `stride`-th code point from `first` to
// `last` folds to itself plus `delta`.
struct CaseFoldRun {
  char32_t first;
  char32_t last;
  int32_t stride;
  int32_t delta;
};

#include "core/case_fold_table.inc"

// The folding of a code point by binary search of the runs (a hand-written
// search: std::upper_bound is not constexpr in C++17).
constexpr char32_t fold_by_runs(char32_t cp) {
  // Find the last run starting at or below cp: it alone can hold cp.
  size_t lo = 0, hi = std::size(kCaseFoldRuns);  // runs [0, lo) start <= cp
  while (lo < hi) {
    const size_t mid = (lo + hi) / 2;
    if (kCaseFoldRuns[mid].first <= cp)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo == 0) return cp;
  const CaseFoldRun &run = kCaseFoldRuns[lo - 1];
  if (cp > run.last || (cp - run.first) % static_cast<char32_t>(run.stride) != 0) return cp;
  return static_cast<char32_t>(static_cast<int32_t>(cp) + run.delta);
}

// Code points below U+0800 (one or two bytes of UTF-8: Latin, Greek,
// Cyrillic, Armenian, ...) fold by direct lookup, built from the runs at
// compile time. Their foldings are below U+10000, so 16 bits hold them.
constexpr char32_t kTableLimit = 0x800;
constexpr std::array<uint16_t, kTableLimit> kSmallFolds = [] {
  std::array<uint16_t, kTableLimit> t{};
  for (char32_t cp = 0; cp < kTableLimit; ++cp) t[cp] = static_cast<uint16_t>(fold_by_runs(cp));
  return t;
}();
static_assert(kSmallFolds[U'A'] == U'a' && kSmallFolds[U'É'] == U'é' && kSmallFolds[U'Σ'] == U'σ');

// Eight ASCII bytes (all below 0x80) with A-Z turned to a-z: each byte
// gets bit 0x20 when it lies in 'A'..'Z' (no carries cross bytes, as every
// byte plus 0x3F stays below 0x100).
uint64_t fold_ascii_word(uint64_t w) {
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  const uint64_t at_least_a = w + kOnes * (0x80 - 'A');
  const uint64_t above_z = w + kOnes * (0x80 - 'Z' - 1);
  return w | ((at_least_a & ~above_z & kOnes * 0x80) >> 2);
}

}  // namespace

char32_t fold_case(char32_t cp) { return cp < kTableLimit ? kSmallFolds[cp] : fold_by_runs(cp); }

char *case_fold_to(std::string_view text, char *out) {
  const auto *p = reinterpret_cast<const unsigned char *>(text.data());
  constexpr uint64_t kHighBits = 0x8080808080808080ull;
  for (size_t i = 0; i < text.size();) {
    // Eight ASCII bytes at once where possible.
    if (text.size() - i >= 8) {
      uint64_t chunk;
      std::memcpy(&chunk, p + i, 8);
      if (!(chunk & kHighBits)) {
        chunk = fold_ascii_word(chunk);
        std::memcpy(out, &chunk, 8);
        out += 8, i += 8;
        continue;
      }
    }
    if (p[i] < 0x80) {
      *out++ = static_cast<char>(kSmallFolds[p[i++]]);
      continue;
    }
    char32_t cp;
    const size_t len = decode_utf8(text, i, cp);
    if (len == 0) {
      *out++ = static_cast<char>(p[i++]);  // ill-formed: kept as it is
      continue;
    }
    out += encode_utf8(cp < kTableLimit ? kSmallFolds[cp] : fold_by_runs(cp), out);
    i += len;
  }
  return out;
}

std::string case_folded(std::string_view text) {
  std::string out(max_case_folded_size(text.size()), '\0');
  out.resize(static_cast<size_t>(case_fold_to(text, out.data()) - out.data()));
  return out;
}

}  // namespace hrlake::core
