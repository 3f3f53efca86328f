-- Leave quota, calendar, applications and the three reports (SPEC §2.4-2.7),
-- with expected values worked out by hand in the comments.
\i test/sql/include/fresh_hrlake.sql
\pset null '-'

-- 2026 holidays: Christmas Fri 2026-12-25 (a working day otherwise),
-- Sat 2026-12-26 (a weekend anyway), New Year Thu 2026-01-01, and a bad
-- date. 2024: Thu 2024-02-29 (leap day) is a holiday.
SELECT hrlake.load('leave_calendar', t.write_text('cal.csv', $$reason,date
Christmas,2026-12-25
Boxing day,2026-12-26
New year,2026-1-1
Leap holiday,2024-02-29
Typo,2026-2-30
$$)) IS NOT NULL AS loaded;
SELECT * FROM hrlake.ingest('leave_calendar');

SELECT hrlake.load('leave_quota', t.write_text('quota.csv', $$emp_id,leave_quota,year
A,20,2026
B,10,2026
C,0,2026
E,25,2026
E,20,2026
F,20,2026
G,-2,2026
G,10,1800
G,ten,2026
$$)) IS NOT NULL AS loaded;
SELECT * FROM hrlake.ingest('leave_quota');
SELECT emp_id, year, leave_quota FROM hrlake.leave_quota ORDER BY emp_id;

-- Leaves, with applications, cancellations and re-applications across two
-- files (latest event wins), leaves on a weekend and on a holiday.
SELECT hrlake.load('leave', t.write_text('leave1.csv', $$emp_id,date,status
A,2026-12-1,ACTIVE
A,2026-12-2,ACTIVE
A,2026-12-3,active
A,2026-12-5,ACTIVE
A,2026-12-25,ACTIVE
B,2026-12-7,ACTIVE
B,2026-12-8,ACTIVE
D,2026-12-9,ACTIVE
D,2026-12-10,ACTIVE
D,2026-12-11,ACTIVE
X,2026-2-30,ACTIVE
X,2026-12-1,PENDING
$$)) IS NOT NULL AS loaded;
SELECT hrlake.load('leave', t.write_text('leave2.csv', $$emp_id,date,status
B,2026-12-8,CANCELLED
D,2026-12-11,cancelled
D,2026-12-11,ACTIVE
D,2026-12-14,ACTIVE
$$)) IS NOT NULL AS loaded;
SELECT * FROM hrlake.ingest('leave');
SELECT emp_id, date, status FROM hrlake.employee_leave ORDER BY emp_id, date;
SELECT line_no, raw, reason FROM hrlake.rejected_row WHERE source LIKE 'leave%' ORDER BY source, line_no;

-- 8% report on 2026-11-24: the range is 2026-11-25..2026-12-31. Working
-- days: Nov 25-27 (Wed-Fri) 3, Nov 30 (Mon) 1, December 23 weekdays minus
-- Christmas = 22: 26 in all. 8% of 26 = 2.08, so 3 or more is reported.
--   A: Dec 1, 2, 3 (working) + Dec 5 (Saturday) + Dec 25 (holiday) = 3 > 2.08: reported
--   B: Dec 7 (Dec 8 cancelled later) = 1: not reported
--   D: Dec 9, 10, 11 (cancelled then re-applied), 14 = 4: reported
SELECT * FROM hrlake.leave_8pct_report('2026-11-24') ORDER BY emp_id;
-- On a weekend run (Sat 2026-12-05) the range starts Sun Dec 6: working
-- days Dec 7-31 = 19 - 1 (Christmas) = 18; 8% = 1.44, so 2 or more:
-- A has none left (Dec 25 is a holiday): not reported. B: Dec 7 = 1: no.
-- D: Dec 9, 10, 11, 14 = 4: reported.
SELECT * FROM hrlake.leave_8pct_report('2026-12-05') ORDER BY emp_id;
-- On a holiday (2026-12-25): range Dec 26-31: Mon 28 - Thu 31 = 4 working
-- days; 8% = 0.32: one leave would do, nobody has one: nobody.
SELECT count(*) AS reported FROM hrlake.leave_8pct_report('2026-12-25');
-- On 31 December no working day is left: nobody, whatever the leaves.
SELECT count(*) AS reported FROM hrlake.leave_8pct_report('2026-12-31');
-- Exactly 8%: 25 working days and 2 leaves is not over 8%. With as_of
-- 2026-11-25 the range Nov 26-Dec 31 has 2 + 22 = 24... use a day with 25:
-- as_of Tue 2026-11-24 gives 26 (above); Mon 2026-11-23 gives 27. So make
-- the case with one more holiday: Nov 27 holiday -> as_of 11-24 gives 25.
INSERT INTO hrlake_stage.leave_calendar (reason, date) VALUES ('Extra', '2026-11-27');
SELECT * FROM hrlake.ingest('leave_calendar');
INSERT INTO hrlake_stage.leave (emp_id, date, status) VALUES
  ('H', '2026-12-16', 'ACTIVE'), ('H', '2026-12-17', 'ACTIVE');
SELECT * FROM hrlake.ingest('leave');
-- H: 2 of 25 = 8% exactly: not reported; A: 3 of 25: reported.
SELECT * FROM hrlake.leave_8pct_report('2026-11-24') ORDER BY emp_id;

-- The daily refresh replaces the table.
SELECT hrlake.refresh_leave_8pct('2026-11-24');
SELECT emp_id, upcoming_leaves, working_days, as_of FROM hrlake.v_leave_8pct ORDER BY emp_id;
SELECT hrlake.refresh_leave_8pct('2026-12-31');
SELECT count(*) AS rows_after_31_dec FROM hrlake.v_leave_8pct;

-- 80% report on 2027-01-01: period 2026-12, year 2026, leaves taken on
-- working days 2026-01-01..2026-12-31. E, F, C and G each take the 17
-- working days of Nov 2..24 (Mon Nov 2 to Tue Nov 24: 5 + 5 + 5 + 2).
--   A: Dec 1, 2, 3 = 3 of quota 20 = 15%: no.
--   E: 17 of 25 (the batch's highest quota) = 68%: no.
--   F: 17 of 20 = 85%: reported.
--   C: quota 0: never reported.   G: no quota row (all rejected): not
--   reported; listed in the data-quality view instead.
INSERT INTO hrlake_stage.leave (emp_id, date, status)
SELECT e, d::date::text, 'ACTIVE'
FROM unnest(ARRAY['E', 'F', 'C', 'G']) e,
     generate_series(DATE '2026-11-02', DATE '2026-11-24', interval '1 day') d
WHERE extract(isodow FROM d) < 6 AND d::date <> DATE '2026-11-27';
SELECT * FROM hrlake.ingest('leave');
SELECT emp_id, year, availed, quota, usage_pct FROM hrlake.leave_80pct_report('2027-01-01') ORDER BY emp_id;
SELECT report FROM hrlake.leave_80pct_report('2027-01-01') WHERE emp_id = 'F';
-- Exactly 80%: 16 of 20 is not reported (F minus one day).
INSERT INTO hrlake_stage.leave (emp_id, date, status) VALUES ('F', '2026-11-24', 'CANCELLED');
SELECT * FROM hrlake.ingest('leave');
SELECT count(*) AS reported_at_exactly_80 FROM hrlake.leave_80pct_report('2027-01-01') WHERE emp_id = 'F';
INSERT INTO hrlake_stage.leave (emp_id, date, status) VALUES ('F', '2026-11-24', 'ACTIVE');
SELECT * FROM hrlake.ingest('leave');

-- A December run (2026-12-01): period 2026-11, leaves before Dec 1 count.
SELECT emp_id, year, availed, quota FROM hrlake.leave_80pct_report('2026-12-01') ORDER BY emp_id;

-- The monthly step stores one notice per (emp_id, period), never twice.
SELECT hrlake.generate_80pct_notices('2027-01-01') AS new_notices;
SELECT hrlake.generate_80pct_notices('2027-01-01') AS new_notices_on_rerun;
SELECT hrlake.generate_80pct_notices('2027-01-20') AS same_period_later;
SELECT emp_id, period, year, availed, quota, usage_pct FROM hrlake.v_leave_80pct ORDER BY emp_id, period;

-- Export: one text file per employee and period, under the directory a
-- superuser set (test/shell/notice_export_test.sh tries the hard cases).
SELECT * FROM hrlake.export_notices('2026-12-01');
-- An empty directory of this cluster's own.
DO $$
DECLARE
  v_dir text := '/tmp/hrlake_regress_notices_' || current_setting('port');
BEGIN
  EXECUTE format('COPY (SELECT) TO PROGRAM %L', format('rm -rf %s && mkdir %s', v_dir, v_dir));
  PERFORM set_config('hrlake.notice_directory', v_dir, false);
END
$$;
SELECT * FROM hrlake.export_notices('2026-12-01');
SELECT pg_read_file(current_setting('hrlake.notice_directory') || '/2026-12/F.txt')
       = (SELECT report FROM hrlake.leave_80pct_notice WHERE emp_id = 'F') AS file_matches;
SELECT * FROM hrlake.export_notices('2026-12-31');
SET hrlake.notice_directory = 'relative/path';
RESET hrlake.notice_directory;

-- Employees with leaves but no quota for the year.
SELECT emp_id, year FROM hrlake.v_leave_without_quota ORDER BY emp_id, year;
SELECT problem, subject, detail FROM hrlake.v_data_quality WHERE problem = 'leave without quota' ORDER BY subject;

-- Leap year 2024: Thu 2024-02-29 is a holiday here, and 2024-12-31 is the
-- 366th day of the year. L takes Feb 28 (working), Feb 29 (holiday) and
-- Dec 31 off, with a quota of 1 day for 2024.
INSERT INTO hrlake_stage.leave (emp_id, date, status) VALUES
  ('L', '2024-02-28', 'ACTIVE'), ('L', '2024-02-29', 'ACTIVE'), ('L', '2024-12-31', 'ACTIVE');
SELECT * FROM hrlake.ingest('leave');
INSERT INTO hrlake_stage.leave_quota (emp_id, leave_quota, year) VALUES ('L', '1', '2024');
SELECT * FROM hrlake.ingest('leave_quota');
-- 80% on 2024-03-01: period 2024-02; availed Jan 1..Feb 29 on working days
-- = 1 (Feb 29 is a holiday): 1 of 1 = 100%: reported with availed 1.
SELECT emp_id, year, availed, quota, usage_pct FROM hrlake.leave_80pct_report('2024-03-01');
-- 8% on Fri 2024-12-27: range Dec 28..31, working days Mon 30 and Tue 31
-- = 2; L has Dec 31: 1 of 2 = 50%: reported.
SELECT * FROM hrlake.leave_8pct_report('2024-12-27');

-- Active by designation, zero rows included.
INSERT INTO hrlake_stage.timeframe (emp_id, designation, start_date, end_date, salary) VALUES
  ('A', 'Eng', '1704067200', NULL, '1'), ('B', 'Eng', '1704067200', NULL, '1'),
  ('C', 'Ops', '1704067200', '1706745600', '1');
SELECT * FROM hrlake.ingest('timeframe');
SELECT hrlake.refresh_active_by_designation('2026-11-24');
SELECT designation, no_of_active_emp FROM hrlake.v_active_by_designation ORDER BY designation;
DROP SCHEMA t CASCADE;
