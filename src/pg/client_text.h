// Messages (NOTICE, WARNING, ERROR) that quote input must reach any client.
// PostgreSQL converts a message to the client's encoding as it sends it; a
// character the client encoding lacks (a Japanese file name for a LATIN1
// client) makes that conversion fail, and the failure replaces the message
// by an error: a NOTICE would abort the load that raised it. So when the
// client's encoding is neither UTF8 nor SQL_ASCII (which takes the bytes as
// they are), hrlake writes every non-ASCII character of its messages as an
// escape (\uXXXX; core::escape_non_ascii). Pure computation: safe to call
// while an error is on its way (no catalog access, no allocation in error
// paths but palloc).
#pragma once

#include "pg/pg_includes.h"

namespace hrlake::pg {

// True when this session's client encoding cannot take every character.
bool client_needs_escapes();

// s as it may be sent to this session's client.
std::string for_client(const std::string &s);

// The same for a NUL-terminated string or NULL: s itself when it needs no
// escape, else a palloc'd copy (in the current memory context). Uses no
// C++ allocation: fit for the last steps before an ereport.
char *for_client(char *s);

// Every text field of an error about to be re-raised, made safe for the client.
void make_error_client_safe(ErrorData *edata);

}  // namespace hrlake::pg
