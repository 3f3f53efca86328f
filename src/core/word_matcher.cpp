#include "core/word_matcher.h"

#include <hs/hs.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cstdio>
#include <cstring>
#include <unordered_map>

#include "core/background_thread.h"
#include "core/case_fold.h"
#include "core/error.h"
#include "core/limits.h"
#include "core/text.h"

namespace hrlake::core {

namespace {

// Non-ASCII code points that separate words, as inclusive ranges: Unicode
// 14.0 general categories P*, S*, Z*, Cc, Cf without U+00AD, U+200C, U+200D.
// Generated with Python's unicodedata (3.10/3.11 ship Unicode 14.0):
//   sep = lambda c: c not in (0xAD, 0x200C, 0x200D) and (
//       unicodedata.category(chr(c))[0] in 'PSZ' or
//       unicodedata.category(chr(c)) in ('Cc', 'Cf'))
// then runs of consecutive separators from U+0080 to U+10FFFF.
struct CodePointRange {
  char32_t first;
  char32_t last;
};
constexpr CodePointRange kSeparatorRanges[] = {
    {0x0080, 0x00A9}, {0x00AB, 0x00AC}, {0x00AE, 0x00B1}, {0x00B4, 0x00B4},
    {0x00B6, 0x00B8}, {0x00BB, 0x00BB}, {0x00BF, 0x00BF}, {0x00D7, 0x00D7},
    {0x00F7, 0x00F7}, {0x02C2, 0x02C5}, {0x02D2, 0x02DF}, {0x02E5, 0x02EB},
    {0x02ED, 0x02ED}, {0x02EF, 0x02FF}, {0x0375, 0x0375}, {0x037E, 0x037E},
    {0x0384, 0x0385}, {0x0387, 0x0387}, {0x03F6, 0x03F6}, {0x0482, 0x0482},
    {0x055A, 0x055F}, {0x0589, 0x058A}, {0x058D, 0x058F}, {0x05BE, 0x05BE},
    {0x05C0, 0x05C0}, {0x05C3, 0x05C3}, {0x05C6, 0x05C6}, {0x05F3, 0x05F4},
    {0x0600, 0x060F}, {0x061B, 0x061F}, {0x066A, 0x066D}, {0x06D4, 0x06D4},
    {0x06DD, 0x06DE}, {0x06E9, 0x06E9}, {0x06FD, 0x06FE}, {0x0700, 0x070D},
    {0x070F, 0x070F}, {0x07F6, 0x07F9}, {0x07FE, 0x07FF}, {0x0830, 0x083E},
    {0x085E, 0x085E}, {0x0888, 0x0888}, {0x0890, 0x0891}, {0x08E2, 0x08E2},
    {0x0964, 0x0965}, {0x0970, 0x0970}, {0x09F2, 0x09F3}, {0x09FA, 0x09FB},
    {0x09FD, 0x09FD}, {0x0A76, 0x0A76}, {0x0AF0, 0x0AF1}, {0x0B70, 0x0B70},
    {0x0BF3, 0x0BFA}, {0x0C77, 0x0C77}, {0x0C7F, 0x0C7F}, {0x0C84, 0x0C84},
    {0x0D4F, 0x0D4F}, {0x0D79, 0x0D79}, {0x0DF4, 0x0DF4}, {0x0E3F, 0x0E3F},
    {0x0E4F, 0x0E4F}, {0x0E5A, 0x0E5B}, {0x0F01, 0x0F17}, {0x0F1A, 0x0F1F},
    {0x0F34, 0x0F34}, {0x0F36, 0x0F36}, {0x0F38, 0x0F38}, {0x0F3A, 0x0F3D},
    {0x0F85, 0x0F85}, {0x0FBE, 0x0FC5}, {0x0FC7, 0x0FCC}, {0x0FCE, 0x0FDA},
    {0x104A, 0x104F}, {0x109E, 0x109F}, {0x10FB, 0x10FB}, {0x1360, 0x1368},
    {0x1390, 0x1399}, {0x1400, 0x1400}, {0x166D, 0x166E}, {0x1680, 0x1680},
    {0x169B, 0x169C}, {0x16EB, 0x16ED}, {0x1735, 0x1736}, {0x17D4, 0x17D6},
    {0x17D8, 0x17DB}, {0x1800, 0x180A}, {0x180E, 0x180E}, {0x1940, 0x1940},
    {0x1944, 0x1945}, {0x19DE, 0x19FF}, {0x1A1E, 0x1A1F}, {0x1AA0, 0x1AA6},
    {0x1AA8, 0x1AAD}, {0x1B5A, 0x1B6A}, {0x1B74, 0x1B7E}, {0x1BFC, 0x1BFF},
    {0x1C3B, 0x1C3F}, {0x1C7E, 0x1C7F}, {0x1CC0, 0x1CC7}, {0x1CD3, 0x1CD3},
    {0x1FBD, 0x1FBD}, {0x1FBF, 0x1FC1}, {0x1FCD, 0x1FCF}, {0x1FDD, 0x1FDF},
    {0x1FED, 0x1FEF}, {0x1FFD, 0x1FFE}, {0x2000, 0x200B}, {0x200E, 0x2064},
    {0x2066, 0x206F}, {0x207A, 0x207E}, {0x208A, 0x208E}, {0x20A0, 0x20C0},
    {0x2100, 0x2101}, {0x2103, 0x2106}, {0x2108, 0x2109}, {0x2114, 0x2114},
    {0x2116, 0x2118}, {0x211E, 0x2123}, {0x2125, 0x2125}, {0x2127, 0x2127},
    {0x2129, 0x2129}, {0x212E, 0x212E}, {0x213A, 0x213B}, {0x2140, 0x2144},
    {0x214A, 0x214D}, {0x214F, 0x214F}, {0x218A, 0x218B}, {0x2190, 0x2426},
    {0x2440, 0x244A}, {0x249C, 0x24E9}, {0x2500, 0x2775}, {0x2794, 0x2B73},
    {0x2B76, 0x2B95}, {0x2B97, 0x2BFF}, {0x2CE5, 0x2CEA}, {0x2CF9, 0x2CFC},
    {0x2CFE, 0x2CFF}, {0x2D70, 0x2D70}, {0x2E00, 0x2E2E}, {0x2E30, 0x2E5D},
    {0x2E80, 0x2E99}, {0x2E9B, 0x2EF3}, {0x2F00, 0x2FD5}, {0x2FF0, 0x2FFB},
    {0x3000, 0x3004}, {0x3008, 0x3020}, {0x3030, 0x3030}, {0x3036, 0x3037},
    {0x303D, 0x303F}, {0x309B, 0x309C}, {0x30A0, 0x30A0}, {0x30FB, 0x30FB},
    {0x3190, 0x3191}, {0x3196, 0x319F}, {0x31C0, 0x31E3}, {0x3200, 0x321E},
    {0x322A, 0x3247}, {0x3250, 0x3250}, {0x3260, 0x327F}, {0x328A, 0x32B0},
    {0x32C0, 0x33FF}, {0x4DC0, 0x4DFF}, {0xA490, 0xA4C6}, {0xA4FE, 0xA4FF},
    {0xA60D, 0xA60F}, {0xA673, 0xA673}, {0xA67E, 0xA67E}, {0xA6F2, 0xA6F7},
    {0xA700, 0xA716}, {0xA720, 0xA721}, {0xA789, 0xA78A}, {0xA828, 0xA82B},
    {0xA836, 0xA839}, {0xA874, 0xA877}, {0xA8CE, 0xA8CF}, {0xA8F8, 0xA8FA},
    {0xA8FC, 0xA8FC}, {0xA92E, 0xA92F}, {0xA95F, 0xA95F}, {0xA9C1, 0xA9CD},
    {0xA9DE, 0xA9DF}, {0xAA5C, 0xAA5F}, {0xAA77, 0xAA79}, {0xAADE, 0xAADF},
    {0xAAF0, 0xAAF1}, {0xAB5B, 0xAB5B}, {0xAB6A, 0xAB6B}, {0xABEB, 0xABEB},
    {0xFB29, 0xFB29}, {0xFBB2, 0xFBC2}, {0xFD3E, 0xFD4F}, {0xFDCF, 0xFDCF},
    {0xFDFC, 0xFDFF}, {0xFE10, 0xFE19}, {0xFE30, 0xFE52}, {0xFE54, 0xFE66},
    {0xFE68, 0xFE6B}, {0xFEFF, 0xFEFF}, {0xFF01, 0xFF0F}, {0xFF1A, 0xFF20},
    {0xFF3B, 0xFF40}, {0xFF5B, 0xFF65}, {0xFFE0, 0xFFE6}, {0xFFE8, 0xFFEE},
    {0xFFF9, 0xFFFD}, {0x10100, 0x10102}, {0x10137, 0x1013F}, {0x10179, 0x10189},
    {0x1018C, 0x1018E}, {0x10190, 0x1019C}, {0x101A0, 0x101A0}, {0x101D0, 0x101FC},
    {0x1039F, 0x1039F}, {0x103D0, 0x103D0}, {0x1056F, 0x1056F}, {0x10857, 0x10857},
    {0x10877, 0x10878}, {0x1091F, 0x1091F}, {0x1093F, 0x1093F}, {0x10A50, 0x10A58},
    {0x10A7F, 0x10A7F}, {0x10AC8, 0x10AC8}, {0x10AF0, 0x10AF6}, {0x10B39, 0x10B3F},
    {0x10B99, 0x10B9C}, {0x10EAD, 0x10EAD}, {0x10F55, 0x10F59}, {0x10F86, 0x10F89},
    {0x11047, 0x1104D}, {0x110BB, 0x110C1}, {0x110CD, 0x110CD}, {0x11140, 0x11143},
    {0x11174, 0x11175}, {0x111C5, 0x111C8}, {0x111CD, 0x111CD}, {0x111DB, 0x111DB},
    {0x111DD, 0x111DF}, {0x11238, 0x1123D}, {0x112A9, 0x112A9}, {0x1144B, 0x1144F},
    {0x1145A, 0x1145B}, {0x1145D, 0x1145D}, {0x114C6, 0x114C6}, {0x115C1, 0x115D7},
    {0x11641, 0x11643}, {0x11660, 0x1166C}, {0x116B9, 0x116B9}, {0x1173C, 0x1173F},
    {0x1183B, 0x1183B}, {0x11944, 0x11946}, {0x119E2, 0x119E2}, {0x11A3F, 0x11A46},
    {0x11A9A, 0x11A9C}, {0x11A9E, 0x11AA2}, {0x11C41, 0x11C45}, {0x11C70, 0x11C71},
    {0x11EF7, 0x11EF8}, {0x11FD5, 0x11FF1}, {0x11FFF, 0x11FFF}, {0x12470, 0x12474},
    {0x12FF1, 0x12FF2}, {0x13430, 0x13438}, {0x16A6E, 0x16A6F}, {0x16AF5, 0x16AF5},
    {0x16B37, 0x16B3F}, {0x16B44, 0x16B45}, {0x16E97, 0x16E9A}, {0x16FE2, 0x16FE2},
    {0x1BC9C, 0x1BC9C}, {0x1BC9F, 0x1BCA3}, {0x1CF50, 0x1CFC3}, {0x1D000, 0x1D0F5},
    {0x1D100, 0x1D126}, {0x1D129, 0x1D164}, {0x1D16A, 0x1D16C}, {0x1D173, 0x1D17A},
    {0x1D183, 0x1D184}, {0x1D18C, 0x1D1A9}, {0x1D1AE, 0x1D1EA}, {0x1D200, 0x1D241},
    {0x1D245, 0x1D245}, {0x1D300, 0x1D356}, {0x1D6C1, 0x1D6C1}, {0x1D6DB, 0x1D6DB},
    {0x1D6FB, 0x1D6FB}, {0x1D715, 0x1D715}, {0x1D735, 0x1D735}, {0x1D74F, 0x1D74F},
    {0x1D76F, 0x1D76F}, {0x1D789, 0x1D789}, {0x1D7A9, 0x1D7A9}, {0x1D7C3, 0x1D7C3},
    {0x1D800, 0x1D9FF}, {0x1DA37, 0x1DA3A}, {0x1DA6D, 0x1DA74}, {0x1DA76, 0x1DA83},
    {0x1DA85, 0x1DA8B}, {0x1E14F, 0x1E14F}, {0x1E2FF, 0x1E2FF}, {0x1E95E, 0x1E95F},
    {0x1ECAC, 0x1ECAC}, {0x1ECB0, 0x1ECB0}, {0x1ED2E, 0x1ED2E}, {0x1EEF0, 0x1EEF1},
    {0x1F000, 0x1F02B}, {0x1F030, 0x1F093}, {0x1F0A0, 0x1F0AE}, {0x1F0B1, 0x1F0BF},
    {0x1F0C1, 0x1F0CF}, {0x1F0D1, 0x1F0F5}, {0x1F10D, 0x1F1AD}, {0x1F1E6, 0x1F202},
    {0x1F210, 0x1F23B}, {0x1F240, 0x1F248}, {0x1F250, 0x1F251}, {0x1F260, 0x1F265},
    {0x1F300, 0x1F6D7}, {0x1F6DD, 0x1F6EC}, {0x1F6F0, 0x1F6FC}, {0x1F700, 0x1F773},
    {0x1F780, 0x1F7D8}, {0x1F7E0, 0x1F7EB}, {0x1F7F0, 0x1F7F0}, {0x1F800, 0x1F80B},
    {0x1F810, 0x1F847}, {0x1F850, 0x1F859}, {0x1F860, 0x1F887}, {0x1F890, 0x1F8AD},
    {0x1F8B0, 0x1F8B1}, {0x1F900, 0x1FA53}, {0x1FA60, 0x1FA6D}, {0x1FA70, 0x1FA74},
    {0x1FA78, 0x1FA7C}, {0x1FA80, 0x1FA86}, {0x1FA90, 0x1FAAC}, {0x1FAB0, 0x1FABA},
    {0x1FAC0, 0x1FAC5}, {0x1FAD0, 0x1FAD9}, {0x1FAE0, 0x1FAE7}, {0x1FAF0, 0x1FAF6},
    {0x1FB00, 0x1FB92}, {0x1FB94, 0x1FBCA}, {0xE0001, 0xE0001}, {0xE0020, 0xE007F},
};

constexpr bool is_ascii_alnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

// What a byte next to a match says at a glance: ASCII word/separator, or a
// non-ASCII byte whose code point must be decoded.
enum ByteClass : uint8_t { kSeparatorByte, kWordByte, kMultiByte };
constexpr std::array<uint8_t, 256> kByteClass = [] {
  std::array<uint8_t, 256> t{};
  for (int b = 0; b < 256; ++b)
    t[b] = b >= 0x80 ? kMultiByte : is_ascii_alnum(static_cast<unsigned char>(b)) ? kWordByte
                                                                                   : kSeparatorByte;
  return t;
}();

// True when the character starting at text[pos] (pos < size) is a word
// character; an ill-formed byte there counts as its Latin-1 character.
bool word_char_at(std::string_view text, size_t pos) {
  const auto b = static_cast<unsigned char>(text[pos]);
  if (kByteClass[b] != kMultiByte) return kByteClass[b] == kWordByte;
  char32_t cp;
  return is_word_code_point(decode_utf8(text, pos, cp) ? cp : b);
}

// True when the character ending just before text[end] (end > 0) is a word
// character. Steps back over up to three continuation bytes to the lead
// byte; if no well-formed sequence ends exactly at `end`, the last byte
// counts as its Latin-1 character, as when reading forward.
bool word_char_before(std::string_view text, size_t end) {
  const auto b = static_cast<unsigned char>(text[end - 1]);
  if (kByteClass[b] != kMultiByte) return kByteClass[b] == kWordByte;
  size_t lead = end - 1;
  while (lead > 0 && end - lead < 4 && is_utf8_continuation(static_cast<unsigned char>(text[lead])))
    --lead;
  char32_t cp;
  const size_t len = decode_utf8(text, lead, cp);
  return is_word_code_point(len != 0 && lead + len == end ? cp : b);
}

// "U+002D" for a code point, for error details.
std::string code_point_name(char32_t cp) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
  return buf;
}

// Frees a Hyperscan compile error.
struct CompileErrorDeleter {
  void operator()(hs_compile_error_t *e) const { hs_free_compile_error(e); }
};

}  // namespace

bool is_word_code_point(char32_t cp) {
  if (cp < 0x80) return is_ascii_alnum(static_cast<unsigned char>(cp));
  // The last range starting at or below cp decides.
  const auto *end = std::end(kSeparatorRanges);
  const auto *after = std::upper_bound(std::begin(kSeparatorRanges), end, cp,
                                       [](char32_t c, const CodePointRange &r) { return c < r.first; });
  return after == std::begin(kSeparatorRanges) || cp > (after - 1)->last;
}

std::string word_key(std::string_view word) { return case_folded(word); }

std::string SkippedWord::message() const {
  const bool quotable = !word.empty() && is_valid_utf8(word);
  const std::string quoted = quotable ? "\"" + ellipsize(word, 60) + "\" " : "";
  return "marked word " + std::to_string(position) + " " + quoted + reason;
}

bool WordMatcher::is_single_word(std::string_view word) {
  if (word.empty()) return false;
  for (size_t i = 0; i < word.size();) {
    char32_t cp;
    const size_t len = decode_utf8(word, i, cp);
    if (len == 0 || !is_word_code_point(cp)) return false;
    i += len;
  }
  return true;
}

std::string WordMatcher::word_problem(std::string_view word) {
  if (word.empty()) return "is empty";
  if (const auto bad = first_invalid_utf8(word))
    return "is not valid UTF-8 (invalid byte sequence at byte " + std::to_string(*bad + 1) + ")";
  for (size_t i = 0; i < word.size();) {
    char32_t cp = 0;  // NUL, a separator, should decoding ever fail here
    const size_t len = decode_utf8(word, i, cp);  // well-formed: checked above
    if (!is_word_code_point(cp))
      return "is not a single word: \"" + std::string(word.substr(i, len)) + "\" (" +
             code_point_name(cp) +
             ") is not a letter or digit, so the word could never occur whole";
    i += len;
  }
  if (const size_t chars = utf8_length(word); chars > kMaxWordChars)
    return "has " + std::to_string(chars) + " characters, more than the " +
           std::to_string(kMaxWordChars) + " a word may have";
  return {};
}

void WordMatcher::HsDeleter::operator()(hs_database *db) const { hs_free_database(db); }
void WordMatcher::HsDeleter::operator()(hs_scratch *scratch) const { hs_free_scratch(scratch); }

WordMatcher::WordMatcher(const std::vector<std::string> &words) {
  // Key -> id; the nodes stay put, so keys_by_id can point into them.
  std::unordered_map<std::string, uint32_t> ids_by_key;
  std::vector<const std::string *> keys_by_id;
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string_view w = trim(words[i]);
    if (std::string problem = word_problem(w); !problem.empty()) {
      skipped_.push_back({i + 1, std::string(w), std::move(problem)});
      continue;
    }
    const auto [it, added] = ids_by_key.emplace(word_key(w), static_cast<uint32_t>(words_.size()));
    if (!added) continue;
    words_.emplace_back(w);
    keys_by_id.push_back(&it->first);
    lengths_.push_back(static_cast<uint32_t>(it->first.size()));
  }
  // Hyperscan cannot compile zero patterns: an empty list has no database.
  if (words_.empty()) return;

  // Each word as a regular expression, its bytes other than ASCII letters
  // and digits escaped (\xe9), not through the pure-literal API: the
  // literal runtime of Hyperscan 5.4.0 (Debian 12) lacks instructions that a
  // word ending in a long run of one letter needs, and hs_scan then fails
  // with HS_UNKNOWN_ERROR (intel/hyperscan#303, fixed in 5.4.1).
  std::vector<std::string> expressions;
  std::vector<const char *> patterns;
  std::vector<unsigned> ids;
  expressions.reserve(words_.size());
  patterns.reserve(words_.size());
  ids.reserve(words_.size());
  for (size_t id = 0; id < words_.size(); ++id) {
    std::string &e = expressions.emplace_back();
    for (unsigned char c : *keys_by_id[id]) {
      static constexpr char kHex[] = "0123456789abcdef";
      if (is_ascii_alnum(c)) {
        e += static_cast<char>(c);
      } else {
        e += "\\x";
        e += kHex[c >> 4];
        e += kHex[c & 15];
      }
    }
    ids.push_back(static_cast<unsigned>(id));
  }
  for (const std::string &e : expressions) patterns.push_back(e.c_str());
  // Caseless, since a pure-ASCII message is scanned unfolded. Not
  // HS_FLAG_SINGLEMATCH: a word may occur inside a longer word first and
  // whole later in the same message, so every occurrence is checked.
  const std::vector<unsigned> flags(words_.size(), HS_FLAG_CASELESS);
  hs_database_t *db = nullptr;
  hs_compile_error_t *raw_error = nullptr;
  const hs_error_t rc = hs_compile_multi(patterns.data(), flags.data(), ids.data(),
                                         static_cast<unsigned>(words_.size()), HS_MODE_BLOCK,
                                         nullptr, &db, &raw_error);
  database_.reset(db);
  const std::unique_ptr<hs_compile_error_t, CompileErrorDeleter> error(raw_error);
  if (rc == HS_SUCCESS) return;
  const std::string reason = error && error->message ? error->message : "unknown Hyperscan error";
  // Running out of memory and internal errors come as static errors that
  // name expression 0 (hs_enomem, hs_einternal in Hyperscan's
  // compiler/error.cpp): known by their message, they concern the whole list.
  const bool out_of_memory = rc == HS_NOMEM || reason == "Unable to allocate memory.";
  const bool whole_list = out_of_memory || reason == "Internal error.";
  if (!whole_list && error && error->expression >= 0 &&
      static_cast<size_t>(error->expression) < words_.size())
    throw Error(sqlstate::kInvalidParameterValue,
                "could not compile marked word \"" + ellipsize(words_[error->expression], 60) +
                    "\"",
                reason);
  throw Error(out_of_memory ? sqlstate::kOutOfMemory
              : whole_list  ? sqlstate::kInternalError
                            : sqlstate::kInvalidParameterValue,
              "could not compile the " + std::to_string(words_.size()) + " marked words",
              reason);
}

std::shared_ptr<const WordMatcher> WordMatcher::compile(std::vector<std::string> words) {
  // Shared with the thread, which keeps it alive if the caller gives up.
  auto result = std::make_shared<std::shared_ptr<const WordMatcher>>();
  run_cancellable([result, words = std::move(words)] {
    *result = std::make_shared<const WordMatcher>(words);
  });
  return std::move(*result);
}

WordMatcher::Scratch::Scratch(const WordMatcher &matcher)
    : matcher_(&matcher), reported_(matcher.size(), 0) {
  found_.reserve(matcher.size());
  if (!matcher.database_) return;
  hs_scratch_t *raw = nullptr;
  if (hs_alloc_scratch(matcher.database_.get(), &raw) != HS_SUCCESS) {
    if (raw) hs_free_scratch(raw);
    throw Error(sqlstate::kOutOfMemory, "could not allocate Hyperscan scratch space");
  }
  hs_.reset(raw);
}

struct WordMatcher::ScanContext {
  std::string_view text;  // as scanned: the message or its folded copy
  const uint32_t *lengths;
  uint8_t *reported;
  std::vector<uint32_t> *found;  // capacity >= word count: never reallocates
};

// Hyperscan match callback: keeps an occurrence that is a whole word and
// whose word was not reported yet. Never throws (C code is on the stack).
int WordMatcher::on_match(unsigned int id, unsigned long long /*from*/, unsigned long long to,
                          unsigned int /*flags*/, void *context) {
  auto &ctx = *static_cast<ScanContext *>(context);
  if (ctx.reported[id]) return 0;
  const size_t end = static_cast<size_t>(to);
  const size_t start = end - ctx.lengths[id];
  if (start > 0 && word_char_before(ctx.text, start)) return 0;
  if (end < ctx.text.size() && word_char_at(ctx.text, end)) return 0;
  ctx.reported[id] = 1;
  ctx.found->push_back(id);
  return 0;
}

void WordMatcher::match(std::string_view text, std::vector<uint32_t> &matched_ids,
                        Scratch &scratch) const {
  matched_ids.clear();
  if (scratch.matcher_ != this)
    throw Error(sqlstate::kInternalError, "word matcher scratch belongs to another matcher");
  if (!database_ || text.empty()) return;
  // Hyperscan folds ASCII itself: a pure-ASCII message is scanned as it is.
  // Otherwise the scratch gets a copy folded after its ASCII prefix.
  std::string_view scanned = text;
  if (const size_t ascii = ascii_prefix_length(text); ascii != text.size()) {
    std::string &copy = scratch.folded_;
    const size_t room = ascii + max_case_folded_size(text.size() - ascii);
    if (copy.size() < room) copy.resize(room);  // grows, never shrinks
    std::memcpy(copy.data(), text.data(), ascii);
    const char *end = case_fold_to(text.substr(ascii), copy.data() + ascii);
    scanned = std::string_view(copy.data(), static_cast<size_t>(end - copy.data()));
  }
  if (scanned.size() > UINT_MAX)
    throw Error(sqlstate::kProgramLimitExceeded, "message too long for the word matcher",
                "The message has " + std::to_string(text.size()) + " bytes.");
  std::vector<uint32_t> &found = scratch.found_;
  found.clear();
  ScanContext ctx{scanned, lengths_.data(), scratch.reported_.data(), &found};
  const hs_error_t rc =
      hs_scan(database_.get(), scanned.data(), static_cast<unsigned>(scanned.size()), 0,
              scratch.hs_.get(), on_match, &ctx);
  // Leave the marks all zero for the next message, whatever happened.
  for (uint32_t id : found) scratch.reported_[id] = 0;
  if (rc != HS_SUCCESS)
    throw Error(sqlstate::kInternalError, "Hyperscan scan failed with code " + std::to_string(rc));
  std::sort(found.begin(), found.end());
  matched_ids.assign(found.begin(), found.end());
}

}  // namespace hrlake::core
