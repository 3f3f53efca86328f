// The rows clients copied into a source's staging tables, fed to an Intake
// as a file reader would feed them: batch by batch, in line order.
//   hrlake_stage.<source>      parsed values: trimmed (an empty value is
//                              NULL, SPEC §1), each row with its raw text;
//   hrlake_stage.<source>_raw  JSON sources only: one JSON document per row
//                              (doc), as a client pipes JSON lines in
//                              (\copy ... from stdin), read by the rules,
//                              limits and rejects of a JSON-lines file.
#pragma once

#include "core/source_spec.h"
#include "pg/intake.h"

namespace hrlake::pg {

// hrlake_stage.<source>, quoted.
std::string staging_table(const core::SourceSpec &spec);
// hrlake_stage.<source>_raw, quoted; nullopt for a CSV source.
std::optional<std::string> json_lines_table(const core::SourceSpec &spec);

// Both tables' rows of these batches (a batch's rows are in one of them).
void feed_staged(const core::SourceSpec &spec, const std::vector<int64_t> &batches, Intake &intake);

}  // namespace hrlake::pg
