// Loading one file into its source (hrlake.load, and the inbox): hashed,
// looked up in the batch ledger by content, read through the source's
// reader into the intake, its batch closed with counts (SPEC §2.1).
#pragma once

#include "core/file_source.h"
#include "core/source_spec.h"

namespace hrlake::pg {

struct FileLoad {
  int64_t batch_id;
  bool already_loaded;  // the content was loaded before, as batch_id: nothing done
  std::string digest;   // SHA-256 of the content, raw bytes
};

// Loads `file` (named `path` in the ledger and in messages) into `spec`'s
// source, in the current transaction. Throws core::Error when the file
// cannot be read as the source's format as a whole (SQLSTATE class 22), or
// changed while it was read (55000).
FileLoad load_file(const core::SourceSpec &spec, core::FileSource &file, const std::string &path);

}  // namespace hrlake::pg
