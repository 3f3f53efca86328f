-- Files for bench/intake.sh: one clean file per source and a tenth-bad
-- variant, written by the server into :'dir' (psql variables: dir, rows,
-- messages). Each clean file doubles as the COPY floor's input where the
-- target's columns are the file's; the JSON sources get a CSV twin.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
\set f_employee_csv :dir '/employee.csv'
\set f_employee_bad_csv :dir '/employee_bad.csv'
\set f_leave_csv :dir '/leave.csv'
\set f_leave_bad_csv :dir '/leave_bad.csv'
\set f_leave_calendar_csv :dir '/leave_calendar.csv'
\set f_leave_calendar_bad_csv :dir '/leave_calendar_bad.csv'
\set f_leave_quota_csv :dir '/leave_quota.csv'
\set f_leave_quota_bad_csv :dir '/leave_quota_bad.csv'
\set f_message_csv :dir '/message.csv'
\set f_message_stage_csv :dir '/message_stage.csv'
\set f_message_jsonl :dir '/message.jsonl'
\set f_message_bad_jsonl :dir '/message_bad.jsonl'
\set f_vocabulary_csv :dir '/vocabulary.csv'
\set f_vocabulary_json :dir '/vocabulary.json'
\set f_vocabulary_bad_json :dir '/vocabulary_bad.json'
\set f_timeframe_csv :dir '/timeframe.csv'
\set f_timeframe_floor_csv :dir '/timeframe_floor.csv'
\set f_timeframe_bad_csv :dir '/timeframe_bad.csv'

-- employee: emp_id, age, name; 10-digit ids as in the sample.
COPY (SELECT (2000000000 + i)::text AS emp_id, 20 + i % 45 AS age,
             (ARRAY['Anna','Bo','Chen','Dara','Eli','Fay','Gus','Hana'])[1 + i % 8] || ' ' ||
             (ARRAY['Berg','Ito','Petrov','Costa','Jensen','Quist','Diaz'])[1 + i % 7] || ' ' || i AS name
      FROM generate_series(1, :rows) i)
TO :'f_employee_csv' WITH (FORMAT csv, HEADER);
COPY (SELECT (2000000000 + i)::text AS emp_id,
             CASE WHEN i % 10 = 0 THEN 'x' ELSE (20 + i % 45)::text END AS age,
             'Name ' || i AS name
      FROM generate_series(1, :rows) i)
TO :'f_employee_bad_csv' WITH (FORMAT csv, HEADER);

-- leave: ten dates per employee in 2026, canonical status.
COPY (SELECT (2000000000 + i / 10)::text AS emp_id,
             (date '2026-01-05' + (i % 10) * 30 + (i / 10) % 7)::text AS date,
             CASE WHEN i % 17 = 0 THEN 'CANCELLED' ELSE 'ACTIVE' END AS status
      FROM generate_series(0, :rows - 1) i)
TO :'f_leave_csv' WITH (FORMAT csv, HEADER);
COPY (SELECT (2000000000 + i / 10)::text AS emp_id,
             CASE WHEN i % 10 = 0 THEN '2026-02-30' ELSE (date '2026-01-05' + (i % 10) * 30 + (i / 10) % 7)::text END AS date,
             'ACTIVE' AS status
      FROM generate_series(0, :rows - 1) i)
TO :'f_leave_bad_csv' WITH (FORMAT csv, HEADER);

-- leave_quota: five years per employee.
COPY (SELECT (2000000000 + i / 5)::text AS emp_id, 10 + i % 20 AS leave_quota, 2022 + i % 5 AS year
      FROM generate_series(0, :rows - 1) i)
TO :'f_leave_quota_csv' WITH (FORMAT csv, HEADER);
COPY (SELECT (2000000000 + i / 5)::text AS emp_id,
             CASE WHEN i % 10 = 0 THEN '-1' ELSE (10 + i % 20)::text END AS leave_quota, 2022 + i % 5 AS year
      FROM generate_series(0, :rows - 1) i)
TO :'f_leave_quota_bad_csv' WITH (FORMAT csv, HEADER);

-- leave_calendar: one row per day, as many as the years allow (dates are
-- its key): at most 1900-01-01 .. 2999-12-31.
COPY (SELECT 'Holiday ' || d::date AS reason, d::date::text AS date
      FROM generate_series(date '1900-01-01', least(date '1900-01-01' + :rows - 1, date '2999-12-31'),
                           interval '1 day') d)
TO :'f_leave_calendar_csv' WITH (FORMAT csv, HEADER);
COPY (SELECT 'Holiday' AS reason, CASE WHEN n % 10 = 0 THEN 'not a date' ELSE d::date::text END AS date
      FROM generate_series(date '1900-01-01', least(date '1900-01-01' + :rows - 1, date '2999-12-31'),
                           interval '1 day') WITH ORDINALITY AS g(d, n))
TO :'f_leave_calendar_bad_csv' WITH (FORMAT csv, HEADER);

-- vocabulary and marked_word: a JSON array of distinct words, and its CSV twin.
COPY (SELECT '[' || string_agg('"w' || to_hex(i * 2654435761 % 4294967296) || i || '"', E',\n') || ']'
      FROM generate_series(1, :rows) i)
TO :'f_vocabulary_json';
COPY (SELECT 'w' || to_hex(i * 2654435761 % 4294967296) || i AS word FROM generate_series(1, :rows) i)
TO :'f_vocabulary_csv' WITH (FORMAT csv, HEADER);
COPY (SELECT '[' || string_agg(CASE WHEN i % 10 = 0 THEN '"two words"' ELSE
                                 '"w' || to_hex(i * 2654435761 % 4294967296) || i || '"' END, E',\n') || ']'
      FROM generate_series(1, :rows) i)
TO :'f_vocabulary_bad_json';

-- message: JSON lines of 10 tokens, epoch-millisecond times, and the CSV twin.
COPY (SELECT json_build_object('sender', (2000000000 + i % 100000)::text,
                               'receiver', (2000000000 + (i * 7) % 100000)::text,
                               'message', 'token' || i % 997 || ' alpha beta gamma delta ' || i || ' epsilon zeta eta theta',
                               'timestamp', 1764547200000 + i * 100)::text
      FROM generate_series(1, :messages) i)
TO :'f_message_jsonl';
COPY (SELECT (2000000000 + i % 100000)::text AS sender, (2000000000 + (i * 7) % 100000)::text AS receiver,
             'token' || i % 997 || ' alpha beta gamma delta ' || i || ' epsilon zeta eta theta' AS message,
             to_timestamp((1764547200000 + i * 100) / 1000.0) AS sent_at
      FROM generate_series(1, :messages) i)
TO :'f_message_csv' WITH (FORMAT csv, HEADER);
COPY (SELECT (2000000000 + i % 100000)::text AS sender, (2000000000 + (i * 7) % 100000)::text AS receiver,
             'token' || i % 997 || ' alpha beta gamma delta ' || i || ' epsilon zeta eta theta' AS message,
             (1764547200000 + i * 100)::text AS timestamp
      FROM generate_series(1, :messages) i)
TO :'f_message_stage_csv' WITH (FORMAT csv, HEADER);
COPY (SELECT CASE WHEN i % 10 = 0 THEN '{"sender": true}' ELSE
             json_build_object('sender', (2000000000 + i % 100000)::text,
                               'receiver', (2000000000 + (i * 7) % 100000)::text,
                               'message', 'token' || i % 997 || ' alpha beta ' || i,
                               'timestamp', 1764547200000 + i * 100)::text END
      FROM generate_series(1, :messages) i)
TO :'f_message_bad_jsonl';

-- timeframe: two records per employee (the first closed by the second),
-- epoch seconds as in the sample, and a CSV twin with dates for the floor.
COPY (SELECT (2000000000 + i / 2)::text AS emp_id, (ARRAY['Dev','Ops','QA','Lead'])[1 + i % 4] AS designation,
             (1704067200 + (i % 2) * 15552000 + (i / 2) % 86400)::text AS start_date,
             CASE WHEN i % 2 = 0 THEN (1704067200 + 15552000 + (i / 2) % 86400)::text END AS end_date,
             (50000 + i % 50000)::text AS salary
      FROM generate_series(0, :rows - 1) i)
TO :'f_timeframe_csv' WITH (FORMAT csv, HEADER);
COPY (SELECT (2000000000 + i / 2)::text AS emp_id,
             to_timestamp(1704067200 + (i % 2) * 15552000 + (i / 2) % 86400)::date AS start_date,
             CASE WHEN i % 2 = 0 THEN to_timestamp(1704067200 + 15552000 + (i / 2) % 86400)::date END AS end_date,
             50000 + i % 50000 AS salary, (ARRAY['Dev','Ops','QA','Lead'])[1 + i % 4] AS designation
      FROM generate_series(0, :rows - 1) i)
TO :'f_timeframe_floor_csv' WITH (FORMAT csv, HEADER);
COPY (SELECT (2000000000 + i / 2)::text AS emp_id, 'Dev' AS designation,
             CASE WHEN i % 10 = 0 THEN 'yesterday' ELSE (1704067200 + (i % 2) * 15552000)::text END AS start_date,
             NULL AS end_date, (50000 + i % 50000)::text AS salary
      FROM generate_series(0, :rows - 1) i)
TO :'f_timeframe_bad_csv' WITH (FORMAT csv, HEADER);

-- The floor's targets: twins of the tables load() writes (same columns,
-- defaults, constraints and indexes), with the ledger columns defaulted.
DROP SCHEMA IF EXISTS bench_intake CASCADE;
CREATE SCHEMA bench_intake;
CREATE TABLE bench_intake.employee (LIKE hrlake.employee INCLUDING ALL);
CREATE TABLE bench_intake.employee_leave (LIKE hrlake.employee_leave INCLUDING ALL);
CREATE TABLE bench_intake.leave_quota (LIKE hrlake.leave_quota INCLUDING ALL);
CREATE TABLE bench_intake.leave_calendar (LIKE hrlake.leave_calendar INCLUDING ALL);
CREATE TABLE bench_intake.vocabulary (LIKE hrlake.vocabulary INCLUDING ALL);
CREATE TABLE bench_intake.message (LIKE hrlake.message INCLUDING ALL);
CREATE TABLE bench_intake.timeframe_row (LIKE hrlake.timeframe_row INCLUDING ALL);
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['employee', 'employee_leave', 'leave_quota', 'leave_calendar', 'vocabulary', 'message', 'timeframe_row'] LOOP
    IF EXISTS (SELECT FROM pg_attribute WHERE attrelid = format('bench_intake.%I', t)::regclass
               AND attname = 'batch_id' AND attnotnull) THEN
      EXECUTE format('ALTER TABLE bench_intake.%I ALTER batch_id SET DEFAULT 0', t);
    END IF;
    IF EXISTS (SELECT FROM pg_attribute WHERE attrelid = format('bench_intake.%I', t)::regclass
               AND attname = 'line_no') THEN
      EXECUTE format('ALTER TABLE bench_intake.%I ALTER line_no SET DEFAULT 0', t);
    END IF;
  END LOOP;
END
$$;
CREATE TABLE bench_intake.meta AS SELECT :rows::bigint AS rows, :messages::bigint AS messages;
