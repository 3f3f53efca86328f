-- hrlake install script (fresh install). Built by the Makefile from
-- sql/install/*.sql (the tables, created once) followed by sql/api/*.sql
-- (functions, views, grants: re-run by every update too). An update from
-- version X is sql/updates/X--<this>.sql followed by the same sql/api/*.sql.
-- CONTRIBUTING.md says how to make a schema change.
--
-- Terms used throughout:
--   source   one kind of input file (employee, timeframe, leave, ...; SPEC §1)
--   batch    one delivery of a source: a file given to hrlake.load(), or the
--            rows a client copied into hrlake_stage.<source> since the last
--            ingest. Every input row belongs to exactly one batch.
--   staging  hrlake_stage.<source>: text columns, so COPY never fails on a value
--   ingest   validating one source's staged batches into its silver table;
--            each row ends loaded, counted as a duplicate, or rejected
--   reject   a row of hrlake.rejected_row: raw text, source, batch, line, reason
--   run      one execution of a job (daily, monthly, stream), in hrlake.job_run
--   notice   the 80%-quota message for a manager, once per employee and month
--   strike   one flagged message counted against its sender

\echo Use "CREATE EXTENSION hrlake" to load this file. \quit

CREATE SCHEMA hrlake_stage;
-- Every staging table's stage_id is its primary key: ingest deletes the
-- rows it took (and claims client-copied rows by UPDATE), which a FOR ALL
-- TABLES publication replicates by that key (issue 21; without one the
-- publisher refuses the DELETE).
