// The event trigger that removes hrlake's pg_cron jobs of a database when
// the extension is dropped there: left behind, each would fail every
// minute. It sees the statement before it runs (ddl_command_start), so the
// jobs go in the same transaction as the extension.
#include "core/error.h"
#include "pg/spi.h"

namespace {

// True when the DROP EXTENSION statement names hrlake.
bool drops_hrlake(Node *parsetree) {
  if (!parsetree || !IsA(parsetree, DropStmt)) return false;
  auto *stmt = reinterpret_cast<DropStmt *>(parsetree);
  if (stmt->removeType != OBJECT_EXTENSION) return false;
  ListCell *cell;
  foreach (cell, stmt->objects) {
    Node *object = static_cast<Node *>(lfirst(cell));
    if (IsA(object, String) && strcmp(strVal(object), "hrlake") == 0) return true;
  }
  return false;
}

}  // namespace

HRLAKE_FUNCTION(hrlake_on_drop_extension) {
  if (!CALLED_AS_EVENT_TRIGGER(fcinfo))
    throw hrlake::core::Error("39P01", "hrlake._on_drop_extension() is an event trigger");
  auto *event = reinterpret_cast<EventTriggerData *>(fcinfo->context);
  if (!drops_hrlake(event->parsetree)) return (Datum)0;
  hrlake::pg::SpiSession spi;
  const auto here = spi.int8_value(
      "SELECT pg_catalog.count(*) FROM pg_catalog.pg_extension WHERE extname = 'pg_cron'");
  if (here.value_or(0) == 0) {
    hrlake::pg::notice(
        "if pg_cron runs hrlake's jobs for this database from another one, remove them there: "
        "SELECT cron.unschedule(jobid) FROM cron.job WHERE database = current_database() "
        "AND command LIKE '%hrlake.%' (with this database's name)");
    return (Datum)0;
  }
  const auto removed = spi.int8_value(
      "SELECT pg_catalog.count(cron.unschedule(j.jobid)) FROM cron.job j "
      "WHERE j.database OPERATOR(pg_catalog.=) pg_catalog.current_database() "
      "AND j.command OPERATOR(pg_catalog.~~) '%hrlake.%'");
  if (removed.value_or(0) > 0)
    hrlake::pg::notice("removed " + std::to_string(*removed) + " pg_cron job(s) that ran hrlake");
  return (Datum)0;
}
