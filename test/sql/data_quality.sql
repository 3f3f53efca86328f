-- v_data_quality (issue 15): each kind of problem, by subject and count,
-- with ids and never raw values; what is fine is not listed.
\i test/sql/include/fresh_hrlake.sql
\pset null '-'

-- Employees 1, 2 and 3 exist; 8 and 9 do not. (load() writes straight to
-- the tables: no ingest needed.)
SELECT hrlake.load('employee', t.write_text('dq_emp.csv', $$emp_id,age,name
1,30,Ann
2,40,Bob
3,50,Cy
$$)) IS NOT NULL AS loaded;

-- Timeframe: 1 is fine; 2 has no designation; 3 has no salary; 9 is unknown
-- (two records).
SELECT hrlake.load('timeframe', t.write_text('dq_tf.csv', $$emp_id,designation,start_date,end_date,salary
1,Dev,1704067200,,100
2,,1704067200,,200
3,QA,1704067200,,
9,Dev,1704067200,1706745600,300
9,Ops,1706745600,,300
$$)) IS NOT NULL AS loaded;
SELECT count(*) AS changes FROM hrlake.scd2_merge();

-- Leave in 2026 (calendar loaded) and 2027 (no calendar); quota 0 for 2
-- in 2026, no quota for 1 in 2027; 9 is unknown; a quota of unknown 8.
SELECT hrlake.load('leave_calendar', t.write_text('dq_cal.csv', $$reason,date
Christmas,2026-12-25
$$)) IS NOT NULL AS loaded;
SELECT hrlake.load('leave_quota', t.write_text('dq_quota.csv', $$emp_id,leave_quota,year
1,20,2026
2,0,2026
8,10,2026
$$)) IS NOT NULL AS loaded;
SELECT hrlake.load('leave', t.write_text('dq_leave.csv', $$emp_id,date,status
1,2026-12-1,ACTIVE
1,2027-3-1,ACTIVE
2,2026-12-2,ACTIVE
9,2026-12-3,ACTIVE
9,2026-12-4,ACTIVE
$$)) IS NOT NULL AS loaded;

-- Messages: from 1 (known) and from 9 (unknown, twice); marked words FOO
-- (in the vocabulary as "foo": case folding) and BAR (not in it).
SELECT hrlake.load('vocabulary', t.write_text('dq_vocab.json', '["foo", "baz"]')) IS NOT NULL AS loaded;
INSERT INTO hrlake.marked_word (word, batch_id) VALUES ('FOO', NULL), ('BAR', NULL);
INSERT INTO hrlake.message (sender, receiver, message)
VALUES ('1', '2', 'hello'), ('9', '1', 'secret text'), ('9', '2', 'more secret text');
-- Messages count once flag_messages has read them (the totals it keeps).
SELECT count(*) AS flagged FROM hrlake.flag_messages();

SELECT problem, source, subject, row_count, detail
FROM hrlake.v_data_quality
WHERE problem <> 'rejected rows'
ORDER BY problem, source, subject;

-- Nothing quoted from the data: no message text, no salary.
SELECT count(*) AS leaking_rows FROM hrlake.v_data_quality
WHERE detail ~ 'secret|100|200|300' OR subject ~ 'secret';

-- Fix the problems and they go away.
INSERT INTO hrlake.employee (emp_id, age, name, batch_id, line_no)
VALUES ('8', 20, 'Di', 0, 0), ('9', 20, 'Ed', 0, 0);
INSERT INTO hrlake.vocabulary (word, batch_id) VALUES ('bar', 0);
SELECT problem, source, subject, row_count
FROM hrlake.v_data_quality
WHERE problem <> 'rejected rows'
ORDER BY problem, source, subject;
