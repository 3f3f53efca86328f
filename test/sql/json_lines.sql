-- JSON lines piped in by clients (issue 19): one document per row of
-- hrlake_stage.<source>_raw (message, vocabulary, marked_word), read at the
-- next ingest by the rules, limits and rejects of a JSON-lines file loaded
-- with hrlake.load().
\i test/sql/include/fresh_hrlake.sql
SET timezone = 'UTC';
\pset null '-'
SET hrlake.max_field_size = 1;  -- 1 kB: a longer value rejects its row

-- The same lines, once as a file and once piped in. The format is CSV with a
-- quote and a delimiter no JSON text holds, so backslashes and quotes pass
-- through unchanged (psql: \copy ... from stdin with the same options).
SELECT t.write_text('lines.jsonl', E'{"key":"k1","sender":1,"receiver":2,"message":"say \\"hi\\"\\\\n \\u00e9","timestamp":1767225600}\n'
  || E'\n'
  || E'not json at all\n'
  || E'{"key":"k2","sender":true,"receiver":2,"message":"x"}\n'
  || E'{"key":"k3","sender":"3","message":"no receiver"}\n'
  || E'{"key":"k4","sender":3,"receiver":1,"message":"bad time","timestamp":"tomorrow"}\n'
  || E'{"key":"k5","sender":' || repeat('1', 1100) || E',"receiver":1,"message":"long id"}\n'
  || '{"key":"k6","nested":' || repeat('[', 70000) || E'}\n'
  || E'["an array, not an object"]\n'
  || E'{"key":"k7","sender":12345678901234567890123,"receiver":"2","message":"big id","timestamp":"2026-01-02T03:04:05Z"}\n'
  || E'{"key":"k1","sender":1,"receiver":2,"message":"redelivered","timestamp":1767225600}\n') AS lines \gset
SELECT hrlake.load('message', :'lines') AS file_batch \gset
COPY hrlake_stage.message_raw (doc) FROM stdin WITH (FORMAT csv, QUOTE E'\x01', DELIMITER E'\x02');
{"key":"p1","sender":1,"receiver":2,"message":"say \"hi\"\\n \u00e9","timestamp":1767225600}

not json at all
{"key":"p2","sender":true,"receiver":2,"message":"x"}
{"key":"p3","sender":"3","message":"no receiver"}
{"key":"p4","sender":3,"receiver":1,"message":"bad time","timestamp":"tomorrow"}
\.
-- (The long and deep documents are too long for this file; inserted alike.)
INSERT INTO hrlake_stage.message_raw (doc) VALUES
  ('{"key":"p5","sender":' || repeat('1', 1100) || ',"receiver":1,"message":"long id"}'),
  ('{"key":"p6","nested":' || repeat('[', 70000) || '}'),
  ('["an array, not an object"]'),
  ('{"key":"p7","sender":12345678901234567890123,"receiver":"2","message":"big id","timestamp":"2026-01-02T03:04:05Z"}'),
  ('{"key":"p1","sender":1,"receiver":2,"message":"redelivered","timestamp":1767225600}'),
  (NULL);
-- The rows wait, unnumbered, until an ingest claims them as one batch.
SELECT count(*) AS waiting, count(batch_id) AS claimed FROM hrlake_stage.message_raw;
SELECT * FROM hrlake.ingest('message');
SELECT count(*) AS left_in_staging FROM hrlake_stage.message_raw;
SELECT batch_id = :file_batch AS from_file, origin, rows_total, rows_loaded, rows_duplicate, rows_rejected
FROM hrlake.batch WHERE source = 'message' ORDER BY batch_id;
-- Same reasons at the same line numbers; only a file has byte offsets.
SELECT f.line_no, f.reason AS file_reason, p.reason = f.reason AS same_reason_piped, p.reason AS piped_reason_if_other
FROM hrlake.rejected_row f
LEFT JOIN hrlake.rejected_row p ON p.line_no = f.line_no AND p.batch_id <> :file_batch
WHERE f.batch_id = :file_batch
ORDER BY f.line_no;
SELECT line_no, stage, left(raw, 40) AS raw FROM hrlake.rejected_row WHERE batch_id <> :file_batch ORDER BY line_no;
-- Stored alike: numbers' digits as written, escapes decoded once.
SELECT key, sender, receiver, message, sent_at FROM hrlake.message ORDER BY key;

-- Word lists: JSON lines of strings.
COPY hrlake_stage.vocabulary_raw (doc) FROM stdin WITH (FORMAT csv, QUOTE E'\x01', DELIMITER E'\x02');
"ALPHA12345"
"two words"
42
"Café"
"CAFÉ"
\.
INSERT INTO hrlake_stage.marked_word_raw (doc) VALUES ('"alpha12345"'), ('{"word": "x"}');
SELECT * FROM hrlake.ingest('vocabulary');
SELECT * FROM hrlake.ingest('marked_word');
SELECT word FROM hrlake.vocabulary ORDER BY word;
SELECT word FROM hrlake.marked_word ORDER BY word;
SELECT source, line_no, raw, reason FROM hrlake.rejected_row
WHERE source IN ('vocabulary', 'marked_word') ORDER BY source, line_no;

-- A CSV source has no table of documents.
SELECT to_regclass('hrlake_stage.employee_raw') AS employee_raw;

-- Loaders write the document only: not its batch, line or id.
CREATE ROLE regress_piper LOGIN IN ROLE hrlake_loader;
SET ROLE regress_piper;
INSERT INTO hrlake_stage.message_raw (doc) VALUES ('{"key":"q1","sender":1,"receiver":2,"message":"from a loader"}');
INSERT INTO hrlake_stage.message_raw (doc, batch_id) VALUES ('{}', 1);
INSERT INTO hrlake_stage.message_raw (doc, line_no) VALUES ('{}', 1);
INSERT INTO hrlake_stage.vocabulary_raw (doc, stage_id) VALUES ('"X"', 1);
SELECT rows_total, rows_loaded FROM hrlake.ingest('message');
RESET ROLE;
DROP ROLE regress_piper;

SELECT count(*) AS batches_not_adding_up FROM hrlake.batch
WHERE rows_total <> rows_loaded + rows_duplicate + rows_rejected;
DROP SCHEMA t CASCADE;
