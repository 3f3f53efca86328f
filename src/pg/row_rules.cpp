// SQL-callable faces of the word rules, for the word lists' own columns and
// checks (sql/install/50_messages.sql): the ingest itself calls the rules of
// src/core directly.
#include "core/text.h"
#include "core/word_matcher.h"
#include "core/word_rules.h"
#include "pg/convert.h"

using namespace hrlake;

// hrlake._word_problem(word): why a word cannot be a vocabulary or marked
// word, or NULL.
HRLAKE_FUNCTION(hrlake_word_problem) {
  std::optional<std::string_view> word;
  if (!PG_ARGISNULL(0)) {
    text *t = pg::pg_call([&] { return DatumGetTextPP(PG_GETARG_DATUM(0)); });
    word = core::trim(std::string_view(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t)));
    if (word->empty()) word.reset();
  }
  const std::string problem = core::word_problem(word);
  if (problem.empty()) PG_RETURN_NULL();
  return pg::text_datum(problem);
}

// hrlake._word_key(word): the word under Unicode simple case folding, the
// key under which a word list holds it once.
HRLAKE_FUNCTION(hrlake_word_key) {
  text *t = pg::pg_call([&] { return DatumGetTextPP(PG_GETARG_DATUM(0)); });
  return pg::text_datum(core::word_key(core::trim(std::string_view(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t)))));
}
