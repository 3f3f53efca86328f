// The notice files of the 80% report (SPEC §2.6): one plain-text file per
// employee and period, <directory>/<YYYY-MM>/<file name>. The rules for
// what the files are called and hold; src/pg/notice_export.cpp writes them.
//
// A file name must be safe on any file system the directory may be shared
// to, whatever the emp_id holds (slashes, "..", control characters, a
// leading dot, bytes that are not UTF-8, a device name such as CON, more
// than a name may hold). An id made only of ASCII letters, digits, '-' and
// '_' (and not a device name) is its own name. Any other id is
// percent-encoded byte by byte (so it never holds a '/', never starts with
// a dot, and decodes back to the id); such names hold a '%', which a plain
// id never does, so the two kinds never meet. An encoding longer than
// kMaxNoticeStem keeps its start and ends with '~' and a hash of the whole
// id (a '~' is in no other name).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/date.h"

namespace hrlake::core {

// The longest file name stem (before ".txt"), in bytes: well within the
// 255 bytes file systems allow, with room for a temporary file's prefix.
inline constexpr size_t kMaxNoticeStem = 200;

// The file name (with ".txt") of an employee's notice, or nullopt with
// `why_not` set when the id can have none (an empty id).
std::optional<std::string> notice_file_name(std::string_view emp_id, std::string &why_not);

// The directory of a period's notices under the notice directory: "YYYY-MM".
std::string notice_period_directory(Date period);

// What a notice file holds: the stored notice, ending with a newline.
std::string notice_file_content(std::string_view report);

}  // namespace hrlake::core
