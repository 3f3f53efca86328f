#include "pg/error_bridge.h"

#include <new>

#include "core/error.h"
#include "pg/client_text.h"

namespace hrlake::pg {

ErrorData *capture_pg_error(MemoryContext caller_context) {
  // CopyErrorData must not run in ErrorContext. The copy goes to the
  // transaction's context, not the caller's: the caller may be SPI's
  // procedure context, which SPI_finish frees while the C++ stack unwinds,
  // before the error is re-raised. The transaction aborts with the error,
  // which frees the copy.
  MemoryContextSwitchTo(TopTransactionContext);
  ErrorData *data = CopyErrorData();
  FlushErrorState();
  MemoryContextSwitchTo(caller_context);
  return data;
}

namespace {
char *copy_or_null(const std::string &s) {
  return s.empty() ? nullptr : pstrdup(s.c_str());
}

int sqlstate_to_code(const std::string &s) {
  if (s.size() != 5) return ERRCODE_INTERNAL_ERROR;
  return MAKE_SQLSTATE(s[0], s[1], s[2], s[3], s[4]);
}
}  // namespace

void capture_current_exception(PendingError &out, const char *function_name) {
  // pstrdup cannot fail here in a way that longjmps past live C++ frames we
  // care about: the only live object is the exception, which the runtime
  // destroys when the catch ends; a failure here is out-of-memory at worst.
  try {
    throw;
  } catch (const PgError &e) {
    out.pg = e.data();
  } catch (const core::Error &e) {
    out.sqlerrcode = sqlstate_to_code(e.sqlstate());
    out.message = pstrdup(e.what());
    out.detail = copy_or_null(e.detail());
    out.hint = copy_or_null(e.hint());
  } catch (const std::bad_alloc &) {
    out.sqlerrcode = ERRCODE_OUT_OF_MEMORY;
    out.message = psprintf("out of memory in %s", function_name);
  } catch (const std::exception &e) {
    out.sqlerrcode = ERRCODE_INTERNAL_ERROR;
    out.message = psprintf("internal error in %s: %s", function_name, e.what());
  } catch (...) {
    out.sqlerrcode = ERRCODE_INTERNAL_ERROR;
    out.message = psprintf("internal error in %s: unknown exception",
                           function_name);
  }
}

void raise_pending_error(const PendingError &error) {
  // Messages may quote input: made safe for the client's encoding.
  if (error.pg) {
    make_error_client_safe(error.pg);
    ReThrowError(error.pg);
  }
  const char *detail = for_client(error.detail), *hint = for_client(error.hint);
  ereport(ERROR, (errcode(error.sqlerrcode), errmsg_internal("%s", for_client(error.message)),
                  detail ? errdetail_internal("%s", detail) : 0, hint ? errhint("%s", hint) : 0));
  pg_unreachable();
}

}  // namespace hrlake::pg
