#include "pg/datum_arrays.h"

#include "core/text.h"

namespace hrlake::pg {

namespace {

template <typename T>
Datum by_value_array(const std::vector<T> &values, Oid elem, int16 len,
                     Datum (*to_datum)(T)) {
  return pg_call([&] {
    Datum *datums = static_cast<Datum *>(palloc(sizeof(Datum) * (values.size() + 1)));
    for (size_t i = 0; i < values.size(); ++i) datums[i] = to_datum(values[i]);
    return PointerGetDatum(construct_array(datums, static_cast<int>(values.size()), elem,
                                           len, FLOAT8PASSBYVAL || len <= 4, TYPALIGN_DOUBLE));
  });
}

Datum varlena_array(const std::vector<std::optional<std::string>> &values, Oid elem) {
  return pg_call([&] {
    const int n = static_cast<int>(values.size());
    Datum *datums = static_cast<Datum *>(palloc(sizeof(Datum) * (n + 1)));
    bool *nulls = static_cast<bool *>(palloc(sizeof(bool) * (n + 1)));
    for (int i = 0; i < n; ++i) {
      const auto &v = values[i];
      nulls[i] = !v.has_value();
      if (v) {
        varlena *t = static_cast<varlena *>(palloc(v->size() + VARHDRSZ));
        SET_VARSIZE(t, v->size() + VARHDRSZ);
        memcpy(VARDATA(t), v->data(), v->size());
        datums[i] = PointerGetDatum(t);
      } else {
        datums[i] = (Datum)0;
      }
    }
    int dims[1] = {n};
    int lbs[1] = {1};
    return PointerGetDatum(construct_md_array(datums, nulls, 1, dims, lbs, elem, -1,
                                              false, TYPALIGN_INT));
  });
}

Datum int8_datum(int64_t v) { return Int64GetDatum(v); }
Datum int4_datum(int32_t v) { return Int32GetDatum(v); }
Datum float8_datum(double v) { return Float8GetDatum(v); }

}  // namespace

Datum int8_array(const std::vector<int64_t> &values) {
  return by_value_array<int64_t>(values, INT8OID, 8, int8_datum);
}
Datum int4_array(const std::vector<int32_t> &values) {
  return pg_call([&] {
    Datum *datums = static_cast<Datum *>(palloc(sizeof(Datum) * (values.size() + 1)));
    for (size_t i = 0; i < values.size(); ++i) datums[i] = int4_datum(values[i]);
    return PointerGetDatum(construct_array(datums, static_cast<int>(values.size()), INT4OID,
                                           4, true, TYPALIGN_INT));
  });
}
Datum float8_array(const std::vector<double> &values) {
  return by_value_array<double>(values, FLOAT8OID, 8, float8_datum);
}
Datum text_array(const std::vector<std::optional<std::string>> &values) {
  return varlena_array(values, TEXTOID);
}
Datum bytea_array(const std::vector<std::optional<std::string>> &values) {
  return varlena_array(values, BYTEAOID);
}
Datum datum_array(const std::vector<Datum> &values, const std::vector<bool> &nulls, Oid type) {
  return pg_call([&] {
    const int n = static_cast<int>(values.size());
    bool *is_null = static_cast<bool *>(palloc(sizeof(bool) * (n + 1)));
    for (int i = 0; i < n; ++i) is_null[i] = nulls[i];
    int16 len;
    bool by_value;
    char align;
    get_typlenbyvalalign(type, &len, &by_value, &align);
    int dims[1] = {n};
    int lbs[1] = {1};
    return PointerGetDatum(construct_md_array(const_cast<Datum *>(values.data()), is_null, 1, dims, lbs, type,
                                              len, by_value, align));
  });
}

std::string escape_invalid_bytes(const std::string &raw) {
  std::string out;
  out.reserve(raw.size() + 16);
  std::string_view rest(raw);
  static const char *hex = "0123456789abcdef";
  while (!rest.empty()) {
    auto bad = core::first_invalid_utf8(rest);
    size_t good_len = bad ? *bad : rest.size();
    for (size_t i = 0; i < good_len; ++i) {
      if (rest[i] == '\0')
        out += "\\x00";
      else
        out.push_back(rest[i]);
    }
    if (!bad) break;
    const unsigned char c = static_cast<unsigned char>(rest[good_len]);
    out += "\\x";
    out.push_back(hex[c >> 4]);
    out.push_back(hex[c & 15]);
    rest.remove_prefix(good_len + 1);
  }
  return out;
}

}  // namespace hrlake::pg
