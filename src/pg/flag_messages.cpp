// The scanning half of hrlake.flag_messages(): reads messages in scan order
// from a position, matches each against the marked words with Hyperscan
// (src/core/word_matcher), and returns the flagged ones, plus the
// last message read so the caller can move its position. The compiled
// matcher is cached for the life of the backend and rebuilt only when the
// marked-word list's version moves.
#include "core/word_matcher.h"
#include "pg/spi.h"


namespace hrlake::pg {
namespace {

constexpr long kFetchRows = 20000;

struct CachedMatcher {
  Oid database = InvalidOid;
  int64_t version = -1;
  std::unique_ptr<core::WordMatcher> matcher;
  std::unique_ptr<core::WordMatcher::Scratch> scratch;
};
CachedMatcher cache;

// The matcher for the current list, compiled if the version moved.
core::WordMatcher &matcher_for(SpiSession &spi, int64_t version) {
  if (cache.matcher && cache.database == MyDatabaseId && cache.version == version)
    return *cache.matcher;
  const uint64 n = spi.execute("SELECT word FROM hrlake.marked_word ORDER BY word", {}, true);
  std::vector<std::string> words;
  pg_call([&] {
    for (uint64 i = 0; i < n; ++i) {
      bool is_null;
      text *t = DatumGetTextPP(SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1, &is_null));
      words.emplace_back(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));
    }
  });
  cache.scratch.reset();
  cache.matcher.reset();
  cache.matcher = std::make_unique<core::WordMatcher>(words);
  cache.scratch = std::make_unique<core::WordMatcher::Scratch>(*cache.matcher);
  cache.database = MyDatabaseId;
  cache.version = version;
  return *cache.matcher;
}

}  // namespace
}  // namespace hrlake::pg

using namespace hrlake;

// _match_messages(after_msg, upto_msg, max_messages, version)
//   -> (msg_id, sender, receiver, sent_at, matched_words text[])
HRLAKE_FUNCTION(hrlake_match_messages) {
  const int64_t after_msg = PG_GETARG_INT64(0);
  const int64_t upto_msg = PG_GETARG_INT64(1);
  const bool limited = !PG_ARGISNULL(2);
  const int32_t max_messages = limited ? PG_GETARG_INT32(2) : 0;
  const int64_t version = PG_GETARG_INT64(3);
  pg::pg_call([&] { InitMaterializedSRF(fcinfo, 0); });
  auto *rsinfo = reinterpret_cast<ReturnSetInfo *>(fcinfo->resultinfo);
  if (limited && max_messages <= 0) return (Datum)0;

  pg::SpiSession spi;
  core::WordMatcher &matcher = pg::matcher_for(spi, version);
  core::WordMatcher::Scratch &scratch = *pg::cache.scratch;

  Portal portal = pg::pg_call([&] {
    Oid types[3] = {INT8OID, INT8OID, INT4OID};
    Datum values[3] = {Int64GetDatum(after_msg), Int64GetDatum(upto_msg), Int32GetDatum(max_messages)};
    const char nulls[3] = {' ', ' ', limited ? ' ' : 'n'};
    Portal p = SPI_cursor_open_with_args(
        NULL,
        "SELECT msg_id, message, sender, receiver, sent_at FROM hrlake.message "
        "WHERE msg_id > $1 AND msg_id <= $2 ORDER BY msg_id LIMIT $3",
        3, types, values, nulls, true, 0);
    if (!p) elog(ERROR, "could not open cursor over messages");
    return p;
  });

  std::vector<uint32_t> ids;
  MemoryContext rows_context = pg::pg_call([] {
    return AllocSetContextCreate(CurrentMemoryContext, "hrlake flag rows", ALLOCSET_DEFAULT_SIZES);
  });
  bool last_flagged = true;
  int64_t last_msg = 0;
  bool any = false;
  for (;;) {
    pg::pg_call([&] { SPI_cursor_fetch(portal, true, pg::kFetchRows); });
    const uint64 n = SPI_processed;
    SPITupleTable *table = SPI_tuptable;
    for (uint64 i = 0; i < n; ++i) {
      std::string_view message;
      HeapTuple tuple = table->vals[i];
      pg::pg_call([&] {
        bool is_null;
        text *t = DatumGetTextPP(SPI_getbinval(tuple, table->tupdesc, 2, &is_null));
        message = std::string_view(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));
        last_msg = DatumGetInt64(SPI_getbinval(tuple, table->tupdesc, 1, &is_null));
      });
      any = true;
      matcher.match(message, ids, scratch);
      last_flagged = !ids.empty();
      if (ids.empty()) continue;
      pg::pg_call([&] {
        // Per-row Datums live in a context reset after each fetch; the
        // tuplestore keeps its own copy.
        MemoryContext old = MemoryContextSwitchTo(rows_context);
        Datum *datums = static_cast<Datum *>(palloc(sizeof(Datum) * ids.size()));
        for (size_t k = 0; k < ids.size(); ++k) {
          const std::string &w = matcher.word(ids[k]);
          datums[k] = PointerGetDatum(cstring_to_text_with_len(w.data(), static_cast<int>(w.size())));
        }
        bool is_null;
        Datum values[5] = {Int64GetDatum(last_msg), SPI_getbinval(tuple, table->tupdesc, 3, &is_null),
                           SPI_getbinval(tuple, table->tupdesc, 4, &is_null),
                           SPI_getbinval(tuple, table->tupdesc, 5, &is_null),
                           PointerGetDatum(construct_array(datums, static_cast<int>(ids.size()), TEXTOID,
                                                           -1, false, TYPALIGN_INT))};
        bool nulls[5] = {false, false, false, false, false};
        MemoryContextSwitchTo(old);
        tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
      });
    }
    pg::pg_call([&] {
      SPI_freetuptable(table);
      MemoryContextReset(rows_context);
      CHECK_FOR_INTERRUPTS();
    });
    if (n == 0) break;
  }
  // The position: the last message read, when it was not flagged.
  if (any && !last_flagged) {
    pg::pg_call([&] {
      Datum values[5] = {Int64GetDatum(last_msg), 0, 0, 0, PointerGetDatum(construct_empty_array(TEXTOID))};
      bool nulls[5] = {false, true, true, true, false};
      tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
    });
  }
  pg::pg_call([&] {
    SPI_cursor_close(portal);
    MemoryContextDelete(rows_context);
  });
  return (Datum)0;
}
