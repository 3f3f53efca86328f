-- Run by the superuser after loader_rows.sql: each crafted value was
-- stored as sent (trimmed, as every value is), and none of it ran.
\ir crafted.sql
SELECT pg_temp.none('crafted employees are stored as sent',
                    ARRAY(SELECT format('%s %s %s', c.emp_id, c.age, c.name) FROM crafted_employee c
                          WHERE NOT EXISTS (SELECT FROM hrlake.employee e WHERE e.emp_id = c.emp_id
                                              AND e.age = c.age::integer AND e.name = btrim(c.name))));
SELECT pg_temp.none('crafted timeframe rows are stored as sent',
                    ARRAY(SELECT format('%s %s', c.emp_id, c.designation) FROM crafted_timeframe c
                          WHERE NOT EXISTS (SELECT FROM hrlake.employee_timeframe t WHERE t.emp_id = c.emp_id
                                              AND t.designation = c.designation AND t.salary = c.salary::numeric)));
SELECT pg_temp.none('crafted messages are stored as sent',
                    ARRAY(SELECT c.key FROM crafted_message c
                          WHERE NOT EXISTS (SELECT FROM hrlake.message m WHERE m.key = c.key AND m.sender = c.sender
                                              AND m.receiver = c.receiver AND m.message = c.message)));
SELECT pg_temp.expect('none of them ran: batches, salaries, flagged messages, messages are all there',
                      (SELECT count(*) FROM hrlake.batch)::text || ' batches, '
                      || (SELECT count(*) FILTER (WHERE salary = 0) FROM hrlake.employee_timeframe) || ' zero salaries, '
                      || (SELECT count(*) FROM hrlake.flagged_message) || ' flagged, '
                      || (SELECT count(*) FROM hrlake.message) || ' messages',
                      :'expected_counts');
