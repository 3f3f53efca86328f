#include "pg/client_text.h"

#include "core/text.h"

namespace hrlake::pg {

bool client_needs_escapes() {
  const int client = pg_get_client_encoding();
  return client != PG_UTF8 && client != PG_SQL_ASCII;
}

std::string for_client(const std::string &s) {
  if (!client_needs_escapes() || core::ascii_prefix_length(s) == s.size()) return s;
  return core::escape_non_ascii(s);
}

char *for_client(char *s) {
  if (s == nullptr || !client_needs_escapes()) return s;
  const std::string_view text(s);
  size_t pos = core::ascii_prefix_length(text);
  if (pos == text.size()) return s;
  // StringInfo, not std::string: called on the way to ereport, where only
  // a PostgreSQL error (out of memory) may leave.
  StringInfoData out;
  initStringInfo(&out);
  appendBinaryStringInfo(&out, s, static_cast<int>(pos));
  char escape[12];
  while (pos < text.size()) {
    if (static_cast<unsigned char>(s[pos]) < 0x80) {
      appendStringInfoChar(&out, s[pos++]);
      continue;
    }
    pos += core::escape_non_ascii_at(text, pos, escape);
    appendStringInfoString(&out, escape);
  }
  return out.data;
}

void make_error_client_safe(ErrorData *edata) {
  if (!client_needs_escapes()) return;
  for (char **field : {&edata->message, &edata->detail, &edata->detail_log, &edata->hint, &edata->context,
                       &edata->internalquery})
    *field = for_client(*field);
}

}  // namespace hrlake::pg
