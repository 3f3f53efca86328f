// The batch ledger (SPEC §2.1), hrlake.batch, as loads and ingests keep it:
// a batch is opened for a file or for what clients copied into staging,
// and closed with counts that add up (total = loaded + duplicate + rejected).
#pragma once

#include "core/source_spec.h"
#include "pg/intake.h"
#include "pg/spi.h"

namespace hrlake::pg::ledger {

// The batch a file with this content was loaded as, if any.
std::optional<int64_t> batch_of_content(SpiSession &spi, const std::string &source, const std::string &digest);

// A new batch for a file (open until finish()).
int64_t open_file_batch(SpiSession &spi, const std::string &source, const std::string &path,
                        const std::string &digest);

// Gives the rows clients copied into hrlake_stage.<source> since the last
// ingest (batch_id NULL) a batch of their own, numbered in arrival order
// (line 1 would be a header), in one statement: rows copied meanwhile wait
// for the next ingest; the same for the JSON documents of
// hrlake_stage.<source>_raw (numbered from 1), in a batch after it.
// Returns every batch of the source waiting for ingest, oldest first.
std::vector<int64_t> claim_staged(SpiSession &spi, const core::SourceSpec &spec);

// How many staged rows these batches hold.
int64_t rows_staged(SpiSession &spi, const std::vector<int64_t> &batches);

// Removes the staged rows of these batches (they are ingested), from both tables.
void drop_staged(SpiSession &spi, const core::SourceSpec &spec, const std::vector<int64_t> &batches);

struct BatchCounts {
  int64_t batch_id, rows_total, rows_loaded, rows_duplicate, rows_rejected;
};
// Records what a batch's rows came to; the batch is ingested, or, for the
// timeframe, "staged" until the merge has derived the history from them.
BatchCounts finish(SpiSession &spi, int64_t batch_id, const BatchTally &tally, const char *status = "ingested");

// The timeframe batches the merge took in: ingested, with their counts.
std::vector<BatchCounts> mark_merged(SpiSession &spi, const std::vector<int64_t> &batches);

}  // namespace hrlake::pg::ledger
