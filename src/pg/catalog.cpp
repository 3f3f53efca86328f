#include "pg/catalog.h"

namespace hrlake::pg::catalog {

const Table kBatch{"hrlake", "batch",
                   {"batch_id", "source", "origin", "path", "content_sha256", "loaded_at", "loaded_by",
                    "rows_staged", "rows_rejected_at_load", "status", "ingested_at", "rows_total",
                    "rows_loaded", "rows_duplicate", "rows_rejected"}};
const Table kRejectedRow{"hrlake", "rejected_row",
                         {"reject_id", "batch_id", "source", "line_no", "raw", "raw_bytes", "reason", "stage",
                          "rejected_at"}};
const Table kEmployee{"hrlake", "employee", {"emp_id", "age", "name", "batch_id", "line_no", "loaded_at"}};
const Table kLeaveQuota{"hrlake", "leave_quota",
                        {"emp_id", "year", "leave_quota", "batch_id", "line_no", "updated_at"}};
const Table kLeaveCalendar{"hrlake", "leave_calendar", {"date", "reason", "batch_id", "line_no", "updated_at"}};
const Table kEmployeeLeave{"hrlake", "employee_leave",
                           {"emp_id", "date", "status", "batch_id", "line_no", "updated_at"}};
const Table kLeaveDays{"hrlake", "leave_days", {"emp_id", "year", "days"}};
const Table kVocabulary{"hrlake", "vocabulary", {"word", "batch_id", "added_at", "word_key"}};
const Table kMarkedWord{"hrlake", "marked_word", {"word", "batch_id", "added_at", "word_key"}};
const Table kMessage{"hrlake", "message",
                     {"msg_id", "key", "sender", "receiver", "message", "sent_at", "received_at", "batch_id"}};
const Table kMessageKey{"hrlake", "message_key", {"key", "msg_id", "sent_at"}};
const Table kFlaggedMessage{"hrlake", "flagged_message",
                            {"msg_id", "sender", "receiver", "matched_words", "flagged_at", "strikes", "sent_at"}};
const Table kEmployeeStrike{"hrlake", "employee_strike", {"emp_id", "no_of_strikes", "deactivated_on", "updated_at"}};
const Table kMessageMonth{"hrlake", "message_month",
                          {"emp_id", "month", "sent", "received", "flagged_sent", "flagged_received"}};
const Table kEmployeeTimeframe{"hrlake", "employee_timeframe",
                               {"timeframe_id", "emp_id", "designation", "start_date", "end_date", "salary",
                                "status", "end_date_given", "batch_id", "line_no", "updated_at"}};

const Table kTimeframeRow{"hrlake", "timeframe_row",
                          {"emp_id", "start_date", "end_date", "salary", "designation", "batch_id", "line_no",
                           "arrived_at"}};

}  // namespace hrlake::pg::catalog
