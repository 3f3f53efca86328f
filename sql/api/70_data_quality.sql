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
FROM hrlake.v_leave_without_quota w
-- References to employees hrlake.employee does not know (SPEC §2.2): one
-- row per employee and source, ids and counts only.
UNION ALL
SELECT 'unknown employee', 'timeframe', NULL, t.emp_id, count(*),
       format('%s timeframe record(s) of an employee not in hrlake.employee', count(*))
FROM hrlake.employee_timeframe t
WHERE NOT EXISTS (SELECT FROM hrlake.employee e WHERE e.emp_id = t.emp_id)
GROUP BY t.emp_id
UNION ALL
SELECT 'unknown employee', 'leave', NULL, l.emp_id, count(*),
       format('%s leave day(s) of an employee not in hrlake.employee', count(*))
FROM hrlake.employee_leave l
WHERE NOT EXISTS (SELECT FROM hrlake.employee e WHERE e.emp_id = l.emp_id)
GROUP BY l.emp_id
UNION ALL
SELECT 'unknown employee', 'leave_quota', NULL, q.emp_id, count(*),
       format('%s leave quota(s) of an employee not in hrlake.employee', count(*))
FROM hrlake.leave_quota q
WHERE NOT EXISTS (SELECT FROM hrlake.employee e WHERE e.emp_id = q.emp_id)
GROUP BY q.emp_id
UNION ALL
-- Messages from the totals flag_messages keeps (cheap however long the
-- history, and right after retention dropped old months): the messages
-- it has read.
SELECT 'unknown employee', 'message', NULL, m.emp_id, sum(m.sent)::bigint,
       format('%s message(s) sent by an employee not in hrlake.employee', sum(m.sent))
FROM hrlake.message_month m
WHERE NOT EXISTS (SELECT FROM hrlake.employee e WHERE e.emp_id = m.emp_id)
GROUP BY m.emp_id
HAVING sum(m.sent) > 0
-- A marked word missing from the vocabulary, compared as the lists dedupe
-- (under case folding, SPEC §2.8).
UNION ALL
SELECT 'marked word not in vocabulary', 'marked_word', w.batch_id, w.word, 1,
       'the marked word is not in hrlake.vocabulary'
FROM hrlake.marked_word w
WHERE NOT EXISTS (SELECT FROM hrlake.vocabulary v WHERE v.word_key = w.word_key)
-- Current records the reports cannot use (SPEC §2.3, §2.7).
UNION ALL
SELECT 'ACTIVE record without ' || m.missing, 'timeframe', t.batch_id, t.emp_id, 1,
       format('the ACTIVE record from %s has no %s', t.start_date, m.missing)
FROM hrlake.employee_timeframe t
CROSS JOIN LATERAL (VALUES ('designation', t.designation IS NULL),
                           ('salary', t.salary IS NULL)) AS m(missing, is_missing)
WHERE t.status = 'ACTIVE' AND m.is_missing
-- Leave the reports cannot count right (SPEC §2.4, §2.5): a year with
-- leave but no holiday calendar, and leave against a quota of 0.
UNION ALL
SELECT 'leave in a year without holiday calendar', 'leave_calendar', NULL, d.year::text,
       count(*), format('%s employee(s) have leave in %s, which has no holiday calendar',
                        count(*), d.year)
FROM hrlake.leave_days d
WHERE d.days <> hrlake._year_days('{}')
  AND NOT EXISTS (SELECT FROM hrlake.leave_calendar c
                  WHERE c.date >= make_date(d.year, 1, 1) AND c.date < make_date(d.year + 1, 1, 1))
GROUP BY d.year
UNION ALL
SELECT 'leave with quota 0', 'leave_quota', q.batch_id, d.emp_id, 1,
       format('employee %s has leaves in %s against a quota of 0', d.emp_id, d.year)
FROM hrlake.leave_days d JOIN hrlake.leave_quota q USING (emp_id, year)
WHERE q.leave_quota = 0 AND d.days <> hrlake._year_days('{}');

-- Admins only: every rejected row with its raw text, exact bytes and reason.
CREATE OR REPLACE VIEW hrlake.v_rejected_rows AS
SELECT r.reject_id, r.batch_id, r.source, b.path, r.line_no, r.reason, r.raw, r.raw_bytes, r.stage,
       r.rejected_at
FROM hrlake.rejected_row r JOIN hrlake.batch b USING (batch_id);
