// Whether the caller is inside an explicit transaction block, so that the
// job procedures, which commit as they go, can refuse with a clear message.
#include "pg/error_bridge.h"

HRLAKE_FUNCTION(hrlake_in_transaction_block) {
  return BoolGetDatum(IsTransactionBlock());
}
