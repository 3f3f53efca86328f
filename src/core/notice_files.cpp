#include "core/notice_files.h"

#include <array>
#include <cstdint>
#include <cstdio>

#include "core/leave_calendar.h"

namespace hrlake::core {
namespace {

bool is_plain(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

// Names Windows reserves for devices, whatever the case or extension.
bool is_device_name(std::string_view id) {
  std::string upper;
  for (char c : id) upper += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  static constexpr std::array<const char *, 6> kNames = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"};
  for (const char *n : kNames)
    if (upper == n) return true;
  return upper.size() == 4 && (upper.compare(0, 3, "COM") == 0 || upper.compare(0, 3, "LPT") == 0) &&
         upper[3] >= '0' && upper[3] <= '9';
}

void percent_encode(unsigned char c, std::string &out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out += '%';
  out += kHex[c >> 4];
  out += kHex[c & 0xF];
}

// FNV-1a, 64 bits: a stable hash (names must not change between releases).
uint64_t fnv1a(std::string_view s) {
  uint64_t h = 14695981039346656037ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

}  // namespace

std::optional<std::string> notice_file_name(std::string_view emp_id, std::string &why_not) {
  if (emp_id.empty()) {
    why_not = "the emp_id is empty";
    return std::nullopt;
  }
  const bool device = is_device_name(emp_id);
  bool plain = !device;
  for (unsigned char c : emp_id) plain = plain && is_plain(c);
  if (plain && emp_id.size() <= kMaxNoticeStem) return std::string(emp_id) + ".txt";

  std::string stem;
  for (size_t i = 0; i < emp_id.size(); ++i) {
    const auto c = static_cast<unsigned char>(emp_id[i]);
    // A device name has its first letter encoded.
    if (is_plain(c) && !(i == 0 && device)) {
      stem += static_cast<char>(c);
    } else {
      percent_encode(c, stem);
    }
  }
  if (stem.size() > kMaxNoticeStem) {
    char hash[18];
    std::snprintf(hash, sizeof hash, "~%016llx", static_cast<unsigned long long>(fnv1a(emp_id)));
    size_t keep = kMaxNoticeStem - (sizeof hash - 1);
    // Never cut a %XX in two.
    if (keep >= 1 && stem[keep - 1] == '%') keep -= 1;
    else if (keep >= 2 && stem[keep - 2] == '%') keep -= 2;
    stem = stem.substr(0, keep) + hash;
  }
  return stem + ".txt";
}

std::string notice_period_directory(Date period) { return iso_date(period).substr(0, 7); }

std::string notice_file_content(std::string_view report) {
  std::string content(report);
  if (content.empty() || content.back() != '\n') content += '\n';
  return content;
}

}  // namespace hrlake::core
