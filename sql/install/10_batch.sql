-- Batches and rejects: the ledger that proves nothing was lost (SPEC §2.1).

CREATE TABLE hrlake.batch (
  batch_id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- One of hrlake._sources(): only hrlake's own code writes this table,
  -- and it checks the name against that list.
  source          text NOT NULL,
  origin          text NOT NULL CHECK (origin IN ('file', 'copy', 'strike')),
  path            text,
  content_sha256  bytea,
  loaded_at       timestamptz NOT NULL DEFAULT now(),
  loaded_by       name NOT NULL DEFAULT session_user,
  rows_staged     bigint NOT NULL DEFAULT 0,
  rows_rejected_at_load bigint NOT NULL DEFAULT 0,
  status          text NOT NULL DEFAULT 'staged' CHECK (status IN ('staged', 'ingested')),
  ingested_at     timestamptz,
  rows_total      bigint,
  rows_loaded     bigint,
  rows_duplicate  bigint,
  rows_rejected   bigint,
  UNIQUE (source, content_sha256),
  CHECK (origin <> 'file' OR (path IS NOT NULL AND content_sha256 IS NOT NULL)),
  CHECK (status <> 'ingested' OR (
    rows_total = rows_staged + rows_rejected_at_load
    AND rows_total = rows_loaded + rows_duplicate + rows_rejected))
);

CREATE TABLE hrlake.rejected_row (
  reject_id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- No foreign key to batch: a parallel or data-only pg_restore loads the
  -- two tables side by side (issue 21). hrlake writes a reject only for a
  -- batch it holds, in the same transaction; dump_test.sh checks that a
  -- restore keeps each with its batch.
  batch_id     bigint NOT NULL,
  source       text NOT NULL,
  line_no      bigint,
  raw          text NOT NULL,
  raw_bytes    bytea,
  reason       text NOT NULL,
  stage        text NOT NULL CHECK (stage IN ('load', 'ingest')),
  rejected_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ON hrlake.rejected_row (batch_id);
