// hrlake._in_replication_apply(): whether this backend is a logical
// replication worker applying a publisher's changes. Triggers that keep
// one table from another (message -> message_key) step aside there: the
// publisher's rows of both tables arrive, and writing them twice would
// stop the subscription on a duplicate key.
#include "pg/error_bridge.h"

HRLAKE_FUNCTION(hrlake_in_replication_apply) {
  PG_RETURN_BOOL(IsLogicalWorker());
}
