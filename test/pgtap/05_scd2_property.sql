-- The SCD2 history depends only on the set of distinct rows that arrived
-- and on the order in which each first arrived (SPEC §2.3). Random
-- histories (300 employees, seeded: late rows, exact duplicates, ties on
-- equal salaries, given ends, terminations of the open record) are given a
-- global arrival order, then loaded in many ways that all keep that order
-- of first arrivals: one batch; random batches merged one by one; files
-- loaded in random groups per merge; with re-sends, old stretches sent
-- again after newer ones; with 10th-strike closes from flagged messages in
-- between. Every way ends in the same history, which is the one the rules
-- of §2.3 (written in SQL below) give for the rows that arrived.
BEGIN;
SELECT plan(34);
SELECT setseed(0.0515);
-- Tiny chunks, so that chunk boundaries fall inside every merge.
SET LOCAL hrlake.merge_chunk_employees = 7;
SET LOCAL client_min_messages = warning;  -- load()'s notices
SET LOCAL timezone = 'UTC';

-- ---- The rows ----

-- Six candidate rows per employee on ten starts ten days apart; a fifth
-- with an end given (some on another start); salaries of four values
-- (ties), three designations, now and then neither.
CREATE TEMP TABLE candidate AS
SELECT e AS emp, DATE '2024-01-01' + 10 * floor(random() * 10)::integer AS start_d,
       CASE WHEN random() < 0.2 THEN floor(random() * 40)::integer END AS len,
       CASE WHEN random() >= 0.05 THEN (ARRAY['A', 'B', 'C'])[1 + floor(random() * 3)::integer] END AS designation,
       CASE WHEN random() >= 0.05 THEN 1000 * (1 + floor(random() * 4)::integer) END AS salary,
       random() AS arrives
FROM generate_series(1, 300) e, generate_series(1, 6) k;
-- Terminations: a third of the employees get a row repeating the start of
-- their latest open row with an end, with or without the salary; it
-- arrives in the second half, often after that row, sometimes before a
-- later start that makes it a record of its own.
INSERT INTO candidate
SELECT emp, start_d, 5 + floor(random() * 60)::integer, designation, CASE WHEN random() < 0.5 THEN salary END,
       0.5 + random() / 2
FROM (SELECT DISTINCT ON (emp) * FROM candidate WHERE len IS NULL ORDER BY emp, start_d DESC) latest
WHERE random() < 0.33;

-- The distinct rows (as hrlake.timeframe_row tells them apart), numbered in
-- the order they first arrive.
CREATE TEMP TABLE arrival AS
SELECT row_number() OVER (ORDER BY arrives) AS arr, emp_id, designation, start_d, end_d, salary
FROM (SELECT DISTINCT ON (emp, start_d, start_d + len, salary, designation)
             'P' || emp AS emp_id, designation, start_d, start_d + len AS end_d, salary, arrives
      FROM candidate ORDER BY emp, start_d, start_d + len, salary, designation, arrives) d;
CREATE TEMP TABLE params AS SELECT count(*) AS n FROM arrival;

-- A row as text, in one of several forms that are all the same row: epoch
-- seconds at another time of the day, with or without a fraction; the
-- salary as 1000, 01000, 1000.00 or +1000.
CREATE FUNCTION pg_temp.as_text(a arrival, form integer, OUT emp_id text, OUT designation text, OUT start_s text,
                                OUT end_s text, OUT salary text) LANGUAGE sql AS $$
  SELECT a.emp_id, a.designation,
         (extract(epoch FROM a.start_d)::bigint + 3600 * (form % 5))::text || CASE WHEN form % 2 = 1 THEN '.0' ELSE '' END,
         (extract(epoch FROM a.end_d)::bigint + 60 * (form % 7))::text || CASE WHEN form % 3 = 1 THEN '.25' ELSE '' END,
         CASE form % 4 WHEN 0 THEN a.salary::text WHEN 1 THEN '0' || a.salary WHEN 2 THEN a.salary || '.00'
                       ELSE '+' || a.salary END
$$;

-- Copies the rows that first arrive p_from..p_to into staging, in that
-- order (staging's order is the order of the lines).
CREATE FUNCTION pg_temp.stage(p_from bigint, p_to bigint, p_form integer DEFAULT 0) RETURNS void LANGUAGE sql AS $$
  INSERT INTO hrlake_stage.timeframe (emp_id, designation, start_date, end_date, salary)
  SELECT t.* FROM arrival a, pg_temp.as_text(a, p_form) t WHERE a.arr BETWEEN p_from AND p_to ORDER BY a.arr
$$;

-- Copies again a random share of the rows that arrived up to p_upto, in
-- random order and forms.
CREATE FUNCTION pg_temp.resend(p_upto bigint, p_share float8) RETURNS void LANGUAGE sql AS $$
  INSERT INTO hrlake_stage.timeframe (emp_id, designation, start_date, end_date, salary)
  SELECT t.* FROM arrival a, pg_temp.as_text(a, floor(random() * 20)::integer) t
  WHERE a.arr <= p_upto AND random() < p_share ORDER BY random()
$$;

-- Merges what waits, by scd2_merge() or by ingest('timeframe') (the same
-- merge).
CREATE FUNCTION pg_temp.merge() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF random() < 0.25 THEN
    PERFORM * FROM hrlake.ingest('timeframe');
  ELSE
    PERFORM * FROM hrlake.scd2_merge();
  END IF;
END $$;

-- The rows that first arrive p_from..p_to, in random batches (a random
-- share of earlier rows again in some), each merged on its own.
CREATE FUNCTION pg_temp.merge_in_random_batches(p_from bigint, p_to bigint, p_resend float8 DEFAULT 0)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  pos bigint := p_from;
  size bigint;
BEGIN
  WHILE pos <= p_to LOOP
    size := 1 + floor(random() * (SELECT n FROM params) / 8);
    PERFORM pg_temp.stage(pos, least(pos + size - 1, p_to), floor(random() * 20)::integer);
    IF p_resend > 0 THEN PERFORM pg_temp.resend(least(pos + size - 1, p_to), p_resend); END IF;
    PERFORM pg_temp.merge();
    pos := pos + size;
  END LOOP;
END $$;

-- Starts over: no row arrived, no history (the batch ledger stays).
CREATE FUNCTION pg_temp.reset() RETURNS void LANGUAGE sql AS $$
  DELETE FROM hrlake.employee_timeframe;
  DELETE FROM hrlake.timeframe_row;
$$;

-- ---- The rules of §2.3, written plainly in SQL ----

-- Each row that arrived with the end the rules give it: its given end; else
-- the next later start; else the given end of a row of the same start that
-- first arrived most recently (a termination); else, for an employee with a
-- 10th strike (§2.8), the day of the strike (or its start, if later);
-- else open.
CREATE FUNCTION pg_temp.effective()
RETURNS TABLE (emp_id text, designation text, start_date date, end_date date, salary numeric, batch_id bigint,
               line_no bigint, eff_end date, given boolean, next_start date, latest_given date)
LANGUAGE sql AS $$
  SELECT x.emp_id, x.designation, x.start_date, x.end_date, x.salary, x.batch_id, x.line_no,
         coalesce(x.end_date, x.next_start, x.latest_given,
                  CASE WHEN x.deactivated_on IS NOT NULL THEN greatest(x.start_date, x.deactivated_on) END),
         x.end_date IS NOT NULL
           OR (x.next_start IS NULL AND (x.latest_given IS NOT NULL OR x.deactivated_on IS NOT NULL)),
         x.next_start, x.latest_given
  FROM (SELECT r.*,
               (SELECT s.deactivated_on FROM hrlake.employee_strike s WHERE s.emp_id = r.emp_id) AS deactivated_on,
               (SELECT min(n.start_date) FROM hrlake.timeframe_row n
                WHERE n.emp_id = r.emp_id AND n.start_date > r.start_date) AS next_start,
               (SELECT g.end_date FROM hrlake.timeframe_row g
                WHERE g.emp_id = r.emp_id AND g.start_date = r.start_date AND g.end_date IS NOT NULL
                ORDER BY g.batch_id DESC, g.line_no DESC LIMIT 1) AS latest_given
        FROM hrlake.timeframe_row r) x
$$;
-- One record per (start, end): the highest salary, then the row that first
-- arrived most recently; the end counts as given when any row's was.
CREATE FUNCTION pg_temp.rules()
RETURNS TABLE (emp_id text, designation text, start_date date, end_date date, salary numeric, status text,
               end_date_given boolean)
LANGUAGE sql AS $$
  SELECT DISTINCT ON (e.emp_id, e.start_date, e.eff_end)
         e.emp_id, e.designation, e.start_date, e.eff_end, e.salary,
         CASE WHEN e.eff_end IS NULL THEN 'ACTIVE' ELSE 'INACTIVE' END,
         bool_or(e.given) OVER (PARTITION BY e.emp_id, e.start_date, e.eff_end)
  FROM pg_temp.effective() e
  ORDER BY e.emp_id, e.start_date, e.eff_end, e.salary DESC NULLS LAST, e.batch_id DESC, e.line_no DESC
$$;

CREATE FUNCTION pg_temp.history()
RETURNS TABLE (emp_id text, designation text, start_date date, end_date date, salary numeric, status text,
               end_date_given boolean)
LANGUAGE sql AS $$
  SELECT emp_id, designation, start_date, end_date, salary, status, end_date_given FROM hrlake.employee_timeframe
$$;

-- ---- (i) Every row in one batch ----

SELECT pg_temp.stage(1, n) FROM params;
SELECT pg_temp.resend(n, 0.1) FROM params;  -- exact duplicates in the batch, after their first arrival
SELECT cmp_ok((SELECT count(*) FROM hrlake.scd2_merge()), '>', 1000::bigint, '(i) one batch: the merge inserts history');
CREATE TEMP TABLE one_batch AS SELECT * FROM pg_temp.history();
SELECT is((SELECT count(*) FROM hrlake.timeframe_row), (SELECT n FROM params), '(i) every distinct row arrived once');
SELECT set_eq('SELECT * FROM one_batch', 'SELECT * FROM pg_temp.rules()', '(i) the history is the one the rules give');

-- The data holds what the property is about (so it is not met vacuously).
SELECT cmp_ok((SELECT count(*) FROM arrival a WHERE EXISTS (
                 SELECT 1 FROM arrival b WHERE b.emp_id = a.emp_id AND b.arr < a.arr AND b.start_d > a.start_d)),
              '>', 100::bigint, 'late rows: starting before a row that arrived earlier');
SELECT cmp_ok((SELECT count(*) FROM (SELECT 1 FROM pg_temp.effective() e
                                     GROUP BY e.emp_id, e.start_date, e.eff_end, e.salary HAVING count(*) > 1) t),
              '>', 20::bigint, 'ties: rows of one period with equal salaries');
SELECT cmp_ok((SELECT count(*) FROM pg_temp.effective() e
               WHERE e.end_date IS NULL AND e.next_start IS NULL AND e.latest_given IS NOT NULL),
              '>', 20::bigint, 'terminations: open rows ended by a given end of their start');
SELECT cmp_ok((SELECT count(*) FROM pg_temp.effective() e WHERE e.end_date > e.next_start),
              '>', 20::bigint, 'given ends past a later start');
SELECT cmp_ok((SELECT count(*) FROM hrlake.timeframe_row) - (SELECT count(*) FROM one_batch),
              '>', 100::bigint, 'rows that lost a collapse');
SELECT cmp_ok((SELECT sum(rows_duplicate) FROM hrlake.batch WHERE source = 'timeframe'), '>', 100::numeric,
              'exact duplicates (in other forms) counted as duplicates');
SELECT is((SELECT count(*) FROM (SELECT emp_id FROM one_batch WHERE status = 'ACTIVE'
                                 GROUP BY emp_id HAVING count(*) > 1) x), 0::bigint, 'at most one ACTIVE record each');
SELECT is((SELECT count(*) FROM one_batch t WHERE NOT t.end_date_given AND t.end_date IS DISTINCT FROM (
             SELECT min(n.start_date) FROM one_batch n WHERE n.emp_id = t.emp_id AND n.start_date > t.start_date)),
          0::bigint, 'implicit ends are the next start');

-- ---- (ii) Random batches, merged one by one ----

SELECT pg_temp.reset();
SELECT pg_temp.merge_in_random_batches(1, n) FROM params;
SELECT set_eq('SELECT * FROM pg_temp.history()', 'SELECT * FROM one_batch', '(ii) random batches merged one by one');

-- ---- (iii) Files loaded, several per merge ----

-- Writes the rows that first arrive p_from..p_to, then a random share of
-- earlier ones again, as a CSV file, and loads it (one batch; line 1 is
-- the header).
CREATE FUNCTION pg_temp.load(p_from bigint, p_to bigint) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  path text := '/tmp/hrlake_tap05_' || current_database() || '_' || p_from || '.csv';
  lo oid;
BEGIN
  lo := lo_from_bytea(0, convert_to('emp_id,designation,start_date,end_date,salary' || E'\n' || (
    SELECT string_agg(concat(t.emp_id, ',', t.designation, ',', t.start_s, ',', t.end_s, ',', t.salary), E'\n'
                      ORDER BY f.first, f.k)
    FROM (SELECT a, 0 AS first, a.arr AS k, 0 AS form FROM arrival a WHERE a.arr BETWEEN p_from AND p_to
          UNION ALL
          SELECT a, 1, random(), floor(random() * 20)::integer FROM arrival a
          WHERE a.arr <= p_to AND random() < 0.05) f,
         pg_temp.as_text(f.a, f.form) t) || E'\n', 'UTF8'));
  PERFORM lo_export(lo, path);
  PERFORM lo_unlink(lo);
  RETURN hrlake.load('timeframe', path);
END $$;

SELECT pg_temp.reset();
CREATE TEMP TABLE load_merges (merges integer);
DO $$
DECLARE
  n bigint := (SELECT n FROM params);
  pos bigint := 1;
  size bigint;
  merges integer := 0;
BEGIN
  WHILE pos <= n LOOP
    size := 1 + floor(random() * n / 10);
    PERFORM pg_temp.load(pos, least(pos + size - 1, n));
    pos := pos + size;
    IF pos > n OR random() < 0.35 THEN
      PERFORM pg_temp.merge();
      merges := merges + 1;
    END IF;
  END LOOP;
  INSERT INTO load_merges VALUES (merges);
END $$;
SELECT cmp_ok((SELECT count(*) FROM hrlake.batch WHERE source = 'timeframe' AND origin = 'file'),
              '>', (SELECT merges FROM load_merges)::bigint, '(iii) more files than merges');
SELECT set_eq('SELECT * FROM pg_temp.history()', 'SELECT * FROM one_batch', '(iii) files loaded, several per merge');

-- ---- (iv) Re-sends, old stretches again after newer ones ----

SELECT pg_temp.reset();
CREATE TEMP TABLE resend_changes (changes bigint);
DO $$
DECLARE
  n bigint := (SELECT n FROM params);
  pos bigint := 1;
  size bigint;
  old bigint;
BEGIN
  WHILE pos <= n LOOP
    size := 1 + floor(random() * n / 8);
    PERFORM pg_temp.resend(pos - 1, 0.05);  -- earlier rows, before the new ones
    PERFORM pg_temp.stage(pos, least(pos + size - 1, n), floor(random() * 20)::integer);
    PERFORM pg_temp.resend(least(pos + size - 1, n), 0.05);  -- and after them
    PERFORM pg_temp.merge();
    IF pos > 1 AND random() < 0.6 THEN  -- an older stretch again, alone
      old := 1 + floor(random() * (pos - 1));
      PERFORM pg_temp.stage(old, least(old + size, pos - 1), floor(random() * 20)::integer);
      INSERT INTO resend_changes SELECT count(*) FROM hrlake.scd2_merge();
    END IF;
    pos := pos + size;
  END LOOP;
  PERFORM pg_temp.stage(1, n / 4, 3);  -- the first quarter after everything
  INSERT INTO resend_changes SELECT count(*) FROM hrlake.scd2_merge();
END $$;
SELECT is((SELECT sum(changes) FROM resend_changes), 0::numeric, '(iv) re-sent stretches change nothing');
SELECT cmp_ok((SELECT count(*) FROM resend_changes), '>', 3::bigint, '(iv) several stretches re-sent');
SELECT set_eq('SELECT * FROM pg_temp.history()', 'SELECT * FROM one_batch', '(iv) with re-sends');

-- ---- (v) 10th-strike closes in between ----

-- Employees that reach 10 strikes after a third (round 1) or two thirds
-- (round 2) of the rows arrived, by flagged messages sent on a day in the
-- first four months of 2024 (some before their open record's start: the
-- close is never before the start).
INSERT INTO hrlake_stage.marked_word (word) VALUES ('BADWORD123');
SELECT is((SELECT rows_loaded FROM hrlake.ingest('marked_word')), 1::bigint, 'a marked word');
CREATE TEMP TABLE struck AS
SELECT emp_id, CASE WHEN r < 0.06 THEN 1 ELSE 2 END AS round,
       TIMESTAMPTZ '2024-01-01 12:00Z' + floor(random() * 120) * interval '1 day' AS sent_at
FROM (SELECT emp_id, random() AS r FROM (SELECT DISTINCT emp_id FROM arrival) d) e WHERE r < 0.12;
CREATE TEMP TABLE strike_point AS SELECT round, n * round / 3 AS after_arr FROM params, generate_series(1, 2) round;

-- Ten flagged messages from each employee of the round, then the scan.
CREATE FUNCTION pg_temp.strike(p_round integer) RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO hrlake.message (sender, receiver, message, sent_at)
  SELECT s.emp_id, 'P0', 'you BADWORD123 #' || g, s.sent_at + g * interval '1 minute'
  FROM struck s, generate_series(1, 10) g WHERE s.round = p_round ORDER BY s.sent_at, s.emp_id, g;
  RETURN (SELECT count(*) FROM hrlake.flag_messages());
END $$;

SELECT pg_temp.reset();
SELECT pg_temp.merge_in_random_batches(1, after_arr, 0.02) FROM strike_point WHERE round = 1;
SELECT is(pg_temp.strike(1), 10 * (SELECT count(*) FROM struck WHERE round = 1), '(v) round 1 flagged');
SELECT is((SELECT count(*) FROM hrlake.employee_timeframe t JOIN struck s USING (emp_id)
           WHERE s.round = 1 AND t.status = 'ACTIVE'), 0::bigint, '(v) round 1 has no ACTIVE record left');
SELECT cmp_ok((SELECT count(*) FROM hrlake.employee_timeframe t JOIN struck s USING (emp_id)
               WHERE s.round = 1 AND t.end_date = greatest(t.start_date, s.sent_at::date) AND t.end_date_given),
              '>', 5::bigint, '(v) round 1: records closed on the message date');
-- Everything that arrived so far, sent again: nothing reopens.
SELECT pg_temp.stage(1, after_arr, 5) FROM strike_point WHERE round = 1;
SELECT is((SELECT count(*) FROM hrlake.scd2_merge()), 0::bigint, '(v) a re-send after the strike reopens nothing');
SELECT pg_temp.merge_in_random_batches(p1.after_arr + 1, p2.after_arr, 0.02)
FROM strike_point p1, strike_point p2 WHERE p1.round = 1 AND p2.round = 2;
SELECT is(pg_temp.strike(2), 10 * (SELECT count(*) FROM struck WHERE round = 2), '(v) round 2 flagged');
SELECT pg_temp.merge_in_random_batches(after_arr + 1, n, 0.02) FROM strike_point, params WHERE round = 2;
CREATE TEMP TABLE with_strikes AS SELECT * FROM pg_temp.history();
SELECT set_eq('SELECT * FROM with_strikes', 'SELECT * FROM pg_temp.rules()',
              '(v) with strikes: the history is the one the rules give');
-- Rows that arrived after a strike and would be open: the deactivation
-- ends them (the employee has no ACTIVE record, SPEC §2.8).
SELECT cmp_ok((SELECT count(*) FROM pg_temp.effective() e
               WHERE e.end_date IS NULL AND e.next_start IS NULL AND e.latest_given IS NULL AND e.eff_end IS NOT NULL),
              '>', 3::bigint, '(v) records opened after a strike end on its day');
SELECT is((SELECT count(*) FROM with_strikes t JOIN struck s USING (emp_id) WHERE t.status = 'ACTIVE'), 0::bigint,
          '(v) no struck employee has an ACTIVE record');
-- The closes arrived as rows of their own, one batch per round.
CREATE TEMP TABLE strike_row AS
SELECT dense_rank() OVER (ORDER BY r.batch_id) AS round, r.emp_id, r.designation, r.start_date, r.end_date, r.salary,
       r.line_no
FROM hrlake.timeframe_row r JOIN hrlake.batch b USING (batch_id) WHERE b.origin = 'strike';
SELECT cmp_ok((SELECT count(*) FROM strike_row WHERE round = 1), '>', 5::bigint, '(v) round 1 closes arrived as rows');
SELECT cmp_ok((SELECT count(*) FROM strike_row WHERE round = 2), '>', 5::bigint, '(v) round 2 closes arrived as rows');
SELECT cmp_ok((SELECT count(*) FROM (SELECT * FROM with_strikes EXCEPT SELECT * FROM one_batch) x), '>', 10::bigint,
              '(v) the strikes changed the history');

-- The same close rows, copied in as ordinary rows at the same points.
SELECT pg_temp.reset();
CREATE FUNCTION pg_temp.stage_closes(p_round integer) RETURNS bigint LANGUAGE sql AS $$
  INSERT INTO hrlake_stage.timeframe (emp_id, designation, start_date, end_date, salary)
  SELECT emp_id, designation, extract(epoch FROM start_date)::bigint::text, extract(epoch FROM end_date)::bigint::text,
         salary::text
  FROM strike_row WHERE round = p_round ORDER BY line_no;
  SELECT count(*) FROM hrlake.scd2_merge();
$$;
SELECT pg_temp.merge_in_random_batches(1, after_arr) FROM strike_point WHERE round = 1;
SELECT cmp_ok(pg_temp.stage_closes(1), '>', 0::bigint, '(v) round 1 closes copied in');
SELECT pg_temp.merge_in_random_batches(p1.after_arr + 1, p2.after_arr)
FROM strike_point p1, strike_point p2 WHERE p1.round = 1 AND p2.round = 2;
SELECT cmp_ok(pg_temp.stage_closes(2), '>', 0::bigint, '(v) round 2 closes copied in');
SELECT pg_temp.merge_in_random_batches(after_arr + 1, n) FROM strike_point, params WHERE round = 2;
SELECT set_eq('SELECT * FROM pg_temp.history()', 'SELECT * FROM with_strikes',
              '(v) strikes give the history of their close rows arriving at the same points');

-- ---- A row that lost a collapse comes back ----

-- L1: "given" ends on 2024-03-01, "open" is closed there by C, so they
-- collide and the higher salary wins; a late row on 2024-02-01 closes
-- "open" there, and "given" is a record again.
SELECT pg_temp.reset();
INSERT INTO hrlake_stage.timeframe (emp_id, designation, start_date, end_date, salary) VALUES
  ('L1', 'given', '1704067200', '1709251200', '50000'),
  ('L1', 'open', '1704067200', NULL, '60000'),
  ('L1', 'C', '1709251200', NULL, '70000');
SELECT pg_temp.merge();
SELECT results_eq(
  $$SELECT designation, start_date, end_date, salary, status, end_date_given FROM hrlake.employee_timeframe
    WHERE emp_id = 'L1' ORDER BY start_date, end_date NULLS LAST$$,
  $$VALUES ('open', DATE '2024-01-01', DATE '2024-03-01', 60000::numeric, 'INACTIVE', true),
           ('C', '2024-03-01', NULL, 70000, 'ACTIVE', false)$$,
  'the lower salary loses the collapse');
INSERT INTO hrlake_stage.timeframe (emp_id, designation, start_date, end_date, salary) VALUES
  ('L1', 'late', '1706745600', NULL, '55000');
SELECT pg_temp.merge();
SELECT results_eq(
  $$SELECT designation, start_date, end_date, salary, status, end_date_given FROM hrlake.employee_timeframe
    WHERE emp_id = 'L1' ORDER BY start_date, end_date NULLS LAST$$,
  $$VALUES ('open', DATE '2024-01-01', DATE '2024-02-01', 60000::numeric, 'INACTIVE', false),
           ('given', '2024-01-01', '2024-03-01', 50000, 'INACTIVE', true),
           ('late', '2024-02-01', '2024-03-01', 55000, 'INACTIVE', false),
           ('C', '2024-03-01', NULL, 70000, 'ACTIVE', false)$$,
  'the loser comes back once a late row moves the closes apart');
SELECT * FROM finish();
ROLLBACK;
