#include "core/marked_word_matcher.h"

#include <hs/hs.h>

#include <algorithm>
#include <unordered_set>

#include "core/error.h"
#include "core/text.h"

namespace hrlake::core {

namespace {

bool is_ascii_alnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

// Non-ASCII code points that separate words (punctuation, spaces, symbols).
bool is_separator_code_point(uint32_t cp) {
  return (cp >= 0x80 && cp <= 0xBF && cp != 0xAA && cp != 0xB5 && cp != 0xBA) ||
         cp == 0xD7 || cp == 0xF7 ||
         (cp >= 0x2000 && cp <= 0x206F) ||  // general punctuation, spaces
         (cp >= 0x2190 && cp <= 0x23FF) ||  // arrows, math operators, technical
         (cp >= 0x2500 && cp <= 0x27BF) ||  // box drawing, shapes, dingbats
         (cp >= 0x3000 && cp <= 0x303F) ||  // CJK symbols and punctuation
         (cp >= 0xFE30 && cp <= 0xFE4F) ||  // CJK compatibility forms
         (cp >= 0xFF00 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20) ||
         (cp >= 0xFF3B && cp <= 0xFF40) || (cp >= 0xFF5B && cp <= 0xFF65) ||
         cp == 0xFEFF || (cp >= 0x1F000 && cp <= 0x1FAFF);  // emoji and symbols
}

// Decodes the UTF-8 code point starting at pos; invalid bytes are separators.
bool code_point_is_word(std::string_view s, size_t pos) {
  const auto *p = reinterpret_cast<const unsigned char *>(s.data());
  const unsigned char c = p[pos];
  if (c < 0x80) return is_ascii_alnum(c);
  size_t len;
  uint32_t cp;
  if ((c & 0xE0) == 0xC0) len = 2, cp = c & 0x1F;
  else if ((c & 0xF0) == 0xE0) len = 3, cp = c & 0x0F;
  else if ((c & 0xF8) == 0xF0) len = 4, cp = c & 0x07;
  else return false;
  if (pos + len > s.size()) return false;
  for (size_t k = 1; k < len; ++k) {
    if ((p[pos + k] & 0xC0) != 0x80) return false;
    cp = (cp << 6) | (p[pos + k] & 0x3F);
  }
  return !is_separator_code_point(cp);
}

bool is_word_text(std::string_view w) {
  if (w.empty()) return false;
  for (size_t i = 0; i < w.size();) {
    if (!code_point_is_word(w, i)) return false;
    ++i;
    while (i < w.size() && (static_cast<unsigned char>(w[i]) & 0xC0) == 0x80) ++i;
  }
  return true;
}

std::string ascii_upper(std::string_view s) {
  std::string out(s);
  for (char &c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

}  // namespace

bool is_word_char_at(std::string_view text, size_t pos) {
  return pos < text.size() && code_point_is_word(text, pos);
}

bool is_word_char_before(std::string_view text, size_t end) {
  if (end == 0) return false;
  size_t start = end - 1;
  // Step back over continuation bytes (at most 3) to the lead byte.
  while (start > 0 && end - start < 4 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80)
    --start;
  return code_point_is_word(text, start);
}

struct MarkedWordMatcher::Context {
  const MarkedWordMatcher *matcher;
  std::string_view text;
  Scratch *scratch;
  std::vector<uint32_t> *ids;
};

MarkedWordMatcher::MarkedWordMatcher(const std::vector<std::string> &words) {
  std::unordered_set<std::string> seen;
  for (const auto &raw : words) {
    const std::string_view w = trim(raw);
    if (!is_word_text(w))
      throw Error(sqlstate::kInvalidParameterValue,
                  "marked word \"" + ellipsize(w, 40) + "\" is not a single word",
                  {}, "A marked word is letters and digits only.");
    if (seen.insert(ascii_upper(w)).second) words_.emplace_back(w);
  }
  if (words_.empty()) return;
  std::vector<const char *> patterns;
  std::vector<size_t> lengths;
  std::vector<unsigned> flags(words_.size(), HS_FLAG_CASELESS);
  std::vector<unsigned> ids(words_.size());
  for (size_t i = 0; i < words_.size(); ++i) {
    patterns.push_back(words_[i].data());
    lengths.push_back(words_[i].size());
    ids[i] = static_cast<unsigned>(i);
  }
  hs_compile_error_t *error = nullptr;
  if (hs_compile_lit_multi(patterns.data(), flags.data(), ids.data(), lengths.data(),
                           static_cast<unsigned>(words_.size()), HS_MODE_BLOCK, nullptr,
                           &database_, &error) != HS_SUCCESS) {
    std::string message = error && error->message ? error->message : "unknown error";
    std::string word = error && error->expression >= 0 ? words_[error->expression] : "";
    hs_free_compile_error(error);
    throw Error(sqlstate::kInvalidParameterValue,
                "could not compile the marked words" + (word.empty() ? "" : " at \"" + word + "\""),
                message);
  }
}

MarkedWordMatcher::~MarkedWordMatcher() {
  if (database_) hs_free_database(database_);
}

MarkedWordMatcher::Scratch::Scratch(const MarkedWordMatcher &matcher) {
  seen_.assign(matcher.size(), 0);
  if (matcher.database_ && hs_alloc_scratch(matcher.database_, &scratch_) != HS_SUCCESS)
    throw Error(sqlstate::kOutOfMemory, "could not allocate Hyperscan scratch space");
}

MarkedWordMatcher::Scratch::~Scratch() {
  if (scratch_) hs_free_scratch(scratch_);
}

int MarkedWordMatcher::on_match(unsigned int id, unsigned long long, unsigned long long to,
                                unsigned int, void *context) {
  auto *ctx = static_cast<Context *>(context);
  if (ctx->scratch->seen_[id]) return 0;
  const size_t end = static_cast<size_t>(to);
  const size_t start = end - ctx->matcher->words_[id].size();
  if (is_word_char_before(ctx->text, start) || is_word_char_at(ctx->text, end)) return 0;
  ctx->scratch->seen_[id] = 1;
  ctx->ids->push_back(id);
  return 0;
}

void MarkedWordMatcher::match(std::string_view text, Scratch &scratch,
                              std::vector<uint32_t> &ids) const {
  ids.clear();
  if (!database_ || text.empty()) return;
  Context ctx{this, text, &scratch, &ids};
  const hs_error_t rc = hs_scan(database_, text.data(), static_cast<unsigned>(text.size()), 0,
                                scratch.scratch_, on_match, &ctx);
  for (uint32_t id : ids) scratch.seen_[id] = 0;
  if (rc != HS_SUCCESS)
    throw Error(sqlstate::kInternalError, "Hyperscan scan failed (" + std::to_string(rc) + ")");
  std::sort(ids.begin(), ids.end());
}

}  // namespace hrlake::core
