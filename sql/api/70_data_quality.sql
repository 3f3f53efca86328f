-- Data quality at a glance: one row per problem worth a person's attention.

CREATE OR REPLACE VIEW hrlake.v_data_quality AS
SELECT 'rejected rows'::text AS problem, b.source, b.batch_id,
       coalesce(b.path, 'client copy') AS subject,
       count(r.*)::bigint AS row_count,
       -- Reasons quote raw values (salaries, message text): admins read
       -- them in v_rejected_rows.
       'see hrlake.v_rejected_rows (admins) for the reasons'::text AS detail
FROM hrlake.batch b JOIN hrlake.rejected_row r USING (batch_id)
GROUP BY b.source, b.batch_id, b.path
UNION ALL
SELECT 'staged, not ingested', b.source, b.batch_id, coalesce(b.path, 'client copy'),
       b.rows_staged, 'waiting for hrlake.ingest(''' || b.source || ''')'
FROM hrlake.batch b WHERE b.status = 'staged'
UNION ALL
SELECT 'leave without quota', 'leave_quota', NULL, w.emp_id, 1,
       format('employee %s has leaves in %s but no quota for that year', w.emp_id, w.year)
FROM hrlake.v_leave_without_quota w;
COMMENT ON VIEW hrlake.v_data_quality IS
  'Rejected rows per batch, batches waiting for ingest, and (from leave) employees without a quota';

-- Admins only: every rejected row with its raw text, exact bytes and reason.
CREATE OR REPLACE VIEW hrlake.v_rejected_rows AS
SELECT r.reject_id, r.batch_id, r.source, b.path, r.line_no, r.reason, r.raw, r.raw_bytes, r.stage,
       r.rejected_at
FROM hrlake.rejected_row r JOIN hrlake.batch b USING (batch_id);
COMMENT ON VIEW hrlake.v_rejected_rows IS
  'Admins only: rejected input rows with their raw text (which may hold salaries and message text) and why';
