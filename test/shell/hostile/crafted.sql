-- Values crafted to be executed, if hrlake pasted values into SQL
-- anywhere: quotes that close a literal, statements after them, format()
-- and parameter placeholders, dollar quotes, backslashes.
CREATE TEMP VIEW crafted_employee (emp_id, age, name) AS VALUES
  ($$h1'); DELETE FROM hrlake.batch; --$$, '40', $$x' || (SELECT current_user) || '$$),
  ('h2', '41', $$%s %I %L $1 \' "; DROP TABLE hrlake.batch; $q$ $$);
CREATE TEMP VIEW crafted_timeframe (emp_id, designation, start_date, end_date, salary) AS VALUES
  ('h1', $$A'; UPDATE hrlake.employee_timeframe SET salary = 0; --$$, '1700000000', '', '1000');
CREATE TEMP VIEW crafted_message (key, sender, receiver, message, timestamp) AS VALUES
  ($$k'); DELETE FROM hrlake.flagged_message; --$$, 'h1', $$h2" OR 1=1 --$$, $$'); TRUNCATE hrlake.message; -- %s$$,
   '1700000000');
