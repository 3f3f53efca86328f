// hrlake's settings (GUCs), defined in module.cpp.
#pragma once

#include "pg/error_bridge.h"

namespace hrlake::pg {
extern int max_field_size_kb;      // hrlake.max_field_size
extern int merge_chunk_employees;  // hrlake.merge_chunk_employees
extern int job_max_attempts;       // hrlake.job_max_attempts
extern int job_retry_delay_s;      // hrlake.job_retry_delay
extern int job_run_retention_s;    // hrlake.job_run_retention
extern char *notice_directory_setting;  // hrlake.notice_directory ("" when not set)
extern int message_retention_months;   // hrlake.message_retention_months
extern int message_retention_action;   // hrlake.message_retention_action (RetentionAction)
extern int message_partitions_ahead;   // hrlake.message_partitions_ahead
enum RetentionAction { kRetentionDrop = 0, kRetentionArchive = 1 };
extern char *inbox_directory;      // hrlake.inbox_directory ("" = none)
extern int inbox_settle_time_s;    // hrlake.inbox_settle_time
}
