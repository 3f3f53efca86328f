// What hrlake's long operations report while they run (hrlake.v_progress):
// the operation and its phase, as numbers a backend can publish in its
// progress slot (src/pg/progress.h), and their names for the view.
#pragma once

#include <cstdint>

namespace hrlake::core::progress {

enum class Operation : int64_t {
  kNone = 0,
  kLoad = 1,           // hrlake.load(): a file into its tables
  kIngest = 2,         // hrlake.ingest(): staged rows into their tables
  kMerge = 3,          // the timeframe merge (SPEC §2.3)
  kFlag = 4,           // hrlake.flag_messages() (SPEC §2.8)
  kExportNotices = 5,  // hrlake.export_notices() (SPEC §2.6)
};

enum class Phase : int64_t {
  kNone = 0,
  kHashing = 1,          // reading the file once for its SHA-256
  kReading = 2,          // reading rows and validating them
  kWriting = 3,          // writing what was kept for the end
  kMerging = 4,          // deriving each employee's history again
  kScanning = 5,         // matching messages against the marked words
  kStrikes = 6,          // writing strike counts
  kClosingRecords = 7,   // closing the records of 10th strikes
  kWritingFiles = 8,     // writing notice files
};

// Names for the view; nullptr for a number that names nothing.
const char *operation_name(int64_t code);
const char *phase_name(int64_t code);

}  // namespace hrlake::core::progress

namespace hrlake::core::progress {

// The jobs (SPEC §2.9) by number: 1 daily, 2 monthly, 3 stream; 0 for a
// name that is none of them.
int64_t job_code(const char *name);
const char *job_name(int64_t code);

}  // namespace hrlake::core::progress
