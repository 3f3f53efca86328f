// A connection to SPI for the lifetime of a C++ scope, and statement helpers
// whose PostgreSQL errors surface as PgError (see error_bridge.h).
#pragma once

#include "pg/error_bridge.h"

namespace hrlake::pg {

// Positional parameters for one statement.
class SpiParams {
 public:
  SpiParams &add(Oid type, Datum value, bool is_null = false) {
    types_.push_back(type);
    values_.push_back(value);
    nulls_.push_back(is_null ? 'n' : ' ');
    return *this;
  }
  SpiParams &text(const std::string &s);
  SpiParams &text_or_null(const std::optional<std::string> &s);
  SpiParams &int8(int64_t v) { return add(INT8OID, Int64GetDatum(v)); }
  SpiParams &int4(int32_t v) { return add(INT4OID, Int32GetDatum(v)); }
  SpiParams &bytea(const void *data, size_t len);

  int size() const { return static_cast<int>(types_.size()); }
  Oid *types() { return types_.data(); }
  Datum *values() { return values_.data(); }
  const char *nulls() const { return nulls_.data(); }

 private:
  std::vector<Oid> types_;
  std::vector<Datum> values_;
  std::vector<char> nulls_;
};

class SpiSession {
 public:
  SpiSession();
  ~SpiSession();
  SpiSession(const SpiSession &) = delete;
  SpiSession &operator=(const SpiSession &) = delete;

  // Runs a statement; returns SPI_processed. Results stay in SPI_tuptable
  // until the next statement.
  uint64 execute(const std::string &sql, SpiParams params = {},
                 bool read_only = false);
  // First column of the first row as int8, or nullopt when no row / NULL.
  std::optional<int64_t> int8_value(const std::string &sql, SpiParams params = {});
};

// Raises a NOTICE through the guard.
void notice(const std::string &message);
// Raises a WARNING through the guard (made safe for the client's encoding, as notice()).
void warning(const std::string &message);

// A text Datum's contents as std::string (no PostgreSQL error possible for
// an already detoasted value, but detoasting goes through the guard).
std::string text_to_string(Datum d);

}  // namespace hrlake::pg
