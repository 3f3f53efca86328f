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
}
