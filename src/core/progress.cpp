#include "core/progress.h"

namespace hrlake::core::progress {

const char *operation_name(int64_t code) {
  switch (static_cast<Operation>(code)) {
    case Operation::kLoad: return "load";
    case Operation::kIngest: return "ingest";
    case Operation::kMerge: return "merge timeframe";
    case Operation::kFlag: return "flag messages";
    case Operation::kExportNotices: return "export notices";
    case Operation::kNone: break;
  }
  return nullptr;
}

const char *phase_name(int64_t code) {
  switch (static_cast<Phase>(code)) {
    case Phase::kHashing: return "hashing the file";
    case Phase::kReading: return "reading rows";
    case Phase::kWriting: return "writing rows";
    case Phase::kMerging: return "merging employees";
    case Phase::kScanning: return "scanning messages";
    case Phase::kStrikes: return "writing strike counts";
    case Phase::kClosingRecords: return "closing records of 10th strikes";
    case Phase::kWritingFiles: return "writing files";
    case Phase::kNone: break;
  }
  return nullptr;
}

}  // namespace hrlake::core::progress
