// The tables hrlake's C++ reads and writes, each declared once: its name
// and its columns in attribute order (as timescaledb's catalog.h). Code
// indexes a row's Datum values[Natts_x] by Anum_x_<column> - 1, never by a
// bare position. A writer opening a table checks the declaration against
// the catalog, so a library newer or older than the installed SQL objects
// fails with a clear error instead of writing the wrong columns.
// The install script (sql/install/) is the source: keep both in step.
#pragma once

#include <vector>

namespace hrlake::pg::catalog {

struct Table {
  const char *schema;
  const char *name;
  std::vector<const char *> columns;  // columns[i] is attribute i + 1
};

enum Anum_batch {
  Anum_batch_batch_id = 1,
  Anum_batch_source,
  Anum_batch_origin,
  Anum_batch_path,
  Anum_batch_content_sha256,
  Anum_batch_loaded_at,
  Anum_batch_loaded_by,
  Anum_batch_rows_staged,
  Anum_batch_rows_rejected_at_load,
  Anum_batch_status,
  Anum_batch_ingested_at,
  Anum_batch_rows_total,
  Anum_batch_rows_loaded,
  Anum_batch_rows_duplicate,
  Anum_batch_rows_rejected,
  Natts_batch = Anum_batch_rows_rejected
};
extern const Table kBatch;

enum Anum_rejected_row {
  Anum_rejected_row_reject_id = 1,
  Anum_rejected_row_batch_id,
  Anum_rejected_row_source,
  Anum_rejected_row_line_no,
  Anum_rejected_row_raw,
  Anum_rejected_row_raw_bytes,
  Anum_rejected_row_reason,
  Anum_rejected_row_stage,
  Anum_rejected_row_rejected_at,
  Natts_rejected_row = Anum_rejected_row_rejected_at
};
extern const Table kRejectedRow;

enum Anum_employee {
  Anum_employee_emp_id = 1,
  Anum_employee_age,
  Anum_employee_name,
  Anum_employee_batch_id,
  Anum_employee_line_no,
  Anum_employee_loaded_at,
  Natts_employee = Anum_employee_loaded_at
};
extern const Table kEmployee;

enum Anum_leave_quota {
  Anum_leave_quota_emp_id = 1,
  Anum_leave_quota_year,
  Anum_leave_quota_leave_quota,
  Anum_leave_quota_batch_id,
  Anum_leave_quota_line_no,
  Anum_leave_quota_updated_at,
  Natts_leave_quota = Anum_leave_quota_updated_at
};
extern const Table kLeaveQuota;

enum Anum_leave_calendar {
  Anum_leave_calendar_date = 1,
  Anum_leave_calendar_reason,
  Anum_leave_calendar_batch_id,
  Anum_leave_calendar_line_no,
  Anum_leave_calendar_updated_at,
  Natts_leave_calendar = Anum_leave_calendar_updated_at
};
extern const Table kLeaveCalendar;

enum Anum_employee_leave {
  Anum_employee_leave_emp_id = 1,
  Anum_employee_leave_date,
  Anum_employee_leave_status,
  Anum_employee_leave_batch_id,
  Anum_employee_leave_line_no,
  Anum_employee_leave_updated_at,
  Natts_employee_leave = Anum_employee_leave_updated_at
};
extern const Table kEmployeeLeave;

enum Anum_leave_days {
  Anum_leave_days_emp_id = 1,
  Anum_leave_days_year,
  Anum_leave_days_days,
  Natts_leave_days = Anum_leave_days_days
};
extern const Table kLeaveDays;

// vocabulary and marked_word have the same columns.
enum Anum_word {
  Anum_word_word = 1,
  Anum_word_batch_id,
  Anum_word_added_at,
  Anum_word_word_key,
  Natts_word = Anum_word_word_key
};
extern const Table kVocabulary;
extern const Table kMarkedWord;

enum Anum_message {
  Anum_message_msg_id = 1,
  Anum_message_key,
  Anum_message_sender,
  Anum_message_receiver,
  Anum_message_message,
  Anum_message_sent_at,
  Anum_message_received_at,
  Anum_message_batch_id,
  Natts_message = Anum_message_batch_id
};
extern const Table kMessage;

// Every key of the messages kept (unique across partitions).
enum Anum_message_key {
  Anum_message_key_key = 1,
  Anum_message_key_msg_id,
  Anum_message_key_sent_at,
  Natts_message_key = Anum_message_key_sent_at
};
extern const Table kMessageKey;

enum Anum_flagged_message {
  Anum_flagged_message_msg_id = 1,
  Anum_flagged_message_sender,
  Anum_flagged_message_receiver,
  Anum_flagged_message_matched_words,
  Anum_flagged_message_flagged_at,
  Anum_flagged_message_strikes,
  Anum_flagged_message_sent_at,
  Natts_flagged_message = Anum_flagged_message_sent_at
};
extern const Table kFlaggedMessage;

enum Anum_employee_strike {
  Anum_employee_strike_emp_id = 1,
  Anum_employee_strike_no_of_strikes,
  Anum_employee_strike_deactivated_on,
  Anum_employee_strike_updated_at,
  Natts_employee_strike = Anum_employee_strike_updated_at
};
extern const Table kEmployeeStrike;

enum Anum_message_month {
  Anum_message_month_emp_id = 1,
  Anum_message_month_month,
  Anum_message_month_sent,
  Anum_message_month_received,
  Anum_message_month_flagged_sent,
  Anum_message_month_flagged_received,
  Natts_message_month = Anum_message_month_flagged_received
};
extern const Table kMessageMonth;

enum Anum_employee_timeframe {
  Anum_employee_timeframe_timeframe_id = 1,
  Anum_employee_timeframe_emp_id,
  Anum_employee_timeframe_designation,
  Anum_employee_timeframe_start_date,
  Anum_employee_timeframe_end_date,
  Anum_employee_timeframe_salary,
  Anum_employee_timeframe_status,
  Anum_employee_timeframe_end_date_given,
  Anum_employee_timeframe_batch_id,
  Anum_employee_timeframe_line_no,
  Anum_employee_timeframe_updated_at,
  Natts_employee_timeframe = Anum_employee_timeframe_updated_at
};
extern const Table kEmployeeTimeframe;

// Every distinct timeframe row that arrived (SPEC §2.3); the history in
// employee_timeframe is derived from them.
enum Anum_timeframe_row {
  Anum_timeframe_row_emp_id = 1,
  Anum_timeframe_row_start_date,
  Anum_timeframe_row_end_date,
  Anum_timeframe_row_salary,
  Anum_timeframe_row_designation,
  Anum_timeframe_row_batch_id,
  Anum_timeframe_row_line_no,
  Anum_timeframe_row_arrived_at,
  Natts_timeframe_row = Anum_timeframe_row_arrived_at
};
extern const Table kTimeframeRow;

// The staging table of a source (hrlake_stage.<source>): its value
// columns (the source's columns, core::SourceSpec), then these.
enum StageTail { kStageBatchId = 0, kStageLineNo, kStageRaw, kStageStageId, kStageTailColumns };

}  // namespace hrlake::pg::catalog
