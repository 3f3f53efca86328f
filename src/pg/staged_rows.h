// The rows clients copied into a source's staging table, fed to an Intake
// as a file reader would feed them: batch by batch, in line order, values
// trimmed (an empty value is NULL, SPEC §1), each with its raw text.
#pragma once

#include "core/source_spec.h"
#include "pg/intake.h"

namespace hrlake::pg {

void feed_staged(const core::SourceSpec &spec, const std::vector<int64_t> &batches, Intake &intake);

}  // namespace hrlake::pg
