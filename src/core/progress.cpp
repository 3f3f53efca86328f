#include "core/progress.h"

#include <string_view>

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

namespace hrlake::core::progress {
namespace {
constexpr const char *kJobs[] = {"daily", "monthly", "stream"};
}

int64_t job_code(const char *name) {
  for (int64_t i = 0; i < 3; ++i)
    if (std::string_view(name) == kJobs[i]) return i + 1;
  return 0;
}

const char *job_name(int64_t code) { return code >= 1 && code <= 3 ? kJobs[code - 1] : nullptr; }

}  // namespace hrlake::core::progress
