// Errors raised by the pure core. The core knows nothing of PostgreSQL, so an
// error carries its SQLSTATE as five characters; src/pg/error_bridge turns it
// into ereport(ERROR) once the C++ frames have unwound.
#pragma once

#include <stdexcept>
#include <string>

namespace hrlake::core {

// SQLSTATE codes the core uses (same values as PostgreSQL's errcodes.h).
namespace sqlstate {
inline constexpr const char *kInvalidParameterValue = "22023";
inline constexpr const char *kInvalidTextRepresentation = "22P02";
inline constexpr const char *kBadCopyFileFormat = "22P04";
inline constexpr const char *kCharacterNotInRepertoire = "22021";
inline constexpr const char *kProgramLimitExceeded = "54000";
inline constexpr const char *kOutOfMemory = "53200";
inline constexpr const char *kUndefinedFile = "58P01";
inline constexpr const char *kIoError = "58030";
inline constexpr const char *kWrongObjectType = "42809";
inline constexpr const char *kInternalError = "XX000";
}  // namespace sqlstate

class Error : public std::runtime_error {
 public:
  Error(const char *sqlstate, std::string message, std::string detail = {},
        std::string hint = {})
      : std::runtime_error(std::move(message)),
        sqlstate_(sqlstate),
        detail_(std::move(detail)),
        hint_(std::move(hint)) {}

  const std::string &sqlstate() const { return sqlstate_; }
  const std::string &detail() const { return detail_; }
  const std::string &hint() const { return hint_; }

 private:
  std::string sqlstate_;
  std::string detail_;
  std::string hint_;
};

}  // namespace hrlake::core
