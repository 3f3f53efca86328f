#include "pg/spi.h"

#include "pg/client_text.h"

namespace hrlake::pg {

SpiParams &SpiParams::text(const std::string &s) {
  Datum d = pg_call([&] {
    return PointerGetDatum(cstring_to_text_with_len(s.data(), static_cast<int>(s.size())));
  });
  return add(TEXTOID, d);
}

SpiParams &SpiParams::text_or_null(const std::optional<std::string> &s) {
  return s ? text(*s) : add(TEXTOID, (Datum)0, true);
}

SpiParams &SpiParams::bytea(const void *data, size_t len) {
  Datum d = pg_call([&] {
    ::bytea *b = static_cast<::bytea *>(palloc(len + VARHDRSZ));
    SET_VARSIZE(b, len + VARHDRSZ);
    memcpy(VARDATA(b), data, len);
    return PointerGetDatum(b);
  });
  return add(BYTEAOID, d);
}

SpiSession::SpiSession() {
  pg_call([] {
    if (SPI_connect() != SPI_OK_CONNECT) elog(ERROR, "SPI_connect failed");
  });
}

SpiSession::~SpiSession() { SPI_finish(); }

uint64 SpiSession::execute(const std::string &sql, SpiParams params, bool read_only) {
  return pg_call([&] {
    int rc = SPI_execute_with_args(sql.c_str(), params.size(), params.types(),
                                   params.values(), params.nulls(), read_only, 0);
    if (rc < 0) elog(ERROR, "SPI_execute_with_args failed (%d): %s", rc, sql.c_str());
    return SPI_processed;
  });
}

std::optional<int64_t> SpiSession::int8_value(const std::string &sql, SpiParams params) {
  if (execute(sql, std::move(params)) == 0) return std::nullopt;
  return pg_call([&]() -> std::optional<int64_t> {
    bool is_null;
    Datum d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &is_null);
    if (is_null) return std::nullopt;
    return DatumGetInt64(d);
  });
}

void notice(const std::string &message) {
  const std::string text = for_client(message);
  pg_call([&] { ereport(NOTICE, (errmsg_internal("%s", text.c_str()))); });
}

void warning(const std::string &message) {
  const std::string text = for_client(message);
  pg_call([&] { ereport(WARNING, (errmsg_internal("%s", text.c_str()))); });
}

std::string text_to_string(Datum d) {
  return pg_call([&] {
    text *t = DatumGetTextPP(d);
    return std::string(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));
  });
}

}  // namespace hrlake::pg
