// The hrlake shared library: module magic and settings (GUCs). The
// settings are defined when the library is loaded; README tells how to have
// them from the start of every session (session_preload_libraries).
#include "core/interrupts.h"
#include "pg/settings.h"

extern "C" {
PG_MODULE_MAGIC;
PGDLLEXPORT void _PG_init(void);
}

namespace hrlake::pg {
int max_field_size_kb = 4096;
int merge_chunk_employees = 5000;
int job_max_attempts = 5;
int job_retry_delay_s = 300;
int job_run_retention_s = 90 * 86400;
char *notice_directory_setting = nullptr;
int message_retention_months = 0;
int message_retention_action = kRetentionDrop;
int message_partitions_ahead = 3;
char *inbox_directory = nullptr;
int inbox_settle_time_s = 30;
}

namespace {

// core::check_for_interrupts() on the backend's thread: a cancel, a
// statement timeout or a terminate request becomes a PgError.
void check_backend_interrupts() {
  hrlake::pg::pg_call([] { CHECK_FOR_INTERRUPTS(); });
}

// hrlake.notice_directory is empty (not set) or an absolute path.
bool check_notice_directory(char **value, void **, GucSource) {
  if (*value == nullptr || **value == '\0' || **value == '/') return true;
  GUC_check_errdetail("The notice directory must be an absolute path on the database server.");
  return false;
}

// hrlake.inbox_directory: empty (no inbox) or an absolute path.
bool check_inbox_directory(char **value, void **, GucSource) {
  if (*value == nullptr || **value == '\0' || **value == '/') return true;
  GUC_check_errdetail("The inbox directory must be an absolute path on the database server.");
  return false;
}

}  // namespace

void _PG_init(void) {
  using namespace hrlake::pg;
  DefineCustomIntVariable(
      "hrlake.max_field_size",
      "Longest value hrlake.load() accepts in one field; a longer one rejects its row.",
      NULL, &max_field_size_kb, 4096, 1, 512 * 1024, PGC_USERSET, GUC_UNIT_KB, NULL, NULL, NULL);
  // Small enough that each chunk's history fetch stays cheap (BENCHMARKS.md).
  DefineCustomIntVariable(
      "hrlake.merge_chunk_employees",
      "Employees scd2_merge() handles per chunk (memory and statement size).",
      NULL, &merge_chunk_employees, 5000, 1, 1000000, PGC_USERSET, 0, NULL, NULL, NULL);
  DefineCustomIntVariable(
      "hrlake.job_max_attempts",
      "Attempts hrlake.run_due() makes at a job period that failed, before it waits for a person.",
      NULL, &job_max_attempts, 5, 1, 100, PGC_SUSET, 0, NULL, NULL, NULL);
  DefineCustomIntVariable(
      "hrlake.job_retry_delay",
      "Wait before the second attempt at a failed job period; it doubles for each attempt after.",
      NULL, &job_retry_delay_s, 300, 0, 7 * 86400, PGC_SUSET, GUC_UNIT_S, NULL, NULL, NULL);
  DefineCustomIntVariable(
      "hrlake.job_run_retention",
      "How long hrlake.job_run keeps runs that succeeded or were skipped (the daily job deletes older "
      "ones; failed and interrupted runs stay twice as long).",
      NULL, &job_run_retention_s, 90 * 86400, 86400, INT_MAX, PGC_SUSET, GUC_UNIT_S, NULL, NULL, NULL);
  // Only a superuser chooses where the server writes files.
  DefineCustomStringVariable(
      "hrlake.notice_directory",
      "Directory on the server where the monthly job writes the 80% notices as files (empty: none).",
      NULL, &notice_directory_setting, "", PGC_SUSET, 0, check_notice_directory, NULL, NULL);
  // Messages by month (sql/api/86_message_partitions.sql).
  DefineCustomIntVariable(
      "hrlake.message_retention_months",
      "Months of messages kept; the monthly job drops or archives older months (0: keep every month).",
      NULL, &message_retention_months, 0, 0, 1200, PGC_SUSET, 0, NULL, NULL, NULL);
  static const struct config_enum_entry retention_actions[] = {
      {"drop", kRetentionDrop, false}, {"archive", kRetentionArchive, false}, {NULL, 0, false}};
  DefineCustomEnumVariable(
      "hrlake.message_retention_action",
      "What retention does with a month of messages older than hrlake.message_retention_months: "
      "drop it, or archive it (detach it into schema hrlake_archive).",
      NULL, &message_retention_action, kRetentionDrop, retention_actions, PGC_SUSET, 0, NULL, NULL, NULL);
  DefineCustomIntVariable(
      "hrlake.message_partitions_ahead",
      "Months after the current one whose message partitions are made ahead of time.",
      NULL, &message_partitions_ahead, 3, 0, 120, PGC_SUSET, 0, NULL, NULL, NULL);
  // Superusers only: the server reads and moves files there as its own
  // operating-system user, for whoever runs the jobs (README, "Inbox").
  DefineCustomStringVariable(
      "hrlake.inbox_directory",
      "Folder whose <source>/ subfolders the jobs and hrlake.load_inbox() load files from (empty: none).",
      NULL, &inbox_directory, "", PGC_SUSET, 0, check_inbox_directory, NULL, NULL);
  DefineCustomIntVariable(
      "hrlake.inbox_settle_time",
      "How long a file in the inbox must stay unchanged before it is loaded (it may still be being written).",
      NULL, &inbox_settle_time_s, 30, 0, 86400, PGC_SUSET, GUC_UNIT_S, NULL, NULL, NULL);
  MarkGUCPrefixReserved("hrlake");
  hrlake::core::set_interrupt_check(check_backend_interrupts);
}
