-- Constraints make the SPEC invariants impossible to break.
BEGIN;
SELECT plan(9);

INSERT INTO hrlake.employee_timeframe (emp_id, designation, start_date, end_date, salary, batch_id, line_no)
VALUES ('1', 'A', '2024-01-01', NULL, 100, 0, 1);

SELECT throws_ok($$INSERT INTO hrlake.employee_timeframe (emp_id, start_date, salary, batch_id, line_no)
                  VALUES ('1', '2024-06-01', 200, 0, 2)$$, '23505', NULL,
                 'a second ACTIVE record for an employee is refused');
SELECT throws_ok($$INSERT INTO hrlake.employee_timeframe (emp_id, start_date, end_date, salary, batch_id, line_no)
                  VALUES ('1', '2023-01-01', '2023-06-01', 1, 0, 3),
                         ('1', '2023-01-01', '2023-06-01', 2, 0, 4)$$, '23505', NULL,
                 'two records for the same (emp_id, start_date, end_date) are refused');
SELECT throws_ok($$INSERT INTO hrlake.employee_timeframe (emp_id, start_date, end_date, salary, batch_id, line_no)
                  VALUES ('1', '2023-01-01', '2022-01-01', 1, 0, 5)$$, '23514', NULL,
                 'end_date before start_date is refused');
SELECT throws_ok($$INSERT INTO hrlake.employee_timeframe (emp_id, start_date, status, batch_id, line_no)
                  VALUES ('2', '2023-01-01', 'INACTIVE', 0, 6)$$, '428C9', NULL,
                 'status cannot be set by hand: it follows end_date');
SELECT is((SELECT status FROM hrlake.employee_timeframe WHERE emp_id = '1'), 'ACTIVE',
          'an open record is ACTIVE');
UPDATE hrlake.employee_timeframe SET end_date = '2024-05-01', end_date_given = true WHERE emp_id = '1';
SELECT is((SELECT status FROM hrlake.employee_timeframe WHERE emp_id = '1'), 'INACTIVE',
          'a closed record is INACTIVE');

SELECT throws_ok($$INSERT INTO hrlake.employee (emp_id, age, name, batch_id, line_no)
                  VALUES ('9', 151, 'Old', 0, 1)$$, '23514', NULL, 'age outside 1..150 is refused');
SELECT throws_ok($$INSERT INTO hrlake.leave_quota (emp_id, year, leave_quota, batch_id, line_no)
                  VALUES ('9', 1800, 10, 0, 1)$$, '23514', NULL, 'quota year outside 1900..2999 is refused');
SELECT throws_ok($$INSERT INTO hrlake.batch (source, origin, status, rows_staged, rows_total,
                    rows_loaded, rows_duplicate, rows_rejected)
                  VALUES ('employee', 'copy', 'ingested', 5, 5, 1, 1, 1)$$, '23514', NULL,
                 'an ingested batch whose counts do not add up is refused');

SELECT * FROM finish();
ROLLBACK;
