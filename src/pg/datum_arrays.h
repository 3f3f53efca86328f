// Builds PostgreSQL arrays from C++ vectors (through the guard), for
// statements that take a whole chunk of rows as array parameters.
#pragma once

#include "pg/error_bridge.h"

namespace hrlake::pg {

Datum int8_array(const std::vector<int64_t> &values);
Datum int4_array(const std::vector<int32_t> &values);
Datum float8_array(const std::vector<double> &values);
Datum text_array(const std::vector<std::optional<std::string>> &values);
Datum bytea_array(const std::vector<std::optional<std::string>> &values);
// An array of `type` from Datums already made (NULL where nulls says so).
Datum datum_array(const std::vector<Datum> &values, const std::vector<bool> &nulls, Oid type);

// raw with every byte that is not part of valid UTF-8 (and NUL) written as
// \xNN, so it can be stored as text.
std::string escape_invalid_bytes(const std::string &raw);

}  // namespace hrlake::pg
