// The wall between C++ exceptions and PostgreSQL errors (longjmp).
//
// Rule 1: every SQL-callable function is defined with HRLAKE_FUNCTION. Its
//   body runs inside try/catch; an exception is turned into ereport(ERROR)
//   only after the body's C++ objects were destroyed (the catch copies what
//   it needs into palloc'd memory, the report happens after the try scope).
// Rule 2: any PostgreSQL call that may raise an error, made while C++ objects
//   are alive, goes through pg_call(). It runs the call under PG_TRY and turns
//   a PostgreSQL error into a PgError exception, which HRLAKE_FUNCTION
//   re-raises with the original SQLSTATE, message, detail and hint.
//   pg_call never returns from inside PG_TRY: the result is stored and
//   returned after PG_END_TRY restored PG_exception_stack; a C++ exception
//   thrown by the call is held and rethrown after PG_END_TRY too. Keep the
//   code inside small: objects it creates are not destroyed when a
//   PostgreSQL error jumps out of it.
// A PgError must not be swallowed: after a PostgreSQL error the transaction
// must abort, so catch it only to rethrow.
#pragma once

#include "pg/pg_includes.h"

#include <exception>
#include <type_traits>
#include <utility>

namespace hrlake::pg {

// A PostgreSQL error caught by pg_call, carried through C++ frames.
class PgError : public std::exception {
 public:
  explicit PgError(ErrorData *data) : data_(data) {}
  const char *what() const noexcept override {
    return data_ && data_->message ? data_->message : "postgresql error";
  }
  ErrorData *data() const { return data_; }

 private:
  ErrorData *data_;  // palloc'd in the caller's memory context
};

// Captures a PostgreSQL error raised inside PG_TRY as ErrorData, resetting
// the error state so C++ can unwind normally.
ErrorData *capture_pg_error(MemoryContext caller_context);

// Runs f (which may ereport) and returns its result; a PostgreSQL error
// becomes PgError.
template <typename F>
auto pg_call(F &&f) -> decltype(f()) {
  using R = decltype(f());
  MemoryContext caller_context = CurrentMemoryContext;
  ErrorData *volatile error = nullptr;
  if constexpr (std::is_void_v<R>) {
    std::exception_ptr cpp_error;
    PG_TRY();
    {
      try {
        f();
      } catch (...) {
        cpp_error = std::current_exception();
      }
    }
    PG_CATCH();
    { error = capture_pg_error(caller_context); }
    PG_END_TRY();
    if (error) throw PgError(error);
    if (cpp_error) std::rethrow_exception(cpp_error);
  } else {
    // Not volatile: only read when no longjmp happened.
    std::optional<R> result;
    std::exception_ptr cpp_error;
    PG_TRY();
    {
      try {
        result.emplace(f());
      } catch (...) {
        cpp_error = std::current_exception();
      }
    }
    PG_CATCH();
    { error = capture_pg_error(caller_context); }
    PG_END_TRY();
    if (error) throw PgError(error);
    if (cpp_error) std::rethrow_exception(cpp_error);
    return std::move(*result);
  }
}

// What an exception turns into; filled inside catch, reported after it.
struct PendingError {
  ErrorData *pg = nullptr;  // a PgError: re-raised as is
  int sqlerrcode = 0;
  char *message = nullptr;
  char *detail = nullptr;
  char *hint = nullptr;
};

// Converts the exception currently being handled into a PendingError.
// Must be called from inside a catch block.
void capture_current_exception(PendingError &out, const char *function_name);

// Raises the pending error. Never returns.
pg_attribute_noreturn() void raise_pending_error(const PendingError &error);

// Runs body(fcinfo) with the C++/PostgreSQL wall described above.
template <typename Body>
Datum run_guarded(const char *function_name, FunctionCallInfo fcinfo,
                  Body body) {
  PendingError pending;
  try {
    return body(fcinfo);
  } catch (...) {
    capture_current_exception(pending, function_name);
  }
  raise_pending_error(pending);
}

}  // namespace hrlake::pg

// Defines the SQL-callable function NAME whose C++ body follows, e.g.
//   HRLAKE_FUNCTION(hrlake_load) { ... return Int64GetDatum(id); }
#define HRLAKE_FUNCTION(name)                                              \
  static Datum name##_body(FunctionCallInfo fcinfo);                       \
  extern "C" {                                                             \
  PGDLLEXPORT Datum name(PG_FUNCTION_ARGS);                                \
  PG_FUNCTION_INFO_V1(name);                                               \
  }                                                                        \
  Datum name(PG_FUNCTION_ARGS) {                                           \
    return hrlake::pg::run_guarded(#name, fcinfo, name##_body);            \
  }                                                                        \
  static Datum name##_body(FunctionCallInfo fcinfo)
