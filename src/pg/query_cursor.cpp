#include "pg/query_cursor.h"

namespace hrlake::pg {
namespace {

// A DestReceiver whose receiveSlot calls a C++ callback. An exception must
// not unwind through the executor's frames: it is held, the executor is
// told to stop (receiveSlot returns false) and fetch() rethrows it.
struct CallbackReceiver {
  DestReceiver base;  // first: the executor sees a DestReceiver *
  const QueryCursor::RowFn *on_row;
  std::exception_ptr error;
};

bool receive_slot(TupleTableSlot *slot, DestReceiver *self) {
  auto *receiver = reinterpret_cast<CallbackReceiver *>(self);
  try {
    (*receiver->on_row)(slot);
    return true;
  } catch (...) {
    receiver->error = std::current_exception();
    return false;
  }
}
void startup(DestReceiver *, int, TupleDesc) {}
void shutdown(DestReceiver *) {}
void destroy(DestReceiver *) {}

}  // namespace

QueryCursor::QueryCursor(const char *sql, SpiParams params) {
  portal_ = pg_call([&] {
    Portal p = SPI_cursor_open_with_args(NULL, sql, params.size(), params.types(), params.values(),
                                         params.nulls(), false, CURSOR_OPT_NO_SCROLL);
    if (!p) elog(ERROR, "could not open a cursor for: %s", sql);
    return p;
  });
}

QueryCursor::~QueryCursor() {
  // On the error path the transaction's abort drops the portal.
  if (portal_ && !std::uncaught_exceptions()) SPI_cursor_close(portal_);
}

uint64 QueryCursor::fetch(long max_rows, const RowFn &on_row) {
  CallbackReceiver receiver{};
  receiver.base.receiveSlot = receive_slot;
  receiver.base.rStartup = startup;
  receiver.base.rShutdown = shutdown;
  receiver.base.rDestroy = destroy;
  receiver.base.mydest = DestNone;
  receiver.on_row = &on_row;
  const uint64 n = pg_call([&] {
    CHECK_FOR_INTERRUPTS();
    return PortalRunFetch(portal_, FETCH_FORWARD, max_rows, &receiver.base);
  });
  if (receiver.error) std::rethrow_exception(receiver.error);
  return n;
}

}  // namespace hrlake::pg
